#!/bin/sh
# Plugin API tests: run.sh PEEK OUTDIR [LABEL], one "PASS name" /
# "FAIL name: why" line per case (names prefixed with LABEL/ if given; the
# backend comes from PEEK_ACCEL). Expected numbers come from the guest programs themselves
# (hand counts in their comments) and from the symbol table of each guest
# (riscv64-linux-gnu-nm), never from peek.
PEEK=$(realpath "$1")
T=$(realpath "$2")
G=$T/guest
NM=riscv64-linux-gnu-nm
L=${3:+$3/}
TMP=$T/tmp${3:+-$3}
rm -rf "$TMP"
mkdir -p "$TMP"

pass() { echo "PASS $L$1"; }
fail() { echo "FAIL $L$1: $2"; }

# sym PROGRAM NAME: the symbol's address as 0x<hex without leading zeros>
sym() { printf '0x%x' "$(( 0x$($NM "$1" | awk -v s="$2" '$3 == s { print $1; exit }') ))"; }
# symsize PROGRAM NAME: its size in bytes
symsize() { echo $(( 0x$($NM -S "$1" | awk -v s="$2" '$4 == s { print $2; exit }') )); }

# peekrun NAME [peek args...]: stdout in $TMP/NAME.out, stderr in .err, the
# plugin log (-d plugin) in .log, exit status in $rc (124 after 300 s).
peekrun() {
    n=$1
    shift
    timeout 300 "$PEEK" -d plugin -D "$TMP/$n.log" "$@" > "$TMP/$n.out" 2> "$TMP/$n.err" < /dev/null
    rc=$?
}

# expect_line NAME FILE LINE: FILE has LINE exactly.
expect_line() {
    if grep -qxF -- "$3" "$2"; then
        pass "$1"
    else
        fail "$1" "expected line '$3' in $(basename "$2"): $(head -c 600 "$2" | tr '\n' '|')"
    fi
}

# expect_match NAME FILE REGEX: some line of FILE matches the basic REGEX.
expect_match() {
    if grep -q -- "$3" "$2"; then
        pass "$1"
    else
        fail "$1" "no line matching '$3' in $(basename "$2"): $(head -c 600 "$2" | tr '\n' '|')"
    fi
}

# expect_file NAME EXPECTED ACTUAL: the files are the same, line for line.
expect_file() {
    if diff "$2" "$3" > "$3.diff"; then
        pass "$1"
    else
        fail "$1" "$(head -c 600 "$3.diff" | tr '\n' '|')"
    fi
}

# expect_text NAME FILE TEXT: FILE holds TEXT and nothing else.
expect_text() {
    if [ "$(cat "$2")" = "$3" ]; then
        pass "$1"
    else
        fail "$1" "got '$(tr '\n' '|' < "$2")'"
    fi
}

# ---- instruction counts: loop.S runs 2 * 1000 + 4 = 2004 instructions in
# 1001 blocks; its last instruction is the ecall at last_insn.
last=$(sym "$G/loop" last_insn)
peekrun count "-plugin" "$T/tp_count.so" "$G/loop"
expect_line count-loop "$TMP/count.log" \
    "insns_cb=2004 insns_inline=2004 tb_insns=2004 tbs=1001 cb_tb_insns=2004 cond_eq=1 cond_ge=5 never=0 last=$last"
expect_line count-vcpu "$TMP/count.log" "vcpus=1 inits=1 exits=0 ud=atexit-userdata"

# ---- a tb_trans callback registered late, from a system call's callback:
# blocks made before it, without plugins, are made again for it, so that
# every instruction after the call counts (latetrans.S: 210 by hand).
peekrun late -plugin "$T/tp_count.so,late=172" "$G/latetrans"
expect_match count-late-trans "$TMP/late.log" "^insns_cb=210 insns_inline=210 tb_insns=210 "
peekrun late_inline -plugin "$T/tp_count.so,late=172,only=inline" "$G/latetrans"
expect_match count-late-trans-inline "$TMP/late_inline.log" "^insns_cb=0 insns_inline=210 "
[ "$rc" = 0 ] && pass count-exit || fail count-exit "status $rc"

peekrun count1 -one-insn-per-tb -plugin "$T/tp_count.so" "$G/loop"
expect_line count-one-insn-per-tb "$TMP/count1.log" \
    "insns_cb=2004 insns_inline=2004 tb_insns=2004 tbs=2004 cb_tb_insns=2004 cond_eq=1 cond_ge=5 never=0 last=$last"

# Fifty inline adds per instruction on a 400-instruction straight line: the
# blocks are split to fit, and every count stays exact (403 instructions).
peekrun heavy -plugin "$T/tp_count.so,heavy=50" "$G/straight"
expect_line heavy-split-exact "$TMP/heavy.log" "heavy=20150"
grep -q '^insns_cb=403 insns_inline=403 tb_insns=403 tbs=[0-9]* cb_tb_insns=403 cond_eq=0 cond_ge=0 never=0 ' \
    "$TMP/heavy.log" && pass heavy-counts || fail heavy-counts "$(tr '\n' '|' < "$TMP/heavy.log")"

# ---- merged inline additions stay exact: in fault.S a load faults in the
# middle of a block and the handler exits; 4018 instructions run (see its
# comments), 4013 up to and including probe. The first instance counts
# only with inline adds, which peek merges within stretches of a block;
# its callback at probe must see 4013 and adds 1000000, which the later
# adds must keep. The second instance counts with callbacks (exact).
probe=$(sym "$G/fault" probe)
peekrun fault -plugin "$T/tp_count.so,only=inline,probe=$probe,bias=1000000" -plugin "$T/tp_count.so" "$G/fault"
grep -q '^insns_cb=0 insns_inline=1004018 ' "$TMP/fault.log" && pass inline-merged-exact-at-fault ||
    fail inline-merged-exact-at-fault "$(tr '\n' '|' < "$TMP/fault.log")"
expect_line inline-merged-probe "$TMP/fault.log" "probe saw 4013"
grep -q '^insns_cb=4018 insns_inline=4018 ' "$TMP/fault.log" && pass inline-callback-count-at-fault ||
    fail inline-callback-count-at-fault "$(tr '\n' '|' < "$TMP/fault.log")"

# ---- one inline addition for a whole block, taken back in part when an
# access in its middle faults (plan_merges' unwind table): fault_far.S
# faults three times at an address outside the guest space (the JIT's
# out-of-line check, the interpreter's) and its handler carries on, 30
# instructions in all; fault_kill.S dies of its fault after 4 (see their
# comments). The callback count of the second instance is the check.
peekrun fault_far -plugin "$T/tp_count.so,only=inline" -plugin "$T/tp_count.so" "$G/fault_far"
grep -q '^insns_cb=0 insns_inline=30 ' "$TMP/fault_far.log" && pass inline-unwind-far-fault-handled ||
    fail inline-unwind-far-fault-handled "$(tr '\n' '|' < "$TMP/fault_far.log")"
grep -q '^insns_cb=30 insns_inline=30 ' "$TMP/fault_far.log" && pass callback-count-far-fault-handled ||
    fail callback-count-far-fault-handled "$(tr '\n' '|' < "$TMP/fault_far.log")"
peekrun fault_kill -plugin "$T/tp_count.so,only=inline" -plugin "$T/tp_count.so" "$G/fault_kill"
grep -q '^insns_cb=0 insns_inline=4 ' "$TMP/fault_kill.log" && pass inline-unwind-fatal-fault ||
    fail inline-unwind-fatal-fault "rc=$rc $(tr '\n' '|' < "$TMP/fault_kill.log")"
