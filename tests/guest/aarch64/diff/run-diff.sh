#!/bin/sh
# Differential test of aarch64 emulators on a64gen's random sequences.
#   run-diff.sh REF START_SEED COUNT NAME=EMU...
# Generates COUNT sequences (seeds START_SEED ..), BATCH of them per binary,
# runs each binary under the reference emulator REF and under every EMU
# (a command, possibly with options: "build/peek -accel interp"), and
# compares the dumps. Writes "PASS a64-diff-<name>-<first>-<last>" per
# clean batch and emulator, and "FAIL a64-diff-<name>-seed-<seed>: ..."
# naming the first differing line, with the command that reproduces it, to
# $RESULTS. Never fails itself: the results file is the verdict.
# Environment: RESULTS [build/results/a64-diff.txt], BATCH [100],
# LEN [200] steps per sequence, A64GEN, HARNESS (the linked harness
# objects), A64CC [aarch64-linux-gnu-gcc], TIMEOUT [60] seconds per run.
[ $# -ge 4 ] || { echo "usage: $0 REF START_SEED COUNT NAME=EMU..." >&2; exit 2; }
ref=$1 start=$2 count=$3
shift 3
: "${RESULTS:=build/results/a64-diff.txt}" "${BATCH:=100}" "${LEN:=200}"
: "${A64GEN:=build/tests/guest/aarch64/diff/a64gen}"
: "${HARNESS:=build/tests/guest/aarch64/diff/harness.o}"
: "${A64CC:=aarch64-linux-gnu-gcc}" "${TIMEOUT:=60}"
for f in "$A64GEN" "$HARNESS"; do
	[ -e "$f" ] || { echo "$0: $f missing: run 'make a64-diff-build' first" >&2; exit 2; }
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
	if ! "$A64GEN" -n "$LEN" "$s" "$n" > "$w/b.S" ||
	   ! "$A64CC" -static -nostdlib "$w/b.S" "$HARNESS" -o "$w/b" 2> "$w/as.err"; then
		fail "a64-diff-$s-$last: generating or assembling failed: $(head -n 1 "$w/as.err")"
		s=$((s + n))
		continue
	fi
	# shellcheck disable=SC2086
	timeout "$TIMEOUT" $ref "$w/b" > "$w/ref" 2> /dev/null < /dev/null
	rcref=$?
	for spec in "$@"; do
		name=${spec%%=*} emu=${spec#*=}
		# shellcheck disable=SC2086
		timeout "$TIMEOUT" $emu "$w/b" > "$w/out" 2> /dev/null < /dev/null
		rc=$?
		if [ $rc -eq 0 ] && [ $rcref -eq 0 ] && [ "$(grep -c ' end$' "$w/out")" -eq "$n" ] &&
		   cmp -s "$w/out" "$w/ref"; then
			echo "PASS a64-diff-$name-$s-$last" >> "$RESULTS"
			continue
		fi
		bad=0
		seed=$s
		while [ $seed -le $last ]; do
			grep "^s=$seed " "$w/out" > "$w/x"
			grep "^s=$seed " "$w/ref" > "$w/y"
			d=$(first_diff "$w/x" "$w/y")
			if [ -z "$d" ] && ! grep -q ' end$' "$w/x"; then
				d=$(($(wc -l < "$w/x") + 1))
			fi
			if [ -n "$d" ]; then
				lx=$(sed -n "${d}p" "$w/x")
				ly=$(sed -n "${d}p" "$w/y")
				fail "a64-diff-$name-seed-$seed: line $d: ${lx:-<no output, exit $rc>} vs ${ly:-<no output, exit $rcref>}"
				echo "  reproduce: LEN=$LEN $0 '$ref' $seed 1 '$spec'"
				bad=1
				# a run that stopped here never reached the later seeds
				grep -q ' end$' "$w/x" || seed=$last
			fi
			seed=$((seed + 1))
		done
		[ $bad -eq 1 ] || fail "a64-diff-$name-$s-$last: exit $rc under $emu, $rcref under $ref"
	done
	s=$((s + n))
done
exit 0
