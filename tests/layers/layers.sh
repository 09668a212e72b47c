#!/bin/sh
# The folder layering of DESIGN.md, checked from the #include lines of
# src/: every include from one folder into another must be an arrow of the
# table below, whose arrows all point down it, so there can be no cycle.
# Prints one FAIL line per bad include, or one PASS line; exit 1 on any.
cd "$(dirname "$0")/../.."
#  folder       may include ("host" means any backend, ARCH the folder's own guest;
#  system/ARCH is system/hw, the devices, which see only their own hw.h)
rules='
ir          util
host/ARCH   ir util
exec        ir host util
guest       exec ir util
guest/ARCH  exec ir util
plugin      exec ir util
gdb         exec ir util
user        gdb plugin exec ir util
user/ARCH   user gdb plugin exec ir util guest/ARCH
system/ARCH util
system      system/hw gdb plugin exec ir util
main        user plugin exec ir util
'
# src/main.c -> main, src/exec/x.c -> exec, src/user/riscv64/x.c -> user/riscv64
folder() {
    case "$1" in
    src/main.c) echo main ;;
    src/*/*/*) echo "$1" | cut -d/ -f2,3 ;;
    src/*/*) echo "$1" | cut -d/ -f2 ;;
    esac
}
out=$(for f in $(find src -name '*.[ch]' | sort); do
    from=$(folder "$f")
    arch=$(echo "$from" | cut -s -d/ -f2)
    key=$(echo "$from" | sed 's|/.*|/ARCH|')
    allowed=$(echo "$rules" | awk -v k="$key" '$1 == k { $1 = ""; print }' | sed "s|ARCH|$arch|g")
    for inc in $(sed -n 's/^#include "\([^"]*\/[^"]*\)".*/\1/p' "$f"); do
        to=$(folder "src/$inc")
        [ "$to" = "$from" ] && continue
        ok=0
        for a in $allowed; do
            case "$to" in "$a") ok=1 ;; host/*) [ "$a" = host ] && ok=1 ;; esac
        done
        [ $ok = 1 ] || echo "FAIL layers/$from: $f includes $inc"
    done
done)
if [ -n "$out" ]; then
    echo "$out"
    exit 1
fi
echo "PASS layers: every #include in src/ follows the folder arrows"
