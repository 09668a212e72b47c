#!/bin/sh
# The Linux boot test: boots build.sh's kernel, initramfs and disk image on
# the virt board under EMULATOR (qemu-system-riscv64, the oracle, or
# peek-system-riscv64) with -smp 1, -smp 2 and -smp 1 -icount shift=0, and
# checks each boot from the outside:
#   <case>-boot   the banner of our /init came, with as many cpus as -smp
#   <case>-disk   through virtio-blk the guest read the disk's marker and
#                 the sha256 of its 1 MiB of data that the host computes,
#                 and wrote a file that the host then reads back from the
#                 image with debugfs, on a file system e2fsck finds clean
#   <case>-work   bench/src's crc, chase and nbody printed, inside the
#                 guest, what their native x86-64 builds print on the host
#   <case>-exit   the command's status was 0, the guest powered off and
#                 the emulator exited with status 0 before the timeout
# and boots once more with no command (case "shell", -smp 2): once the
# shell's prompt shows, commands are typed into the emulator's standard
# input, so through the UART's receive side and its interrupt:
#   shell-boot, shell-exit    as above
#   shell-run     the shell echoed each typed command as typed (so the
#                 guest received its bytes, none lost or doubled), and
#                 the commands ran: their output, which the typed text
#                 itself does not contain, is on the console
# Case "single" boots -smp 2 with -accel tcg,thread=single -icount shift=0
# -rtc base=2026-01-01T00:00:00 (both harts on one host thread, in turn;
# the RTC starting at a fixed time) with a short command, twice:
#   single-boot, single-exit   as above
#   single-run    the command printed the cpu count
#   single-repeat the kernel set its clock from the RTC to 2026-01-01
#                 00:00:00 UTC, and the two console logs are the same
# Case "rng" adds -object rng-random,id=rng0,filename=/dev/urandom with
# -device virtio-rng-device,rng=rng0:
#   rng-run       the kernel chose virtio_rng.0 as its hardware RNG, and
#                 two 32-byte reads of /dev/hwrng came back, different
# Case "short" (-smp 2, for booting with plugins loaded, which slow the
# guest down) runs only the disk part of the command: short-boot,
# short-disk and short-exit.
# Writes "PASS linux-<case>-<check>" / "FAIL linux-<case>-<check>: why" to
# RESULTS, and the times to the banner to stdout; the console logs stay in
# WORK. Never fails itself: the results file is the verdict.
#   boot.sh [-c CACHE] [-o RESULTS] [-w WORK] [-t SECONDS] EMULATOR [ARGS...]
# CACHE is build.sh's (build-linux), RESULTS defaults to WORK/results.txt,
# WORK to CACHE/boot, the timeout per boot to 300 s. LINUX_CASES picks
# cases (default "smp1 smp2 icount single shell rng"; also "short").
cache=build-linux results='' work='' limit=300
while getopts c:o:w:t: opt; do
	case $opt in
	c) cache=$OPTARG ;;
	o) results=$OPTARG ;;
	w) work=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) echo "usage: boot.sh [-c CACHE] [-o RESULTS] [-w WORK] [-t SECONDS] EMULATOR [ARGS...]" >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	echo "boot.sh: no emulator given" >&2
	exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
work=${work:-$cache/boot}
results=${results:-$work/results.txt}
mkdir -p "$work" "$(dirname "$results")"
: > "$results"
out=$cache/out
cases=${LINUX_CASES:-smp1 smp2 icount single shell rng}

fail_all() {
	for c in $cases; do
		checks="boot disk work exit"
		case $c in shell | rng) checks="boot run exit" ;; single) checks="boot run exit repeat" ;; short) checks="boot disk exit" ;; esac
		for k in $checks; do
			echo "FAIL linux-$c-$k: $1" >> "$results"
		done
	done
	cat "$results"
	exit 0
}
for f in Image rootfs.cpio.gz disk.img disk/data.bin x86_64/crc x86_64/chase x86_64/nbody; do
	[ -f "$out/$f" ] || fail_all "$out/$f is missing (run make system-linux)"
done
command -v "$1" > /dev/null 2>&1 || fail_all "emulator $1 not found"
command -v debugfs > /dev/null 2>&1 || fail_all "debugfs (e2fsprogs) not found"

