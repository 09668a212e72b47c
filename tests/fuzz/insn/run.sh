#!/bin/sh
# Random instruction words, an emulator under test against a reference.
#   run.sh NAME HARNESS FIRST_SEED LAST_SEED WORDS REF-COMMAND EMU-COMMAND
# Runs insnfuzz (HARNESS) for each seed under both commands (each may carry
# options: "qemu-aarch64 -cpu neoverse-n1") and compares the outcomes word
# by word (compare.awk). Prints "PASS NAME-SEED" or "FAIL NAME-SEED: ..."
# with the first differing words and the command that shows one of them
# register by register. A run that crashes, hangs (timeout) or stops early
# fails too.
[ $# -eq 7 ] || { echo "usage: $0 NAME HARNESS FIRST LAST WORDS REF EMU" >&2; exit 2; }
name=$1 harness=$2 first=$3 last=$4 words=$5 ref=$6 emu=$7
here=$(dirname "$0")
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
s=$first
while [ "$s" -le "$last" ]; do
	# shellcheck disable=SC2086
	timeout -s KILL 600 $ref "$harness" "$s" "$words" > "$w/ref" 2> "$w/ref.err" < /dev/null
	rcref=$?
	# shellcheck disable=SC2086
	timeout -s KILL 600 $emu "$harness" "$s" "$words" > "$w/out" 2> "$w/out.err" < /dev/null
	rc=$?
	if [ $rcref -ne 0 ]; then
		echo "FAIL $name-$s: the reference exited $rcref: $(head -c 200 "$w/ref.err")"
	elif [ $rc -ne 0 ]; then
		echo "FAIL $name-$s: exit $rc after $(wc -l < "$w/out") words: $(head -c 200 "$w/out.err")"
	else
		awk -f "$here/compare.awk" "$w/ref" "$w/out" > "$w/diff"
		if [ -s "$w/diff" ]; then
			n=$(sed -n 's/^word \([0-9]*\):.*/\1/p' "$w/diff" | head -1)
			echo "FAIL $name-$s: $(tr '\n' ' ' < "$w/diff" | head -c 1500)"
			echo "  show one: $emu $harness $s $words $((n - 1)) v   (and under: $ref)"
		else
			echo "PASS $name-$s"
		fi
	fi
	s=$((s + 1))
done
