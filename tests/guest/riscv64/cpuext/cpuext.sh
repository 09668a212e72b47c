#!/bin/sh
# The -cpu extension tests (see cpuext.mk). Every expectation below is
# written by hand from the ISA and Linux: an instruction of a disabled
# extension is SIGILL (ILL_ILLOPC) at its own pc; without C a jump to an
# address that is not 4-byte aligned is SIGBUS (BUS_ADRALN) at the jump;
# AT_HWCAP has bit (letter - 'a') for each single-letter extension. Where
# qemu 7.2 knows the same property, qemu-riscv64 must agree as well.
# usage: cpuext.sh PEEK BINDIR QEMU
PEEK=$1 BIN=$2 QEMU=$3
T=$BIN/tmp
mkdir -p "$T"
pass() { echo "PASS cpuext-$1"; }
fail() { echo "FAIL cpuext-$1: $2"; }

# run command...: exit status in $st, output in $T/out and $T/err. The
# command substitution keeps the shell's own "Illegal instruction" notice
# out of the results.
run() { st=$( { "$@" >"$T/out" 2>"$T/err"; echo $?; } 2>/dev/null ); }

# expect NAME STATUS STDERR_REGEX command...
expect() {
    name=$1 want=$2 re=$3; shift 3
    run "$@"
    if [ "$st" != "$want" ]; then fail "$name" "exit $st, wanted $want; stderr: $(head -c 200 "$T/err")"; return; fi
    if [ -n "$re" ] && ! grep -Eq "$re" "$T/err"; then fail "$name" "stderr '$(head -c 200 "$T/err")' does not match /$re/"; return; fi
    pass "$name"
}

# expect_error NAME STDERR_REGEX command...: exit 1 with one line on stderr.
expect_error() {
    name=$1 re=$2; shift 2
    run "$@"
    if [ "$st" != 1 ]; then fail "$name" "exit $st, wanted 1; stderr: $(head -c 200 "$T/err")"; return; fi
    if ! grep -Eq "$re" "$T/err"; then fail "$name" "stderr '$(head -c 200 "$T/err")' does not match /$re/"; return; fi
    if [ "$(wc -l < "$T/err")" -ne 1 ]; then fail "$name" "wanted one line on stderr, got $(wc -l < "$T/err")"; return; fi
    pass "$name"
}

SIGILL_MSG='uncaught target signal 4 \(Illegal instruction\)'
SIGBUS_MSG='uncaught target signal 7 \(Bus error\)'

# test  properties that turn it off  qemu 7.2 spelling ("-": qemu differs)
# fcsr: qemu-user never checks F for the fp csrs; zicond: not in qemu 7.2;
# misaligned jumps: qemu 7.2 aborts with "unhandled CPU exception".
while read -r t off qoff; do
    case $t in jal|jalr|branch) sig=7 msg=$SIGBUS_MSG ;; *) sig=4 msg=$SIGILL_MSG ;; esac
    ext=$BIN/ext-$t
    # By default the instruction runs; with any argument the program also
    # installs its handler first, which must not change that.
    expect "$t-on" 0 "" "$PEEK" "$ext"
    expect "$t-on-handler" 0 "" "$PEEK" "$ext" h
    expect "$t-off" $((128 + sig)) "$msg" "$PEEK" -cpu "rv64,$off" "$ext"
    # The handler exits 64 + signal if si_addr and the signal frame's pc
    # both name the probe instruction; on both backends.
    for accel in jit interp; do
        expect "$t-off-at-pc-$accel" $((64 + sig)) "" "$PEEK" -accel $accel -cpu "rv64,$off" "$ext" h
    done
    if [ "$qoff" != - ] && [ -x "$QEMU" ]; then
        run "$QEMU" "$ext"; qon=$st
        run "$QEMU" -cpu "rv64,$qoff" "$ext" h; qst=$st
        if [ "$qon" = 0 ] && [ "$qst" = $((64 + sig)) ]; then pass "$t-qemu-agrees"
        else fail "$t-qemu-agrees" "qemu-riscv64: exit $qon by default (wanted 0), $qst with $qoff (wanted $((64 + sig)))"; fi
    fi
done <<EOF
m m=off m=off
a a=off a=off
f f=off,d=off f=off,d=off
d d=off d=off
fcsr f=off,d=off -
c c=off c=off
cfld d=off d=off
zicsr zicsr=off,f=off,d=off Zicsr=off,f=off,d=off
zifencei zifencei=off Zifencei=off
zba zba=off zba=off
zbb zbb=off zbb=off
zbs zbs=off zbs=off
zicond zicond=off -
jal c=off -
jalr c=off -
branch c=off -
EOF

