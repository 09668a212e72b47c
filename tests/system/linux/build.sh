#!/bin/sh
# Builds a riscv64 Linux for QEMU's virt board from Debian's packages, for
# booting under qemu-system-riscv64 and peek-system-riscv64:
#   build.sh [CACHE]           (default build-linux)
# - the kernel: Debian's linux-source-6.1 (a tarball under /usr/src),
#   configured by linux.config (allnoconfig plus that list), cross-built
#   with riscv64-linux-gnu-gcc into arch/riscv/boot/Image;
# - busybox: Debian's busybox source (apt-get source; the archive Debian 12
#   reaches has no riscv64 binaries), configured by busybox.config, static;
# - the workloads: bench/src/{crc,chase,nbody}.c, static for riscv64 (the
#   same programs make bench runs in user mode) and natively, whose output
#   the boot test compares;
# - an initramfs (gzip'd newc cpio, written by the kernel's own
#   usr/gen_init_cpio from a list, so no root and no device nodes on disk
#   are needed) with busybox, the workloads and our init script;
# - a 4 MiB ext2 disk image (mke2fs -d) with a marker file and 1 MiB of
#   pseudo-random data for virtio-blk.
# RVCC overrides the cross compiler (riscv64-linux-gnu-gcc), HOSTCC the
# native one (gcc), JOBS the parallelism (2).
#
# Outputs:  CACHE/out/Image  CACHE/out/rootfs.cpio.gz  CACHE/out/disk.img
#           CACHE/out/x86_64/{crc,chase,nbody}   (native, the oracle)
#           CACHE/out/disk/                      (what disk.img holds)
# Logs:     CACHE/log/<step>.log, and CACHE/log/times (seconds per step)
#
# Like tests/real/fetch-build.sh, CACHE lives outside build/ so that every
# build directory shares it, and every step leaves a stamp. A stamp holds
# the inputs it was made from (package versions, hashes of our config
# files and sources), so changing linux.config or a Debian security update
# of linux-source-6.1 redoes the steps that depend on it, and a second run
# with nothing changed costs a few checksums.
set -eu

