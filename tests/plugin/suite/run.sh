#!/bin/sh
# Runs every plugin of plugins/ under peek on the hand-counted guest
# programs of this folder and compares what it reports with numbers worked
# out by hand (in the comments of each program and below), with the
# addresses nm gives for the programs' labels, and, for binary outputs,
# with what an independent reader (drcov_read.py, uftrace_read.py) finds.
# Writes "PASS plugin-<case>" or "FAIL plugin-<case>: why" lines to RESULTS;
# never fails itself.
#   run.sh PEEK PLUGIN_DIR BIN_DIR WORK_DIR RESULTS INSTALL_DIR
peek=$1 plug=$2 bin=$3 work=$4 results=$5 installed=$6
here=$(cd "$(dirname "$0")" && pwd)
NM=${RVNM:-riscv64-linux-gnu-nm}
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
peek=$(abs "$peek") plug=$(abs "$plug") bin=$(abs "$bin") work=$(abs "$work")
rm -rf "$work" && mkdir -p "$work"
: > "$results"

pass() { echo "PASS plugin-$1" >> "$results"; }
fail() { echo "FAIL plugin-$1: $2" >> "$results"; }

# sym PROG NAME: the label's address as 0x<hex>; hex16 ADDR: as 0x%016x.
sym() {
    v=$($NM "$bin/$1" | awk -v s="$2" '$3 == s { print $1; exit }')
    printf '0x%x\n' "0x${v:-0}"
}
hex16() { printf '0x%016x' "$1"; }

# run CASE PROG PLUGIN[,ARGS] [GUEST ARGS...]: the plugin's log goes to
# $log, guest stdout to $out, peek's stderr to $err, exit status to $rc.
run() {
    case_=$1 prog=$2 spec=$3
    shift 3
    log=$work/$case_.log out=$work/$case_.out err=$work/$case_.err
    (cd "$work" && timeout 60 "$peek" -d plugin -D "$log" \
        -plugin "$plug/lib$spec" "$bin/$prog" "$@" > "$out" 2> "$err" < /dev/null)
    rc=$?
    [ -f "$log" ] || : > "$log"
}

# ok CASE: the run must have succeeded.
ran_ok() {
    if [ "$rc" -ne 0 ]; then
        fail "$1" "exit status $rc: $(head -c 300 "$err" | tr '\n' ' ')"
        return 1
    fi
    return 0
}

# has CASE LINE...: every LINE must be a whole line of the log.
has() {
    c=$1
    shift
    ran_ok "$c" || return
    for l in "$@"; do
        if ! grep -qxF -- "$l" "$log"; then
            fail "$c" "no line '$l' in the report: $(head -c 300 "$log" | tr '\n' '|')"
            return
        fi
    done
    pass "$c"
}

# same CASE EXPECTED_TEXT: the log, or lines of it picked by the caller
# into $picked, must be exactly this text.
same() {
    if [ "$2" = "$3" ]; then
        pass "$1"
    else
        fail "$1" "expected '$(echo "$2" | tr '\n' '|')', got '$(echo "$3" | tr '\n' '|')'"
    fi
}

# --- empty, bb, insn on loop: 2005 instructions, 1002 blocks -------------
run empty loop empty.so
if ran_ok empty; then same empty "" "$(cat "$log")"; fi

run bb loop bb.so
has bb "bb's: 1002, insns: 2005"
run bb-inline loop bb.so,inline=on
has bb-inline "bb's: 1002, insns: 2005"

# insn counts inline by default, with callbacks under inline=off: the
# same report either way.
run insn loop insn.so
has insn "cpu 0 insns: 2005" "total insns: 2005"
run insn-cb loop insn.so,inline=off
has insn-cb "cpu 0 insns: 2005" "total insns: 2005"
run insn-sizes loop insn.so,sizes=on
has insn-sizes "len 2 bytes: 2002 insns" "len 4 bytes: 3 insns"
run insn-sizes-cb loop insn.so,sizes=on,inline=off
has insn-sizes-cb "len 2 bytes: 2002 insns" "len 4 bytes: 3 insns"

