#!/bin/sh
# The persistent code cache (-tb-cache, see tb-cache.mk). Outputs and exit
# statuses are qemu-user's for the same command (the oracle); how many
# blocks a run translated, loaded or refused comes from peek's
# -d tb_cache lines, which is what the cache must change.
# usage: run.sh PEEK BINDIR PLUGIN
# Absolute paths: some cases run from another directory.
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
PEEK=$(abs "$1") BIN=$(abs "$2") PLUGIN=$(abs "$3")
T=$BIN/tmp
rm -rf "$T"
mkdir -p "$T"
chmod 700 "$T"
pass() { echo "PASS tb-cache-$1"; }
fail() { echo "FAIL tb-cache-$1: $2"; }

# run command...: exit status in $st, stdout in $T/out, stderr in $T/err.
run() { st=$( { "$@" >"$T/out" 2>"$T/err"; echo $?; } 2>/dev/null ); }
# The numbers of the exit line "loaded L blocks, refused R, translated N".
translated() { sed -n 's/^tb-cache: .*translated \([0-9]*\).*/\1/p' "$T/err" | tail -1; }
loaded() { sed -n 's/^tb-cache: loaded \([0-9]*\) blocks.*/\1/p' "$T/err" | tail -1; }

# oracle NAME QEMU PROG ARGS...: qemu's stdout and status, in $T/NAME.want
oracle() {
    n=$1 q=$2; shift 2
    st=$( { "$q" "$@" >"$T/$n.want"; echo $?; } 2>/dev/null )
    echo "$st" > "$T/$n.wantst"
}

# same NAME: the last run printed and exited as qemu did for NAME
same() {
    cmp -s "$T/out" "$T/$1.want" && [ "$st" = "$(cat "$T/$1.wantst")" ]
}

for guest in riscv64 aarch64; do
    cg=$BIN/codegen-a-$guest
    q=qemu-$guest
    oracle cg-$guest-5 "$q" "$cg" 5
    oracle cg-$guest-6 "$q" "$cg" 6
    for accel in jit interp; do
        c=$guest-$accel
        D=$T/dir-$c
        mkdir -m 700 "$D"
        P="$PEEK -accel $accel -tb-cache $D -d tb_cache"
        # A first run translates and saves; the second, the same program
        # with the same input, runs from the cache alone, and prints the same.
        run $P "$cg" 5
        t1=$(translated)
        if ! same cg-$guest-5 || [ -z "$t1" ] || [ "$t1" -eq 0 ]; then
            fail "first-run-$c" "status $st, translated '$t1': $(head -c 300 "$T/err")"
        else
            pass "first-run-$c"
        fi
        run $P "$cg" 5
        t2=$(translated) l2=$(loaded)
        if ! same cg-$guest-5; then
            fail "second-run-$c" "output or status differs from qemu's (status $st)"
        elif [ "$t2" != 0 ] || [ -z "$l2" ] || [ "$l2" -eq 0 ]; then
            fail "second-run-$c" "translated '$t2', loaded '$l2' (first run translated $t1)"
        else
            pass "second-run-$c"
        fi
        # The function the program writes at a fixed address differs from
        # the one cached there: it must run, and only it be translated.
        run $P "$cg" 6
        t3=$(translated)
        if ! same cg-$guest-6; then
            fail "rewritten-code-$c" "ran stale code: $(head -c 100 "$T/out")"
        elif [ -z "$t3" ] || [ "$t3" -eq 0 ] || [ "$t3" -ge "$t1" ]; then
            fail "rewritten-code-$c" "translated '$t3' (first run $t1)"
        else
            pass "rewritten-code-$c"
        fi
    done
done

# The rest on riscv64 and the JIT; D holds one program's cache file.
cg=$BIN/codegen-a-riscv64
q=qemu-riscv64

# Another guest_base between the writing and the reading run, both ways:
# the default (1 GiB when free) and -B at 32 TiB (free under ASan too),
# where guest_base needs a 64-bit immediate and no longer fits a
# displacement. Blocks that fold it into an access are refused, the others
# load, and the program prints what qemu prints (a hang is killed).
HIGH=0x200000000000
for way in default-to-high high-to-default; do
    D=$T/dir-$way
    mkdir -m 700 "$D"
    if [ $way = default-to-high ]; then w="" r="-B $HIGH"; else w="-B $HIGH" r=""; fi
    run timeout -s KILL 60 $PEEK $w -tb-cache "$D" "$cg" 5
    wst=$st
    run timeout -s KILL 60 $PEEK $r -tb-cache "$D" -d tb_cache "$cg" 5
    l=$(loaded)
    if [ "$wst" != "$(cat "$T/cg-riscv64-5.wantst")" ]; then
        fail "guest-base-$way" "the writing run exited $wst"
    elif ! same cg-riscv64-5; then
        fail "guest-base-$way" "status $st: $(head -c 200 "$T/out") $(head -c 200 "$T/err")"
    elif [ -z "$l" ] || [ "$l" -eq 0 ]; then
        fail "guest-base-$way" "loaded '$l': $(head -c 300 "$T/err")"
    else
        pass "guest-base-$way"
    fi
