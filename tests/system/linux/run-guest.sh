#!/bin/sh
# Boots the Linux of build.sh once under a qemu-system-riscv64-compatible
# emulator and times it; shared by boot.sh (the test) and
# bench/system-bench.sh (the benchmark).
#   run-guest.sh OUT DISK LOG TIMEOUT SMP CMD EMULATOR [ARGS...]
# OUT is build.sh's output directory (Image, rootfs.cpio.gz), DISK the raw
# image to attach as virtio-blk (the caller's copy: the guest may write
# it), LOG receives the console, CMD is run by the guest's /init
# (peek.run="CMD"; it must not contain a double quote). ARGS are added to
# the emulator's command line (e.g. -icount shift=0).
# Prints one line: "RC BANNER_MS TOTAL_MS", where RC is the emulator's exit
# status (124 after TIMEOUT seconds, as timeout(1) reports it), BANNER_MS
# the host wall-clock time from start to the guest's "PEEK-LINUX up:" line
# ("-" if it never came) and TOTAL_MS the time to the emulator's exit.
set -u
out=$1 disk=$2 log=$3 limit=$4 smp=$5 cmd=$6
shift 6

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Created here, not by the background job, which may start after the
# first poll.
: > "$log"
t0=$(now_ms)
timeout -k 5 "$limit" "$@" -M virt -m 256M -smp "$smp" -nographic \
	-kernel "$out/Image" -initrd "$out/rootfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 peek.run=\"$cmd\"" \
	-drive "file=$disk,format=raw,if=none,id=d0" -device virtio-blk-device,drive=d0 \
	-no-reboot < /dev/null > "$log" 2>&1 &
pid=$!
# The banner's time: the console log is polled every 20 ms while the
# emulator runs, which is finer than anything compared with it.
banner=-
while kill -0 $pid 2> /dev/null; do
	if [ "$banner" = - ] && grep -q '^PEEK-LINUX up:' "$log"; then
		banner=$(( $(now_ms) - t0 ))
	fi
	sleep 0.02
done
wait $pid
rc=$?
total=$(( $(now_ms) - t0 ))
# A banner printed in the last 20 ms before the emulator ended.
[ "$banner" = - ] && grep -q '^PEEK-LINUX up:' "$log" && banner=$total
echo "$rc $banner $total"
