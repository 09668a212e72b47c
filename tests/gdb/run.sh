#!/bin/sh
# The GDB stub: gdb-multiarch drives `peek -g PORT` with the scripts of
# this folder on target.c, built for each guest. The oracle is the same
# script against qemu-<guest> -g: the two transcripts must match once what
# legitimately differs is normalised (addresses and large numbers, process
# and thread ids, column widths, and QEMU's own aarch64 system registers,
# which peek does not describe). Where qemu-user 7.2 cannot do it (hardware
# watchpoints, Ctrl-C, catch syscall, the executable's path, files), the
# expected result is worked out by hand from target.c. Every peek session
# runs on the JIT and on the interpreter; the basic and threads ones also
# with a plugin loaded. Sessions of one scenario run side by side.
# usage: run.sh PEEK OUTDIR INSN_PLUGIN
#   (OUTDIR holds target-<guest>, tp_reglist.so and freeport)
PEEK=$1 OUT=$(cd "$2" && pwd) INSN=$3
T=$OUT/tmp
rm -rf "$T"
mkdir -p "$T"
D=$(cd "$(dirname "$0")" && pwd)
GDB="timeout 60 gdb-multiarch -nx -batch"
pass() { echo "PASS gdb/$1"; }
fail() { echo "FAIL gdb/$1: $2"; }

if ! command -v gdb-multiarch > /dev/null; then
    fail setup "gdb-multiarch is not installed (scripts/deps.sh installs it)"
    exit 0
fi

free_port() { "$OUT/freeport"; }

# Wait for process $1 at most $2 seconds, then kill it; its status in $rc.
reap() {
    ( sleep "$2"; kill -9 "$1" 2> /dev/null ) &
    w=$!
    wait "$1" 2> /dev/null
    rc=$?
    kill "$w" 2> /dev/null
    wait "$w" 2> /dev/null
}

# session NAME SCRIPTS EMULATOR... -- PROGRAM ARGS: run the emulator with
# -g, and gdb with the scripts (space-separated) on PROGRAM, with the
# guest's sysroot. Transcript NAME.gdb, program output NAME.out, the
# emulator's exit status NAME.rc.
session() {
    name=$1 scripts=$2
    shift 2
    emu=""
    while [ "$1" != -- ]; do emu="$emu $1"; shift; done
    shift
    port=$(free_port)
    # The same environment under either emulator: what is left in a
    # register by the loader depends on it.
    # shellcheck disable=SC2086
    env -i PATH=/usr/bin:/bin $emu -g "$port" "$@" > "$T/$name.out" 2>&1 &
    epid=$!
    xs=""
    for s in $scripts; do xs="$xs -x $D/$s"; done
    # shellcheck disable=SC2086
    $GDB -ex "set pagination off" -ex "set sysroot $SYSROOT" -ex "target remote :$port" \
        $xs "$1" > "$T/$name.gdb" 2>&1
    reap "$epid" 10
    echo "$rc" > "$T/$name.rc"
}

norm() {
    sed -E -e 's/0x[0-9a-f]+/ADDR/g' -e 's/-?[0-9]{6,}/NUM/g' \
        -e 's/process [0-9]+/process PID/g' -e 's/Thread [0-9]+\.[0-9]+/Thread PID.TID/g' \
        -e 's/Hardware watchpoint/Watchpoint/' -e '/^[A-Z][A-Z0-9_]* +ADDR/d' -e 's/[ \t]+/ /g' "$1"
}

# same NAME A B: the normalised transcripts A and B are equal.
same() {
    norm "$2" > "$2.n"
    norm "$3" > "$3.n"
    if cmp -s "$2.n" "$3.n"; then
        pass "$1"
    else
        fail "$1" "differs from qemu: $(diff "$2.n" "$3.n" | grep '^[<>]' | head -4 | tr '\n' '|')"
    fi
}

# has NAME FILE STRING...: FILE contains every STRING (fixed strings).
has() {
    n=$1 f=$2
    shift 2
    for want in "$@"; do
        if ! grep -qF -- "$want" "$f"; then
            fail "$n" "no '$want' in $(basename "$f"): $(tail -c 300 "$f" | tr '\n' '|')"
            return 1
        fi
    done
    pass "$n"
}

# status NAME SESSION WANT: the emulator of SESSION exited with WANT.
status() {
    got=$(cat "$T/$2.rc")
    if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "exit status $got, expected $3"; fi
}

