#!/bin/sh
# The virt board's device tree against QEMU 7.2's: for each configuration,
# qemu-system-riscv64 -machine dumpdtb and virt-dtb (our virt_create())
# are decoded by dtc, and the texts must be equal once QEMU's devices that
# peek does not have are cut out of its tree (dtb-filter.awk). Also the
# one-line errors of a drive that cannot be opened and of a ninth drive.
#   dtb.sh VIRT-DTB SCRATCH-DIR      (PASS/FAIL lines on stdout)
tool=$1
dir=$2
mkdir -p "$dir"
here=$(dirname "$0")
if ! command -v qemu-system-riscv64 > /dev/null || ! command -v dtc > /dev/null; then
    echo "FAIL dtb: qemu-system-riscv64 and dtc are needed (scripts/deps.sh installs them)"
    exit 0
fi
head -c 4096 /dev/zero > "$dir/kernel.bin"
head -c 5000 /dev/zero > "$dir/initrd.bin"
ISA=rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc
MMU=riscv,sv48

# case NAME MB HARTS [BOOTARGS [initrd]]
case1() {
    name=$1 mb=$2 harts=$3 append=$4 initrd=$5
    set -- -M virt -m "$mb" -smp "$harts" -machine dumpdtb="$dir/$name.qemu.dtb"
    [ -n "$append$initrd" ] && set -- "$@" -kernel "$dir/kernel.bin"
    [ -n "$append" ] && set -- "$@" -append "$append"
    [ -n "$initrd" ] && set -- "$@" -initrd "$dir/initrd.bin"
    if ! qemu-system-riscv64 "$@" > "$dir/$name.qemu.log" 2>&1; then
        echo "FAIL dtb-$name: qemu-system-riscv64 -machine dumpdtb failed"
        return
    fi
    start= end=
    if [ -n "$initrd" ]; then
        start=0x$(fdtget -t x "$dir/$name.qemu.dtb" /chosen linux,initrd-start)
        end=0x$(fdtget -t x "$dir/$name.qemu.dtb" /chosen linux,initrd-end)
    fi
    if ! out=$("$tool" "$dir/$name.peek.dtb" "$mb" "$harts" "$ISA" "$MMU" ${append:+"$append"} \
            ${start:+"$start"} ${end:+"$end"}); then
        echo "FAIL dtb-$name: virt_create: $out"
        return
    fi
    dtc -q -I dtb -O dts "$dir/$name.qemu.dtb" | awk -f "$here/dtb-filter.awk" > "$dir/$name.qemu.dts"
    dtc -q -I dtb -O dts "$dir/$name.peek.dtb" > "$dir/$name.peek.dts"
    if diff -u "$dir/$name.qemu.dts" "$dir/$name.peek.dts" > "$dir/$name.diff"; then
        echo "PASS dtb-$name"
    else
        echo "FAIL dtb-$name: differs from QEMU's (see $dir/$name.diff)"
    fi
}
case1 m256-smp2 256 2
case1 m128-smp1-append 128 1 "console=ttyS0 earlycon=sbi root=/dev/vda ro"
case1 m1024-smp4-initrd 1024 4 "rdinit=/sbin/init" initrd

out=$("$tool" -bad-drive)
case "$out" in
"drive hd0: cannot open '/nonexistent/disk.img': No such file or directory") echo "PASS dtb-bad-drive" ;;
*) echo "FAIL dtb-bad-drive: virt_create said '$out'" ;;
esac
out=$("$tool" -too-many-drives)
case "$out" in
*"9 virtio devices"*"8 virtio-mmio slots"*) echo "PASS dtb-too-many-drives" ;;
*) echo "FAIL dtb-too-many-drives: virt_create said '$out'" ;;
esac
