#!/bin/sh
# Command-line tests: options, environment variables and every bad-input
# path of `peek`. Expected outputs are written by hand here from what
# qemu-user documents; each case prints PASS or FAIL.
# usage: cli.sh PEEK GUEST_PROGRAM TMPDIR
PEEK=$1 PROG=$2 T=$3
mkdir -p "$T"
pass() { echo "PASS cli-$1"; }
fail() { echo "FAIL cli-$1: $2"; }

# expect NAME EXPECTED_STATUS STDERR_REGEX -- command...
expect() {
    name=$1 want=$2 re=$3; shift 4
    "$@" >"$T/out" 2>"$T/err"; st=$?
    if [ "$st" -ne "$want" ]; then fail "$name" "exit $st, wanted $want; stderr: $(head -c 200 "$T/err")"; return; fi
    if [ -n "$re" ] && ! grep -Eq "$re" "$T/err"; then fail "$name" "stderr '$(head -c 200 "$T/err")' does not match /$re/"; return; fi
    if [ "$want" -ne 0 ] && [ "$(wc -l < "$T/err")" -ne 1 ]; then fail "$name" "wanted exactly one line on stderr, got $(wc -l < "$T/err")"; return; fi
    pass "$name"
}

expect unknown-option 1 "unknown option '-frobnicate'" -- "$PEEK" -frobnicate "$PROG"
expect no-program 1 "no program" -- "$PEEK"
expect missing-arg 1 "needs an argument" -- "$PEEK" -L
expect missing-file 1 "$T/nonexistent" -- "$PEEK" "$T/nonexistent"
printf 'hello\n' > "$T/text"
expect not-elf 1 "not an ELF" -- "$PEEK" "$T/text"
: > "$T/empty"
expect empty-file 1 "$T/empty" -- "$PEEK" "$T/empty"
expect wrong-arch 1 "(machine|architecture)" -- "$PEEK" /bin/true
head -c 100 "$PROG" > "$T/trunc"
expect truncated 1 "$T/trunc" -- "$PEEK" "$T/trunc"
expect bad-log-item 1 "unknown log item 'bogus'" -- "$PEEK" -d in_asm,bogus "$PROG"
expect bad-cpu 1 "unknown CPU model 'pentium'" -- "$PEEK" -cpu pentium "$PROG"
expect bad-cpu-prop 1 "property 'zzz'" -- "$PEEK" -cpu rv64,zzz=on "$PROG"
expect bad-stack 1 "invalid size" -- "$PEEK" -s 12q "$PROG"
expect bad-seed 1 "invalid seed" -- "$PEEK" -seed xyz "$PROG"
expect bad-accel 1 "unknown backend" -- "$PEEK" -accel warp "$PROG"
expect bad-logfile 1 "cannot open log file" -- "$PEEK" -D /nonexistent/dir/log "$PROG"
# qemu takes one %d (the pid) in the -D name, and nothing else after a %
expect bad-logfile-template 1 "bad log file name '.*/x%s'" -- "$PEEK" -D "$T/x%s" "$PROG"
expect bad-logfile-two-pids 1 "bad log file name" -- "$PEEK" -D "$T/x%d%d" "$PROG"
# peek keeps 16 descriptors above the guest's limit, which needs some room
expect low-nofile 1 "descriptor limit .* too low" -- prlimit --nofile=70:70 "$PEEK" "$PROG"
expect tid-needs-template 1 "must contain '%d'" -- "$PEEK" -d tid -D "$T/log" "$PROG"
expect bad-dfilter 1 "bad range '0x1000'" -- "$PEEK" -dfilter 0x1000 "$PROG"
expect bad-dfilter-number 1 "bad range '0x10zz..0x20'" -- "$PEEK" -dfilter 0x100..0x200,0x10zz..0x20 "$PROG"
expect bad-dfilter-order 1 "invalid range '0x2000..0x1000'" -- "$PEEK" -dfilter 0x2000..0x1000 "$PROG"
expect bad-dfilter-empty 1 "empty range '0x1000\+0'" -- "$PEEK" -dfilter 0x1000+0 "$PROG"
expect bad-dfilter-wrap 1 "invalid range '0x10-0x20'" -- "$PEEK" -dfilter 0x10-0x20 "$PROG"
expect bad-dfilter-env 1 "bad range 'x'" -- env QEMU_DFILTER=x "$PEEK" "$PROG"
expect bad-guest-base 1 "not a multiple of the page size" -- "$PEEK" -B 0x1234 "$PROG"
expect bad-guest-base-number 1 "invalid address 'high'" -- "$PEEK" -B high "$PROG"
expect bad-reserved-va 1 "between 16M and" -- "$PEEK" -R 1k "$PROG"
expect bad-reserved-va-size 1 "invalid size" -- "$PEEK" -R lots "$PROG"
expect bad-pagesize 1 "power of two" -- "$PEEK" -p 1000 "$PROG"
expect bad-pagesize-env 1 "power of two" -- env QEMU_PAGESIZE=0 "$PEEK" "$PROG"
expect bad-gdb-port 1 "peek: -g: invalid port 'abc'" -- "$PEEK" -g abc "$PROG"
expect bad-gdb-port-range 1 "peek: -g: invalid port '70000'" -- "$PEEK" -g 70000 "$PROG"
expect bad-gdb-port-env 1 "peek: -g: invalid port '0'" -- env QEMU_GDB=0 "$PEEK" "$PROG"

