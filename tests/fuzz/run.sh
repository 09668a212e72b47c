#!/bin/sh
# Every fuzzer of tests/fuzz, and the inputs they ever found (regressions/).
#   run.sh check BUILD          a short seeded pass of each, then every
#                               regression: PASS/FAIL lines (make fuzz-check)
#   run.sh fuzz BUILD SECONDS [KIND...]
#                               each fuzzer (or the KINDs named: elf parse cli
#                               insn sys) for SECONDS: PASS/FAIL lines, a
#                               "NOTE" line with the numbers of each, and new
#                               failing inputs saved in regressions/ (make fuzz)
# BUILD is the build folder (build, build-asan): its peek, plugins and the
# programs tests/fuzz/fuzz.mk built there. qemu-riscv64 and qemu-aarch64 are
# the oracles of the instruction fuzzer.
[ $# -ge 2 ] || { echo "usage: $0 check|fuzz BUILD [SECONDS]" >&2; exit 2; }
mode=$1 b=$2 secs=${3:-60}
shift 2
[ $# -gt 0 ] && shift
kinds=${*:-elf parse cli insn sys}
src=$(dirname "$0")
reg=$src/regressions
f=$b/tests/fuzz
peek=$(realpath "$b/peek")
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
note() { echo "NOTE $1: $2"; }
now() { date +%s; }
# keep KIND FILE: a failing input found by make fuzz joins the regressions
keep() {
	mkdir -p "$reg/$1"
	cp "$2" "$reg/$1/"
	echo "  kept as $reg/$1/$(basename "$2") (commit it)"
}

# ---- the ELF loader: tests/user/loadcheck on mutated programs ----
loadcheck=$b/tests/user/loadcheck
elf_seeds="$f/riscv64/tiny $f/aarch64/tiny $b/tests/user/strace-s $b/tests/user/proc-d"

elf_check() {
	mkdir -p "$w/elf"
	for e in $elf_seeds; do
		n=$(basename "$(dirname "$e")")-$(basename "$e")
		if "$f/elffuzz" "$loadcheck" "$e" "$w/elf" 150 1 > "$w/elf.out" 2>&1; then
			pass "fuzz-elf-$n"
		else
			fail "fuzz-elf-$n" "$(head -3 "$w/elf.out" | tr '\n' ' ')"
		fi
	done
	for r in "$reg"/elf/*; do
		[ -f "$r" ] || continue
		timeout 20 "$loadcheck" "$r" > /dev/null 2>&1
		rc=$?
		if [ $rc -eq 0 ] || [ $rc -eq 1 ]; then
			pass "fuzz-elf-regression-$(basename "$r")"
		else
			fail "fuzz-elf-regression-$(basename "$r")" "loadcheck exited $rc"
		fi
	done
}

elf_fuzz() {
	end=$(($(now) + secs))
	if command -v afl-fuzz > /dev/null && [ -x "$f/afl/loadcheck" ]; then
		mkdir -p "$w/afl-in"
		cp "$f/riscv64/tiny" "$w/afl-in/tiny-riscv64"
		cp "$f/aarch64/tiny" "$w/afl-in/tiny-aarch64"
		AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
			AFL_QUIET=1 timeout $((secs + 60)) afl-fuzz -i "$w/afl-in" -o "$w/afl" -m none \
			-t 5000 -V "$secs" -- "$f/afl/loadcheck" @@ > "$w/afl.log" 2>&1
		st=$w/afl/default/fuzzer_stats
		execs=$(sed -n 's/^execs_done *: //p' "$st")
		crashes=$(sed -n 's/^saved_crashes *: //p' "$st")
		hangs=$(sed -n 's/^saved_hangs *: //p' "$st")
		note fuzz-elf "AFL++ on loadcheck: ${execs:-0} runs in $secs s, ${crashes:-0} crashes, ${hangs:-0} hangs, $(sed -n 's/^corpus_count *: //p' "$st") corpus files"
		i=0
		for c in "$w"/afl/default/crashes/id:* "$w"/afl/default/hangs/id:*; do
			[ -f "$c" ] || continue
			i=$((i + 1))
			fail fuzz-elf-afl "$(basename "$c")"
			cp "$c" "$w/afl-$(now)-$i.elf"
			keep elf "$w/afl-$(now)-$i.elf"
		done
		[ "${crashes:-0}" -eq 0 ] && [ "${hangs:-0}" -eq 0 ] && [ -n "$execs" ] && pass fuzz-elf-afl
		[ -n "$execs" ] || fail fuzz-elf-afl "afl-fuzz did not run: $(tail -3 "$w/afl.log" | tr '\n' ' ')"
		return
	fi
	seed=$(now) runs=0 bad=0
	mkdir -p "$w/elf"
	while [ "$(now)" -lt "$end" ]; do
		for e in $elf_seeds; do
			"$f/elffuzz" "$loadcheck" "$e" "$w/elf" 100 "$seed" > "$w/elf.out" 2>&1 || bad=$((bad + 1))
			runs=$((runs + 100))
		done
		seed=$((seed + 1))
	done
	for c in "$w"/elf/crash-*; do [ -f "$c" ] && keep elf "$c"; done
	note fuzz-elf "elffuzz (no afl-fuzz): $runs runs in $secs s, $bad batches failed"
	[ $bad -eq 0 ] && pass fuzz-elf || fail fuzz-elf "$bad batches with a crash or hang"
}

# ---- the parsers: -cpu, -d, -plugin, the plugins' helpers ----
parse_check() {
	if "$f/parsefuzz" "$src/parse/parse.dict" -n 20000 -s 1 > "$w/parse.out" 2>&1; then
		pass fuzz-parse
	else
		fail fuzz-parse "$(tail -2 "$w/parse.out" | tr '\n' ' ')"
	fi
	for r in "$reg"/parse/*; do
		[ -f "$r" ] || continue
		if "$f/parsefuzz" "$r" > "$w/parse.out" 2>&1; then
			pass "fuzz-parse-regression-$(basename "$r")"
		else
			fail "fuzz-parse-regression-$(basename "$r")" "$(tail -2 "$w/parse.out" | tr '\n' ' ')"
		fi
	done
}

parse_fuzz() {
	lf=build-fuzz/tests/fuzz/parsefuzz-lf
	if [ -x "$lf" ]; then
		mkdir -p "$w/corpus" "$w/lf"
		lf=$(realpath "$lf") dict=$(realpath "$src/parse/parse.dict")
		(cd "$w/lf" && "$lf" -dict="$dict" -max_total_time="$secs" "$w/corpus" > "$w/lf.log" 2>&1)
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$w/lf.log")
		note fuzz-parse "libFuzzer: ${runs:-?} runs in $secs s, $(ls "$w/lf" | wc -l) crashes"
		for c in "$w"/lf/*; do
			[ -f "$c" ] || continue
			fail fuzz-parse "$(basename "$c"): $(grep -m1 -E 'ERROR|parsefuzz:' "$w/lf.log")"
			keep parse "$c"
		done
		[ -n "$(ls "$w/lf")" ] || pass fuzz-parse
		return
	fi
	end=$(($(now) + secs)) seed=$(now) runs=0
	while [ "$(now)" -lt "$end" ]; do
		if ! "$f/parsefuzz" "$src/parse/parse.dict" -n 100000 -s "$seed" > "$w/parse.out" 2>&1; then
			fail fuzz-parse "seed $seed: $(tail -2 "$w/parse.out" | tr '\n' ' ')"
			return
		fi
		runs=$((runs + 100000)) seed=$((seed + 1))
	done
	note fuzz-parse "driver (no libFuzzer build): $runs inputs in $secs s"
	pass fuzz-parse
}

# ---- the command line, with every plugin and its arguments ----
cli() { "$f/clifuzz" "$peek" "$b/tests/cli/showenv" "$(realpath "$b/plugins")" "$f/plugin-keys" "$@"; }

cli_check() {
	if cli 1 25 > "$w/cli.out" 2>&1; then pass fuzz-cli; else fail fuzz-cli "$(grep -m2 FAIL "$w/cli.out" | tr '\n' ' ')"; fi
	for r in "$reg"/cli/*; do
		[ -f "$r" ] || continue
		if cli -r "$r" > "$w/cli.out" 2>&1; then
			pass "fuzz-cli-regression-$(basename "$r")"
		else
			fail "fuzz-cli-regression-$(basename "$r")" "$(grep -m1 FAIL "$w/cli.out")"
		fi
	done
}

cli_fuzz() {
	end=$(($(now) + secs)) seed=$(now) runs=0 bad=0
	mkdir -p "$w/cli-found"
	while [ "$(now)" -lt "$end" ]; do
		cli "$seed" 20 "$w/cli-found" > "$w/cli.out" 2>&1 || { bad=$((bad + 1)); grep FAIL "$w/cli.out"; }
		runs=$((runs + 20)) seed=$((seed + 1))
	done
	for c in "$w"/cli-found/*; do [ -f "$c" ] && keep cli "$c"; done
	note fuzz-cli "$runs runs of peek in $secs s, $bad failing"
	[ $bad -eq 0 ] && pass fuzz-cli || fail fuzz-cli "$bad failing runs"
}

# ---- the decoders: random words, both backends, against qemu ----
# name guest reference-command peek-options
insn_configs='rv riscv64 qemu-riscv64_-cpu_rv64,zbc=off -cpu_rv64,zicond=off
n1 aarch64 qemu-aarch64_-cpu_neoverse-n1 -cpu_neoverse-n1
a72 aarch64 qemu-aarch64_-cpu_cortex-a72 -cpu_cortex-a72'

# insn_run FIRST LAST WORDS [END]: every config, both backends (none
# started after the time END)
insn_run() {
	echo "$insn_configs" | while read -r name guest ref opts; do
		ref=$(echo "$ref" | tr _ ' ') opts=$(echo "$opts" | tr _ ' ')
		for acc in jit interp; do
			[ -z "$4" ] || [ "$(now)" -lt "$4" ] || break
			sh "$src/insn/run.sh" "fuzz-insn-$name-$acc" "$f/$guest/insnfuzz" "$1" "$2" "$3" \
				"$ref" "$peek $opts -accel $acc"
		done
	done
}

insn_check() {
	insn_run 1 1 1500
	# regressions: "CONFIG SEED INDEX" lines, one word each
	cat "$reg"/insn/* 2>/dev/null | grep -v '^#' | while read -r cfg seed idx; do
		[ -n "$idx" ] || continue
		line=$(echo "$insn_configs" | grep "^$cfg ")
		guest=$(echo "$line" | cut -d' ' -f2)
		ref=$(echo "$line" | cut -d' ' -f3 | tr _ ' ') opts=$(echo "$line" | cut -d' ' -f4 | tr _ ' ')
		for acc in jit interp; do
			# shellcheck disable=SC2086
			$ref "$f/$guest/insnfuzz" "$seed" $((idx + 1)) "$idx" > "$w/r" 2>&1
			# shellcheck disable=SC2086
			$peek $opts -accel $acc "$f/$guest/insnfuzz" "$seed" $((idx + 1)) "$idx" > "$w/o" 2>&1
			d=$(awk -f "$src/insn/compare.awk" "$w/r" "$w/o")
			if [ -z "$d" ] && [ -s "$w/o" ]; then
				pass "fuzz-insn-regression-$cfg-$seed-$idx-$acc"
			else
				fail "fuzz-insn-regression-$cfg-$seed-$idx-$acc" "$(echo "$d" | head -1)$(head -c 200 "$w/o")"
			fi
		done
	done
}

insn_fuzz() {
	end=$(($(now) + secs)) seed=$(now)
	: > "$w/insn.out"
	while [ "$(now)" -lt "$end" ]; do
		insn_run "$seed" "$seed" 2000 "$end" | tee -a "$w/insn.out" | grep -v '^PASS'
		seed=$((seed + 1))
	done
	runs=$(grep -c '^PASS\|^FAIL' "$w/insn.out") bad=$(grep -c '^FAIL' "$w/insn.out")
	note fuzz-insn "$((runs * 2000)) words run in $secs s (3 configurations, both backends, against qemu), $bad failing runs"
	[ "$bad" -eq 0 ] && pass fuzz-insn
}

# ---- the syscall layer from inside a guest ----
# sys_run GUEST SEED CALLS: "" if it held, else why not
sys_run() {
	rm -rf "$w/sys" && mkdir -p "$w/sys"
	plug=$(realpath "$b/plugins/libsyscall.so") prog=$(realpath "$f/$1/sysfuzz")
	(cd "$w/sys" && PEEK_FUZZ_CANARY=1 timeout -s KILL 300 "$peek" -plugin "$plug" -d plugin \
		-D ../plugin.log "$prog" "$2" "$3" > ../sys.out 2> ../sys.err < /dev/null)
	rc=$?
	last=$(tail -1 "$w/sys.out")
	made=$(echo "$last" | sed -n 's/.*: \([0-9]*\) calls.*/\1/p')
	counted=$(awk 'NR > 1 { n += $2 } END { print n + 0 }' "$w/plugin.log")
	if [ $rc -ne 0 ]; then
		echo "exit $rc: $last $(tail -2 "$w/sys.err" | tr '\n' ' ')"
	elif ! echo "$last" | grep -q 'canaries intact$'; then
		echo "no summary line: $last"
	elif [ "$(head -1 "$w/plugin.log")" != "syscall no.  calls  errors" ] || [ "$counted" -lt "$made" ]; then
		echo "the syscall plugin's report is broken ($counted calls for $made): $(head -2 "$w/plugin.log" | tr '\n' ' ')"
	fi
}

sys_check() {
	for g in riscv64 aarch64; do
		why=$(sys_run $g 1 800)
		[ -z "$why" ] && pass "fuzz-sys-$g" || fail "fuzz-sys-$g" "seed 1: $why"
	done
	# regressions: "GUEST SEED CALLS" lines
	cat "$reg"/sys/* 2>/dev/null | grep -v '^#' | while read -r g seed n; do
		[ -n "$n" ] || continue
		why=$(sys_run "$g" "$seed" "$n")
		[ -z "$why" ] && pass "fuzz-sys-regression-$g-$seed" || fail "fuzz-sys-regression-$g-$seed" "$why"
	done
}

sys_fuzz() {
	end=$(($(now) + secs)) seed=$(now) calls=0 bad=0
	while [ "$(now)" -lt "$end" ]; do
		for g in riscv64 aarch64; do
			why=$(sys_run $g "$seed" 2000)
			calls=$((calls + 2000))
			if [ -n "$why" ]; then
				bad=$((bad + 1))
				fail "fuzz-sys-$g-$seed" "$why"
				echo "$g $seed 2000" > "$w/sys-$g-$seed"
				keep sys "$w/sys-$g-$seed"
			fi
		done
		seed=$((seed + 1))
	done
	note fuzz-sys "$calls random calls in $secs s (both guests), $bad failing runs"
	[ $bad -eq 0 ] && pass fuzz-sys
}

case $mode in
check)
	elf_check
	parse_check
	cli_check
	insn_check
	sys_check
	;;
fuzz)
	for k in $kinds; do
		t0=$(now)
		"${k}_fuzz"
		echo "  ($k: $(($(now) - t0)) s)" >&2
	done
	;;
*)
	echo "$0: unknown mode $mode" >&2
	exit 2
	;;
esac
