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
# With INPUT set (a file), CMD may be empty: the guest then starts a shell
# on the console, and the lines of INPUT are typed into it through the
# emulator's standard input, and so through the UART's receive side: one
# line each time the shell shows a new prompt ("# " on the console after
# the "PEEK-LINUX shell" line; so neither the typed lines nor their output
# may contain "# "). Not all at once: the shell would then read the last
# line, "exit", while the output of the one before may still wait in the
# kernel's transmit buffer, and a session leader's exit hangs its terminal
# up, which discards that output (tests/README.md).
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
append="console=ttyS0 panic=-1"
[ -n "$cmd" ] && append="$append peek.run=\"$cmd\""
input=${INPUT:-}
stdin=/dev/null
if [ -n "$input" ]; then
	stdin=$log.stdin
	rm -f "$stdin" && mkfifo "$stdin"
fi
t0=$(now_ms)
timeout -k 5 "$limit" "$@" -M virt -m 256M -smp "$smp" -nographic \
	-kernel "$out/Image" -initrd "$out/rootfs.cpio.gz" -append "$append" \
	-drive "file=$disk,format=raw,if=none,id=d0" -device virtio-blk-device,drive=d0 \
	-no-reboot < "$stdin" > "$log" 2>&1 &
pid=$!
# The writing end stays open until the input is typed, so that the
# emulator does not see the end of its input before.
lines=0 typed=0
if [ -n "$input" ]; then
	exec 8> "$stdin"
	lines=$(wc -l < "$input")
fi
# The banner's time: the console log is polled every 20 ms while the
# emulator runs, which is finer than anything compared with it.
banner=-
while kill -0 $pid 2> /dev/null; do
	if [ "$banner" = - ] && grep -q '^PEEK-LINUX up:' "$log"; then
		banner=$(( $(now_ms) - t0 ))
	fi
	# Line N+1 once the shell has shown N+1 prompts: counted, not looked
	# for at the end of the log, which a kernel message may follow.
	if [ "$typed" -lt "$lines" ] && [ "$banner" != - ] &&
		[ "$(sed -n '/^PEEK-LINUX shell/,$p' "$log" | grep -o '# ' | wc -l)" -gt "$typed" ]; then
		typed=$((typed + 1))
		sed -n "${typed}p" "$input" >&8
		[ "$typed" = "$lines" ] && exec 8>&-
	fi
	sleep 0.02
done
wait $pid
rc=$?
[ "$typed" -lt "$lines" ] && exec 8>&-
[ "$stdin" = /dev/null ] || rm -f "$stdin"
total=$(( $(now_ms) - t0 ))
# A banner printed in the last 20 ms before the emulator ended.
[ "$banner" = - ] && grep -q '^PEEK-LINUX up:' "$log" && banner=$total
echo "$rc $banner $total"