# -version / -help / -cpu help / -d help succeed and print something sensible
"$PEEK" -version > "$T/out" 2>&1 && grep -q '^peek version' "$T/out" && pass version || fail version "$(cat "$T/out")"
"$PEEK" -help > "$T/out" 2>&1 && grep -q 'QEMU_LD_PREFIX' "$T/out" && grep -q -- '-one-insn-per-tb' "$T/out" && pass help || fail help "no option table"
"$PEEK" -cpu help > "$T/out" 2>&1 && grep -q 'rv64' "$T/out" && pass cpu-help || fail cpu-help "$(cat "$T/out")"
"$PEEK" -d help > "$T/out" 2>&1 && grep -q 'in_asm' "$T/out" && pass log-help || fail log-help "$(cat "$T/out")"
# every item qemu-user 7.2 lists that has a meaning in user mode
missing=
for item in out_asm in_asm op op_opt int exec cpu fpu unimp guest_errors page nochain plugin strace tid; do
    grep -q "^$item " "$T/out" || missing="$missing $item"
done
[ -z "$missing" ] && pass log-help-items || fail log-help-items "missing:$missing"

# exit status passes through
"$PEEK" "$PROG" 42 > /dev/null 2>&1; st=$?
[ $st -eq 42 ] && pass exit-status || fail exit-status "got $st"

# argv, -0, -E, -U and their environment variables
"$PEEK" "$PROG" 0 a "b c" > "$T/out" 2>&1
printf 'argv[0]=%s\nargv[1]=0\nargv[2]=a\nargv[3]=b c\n' "$PROG" | cmp -s - "$T/out" && pass argv || fail argv "$(cat "$T/out")"
"$PEEK" -0 myname "$PROG" > "$T/out" 2>&1
grep -qx 'argv\[0\]=myname' "$T/out" && pass argv0 || fail argv0 "$(cat "$T/out")"
QEMU_ARGV0=envname "$PEEK" "$PROG" > "$T/out" 2>&1
grep -qx 'argv\[0\]=envname' "$T/out" && pass argv0-env || fail argv0-env "$(cat "$T/out")"
PEEK_TEST_SHOW=FOO,BAR FOO=1 BAR=2 "$PEEK" -E FOO=x -U BAR "$PROG" > "$T/out" 2>&1
grep -qx 'FOO=x' "$T/out" && grep -qx 'BAR=unset' "$T/out" && pass set-unset-env || fail set-unset-env "$(cat "$T/out")"
PEEK_TEST_SHOW=FOO,BAR,BAZ BAR=2 QEMU_SET_ENV=FOO=y,BAZ=z QEMU_UNSET_ENV=BAR "$PEEK" "$PROG" > "$T/out" 2>&1
grep -qx 'FOO=y' "$T/out" && grep -qx 'BAZ=z' "$T/out" && grep -qx 'BAR=unset' "$T/out" && pass set-unset-env-vars || fail set-unset-env-vars "$(cat "$T/out")"
"$PEEK" -- "$PROG" 3 > /dev/null 2>&1; st=$?
[ $st -eq 3 ] && pass double-dash || fail double-dash "got $st"
"$PEEK" --one-insn-per-tb "$PROG" 5 > /dev/null 2>&1; st=$?
[ $st -eq 5 ] && pass long-option-form || fail long-option-form "got $st"

# -seed makes AT_RANDOM reproducible; without it, two runs differ
PEEK_TEST_RANDOM=1 "$PEEK" -seed 7 "$PROG" > "$T/r1" 2>&1
PEEK_TEST_RANDOM=1 "$PEEK" -seed 7 "$PROG" > "$T/r2" 2>&1
PEEK_TEST_RANDOM=1 "$PEEK" -seed 8 "$PROG" > "$T/r3" 2>&1
PEEK_TEST_RANDOM=1 "$PEEK" "$PROG" > "$T/r4" 2>&1
PEEK_TEST_RANDOM=1 "$PEEK" "$PROG" > "$T/r5" 2>&1
if cmp -s "$T/r1" "$T/r2" && ! cmp -s "$T/r1" "$T/r3" && ! cmp -s "$T/r4" "$T/r5" && grep -q random= "$T/r1"; then
    pass seed