# match: the loop's branch runs 1000 times; the first hit is instruction 4
# (li, j, addi, bnez), every later one 2 after the previous.
loop_bnez=$(printf '0x%x' $(( $(sym loop loop) + 2 )))
for v in insn-match:insn.so,match=bnez insn-match-cb:insn.so,match=bnez,inline=off; do
    name=${v%%:*}
    run "$name" loop "${v#*:}"
    if ran_ok "$name"; then
        first=$(grep "^$loop_bnez, " "$log" | head -n 1)
        last=$(grep "^$loop_bnez, " "$log" | tail -n 1)
        hits=$(grep -c "^$loop_bnez, " "$log")
        case "$first|$last|$hits" in
        *"1 hits, 1 match hits, Δ+4 since last match, 4 avg insns/match|"*"1000 hits, 1000 match hits, Δ+2 since last match, 2 avg insns/match|1000")
            has "$name" "Match: bnez, hits 1000" ;;
        *) fail "$name" "hit lines: first '$first', last '$last', $hits of them" ;;
        esac
    fi
done

# --- mem on mem: 402 accesses, 300 loads, 102 stores --------------------
buf=$(sym mem buf)
region=$(hex16 "$buf")
run mem mem mem.so
has mem "mem accesses: 402"
run mem-inline mem mem.so,inline=on
has mem-inline "inline mem accesses: 402"
run mem-track-r mem mem.so,track=r
has mem-track-r "mem accesses: 300"
run mem-track-w mem mem.so,track=w
has mem-track-w "mem accesses: 102"
run mem-inline-track-w mem mem.so,inline=on,track=w
has mem-inline-track-w "inline mem accesses: 102"
run mem-inline-and-callback mem mem.so,inline=on,callback=on
has mem-inline-and-callback "inline mem accesses: 402" "callback mem accesses: 402"
run mem-hwaddr mem mem.so,hwaddr=on
has mem-hwaddr "mem accesses: 402" "io accesses: 0"
run mem-region mem mem.so,region-summary=on
has mem-region "Region Base, Reads, Writes, Seen all" "$region, 300, 102, true"
run mem-print mem mem.so,print-accesses=on,callback=off
if ran_ok mem-print; then
    init_b=$(sym mem init_b)
    store_a=$(sym mem store_a)
    page_b=$(printf '0x%x' $((buf + 4096)))
    n=$(grep -c '^0x' "$log")
    if [ "$n" -ne 402 ]; then
        fail mem-print "$n access lines, expected 402"
    elif ! grep -q "^$init_b,[^,]*,$page_b,0x0,32,store,0x00000000\$" "$log" ||
         ! grep -q "^$store_a,[^,]*,$buf,0x0,64,store,0x0000000000000064\$" "$log"; then
        fail mem-print "access lines of $init_b or $store_a missing or wrong"
    else
        has mem-print "insn_vaddr,insn_symbol,mem_vaddr,mem_hwaddr,access_size,access_type,mem_value"
    fi
fi

# --- syscall on syscalls ------------------------------------------------
run syscall syscalls syscall.so
if ran_ok syscall; then
    same syscall "syscall no.  calls  errors
64           3      0
172          2      0
56           1      1
57           1      1
93           1      0" "$(cat "$log")"
fi
hello=$(sym syscalls hello)
run syscall-print syscalls syscall.so,print=on
if ran_ok syscall-print; then
    a=$(grep -c "^syscall #64(0x1, $hello, 0x6, " "$log")
    b=$(grep -cxF "syscall #64 returned -> 6" "$log")
    if [ "$a" -ne 3 ] || [ "$b" -ne 3 ]; then
        fail syscall-print "$a write entries and $b write returns, expected 3 and 3"
    else
        has syscall-print "syscall #56 returned -> -2" "syscall #57 returned -> -9" \
            "syscall #172 returned -> $(grep -m1 '^syscall #172 returned' "$log" | sed 's/.*-> //')"
    fi
fi
run syscall-log-writes syscalls syscall.so,log_writes=on
if ran_ok syscall-log-writes; then
    n=$(grep -c '^68 65 6c 6c 6f 0a  *| hello\.$' "$log")
    if [ "$n" -eq 3 ]; then pass syscall-log-writes
    else fail syscall-log-writes "$n hexdumps of 'hello\\n', expected 3"; fi
fi
# QEMU's test-plugin-syscall-filter (magic.S): 4096(0x66CCFF) answered
# 0xFFCC66 = 16764006 by the plugin's filter, so the guest exits 0; without
# the plugin the kernel's -ENOSYS makes it exit 1 (checked too).
run syscall-filter magic syscall.so,print=on
has syscall-filter "syscall #4096 returned -> 16764006" "magic syscall filtered, set magic return"
(timeout 60 "$peek" "$bin/magic" > /dev/null 2>&1)
[ $? = 1 ] && pass syscall-filter-needs-plugin || fail syscall-filter-needs-plugin "magic exited 0 without the plugin"
run syscall-filter-stats magic syscall.so
has syscall-filter-stats "4096         1      0"