grep -q '^insns_cb=4 insns_inline=4 ' "$TMP/fault_kill.log" && pass callback-count-fatal-fault ||
    fail callback-count-fatal-fault "rc=$rc $(tr '\n' '|' < "$TMP/fault_kill.log")"

# ---- a range check of two accesses at once that fails (the JIT's grouped
# check, made under plugins too): the block leaves at the first access and
# its tail runs the rest with the block's instrumentation. groupfail.S
# (with -R 1G) runs 65 instructions in 16 blocks by hand (71 counted at
# block starts: its faulting blocks' last two never run), qemu agreeing.
# A block of one instruction shown to the plugins, or an instruction
# counted twice, changes them. Inline counts only: a callback between the
# two loads keeps them from being checked at once.
peekrun groupfail_sb -R 1G -plugin "$T/tp_count.so,only=inline" "$G/groupfail"
grep -q '^insns_cb=0 insns_inline=65 ' "$TMP/groupfail_sb.log" && pass group-check-fails-scoreboard ||
    fail group-check-fails-scoreboard "$(tr '\n' '|' < "$TMP/groupfail_sb.log")"
peekrun groupfail_lanes -R 1G -plugin "$T/lanes.so" "$G/groupfail"
expect_line group-check-fails-lanes "$TMP/groupfail_lanes.log" "lanes insns=65 tbs=16 double=130"
peekrun groupfail_cb -R 1G -plugin "$T/tp_count.so" "$G/groupfail"
grep -q '^insns_cb=65 insns_inline=65 tb_insns=71 tbs=16 cb_tb_insns=71 ' "$TMP/groupfail_cb.log" &&
    pass group-check-callbacks || fail group-check-callbacks "$(tr '\n' '|' < "$TMP/groupfail_cb.log")"

# ---- lane additions of many amounts: sizes.S's 121 blocks of different
# lengths (7383 instructions by hand, qemu agreeing) overflow the JIT's
# shared pool of what lane additions add, so the later blocks keep theirs
# after their code. A pair put in the wrong place changes the counts.
peekrun sizes_lanes -plugin "$T/lanes.so" "$G/sizes"
expect_line lane-amounts-lanes "$TMP/sizes_lanes.log" "lanes insns=7383 tbs=121 double=14766"
peekrun sizes_sb -plugin "$T/tp_count.so,only=inline" "$G/sizes"
grep -q '^insns_cb=0 insns_inline=7383 ' "$TMP/sizes_sb.log" && pass lane-amounts-scoreboard ||
    fail lane-amounts-scoreboard "$(tr '\n' '|' < "$TMP/sizes_sb.log")"

# ---- lanes across a helper call: fpcall.S's loop calls a helper that
# cannot raise (flt.d), across which the JIT keeps the counter lanes in
# env rather than flushing them: 3004 instructions in 1001 blocks by
# hand, qemu agreeing. Lanes not brought back after the call lose them.
peekrun fpcall_lanes -plugin "$T/lanes.so" "$G/fpcall"
expect_line lanes-across-call "$TMP/fpcall_lanes.log" "lanes insns=3004 tbs=1001 double=6008"
peekrun fpcall_sb -plugin "$T/tp_count.so,only=inline" "$G/fpcall"
grep -q '^insns_cb=0 insns_inline=3004 ' "$TMP/fpcall_sb.log" && pass lanes-across-call-scoreboard ||
    fail lanes-across-call-scoreboard "$(tr '\n' '|' < "$TMP/fpcall_sb.log")"

# ---- a hot loop made a superblock under plugins: region.S's loop goes on
# past its branches through two basic blocks, each counted as its own TB,
# with side exits taken and not, a loop back to its start and a fault in
# its middle: 10265 instructions in 2004 blocks by hand (10267 counted at
# block starts), qemu agreeing (with callbacks, the blocks stay basic:
# see superblock-inline-only below). A superblock counted as one block, a
# block's requests lost or run twice, or a count not taken back at the
# fault changes them.
peekrun region_lanes -plugin "$T/lanes.so" "$G/region"
expect_line superblock-lanes "$TMP/region_lanes.log" "lanes insns=10265 tbs=2004 double=20530"
peekrun region_sb -plugin "$T/tp_count.so,only=inline" "$G/region"
grep -q '^insns_cb=0 insns_inline=10265 ' "$TMP/region_sb.log" && pass superblock-scoreboard ||
    fail superblock-scoreboard "$(tr '\n' '|' < "$TMP/region_sb.log")"
# Only blocks without callbacks grow into superblocks (QEMU 7.2's insn.so,
# its callback copied into each instruction, ran twice as slowly in them):
# under tp_count's inline counters alone region.S's loop block is
# translated a second time, as a superblock; with its callbacks too, no
# block is translated twice. The number of pcs that start two blocks in
# the -d in_asm log.
twice() {
    timeout 300 "$PEEK" -d in_asm -D "$TMP/$1.asm" -plugin "$2" "$G/region" > /dev/null 2>&1 < /dev/null
    awk '/^IN:/ { getline; print $1 }' "$TMP/$1.asm" | sort | uniq -d | wc -l
}
n_inline=$(twice sb_inline "$T/tp_count.so,only=inline")
n_cb=$(twice sb_cb "$T/tp_count.so")
# (the interpreter makes no superblocks under plugins: neither count)
want=1; [ "$3" = interp ] && want=0
[ "$n_inline" -ge $want ] && [ "$n_cb" -eq 0 ] && pass superblock-inline-only ||
    fail superblock-inline-only "pcs translated twice: $n_inline inline only (want $want or more), $n_cb with callbacks (want 0)"
peekrun region_cb -plugin "$T/tp_count.so" "$G/region"
grep -q '^insns_cb=10265 insns_inline=10265 tb_insns=10267 tbs=2004 cb_tb_insns=10267 cond_eq=1 cond_ge=8266 ' \
    "$TMP/region_cb.log" && pass superblock-callbacks || fail superblock-callbacks "$(tr '\n' '|' < "$TMP/region_cb.log")"

# ---- inline counters in the plugin's own variables (API version 1, as
# QEMU 7.2's plugins count), which the JIT keeps in registers across
# chained blocks (counter lanes): exact after chained loops and exits, at
# a callback, at a host fault caught (fault.S) or fatal (fault_kill.S), at
# the out-of-line range check (fault_far.S), and across a whole-cache flush
# (another plugin's reset). The numbers are the guests' hand counts above;
# double counts 2 per instruction.
peekrun lanes_loop -plugin "$T/lanes.so" "$G/loop"
expect_line lanes-loop "$TMP/lanes_loop.log" "lanes insns=2004 tbs=1001 double=4008"
peekrun lanes_fault -plugin "$T/lanes.so,probe=$probe" "$G/fault"
grep -q '^lanes insns=4018 tbs=[0-9]* double=8036$' "$TMP/lanes_fault.log" && pass lanes-host-fault-handled ||
    fail lanes-host-fault-handled "$(tr '\n' '|' < "$TMP/lanes_fault.log")"
expect_line lanes-callback-sees-exact "$TMP/lanes_fault.log" "lanes probe saw 4013"
peekrun lanes_far -plugin "$T/lanes.so" "$G/fault_far"
grep -q '^lanes insns=30 tbs=[0-9]* double=60$' "$TMP/lanes_far.log" && pass lanes-range-fault-handled ||
    fail lanes-range-fault-handled "$(tr '\n' '|' < "$TMP/lanes_far.log")"