# Ctrl-C: GDB reads commands from a pipe, so that `continue &` returns
# and `interrupt` is sent a second later (qemu-user 7.2 ignores it). The
# program is in spin() first: GDB handles the stops of the dynamic loader
# (library events) only while it waits for a command to finish.
interrupt_session() {
    name=$1
    shift
    port=$(free_port)
    "$@" -g "$port" "$P" spin > "$T/$name.out" 2>&1 &
    epid=$!
    {
        echo "set confirm off"
        echo "set pagination off"
        echo "set sysroot $SYSROOT"
        echo "file $P"
        echo "target remote :$port"
        echo "break spin"
        echo "continue"
        echo "delete"
        echo "continue &"
        sleep 1
        echo "interrupt"
        sleep 1
        echo "bt 1"
        echo "set var stop = 1"
        echo "continue"
        echo "quit"
    } | timeout 60 gdb-multiarch -nx -q > "$T/$name.gdb" 2>&1
    reap "$epid" 10
    echo "$rc" > "$T/$name.rc"
}

for g in riscv64 aarch64; do
    P=$OUT/target-$g
    case $g in
    riscv64) QEMU="qemu-riscv64 -L /usr/riscv64-linux-gnu"; SYSROOT=/usr/riscv64-linux-gnu ;;
    aarch64) QEMU="qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max,sve=off"
             SYSROOT=/usr/aarch64-linux-gnu ;;
    esac

    # ---- the same script against qemu: name|scripts|what qemu's run shows
    for c in "basic|basic.gdb basic-$g.gdb|Breakpoint 2, mul (x=4)" \
             "watch|watch.gdb|New value = 21" \
             "threads|threads.gdb|worker_stop (n=1)" \
             "signals|signals.gdb|Program terminated with signal SIGSEGV" \
             "sigpass|sigpass.gdb|Program terminated with signal SIGUSR1"; do
        sc=${c%%|*} rest=${c#*|}
        scripts=${rest%%|*} mark=${rest#*|}
        # qemu-user has no hardware watchpoints: GDB single-steps instead.
        qs=$scripts
        [ "$sc" = watch ] && qs="sw-watch.gdb $scripts"
        variants="jit interp"
        case $sc in basic|threads) variants="$variants plugin" ;; esac
        # shellcheck disable=SC2086
        session "$g-$sc-qemu" "$qs" $QEMU -- "$P" "$sc" &
        for v in $variants; do
            case $v in
            plugin) session "$g-$sc-$v" "$scripts" "$PEEK" -plugin "$INSN" -d plugin -- "$P" "$sc" & ;;
            *) session "$g-$sc-$v" "$scripts" "$PEEK" -accel "$v" -- "$P" "$sc" & ;;
            esac
        done
        wait
        q=$T/$g-$sc-qemu.gdb
        if ! grep -qF "$mark" "$q"; then
            fail "$g-$sc-oracle" "the qemu run did not get to '$mark'"
            continue
        fi
        for v in $variants; do
            same "$g-$sc-$v" "$q" "$T/$g-$sc-$v.gdb"
        done
        case $variants in *plugin*) has "$g-$sc-plugin-report" "$T/$g-$sc-plugin.out" "total insns:" ;; esac
    done

    # Detach and kill do nothing the backend has a part in: the JIT only.
    session "$g-detach" detach.gdb "$PEEK" -- "$P" basic &
    session "$g-kill" kill.gdb "$PEEK" -- "$P" basic &
    for v in jit interp; do
        X="$PEEK -accel $v"
        session "$g-rwatch-$v" rwatch.gdb $X -- "$P" watch &
        session "$g-hits-$v" hits.gdb $X -- "$P" hits &
        wait
        # A read watchpoint: table[1] is written on one line, read on the next.
        has "$g-rwatch-$v" "$T/$g-rwatch-$v.gdb" "Hardware read watchpoint 2: table[1]" \
            "Value = 21" "return table[1] == 21 ? 0 : 1;" "exited normally"
        # 4 threads x 50 calls: every hit reported, none twice.
        has "$g-hits-$v" "$T/$g-hits-$v.gdb" "breakpoint already hit 200 times" &&
            has "$g-hits-output-$v" "$T/$g-hits-$v.out" "hits=200"
        # Ctrl-C stops the loop in spin(); stop = 1 lets it return 7.
        interrupt_session "$g-interrupt-$v" $X
        has "$g-interrupt-$v" "$T/$g-interrupt-$v.gdb" "Program received signal SIGINT, Interrupt." \
            "spin () at" "exited with code 07" && status "$g-interrupt-status-$v" "$g-interrupt-$v" 7
    done
    # Detached at add(), the program ends alone: counter = 5 + 2, then
    # + 4 * 1.5, and table[2] is 30.
    has "$g-detach" "$T/$g-detach.out" "counter=13 table=30" && status "$g-detach-status" "$g-detach" 13
    # GDB's kill is SIGKILL's.
    status "$g-kill" "$g-kill" 137

    # ---- catch syscall: GDB 13 has it for aarch64, not yet for riscv.
    # write(1, msg, 17) is caught going in (x0 = 1, x2 = 17) and coming
    # out (x0 = 17 bytes written).
    if [ "$g" = aarch64 ]; then
        session "$g-catch" catch.gdb "$PEEK" -- "$P" write
        has "$g-catch" "$T/$g-catch.gdb" "Catchpoint 2 (call to syscall write)" '$1 = 1' '$2 = 17' \
            "Catchpoint 2 (returned from syscall write)" '$3 = 17' "exited with code 03"
    fi

    # ---- info auxv shows what the program itself reads with getauxval
    session "$g-auxv" auxv.gdb "$PEEK" -- "$P" auxv
    bad=""
    for k in AT_PHDR AT_PHNUM AT_PAGESZ AT_BASE AT_ENTRY AT_HWCAP AT_RANDOM AT_EXECFN; do
        want=$(sed -n "s/^$k 0x//p" "$T/$g-auxv.out")
        grep -Eq "^[0-9]+ +$k .* (0x0*$want|$((0x${want:-x})))( |\$)" "$T/$g-auxv.gdb" 2> /dev/null ||
            bad="$bad $k=0x$want"
    done
    if [ -z "$bad" ] && grep -q "^AT_PHDR 0x" "$T/$g-auxv.out"; then
        pass "$g-auxv"
    else
        fail "$g-auxv" "not as the program saw them:${bad:- (no output)}"
    fi

    # ---- no program for GDB, no sysroot: it takes the executable's path
    # from the stub (qXfer:exec-file) and reads it, the libraries and /proc
    # through host I/O (vFile), as the guest would open them.
    port=$(free_port)
    "$PEEK" -g "$port" "$P" basic > "$T/$g-exec.out" 2>&1 &
    epid=$!
    $GDB -ex "set pagination off" -ex "target remote :$port" -x "$D/exec.gdb" > "$T/$g-exec.gdb" 2>&1
    reap "$epid" 10
    has "$g-exec" "$T/$g-exec.gdb" "Reading symbols from target:$P..." "exe = '$P'" \
        "cmdline = '$P basic'" "r-xp   $P" "Breakpoint 1, add (a=5, b=2)" \
        "Reading /lib/libc.so.6 from remote target..."

    # ---- QEMU_GDB is -g
    port=$(free_port)
    QEMU_GDB=$port "$PEEK" "$P" basic > "$T/$g-env.out" 2>&1 &
    epid=$!
    $GDB -ex "set sysroot $SYSROOT" -ex "target remote :$port" -ex continue "$P" > "$T/$g-env.gdb" 2>&1
    reap "$epid" 10
    has "$g-env" "$T/$g-env.gdb" "exited with code 015"

    # ---- the registers: peek's target description names, groups and sizes
    # them as qemu's does (its GDB features; qemu's aarch64 adds system
    # registers of its own), and plugins see that same list.
    port=$(free_port)
    # shellcheck disable=SC2086
    $QEMU -g "$port" "$P" > /dev/null 2>&1 &
    epid=$!
    $GDB -ex "target remote :$port" -ex "maint print xml-tdesc" -ex kill "$P" > "$T/$g-tdesc-qemu" 2>&1
    reap "$epid" 10
    port=$(free_port)
    "$PEEK" -g "$port" "$P" > /dev/null 2>&1 &
    epid=$!
    $GDB -ex "target remote :$port" -ex "maint print xml-tdesc" -ex kill "$P" > "$T/$g-tdesc-peek" 2>&1
    reap "$epid" 10
    regs() {
        awk '/<feature name="org.gnu.gdb/ { f = $2; sub(/name="/, "", f); sub(/">/, "", f); on = 1 }
             /<feature name="org.qemu/ { on = 0 }
             on && /<reg / { n = $0; sub(/.*name="/, "", n); sub(/".*/, "", n)
                            b = $0; sub(/.*bitsize="/, "", b); sub(/".*/, "", b)
                            t = $0; sub(/.*type="/, "", t); sub(/".*/, "", t)
                            print f, n, b, t }' "$1"
    }
    regs "$T/$g-tdesc-qemu" > "$T/$g-regs-qemu"
    regs "$T/$g-tdesc-peek" > "$T/$g-regs-peek"
    if [ -s "$T/$g-regs-qemu" ] && cmp -s "$T/$g-regs-qemu" "$T/$g-regs-peek"; then
        pass "$g-tdesc"
    else
        fail "$g-tdesc" "$(diff "$T/$g-regs-qemu" "$T/$g-regs-peek" | grep '^[<>]' | head -3 | tr '\n' '|')"
    fi
    "$PEEK" -plugin "$OUT/tp_reglist.so" "$P" > "$T/$g-plugin-regs" 2>&1
    awk '{ print $1, $2, $3 }' "$T/$g-regs-peek" > "$T/$g-regs-want"
    sed -n 's/^reg \([^ ]*\) \([^ ]*\) \(.*\)/\2 \1 \3/p' "$T/$g-plugin-regs" |
        awk '{ print $1, $2, $3 * 8 }' > "$T/$g-regs-plugin"
    if [ -s "$T/$g-regs-want" ] && cmp -s "$T/$g-regs-want" "$T/$g-regs-plugin"; then
        pass "$g-plugin-regs"
    else
        fail "$g-plugin-regs" "$(diff "$T/$g-regs-want" "$T/$g-regs-plugin" | grep '^[<>]' | head -3 | tr '\n' '|')"
    fi
