#!/bin/sh
# deps-check: after a header changes, make rebuilds every object of peek
# and peek-system-riscv64 that includes it, directly or not. Which ones
# include it comes from the compiler (cc -MM), not from the .d files make
# reads; `make -n -W HEADER` says what make would rebuild. A stale object
# linked into a binary (the system binary's guest parts, once) fails.
# Usage: deps.sh MAKE BUILD_DIR; PASS/FAIL lines on stdout.
MAKE=$1
B=$2
bins="$B/peek $B/peek-system-riscv64"
# the objects linked into the binaries, and their sources
objs=$($MAKE -s -n -B B="$B" $bins 2>/dev/null | tr ' ' '\n' | grep "^$B/src/.*\.o\$" | sort -u)
if [ -z "$objs" ]; then
    echo "FAIL deps: no object found in the link lines of $bins"
    exit 0
fi
for h in src/guest/riscv64/cpu.h src/exec/cpu.h src/plugin/internal.h; do
    want=$(for o in $objs; do
        c=${o#"$B"/}
        c=${c%.o}.c
        cc -MM -Iinclude -Isrc -I"$B/gen" -D_GNU_SOURCE "$c" 2>/dev/null | tr ' \\' '\n\n' |
            grep -qx "$h" && echo "$o"
    done | sort -u)
    got=$($MAKE -s -n -W "$h" B="$B" $bins 2>/dev/null | grep -o -- "-o $B/src/[^ ]*\.o" |
        sed 's/^-o //' | sort -u)
    missing=$(for o in $want; do echo "$got" | grep -qx "$o" || echo "$o"; done)
    if [ -z "$want" ]; then
        echo "FAIL deps-$(echo "$h" | tr / -): no object includes $h"
    elif [ -n "$missing" ]; then
        echo "FAIL deps-$(echo "$h" | tr / -): not rebuilt after $h changes: $(echo $missing)"
    else
        echo "PASS deps-$(echo "$h" | tr / -)"
    fi
done