peekrun lanes_kill -plugin "$T/lanes.so" "$G/fault_kill"
grep -q '^lanes insns=4 tbs=[0-9]* double=8$' "$TMP/lanes_kill.log" && pass lanes-fatal-fault ||
    fail lanes-fatal-fault "rc=$rc $(tr '\n' '|' < "$TMP/lanes_kill.log")"
peekrun lanes_reset -plugin "$T/tp_life.so,mode=reset,after=50000" -plugin "$T/lanes.so" "$G/loop_long"
grep -q '^reset done (userdata) after' "$TMP/lanes_reset.log" &&
    grep -qx 'lanes insns=200005 tbs=100001 double=400010' "$TMP/lanes_reset.log" &&
    pass lanes-exact-across-reset || fail lanes-exact-across-reset "$(tr '\n' '|' < "$TMP/lanes_reset.log")"
# The same for a scoreboard's entry, which each vCPU finds through its
# env: tp_count alone with only inline counts (lanes are given out only
# while no block has called out without them; the second instance of the
# cases above has callbacks from the first block on).
peekrun sb_fault -plugin "$T/tp_count.so,only=inline,probe=$probe,bias=1000000" "$G/fault"
grep -q '^insns_cb=0 insns_inline=1004018 ' "$TMP/sb_fault.log" && grep -qx 'probe saw 4013' "$TMP/sb_fault.log" &&
    pass lanes-scoreboard-host-fault || fail lanes-scoreboard-host-fault "$(tr '\n' '|' < "$TMP/sb_fault.log")"
peekrun sb_far -plugin "$T/tp_count.so,only=inline" "$G/fault_far"
grep -q '^insns_cb=0 insns_inline=30 ' "$TMP/sb_far.log" && pass lanes-scoreboard-range-fault ||
    fail lanes-scoreboard-range-fault "$(tr '\n' '|' < "$TMP/sb_far.log")"
peekrun sb_kill -plugin "$T/tp_count.so,only=inline" "$G/fault_kill"
grep -q '^insns_cb=0 insns_inline=4 ' "$TMP/sb_kill.log" && pass lanes-scoreboard-fatal-fault ||
    fail lanes-scoreboard-fatal-fault "rc=$rc $(tr '\n' '|' < "$TMP/sb_kill.log")"

# ---- nine threads in spin() at once: 8 * (2 * 100000 + 1) + (2 * 1000 + 1)
# = 1602009 instructions; each vCPU's counter passes 1000 once (9 EQ hits)
# and is >= 2000 for 198002 (workers) or 2 (main) instructions.
peekrun mt -plugin "$T/tp_count.so,sym=spin" "$G/mt"
expect_line mt-exact "$TMP/mt.log" \
    "insns_cb=1602009 insns_inline=1602009 tb_insns=1602009 tbs=$(grep -o 'tbs=[0-9]*' "$TMP/mt.log" | cut -d= -f2) cb_tb_insns=1602009 cond_eq=9 cond_ge=1584018 never=0 last=$(grep -o 'last=0x[0-9a-f]*' "$TMP/mt.log" | cut -d= -f2)"
expect_line mt-vcpus "$TMP/mt.log" "vcpus=9 inits=9 exits=8 ud=atexit-userdata"
expect_line mt-output "$TMP/mt.out" "mt done"
# The same while another plugin resets itself (a whole-cache flush with
# nine threads running): the counts stay exact.
peekrun mtreset -plugin "$T/tp_life.so,mode=reset,after=50000" -plugin "$T/tp_count.so,sym=spin" "$G/mt"
grep -q '^insns_cb=1602009 insns_inline=1602009 tb_insns=1602009 tbs=[0-9]* cb_tb_insns=1602009 cond_eq=9 cond_ge=1584018 never=0 ' \
    "$TMP/mtreset.log" && grep -q '^reset done (userdata) after' "$TMP/mtreset.log" && pass mt-exact-across-reset ||
    fail mt-exact-across-reset "$(tr '\n' '|' < "$TMP/mtreset.log")"
peekrun mtuninst -plugin "$T/tp_life.so,mode=uninstall,after=50000" "$G/mt"
if grep -q '^uninstall done (userdata) after' "$TMP/mtuninst.log" && ! grep -q 'LATE\|atexit' "$TMP/mtuninst.log" &&
   grep -qx 'mt done' "$TMP/mtuninst.out"; then
    pass mt-uninstall
else
    fail mt-uninstall "$(tr '\n' '|' < "$TMP/mtuninst.log")"
fi

# ---- leaf callbacks copied into the blocks (-plugin-inline-cb, the
# JIT's; the interpreter always calls): tp_leaf.c's callbacks count with
# their arguments, and one that is not a leaf counts as well. The numbers
# are the guests' hand counts above (every loop.S instruction is 4 bytes;
# its addi at loop runs 1000 times), mem.S's accesses listed below
# (15 at buf + 0, 7, 2, 4, 16, 18, 20, 16, 0, 24, 0, 0, 0, 0, 0 and one at
# ptr), and meminfo added up the same with copies and with calls. The
# rare paths that call (the copies' bail-outs) note the first pc (_start;
# spin in each of mt's nine threads) and vaddr (buf) and count the rest;
# the callback with a frame (callee-saved registers pushed, the rare path
# taken at the watched addi, after the pushes) counts the same
# instructions.
loopsym=$(sym "$G/loop" loop)
start=$(sym "$G/loop" _start)
spin=$(sym "$G/mt" spin)
lbuf=$(sym "$G/mem" buf)
lptr=$(sym "$G/mem" ptr)
lvaddr=$(printf '0x%x' $((15 * lbuf + 107 + lptr)))
for cb in on off; do
    peekrun leaf_loop_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so,watch=$loopsym" "$G/loop"
    expect_line leaf-loop-$cb "$TMP/leaf_loop_$cb.log" \
        "leaf insns=2004 bytes=8016 tbs=1001 tb_insns=2004 watch=1000 mem=0 vaddr=0x0 info=0 called=2004"
    expect_line leaf-bail-loop-$cb "$TMP/leaf_loop_$cb.log" "leaf first_pc=$start rare_insns=2004 first_vaddr=0x0 rare_mem=0"
    expect_line leaf-frame-loop-$cb "$TMP/leaf_loop_$cb.log" "leaf frame_insns=2004 frame_watch=1000"
    peekrun leaf_mem_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so" "$G/mem"
    expect_match leaf-mem-$cb "$TMP/leaf_mem_$cb.log" "^leaf insns=\([0-9]*\) .* mem=16 vaddr=$lvaddr info=[0-9]* called=\1\$"
    sed -n 's/.* info=\([0-9]*\) .*/\1/p' "$TMP/leaf_mem_$cb.log" > "$TMP/leaf_info_$cb"
    grep -q "^leaf first_pc=$(sym "$G/mem" _start) rare_insns=[0-9]* first_vaddr=$lbuf rare_mem=16\$" "$TMP/leaf_mem_$cb.log" &&
        pass leaf-bail-mem-$cb || fail leaf-bail-mem-$cb "$(tr '\n' '|' < "$TMP/leaf_mem_$cb.log")"
    peekrun leaf_fault_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so,watch=$probe" "$G/fault"
    grep -q '^leaf insns=4018 .* watch=1 .* called=4018$' "$TMP/leaf_fault_$cb.log" && pass leaf-fault-$cb ||
        fail leaf-fault-$cb "$(tr '\n' '|' < "$TMP/leaf_fault_$cb.log")"
    peekrun leaf_far_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so" "$G/fault_far"
    grep -q '^leaf insns=30 .* called=30$' "$TMP/leaf_far_$cb.log" && pass leaf-far-fault-$cb ||
        fail leaf-far-fault-$cb "$(tr '\n' '|' < "$TMP/leaf_far_$cb.log")"
    peekrun leaf_kill_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so" "$G/fault_kill"
    grep -q '^leaf insns=4 .* called=4$' "$TMP/leaf_kill_$cb.log" && pass leaf-fatal-fault-$cb ||
        fail leaf-fatal-fault-$cb "rc=$rc $(tr '\n' '|' < "$TMP/leaf_kill_$cb.log")"
    peekrun leaf_mt_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so,sym=spin" "$G/mt"
    expect_line leaf-threads-$cb "$TMP/leaf_mt_$cb.log" \
        "leaf insns=1602009 bytes=$((1602009 * 4)) tbs=0 tb_insns=0 watch=0 mem=0 vaddr=0x0 info=0 called=1602009"
    expect_line leaf-bail-threads-$cb "$TMP/leaf_mt_$cb.log" \
        "leaf first_pc=$(printf '0x%x' $((9 * spin))) rare_insns=1602009 first_vaddr=0x0 rare_mem=0"
    expect_line leaf-frame-threads-$cb "$TMP/leaf_mt_$cb.log" "leaf frame_insns=1602009 frame_watch=0"
    # tp_leaf_frame alone: its copies follow each other in one frame,
    # which the watched instruction's rare path takes down and builds
    # again (the 200th of straight.S's 403, loop.S's addi 1000 times,
    # spin's first instruction 8 * 100000 + 1000 times in mt's threads)
    peekrun leaf_chain_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so,frame_only=1,watch=$(printf '0x%x' $(($(sym "$G/straight" _start) + 4 * 199)))" "$G/straight"
    expect_line leaf-chain-straight-$cb "$TMP/leaf_chain_$cb.log" "leaf frame_insns=403 frame_watch=1"
    peekrun leaf_chainl_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so,frame_only=1,watch=$loopsym" "$G/loop"
    expect_line leaf-chain-loop-$cb "$TMP/leaf_chainl_$cb.log" "leaf frame_insns=2004 frame_watch=1000"
    peekrun leaf_chainmt_$cb -plugin-inline-cb $cb -plugin "$T/tp_leaf.so,frame_only=1,watch=$spin" "$G/mt"
    grep -q '^leaf frame_insns=[0-9]* frame_watch=801000$' "$TMP/leaf_chainmt_$cb.log" && pass leaf-chain-threads-$cb ||
        fail leaf-chain-threads-$cb "rc=$rc $(tr '\n' '|' < "$TMP/leaf_chainmt_$cb.log")"
