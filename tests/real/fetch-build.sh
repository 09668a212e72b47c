#!/bin/sh
# Fetches the Debian source packages of the real programs the `real` suite
# and the benchmarks run (lua5.4: an interpreter, sqlite3: a database,
# bzip2: a compressor) and builds each three ways: guest static, guest
# dynamic (against the cross sysroot), and x86-64 native as the oracle.
#   fetch-build.sh [CACHE]          (default build-real)
# GUEST (riscv64, the default, or aarch64) picks the cross compiler
# (GUEST_CC, default GUEST-linux-gnu-gcc; RVCC is still honoured for
# riscv64); the native build is shared by all guests.
# CACHE lives outside $(B) so that the plain and the ASan test runs share it;
# every step leaves a stamp and is skipped when its stamp exists, so a
# second run costs nothing. Needs root (apt-get) the first time: it enables
# deb-src when no source index is configured and installs dpkg-dev (for
# dpkg-source) and tcl (sqlite generates its amalgamation with tclsh).
#
# Outputs:  CACHE/GUEST/<prog>-static  CACHE/GUEST/<prog>-dynamic
#           CACHE/x86_64/<prog>          (prog: lua sqlite3 bzip2)
# Logs:     CACHE/log/<step>.log
#
# All builds use -O2 -ffp-contract=off: GCC contracts a*b+c into one fused
# multiply-add on riscv64 and aarch64 but not on baseline x86-64, which would make the
# floating-point output of the same source differ for reasons that have
# nothing to do with the emulator.
set -eu

CACHE=${1:-build-real}
GUEST=${GUEST:-riscv64}
if [ "$GUEST" = riscv64 ]; then
	GCC=${GUEST_CC:-${RVCC:-riscv64-linux-gnu-gcc}}
else
	GCC=${GUEST_CC:-$GUEST-linux-gnu-gcc}
fi
HOSTCC=${HOSTCC:-gcc}
COPT="-O2 -ffp-contract=off"
PROGS="lua sqlite3 bzip2"

mkdir -p "$CACHE/stamp" "$CACHE/log" "$CACHE/src" "$CACHE/$GUEST" "$CACHE/x86_64"
CACHE=$(cd "$CACHE" && pwd)

# Two runs at once (make -j, or two checkouts sharing a cache) would race on
# apt and on the half-built objects.
exec 9> "$CACHE/.lock"
flock 9

all_built() {
	for p in $PROGS; do
		[ -f "$CACHE/stamp/built-$GUEST-$p" ] || return 1
	done
}
all_built && exit 0

TAG=real
. "$(dirname "$0")/debian-src.sh"

# compile ARCH CC OBJDIR FLAGS -- SOURCES: one object per source, so the
# static and the dynamic link share the compile (both compilers default to
# PIE code, which links statically as well).
compile() {
	cc=$1 objdir=$2 flags=$3
	shift 3
	mkdir -p "$objdir"
	for src in "$@"; do
		obj=$objdir/$(basename "${src%.c}").o
		[ -f "$obj" ] && [ "$obj" -nt "$src" ] && continue
		echo "  CC $cc $(basename "$src")"
		$cc $COPT $flags -c "$src" -o "$obj.tmp" || return 1
		mv "$obj.tmp" "$obj"
	done
}

