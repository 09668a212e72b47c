#!/bin/sh
# The -d log items, -dfilter, -d tid and -B/-R/-r/-p on a guest program
# (logs.c), checked against qemu-user for the same guest ($QEMU) where it
# logs the item: the in_asm, cpu, exec, out_asm and page layouts. Where
# QEMU logs nothing in user mode (int, guest_errors), the expected values
# are the Linux ABI's (asm-generic syscall and signal numbers).
# Prints one "PASS name" or "FAIL name: why" line per case.
#   logs.sh PEEK DIR    (DIR holds the programs built by tests/user/user.mk)
peek=$(realpath "$1")
d=$(realpath "$2")
prog=$d/logs-s
t=$d/tmp/logs
rm -rf "$t"
mkdir -p "$t"

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

if [ -z "$QEMU" ] || ! command -v "$QEMU" > /dev/null; then
    fail log-qemu "no qemu-user for this guest (QEMU='$QEMU')"
    exit 0
fi
# QEMU's aarch64 "max" has SVE, SME and BTI, which add fields to -d cpu;
# peek's CPUs have none of them, like the Cortex-A72.
case $QEMU in *aarch64) qcpu="-cpu cortex-a72" ;; *) qcpu= ;; esac

# same NAME QEMU_KEYS PEEK_KEYS MIN: lines "key<TAB>value"; the values of
# every key both have must agree, and at least MIN keys must be common.
same() {
    awk -F'\t' -v name="$1" -v min="$4" '
    NR == FNR { q[$1] = $2; next }
    ($1 in q) { n++; if (q[$1] != $2 && !bad) bad = $1 ": qemu \"" q[$1] "\", peek \"" $2 "\"" }
    END {
        if (bad) print "FAIL " name ": " bad
        else if (n < min) print "FAIL " name ": only " n + 0 " lines in common with qemu"
        else print "PASS " name
    }' "$2" "$3"
}

# in_asm: "IN: symbol" after the separator, with QEMU's symbol for a block
# at the same address; for every instruction both log, the line up to the
# mnemonic (address, bytes, padding) and the column its operands start in
# (when the mnemonic is short enough for both to pad it).
$QEMU -d in_asm -D "$t/q.in" "$prog"
"$peek" -d in_asm -D "$t/p.in" "$prog"
inasm() {
    awk '
    /^IN: / { hdr = (prev == "----------------") ? $0 : "no separator before " $0; blk = 1 }
    /^0x[0-9a-f]+:  / {
        split($0, a, ":")
        if (blk) print "B " a[1] "\t" hdr
        blk = 0
        match($0, /^0x[0-9a-f]+:  [0-9a-f]+ +/); head = substr($0, 1, RLENGTH)
        rest = substr($0, RLENGTH + 1)
        print "I " a[1] "\t" head
        if (match(rest, /^[a-z0-9.]+ +[^ ]/) && index(rest, " ") < 8)
            print "C " a[1] "\t" length(head) + RLENGTH - 1

    }
    { prev = $0 }' "$1"
}
inasm "$t/q.in" > "$t/q.in.k"
inasm "$t/p.in" > "$t/p.in.k"
same log-in-asm "$t/q.in.k" "$t/p.in.k" 200

# cpu (and fpu): the first register dump's layout, field names, order and
# widths, with the values and the NZCV letters blanked.
shape() {
    sed -E 's/[0-9a-f]{16}/H16/g; s/[0-9a-f]{8}/H8/g; s/ [-N][-Z][-C][-V] / FLAGS /' "$1" |
        awk 'NR > 1 && /^ (pc |PC=)/ { exit } { print NR "\t" $0 }'
}
for items in cpu cpu,fpu; do
    $QEMU $qcpu -d $items -D "$t/q.cpu" "$prog"
    "$peek" -d $items -D "$t/p.cpu" "$prog"
    shape "$t/q.cpu" > "$t/q.cpu.k"
    shape "$t/p.cpu" > "$t/p.cpu.k"
    if [ "$(wc -l < "$t/q.cpu.k")" -ne "$(wc -l < "$t/p.cpu.k")" ]; then
        fail "log-$items" "qemu's dump has $(wc -l < "$t/q.cpu.k") lines, peek's $(wc -l < "$t/p.cpu.k")"
    else
        same "log-$items" "$t/q.cpu.k" "$t/p.cpu.k" 5
    fi