# --- hotblocks on loop: the loop block, 2 insns, 1000 executions first ---
loop_pc=$(sym loop loop)
loop16=$(hex16 "$loop_pc")
for v in "" ",inline=on"; do
    c=hotblocks${v:+-inline}
    run "$c" loop "hotblocks.so$v"
    if ran_ok "$c"; then
        same "$c" "pc, tcount, icount, ecount
$loop16, 1, 2, 1000" "$(sed -n '2,3p' "$log")"
    fi
done
run hotblocks-limit loop hotblocks.so,limit=1
if ran_ok hotblocks-limit; then same hotblocks-limit 1 "$(grep -c '^0x' "$log")"; fi

# --- threads: 4 threads x 10000 runs of spin_loop, three plugins at once --
spin16=$(hex16 "$(sym threads spin_loop)")
log=$work/threads.log err=$work/threads.err
(cd "$work" && timeout 60 "$peek" -d plugin -D "$log" \
    -plugin "$plug/libhotblocks.so,limit=0" -plugin "$plug/libinsn.so,inline=on" \
    -plugin "$plug/libbb.so" "$bin/threads" > "$work/threads.out" 2> "$err" < /dev/null)
rc=$?
if ran_ok threads; then
    spin=$(grep "^$spin16, " "$log")
    cpus=$(awk '/^cpu [0-9]+ insns: / { s += $4 } END { print s + 0 }' "$log")
    total=$(awk '/^total insns: / { print $3 }' "$log")
    bbtotal=$(awk '/^bb.s: / { print $4 }' "$log")
    case "$spin" in
    "$spin16, "*", 2, 40000") same threads "$total $total" "$cpus $bbtotal" ;;
    *) fail threads "spin_loop block: '$spin'" ;;
    esac
fi

# --- threads again, with what each vCPU counts or buffers on its own: ----
# insn's per-vCPU lines add up to its total; the cache simulated each
# instruction as a fetch and each of mem's accesses as a data access (the
# buffers of threads that exited included); hotblocks (inline, shared
# scoreboards) saw spin_loop's block run 40000 times; cflow saw the
# c.bnez after spin_loop's c.addi jump back 4 x 9999 times.
log=$work/threads-cb.log err=$work/threads-cb.err
(cd "$work" && timeout 60 "$peek" -d plugin -D "$log" \
    -plugin "$plug/libinsn.so" -plugin "$plug/libmem.so" \
    -plugin "$plug/libcache.so" -plugin "$plug/libcflow.so,limit=0" \
    -plugin "$plug/libhotblocks.so,inline=on,limit=0" "$bin/threads" \
    > "$work/threads-cb.out" 2> "$err" < /dev/null)
rc=$?
if ran_ok threads-cb; then
    cpus=$(awk '/^cpu [0-9]+ insns: / { s += $4 } END { print s + 0 }' "$log")
    total=$(awk '/^total insns: / { print $3 }' "$log")
    mem=$(awk '/^mem accesses: / { print $3 }' "$log")
    cache=$(awk '/^0 / && NF >= 7 { print $2, $5 }' "$log")
    spin=$(grep "^$spin16, " "$log")
    bnez=$(printf '0x%x' $(( $(sym threads spin_loop) + 2 )))
    edge=$(grep -A2 "^  addr: $bnez " "$log" | tail -n 2 | sed 's/^ *//' | tr '\n' '|')
    case "$spin" in
    "$spin16, "*", 2, 40000")
        same threads-cb "$total $mem $total|branches 39996|to $(sym threads spin_loop) (39996)|" \
            "$cpus $cache|$edge" ;;
    *) fail threads-cb "spin_loop block: '$spin'" ;;
    esac
fi

# --- hotpages on mem: page A 100 reads/100 writes, B 200 reads/2 writes --
pa=$(printf '0x%016x' "$buf") pb=$(printf '0x%016x' $((buf + 4096)))
A="$pa, 0x0001, 100, 0x0001, 100" B="$pb, 0x0001, 200, 0x0001, 2"
for sort in "" reads writes address; do
    c=hotpages${sort:+-$sort}
    run "$c" mem "hotpages.so${sort:+,sortby=$sort}"
    case $sort in
    ""|reads) want="$B
$A" ;;
    *) want="$A
$B" ;;
    esac
    if ran_ok "$c"; then
        same "$c" "Addr, RCPUs, Reads, WCPUs, Writes
$want" "$(cat "$log")"
    fi
done
run hotpages-pagesize mem hotpages.so,pagesize=8192
if ran_ok hotpages-pagesize; then
    same hotpages-pagesize "$pa, 0x0001, 300, 0x0001, 102" "$(sed -n 2p "$log")"