done
expect_file leaf-meminfo-same "$TMP/leaf_info_off" "$TMP/leaf_info_on"
# Run plugin $3 on guest $4 with copies on and off, -d $1 logged to
# $TMP/$2_on.log and $TMP/$2_off.log.
log_on_off() {
    for cb in on off; do
        timeout 300 "$PEEK" -plugin-inline-cb $cb -d "$1" -D "$TMP/$2_$cb.log" -plugin "$3" "$4" \
            > /dev/null 2>&1 < /dev/null
    done
}
# The JIT copies the leaves: fewer calls in its code than with the switch off.
if [ "${PEEK_ACCEL:-jit}" = jit ]; then
    log_on_off out_asm leaf_asm "$T/tp_leaf.so" "$G/loop"
    on=$(grep -c 'call ' "$TMP/leaf_asm_on.log")
    off=$(grep -c 'call ' "$TMP/leaf_asm_off.log")
    [ "$on" -lt "$off" ] && pass leaf-copied || fail leaf-copied "calls in the code: $on with copies, $off without"
fi

# ---- callbacks that only count (compat/tp_cnt.c: "addq $1, x(%rip)",
# "subq $3", "add %rsi" of the userdata, a volatile one through a
# register, two memory ones) are turned into inline additions by the JIT
# (-plugin-inline-cb on; off, and the interpreter, call them). The counts
# are the hand counts above, with down = -3 per instruction (mod 2^64),
# bytes 4 per instruction and mem_ud 5 per access; what a callback (probe)
# and the syscall callback (the sum of the counts it sees) see, with a
# signal handler's run (sig.c) too, must be the same either way; a
# counter behind a flag (libmem.so's shape) counts in a lane until the
# flag is set, then through its rare path; nine
# threads count into the one variable, one after another (mtseq.c: at
# once, a plain shared variable would lose counts with calls too).
neg() { printf '%u' $((-$1)); }
for cb in on off; do
    peekrun cnt_loop_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so" "$G/loop"
    expect_line cnt-loop-$cb "$TMP/cnt_loop_$cb.log" \
        "cnt insns=2004 down=$(neg 6012) bytes=8016 tbs=1001 mem=0 mem_ud=0"
    expect_line cnt-syscall-sees-exact-$cb "$TMP/cnt_loop_$cb.log" "cnt syscalls 1 saw sum 2004"
    peekrun cnt_mem_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so" "$G/mem"
    expect_match cnt-mem-$cb "$TMP/cnt_mem_$cb.log" "^cnt insns=\([0-9]*\) .* bytes=[0-9]* tbs=[0-9]* mem=16 mem_ud=80\$"
    peekrun cnt_fault_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so,probe=$probe" "$G/fault"
    grep -q "^cnt insns=4018 down=$(neg 12054) bytes=16072 " "$TMP/cnt_fault_$cb.log" &&
        grep -qx 'cnt probe saw 4013' "$TMP/cnt_fault_$cb.log" && pass cnt-host-fault-$cb ||
        fail cnt-host-fault-$cb "$(tr '\n' '|' < "$TMP/cnt_fault_$cb.log")"
    peekrun cnt_far_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so" "$G/fault_far"
    expect_match cnt-range-fault-$cb "$TMP/cnt_far_$cb.log" "^cnt insns=30 down=$(neg 90) bytes=120 "
    peekrun cnt_kill_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so" "$G/fault_kill"
    grep -q "^cnt insns=4 down=$(neg 12) bytes=16 " "$TMP/cnt_kill_$cb.log" && pass cnt-fatal-fault-$cb ||
        fail cnt-fatal-fault-$cb "rc=$rc $(tr '\n' '|' < "$TMP/cnt_kill_$cb.log")"
    peekrun cnt_sig_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so,probe=$(sym "$G/sig" fault_here)" "$G/sig"
    peekrun cnt_sys_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so" "$G/sys"
    peekrun cnt_mt_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so,sym=spin" "$G/mtseq"
    grep -q "^cnt insns=1602009 down=$(neg $((3 * 1602009))) bytes=$((4 * 1602009)) tbs=[0-9]* mem=0 mem_ud=0\$" \
        "$TMP/cnt_mt_$cb.log" && pass cnt-threads-$cb || fail cnt-threads-$cb "$(tr '\n' '|' < "$TMP/cnt_mt_$cb.log")"