done

# exec: the first "Trace" line (the entry point and its symbol), with the
# host pointer and QEMU's cs_base and flags words blanked.
trace1() {
    grep -m1 '^Trace' "$1" | sed -E 's#^Trace ([0-9]+): 0x[0-9a-f]+ \[[0-9a-f]{16}/([0-9a-f]{16})/[0-9a-f]{8}/[0-9a-f]{8}\] #Trace \1: P [C/\2/F/F] #'
}
$QEMU -d exec -D "$t/q.exec" "$prog"
"$peek" -d exec -D "$t/p.exec" "$prog"
if [ -n "$(trace1 "$t/p.exec")" ] && [ "$(trace1 "$t/q.exec")" = "$(trace1 "$t/p.exec")" ]; then
    pass log-exec
else
    fail log-exec "qemu '$(trace1 "$t/q.exec")', peek '$(trace1 "$t/p.exec")'"
fi

# out_asm: each block's host code opens with QEMU's marker of its first
# guest instruction (the entry point's, for the first block).
$QEMU -d out_asm -D "$t/q.out" "$prog"
"$peek" -d out_asm -D "$t/p.out" "$prog"
q1=$(grep -m1 -- '-- guest addr' "$t/q.out")
p1=$(grep -m1 -- '-- guest addr' "$t/p.out")
blocks=$(grep -c '^OUT: \[size=[0-9]*\]$' "$t/p.out")
insns=$(grep -cE '^0x[0-9a-f]+:  [0-9a-f ]+ +[a-z]' "$t/p.out")
if [ "$q1" = "$p1" ] && [ "$blocks" -gt 10 ] && [ "$insns" -gt "$blocks" ]; then
    pass log-out-asm
else
    fail log-out-asm "first marker qemu '$q1' peek '$p1'; $blocks blocks, $insns host lines"
fi

# page: after loading, guest_base, the map under QEMU's header, and the
# program's layout with QEMU's names in QEMU's order; the values that come
# from the ELF file alone must be QEMU's.
layout() {
    awk '/^page layout changed following binary load/ { on = 1 } on && /^[a-z_]+ +0x/ { print }
         on && /^start +end +size +prot$/ { print } /^auxv_start/ { exit }' "$1" |
        sed -E 's/^(start_brk|start_stack|argv_start|env_start|auxv_start) +0x[0-9a-f]+/\1 X/'
}
$QEMU -d page -D "$t/q.page" "$prog"
"$peek" -d page -D "$t/p.page" "$prog"
layout "$t/q.page" > "$t/q.page.k"
layout "$t/p.page" > "$t/p.page.k"
if cmp -s "$t/q.page.k" "$t/p.page.k" && [ "$(wc -l < "$t/p.page.k")" -eq 12 ] &&
   grep -q '^guest_base  0x[0-9a-f]*$' "$t/p.page" &&
   grep -Eq '^[0-9a-f]{16}-[0-9a-f]{16} [0-9a-f]{16} r-x$' "$t/p.page" &&
   grep -q '^page layout changed following mmap$' "$t/p.page"; then
    pass log-page
else
    fail log-page "$(diff "$t/q.page.k" "$t/p.page.k" | grep '^[<>]' | head -3 | tr '\n' ' ')"
fi

