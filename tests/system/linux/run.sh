#!/bin/sh
# linux-check: Linux 6.1 (build.sh) boots on peek-system-riscv64 under
# OpenSBI: the kernel starts init from the initramfs, init's workload
# prints what the native build of init.c prints, the guest powers off and
# peek exits 0; with one hart and two, on the SBI console and the 16550
# UART, on both backends, and with QEMU 7.2's insn plugin loaded (whose
# count must be there); and with a virtio-blk disk of random bytes, whose
# first 64 KiB init hashes as the native build hashes the image file.
# Usage: run.sh BUILD_DIR CACHE.
B=$1
CACHE=$2
PEEK=$B/peek-system-riscv64
pass() { echo "PASS linux/$1"; }
fail() { echo "FAIL linux/$1: $2"; }
want=$("$CACHE/init-native" | sed 's/pid [0-9]*/pid 1/')
boot() {
    name=$1; shift
    out=$(timeout 300 $PEEK -nographic -kernel "$CACHE/Image" -initrd "$CACHE/initrd.cpio" "$@" < /dev/null 2>&1)
    st=$?
    got=$(echo "$out" | tr -d '\r' | grep -E '^(init: |primes below|disk: )')
    if [ $st -ne 0 ]; then
        fail $name "exit status $st: $(echo "$out" | tail -2 | tr '\n' ' ')"
    elif [ "$got" != "$want" ]; then
        fail $name "init printed '$(echo "$got" | tr '\n' ' ')', native '$(echo "$want" | tr '\n' ' ')'"
    elif ! echo "$out" | grep -q 'reboot: Power down'; then
        fail $name "no power-down message"
    else
        pass $name
    fi
}
boot smp1 -append "console=hvc0"
boot smp2 -smp 2 -append "console=hvc0"
boot uart -append "console=ttyS0"
boot interp -accel interp -append "console=ttyS0"
QP=${QEMU_SRC_CACHE:-build-qemu-src}/plugins
mkdir -p $B/tests
head -c 1048576 /dev/urandom > $B/tests/linux-disk.img
nodisk=$want
want=$("$CACHE/init-native" $B/tests/linux-disk.img | sed 's/pid [0-9]*/pid 1/')
boot virtio-blk -append "console=hvc0" -drive file=$B/tests/linux-disk.img,format=raw,if=none,id=d0 \
    -device virtio-blk-device,drive=d0
want=$nodisk
boot plugin-insn -append "console=hvc0" -plugin $QP/libinsn.so -d plugin -D $B/tests/linux-insn.log
grep -q "total insns: [1-9]" $B/tests/linux-insn.log 2>/dev/null && pass plugin-insn-count ||
    fail plugin-insn-count "no instruction count in $B/tests/linux-insn.log"