done
expect_file cnt-signal-same "$TMP/cnt_sig_off.log" "$TMP/cnt_sig_on.log"
# The counter behind a flag with only the instruction counter beside it
# (both in lanes): the probe sets the flag; its accesses before count in
# its copy's lane, those after by its rare path, which notes the
# instruction count it first sees and must find the lanes in memory. On
# mem.S from _start: all 16 accesses rare, the first after lla (2), li
# (8) and sd: 11. On sig.c from fault_here: both paths, as called.
for cb in on off; do
    peekrun cnt_guard_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so,guarded_only=1,probe=$(sym "$G/mem" _start)" "$G/mem"
    expect_line cnt-guarded-rare-sees-lanes-$cb "$TMP/cnt_guard_$cb.log" "cnt guarded=16 rare=16 rare_saw_insns=11"
    peekrun cnt_guardsig_$cb -plugin-inline-cb $cb -plugin "$T/cnt.so,guarded_only=1,probe=$(sym "$G/sig" fault_here)" "$G/sig"
done
expect_file cnt-guarded-both-paths-same "$TMP/cnt_guardsig_off.log" "$TMP/cnt_guardsig_on.log"
grep -q '^cnt guarded=[1-9][0-9]* rare=[1-9][0-9]* ' "$TMP/cnt_guardsig_on.log" && pass cnt-guarded-both-paths ||
    fail cnt-guarded-both-paths "$(tr '\n' '|' < "$TMP/cnt_guardsig_on.log")"
expect_file cnt-syscalls-same "$TMP/cnt_sys_off.log" "$TMP/cnt_sys_on.log"

# ---- callbacks that count in per-vCPU records (tp_vcnt.c: plugin-util.h's
# table, limit 64; rec4[] for vCPUs 0-3, a call for others), which the JIT
# turns into scoreboard additions: the hand counts of the programs above,
# with a handled fault, a range-check fault and a fatal one; nine threads
# at once (mtlate.c, whose blocks of spin are made before the later
# threads start), so that the fifth vCPU makes peek drop rec4's inline
# form, and the blocks made with it, while others run.
for cb in on off; do
    peekrun vcnt_loop_$cb -plugin-inline-cb $cb -plugin "$T/tp_vcnt.so" "$G/loop"
    expect_line vcnt-loop-$cb "$TMP/vcnt_loop_$cb.log" "vcnt insns=2004 insns4=2004 mem=0"
    peekrun vcnt_mem_$cb -plugin-inline-cb $cb -plugin "$T/tp_vcnt.so" "$G/mem"
    expect_match vcnt-mem-$cb "$TMP/vcnt_mem_$cb.log" "^vcnt insns=\([0-9]*\) insns4=\1 mem=16\$"
    peekrun vcnt_fault_$cb -plugin-inline-cb $cb -plugin "$T/tp_vcnt.so,probe=$probe" "$G/fault"
    grep -q "^vcnt insns=4018 insns4=4018 " "$TMP/vcnt_fault_$cb.log" &&
        grep -qx 'vcnt probe saw 4013' "$TMP/vcnt_fault_$cb.log" && pass vcnt-host-fault-$cb ||
        fail vcnt-host-fault-$cb "$(tr '\n' '|' < "$TMP/vcnt_fault_$cb.log")"
    peekrun vcnt_far_$cb -plugin-inline-cb $cb -plugin "$T/tp_vcnt.so" "$G/fault_far"
    expect_match vcnt-range-fault-$cb "$TMP/vcnt_far_$cb.log" "^vcnt insns=30 insns4=30 "
    peekrun vcnt_kill_$cb -plugin-inline-cb $cb -plugin "$T/tp_vcnt.so" "$G/fault_kill"
    grep -q "^vcnt insns=4 insns4=4 " "$TMP/vcnt_kill_$cb.log" && pass vcnt-fatal-fault-$cb ||
        fail vcnt-fatal-fault-$cb "rc=$rc $(tr '\n' '|' < "$TMP/vcnt_kill_$cb.log")"
    peekrun vcnt_mt_$cb -plugin-inline-cb $cb -plugin "$T/tp_vcnt.so,sym=spin" "$G/mtlate"
    expect_match vcnt-threads-$cb "$TMP/vcnt_mt_$cb.log" "^vcnt insns=1602009 insns4=1602009 mem=[0-9]*\$"
done
# The JIT's IR calls neither counter with the switch on (loop.S: one
# thread), and both with it off.
if [ "${PEEK_ACCEL:-jit}" = jit ]; then
    log_on_off op_opt vcnt_op "$T/tp_vcnt.so" "$G/loop"
    if ! grep -q ' plugin_cb ' "$TMP/vcnt_op_on.log" && grep -q ' plugin_cb ' "$TMP/vcnt_op_off.log"; then
        pass vcnt-turned-inline
    else
        fail vcnt-turned-inline "calls on: $(grep -c ' plugin_cb ' "$TMP/vcnt_op_on.log"), off: $(grep -c ' plugin_cb ' "$TMP/vcnt_op_off.log")"
    fi
fi
# The JIT's IR has no call of them with the switch on, and has with it off.
if [ "${PEEK_ACCEL:-jit}" = jit ]; then
    log_on_off op_opt cnt_op "$T/cnt.so" "$G/mem"
    # left: the guarded counter's call, one of the three per access
    on=$(grep -c ' plugin_mem_cb ' "$TMP/cnt_op_on.log")
    off=$(grep -c ' plugin_mem_cb ' "$TMP/cnt_op_off.log")
    if ! grep -q ' plugin_cb ' "$TMP/cnt_op_on.log" && grep -q ' plugin_cb ' "$TMP/cnt_op_off.log" &&
       [ "$on" -gt 0 ] && [ $((3 * on)) = "$off" ]; then
        pass cnt-turned-inline
    else
        fail cnt-turned-inline "calls on: $(grep -c 'plugin_cb' "$TMP/cnt_op_on.log") and $on, off: $(grep -c 'plugin_cb' "$TMP/cnt_op_off.log") and $off"
    fi
fi

# ---- memory accesses of mem.S, in program order (see its comments)
buf=$(sym "$G/mem" buf)
ptr=$(sym "$G/mem" ptr)
b() { printf '0x%x' $((buf + $1)); }
cat > "$TMP/mem.expected" <<EOF
W 3 0 0 $(b 0) 0x1122334455667788
R 0 1 0 $(b 7) 0x11
R 1 0 0 $(b 2) 0x5566
R 2 1 0 $(b 4) 0x11223344
W 0 0 0 $(b 16) 0x88
W 1 0 0 $(b 18) 0x7788
W 2 0 0 $(b 20) 0x55667788
R 3 0 0 $(b 16) 0x5566778877880088
R 3 0 0 $ptr $buf
R 3 0 0 $(b 0) 0x1122334455667788
W 2 0 0 $(b 24) 0x55667788
R 2 1 0 $(b 0) 0x55667788
W 2 0 0 $(b 0) 0x5566778d
R 3 0 0 $(b 0) 0x112233445566778d
R 3 0 0 $(b 0) 0x112233445566778d
W 3 0 0 $(b 0) 0x5
reads=9 writes=7 wcb=7 hwaddr_bad=0
EOF
peekrun mem -plugin "$T/tp_mem.so" "$G/mem"
expect_file mem-accesses "$TMP/mem.expected" "$TMP/mem.log"