CACHE=${1:-build-linux}
RVCC=${RVCC:-riscv64-linux-gnu-gcc}
HOSTCC=${HOSTCC:-gcc}
JOBS=${JOBS:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
CROSS=${RVCC%gcc}

mkdir -p "$CACHE/stamp" "$CACHE/log" "$CACHE/src" "$CACHE/out/x86_64"
CACHE=$(cd "$CACHE" && pwd)
OUT=$CACHE/out

# Two runs at once (make -j, two checkouts sharing the cache) would race
# on apt and on the half-built trees.
exec 9> "$CACHE/.lock"
flock 9

# The tools the build needs: the kernel source and its build tools (flex,
# bison, bc), dpkg-dev for apt-get source, mke2fs, gzip.
sh "$TOP/scripts/deps.sh" linux-source-6.1 flex bison bc xz-utils dpkg-dev e2fsprogs gzip

# shellcheck disable=SC2034 # TAG is read by debian-src.sh
TAG=linux
# shellcheck source=tests/real/debian-src.sh
. "$TOP/tests/real/debian-src.sh"

# Reproducible builds: every time stamp the builds embed (the kernel's
# version string, busybox's banner, the initramfs's and disk's mtimes) is
# this instant, and the kernel names no build user or host.
EPOCH=1700000000
export SOURCE_DATE_EPOCH=$EPOCH KBUILD_BUILD_TIMESTAMP="$(date -u -d @$EPOCH)" KBUILD_BUILD_VERSION=1 \
	KBUILD_BUILD_USER=peek KBUILD_BUILD_HOST=peek

# stamp_ok NAME KEY: true when step NAME was last done from inputs KEY.
# The initramfs and disk keys also carry a "recipe" number: their inputs
# are partly the code of this file, so a change to make_initramfs or
# make_disk must bump it.
stamp_ok() { [ -f "$CACHE/stamp/$1" ] && [ "$(cat "$CACHE/stamp/$1")" = "$2" ]; }
stamp_set() { echo "$2" > "$CACHE/stamp/$1"; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# step NAME CMD...: runs CMD with its output in CACHE/log/NAME.log, records
# its wall-clock and CPU seconds in CACHE/log/times, and on failure shows
# the end of the log.
step() {
	name=$1
	shift
	echo "linux: $name (log: $CACHE/log/$name.log)" >&2
	t0=$(date +%s.%N)
	c0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
	if ! "$@" > "$CACHE/log/$name.log" 2>&1; then
		tail -n 30 "$CACHE/log/$name.log" >&2
		echo "linux: $name failed" >&2
		return 1
	fi
	t1=$(date +%s.%N)
	c1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
	tck=$(getconf CLK_TCK)
	awk -v n="$name" -v a="$t0" -v b="$t1" -v c="$c0" -v d="$c1" -v t="$tck" \
		'BEGIN { printf "%-10s wall %7.1f s  cpu %7.1f s\n", n, b - a, (d - c) / t }' |
		tee -a "$CACHE/log/times" >&2
}

# --- the kernel --------------------------------------------------------
KVER=$(dpkg-query -W -f='${Version}' linux-source-6.1)
KSRC=$CACHE/src/linux-source-6.1
KOBJ=$CACHE/obj/linux
KMAKE="make -C $KSRC O=$KOBJ ARCH=riscv CROSS_COMPILE=$CROSS"

unpack_kernel() {
	rm -rf "$KSRC" "$KOBJ"
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$CACHE/src"
}
key=$KVER
stamp_ok kernel-src "$key" || { step unpack unpack_kernel && stamp_set kernel-src "$key"; }

# allnoconfig with our list: what the list does not name stays off. Then
# every line of the list must be in .config as written: a symbol whose
# dependencies are missing is dropped by Kconfig without a word, and the
# kernel would quietly lack the driver.
configure_kernel() {
	mkdir -p "$KOBJ"
	$KMAKE KCONFIG_ALLCONFIG="$HERE/linux.config" allnoconfig
	bad=0
	grep -E '^(CONFIG_|# CONFIG_.* is not set)' "$HERE/linux.config" > "$KOBJ/.wanted"
	while read -r line; do
		grep -qxF -- "$line" "$KOBJ/.config" || { echo "linux.config: not in .config: $line"; bad=1; }
	done < "$KOBJ/.wanted"
	return $bad
}
key="$KVER $(hash_of "$HERE/linux.config") $EPOCH"
if ! stamp_ok kernel-config "$key"; then
	rm -f "$CACHE/stamp/kernel"
	step config configure_kernel
	stamp_set kernel-config "$key"
fi
if ! stamp_ok kernel "$key"; then
	# shellcheck disable=SC2086 # KMAKE is a command and its arguments
	step kernel $KMAKE -j"$JOBS" Image
	cp "$KOBJ/arch/riscv/boot/Image" "$OUT/Image"
	stamp_set kernel "$key"
fi

# --- busybox -----------------------------------------------------------
# Busybox's Kconfig resets everything on allnoconfig, whatever
# KCONFIG_ALLCONFIG says, so our list goes in afterwards and oldconfig
# fills in the defaults of the options the list makes visible.
configure_busybox() {
	rm -rf "$BOBJ" && mkdir -p "$BOBJ"
	make -C "$BSRC" O="$BOBJ" allnoconfig
	sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p' "$HERE/busybox.config" > "$BOBJ/.names"
	grep -v -w -f "$BOBJ/.names" "$BOBJ/.config" > "$BOBJ/.config.new" || true
	grep '^CONFIG_' "$HERE/busybox.config" >> "$BOBJ/.config.new"
	mv "$BOBJ/.config.new" "$BOBJ/.config"
	yes "" | make -C "$BSRC" O="$BOBJ" oldconfig
	bad=0
	grep '^CONFIG_' "$HERE/busybox.config" > "$BOBJ/.wanted"
	while read -r line; do
		grep -qxF -- "$line" "$BOBJ/.config" || { echo "busybox.config: not in .config: $line"; bad=1; }
	done < "$BOBJ/.wanted"
	return $bad
}
build_busybox() {
	make -C "$BSRC" O="$BOBJ" CROSS_COMPILE="$CROSS" -j"$JOBS" busybox busybox.links
	"${CROSS}strip" -o "$OUT/busybox" "$BOBJ/busybox"
}
BSRC=$(fetch busybox)
BOBJ=$CACHE/obj/busybox
key="$(cat "$CACHE/stamp/fetch-busybox") $(hash_of "$HERE/busybox.config") $EPOCH"
if ! stamp_ok busybox "$key"; then
	step busybox-config configure_busybox
	step busybox build_busybox
	stamp_set busybox "$key"
fi

# --- the workloads -----------------------------------------------------
# The flags of bench/bench.mk, so that a workload's time here can be set
# beside its time in user mode.
WORK="crc chase nbody"
build_work() {
	for w in $WORK; do
		$RVCC -O2 -ffp-contract=off -Wall -Wextra -Werror -static -s \
			-o "$OUT/$w" "$TOP/bench/src/$w.c" -lm -lpthread
		$HOSTCC -O2 -ffp-contract=off -Wall -Wextra -Werror \
			-o "$OUT/x86_64/$w" "$TOP/bench/src/$w.c" -lm -lpthread
	done
}
srcs=
for w in $WORK; do srcs="$srcs $TOP/bench/src/$w.c"; done
# shellcheck disable=SC2086 # a list of paths without blanks
key="$($RVCC -dumpfullversion) $(hash_of $srcs)"
stamp_ok work "$key" || { step work build_work && stamp_set work "$key"; }

# --- the initramfs -----------------------------------------------------
# gen_init_cpio writes the archive from a list (type, path, mode, owner),
# with every mtime set to EPOCH: the same inputs give the same bytes.
# /dev/console must exist in the archive: the kernel opens it as init's
# stdin/stdout before init can mount devtmpfs.
make_initramfs() {
	gic=$CACHE/obj/gen_init_cpio
	$HOSTCC -O2 -o "$gic" "$KSRC/usr/gen_init_cpio.c"
	# Regular files keep their own mtime in the archive: stage copies
	# stamped with EPOCH.
	stage=$CACHE/obj/initramfs
	rm -rf "$stage" && mkdir -p "$stage"
	cp "$OUT/busybox" "$HERE/init" "$stage/"
	for w in $WORK; do cp "$OUT/$w" "$stage/"; done
	touch -d "@$EPOCH" "$stage"/*
	list=$CACHE/obj/initramfs.list
	{
		for d in /bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /mnt /tmp /root /etc; do
			echo "dir $d 755 0 0"
		done
		echo "nod /dev/console 600 0 0 c 5 1"
		echo "nod /dev/null 666 0 0 c 1 3"
		echo "file /bin/busybox $stage/busybox 755 0 0"
		# busybox.links names every applet with its install directory.
		grep -v '^/bin/busybox$' "$BOBJ/busybox.links" | while read -r l; do
			echo "slink $l /bin/busybox 777 0 0"
		done
		for w in $WORK; do
			echo "file /bin/$w $stage/$w 755 0 0"
		done
		echo "file /init $stage/init 755 0 0"
	} > "$list"
	"$gic" -t $EPOCH "$list" | gzip -n -9 > "$OUT/rootfs.cpio.gz"
}
bins=
for w in $WORK; do bins="$bins $OUT/$w"; done
# shellcheck disable=SC2086 # a list of paths without blanks
key="$(hash_of "$OUT/busybox" "$BOBJ/busybox.links" "$HERE/init" $bins) $KVER $EPOCH recipe 2"
stamp_ok initramfs "$key" || { step initramfs make_initramfs && stamp_set initramfs "$key"; }

# --- the disk ----------------------------------------------------------
# A marker line and 1 MiB from a fixed-seed generator (the test compares
# its sha256 inside the guest with the host's), on ext2 with a fixed UUID,
# hash seed and time, so that the image is the same on every machine.
make_disk() {
	d=$OUT/disk
	rm -rf "$d" && mkdir -p "$d"
	echo "peek-linux disk marker 7f3a" > "$d/marker.txt"
	python3 -c 'import sys
x = 12345
out = bytearray()
for i in range(1 << 20):
    x = (x * 1103515245 + 12345) % (1 << 31)
    out.append((x >> 16) & 255)
sys.stdout.buffer.write(out)' > "$d/data.bin"
	touch -d "@$EPOCH" "$d" "$d"/*
	rm -f "$OUT/disk.img"
	E2FSPROGS_FAKE_TIME=$EPOCH mke2fs -q -t ext2 -b 1024 -L peekdisk \
		-U 5eed0000-0000-4000-8000-000000000001 -E hash_seed=5eed0000-0000-4000-8000-000000000002,root_owner=0:0 \
		-d "$d" "$OUT/disk.img" 4M
	# mke2fs -d copies each file's ctime, which no one can set: set it
	# in the image.
	for f in "$d"/*; do
		echo "sif /${f##*/} ctime @$EPOCH"
	done > "$CACHE/obj/disk.debugfs"
	debugfs -w -f "$CACHE/obj/disk.debugfs" "$OUT/disk.img"
}
key="$EPOCH recipe 3"
stamp_ok disk "$key" || { step disk make_disk && stamp_set disk "$key"; }

ls -l "$OUT/Image" "$OUT/rootfs.cpio.gz" "$OUT/disk.img" >&2