done
oracle cg-b "$q" "$BIN/codegen-b-riscv64" 5

# A block made by if-conversion from a taken way before its start (the
# load's offset changes between runs, the block's own bytes do not) is
# not kept: the run with the other offset picks its own word, as qemu.
D=$T/dir-ifconv
mkdir -m 700 "$D"
oracle cg-ifconv-6 "$q" "$cg" 6 ifconv
run $PEEK -tb-cache "$D" "$cg" 5 ifconv
run $PEEK -tb-cache "$D" -d tb_cache "$cg" 6 ifconv
l=$(loaded)
if ! same cg-ifconv-6; then
    fail "ifconv-way-outside" "picked another word: $(head -c 100 "$T/out")"
elif [ -z "$l" ] || [ "$l" -eq 0 ]; then
    fail "ifconv-way-outside" "loaded '$l': $(head -c 300 "$T/err")"
else
    pass "ifconv-way-outside"
fi
D=$T/dir-damage
mkdir -m 700 "$D"
P="$PEEK -tb-cache $D -d tb_cache"
file() { ls "$D"/*.ptc 2>/dev/null | head -1; }

# damaged NAME REASON: after damaging the file, a run refuses it (saying
# why), translates everything, prints what qemu prints, and leaves a whole
# file behind that the next run uses alone.
damaged() {
    run $P "$cg" 5
    t=$(translated)
    if ! grep -q "refused: $2" "$T/err"; then
        fail "$1" "no 'refused: $2' in: $(head -c 300 "$T/err")"
    elif ! same cg-riscv64-5; then
        fail "$1" "output or status differs from qemu's (status $st)"
    elif [ -z "$t" ] || [ "$t" -eq 0 ]; then
        fail "$1" "translated '$t'"
    else
        run $P "$cg" 5
        if [ "$(translated)" != 0 ] || ! same cg-riscv64-5; then
            fail "$1" "the file written after it is not used: $(head -c 300 "$T/err")"
        else
            pass "$1"
        fi
    fi
}
run $P "$cg" 5
f=$(file)
size=$(wc -c < "$f")
head -c $((size / 2)) "$f" > "$T/half" && cat "$T/half" > "$f"
damaged truncated "truncated"
f=$(file)
size=$(wc -c < "$f")
# one byte in the last quarter (code or guest bytes of some block) flipped
off=$((size * 3 / 4))
b=$(od -An -tu1 -j $off -N1 "$f" | tr -d ' ')
printf "$(printf '\\%03o' $(( (b + 1) & 255 )))" | dd of="$f" bs=1 seek=$off conv=notrunc 2>/dev/null
damaged corrupt "checksum mismatch"
head -c 4096 /dev/urandom > "$(file)"
damaged garbage "not a cache file"
: > "$(file)"
damaged empty "truncated header"

# Another program at the same path: its own output, none of the old code.
cp "$BIN/codegen-a-riscv64" "$T/prog"
run $P "$T/prog" 5
cp "$BIN/codegen-b-riscv64" "$T/prog"
run $P "$T/prog" 5
t=$(translated)
if ! same cg-b; then
    fail changed-binary "ran the old program's code: $(head -c 100 "$T/out")"
elif [ -z "$t" ] || [ "$t" -eq 0 ]; then
    fail changed-binary "translated '$t'"
else
    pass changed-binary
fi

# Other -cpu options: a cached block using Zba must not run where Zba is
# off, which raises SIGILL as under qemu.
zba=$BIN/ext-zba
st=$( { "$q" -cpu rv64,zba=off "$zba" >/dev/null 2>&1; echo $?; } 2>/dev/null ); qst=$st
run $P "$zba"
on=$st
run $P -cpu rv64,zba=off "$zba"
if [ "$on" != 0 ] || [ "$st" != "$qst" ] || [ "$st" != 132 ]; then
    fail changed-cpu "exit $on with Zba, $st without (qemu: $qst)"
else
    pass changed-cpu
fi

# Four processes filling one cache at once: each output right, then a
# whole file that a run uses without translating, and no temporary left.
D2=$T/dir-concurrent
mkdir -m 700 "$D2"
for i in 1 2 3 4; do
    $PEEK -tb-cache "$D2" "$cg" 5 > "$T/conc$i" 2>&1 &
done
wait
ok=1
for i in 1 2 3 4; do
    cmp -s "$T/conc$i" "$T/cg-riscv64-5.want" || ok=0
done
run $PEEK -tb-cache "$D2" -d tb_cache "$cg" 5
if [ $ok = 0 ]; then
    fail concurrent "a concurrent run's output differs from qemu's"
elif [ "$(translated)" != 0 ] || ! same cg-riscv64-5 || grep -q refused: "$T/err"; then
    fail concurrent "the file they left is not used whole: $(head -c 300 "$T/err")"
elif ls "$D2" | grep -q tmp; then
    fail concurrent "temporary files left: $(ls "$D2")"
else
    pass concurrent
fi

# Forked children write the cache before their parent: the parent's file
# keeps their blocks, so that in a second run no process translates.
D4=$T/dir-forks
mkdir -m 700 "$D4"
oracle forks "$q" "$BIN/forks"
run $PEEK -tb-cache "$D4" "$BIN/forks"
run $PEEK -tb-cache "$D4" -d tb_cache "$BIN/forks"
n=$(grep -c '^tb-cache: loaded' "$T/err")
if ! same forks; then
    fail forks "output or status differs from qemu's (status $st)"
elif [ "$n" != 4 ] || grep '^tb-cache: loaded' "$T/err" | grep -vq 'translated 0:'; then
    fail forks "$n processes reported; $(grep '^tb-cache: loaded' "$T/err" | tr '\n' ' ')"
else
    pass forks
fi

# The directory stays under 256 MB: two old cache files of 200 and 100 MB
# (sparse) beside a new run's; the least recently used one goes, the other
# stays, and so do files that are not cache files.
D5=$T/dir-bound
mkdir -m 700 "$D5"
truncate -s 200M "$D5/0000000000000001.ptc"
touch -d '2 days ago' "$D5/0000000000000001.ptc"
truncate -s 100M "$D5/0000000000000002.ptc"
touch -d '1 day ago' "$D5/0000000000000002.ptc"
truncate -s 300M "$D5/other.dat"
run $PEEK -tb-cache "$D5" "$cg" 5
left=$(cd "$D5" && ls | tr '\n' ' ')
if ! same cg-riscv64-5; then
    fail dir-bound "output or status differs from qemu's (status $st)"
elif [ -e "$D5/0000000000000001.ptc" ] || [ ! -e "$D5/0000000000000002.ptc" ] || [ ! -e "$D5/other.dat" ] ||
     [ "$(ls "$D5"/*.ptc | wc -l)" != 2 ]; then
    fail dir-bound "left: $left"
else
    pass dir-bound
fi

# A relative directory, given as an option or in the environment, names
# the same place for a program the guest execs from another directory
# (whose cache file is then the only one: the exec'ing one never exits).
for how in option env; do
    mkdir -m 700 "$T/rel-$how"
    if [ $how = option ]; then
        st=$( { cd "$T" && $PEEK -tb-cache "rel-$how" "$BIN/execcd" "$cg" 5 >"$T/out" 2>"$T/err"; echo $?; } 2>/dev/null )
    else
        st=$( { cd "$T" && PEEK_TB_CACHE="rel-$how" $PEEK "$BIN/execcd" "$cg" 5 >"$T/out" 2>"$T/err"; echo $?; } 2>/dev/null )
    fi
    if ! same cg-riscv64-5; then
        fail "relative-dir-$how" "status $st: $(head -c 200 "$T/err")"
    elif [ "$(ls "$T/rel-$how"/*.ptc | wc -l)" != 1 ]; then
        fail "relative-dir-$how" "cache files: $(ls "$T/rel-$how")"
    else
        pass "relative-dir-$how"
    fi
done

# Plugins shape code with this process's addresses: no cache then.
D3=$T/dir-plugin
mkdir -m 700 "$D3"
run $PEEK -tb-cache "$D3" -d tb_cache -plugin "$PLUGIN" "$cg" 5
if ! grep -q "not used: plugins are loaded" "$T/err" || [ -n "$(ls "$D3")" ]; then
    fail plugin-off "$(head -c 300 "$T/err"); files: $(ls "$D3")"
else
    pass plugin-off
fi

# Bad directories: one line, exit 1.
bad() {
    name=$1 re=$2; shift 2
    run "$@"
    if [ "$st" != 1 ] || ! grep -Eq "$re" "$T/err" || [ "$(wc -l < "$T/err")" != 1 ]; then
        fail "$name" "exit $st: $(head -c 300 "$T/err")"
    else
        pass "$name"
    fi
}
bad missing-dir "^peek: -tb-cache: cannot use '$T/none': No such file or directory$" $PEEK -tb-cache "$T/none" "$cg"
mkdir -m 777 "$T/open"
bad shared-dir "^peek: -tb-cache: '.*/open' must belong to you and be writable by nobody else$" \
    $PEEK -tb-cache "$T/open" "$cg"
bad env-dir "^peek: -tb-cache: cannot use '$T/none'" env PEEK_TB_CACHE="$T/none" $PEEK "$cg"
rm -rf "$T"
