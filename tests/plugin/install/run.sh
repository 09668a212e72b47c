#!/bin/sh
# Plugins built out of tree against the installed peek (make install into
# OUT/prefix, done by build.mk): one "PASS name" / "FAIL name: why" line a
# case.
#   run.sh OUT GUEST_DIR QEMU_SRC_CACHE        (MAKE from the environment)
#
# - install-*: every file make install promises is there.
# - qemu72-<plugin>: each of the 13 plugin sources of QEMU 7.2 (Debian's
#   qemu source package) builds unmodified with pkg-config peek-plugin-v1,
#   warnings as errors (glib's own deprecations aside: QEMU's header gives
#   them too); qemu72-<plugin>-runs: the build reports what the same source
#   built against QEMU's own header reports, under the installed peek.
# - era-<qemu version>: the plugins of eras/, each in the style of that
#   QEMU release, build with its API version and report what their
#   comments say on guest/sys.S (13 instructions; "leave" from nm).
# - docs-first-plugin: the C and shell blocks of docs/plugins-api.md's
#   "Writing plugins", run as written, with HOME a scratch folder holding
#   a link "peek" to this source tree.
# - readme-first-report: the build/peek lines of README.md's "A first
#   plugin report", run as written.
# - man-options: every option of peek -h is in the installed peek(1).
# - uninstall: make uninstall leaves no file behind.
OUT=$(realpath "$1")
G=$(realpath "$2")
QSRC=$(realpath "$3")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$ROOT/tests/plugin/install
P=$OUT/prefix
TMP=$OUT/tmp
rm -rf "$TMP"
mkdir -p "$TMP"
MAKE=${MAKE:-make}
export PKG_CONFIG_PATH=$P/lib/pkgconfig
GLIB=$(pkg-config --cflags --libs glib-2.0)

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
oneline() { head -c 600 "$1" | tr '\n' '|'; }

# ---- the installed files
missing=""
for f in bin/peek bin/peek-riscv64 bin/peek-aarch64 include/peek/qemu-plugin.h \
         lib/pkgconfig/peek-plugin.pc share/man/man1/peek.1 share/doc/peek/README.md \
         share/doc/peek/plugins.md share/doc/peek/plugins-api.md; do
    [ -e "$P/$f" ] || missing="$missing $f"
done
for v in 1 2 3 4 5 6 7; do
    [ -f "$P/include/peek/v$v/qemu-plugin.h" ] || missing="$missing include/peek/v$v/qemu-plugin.h"
    [ -f "$P/lib/pkgconfig/peek-plugin-v$v.pc" ] || missing="$missing lib/pkgconfig/peek-plugin-v$v.pc"
done
for c in "$ROOT"/plugins/*.c; do
    n=$(basename "$c" .c)
    [ -f "$P/lib/peek/plugins/lib$n.so" ] || missing="$missing lib/peek/plugins/lib$n.so"
done
[ -z "$missing" ] && pass install-files || fail install-files "missing:$missing"
[ -L "$P/bin/peek-riscv64" ] && pass install-aliases || fail install-aliases "peek-riscv64 is not a link"
# Each pkg-config file selects its version: the header it points at,
# preprocessed, says so.
bad=""
for v in 1 2 3 4 5 6 7; do
    got=$(printf '#include <qemu-plugin.h>\nQEMU_PLUGIN_VERSION\n' |
          gcc -E -P $(pkg-config --cflags "peek-plugin-v$v") - 2>&1 | tail -n 1)
    [ "$got" = "$v" ] || bad="$bad v$v:$got"
done
got=$(printf '#include <qemu-plugin.h>\nQEMU_PLUGIN_VERSION\n' | gcc -E -P $(pkg-config --cflags peek-plugin) - | tail -n 1)
[ "$got" = 7 ] || bad="$bad default:$got"
[ -z "$bad" ] && pass install-pkg-config-versions || fail install-pkg-config-versions "$bad"

# ---- QEMU 7.2's plugins, built against peek's version 1 header
QEMU_TREE=$(ls -d "$QSRC"/src/qemu-*/ 2>/dev/null | head -n 1)
if [ -z "$QEMU_TREE" ]; then
    fail qemu72-source "no QEMU source in $QSRC/src (bench/qemu-plugins.sh fetches it)"
