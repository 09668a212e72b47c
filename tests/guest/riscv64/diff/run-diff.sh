#!/bin/sh
# Differential test of two riscv64 emulators on rvgen's random sequences.
#   run-diff.sh EMU1 EMU2 START_SEED COUNT
# Generates COUNT sequences (seeds START_SEED ..), BATCH of them per binary,
# runs each binary under both emulators and compares the dumps.  Writes
# "PASS diff-<first>-<last>" per clean batch and "FAIL diff-seed-<seed>: ..."
# per sequence whose dump differs (naming the first differing line) to
# $RESULTS, and prints each failure with the command that reproduces it.
# Never fails itself: the results file is the verdict.
# Environment (defaults in brackets): RESULTS [build/results/diff.txt],
# BATCH [50], LEN [200] steps per sequence, RVGEN_FLAGS [] (e.g. -z),
# RVGEN [build/tests/guest/riscv64/diff/rvgen],
# HARNESS [build/tests/guest/riscv64/diff/harness.o], RVCC [riscv64-linux-gnu-gcc], TIMEOUT [60] seconds per run.
[ $# -eq 4 ] || { echo "usage: $0 EMU1 EMU2 START_SEED COUNT" >&2; exit 2; }
emu1=$1 emu2=$2 start=$3 count=$4
: "${RESULTS:=build/results/diff.txt}" "${BATCH:=50}" "${LEN:=200}"
: "${RVGEN:=build/tests/guest/riscv64/diff/rvgen}"
: "${HARNESS:=build/tests/guest/riscv64/diff/harness.o}"
: "${RVCC:=riscv64-linux-gnu-gcc}" "${TIMEOUT:=60}" "${RVGEN_FLAGS:=}"
for f in "$RVGEN" "$HARNESS"; do
	[ -e "$f" ] || { echo "$0: $f missing: run 'make diff-build' first" >&2; exit 2; }
done
mkdir -p "$(dirname "$RESULTS")"
: > "$RESULTS"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

fail() {
	echo "FAIL $1" >> "$RESULTS"
	echo "FAIL $1"
}

# first line number at which files $1 and $2 differ, empty if none
first_diff() {
	awk 'FILENAME == ARGV[1] { a[FNR] = $0; na = FNR; next }
	     { nb = FNR; if (!d && (!(FNR in a) || a[FNR] != $0)) d = FNR }
	     END { if (!d && na != nb) d = (na < nb ? na : nb) + 1; if (d) print d }' "$1" "$2"
}

s=$start
end=$((start + count))
while [ $s -lt $end ]; do
	n=$BATCH
	[ $((s + n)) -le $end ] || n=$((end - s))
	last=$((s + n - 1))
	name="diff-$s-$last"
	# shellcheck disable=SC2086
	if ! "$RVGEN" $RVGEN_FLAGS -n "$LEN" "$s" "$n" > "$w/b.S" ||
	   ! "$RVCC" -march=rv64gc_zba_zbb_zbs -mabi=lp64d -static -nostdlib \
		-Wl,--no-relax "$w/b.S" "$HARNESS" -o "$w/b" 2> "$w/as.err"; then
		fail "$name: generating or assembling failed: $(head -n 1 "$w/as.err")"
		s=$((s + n))
		continue
	fi
	timeout "$TIMEOUT" "$emu1" "$w/b" > "$w/o1" 2> /dev/null < /dev/null
	rc1=$?
	timeout "$TIMEOUT" "$emu2" "$w/b" > "$w/o2" 2> /dev/null < /dev/null
	rc2=$?
	ends1=$(grep -c ' end$' "$w/o1")
	if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$ends1" -eq "$n" ] &&
	   cmp -s "$w/o1" "$w/o2"; then
		echo "PASS $name" >> "$RESULTS"
		s=$((s + n))
		continue
	fi
	bad=0
	seed=$s
	while [ $seed -le $last ]; do
		grep "^s=$seed " "$w/o1" > "$w/a"
		grep "^s=$seed " "$w/o2" > "$w/b"
		d=$(first_diff "$w/a" "$w/b")
		if [ -z "$d" ] && ! grep -q ' end$' "$w/a"; then
			d=$(($(wc -l < "$w/a") + 1))
		fi
		if [ -n "$d" ]; then
			la=$(sed -n "${d}p" "$w/a")
			lb=$(sed -n "${d}p" "$w/b")
			why="line $d: ${la:-<no output, exit $rc1>} vs ${lb:-<no output, exit $rc2>}"
			stopped=0
			if ! grep -q ' end$' "$w/a" || ! grep -q ' end$' "$w/b"; then
				stopped=1
				[ $seed -eq $last ] ||
				why="$why (seeds $((seed + 1))-$last did not run)"
			fi
			fail "diff-seed-$seed: $why"
			echo "  reproduce: LEN=$LEN RVGEN_FLAGS='$RVGEN_FLAGS' $0 $emu1 $emu2 $seed 1"
			bad=1
			# a run that stopped here never reached the later seeds
			[ $stopped -eq 0 ] || seed=$last
		fi
		seed=$((seed + 1))
	done
	[ $bad -eq 1 ] || fail "$name: exit $rc1 under $emu1, $rc2 under $emu2"
	s=$((s + n))
done
exit 0