else
    fail seed "$(cat "$T/r1" "$T/r3" "$T/r4" "$T/r5" | grep random)"
fi

# -d in_asm,op to a -D file: disassembly and IR of the first block
"$PEEK" -d in_asm,op -D "$T/log" "$PROG" > /dev/null 2>&1
if grep -q '^IN:' "$T/log" && grep -q '^OP:' "$T/log" && grep -q -- '---- ' "$T/log"; then pass log-in-asm-op; else fail log-in-asm-op "$(head -5 "$T/log")"; fi
# -strace names the exit_group call
"$PEEK" -strace "$PROG" 9 > /dev/null 2> "$T/err"
grep -q 'exit_group(9' "$T/err" && pass strace || fail strace "$(tail -3 "$T/err")"
# -one-insn-per-tb: every block in the log holds one instruction
"$PEEK" -one-insn-per-tb -d in_asm -D "$T/log1" "$PROG" > /dev/null 2>&1
blocks=$(grep -c '^IN:' "$T/log1"); insns=$(grep -c '^0x' "$T/log1")
[ "$blocks" -gt 100 ] && [ "$blocks" -eq "$insns" ] && pass one-insn-per-tb || fail one-insn-per-tb "$blocks blocks, $insns insns"
# -perfmap: /tmp/perf-PID.map names every generated block by its guest pc;
# the first block is the program's entry point (from the ELF header)
sh -c 'echo $$ > "$1/pid"; exec "$2" -perfmap "$3" 3' sh "$T" "$PEEK" "$PROG" > /dev/null 2>&1
map=/tmp/perf-$(cat "$T/pid").map
entry=$(od -An -tx8 -j24 -N8 "$PROG" | tr -d ' ' | sed 's/^0*//')
if [ -f "$map" ] && [ "$(grep -cvE '^[0-9a-f]+ [0-9a-f]+ guest-0x[0-9a-f]+$' "$map")" -eq 0 ] &&
   [ "$(head -1 "$map" | sed 's/.* guest-0x//')" = "$entry" ] && [ "$(wc -l < "$map")" -gt 10 ]; then
    pass perfmap
else
    fail perfmap "$(head -2 "$map" 2>&1), entry $entry"
fi
rm -f "$map"
# -perfmap with perf itself, in a forked child: forkwork's child spends
# its time in spin(). perf names code in an anonymous mapping from the perf
# map of the process that mapped it, so the child's hottest samples must be
# in its own "[JIT] tid <child>" and on a guest-0x<pc> symbol inside spin
# (riscv64-linux-gnu-nm gives its range).
FW=$(dirname "$PROG")/forkwork
if ! command -v perf > /dev/null; then
    echo "SKIP perfmap-perf-fork: perf is not installed (scripts/deps.sh installs linux-perf)"
else
    perf record -q -o "$T/perf.data" -- "$PEEK" -perfmap "$FW" > "$T/fw.out" 2> "$T/fw.err"
    child=$(sed -n 's/^child //p' "$T/fw.out")
    top=$(perf report -i "$T/perf.data" --stdio --sort pid,dso,sym 2> /dev/null | grep -m1 " $child:peek ")
    pc=$(echo "$top" | sed -n "s/.* \\[JIT\\] tid $child  *\\[\\.\\] guest-\\(0x[0-9a-f]*\\)\$/\\1/p")
    spin=$(riscv64-linux-gnu-nm -S "$FW" | awk '$4 == "spin" { print $1, $2 }')
    lo=$((0x${spin% *})) hi=$((0x${spin% *} + 0x${spin#* }))
    if [ -n "$child" ] && [ -n "$pc" ] && [ $((pc)) -ge "$lo" ] && [ $((pc)) -lt "$hi" ]; then
        pass perfmap-perf-fork
    else
        fail perfmap-perf-fork "child '$child', its hottest: '$top', spin at $spin; $(head -c 200 "$T/fw.err")"
    fi
    for p in $(perf report -i "$T/perf.data" --stdio --sort pid 2> /dev/null | sed -n 's/.* \([0-9]*\):peek.*/\1/p'); do
        rm -f "/tmp/perf-$p.map"
    done
fi
# the alias name works
ln -sf "$(cd "$(dirname "$PEEK")" && pwd)/$(basename "$PEEK")" "$T/peek-riscv64"
"$T/peek-riscv64" "$PROG" 4 > /dev/null 2>&1; st=$?
[ $st -eq 4 ] && pass alias || fail alias "got $st"
exit 0