# ---- system calls of sys.S (first and third argument registers, which
# keep earlier values); getpid answered by a filter with 4242
peekrun sysf -plugin "$T/tp_sys.so,filter=172" "$G/sys"
cat > "$TMP/sysf.expected" <<EOF
syscall 64 1 3 a7=0 a8=0
ret 64 3
syscall 57 -1 3 a7=0 a8=0
ret 57 -9
syscall 172 -9 3 a7=0 a8=0
ret 172 4242
syscall 94 4242 3 a7=0 a8=0
hostcalls=3 bad=0
EOF
expect_file syscall-sequence-filtered "$TMP/sysf.expected" "$TMP/sysf.log"
[ "$rc" = 146 ] && pass syscall-filter-result || fail syscall-filter-result "exit status $rc, not 4242 & 255 = 146"
expect_line syscall-output "$TMP/sysf.out" "hi"
# With the log on stderr and the guest's stdout on the same file, the
# buffered plugin output still comes out in order around the guest's write:
# the syscall callback's line before "hi", the return callback's after it.
"$PEEK" -d plugin -plugin "$T/tp_sys.so,filter=172" "$G/sys" > "$TMP/sysmix.out" 2>&1 < /dev/null
sed '1a hi' "$TMP/sysf.expected" > "$TMP/sysmix.expected"
expect_file syscall-output-order-on-stderr "$TMP/sysmix.expected" "$TMP/sysmix.out"
# Unfiltered, getpid reaches the host: its result is peek's own pid.
"$PEEK" -d plugin -D "$TMP/sys.log" -plugin "$T/tp_sys.so" "$G/sys" > /dev/null 2>&1 &
pid=$!
wait $pid
rc=$?
expect_line syscall-unfiltered "$TMP/sys.log" "ret 172 $pid"
[ "$rc" = $((pid & 255)) ] && pass syscall-unfiltered-exit || fail syscall-unfiltered-exit "status $rc, pid $pid"

# ---- qemu_plugin_set_pc from close's entry, return or host-call callback
# leaves the hook at once for leave (exit_group), so getpid never runs;
# from the entry close has not run (a0 still -1), after the host call it
# has (-9).
leave=$(sym "$G/sys" leave)
jump_case() {
    peekrun "jump-$1" -plugin "$T/tp_sys.so,jump=$leave,jump_nr=57,jump_in=$1" "$G/sys"
    if [ "$(sed -n "/^set_pc in $1 57\$/{n;p;}" "$TMP/jump-$1.log" | grep -cx -- "$2")" = 1 ] &&
       ! grep -q '^syscall 172\|LATE' "$TMP/jump-$1.log"; then
        pass "syscall-set-pc-$1"
    else
        fail "syscall-set-pc-$1" "$(tr '\n' '|' < "$TMP/jump-$1.log")"
    fi
}
jump_case entry 'syscall 94 -1 3 a7=0 a8=0'
jump_case ret 'syscall 94 -*[0-9]* 3 a7=0 a8=0'
jump_case discon 'syscall 94 -9 3 a7=0 a8=0'

# ---- registers, set_pc: regs.S exits with 80 only if both took effect.
# The list is qemu-riscv64's (7.2) GDB target description, in its order
# (the gdb suite compares the two directly).
args="probe=$(sym "$G/regs" probe),poke=$(sym "$G/regs" poke),jump=$(sym "$G/regs" jump),target=$(sym "$G/regs" target)"
peekrun regs -plugin "$T/tp_regs.so,$args" "$G/regs"
[ "$rc" = 80 ] && pass regs-write-and-set-pc || fail regs-write-and-set-pc "exit status $rc, expected 80"
expect_line regs-list "$TMP/regs.log" "regs: zero ra sp gp tp t0 t1 t2 fp s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6 pc(ro) ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 fa6 fa7 fs2 fs3 fs4 fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11 priv fflags frm fcsr cycle time instret"
expect_line regs-features "$TMP/regs.log" "features: cpu=33 fpu=32 csr=6"
expect_line regs-read "$TMP/regs.log" "probe: ok=1 a0=1234 pc_is_probe=1 fcsr=0x21 frm=1 fflags=1"
expect_line regs-noregs-refused "$TMP/regs.log" "noregs read refused=1"
expect_line regs-write "$TMP/regs.log" "poke: write a0=1 write pc refused=1"

# ---- set_pc from a syscall filter, an instruction callback (also in a
# signal handler) and a memory callback: setpc.c takes its "good" paths only
# if the plugin jumped there; without the plugin its magic call is ENOSYS.
peekrun setpc -plugin "$T/tp_setpc.so" "$G/setpc"
printf '%s\n' "insn: redirected" "insn in a signal handler: redirected" "mem: redirected" \
    "syscall filter: redirected" > "$TMP/setpc.expected"
expect_file setpc-redirected "$TMP/setpc.expected" "$TMP/setpc.out"
printf '%s\n' "insn: set_pc" "insn: set_pc" "mem: set_pc" "filter: set_pc" > "$TMP/setpc-log.expected"
expect_file setpc-callbacks "$TMP/setpc-log.expected" "$TMP/setpc.log"
"$PEEK" "$G/setpc" > "$TMP/setpc-none.out" 2>&1
grep -qx "mem: no plugin" "$TMP/setpc-none.out" && pass setpc-needs-plugin ||
    fail setpc-needs-plugin "$(tr '\n' '|' < "$TMP/setpc-none.out")"

# ---- uninstall and reset from inside a callback; loop_long runs 200005
peekrun uninst -plugin "$T/tp_life.so,mode=uninstall,after=5000" "$G/loop_long"
if grep -q '^uninstall done (userdata) after [0-9]*$' "$TMP/uninst.log" &&
   [ "$(sed -n 's/^uninstall done (userdata) after //p' "$TMP/uninst.log")" -ge 5000 ]; then
    pass uninstall-done
else
    fail uninstall-done "$(tr '\n' '|' < "$TMP/uninst.log")"
fi
if grep -q 'LATE\|atexit' "$TMP/uninst.log" || [ "$rc" != 0 ]; then
    fail uninstall-silent-after "$(tr '\n' '|' < "$TMP/uninst.log") status $rc"
else
    pass uninstall-silent-after
fi
peekrun reset -plugin "$T/tp_life.so,mode=reset,after=5000" "$G/loop_long"
if grep -q '^reset: phase1=[0-9]* phase2=[1-9][0-9]* total=200005 flushes=1 late=0$' "$TMP/reset.log" &&
   grep -q '^reset done (userdata) after [0-9]*$' "$TMP/reset.log"; then
    pass reset-exact
else
    fail reset-exact "$(tr '\n' '|' < "$TMP/reset.log")"
fi
# Destructors: an uninstalled plugin is unloaded (dlclose) right after its
# done callback, so its destructor line comes before the atexit line of a
# second plugin; a plugin still loaded at exit has its destructor run after
# its atexit callback.
peekrun dtor -plugin "$T/tp_life.so,mode=uninstall,after=5000" -plugin "$T/tp_args.so,z=1" "$G/loop_long"
if [ "$(grep -n '^destructor: done=1 exit-callback=0$' "$TMP/dtor.log" | cut -d: -f1)" \
        -lt "$(grep -n '^exit z=1 ' "$TMP/dtor.log" | cut -d: -f1)" ] 2> /dev/null &&
   [ "$(grep -c '^destructor' "$TMP/dtor.log")" = 1 ]; then
    pass destructor-at-uninstall
else
    fail destructor-at-uninstall "$(tr '\n' '|' < "$TMP/dtor.log")"
fi
if [ "$(tail -n 1 "$TMP/reset.log")" = "destructor: done=1 exit-callback=1" ]; then
    pass destructor-at-exit
else
    fail destructor-at-exit "$(tr '\n' '|' < "$TMP/reset.log")"
