#!/bin/sh
# Full-system speed, side by side: boots the Linux of
# tests/system/linux/build.sh under qemu-system-riscv64 (QEMU 7.2, the
# reference) and under peek-system-riscv64, and prints
#   - the time from start to the guest's banner, with -smp 1 and -smp 2
#     (host wall clock, best of RUNS);
#   - the time of bench/src's crc, chase and nbody run inside the booted
#     guest (measured by the guest's /init from /proc/uptime, best of RUNS),
#     beside the same static binaries in user mode under peek and
#     qemu-riscv64;
#   - the time to the banner (-smp 1) with the hwprofile and with the
#     cache plugin loaded: QEMU 7.2's .so under qemu-system-riscv64 and
#     the same .so under peek-system, then peek's own plugin of that name;
#   - the ratios qemu/peek (above 1: peek is faster).
#   system-bench.sh [-c CACHE] [-r RUNS] PEEK_SYSTEM [PEEK_USER]
# CACHE is build.sh's (build-linux); RUNS defaults to 3; QEMU_SYSTEM and
# QEMU_USER name the references (/usr/bin/qemu-system-riscv64,
# /usr/bin/qemu-riscv64), QEMU_PLUGINS the directory of QEMU's plugins
# (bench/qemu-plugins.sh's, build-qemu-src/plugins) and PEEK_PLUGINS
# peek's (build/plugins). A PEEK_SYSTEM that is missing or does not boot
# is reported on one line and its columns stay empty: the QEMU figures are
# still worth having. Not part of make check: it measures, it does not test.
cache=build-linux runs=3
while getopts c:r: opt; do
	case $opt in
	c) cache=$OPTARG ;;
	r) runs=$OPTARG ;;
	*) echo "usage: system-bench.sh [-c CACHE] [-r RUNS] PEEK_SYSTEM [PEEK_USER]" >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
	echo "usage: system-bench.sh [-c CACHE] [-r RUNS] PEEK_SYSTEM [PEEK_USER]" >&2
	exit 1
fi
peek_sys=$1
# shellcheck disable=SC2034 # read through eval below
peek_user=${2:-}
qemu_sys=${QEMU_SYSTEM:-/usr/bin/qemu-system-riscv64}
# shellcheck disable=SC2034 # read through eval below
qemu_user=${QEMU_USER:-/usr/bin/qemu-riscv64}
top=$(cd "$(dirname "$0")/.." && pwd)
run_guest=$top/tests/system/linux/run-guest.sh
out=$cache/out
work=$cache/bench
mkdir -p "$work"
for f in Image rootfs.cpio.gz disk.img crc chase nbody; do
	if [ ! -f "$out/$f" ]; then
		echo "system-bench: $out/$f is missing (run make system-linux)" >&2
		exit 1
	fi
done
if [ ! -x "$qemu_sys" ]; then
	echo "system-bench: $qemu_sys not found (Debian's qemu-system-misc)" >&2
	exit 1
fi
WORK="crc chase nbody"
limit=600

# best A B: the smaller of two numbers, "-" counting as none.
best() {
	if [ "$1" = - ]; then echo "$2"
	elif [ "$2" = - ] || [ "$2" -ge "$1" ]; then echo "$1"
	else echo "$2"; fi
}
ratio() { # ratio QEMU PEEK: qemu/peek with two decimals, or "-"
	if [ "$1" = - ] || [ "$2" = - ] || [ "$2" -eq 0 ]; then echo -
	else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}
secs() { # milliseconds as seconds, or "-"
	if [ "$1" = - ]; then echo -; else awk -v a="$1" 'BEGIN { printf "%.2f", a / 1000 }'; fi
}

# boot EMU NAME SMP CMD [ARGS...]: one boot (ARGS added to the emulator's
# command line); sets rc, banner and the guest's times (t_crc, t_chase,
# t_nbody) from its console, leaving it in WORK/NAME.log.
boot() {
	emu=$1 name=$2 smp=$3 cmd=$4
	shift 4
	cp "$out/disk.img" "$work/disk.img"
	res=$(sh "$run_guest" "$out" "$work/disk.img" "$work/$name.log" $limit "$smp" "$cmd" "$emu" "$@")
	read -r rc banner _ <<EOF
$res
EOF
	for w in $WORK; do
		eval "t_$w=\$(tr -d '\\r' < \"\$work/\$name.log\" | sed -n 's/^PEEK-LINUX time $w: \\([0-9]*\\) ms\$/\\1/p')"
		eval "[ -n \"\$t_$w\" ] || t_$w=-"
	done
	[ "$rc" = 0 ] || banner=-
}

# The peek-system binary: present, and able to boot at all?
peek_ok=1
if [ ! -x "$peek_sys" ]; then
	echo "system-bench: peek-system $peek_sys not found: its columns stay empty"
	peek_ok=0
else
	boot "$peek_sys" peek-probe 1 true
	if [ "$banner" = - ]; then
		echo "system-bench: peek-system $peek_sys did not boot (exit $rc; console: $work/peek-probe.log): its columns stay empty"
		peek_ok=0
	fi
fi

