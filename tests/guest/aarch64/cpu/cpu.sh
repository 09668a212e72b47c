#!/bin/sh
# -cpu on aarch64: each model's AT_HWCAP/AT_HWCAP2 (bits of Linux's arm64
# uapi hwcap.h, worked out from the features each core has), MIDR_EL1,
# and that a feature turned off makes its instructions raise SIGILL; bad
# models and properties get one line and exit status 1.
#   cpu.sh PEEK HWCAP_PROG RESULTS
peek=$1 prog=$2 results=$3
: > "$results"
check() {
	name=$1 want=$2
	shift 2
	got=$("$peek" "$@" "$prog" 2>&1)
	if [ "$got" = "$want" ]; then
		echo "PASS a64-cpu-$name" >> "$results"
	else
		echo "FAIL a64-cpu-$name: got '$got', want '$want'" >> "$results"
	fi
}
# fp 0, asimd 1, aes 3, pmull 4, sha1 5, sha2 6, crc32 7, atomics 8,
# fphp 9, asimdhp 10, cpuid 11, asimdrdm 12, jscvt 13, lrcpc 15, sha3 17,
# fcma 14, lrcpc 15, asimddp 20, sha512 21, asimdfhm 23, ilrcpc 26, sb 29;
# hwcap2: frint 8.
v80=0x8fb      # fp asimd aes pmull sha1 sha2 crc32 cpuid
check cortex-a53 "hwcap $v80 hwcap2 0 midr 0x410fd034 lse 0 crc 1 aes 1" -cpu cortex-a53
check cortex-a72 "hwcap $v80 hwcap2 0 midr 0x410fd083 lse 0 crc 1 aes 1" -cpu cortex-a72
# neoverse-n1: + atomics 0x100, fphp+asimdhp 0x600, asimdrdm 0x1000,
# lrcpc 0x8000, asimddp 0x100000: 0x8fb + 0x9700 + 0x100000
check neoverse-n1 "hwcap 0x109ffb hwcap2 0 midr 0x414fd0c1 lse 1 crc 1 aes 1" -cpu neoverse-n1
# max: n1's + jscvt 0x2000, fcma 0x4000, sha3 0x20000, sha512 0x200000,
# asimdfhm 0x800000, ilrcpc 0x4000000, sb 0x20000000:
# 0x109ffb + 0x24a26000; hwcap2 frint
check max "hwcap 0x24b2fffb hwcap2 0x100 midr 0x411fd070 lse 1 crc 1 aes 1" -cpu max
check default "hwcap 0x24b2fffb hwcap2 0x100 midr 0x411fd070 lse 1 crc 1 aes 1"
# max less atomics 0x100 and crc32 0x80
check max-no-atomics-crc32 "hwcap 0x24b2fe7b hwcap2 0x100 midr 0x411fd070 lse 0 crc 0 aes 1" \
	-cpu max,atomics=off,crc32=off
check a53-no-aes "hwcap 0x8f3 hwcap2 0 midr 0x410fd034 lse 0 crc 1 aes 0" -cpu cortex-a53,aes=off

bad() {
	name=$1 want=$2
	shift 2
	out=$("$peek" "$@" "$prog" 2>&1)
	rc=$?
	if [ $rc -eq 1 ] && [ "$out" = "$want" ]; then
		echo "PASS a64-cpu-$name" >> "$results"
	else
		echo "FAIL a64-cpu-$name: exit $rc, '$out'" >> "$results"
	fi
}
bad bad-model "peek: -cpu: unknown CPU model 'cortex-x9' (try -cpu help)" -cpu cortex-x9
bad bad-prop "peek: -cpu: unknown property 'sve' (try -cpu help)" -cpu max,sve=on
bad bad-value "peek: -cpu: property 'aes' expects on or off, got 'maybe'" -cpu max,aes=maybe
bad unimplemented "peek: -cpu: feature 'i8mm' is not implemented by peek" -cpu max,i8mm=on
if "$peek" -cpu help "$prog" 2>&1 | grep -q 'neoverse-n1'; then
	echo "PASS a64-cpu-help" >> "$results"
else
	echo "FAIL a64-cpu-help: no neoverse-n1 in -cpu help" >> "$results"
fi
exit 0