# -dfilter: in_asm and cpu only for blocks starting in the range (the
# first 16 bytes from the entry point, from the ELF header).
entry=$(od -An -tx8 -j24 -N8 "$prog" | tr -d ' ')
"$peek" -d in_asm,cpu -dfilter "0x$entry+0x10" -D "$t/p.filt" "$prog"
outside=$(awk -v lo=$((0x$entry)) -v hi=$((0x$entry + 15)) '
    function hex(s,   i, v) { v = 0; s = tolower(s); sub(/^0x/, "", s)
        for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
        return v }
    /^IN: / { getline l; a = hex(substr(l, 1, index(l, ":") - 1)); n++; if (a < lo || a > hi) bad++ }
    /^ pc | PC=/ { v = $0; sub(/.*(pc +|PC=)/, "", v); sub(/ .*/, "", v); a = hex(v); c++
                   if (a < lo || a > hi) bad++ }
    END { print n + 0, c + 0, bad + 0 }' "$t/p.filt")
case $outside in
    "0 "*|*" 0 "*) fail log-dfilter "nothing logged in the range ($outside)" ;;
    *" 0") pass log-dfilter ;;
    *) fail log-dfilter "blocks, dumps, outside the range: $outside" ;;
esac

# -d tid: one file per thread, named by its tid; each thread's gettid()
# line is in its own file.
"$peek" -d tid,strace -D "$t/tid.%d" "$prog" threads
files=$(ls "$t" | grep -c '^tid\.[0-9]*$')
own=0
for f in "$t"/tid.*; do
    grep -q "^[0-9]* gettid() = ${f##*.}\$" "$f" && own=$((own + 1))
done
[ "$files" -eq 3 ] && [ "$own" -eq 3 ] && pass log-tid || fail log-tid "$files files, $own with their own tid"

# int: the syscall exception of raise()'s tgkill (131 in asm-generic) and
# the signal taken (SIGUSR1 is 10); guest_errors: write's bad pointer.
"$peek" -d int -D "$t/p.int" "$prog" signal
if grep -Eq '^cpu 0: exception [0-9]+ \[syscall 131\] at pc 0x[0-9a-f]{16}$' "$t/p.int" &&
   grep -Eq '^cpu 0: signal 10 \[SIGUSR1\] at pc 0x[0-9a-f]{16}$' "$t/p.int"; then
    pass log-int
else
    fail log-int "$(tail -3 "$t/p.int" | tr '\n' ' ')"
fi
"$peek" -d guest_errors -D "$t/p.err" "$prog" efault
grep -q '^[0-9]* write: a guest address among the arguments is not mapped (EFAULT)$' "$t/p.err" &&
    pass log-guest-errors || fail log-guest-errors "$(head -c 200 "$t/p.err")"

# -r: uname's release; -B: where the guest space starts (-d page says);
# -R: a smaller guest space puts the stack below its end; -p: a power of
# two is accepted.
[ "$("$peek" -r 9.9.9-peek "$prog" uname)" = 9.9.9-peek ] && pass opt-uname-release ||
    fail opt-uname-release "$("$peek" -r 9.9.9-peek "$prog" uname 2>&1)"
[ "$(QEMU_UNAME=8.8.8 "$peek" "$prog" uname)" = 8.8.8 ] && pass opt-uname-env || fail opt-uname-env "QEMU_UNAME ignored"
"$peek" -B 0x200000000000 -d page -D "$t/p.base" "$prog"
grep -q '^guest_base  0x200000000000$' "$t/p.base" && pass opt-guest-base ||
    fail opt-guest-base "$(grep guest_base "$t/p.base")"
"$peek" -R 0x20000000 -d page -D "$t/p.resv" "$prog"
if grep -Eq '^[0-9a-f]{16}-0000000020000000 [0-9a-f]{16} rw-$' "$t/p.resv" &&
   grep -Eq '^start_stack 0x00000000[01][0-9a-f]{7}$' "$t/p.resv"; then
    pass opt-reserved-va
else
    fail opt-reserved-va "$(grep -E 'start_stack|-0000000020000000' "$t/p.resv" | tr '\n' ' ')"
fi
"$peek" -p 8192 "$prog" && pass opt-pagesize || fail opt-pagesize "exit $?"
exit 0