# Boot to the banner, with the command `true` so that the guest powers off
# right after it.
printf '%-22s %12s %12s %10s\n' "boot to banner (s)" qemu-system peek-system qemu/peek
for smp in 1 2; do
	q=- p=-
	i=0
	while [ $i -lt "$runs" ]; do
		boot "$qemu_sys" "qemu-boot-smp$smp" "$smp" true
		q=$(best "$q" "$banner")
		if [ $peek_ok -eq 1 ]; then
			boot "$peek_sys" "peek-boot-smp$smp" "$smp" true
			p=$(best "$p" "$banner")
		fi
		i=$((i + 1))
	done
	printf '%-22s %12s %12s %10s\n' "-smp $smp" "$(secs "$q")" "$(secs "$p")" "$(ratio "$q" "$p")"
done

# The workloads inside the guest (-smp 1), each run in the same boot.
cmd=
for w in $WORK; do
	cmd="$cmd${cmd:+ && }timed $w $w"
done
for w in $WORK; do eval "q_$w=- p_$w=- pu_$w=- qu_$w=-"; done
i=0
while [ $i -lt "$runs" ]; do
	boot "$qemu_sys" qemu-work 1 "$cmd"
	for w in $WORK; do eval "q_$w=\$(best \$q_$w \$t_$w)"; done
	if [ $peek_ok -eq 1 ]; then
		boot "$peek_sys" peek-work 1 "$cmd"
		for w in $WORK; do eval "p_$w=\$(best \$p_$w \$t_$w)"; done
	fi
	i=$((i + 1))
done

# The same binaries in user mode, host wall clock.
user_ms() { # EMU PROG: milliseconds, or "-"
	if [ -z "$1" ] || [ ! -x "$1" ]; then echo -; return; fi
	t0=$(date +%s%N)
	"$1" "$out/$2" > /dev/null 2>&1 || { echo -; return; }
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
i=0
while [ $i -lt "$runs" ]; do
	for w in $WORK; do
		eval "pu_$w=\$(best \$pu_$w \$(user_ms \"\$peek_user\" $w))"
		eval "qu_$w=\$(best \$qu_$w \$(user_ms \"\$qemu_user\" $w))"
	done
	i=$((i + 1))
done

echo
printf '%-22s %12s %12s %10s %12s %12s %12s\n' "workload in guest (s)" qemu-system peek-system qemu/peek \
	"peek user" "qemu-user" "sys/user"
for w in $WORK; do
	pu='' qu=''
	eval "q=\$q_$w p=\$p_$w pu=\$pu_$w qu=\$qu_$w"
	printf '%-22s %12s %12s %10s %12s %12s %12s\n' "$w" "$(secs "$q")" "$(secs "$p")" "$(ratio "$q" "$p")" \
		"$(secs "$pu")" "$(secs "$qu")" "$(ratio "$p" "$pu")"
done
echo
echo "(best of $runs; boot: host wall clock to the guest's banner; workloads: guest /proc/uptime,"
echo " -smp 1; sys/user: peek-system over peek in user mode, the issue asks for at most 1.5)"

# Plugins: boot to the banner (-smp 1) with each loaded, the same QEMU .so
# under both emulators, then peek's own plugin under peek-system. The
# plugins' reports go to WORK/NAME.plugin.
qemu_plugins=${QEMU_PLUGINS:-$top/build-qemu-src/plugins}
peek_plugins=${PEEK_PLUGINS:-$top/build/plugins}
echo
printf '%-22s %12s %12s %10s %12s %10s\n' "banner, plugin (s)" "qemu-system" "peek-system" qemu/peek \
	"peek+ours" "qemu/ours"
for pl in hwprofile cache; do
	q=- p=- o=-
	if [ ! -f "$qemu_plugins/lib$pl.so" ]; then
		echo "system-bench: $qemu_plugins/lib$pl.so not found (bench/qemu-plugins.sh)"
		continue
	fi
	i=0
	while [ $i -lt "$runs" ]; do
		boot "$qemu_sys" "qemu-$pl" 1 true -plugin "$qemu_plugins/lib$pl.so" -d plugin -D "$work/qemu-$pl.plugin"
		q=$(best "$q" "$banner")
		if [ $peek_ok -eq 1 ]; then
			boot "$peek_sys" "peek-$pl" 1 true -plugin "$qemu_plugins/lib$pl.so" -d plugin -D "$work/peek-$pl.plugin"
			p=$(best "$p" "$banner")
			if [ -f "$peek_plugins/lib$pl.so" ]; then
				boot "$peek_sys" "ours-$pl" 1 true -plugin "$peek_plugins/lib$pl.so" -d plugin -D "$work/ours-$pl.plugin"
				o=$(best "$o" "$banner")
			fi
		fi
		i=$((i + 1))
	done
	printf '%-22s %12s %12s %10s %12s %10s\n' "$pl" "$(secs "$q")" "$(secs "$p")" "$(ratio "$q" "$p")" \
		"$(secs "$o")" "$(ratio "$q" "$o")"
done
echo "(best of $runs; the issue asks for qemu/peek at least 1 with the same plugin)"
