#!/bin/sh
# Runs each real program's workload (tests/real/workloads/<prog>.sh) under an
# emulator, for the static and the dynamic build of a guest, and compares the
# output with the same workload run by the native x86-64 build of the same
# source. Writes "PASS real-<prog>-<link>" or "FAIL real-<prog>-<link>: why"
# per case to RESULTS; the outputs of a failing case stay in WORK. Never
# fails itself: the results file is the verdict.
#   run-real.sh EMU CACHE RESULTS WORK [GUEST]
# EMU is a command prefix (e.g. "build/peek" or "/usr/bin/qemu-riscv64");
# dynamic builds get "-L /usr/GUEST-linux-gnu" for their loader and libc.
# GUEST is riscv64 (the default) or aarch64; aarch64 cases are named
# real-a64-<prog>-<link>.
emu=$1 cache=$2 results=$3 work=$4 guest=${5:-riscv64}
here=$(cd "$(dirname "$0")" && pwd)
sysroot=/usr/$guest-linux-gnu
tag=real
[ "$guest" = riscv64 ] || tag=real-a64
# Per guest run, generous: the interpreter backend under ASan is slow.
limit=${REAL_TIMEOUT:-600}
mkdir -p "$work" "$(dirname "$results")"
: > "$results"
# Workloads change directory: make the paths they get absolute.
[ -d "$cache" ] && cache=$(cd "$cache" && pwd)
work=$(cd "$work" && pwd)

emu_cmd=${emu%% *}
emu_ok=1
command -v "$emu_cmd" > /dev/null 2>&1 || emu_ok=0
case $emu_cmd in
*/*) [ $emu_ok -eq 1 ] && emu="$(cd "$(dirname "$emu_cmd")" && pwd)/$(basename "$emu_cmd")${emu#"$emu_cmd"}" ;;
esac

# First line where two outputs differ, as "line N: got 'X', want 'Y'".
first_diff() {
	awk -v want="$1" 'BEGIN { while ((getline l < want) > 0) w[++nw] = l }
		{ n++; if (n > nw || $0 != w[n]) { printf "line %d: got '\''%.60s'\'', want '\''%.60s'\''", n, $0, (n > nw ? "<end>" : w[n]); bad = 1; exit } }
		END { if (!bad && n < nw) printf "line %d: got <end>, want '\''%.60s'\''", n + 1, w[n + 1] }' "$2"
}

for prog in lua sqlite3 bzip2; do
	native=$cache/x86_64/$prog
	want=$work/$prog.native
	built=1
	[ -x "$native" ] || built=0
	[ $built -eq 1 ] && sh "$here/workloads/$prog.sh" "" "$native" "$work/$prog-native.d" > "$want" 2>&1
	for link in static dynamic; do
		name=$tag-$prog-$link
		bin=$cache/$guest/$prog-$link
		if [ $built -eq 0 ] || [ ! -x "$bin" ]; then
			echo "FAIL $name: not built (see $cache/log/build-$guest-$prog.log)" >> "$results"
			continue
		fi
		if [ $emu_ok -eq 0 ]; then
			echo "FAIL $name: emulator $emu_cmd not found" >> "$results"
			continue
		fi
		run="timeout $limit $emu"
		[ "$link" = dynamic ] && run="$run -L $sysroot"
		got=$work/$prog-$link.out
		sh "$here/workloads/$prog.sh" "$run" "$bin" "$work/$prog-$link.d" > "$got" 2>&1
		if cmp -s "$want" "$got"; then
			echo "PASS $name" >> "$results"
			rm -f "$got"
		else
			echo "FAIL $name: output differs from native, $(first_diff "$want" "$got") ($got)" >> "$results"
		fi
	done
done
exit 0
