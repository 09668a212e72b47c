#!/bin/sh
# Installs what building and testing peek needs on Debian 12, if missing:
# the host compiler, the riscv64 and aarch64 cross toolchains and sysroots,
# qemu-user (the differential-test oracle and benchmark reference), glib
# (the plugin API header includes <glib.h>) and pkg-config; gdb-multiarch (the gdb suite drives peek -g and
# qemu -g with it); and the real
# readers of plugin output the tests open it with: uftrace (the uftrace
# plugin's traces) and linux-perf (perf report with -perfmap); libfdt (the
# system mode's device tree), and qemu-system-riscv64 with dtc (the oracle of
# the virt board's tree, tests/system/hw). Runs apt-get only when needed.
# Arguments name further packages a target needs (make bench: gnuplot-nox).
set -e
need=""
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in gcc make gcc-riscv64-linux-gnu libc6-dev-riscv64-cross binutils-riscv64-linux-gnu \
         gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu \
         qemu-user libglib2.0-dev pkg-config python3 uftrace linux-perf gdb-multiarch \
         libfdt-dev device-tree-compiler qemu-system-misc opensbi "$@"; do
    have "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "deps: installing$need"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need
