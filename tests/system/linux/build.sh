#!/bin/sh
# Builds (once; kept in CACHE) a small Linux 6.1 kernel for the virt board
# from Debian's linux-source-6.1 package with riscv64-linux-gnu-gcc:
# tinyconfig plus kernel.config's options. Then the initramfs: init.c,
# static, with a console node, by the kernel's own gen_init_cpio.
# Usage: build.sh CACHE. The first build takes about 3 minutes of CPU
# (20 minutes of wall time on a busy 2-core machine); later runs nothing.
set -e
CACHE=$1
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
STAMP=$(cat "$HERE/kernel.config" | cksum | cut -d' ' -f1)
if [ ! -f "$CACHE/Image" ] || [ "$(cat "$CACHE/stamp" 2>/dev/null)" != "$STAMP" ]; then
    if [ ! -f /usr/src/linux-source-6.1.tar.xz ]; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends linux-source-6.1 flex bison bc
    fi
    rm -rf "$CACHE/src" "$CACHE/obj"
    mkdir -p "$CACHE/src" "$CACHE/obj"
    tar xJf /usr/src/linux-source-6.1.tar.xz -C "$CACHE/src"
    SRC="$CACHE/src/linux-source-6.1"
    K="make -s -C $SRC ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- O=$CACHE/obj"
    $K tinyconfig
    opts=$(grep -v '^#' "$HERE/kernel.config" | tr -s ' \n' ' ')
    for o in $opts; do "$SRC/scripts/config" --file "$CACHE/obj/.config" -e "$o"; done
    "$SRC/scripts/config" --file "$CACHE/obj/.config" -d MODULES
    $K olddefconfig
    $K -j2 Image
    cp "$CACHE/obj/arch/riscv/boot/Image" "$CACHE/Image"
    echo "$STAMP" > "$CACHE/stamp"
fi
riscv64-linux-gnu-gcc -O2 -static "$HERE/init.c" -o "$CACHE/init"
gcc -O2 "$HERE/init.c" -o "$CACHE/init-native"
printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nfile /init %s 0755 0 0\n' "$CACHE/init" > "$CACHE/initrd.list"
"$CACHE/obj/usr/gen_init_cpio" "$CACHE/initrd.list" > "$CACHE/initrd.cpio"
