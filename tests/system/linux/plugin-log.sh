#!/bin/sh
# The plugins' side of system-linux-check's boot with plugins loaded
# (boot.sh's case "short", -smp 2): QEMU 7.2's insn, peek's hwprofile with
# pattern=on and peek's cache, all writing to one -d plugin log.
#   plugin-log.sh PLUGIN_LOG CONSOLE_LOG      PASS/FAIL lines on stdout
# What each report must say, from sources other than itself:
#   insn       a count for each of the two harts, the total their sum
#   cache      a row per hart (cores defaults to the harts) and a sum row;
#              its instruction accesses are insn's total (both see every
#              executed instruction), its data accesses the rows' sum
#   hwprofile  the UART's THR (0x10000000) took one write per byte on the
#              console, plus the few divisor-latch writes that share its
#              address (the firmware's and the kernel's baud settings);
#              the disk's virtio-mmio slot (0x10008000) was read and
#              written; some hart's S-mode PLIC claim register was read
log=$1 con=$2
pass() { echo "PASS linux-plugin-$1"; }
fail() { echo "FAIL linux-plugin-$1: $2"; }
if [ ! -s "$log" ]; then
	for t in insn cache hwprofile-uart hwprofile-devices; do fail $t "no plugin log $log"; done
	exit 0
fi

i0=$(sed -n 's/^cpu 0 insns: //p' "$log")
i1=$(sed -n 's/^cpu 1 insns: //p' "$log")
it=$(sed -n 's/^total insns: //p' "$log")
if [ -n "$i0" ] && [ -n "$i1" ] && [ "$i0" -gt 0 ] && [ "$i1" -gt 0 ] && [ "$it" = $((i0 + i1)) ]; then
	pass insn
else
	fail insn "cpu 0 '$i0', cpu 1 '$i1', total '$it'"
fi

# core #, data accesses, data misses, dmiss rate, insn accesses, ...
row() { awk -v r="$1" '$1 == r { print $2, $5; exit }' "$log"; }
# shellcheck disable=SC2046 # two numbers per row
set -- $(row 0) $(row 1) $(row sum)
if [ $# -ne 6 ]; then
	fail cache "no rows 0, 1 and sum"
elif [ "$5" != $(($1 + $3)) ] || [ "$6" != $(($2 + $4)) ] || [ "$6" != "$it" ]; then
	fail cache "data $1 + $3 = $5? instructions $2 + $4 = $6 = insn's $it?"
else
	pass cache
fi

bytes=$(wc -c < "$con")
thr=$(awk -F', ' '$1 == "  off:10000000" { print $5 }' "$log")
if [ -n "$thr" ] && [ "$thr" -ge "$bytes" ] && [ "$thr" -le $((bytes + 8)) ]; then
	pass hwprofile-uart
else
	fail hwprofile-uart "$thr writes to THR for $bytes bytes on the console"
fi

vr=$(awk -F', ' '$1 ~ /^  off:10008/ { r += $3; w += $5 } END { print r + 0, w + 0 }' "$log")
claims=$(awk -F', ' '$1 ~ /^  off:0c2[0-9a-f][13579bdf]004$/ { r += $3 } END { print r + 0 }' "$log")
case "$vr $claims" in
0\ * | *\ 0\ * | *\ 0) fail hwprofile-devices "virtio slot reads, writes: $vr; PLIC S claims: $claims" ;;
*) pass hwprofile-devices ;;
esac