fi

# --- howvec on classes: see classes.S for the counts -----------------------
howvec_table() {
    awk -F'\t' '/^Class: / && /hits\)$/ {
        name = $1; sub(/^Class: /, "", name); sub(/ +$/, "", name)
        n = $2; gsub(/[^0-9]/, "", n); print name "=" n }' "$log"
}
# The default counts inline; inline=off with callbacks: the same table.
for v in howvec:howvec.so howvec-cb:howvec.so,inline=off; do
    name=${v%:*}
    run "$name" classes "${v#*:}"
    if ran_ok "$name"; then
        same "$name" "Int ALU (imm)=14
Int ALU (reg)=10
Upper imm (lui/auipc)=11
Mul/Div=10
Bit manipulation=10
Cond zero=10
Load=10
Store=10
Atomic (lr/sc/amo)=10
FP load/store=10
FP arith/convert/move=10
FP fused multiply-add=10
Cond branch=10
Jump (jal)=11
Jump reg (jalr)=10
Fence=10
Env call/break=1
CSR access=10" "$(howvec_table)"
    fi
done
run howvec-count classes howvec.so,count=branch,count=!fp
if ran_ok howvec-count; then
    if grep -q "^Class: Cond branch *	counted individually\$" "$log" &&
       grep -q "^Class: FP arith/convert/move *	not counted\$" "$log" &&
       grep -q "^Instr: bnez s1,.*	(10 hits)	(op=0x0000f4e9/Cond branch)\$" "$log"; then
        pass howvec-count
    else
        fail howvec-count "class breakdown lines missing: $(tr '\n' '|' < "$log" | head -c 400)"
    fi
fi

# --- execlog on loop and mem ------------------------------------------------
start=$(sym loop _start)
run execlog loop execlog.so
if ran_ok execlog; then
    n=$(grep -c '^0, 0x' "$log")
    if [ "$n" -ne 2005 ]; then fail execlog "$n lines, expected 2005"
    elif ! grep -q "^0, $start, 0x3e800513, \"[^\"]*\"\$" "$log"; then
        fail execlog "no plain line for the first instruction"
    else pass execlog; fi
fi
run execlog-reg loop execlog.so,reg=a0
if ran_ok execlog-reg; then
    if grep -q "^0, $start, 0x3e800513, \"[^\"]*\", a0 -> 0x00000000000003e8\$" "$log" &&
       grep -q "^0, $loop_pc, 0x157d, \"[^\"]*\", a0 -> 0x00000000000003e7\$" "$log" &&
       [ "$(grep -c ', a0 -> 0x' "$log")" -eq 1001 ]; then
        pass execlog-reg
    else
        fail execlog-reg "register change lines wrong: $(head -n 3 "$log" | tr '\n' '|')"
    fi
fi
run execlog-ifilter loop execlog.so,ifilter=bnez
if ran_ok execlog-ifilter; then same execlog-ifilter 1000 "$(grep -c "^0, $loop_bnez, " "$log")"; fi
run execlog-stacked loop "execlog.so,ifilter=bnez,afilter=${start#0x}"
if ran_ok execlog-stacked; then same execlog-stacked 1001 "$(grep -c '^0, ' "$log")"; fi
store_a=$(sym mem store_a)
run execlog-mem mem "execlog.so,afilter=$store_a"
if ran_ok execlog-mem; then
    same execlog-mem 100 "$(grep -c "^0, $store_a, 0x643023, \"[^\"]*\", store, $(printf '0x%08x' "$buf")\$" "$log")"
fi

# --- cache on cache: 300 loads of A B A C A B; misses worked out by hand ---
# One set of two 64-byte ways. LRU: 4 misses in the first iteration (A, B,
# then C evicts B, B evicts C), then 2 per iteration (C and the last B):
# 4 + 2*49 = 102. FIFO: 5 in the first (C evicts A, A evicts B, B evicts
# C), then 3 (C, A, B): 5 + 3*49 = 152. Direct mapped (one way, two sets:
# A and C share set 0) every policy gives 4 + 2*49 = 102. Fetches: 409
# instructions in one 64-byte line, 1 miss. L2 sees the 103 L1 misses and
# misses on the 4 lines (A, B, C, code) once each.
# cache_row ROW FIELD...: the given fields of the summary line that starts
# with ROW (a core number, or "sum"), separated by spaces.
cache_row() {
    row=$1
    shift
    awk -v r="$row" -v f="$*" '$1 == r { n = split(f, k, " "); s = $(k[1])
                                         for (i = 2; i <= n; i++) s = s " " $(k[i]); print s }' "$log"
}
L1="dcachesize=128,dblksize=64,dassoc=2"
DM="dcachesize=128,dblksize=64,dassoc=1"
lc=$(sym cache load_c) la1=$(sym cache load_a1) lb1=$(sym cache load_b1)
la3=$(sym cache load_a3) lb2=$(sym cache load_b2) cstart=$(sym cache _start)
misses_table() {
    awk -v t="$1" 'index($0, t) == 1 { on = 1; next } on && /^$/ { exit }
                   on { split($0, f, ","); sub(/ .*/, "", f[1]); print f[1], f[2] + 0 }' "$log"
}
run cache-lru cache "cache.so,$L1,evict=lru"
if ran_ok cache-lru; then
    same cache-lru "300 102 409 1