# What the guest runs, and what the host expects of it. The workloads'
# arguments keep each under a second under qemu-system-riscv64.
work_cmds="crc 5
chase 5
nbody 20000"
marker=$(cat "$out/disk/marker.txt")
data_sum=$(sha256sum < "$out/disk/data.bin" | cut -d' ' -f1)
wrote="written by the guest 7f3a"
cmd="mount -t ext2 /dev/vda /mnt && cat /mnt/marker.txt && sha256sum /mnt/data.bin &&"
cmd="$cmd echo $wrote > /mnt/out.txt && umount /mnt"
disk_cmd=$cmd
want=$work/work.want
: > "$want"
while read -r prog args; do
	cmd="$cmd && $prog $args"
	# shellcheck disable=SC2086 # the arguments are words
	"$out/x86_64/$prog" $args >> "$want"
done <<EOF
$work_cmds
EOF

# What is typed into the shell: the output lines "console-42" and the cpu
# count appear only if the shell ran the lines (the echo of the typed
# text shows the arithmetic, not its result).
typed=$work/shell.in
# shellcheck disable=SC2016 # typed as is, expanded by the guest's shell
printf '%s\n' 'echo console-$((6 * 7))' 'echo cpus-$(grep -c ^processor /proc/cpuinfo)' exit > "$typed"

check() { # NAME COND-RESULT WHY
	if [ "$2" = ok ]; then echo "PASS $1"; else echo "FAIL $1: $3"; fi >> "$results"
}

for c in $cases; do
	smp=1 extra='' run=$cmd input=''
	case $c in
	smp1) ;;
	smp2) smp=2 ;;
	icount) extra="-icount shift=0" ;;
	single)
		smp=2 extra="-accel tcg,thread=single -icount shift=0 -rtc base=2026-01-01T00:00:00"
		# shellcheck disable=SC2016 # expanded by the guest's shell
		run='echo single-cpus-$(grep -c ^processor /proc/cpuinfo)'
		;;
	shell) smp=2 run='' input=$typed ;;
	short) smp=2 run=$disk_cmd ;;
	rng)
		extra="-object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-device,rng=rng0"
		run="cat /sys/class/misc/hw_random/rng_current && head -c 32 /dev/hwrng > /tmp/a &&"
		run="$run head -c 32 /dev/hwrng > /tmp/b && wc -c /tmp/a /tmp/b && ! cmp -s /tmp/a /tmp/b &&"
		run="$run echo rng-reads-differ"
		;;
	*) echo "FAIL linux-$c-boot: unknown case $c" >> "$results"; continue ;;
	esac
	log=$work/$c.log
	disk=$work/$c.img
	cp "$out/disk.img" "$disk"
	# shellcheck disable=SC2086 # extra is a list of arguments
	res=$(INPUT=$input sh "$here/run-guest.sh" "$out" "$disk" "$log" "$limit" "$smp" "$run" "$@" $extra)
	read -r rc banner total <<EOF
