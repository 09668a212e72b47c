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
expect bad-gdb-port 1 "peek: -g: invalid port 'abc'" -- "$PEEK" -g abc "$PROG"
expect bad-gdb-port-range 1 "peek: -g: invalid port '70000'" -- "$PEEK" -g 70000 "$PROG"
expect bad-gdb-port-env 1 "peek: -g: invalid port '0'" -- env QEMU_GDB=0 "$PEEK" "$PROG"

# -version / -help / -cpu help / -d help succeed and print something sensible
"$PEEK" -version > "$T/out" 2>&1 && grep -q '^peek version' "$T/out" && pass version || fail version "$(cat "$T/out")"
"$PEEK" -help > "$T/out" 2>&1 && grep -q 'QEMU_LD_PREFIX' "$T/out" && grep -q -- '-one-insn-per-tb' "$T/out" && pass help || fail help "no option table"
"$PEEK" -cpu help > "$T/out" 2>&1 && grep -q 'rv64' "$T/out" && pass cpu-help || fail cpu-help "$(cat "$T/out")"
"$PEEK" -d help > "$T/out" 2>&1 && grep -q 'in_asm' "$T/out" && pass log-help || fail log-help "$(cat "$T/out")"

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
# the alias name works
ln -sf "$(cd "$(dirname "$PEEK")" && pwd)/$(basename "$PEEK")" "$T/peek-riscv64"
"$T/peek-riscv64" "$PROG" 4 > /dev/null 2>&1; st=$?
[ $st -eq 4 ] && pass alias || fail alias "got $st"
exit 0
