#!/bin/sh
# Runs the self-checking ISA test binaries under one emulator and writes a
# "PASS isa-<name>" or "FAIL isa-<name>: <why>" line per test to RESULTS.
# Tests named in SKIP (space separated) get a SKIP line instead, for
# emulators known to lack an extension.  Never fails itself: the results
# file is the verdict.
#   run-isa.sh EMU RESULTS "SKIP..." BINARY...
emu=$1 results=$2 skip=$3
shift 3
: > "$results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for bin in "$@"; do
	name=$(basename "$bin")
	case " $skip " in
	*" $name "*)
		echo "SKIP isa-$name: not supported by $emu" >> "$results"
		continue ;;
	esac
	timeout 20 "$emu" "$bin" > "$tmp/out" 2> "$tmp/err" < /dev/null
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "PASS isa-$name" >> "$results"
		continue
	fi
	if [ $rc -eq 124 ]; then
		why="timed out"
	elif [ $rc -gt 128 ]; then
		why="killed by signal $((rc - 128))"
	else
		why="exit $rc"
	fi
	line=$(head -n 1 "$tmp/out")
	[ -n "$line" ] || line=$(head -n 1 "$tmp/err")
	echo "FAIL isa-$name: $why${line:+: $line}" >> "$results"
done
exit 0