else
    V1=$(pkg-config --cflags peek-plugin-v1)
    for src in "$QEMU_TREE"/contrib/plugins/*.c "$QEMU_TREE"/tests/plugin/*.c; do
        n=$(basename "$src" .c)
        if gcc -O2 -Wall -Werror -Wno-deprecated-declarations -shared -fPIC $V1 "$src" \
               -o "$TMP/qemu72-$n.so" $GLIB > "$TMP/qemu72-$n.log" 2>&1; then
            pass "qemu72-$n"
        else
            fail "qemu72-$n" "$(oneline "$TMP/qemu72-$n.log")"
        fi
    done
    # Without the version, the newest header does not fit them: that is
    # what the versions are for.
    if gcc -Werror -shared -fPIC $(pkg-config --cflags peek-plugin) "$QEMU_TREE/tests/plugin/bb.c" \
           -o "$TMP/bb-v7.so" $GLIB > "$TMP/bb-v7.log" 2>&1; then
        fail qemu72-needs-v1 "QEMU 7.2's bb.c built against the version 7 header"
    else
        pass qemu72-needs-v1
    fi
    # The same source built against peek's header and against QEMU's own
    # (bench/qemu-plugins.sh): the same report under the installed peek.
    for case in bb:loop insn:loop mem,inline=on,callback=on:mem syscall:sys hotblocks:loop \
                hotpages:mem empty:sys; do
        spec=${case%%:*} g=${case#*:}
        n=${spec%%,*} args=${spec#$n}
        ref=$QSRC/plugins/lib$n.so
        if [ ! -f "$TMP/qemu72-$n.so" ] || [ ! -f "$ref" ]; then
            fail "qemu72-$n-runs" "missing $TMP/qemu72-$n.so or $ref"
            continue
        fi
        "$P/bin/peek" -d plugin -D "$TMP/ours-$n.log" -plugin "$TMP/qemu72-$n.so$args" "$G/$g" > /dev/null 2>&1
        "$P/bin/peek" -d plugin -D "$TMP/ref-$n.log" -plugin "$ref$args" "$G/$g" > /dev/null 2>&1
        if [ -s "$TMP/ref-$n.log" ] || [ "$n" = empty ]; then
            if cmp -s "$TMP/ours-$n.log" "$TMP/ref-$n.log"; then
                pass "qemu72-$n-runs"
            else
                fail "qemu72-$n-runs" "$(diff "$TMP/ref-$n.log" "$TMP/ours-$n.log" | head -c 400 | tr '\n' '|')"
            fi
        else
            fail "qemu72-$n-runs" "the reference build reported nothing"
        fi
    done
fi

# ---- plugins in the style of later QEMU releases
leave=$(riscv64-linux-gnu-nm "$G/sys" | awk '$3 == "leave" { print $1 }')
last=$(printf '0x%x' $((0x$leave + 4)))
era() {
    name=$1 pc=$2 want=$3 want_out=$4 want_rc=$5
    so=$TMP/era-$name.so
    if ! gcc -O2 -Wall -Wextra -Wno-unused-parameter -Werror -shared -fPIC $(pkg-config --cflags "$pc") \
             "$HERE/eras/qemu-$name.c" -o "$so" $GLIB > "$TMP/era-$name.err" 2>&1; then
        fail "era-$name" "does not build with $pc: $(oneline "$TMP/era-$name.err")"
        return
    fi
    "$P/bin/peek" -d plugin -D "$TMP/era-$name.log" -plugin "$so" "$G/sys" > "$TMP/era-$name.out" 2>&1
    rc=$?
    if [ "$(cat "$TMP/era-$name.log")" != "$want" ]; then
        fail "era-$name" "reported '$(oneline "$TMP/era-$name.log")', expected '$want'"
    elif [ "$(cat "$TMP/era-$name.out")" != "$want_out" ]; then
        fail "era-$name" "guest printed '$(oneline "$TMP/era-$name.out")', expected '$want_out'"
    elif [ -n "$want_rc" ] && [ "$rc" != "$want_rc" ]; then
        fail "era-$name" "guest exit status $rc, expected $want_rc"
    else
        pass "era-$name"
    fi
}
era 9.0 peek-plugin-v2 "qemu-9.0: insns=13 a0=8 bytes vcpus=1" hi
era 9.1 peek-plugin-v3 "qemu-9.1: insns=13 copied=4 sixth=ecall-bytes last=$last time=1" hi
era 10.0 peek-plugin-v4 'qemu-10.0: write(1, "hi\n") ok=1' hi
era 10.2 peek-plugin-v5 "qemu-10.2: wrote=1 a7=8 bytes hostcalls>0=1 translate=0" HI
era 11.0 peek-plugin-v6 "qemu-11.0: pc-readonly=1 read=1 skipped-close=1" hi 42
era 11.1 peek-plugin-v7 "qemu-11.1: insns=13 syscalls=4 returns=3 state-ok=1" hi

# ---- docs/plugins-api.md's first plugin, as written there
DOC=$ROOT/docs/plugins-api.md
H=$TMP/home
mkdir -p "$H/work"
ln -s "$ROOT" "$H/peek"
awk '/^## Writing plugins/ { on = 1 } on && /^```c$/ { c = 1; next } c && /^```$/ { exit } c' "$DOC" \
    > "$H/work/first.c"
awk '/^## Writing plugins/ { on = 1 } on && /^```sh$/ { c = 1; next } c && /^```$/ { exit } c' "$DOC" \
    > "$H/work/steps.sh"
(cd "$H/work" && HOME=$H PKG_CONFIG_PATH= sh -e ./steps.sh > "$TMP/first.out" 2> "$TMP/first.err")
n=$(sed -n 's/^first\.so: \([0-9]*\) instructions$/\1/p' "$TMP/first.err")
if [ ! -s "$H/work/first.c" ] || [ "$(wc -l < "$H/work/steps.sh")" -lt 3 ]; then
    fail docs-first-plugin "no \`\`\`c and \`\`\`sh blocks under 'Writing plugins' in $DOC"
elif [ -n "$n" ] && [ "$n" -gt 10000 ] && grep -q '^168 primes below 1000' "$TMP/first.out"; then
    pass docs-first-plugin
else
    fail docs-first-plugin "stdout '$(oneline "$TMP/first.out")' stderr '$(oneline "$TMP/first.err")'"
fi

# ---- the README's first plugin report: its build/peek lines, run as
# written from the source tree (make demo, their first line, has built
# build/demo/primes-riscv64 here: install.mk makes it). The last must end
# with hotblocks' table of 5 blocks after the program's own line (9592
# primes below 100000, the largest 99991).
sed -n '/^## A first plugin report/,/^## /p' "$ROOT/README.md" | sed -n 's/^    \(build\/peek .*\)/\1/p' |
    sed 's/ *#.*//' > "$TMP/readme.sh"