fi
# Another plugin's flush callback sees the flush that the reset makes.
peekrun flush -plugin "$T/tp_life.so,mode=reset,after=5000" -plugin "$T/tp_api.so" "$G/loop_long"
[ "$(grep -c '^flush seen$' "$TMP/flush.log")" = 1 ] && pass flush-callback ||
    fail flush-callback "$(grep -c '^flush seen$' "$TMP/flush.log") flushes seen"

# ---- the rest of the API on hello.S
entry=$(sym "$G/hello" _start)
peekrun api -plugin "$T/tp_api.so" "$G/hello"
expect_line api-write-memory "$TMP/api.out" "HELLO"
for l in "info: target=riscv64 min=1 cur=7 system=0" "bool_parse=1" "path=$(realpath "$G/hello")" \
         "num_vcpus_at_install=0" "time: first=1 second_null=1" \
         "hwaddr: null=1 io=0 phys=0 device=Invalid read=1 write=1 translate=0" \
         "scoreboard: stride=72 get=42 fresh=0" "init: vcpu=0 num_vcpus=1" \
         "tb: vaddr_is_entry=1 n_insns=3 insn0_vaddr_ok=1 size=4 data=4,2 bytes_match=1 past_end_null=1" \
         "symbol: _start" "read_memory=1 'hello'" \
         "read_null_refused=1 write_memory=1 write_text_refused=1" "for_each: vcpu 0 ud" \
         "idle=2 resume=2 flushes=0" "stale: n_insns=0 insn=(nil)"; do
    expect_line "api: $l" "$TMP/api.log" "$l"
done
code=$(sed -n 's/^code: //p' "$TMP/api.log")
s=$(echo "$code" | sed 's/.*start=\([^ ]*\).*/\1/'); e=$(echo "$code" | sed 's/.*end=\([^ ]*\).*/\1/')
n=$(echo "$code" | sed 's/.*entry=\([^ ]*\).*/\1/')
if [ -n "$code" ] && [ "$n" = "$entry" ] && [ $((s)) -le $((entry)) ] && [ $((entry)) -lt $((e)) ]; then
    pass api-code-layout
else
    fail api-code-layout "'$code', _start $entry"
fi
grep -q '^disas: .*t0.*10' "$TMP/api.log" && pass api-disas || fail api-disas "$(grep disas "$TMP/api.log")"
expect_line api-stale-handle-refused "$TMP/api.err" \
    "peek: plugin $T/tp_api.so: a TB handle was used outside its tb_trans callback; ignored"

# ---- discontinuities on sig.c: the fault in fault_here goes to on_segv,
# the self-sent SIGUSR1 to on_usr1.
peekrun sig -plugin "$T/tp_sig.so" "$G/sig"
f=$(sym "$G/sig" fault_here); fs=$(symsize "$G/sig" fault_here)
from=$(sed -n 's/^exception from=\([^ ]*\) to=.*/\1/p' "$TMP/sig.log")
to=$(sed -n 's/^exception from=[^ ]* to=//p' "$TMP/sig.log")
if [ -n "$from" ] && [ $((from)) -ge $((f)) ] && [ $((from)) -lt $((f + fs)) ] && [ "$to" = "$(sym "$G/sig" on_segv)" ]; then
    pass discon-exception
else
    fail discon-exception "$(tr '\n' '|' < "$TMP/sig.log") fault_here=$f+$fs"
fi
grep -q "^interrupt from=0x[0-9a-f]* to=$(sym "$G/sig" on_usr1)\$" "$TMP/sig.log" && pass discon-interrupt ||
    fail discon-interrupt "$(tr '\n' '|' < "$TMP/sig.log")"
expect_line discon-hostcall "$TMP/sig.log" "hostcalls>0=1"
expect_line discon-guest "$TMP/sig.out" "survived segv, usr1=1"
# The faulting load in fault_here is dispatched but never reported as an
# access.
peekrun sigmem -plugin "$T/tp_mem.so,lo=$f,hi=$((f + fs))" "$G/sig"
expect_text fault-not-reported "$TMP/sigmem.log" "reads=0 writes=0 wcb=0 hwaddr_bad=0"

# ---- loading: arguments, several instances, QEMU_PLUGIN, lookup by name
peekrun args -plugin "$T/tp_args.so,a=1,b=x,flag,noverbose" -plugin "file=$T/tp_args.so,arg=raw,c=3,,4" "$G/loop"
expect_line load-args-1 "$TMP/args.log" "args: [a=1] [b=x] [flag=on] [verbose=off]"
expect_line load-args-2 "$TMP/args.log" "args: [raw] [c=3,4]"
expect_line load-instance-1 "$TMP/args.log" "exit a=1 ud_ok=1"
expect_line load-instance-2 "$TMP/args.log" "exit raw ud_ok=1"
QEMU_PLUGIN="$T/tp_args.so,e=1" "$PEEK" -d plugin -D "$TMP/env.log" "$G/loop" > /dev/null 2>&1
expect_line load-env "$TMP/env.log" "args: [e=1]"
"$PEEK" -plugin "$T/tp_args.so,q=1" "$G/loop" > "$TMP/quiet.out" 2> "$TMP/quiet.err"
[ ! -s "$TMP/quiet.err" ] && pass outs-needs-d-plugin || fail outs-needs-d-plugin "$(cat "$TMP/quiet.err")"
mkdir -p "$TMP/tree/plugins" "$TMP/inst/bin" "$TMP/inst/lib/peek/plugins"
cp "$PEEK" "$TMP/tree/peek" && cp "$T/tp_args.so" "$TMP/tree/plugins/"
cp "$PEEK" "$TMP/inst/bin/peek" && cp "$T/tp_args.so" "$TMP/inst/lib/peek/plugins/"
"$TMP/tree/peek" -d plugin -plugin tp_args.so,w=1 "$G/loop" 2> "$TMP/tree.err" > /dev/null
expect_line load-by-name-build-tree "$TMP/tree.err" "args: [w=1]"
"$TMP/inst/bin/peek" -d plugin -plugin tp_args.so,w=2 "$G/loop" 2> "$TMP/inst.err" > /dev/null
expect_line load-by-name-installed "$TMP/inst.err" "args: [w=2]"

# ---- finding plugins by name, and what -plugin help, NAME,help, -version
# and -h tell. Plugin names and argument keys come from plugins/*.c (each
# key a parg_is(a, "key") there, cache's geometry keys from its table).
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
PD=$(realpath "$(dirname "$PEEK")/plugins")
for spec in insn libinsn libinsn.so; do
    "$PEEK" -d plugin -D "$TMP/byname.log" -plugin "$spec" "$G/loop" > /dev/null 2>&1
    expect_line "load-by-short-name-$spec" "$TMP/byname.log" "total insns: 2004"