$lc 50
$lb2 50
$la1 1
$lb1 1" "$(cache_row 0 2 3 5 6; misses_table "address, data misses")"
fi
run cache-fifo cache "cache.so,$L1,evict=fifo"
if ran_ok cache-fifo; then
    same cache-fifo "300 152 409 1
$lc 50
$la3 50
$lb2 50
$la1 1
$lb1 1" "$(cache_row 0 2 3 5 6; misses_table "address, data misses")"
fi
for pol in lru fifo rand; do
    run "cache-dm-$pol" cache "cache.so,$DM,evict=$pol"
    if ran_ok "cache-dm-$pol"; then
        same "cache-dm-$pol" "300 102" "$(cache_row 0 2 3)"
    fi
done
run cache-l2 cache "cache.so,$L1,l2=on"
if ran_ok cache-l2; then
    same cache-l2 "300 102 409 1 103 4
$cstart 1" "$(cache_row 0 2 3 5 6 8 9; misses_table "address, fetch misses")"
fi
run cache-symbols cache "cache.so,$L1"
if ran_ok cache-symbols; then
    if grep -q "^$lc ([A-Za-z_][A-Za-z0-9_]*), 50, " "$log"; then pass cache-symbols
    else fail cache-symbols "no symbol name in the miss table: $(grep "^$lc" "$log")"; fi
fi
run cache-cores cache "cache.so,$L1,cores=2"
if ran_ok cache-cores; then
    same cache-cores "300 102" "$(cache_row sum 2 3)"
fi

# --- bbv on loop, interval 100: see bbv.c for the format ------------------
# Block 1 (_start, 2 insns) then the loop block (id 2): after 49 loop
# blocks the count is 100; then every 50 loop blocks; the rest (one loop
# block and the exit block, id 3) is the final partial interval.
run bbv loop "bbv.so,interval=100,outfile=$work/bbv"
if ran_ok bbv; then
    want="T:1:2 :2:98 "
    i=0
    while [ $i -lt 19 ]; do want="$want
T:2:100 "; i=$((i + 1)); done
    want="$want
T:2:2 :3:3 "
    same bbv "$want" "$(cat "$work/bbv.0.bb" 2>/dev/null)"
fi

# bbv on nest.c in SimPoint's input format: every line "T" then
# ":<id>:<count> " pairs, ids from 1 and increasing within a line, counts
# positive; every interval but the last holds at least interval=N
# instructions.
run bbv-nest nest "bbv.so,interval=10000,outfile=$work/nest-bbv"
if ran_ok bbv-nest; then
    got=$(python3 - "$work/nest-bbv.0.bb" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
if lines[-1] != "":
    sys.exit("no final newline")
lines = lines[:-1]
bad = []
for i, l in enumerate(lines):
    if not re.fullmatch(r"T(:[0-9]+:[0-9]+ )+", l):
        bad.append("line %d: %r" % (i + 1, l[:40]))
        continue
    pairs = [tuple(int(x) for x in p[1:].split(":")) for p in l[1:].split(" ") if p]
    ids = [p[0] for p in pairs]
    if ids[0] < 1 or ids != sorted(set(ids)) or min(p[1] for p in pairs) < 1:
        bad.append("line %d: ids or counts" % (i + 1))
    if i < len(lines) - 1 and sum(p[1] for p in pairs) < 10000:
        bad.append("line %d: short interval" % (i + 1))
print("ok %d" % len(lines) if lines and not bad else "bad %s" % bad[:3])
PY
)
    case $got in
    "ok "[1-9]*) pass bbv-simpoint-format ;;
    *) fail bbv-simpoint-format "$got" ;;
    esac
fi