# Only the named extension goes: its neighbours still run.
expect zba-off-keeps-zbb 0 "" "$PEEK" -cpu rv64,zba=off "$BIN/ext-zbb"
expect c-off-keeps-d 0 "" "$PEEK" -cpu rv64,c=off "$BIN/ext-d"
expect d-off-keeps-f 0 "" "$PEEK" -cpu rv64,d=off "$BIN/ext-f"
expect off-then-on 0 "" "$PEEK" -cpu rv64,m=off,m=on "$BIN/ext-m"

# Spellings: qemu's boolean words, qemu 7.2's capitalised Zicsr/Zifencei,
# the max and any models, and QEMU_CPU (which the command line overrides).
for v in off false no n; do expect "value-$v" 132 "$SIGILL_MSG" "$PEEK" -cpu "rv64,zbs=$v" "$BIN/ext-zbs"; done
for v in on true yes y; do expect "value-$v" 0 "" "$PEEK" -cpu "rv64,zbs=$v" "$BIN/ext-zbs"; done
expect spelling-Zifencei 132 "$SIGILL_MSG" "$PEEK" -cpu rv64,Zifencei=false "$BIN/ext-zifencei"
expect spelling-Zicsr 132 "$SIGILL_MSG" "$PEEK" -cpu rv64,f=off,d=off,Zicsr=false "$BIN/ext-zicsr"
expect model-max 132 "$SIGILL_MSG" "$PEEK" -cpu max,zbb=off "$BIN/ext-zbb"
expect model-any 132 "$SIGILL_MSG" "$PEEK" -cpu any,zbb=off "$BIN/ext-zbb"
expect env-QEMU_CPU 132 "$SIGILL_MSG" env QEMU_CPU=rv64,m=off "$PEEK" "$BIN/ext-m"
expect env-overridden 0 "" env QEMU_CPU=rv64,m=off "$PEEK" -cpu rv64 "$BIN/ext-m"

# AT_HWCAP: i=0x100 m=0x1000 a=0x1 f=0x20 d=0x8 c=0x4; Z extensions have no bit.
while read -r name cpu want; do
    run "$PEEK" -cpu "$cpu" "$BIN/hwcap"
    got=$(cat "$T/out")
    [ "$st" = 0 ] && [ "$got" = "$want" ] && pass "hwcap-$name" || fail "hwcap-$name" "exit $st, got '$got', wanted $want"
    if [ -x "$QEMU" ]; then
        run "$QEMU" -cpu "$cpu" "$BIN/hwcap"
        got=$(cat "$T/out")
        [ "$st" = 0 ] && [ "$got" = "$want" ] && pass "hwcap-$name-qemu-agrees" || fail "hwcap-$name-qemu-agrees" "qemu: exit $st, got '$got', wanted $want"
    fi
done <<EOF
default rv64 0x112d
c-off rv64,c=off 0x1129
m-off rv64,m=off 0x12d
a-off rv64,a=off 0x112c
d-off rv64,d=off 0x1125
fd-off rv64,f=off,d=off 0x1105
zba-off rv64,zba=off 0x112d
only-i rv64,m=off,a=off,f=off,d=off,c=off 0x100
EOF

# Mistakes: one line on stderr, exit 1, nothing run.
expect_error err-i-off "i cannot be turned off" "$PEEK" -cpu rv64,i=off "$BIN/ext-m"
expect_error err-d-without-f "d requires f" "$PEEK" -cpu rv64,f=off "$BIN/ext-m"
expect_error err-d-on-f-off "d requires f" "$PEEK" -cpu rv64,d=on,f=off "$BIN/ext-m"
expect_error err-f-without-zicsr "f requires zicsr" "$PEEK" -cpu rv64,d=off,zicsr=off "$BIN/ext-m"
expect_error err-unknown-prop "unknown property 'zfh'" "$PEEK" -cpu rv64,zfh=on "$BIN/ext-m"
expect_error err-wrong-case "unknown property 'Zba'" "$PEEK" -cpu rv64,Zba=off "$BIN/ext-m"
expect_error err-bad-value "property 'zba' expects on or off, got 'maybe'" "$PEEK" -cpu rv64,zba=maybe "$BIN/ext-m"
expect_error err-no-value "expected property=value, got 'zba'" "$PEEK" -cpu rv64,zba "$BIN/ext-m"
expect_error err-empty-prop "expected property=value" "$PEEK" -cpu rv64, "$BIN/ext-m"
expect_error err-model "unknown CPU model 'rv32'" "$PEEK" -cpu rv32,zba=off "$BIN/ext-m"
expect_error err-env "unknown property 'bogus'" env QEMU_CPU=rv64,bogus=on "$PEEK" "$BIN/ext-m"

# -cpu help: the default model's ISA string and every toggleable extension.
run "$PEEK" -cpu help
if [ "$st" = 0 ] && grep -q 'rv64imafdc_zicond_zicsr_zifencei_zba_zbb_zbs' "$T/out" &&
   grep -Eq '^ +i .* m a f d c zicond zicsr zifencei zba zbb zbs$' "$T/out"; then pass help
else fail help "exit $st: $(cat "$T/out")"; fi