done
(cd "$TMP/tree/plugins" && "$TMP/tree/peek" -d plugin -plugin tp_args,w=3 "$G/loop" 2> "$TMP/tree3.err" > /dev/null)
expect_line load-by-name-without-so "$TMP/tree3.err" "args: [w=3]"
"$PEEK" -plugin help > "$TMP/list.out" 2>&1
r=$?
missing=""
for c in "$SRC"/plugins/*.c; do
    n=$(basename "$c" .c)
    grep -q "^  $n  *[a-z]" "$TMP/list.out" && ! grep -q "^  $n  *(no description)" "$TMP/list.out" ||
        missing="$missing $n"
done
[ "$r" = 0 ] && [ -z "$missing" ] && [ "$(head -n 1 "$TMP/list.out")" = "Plugins in $PD:" ] &&
    pass plugin-help-lists-all || fail plugin-help-lists-all "status $r, missing:$missing; $(head -c 300 "$TMP/list.out" | tr '\n' '|')"
# The installed layout: paths come out normalized (no bin/../lib).
"$TMP/inst/bin/peek" -plugin help > "$TMP/instlist.out" 2>&1
expect_line plugin-help-installed-path "$TMP/instlist.out" "Plugins in $TMP/inst/lib/peek/plugins:"
"$TMP/inst/bin/peek" -plugin tp_args.so,help > "$TMP/insthelp.out" 2>&1
expect_line plugin-arg-help-foreign "$TMP/insthelp.out" \
    "$TMP/inst/lib/peek/plugins/tp_args.so: describes no arguments (only peek's own plugins carry a description)"
for c in "$SRC"/plugins/*.c; do
    n=$(basename "$c" .c)
    "$PEEK" -plugin "$n,help" > "$TMP/help-$n.out" 2>&1
    r=$?
    keys=$(sed -n 's/.*parg_is(a, "\([a-z0-9_-]*\)").*/\1/p; s/^ *{ "\([a-z0-9]*\)", &g->.*/\1/p' "$c")
    undoc=""
    for k in $keys; do grep -q -- "[ |]$k=" "$TMP/help-$n.out" || undoc="$undoc $k"; done
    if [ "$r" = 0 ] && [ -z "$undoc" ] && head -n 1 "$TMP/help-$n.out" | grep -q "^$PD/lib$n.so: [a-z]"; then
        pass "plugin-arg-help-$n"
    else
        fail "plugin-arg-help-$n" "status $r, arguments not described:$undoc; $(head -c 200 "$TMP/help-$n.out" | tr '\n' '|')"
    fi
done
info=$(sed -n 's/^info: target=[a-z0-9]* min=\([0-9]*\) cur=\([0-9]*\) .*/versions \1 to \2/p' "$TMP/api.log")
"$PEEK" -version > "$TMP/version.out" 2>&1
[ -n "$info" ] && grep -q "plugin API $info" "$TMP/version.out" && pass version-names-api-versions ||
    fail version-names-api-versions "'$(cat "$TMP/version.out")' does not say 'plugin API $info'"
"$PEEK" -h > "$TMP/help.out" 2>&1
grep -q '^-plugin .*-d plugin' "$TMP/help.out" && pass help-plugin-needs-d-plugin ||
    fail help-plugin-needs-d-plugin "$(grep '^-plugin' "$TMP/help.out")"

# ---- load errors: one line, exit status 1
printf 'not a plugin\n' > "$TMP/text.so"
err() {
    name=$1 spec=$2 want=$3
    "$PEEK" -plugin "$spec" "$G/loop" > /dev/null 2> "$TMP/err.txt"
    r=$?
    if [ "$r" = 1 ] && [ "$(cat "$TMP/err.txt")" = "$want" ]; then
        pass "load-error-$name"
    else
        fail "load-error-$name" "status $r, stderr '$(cat "$TMP/err.txt")', wanted '$want'"
    fi
}
err missing /nonexistent/tp.so "peek: plugin /nonexistent/tp.so: No such file or directory"
err not-found nosuch_plugin.so \
    "peek: plugin nosuch_plugin.so: not found (looked in the current directory and peek's plugin directories)"
err not-shared-object "$TMP/text.so" "peek: plugin $TMP/text.so: not a shared object for this host (x86-64 ELF)"
err no-version "$T/bad_noversion.so" \
    "peek: plugin $T/bad_noversion.so: does not declare its API version (no qemu_plugin_version symbol)"
err version-0 "$T/bad_v0.so" "peek: plugin $T/bad_v0.so: built for plugin API version 0; peek supports versions 1 to 7"
err version-8 "$T/bad_v8.so" "peek: plugin $T/bad_v8.so: built for plugin API version 8; peek supports versions 1 to 7"
err no-install "$T/bad_noinstall.so" "peek: plugin $T/bad_noinstall.so: does not export qemu_plugin_install"
err install-fails "$T/bad_fail.so" "peek: plugin $T/bad_fail.so: qemu_plugin_install returned 3"
err no-file ",a=1" "peek: -plugin ',a=1': no plugin file given"

# ---- old API versions: compat.S runs 2003 instructions before getpid,
# where the plugin resets itself and reports (see compat/tp_compat.c).
for v in 1 2 3 4 5 6; do
    peekrun "compat$v" -plugin "$T/compat_v$v.so" "$G/compat"
    case $v in
    1) want="v=1 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=-1 nregs=-1 reg32=- read=-1 write=-1 write_pc=-1 noregs=- filtered=0 hostcalls=-1 each=1 n_vcpus=-1" ;;
    2) want="v=2 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=-1 nregs=72 reg32=pc read=8 write=-1 write_pc=-1 noregs=8,1 filtered=0 hostcalls=-1 each=1 n_vcpus=1" ;;
    3) want="v=3 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=-1 nregs=72 reg32=pc read=8 write=-1 write_pc=-1 noregs=8,1 filtered=0 hostcalls=-1 each=1 n_vcpus=1" ;;
    4) want="v=4 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=1 nregs=72 reg32=pc read=8 write=-1 write_pc=-1 noregs=8,1 filtered=0 hostcalls=-1 each=1 n_vcpus=1" ;;
    5) want="v=5 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=1 nregs=72 reg32=pc read=8 write=8 write_pc=-1 noregs=-1,0 filtered=0 hostcalls=-1 each=1 n_vcpus=1" ;;
    6) want="v=6 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=1 nregs=72 reg32=pc read=1 write=1 write_pc=0 noregs=0,0 filtered=1 hostcalls=1 each=1 n_vcpus=1" ;;
    esac
    expect_text "compat-v$v" "$TMP/compat$v.log" "$want"
done
[ "$rc" = 146 ] && pass compat-v6-filter-result || fail compat-v6-filter-result "exit status $rc"
# Two versions at once: a refused read from a NO_REGS callback answers in
# the caller's own version's shape (-1 for v5, false for v6), so each
# callback is known as its plugin's; v5 sees v6's filter too.
peekrun compat56 -plugin "$T/compat_v5.so" -plugin "$T/compat_v6.so" "$G/compat"
expect_line compat-two-versions-v5 "$TMP/compat56.log" \
    "v=5 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=1 nregs=72 reg32=pc read=8 write=8 write_pc=-1 noregs=-1,0 filtered=1 hostcalls=-1 each=1 n_vcpus=1"
expect_line compat-two-versions-v6 "$TMP/compat56.log" \
    "v=6 id_ok=1 insns=2003 inline=2003 data_ok=1 readmem=1 nregs=72 reg32=pc read=1 write=1 write_pc=0 noregs=0,0 filtered=1 hostcalls=1 each=1 n_vcpus=1"
# A version 1 plugin cannot read registers, so its NO_REGS callbacks do not
# make the block sync registers for it (no plugin_cb_r call in the IR);
# version 2's do, as it may read them.
for v in 1 2; do
    "$PEEK" -d op,plugin -D "$TMP/compat-op$v.log" -plugin "$T/compat_v$v.so" "$G/compat" > /dev/null 2>&1
done
n1=$(grep -cw plugin_cb_r "$TMP/compat-op1.log"); n2=$(grep -cw plugin_cb_r "$TMP/compat-op2.log")
[ "$n1" = 0 ] && [ "$n2" -gt 0 ] && pass compat-v1-noregs-not-promoted ||
    fail compat-v1-noregs-not-promoted "plugin_cb_r calls: v1 $n1, v2 $n2"

exit 0