done

# ---- single steps (vCont;s) straight through the rest of a static
# program from add() to its exit: every pc as qemu's, except that after a
# syscall instruction peek stops right after it, where Linux stops, while
# qemu-aarch64 7.2 runs one more instruction first (qemu-riscv64 does not).
# GDB itself never single-steps a riscv64 target (it plants breakpoints).
for g in riscv64 aarch64; do
    S=$OUT/target-static-$g
    case $g in
    riscv64) QEMU="qemu-riscv64"; syscall_insn=none; OBJDUMP=riscv64-linux-gnu-objdump ;;
    aarch64) QEMU="qemu-aarch64 -cpu max,sve=off"; syscall_insn=svc; OBJDUMP=aarch64-linux-gnu-objdump ;;
    esac
    add=$($OBJDUMP -t "$S" | awk '$NF == "add" { print $1 }')
    $OBJDUMP -d "$S" | awk -v i="$syscall_insn" '$3 == i { sub(":", "", $1); print $1 }' > "$T/$g-syscalls"
    for e in qemu jit interp; do
        (
            port=$(free_port)
            case $e in
            qemu) $QEMU -g "$port" "$S" basic > /dev/null 2>&1 & ;;
            *) "$PEEK" -accel "$e" -g "$port" "$S" basic > /dev/null 2>&1 & ;;
            esac
            epid=$!
            timeout 60 python3 "$D/rsp.py" steps "$port" "$add" 5000 > "$T/$g-steps-$e" 2>&1
            reap "$epid" 10
        ) &
    done
    wait
    for e in jit interp; do
        awk -v list="$T/$g-syscalls" 'BEGIN { while ((getline l < list) > 0) sys[l] = 1 }
            !(prev in sys) || $1 == "stop" { print } { prev = $1 }' "$T/$g-steps-$e" > "$T/$g-steps-$e.n"
        if grep -q "^stop W0d" "$T/$g-steps-qemu" && cmp -s "$T/$g-steps-qemu" "$T/$g-steps-$e.n"; then
            pass "$g-steps-$e"
        else
            fail "$g-steps-$e" "$(diff "$T/$g-steps-qemu" "$T/$g-steps-$e.n" | grep '^[<>]' | head -3 | tr '\n' '|')"
        fi
    done
    # ---- single packets and their answers
    port=$(free_port)
    "$PEEK" -g "$port" "$OUT/target-$g" basic > /dev/null 2>&1 &
    epid=$!
    timeout 60 python3 "$D/rsp.py" packets "$port" "$g" 2>&1 | sed "s|^\(PASS\|FAIL\) gdb/|\1 gdb/$g-|"
    reap "$epid" 10
done

# ---- uftrace's requirement: riscv64 has priv, and it reads 0 (user mode)
has riscv64-priv "$T/riscv64-plugin-regs" "priv 0"

# ---- a busy port is one line and exit status 1
port=$(free_port)
"$PEEK" -g "$port" "$OUT/target-riscv64" > /dev/null 2>&1 &
epid=$!
sleep 0.3
"$PEEK" -g "$port" "$OUT/target-riscv64" > "$T/busy.out" 2>&1
rc=$?
kill "$epid" 2> /dev/null
wait "$epid" 2> /dev/null
if [ "$rc" = 1 ] && [ "$(wc -l < "$T/busy.out")" = 1 ] &&
   grep -q "^peek: -g: cannot listen on port $port: Address already in use$" "$T/busy.out"; then
    pass busy-port
else
    fail busy-port "exit $rc: $(head -c 200 "$T/busy.out")"
fi
