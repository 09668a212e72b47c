#!/bin/sh
# How the emulators scale with guest threads, for `make bench`: the threads
# benchmark (bench/src/threads.c: a hash loop split across pthreads, an
# atomic counter bumped every 1024 steps, a mutex at the end) does the same
# total work with 1, 2, 4 and 8 threads, natively, under qemu and under
# peek. The tables (also written to B/bench/scaling.txt, in run-bench.sh's
# layout so that bench/report.sh turns them into Markdown and a chart):
#   time        best of BENCH_RUNS (default 3) wall-clock runs
#   speedup     the one-thread time over the N-thread time: how much of the
#               machine's cores the emulator turns into speed (at most the
#               number of cores: 2 on the machine this was written on)
#   qemu/peek   qemu's time over peek's (above 1: peek is faster)
# Each run's output is checked against the native one of the same thread
# count (it does not depend on the schedule).
#   thread-scaling.sh B PEEK QEMU [GUEST]
# Environment: BENCH_RUNS, SCALING_THREADS (default "1 2 4 8"),
# SCALING_ITERS (default 200000000).
b=$1 peek=$2 qemu=$3 guest=${4:-riscv64}
runs=${BENCH_RUNS:-3}
counts=${SCALING_THREADS:-1 2 4 8}
iters=${SCALING_ITERS:-200000000}
mkdir -p "$b/bench"
work=$(mktemp -d "$b/bench/scaling.XXXXXX")
out=$b/bench/scaling.txt

now() { date +%s%N; }

# best NAME N CMD...: the best wall-clock time in seconds (3 decimals), or
# fail / wrong.
best() {
	name=$1 n=$2
	shift 2
	t=""
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now)
		if ! "$@" "$n" "$iters" > "$work/$name.$n.out" 2> "$work/$name.$n.err"; then
			echo "scaling: $name with $n threads failed: $(head -c 200 "$work/$name.$n.err")" >&2
			echo fail
			return
		fi
		ns=$(($(now) - t0))
		if [ -z "$t" ] || [ "$ns" -lt "$t" ]; then t=$ns; fi
		i=$((i + 1))
	done
	if [ "$name" != native ] && ! cmp -s "$work/$name.$n.out" "$work/native.$n.out"; then
		echo "scaling: $name with $n threads: output differs from native" >&2
		echo wrong
		return
	fi
	awk -v ns="$t" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

: > "$work/times"
for n in $counts; do
	for e in native qemu peek; do
		case $e in
		native) set -- "$b/bench/x86/threads" ;;
		qemu) set -- $qemu "$b/bench/$guest/threads" ;;
		peek) set -- $peek "$b/bench/$guest/threads" ;;
		esac
		v=$(best "$e" "$n" "$@")
		echo "scaling: $e $n threads $v" >&2
		printf '%s\t%s\t%s\n' "$e" "$n" "$v" >> "$work/times"
	done
done

awk -F '\t' -v counts="$counts" -v iters="$iters" -v runs="$runs" '
function isnum(v) { return v ~ /^[0-9.]+$/ && v + 0 > 0 }
function header(title,   i, h) {
	print ""
	print title
	h = sprintf("%-22s", "")
	for (i = 1; i <= nc; i++) h = h sprintf(" %9s", "n=" c[i])
	print h
}
{ t[$1, $2] = $3 }
END {
	nc = split(counts, c, " ")
	printf "thread scaling: threads %s, %d iterations in all, best of %d wall-clock runs\n", counts, iters, runs
	header("time (s)")
	split("native qemu peek", e, " ")
	for (k = 1; k <= 3; k++) {
		line = sprintf("%-22s", e[k])
		for (i = 1; i <= nc; i++) {
			v = t[e[k], c[i]]
			line = line (isnum(v) ? sprintf(" %8.3fs", v) : sprintf(" %9s", v))
		}
		print line
	}
	header("speedup over one thread (above 1: the threads ran in parallel)")
	for (k = 1; k <= 3; k++) {
		line = sprintf("%-22s", e[k])
		for (i = 1; i <= nc; i++) {
			v = t[e[k], c[i]]; v1 = t[e[k], c[1]]
			line = line (isnum(v) && isnum(v1) ? sprintf(" %9.2f", v1 / v) : sprintf(" %9s", "-"))
		}
		print line
	}
	header("qemu/peek (above 1: peek is faster)")
	line = sprintf("%-22s", "time")
	for (i = 1; i <= nc; i++) {
		q = t["qemu", c[i]]; p = t["peek", c[i]]
		line = line (isnum(q) && isnum(p) ? sprintf(" %9.3f", q / p) : sprintf(" %9s", "-"))
	}
	print line
}' "$work/times" > "$out"
rm -rf "$work"
cat "$out"