$res
EOF
	tr -d '\r' < "$log" > "$log.txt"
	echo "linux-$c: banner after ${banner} ms, exit after $total ms (status $rc)"
	if [ "$c" = single ]; then
		cp "$out/disk.img" "$disk.2"
		# shellcheck disable=SC2086 # extra is a list of arguments
		sh "$here/run-guest.sh" "$out" "$disk.2" "$log.2" "$limit" "$smp" "$run" "$@" $extra > /dev/null
		tr -d '\r' < "$log" > "$log.a"
		tr -d '\r' < "$log.2" > "$log.b"
		why=
		if ! grep -q '^PEEK-LINUX status: 0' "$log.a"; then why="the first boot did not finish"
		elif ! grep -q 'setting system clock to 2026-01-01T00:00:00 UTC (1767225600)' "$log.a"; then
			why="the kernel did not set its clock to 2026-01-01T00:00:00 UTC (1767225600) from the RTC"
		elif ! cmp -s "$log.a" "$log.b"; then why="the second boot differs: $(diff "$log.a" "$log.b" | sed -n 2p)"
		fi
		check "linux-$c-repeat" "${why:-ok}" "$why"
	fi

	up=$(grep -m1 '^PEEK-LINUX up:' "$log.txt")
	if [ -z "$up" ]; then
		r="no banner (console: $log)"
		[ "$rc" = 124 ] && r="no banner within $limit s (console: $log)"
		check "linux-$c-boot" no "$r"
	else
		case $up in
		*", $smp cpus,"*) check "linux-$c-boot" ok ;;
		*) check "linux-$c-boot" no "banner '$up' does not say $smp cpus" ;;
		esac
	fi

	if [ "$c" = shell ] || [ "$c" = rng ] || [ "$c" = single ]; then
		why=
		if [ "$c" = single ]; then
			grep -qx "single-cpus-$smp" "$log.txt" || why="the command printed no 'single-cpus-$smp'"
		elif [ "$c" = shell ]; then
			grep -q '^PEEK-LINUX shell' "$log.txt" || why="no shell started"
			# Each command line after a prompt, exactly as typed; not
			# "exit", whose echo the hangup at the shell's exit may
			# discard (run-guest.sh).
			while [ -z "$why" ] && IFS= read -r line; do
				[ "$line" = exit ] || grep -qxF "# $line" "$log.txt" ||
					why="the shell did not echo the typed '$line' as typed"
			done < "$typed"
			if [ -n "$why" ]; then :
			elif ! grep -qx 'console-42' "$log.txt"; then why="the typed 'echo console-\$((6 * 7))' printed no 'console-42'"
			elif ! grep -qx "cpus-$smp" "$log.txt"; then why="the typed command printed no 'cpus-$smp'"
			fi
		else
			if ! grep -qx 'virtio_rng.0' "$log.txt"; then why="rng_current is not virtio_rng.0"
			elif ! grep -qE '^ *32 /tmp/b$' "$log.txt"; then why="no 32 bytes read from /dev/hwrng"
			elif ! grep -qx 'rng-reads-differ' "$log.txt"; then why="two reads of /dev/hwrng were the same"
			fi
		fi
		check "linux-$c-run" "${why:-ok}" "$why"
		why=
		st=$(sed -n 's/^PEEK-LINUX status: //p' "$log.txt")
		if [ "$rc" = 124 ]; then why="timed out after $limit s"
		elif [ "$c" != shell ] && [ "$st" != 0 ]; then why="the guest's command ended with status '${st:-none}'"
		elif ! grep -q '^PEEK-LINUX poweroff' "$log.txt"; then why="no poweroff"
		elif [ "$rc" != 0 ]; then why="emulator exit status $rc"
		fi
		check "linux-$c-exit" "${why:-ok}" "$why"
		continue
	fi

	why=
	grep -qxF "$marker" "$log.txt" || why="marker line '$marker' not printed"
	[ -z "$why" ] && { grep -qxF "$data_sum  /mnt/data.bin" "$log.txt" || why="sha256 $data_sum of data.bin not printed"; }
	if [ -z "$why" ]; then
		got=$(debugfs -R "cat /out.txt" "$disk" 2> /dev/null)
		[ "$got" = "$wrote" ] || why="the host read '$got' from out.txt, not '$wrote'"
	fi
	[ -z "$why" ] && { e2fsck -fn "$disk" > "$work/$c.fsck" 2>&1 || why="e2fsck: $(tail -n1 "$work/$c.fsck")"; }
	check "linux-$c-disk" "${why:-ok}" "$why"

	if [ "$c" != short ]; then
		why=
		while IFS= read -r line; do
			grep -qxF -- "$line" "$log.txt" || { why="native line '$line' not printed by the guest"; break; }
		done < "$want"
		check "linux-$c-work" "${why:-ok}" "$why"
	fi

	why=
	st=$(sed -n 's/^PEEK-LINUX status: //p' "$log.txt")
	if [ "$rc" = 124 ]; then why="timed out after $limit s"
	elif [ "$st" != 0 ]; then why="the guest's command ended with status '${st:-none}'"
	elif ! grep -q '^PEEK-LINUX poweroff' "$log.txt"; then why="no poweroff"
	elif [ "$rc" != 0 ]; then why="emulator exit status $rc"
	fi
	check "linux-$c-exit" "${why:-ok}" "$why"
done
cat "$results"
