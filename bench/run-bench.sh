#!/bin/sh
# Runs every benchmark of bench/benchmarks.txt natively and under every
# configuration of bench/configs.txt in the same run, keeps the best of
# BENCH_RUNS wall-clock times of each, checks each emulated run's output
# against the native run's, and prints a table of times and of ratios to
# peek (config/peek and native/peek: above 1 means peek is faster) with
# their geometric means. The table is also written to B/bench/results.txt.
#   run-bench.sh B PEEK QEMU
# Environment: BENCH_RUNS (default 3), BENCH_ONLY (names to run, space
# separated), BENCH_CONFIGS and BENCH_LIST (other configuration and
# benchmark files), BENCH_TIMEOUT (seconds per run, default 600).
# Run from the top of the tree: benchmark arguments are relative to it.
b=$1 peek=$2 qemu=$3
runs=${BENCH_RUNS:-3}
limit=${BENCH_TIMEOUT:-600}
configs_file=${BENCH_CONFIGS:-bench/configs.txt}
list_file=${BENCH_LIST:-bench/benchmarks.txt}
work=$b/bench/work
data=$b/bench/data.txt
mkdir -p "$work"
: > "$work/times"

# The configurations, as "name<TAB>prefix" with placeholders filled in.
sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
	-e "s|@PEEK@|$peek|g" -e "s|@QEMU@|$qemu|g" -e "s|@B@|$b|g" \
	-e 's/^\([^[:space:]]*\)[[:space:]]*/\1\t/' "$configs_file" > "$work/configs"
config_names=$(cut -f1 "$work/configs" | tr '\n' ' ')

# Input of the compressor benchmarks, made once.
if [ ! -f "$data.bz2" ]; then
	awk -v kb=4096 -v seed=11 -f tests/real/workloads/gen-data.awk > "$data"
	"$b/bench/x86/bzip2" -9 -c "$data" > "$data.bz2"
fi

now() { date +%s%N; }

# measure NAME CONFIG STDIN CMD...: best time in seconds, or fail/wrong.
measure() {
	name=$1 config=$2 input=$3
	shift 3
	out=$work/$name.$config.out
	best=""
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now)
		timeout "$limit" "$@" < "$input" > "$out" 2> "$work/$name.$config.err"
		rc=$?
		t1=$(now)
		if [ $rc -ne 0 ]; then
			[ $rc -eq 124 ] && best="timeout" || best="fail"
			echo "bench: $name under $config: exit $rc: $(head -c 200 "$work/$name.$config.err")" >&2
			break
		fi
		ns=$((t1 - t0))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
		i=$((i + 1))
	done
	case $best in
	fail|timeout) ;;
	*)
		if [ "$config" != native ] && ! cmp -s "$out" "$work/$name.native.out"; then
			echo "bench: $name under $config: output differs from native ($out)" >&2
			best=wrong
		else
			best=$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')
		fi ;;
	esac
	echo "bench: $name $config $best" >&2
	printf '%s\t%s\t%s\n' "$name" "$config" "$best" >> "$work/times"
}

sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$list_file" |
while IFS='	' read -r name cmdline; do
	if [ -n "${BENCH_ONLY:-}" ]; then
		case " $BENCH_ONLY " in *" $name "*) ;; *) continue ;; esac
	fi
	input=/dev/null
	case $cmdline in
	*"<"*) input=${cmdline##*< }; cmdline=${cmdline%%<*} ;;
	esac
	cmdline=$(echo "$cmdline" | sed "s|@DATA@|$data|g")
	# shellcheck disable=SC2086
	set -- $cmdline
	prog=$1
	shift
	measure "$name" native "$input" "$b/bench/x86/$prog" "$@"
	while IFS='	' read -r config prefix; do
		# shellcheck disable=SC2086
		measure "$name" "$config" "$input" $prefix "$b/bench/rv/$prog" "$@"
	done < "$work/configs"
done

awk -F '\t' -v configs="native $config_names" '
function isnum(v) { return v ~ /^[0-9.]+$/ && v + 0 > 0 }
{ t[$1, $2] = $3; if (!($1 in seen)) { seen[$1] = 1; names[++nn] = $1 } }
END {
	nc = split(configs, cfg, " ")
	hdr = sprintf("%-10s", "benchmark")
	for (c = 1; c <= nc; c++) hdr = hdr sprintf(" %10s", cfg[c])
	# ratios: the configurations other than peek, then native
	nr = 0
	for (c = 2; c <= nc + 1; c++) {
		k = c <= nc ? cfg[c] : cfg[1]
		if (k != "peek") { ratio[++nr] = k; hdr = hdr sprintf(" %12s", k "/peek") }
	}
	print hdr
	for (i = 1; i <= nn; i++) {
		n = names[i]
		line = sprintf("%-10s", n)
		for (c = 1; c <= nc; c++) {
			v = t[n, cfg[c]]
			line = line sprintf(" %10s", isnum(v) ? sprintf("%.3fs", v) : (v == "" ? "-" : v))
		}
		p = t[n, "peek"]
		for (r = 1; r <= nr; r++) {
			v = t[n, ratio[r]]
			if (isnum(v) && isnum(p)) {
				q = v / p
				line = line sprintf(" %12.3f", q)
				lsum[r] += log(q); cnt[r]++
			} else
				line = line sprintf(" %12s", "-")
		}
		print line
	}
	line = sprintf("%-10s", "geomean")
	for (c = 1; c <= nc; c++) line = line sprintf(" %10s", "")
	for (r = 1; r <= nr; r++)
		line = line (cnt[r] ? sprintf(" %12.3f", exp(lsum[r] / cnt[r])) : sprintf(" %12s", "-"))
	print line
}' "$work/times" > "$b/bench/results.txt"
echo "best of $runs wall-clock runs; ratios above 1 mean peek is faster"
cat "$b/bench/results.txt"