# --- cflow on calls ---------------------------------------------------------
f=$(sym calls f) back1=$(sym calls back1) back2=$(sym calls back2)
site1=$(sym calls site1) again=$(sym calls again)
f_ret=$(printf '0x%x' $((f + 2)))
cflow_node() {
    awk -v a="  addr: $1 " 'index($0, a) == 1 { on = 1; print; next }
                            on && /^  addr:/ { exit } on { print }' "$log"
}
run cflow calls cflow.so
if ran_ok cflow; then
    node=$(cflow_node "$f_ret")
    case "$(sed -n 2p "$log")" in
    "  addr: $f_ret "*) same cflow "    branches 6
      to $back1 (3)
      to $back2 (3)" "$(echo "$node" | sed 1d)" ;;
    *) fail cflow "hottest node is not f's ret: $(sed -n 2p "$log")" ;;
    esac
fi
run cflow-jal calls cflow.so,limit=0
if ran_ok cflow-jal; then
    same cflow-jal "    branches 3
      to $f (3)
    branches 2
      to $again (2)" "$(cflow_node "$site1" | sed 1d; cflow_node "$(printf '0x%x' $((back2 + 2)))" | sed 1d)"
fi
run cflow-popular calls cflow.so,sort=popular
if ran_ok cflow-popular; then
    case "$(sed -n 2p "$log")" in
    "  addr: $f_ret "*"(branch)") pass cflow-popular ;;
    *) fail cflow-popular "first node: $(sed -n 2p "$log")" ;;
    esac
fi

# --- uftrace on calls: f entered and left 6 times at depth 0 --------------
mkdir -p "$work/uft"
log=$work/uftrace.log
(cd "$work/uft" && timeout 60 "$peek" -plugin "$plug/libuftrace.so" "$bin/calls" \
    > /dev/null 2> "$work/uftrace.err")
rc=$?
if ran_ok uftrace; then
    want="task 100"
    i=0
    while [ $i -lt 6 ]; do want="$want
100 entry 0 $f
100 exit 0 $f"; i=$((i + 1)); done
    got=$(python3 "$here/uftrace_read.py" "$work/uft/uftrace.data" 2>&1)
    same uftrace "$want" "$got"
fi
# The same data, and nest.c's (main calls outer twice, outer inner three
# times; static glibc around it), read by Debian's uftrace itself: the
# functions must come out by name.
if ! command -v uftrace > /dev/null; then
    echo "SKIP plugin-uftrace-tool: uftrace is not installed (scripts/deps.sh installs it)" >> "$results"
else
    (cd "$work/uft" && uftrace replay > "$work/uft-replay.txt" 2>&1)
    n=$(grep -c '| f();$' "$work/uft-replay.txt")
    [ "$n" = 6 ] && pass uftrace-replay-names ||
        fail uftrace-replay-names "$n lines 'f();', expected 6: $(head -c 300 "$work/uft-replay.txt" | tr '\n' '|')"
    mkdir -p "$work/uft-nest"
    (cd "$work/uft-nest" && timeout 60 "$peek" -plugin "$plug/libuftrace.so" "$bin/nest" > /dev/null 2>&1 &&
     uftrace replay -F main > "$work/nest-replay.txt" 2>&1 &&
     uftrace report > "$work/nest-report.txt" 2>&1 &&
     uftrace dump --chrome > "$work/nest-chrome.json" 2>&1)
    rc=$?
    # the function column of replay's first eleven lines
    got=$(sed -n '2,12p' "$work/nest-replay.txt" | sed 's/^[^|]*| //')
    same uftrace-replay-nested "main() {
  outer() {
    inner();
    inner();
    inner();
  } /* outer */
  outer() {
    inner();
    inner();
    inner();
  } /* outer */" "$got"
    got=$(awk '$NF == "main" || $NF == "outer" || $NF == "inner" { print $NF, $(NF-1) }' "$work/nest-report.txt" | sort)
    same uftrace-report "inner 6