(cd "$ROOT" && sh -e "$TMP/readme.sh" > "$TMP/readme.out" 2>&1)
r=$?
rows=$(grep -c '^0x[0-9a-f]*, [0-9]*, [0-9]*, [0-9]*$' "$TMP/readme.out")
if [ "$r" = 0 ] && [ "$(wc -l < "$TMP/readme.sh")" = 2 ] && [ "$rows" = 5 ] &&
   grep -q '^  hotblocks  ' "$TMP/readme.out" &&
   grep -qx '9592 primes below 100000; the largest is 99991' "$TMP/readme.out"; then
    pass readme-first-report
else
    fail readme-first-report "status $r, $rows rows: $(oneline "$TMP/readme.out")"
fi

# ---- the man page documents every option of -h
man=$P/share/man/man1/peek.1
undocumented=""
for o in $("$P/bin/peek" -h | awk '/^-/ { print $1 }'); do
    grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$man" || undocumented="$undocumented $o"
done
[ -z "$undocumented" ] && pass man-options || fail man-options "not in peek.1:$undocumented"

# ---- make uninstall takes it all away again
$MAKE -C "$ROOT" --no-print-directory uninstall PREFIX="$P" > "$TMP/uninstall.log" 2>&1
left=$(find "$P" -type f -o -type l | sed "s|^$P/||" | tr '\n' ' ')
[ -z "$left" ] && [ ! -d "$P/include/peek" ] && [ ! -d "$P/lib/peek" ] && pass uninstall ||
    fail uninstall "left behind: $left"
exit 0
