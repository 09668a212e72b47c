#!/bin/sh
# Builds QEMU's own TCG plugins from Debian 12's qemu source package (QEMU
# 7.2, plugin API version 1), so that the benchmarks and the compatibility
# test can load the very same shared object into qemu-riscv64 and into
# peek. Nothing of QEMU's is kept in the repository: the source is fetched
# with apt-get source into CACHE (outside git) and each plugin is compiled
# on its own, against QEMU's header and glib only.
#   qemu-plugins.sh [CACHE]          (default build-qemu-src)
# Output:   CACHE/plugins/lib<name>.so, one per plugin that builds
# Logs:     CACHE/log/plugin-<name>.log; a plugin that does not build
#           standalone is named on stderr and skipped (the others are built)
# Every step leaves a stamp; a second run costs nothing. The first run
# needs the Debian archive and root (dpkg-dev for dpkg-source, deb-src
# enabled as tests/real/fetch-build.sh does).
set -eu

CACHE=${1:-build-qemu-src}
HOSTCC=${HOSTCC:-gcc}
# name:path-in-the-source
PLUGINS="empty:tests/plugin/empty.c bb:tests/plugin/bb.c insn:tests/plugin/insn.c
mem:tests/plugin/mem.c syscall:tests/plugin/syscall.c
hotblocks:contrib/plugins/hotblocks.c hotpages:contrib/plugins/hotpages.c
howvec:contrib/plugins/howvec.c execlog:contrib/plugins/execlog.c
cache:contrib/plugins/cache.c lockstep:contrib/plugins/lockstep.c
hwprofile:contrib/plugins/hwprofile.c
drcov:contrib/plugins/drcov.c"

mkdir -p "$CACHE/stamp" "$CACHE/log" "$CACHE/src" "$CACHE/plugins"
CACHE=$(cd "$CACHE" && pwd)
# The stamp names the list, so that a plugin added to it gets built.
built_stamp=$CACHE/stamp/plugins-built-$(echo "$PLUGINS" | cksum | cut -d' ' -f1)
[ -f "$built_stamp" ] && exit 0

exec 9> "$CACHE/.lock"
flock 9
[ -f "$built_stamp" ] && exit 0

TAG=qemu-plugins
. "$(cd "$(dirname "$0")/.." && pwd)/tests/real/debian-src.sh"

install_tools dpkg-dev xz-utils libglib2.0-dev pkg-config
src=$(fetch qemu)
# QEMU 7.2 keeps the plugin header in include/qemu/; later versions moved
# it to include/plugins/. Either is accepted.
hdr=$(dirname "$(ls "$src"/include/qemu/qemu-plugin.h "$src"/include/plugins/qemu-plugin.h 2>/dev/null | head -n 1)")
if [ ! -f "$hdr/qemu-plugin.h" ]; then
	echo "$TAG: no qemu-plugin.h in $src/include" >&2
	exit 1
fi
glib=$(pkg-config --cflags --libs glib-2.0)

failed=""
for entry in $PLUGINS; do
	name=${entry%%:*} file=$src/${entry#*:}
	out=$CACHE/plugins/lib$name.so
	[ -f "$out" ] && continue
	log=$CACHE/log/plugin-$name.log
	# shellcheck disable=SC2086
	if $HOSTCC -O2 -g -shared -fPIC -I"$hdr" "$file" -o "$out.tmp" $glib > "$log" 2>&1; then
		mv "$out.tmp" "$out"
	else
		rm -f "$out.tmp"
		echo "$TAG: $name does not build standalone (see $log)" >&2
		failed="$failed $name"
	fi
done
echo "$TAG: built$(cd "$CACHE/plugins" && ls lib*.so | sed 's/^lib\(.*\)\.so$/ \1/' | tr -d '\n') in $CACHE/plugins" >&2
[ -z "$failed" ] && touch "$built_stamp"
exit 0
