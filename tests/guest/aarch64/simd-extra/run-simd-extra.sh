#!/bin/sh
# The aarch64 simd-extra suite (see simd-extra.mk): the self-checking
# binaries under every emulator, then simd-extra-diff's output for each
# seed under every emulator against the reference (qemu-aarch64 -cpu max).
# Writes one PASS/FAIL line per test, emulator and seed to RESULTS; a
# FAIL names the first differing line. Never fails itself.
#   run-simd-extra.sh RESULTS REF DIFF ITERATIONS "SEEDS" "NAME=EMU..." SELFTEST...
results=$1 ref=$2 diffbin=$3 iters=$4 seeds=$5 emus=$6
shift 6
: > "$results"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
for spec in $(echo "$emus" | tr ' ' '@' | tr ',' ' '); do
	spec=$(echo "$spec" | tr '@' ' ')
	name=${spec%%=*} emu=${spec#*=}
	for bin in "$@"; do
		t=$(basename "$bin")
		# shellcheck disable=SC2086
		timeout 20 $emu "$bin" > "$w/out" 2>&1 < /dev/null
		rc=$?
		if [ $rc -eq 0 ]; then
			echo "PASS a64-simd-extra-$name-$t" >> "$results"
		else
			echo "FAIL a64-simd-extra-$name-$t: exit $rc: $(head -n 1 "$w/out")" >> "$results"
		fi
	done
	for seed in $seeds; do
		[ -e "$w/ref-$seed" ] || timeout 60 $ref "$diffbin" "$seed" "$iters" > "$w/ref-$seed" 2> /dev/null
		# shellcheck disable=SC2086
		timeout 60 $emu "$diffbin" "$seed" "$iters" > "$w/out" 2> /dev/null < /dev/null
		rc=$?
		if [ $rc -eq 0 ] && cmp -s "$w/out" "$w/ref-$seed"; then
			echo "PASS a64-simd-extra-$name-diff-$seed" >> "$results"
			continue
		fi
		n=$(cmp "$w/ref-$seed" "$w/out" 2>&1 | sed -n 's/.*line \([0-9]*\).*/\1/p')
		n=${n:-$(($(wc -l < "$w/out") + 1))}
		echo "FAIL a64-simd-extra-$name-diff-$seed: exit $rc: line $n:" \
			"$(sed -n "${n}p" "$w/out") vs $(sed -n "${n}p" "$w/ref-$seed")" >> "$results"
		echo "  reproduce: $emu $diffbin $seed $iters vs $ref" >> "$results"
	done
done
exit 0