# build PROG FLAGS LIBS SOURCES...: the guest's static and dynamic builds
# and the native one (unless an earlier guest's run made it), logged to
# CACHE/log/build-GUEST-PROG.log. @ARCH@ in FLAGS stands for the guest or
# x86_64. The two compilers run side by side: sqlite3.c alone takes each of
# them about a minute.
build() {
	prog=$1 flags=$2 libs=$3
	shift 3
	log=$CACHE/log/build-$GUEST-$prog.log
	echo "real: building $prog for $GUEST (log: $log)" >&2
	: > "$log.x86_64"
	native=
	if [ ! -x "$CACHE/x86_64/$prog" ]; then
		compile "$HOSTCC" "$CACHE/obj/x86_64/$prog" "$(echo "$flags" | sed s/@ARCH@/x86_64/g)" "$@" \
			> "$log.x86_64" 2>&1 &
		native=$!
	fi
	{
		compile "$GCC" "$CACHE/obj/$GUEST/$prog" "$(echo "$flags" | sed s/@ARCH@/$GUEST/g)" "$@"
		gst=$?
		nat=0
		if [ -n "$native" ]; then
			wait $native
			nat=$?
		fi
		cat "$log.x86_64"
		rm -f "$log.x86_64"
		[ $gst -eq 0 ] && [ $nat -eq 0 ] &&
		$GCC -static -o "$CACHE/$GUEST/$prog-static" "$CACHE/obj/$GUEST/$prog"/*.o $libs &&
		$GCC -o "$CACHE/$GUEST/$prog-dynamic" "$CACHE/obj/$GUEST/$prog"/*.o $libs &&
		{ [ -x "$CACHE/x86_64/$prog" ] || $HOSTCC -o "$CACHE/x86_64/$prog" "$CACHE/obj/x86_64/$prog"/*.o $libs; }
	} > "$log" 2>&1 || {
		tail -n 30 "$log" >&2
		return 1
	}
	touch "$CACHE/stamp/built-$GUEST-$prog"
}

build_lua() {
	src=$(fetch lua5.4)/src
	# Debian's luaconf.h includes a header its rules generate, naming the
	# multiarch directory of C modules.
	for arch in $GUEST x86_64; do
		mkdir -p "$CACHE/gen/$arch"
		echo "#define DEB_HOST_MULTIARCH \"$arch-linux-gnu\"" > "$CACHE/gen/$arch/lua5.4-deb-multiarch.h"
	done
	# LUA_USE_POSIX rather than LUA_USE_LINUX: no dlopen, which a static
	# binary cannot use anyway; both builds stay the same program.
	build lua "-std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I$CACHE/gen/@ARCH@" "-lm" \
		$(ls "$src"/*.c | grep -v '/luac\.c$')
}

# sqlite's Debian source is the full tree; its amalgamation (sqlite3.c and
# shell.c) is generated on the host by its own configure+make, which needs
# only the native compiler and tclsh, then cross-compiled like any C file.
build_sqlite3() {
	top=$(fetch sqlite3)
	amal=$CACHE/src/sqlite3-amalgamation
	if [ ! -f "$CACHE/stamp/amalgamation-sqlite3" ]; then
		echo "real: generating the sqlite3 amalgamation" >&2
		rm -rf "$amal" && mkdir -p "$amal"
		(cd "$amal" && "$top/configure" --disable-tcl --disable-readline CC="$HOSTCC" &&
			make sqlite3.c shell.c) > "$CACHE/log/amalgamation-sqlite3.log" 2>&1 || {
			tail -n 30 "$CACHE/log/amalgamation-sqlite3.log" >&2
			return 1
		}
		touch "$CACHE/stamp/amalgamation-sqlite3"
	fi
	build sqlite3 "-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=1 -I$amal" "-lpthread -lm" \
		"$amal/sqlite3.c" "$amal/shell.c"
}

build_bzip2() {
	src=$(fetch bzip2)
	build bzip2 "-D_FILE_OFFSET_BITS=64" "" \
		"$src/blocksort.c" "$src/huffman.c" "$src/crctable.c" "$src/randtable.c" \
		"$src/compress.c" "$src/decompress.c" "$src/bzlib.c" "$src/bzip2.c"
}

install_tools dpkg-dev tcl xz-utils
status=0
for p in $PROGS; do
	[ -f "$CACHE/stamp/built-$GUEST-$p" ] && continue
	"build_$p" || { echo "real: building $p failed" >&2; status=1; }
done
exit $status