main 1
outer 2" "$got"
    got=$(python3 -c 'import json, sys, collections
ev = json.load(open(sys.argv[1]))["traceEvents"]
c = collections.Counter((e["name"], e["ph"]) for e in ev if e["name"] in ("main", "outer", "inner"))
print(" ".join("%s:%s=%d" % (n, p, c[(n, p)]) for n in ("main", "outer", "inner") for p in "BE"))' \
        "$work/nest-chrome.json" 2>&1)
    same uftrace-dump-chrome "main:B=1 main:E=1 outer:B=2 outer:E=2 inner:B=6 inner:E=6" "$got"
fi

# --- drcov on loop: three blocks, read back ---------------------------------
run drcov loop "drcov.so,filename=$work/loop.drcov"
if ran_ok drcov; then
    got=$(python3 "$here/drcov_read.py" "$work/loop.drcov" 2>&1)
    base=$(echo "$got" | awk '$1 == "module" { print $3 }')
    entry=$(readelf -h "$bin/loop" | awk '/Entry point/ { print $4 }')
    if [ -z "$base" ]; then
        same drcov "a drcov file" "$got"
    else
        done_=$(sym loop done)
        same drcov "module 0 $base $(echo "$got" | awk '$1 == "module" { print $4 }') $entry $bin/loop
bb $(printf '0x%x' $((start - base))) 0x6 0
bb $(printf '0x%x' $((loop_pc - base))) 0x4 0
bb $(printf '0x%x' $((done_ - base))) 0xa 0" "$got"
    fi
fi
# drcov on nest.c (static glibc): the file parses as DynamoRIO documents
# it (drcov_read.py), every block lies inside the module, the functions
# that ran (main, outer, inner) start blocks, and never_called, which
# never runs, is in none.
run drcov-nest nest "drcov.so,filename=$work/nest.drcov"
if ran_ok drcov-nest; then
    python3 "$here/drcov_read.py" "$work/nest.drcov" > "$work/nest.drcov.txt" 2>&1
    got=$(python3 - "$work/nest.drcov.txt" "$(sym nest main)" "$(sym nest outer)" "$(sym nest inner)" \
          "$(sym nest never_called)" <<'PY'
import sys
lines = [l.split() for l in open(sys.argv[1])]
mods = [l for l in lines if l[0] == "module"]
if len(mods) != 1:
    sys.exit("not one module: %s" % lines[:3])
base, end = int(mods[0][2], 16), int(mods[0][3], 16)
bbs = [(int(l[1], 16), int(l[2], 16)) for l in lines if l[0] == "bb"]
main, outer, inner, never = (int(a, 16) - base for a in sys.argv[2:6])
starts = {s for s, _ in bbs}
bad = [hex(s) for s, n in bbs if s + n > end - base or s <= never < s + n]
missing = [f for f, a in (("main", main), ("outer", outer), ("inner", inner)) if a not in starts]
print("ok" if bbs and not bad and not missing else "bad %s missing %s" % (bad, missing))
PY
)
    same drcov-nest ok "$got"
fi
run drcov-default loop drcov.so
if ran_ok drcov-default; then
    if python3 "$here/drcov_read.py" "$work/file.drcov.trace" > /dev/null; then
        pass drcov-default
    else
        fail drcov-default "no readable file.drcov.trace in the working directory"
    fi
fi

# --- lockstep: same run agrees, different argc diverges at same/other -----
lockstep_pair() {
    sock=$work/lockstep-$1.sock
    rm -f "$sock"
    timeout 60 "$peek" -d plugin -D "$work/$1-a.log" \
        -plugin "$plug/liblockstep.so,sockpath=$sock" "$bin/branchy" \
        > /dev/null 2> "$work/$1-a.err" &
    pid=$!
    timeout 60 "$peek" -d plugin -D "$work/$1-b.log" \
        -plugin "$plug/liblockstep.so,sockpath=$sock" "$bin/branchy" $2 \
        > /dev/null 2> "$work/$1-b.err"
    rc_b=$?
    wait $pid
    rc_a=$?
}
lockstep_pair lockstep-same ""
if [ $rc_a -eq 0 ] && [ $rc_b -eq 0 ] &&
   grep -qxF "No divergence :-)" "$work/lockstep-same-a.log" &&
   grep -qxF "No divergence :-)" "$work/lockstep-same-b.log"; then
    pass lockstep-same
else
    fail lockstep-same "exit $rc_a/$rc_b: $(cat "$work/lockstep-same-a.log" "$work/lockstep-same-a.err" | tr '\n' '|' | head -c 300)"
fi
lockstep_pair lockstep-diverge "x"
same16=$(hex16 "$(sym branchy same)")
other16=$(hex16 "$(sym branchy other)")
if grep -q "^@ $same16 vs $other16 " "$work/lockstep-diverge-a.log" &&
   grep -q "^@ $other16 vs $same16 " "$work/lockstep-diverge-b.log" &&
   grep -q "^Δ insn_count @ $same16 " "$work/lockstep-diverge-a.log" &&
   grep -q "^  previously @ 0x" "$work/lockstep-diverge-a.log" &&
   ! grep -q "No divergence" "$work/lockstep-diverge-a.log"; then
    pass lockstep-diverge
else
    fail lockstep-diverge "$(cat "$work/lockstep-diverge-a.log" "$work/lockstep-diverge-a.err" | tr '\n' '|' | head -c 300)"
fi

# --- stoptrigger on writes: instruction 10 is the ecall at `second` -------
second=$(sym writes second)
stop_case() {
    run "$1" writes "stoptrigger.so,$2"
    if [ "$rc" -eq "$3" ] && [ "$(cat "$out")" = "$4" ] && grep -qxF "$5" "$log"; then
        pass "$1"
    else
        fail "$1" "exit $rc (want $3), output '$(cat "$out" | tr '\n' ' ')' (want '$4'), log '$(cat "$log")'"
    fi
}
stop_case stoptrigger-icount "icount=9:7" 7 "1" "icount reached at $second, exiting"
stop_case stoptrigger-icount-6 "icount=6" 0 "1" "icount reached at $(printf '0x%x' $((second - 10))), exiting"
stop_case stoptrigger-icount-5 "icount=5:3" 3 "" "icount reached at $(printf '0x%x' $((second - 14))), exiting"
stop_case stoptrigger-addr "addr=$second:42" 42 "1" "$second reached, exiting"
stop_case stoptrigger-first "icount=100:9,addr=$second:42" 42 "1" "$second reached, exiting"

# --- ips: 100005 instructions at 50000 per second take about 2 s ----------
t0=$(date +%s%N)
run ips bigloop ips.so,ips=50k
t1=$(date +%s%N)
if ran_ok ips; then
    ms=$(( (t1 - t0) / 1000000 ))
    if [ $ms -ge 1500 ] && [ $ms -le 20000 ]; then pass ips
    else fail ips "took $ms ms, expected about 2000"; fi
fi

# --- hwprofile refuses user mode -------------------------------------------
run hwprofile loop hwprofile.so
if [ $rc -ne 0 ] && grep -q "system emulation" "$err"; then pass hwprofile
else fail hwprofile "exit $rc, stderr '$(head -c 200 "$err")'"; fi

# --- traps in user mode: syscalls makes 8 system calls (the syscall
# table above), and peek reports each that returns as a host call; the
# last, exit, never returns
run traps syscalls traps.so
if ran_ok traps; then
    same traps "vcpu, interrupts, exceptions, host calls
0, 0, 0, 7" "$(cat "$log")"
fi

# --- every plugin names a bad argument and refuses to install -------------
for bad in empty.so,bogus=1 bb.so,bogus=1 bb.so,inline=maybe insn.so,bogus=1 \
           insn.so,sizes=2 insn.so,match= mem.so,bogus=1 mem.so,track=x \
           syscall.so,bogus=1 syscall.so,print=2 hotblocks.so,bogus=1 \
           hotblocks.so,limit=abc hotpages.so,bogus=1 hotpages.so,pagesize=3 \
           hotpages.so,sortby=size howvec.so,bogus=1 howvec.so,count=nosuch \
           lockstep.so,bogus=1 hwprofile.so,bogus=1 hwprofile.so,track=rw \
           execlog.so,bogus=1 execlog.so,afilter=xyz cache.so,bogus=1 \
           cache.so,evict=lfu cache.so,dassoc=0 cache.so,l2=perhaps \
           bbv.so,bogus=1 bbv.so,interval=0 cflow.so,bogus=1 \
           cflow.so,sort=coldest drcov.so,bogus=1 drcov.so,filename= \
           ips.so,bogus=1 ips.so,ips=fast stoptrigger.so,bogus=1 \
           stoptrigger.so,icount=0 stoptrigger.so,addr=0x10:300 \
           uftrace.so,bogus=1 uftrace.so,trace-privilege-level=maybe \
           traps.so,bogus=1; do
    arg=${bad#*,}
    c="badarg-${bad%%.so*}-${arg%%=*}"
    run "$c" loop "$bad"
    if [ $rc -ne 0 ] && grep -qF -- "'$arg'" "$err"; then pass "$c"
    else fail "$c" "exit $rc, stderr '$(head -c 200 "$err" | tr '\n' ' ')'"; fi
done
for bad in lockstep.so:sockpath bbv.so:outfile stoptrigger.so:icount ips.so:ips; do
    c="missing-${bad%%.so*}"
    run "$c" loop "${bad%%:*}"
    if [ $rc -ne 0 ] && grep -qF -- "${bad#*:}" "$err"; then pass "$c"
    else fail "$c" "exit $rc, stderr '$(head -c 200 "$err" | tr '\n' ' ')'"; fi
done

# --- make install-plugins put every plugin in lib/peek/plugins ------------
want=$(cd "$plug" && ls lib*.so | sort)
got=$(cd "$installed" 2>/dev/null && ls lib*.so | sort)
same install "$want" "$got"
exit 0
