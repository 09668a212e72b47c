#!/bin/sh
# Translation throughput on a large program's start-up, for `make bench`:
# sqlite3 (about 1.2 MB of riscv64 code) runs a script that touches a
# little of everything once (bench/src/sqlite-startup.sql), so most of the
# run is translating code that executes once or twice. Each emulator runs
# it, static and dynamic (the dynamic one also translates ld.so and libc),
# and the table gives
#   time        best of BENCH_RUNS (default 5) wall-clock runs, no plugin
#   blocks, insns  how many blocks and guest instructions the emulator
#               translated, counted by bench/src/tbcount.c: a plugin of API
#               version 1, so the same .so counts under qemu-riscv64 and peek
#   executed    guest instructions executed (same plugin, exec=on)
#   insns/s     translated instructions per second of wall-clock time: a
#               lower bound on the translator's speed, since the time also
#               covers start-up and executing the code
# then the time ratio qemu/peek (above 1: peek starts faster). Then peek's
# persistent code cache (-tb-cache): "+cache 1st" runs with an empty cache
# each time (translating everything and writing the cache file), "+cache
# 2nd" with the cache a first run left (blocks: those it still had to
# translate, from -d tb_cache), and the ratios first run / second run and
# qemu / second run. The table is also written to B/bench/translation.txt.
#   translate-bench.sh B PEEK QEMU TBCOUNT_SO REAL_CACHE
b=$1 peek=$2 qemu=$3 tbcount=$4 real=$5 guest=${6:-riscv64}
runs=${BENCH_RUNS:-5}
sysroot=/usr/$guest-linux-gnu
sql=bench/src/sqlite-startup.sql
mkdir -p "$b/bench"
work=$(mktemp -d "$b/bench/translate.XXXXXX")
out=$b/bench/translation.txt

now() { date +%s%N; }

# best_time CMD...: the best wall-clock time of RUNS runs, in seconds, or
# "fail" when a run fails or its output differs from the native one.
# With fresh=DIR set, DIR is emptied before each run.
best_time() {
	best=""
	i=0
	while [ $i -lt "$runs" ]; do
		if [ -n "$fresh" ]; then rm -rf "$fresh"; mkdir -m 700 "$fresh"; fi
		t0=$(now)
		"$@" -batch -init /dev/null :memory: < "$sql" > "$work/out" 2> "$work/err" || { echo fail; return; }
		t1=$(now)
		cmp -s "$work/out" "$work/native.out" || { echo fail; return; }
		ns=$((t1 - t0))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
		i=$((i + 1))
	done
	awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# counts EMU... PROG: "blocks insns executed" from the tbcount plugin.
counts() {
	log=$work/tbcount.log
	rm -f "$log"
	"$@" -batch -init /dev/null :memory: < "$sql" > /dev/null 2> "$work/err"
	sed -n 's/^translated: \([0-9]*\) blocks, \([0-9]*\) insns, executed: \([0-9]*\) insns$/\1 \2 \3/p' "$log" 2>/dev/null
}

"$real/x86_64/sqlite3" -batch -init /dev/null :memory: < "$sql" > "$work/native.out"

{
	echo "translation: sqlite3 start-up on $sql, best of $runs wall-clock runs"
	printf '%-16s %-22s %8s %8s %8s %10s %12s\n' program emulator time blocks insns executed "insns/s"
	for link in static dynamic; do
		prog=$real/$guest/sqlite3-$link
		for emu in qemu peek peek-interp; do
			case $emu in
			qemu) set -- "$qemu" -L "$sysroot" ;;
			peek) set -- "$peek" -L "$sysroot" ;;
			peek-interp) set -- "$peek" -L "$sysroot" -accel interp ;;
			esac
			t=$(best_time "$@" "$prog")
			c=$(counts "$@" -d plugin -D "$work/tbcount.log" -plugin "$tbcount,exec=on" "$prog")
			eval "t_$(echo "$emu" | tr - _)=\$t"
			echo "$link $emu $t $c" | awk '{
				rate = ($3 + 0 > 0 && $5 != "") ? sprintf("%.0fk", $5 / $3 / 1000) : "-"
				printf "%-16s %-22s %8s %8s %8s %10s %12s\n", "sqlite3-" $1, $2, ($3 + 0 > 0 ? $3 "s" : $3), \
					($4 == "" ? "-" : $4), ($5 == "" ? "-" : $5), ($6 == "" ? "-" : $6), rate }'
		done
		# shellcheck disable=SC2154
		echo "$t_qemu $t_peek $t_peek_interp" | awk -v l="$link" '$1 + 0 > 0 && $2 + 0 > 0 {
			printf "%-16s qemu/peek time %.3f, qemu/peek-interp time %s\n", "sqlite3-" l, $1 / $2,
				($3 + 0 > 0 ? sprintf("%.3f", $1 / $3) : "-") }'
		for accel in jit interp; do
			dir=$work/cache-$accel
			set -- "$peek" -L "$sysroot" -accel $accel -tb-cache "$dir"
			first=$(fresh=$dir best_time "$@" "$prog")
			rm -rf "$dir"; mkdir -m 700 "$dir"
			"$@" "$prog" -batch -init /dev/null :memory: < "$sql" > /dev/null 2>&1
			second=$(best_time "$@" "$prog")
			left=$("$@" -d tb_cache "$prog" -batch -init /dev/null :memory: < "$sql" 2>&1 >/dev/null |
				sed -n 's/^tb-cache: .*translated \([0-9]*\).*/\1/p')
			name=peek; [ $accel = interp ] && name=peek-interp
			printf '%-16s %-22s %8s %8s %8s %10s %12s\n' "sqlite3-$link" "$name +cache 1st" "${first}s" - - - -
			printf '%-16s %-22s %8s %8s %8s %10s %12s\n' "sqlite3-$link" "$name +cache 2nd" "${second}s" \
				"${left:--}" - - -
			echo "$first $second $t_qemu" | awk -v l="$link" -v n="$name" '$1 + 0 > 0 && $2 + 0 > 0 {
				printf "%-16s %s first/second run %.2f, qemu/second run %.2f\n", "sqlite3-" l, n, $1 / $2, $3 / $2 }'
		done
	done
} > "$work/table"
# Like run-bench.sh: own directory per run, the table copied out at the end.
cp "$work/table" "$out"
rm -rf "$work"
echo
cat "$out"
