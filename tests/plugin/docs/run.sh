#!/bin/sh
# QEMU's plugin documentation examples, reproduced on aarch64 programs of
# our own under peek (both backends), with peek's plugins:
#   loop-a64  (hand-counted, see its comment): every report must show the
#             numbers worked out by hand, in QEMU's documented formats;
#   sha1      must print the standard's digest of "abc", and its reports
#             must agree with each other (bb's instruction total = insn's
#             = the sum over hotblocks; mem by callback = mem inline);
#   threadcount  one insn line per vCPU (the main thread and the workers,
#             whose vCPU indexes are reused once a worker ends), summing
#             to the total, which bb's total equals.
# Writes "PASS docs-<case>-<backend>" / "FAIL ...: why" to RESULTS.
#   run.sh PEEK PLUGIN_DIR BIN_DIR WORK RESULTS
peek=$1 plug=$2 bin=$3 work=$4 results=$5
here=$(cd "$(dirname "$0")" && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
peek=$(abs "$peek") plug=$(abs "$plug") bin=$(abs "$bin") work=$(abs "$work")
rm -rf "$work" && mkdir -p "$work"
: > "$results"

pass() { echo "PASS docs-$1" >> "$results"; }
fail() { echo "FAIL docs-$1: $2" >> "$results"; }

# run BACKEND CASE PROG "SPEC..." [ARGS...]: each plugin of the list loaded
# (their reports together in $log), guest output in $out.
run() {
	be=$1 c=$2 prog=$3 specs=$4
	shift 4
	log=$work/$c-$be.log out=$work/$c-$be.out
	set -- $(for s in $specs; do printf -- '-plugin %s ' "$plug/lib$s"; done) "$bin/$prog" "$@"
	(cd "$work" && timeout 120 "$peek" -accel "$be" -d plugin -D "$log" "$@" \
		> "$out" 2> "$out.err" < /dev/null)
	rc=$?
	[ -f "$log" ] || : > "$log"
}

# has CASE LINE...: the run succeeded and every LINE is a whole line of the report.
has() {
	c=$1
	shift
	if [ "$rc" -ne 0 ]; then
		fail "$c" "exit status $rc: $(head -c 200 "$out.err" | tr '\n' ' ')"
		return
	fi
	for l in "$@"; do
		if ! grep -qxF -- "$l" "$log"; then
			fail "$c" "no line '$l' in the report: $(head -c 300 "$log" | tr '\n' '|')"
			return
		fi
	done
	pass "$c"
}

# same CASE A B [WHAT]: two numbers must be equal (and not empty).
same() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "${4:-values} differ: '$2' vs '$3'"
	fi
}

field() { awk -v k="$1" 'index($0, k) == 1 { sub(k, ""); print $1; exit }' "$2"; }

for be in jit interp; do
	# --- loop-a64: the numbers of its comment -----------------------------
	run $be bb loop-a64 bb.so;                    has bb-$be "bb's: 1001, insns: 5005"
	run $be bb-inline loop-a64 bb.so,inline=on;   has bb-inline-$be "bb's: 1001, insns: 5005"
	run $be insn loop-a64 insn.so;                has insn-$be "cpu 0 insns: 5005" "total insns: 5005"
	run $be insn-cb loop-a64 insn.so,inline=off;   has insn-cb-$be "total insns: 5005"
	run $be insn-sizes loop-a64 insn.so,sizes=on; has insn-sizes-$be "len 4 bytes: 5005 insns"
	run $be insn-match loop-a64 insn.so,match=ldr
	has insn-match-$be "0x$(printf %x 0x400114), 'ldr	x3, [x2]', 1000 hits, 1000 match hits, Δ+5 since last match, 4 avg insns/match"
	run $be mem-cb loop-a64 mem.so,callback=on;   has mem-cb-$be "mem accesses: 2000"
	run $be mem-inline loop-a64 mem.so,inline=on; has mem-inline-$be "inline mem accesses: 2000"
	run $be syscall loop-a64 syscall.so;          has syscall-$be "93           1      0"
	run $be hotblocks loop-a64 hotblocks.so
	has hotblocks-$be "0x0000000000400114, 1, 5, 999" "0x000000000040010c, 1, 7, 1" "0x0000000000400128, 1, 3, 1"
	run $be hotpages loop-a64 hotpages.so
	has hotpages-$be "0x0000000000410000, 0x0001, 1000, 0x0001, 1000"
	run $be howvec loop-a64 howvec.so
	has howvec-$be "Class:   PCrel addr            	(1 hits)" "Class:   Add/Sub (imm)         	(2000 hits)" \
		"Class:   Move Wide (imm)       	(3 hits)" "Class:   Cond Branch (imm)     	(1000 hits)" \
		"Class:   Exception Gen         	(1 hits)" "Class:   ldst reg (imm)        	(2000 hits)"
	run $be cache loop-a64 cache.so
	if [ "$(awk '$1 == "0" { print $2, $5 }' "$log")" = "2000 5005" ]; then
		pass cache-$be
	else
		fail cache-$be "want 2000 data and 5005 instruction accesses: $(head -c 300 "$log" | tr '\n' '|')"
	fi

	# registers by GDB's aarch64 names: x3 counts up to 1000; subs leaves
	# C set (no borrow) until the last round sets Z as well
	run $be execlog-regs loop-a64 "execlog.so,reg=x3,reg=cpsr"
	if [ "$rc" -eq 0 ] && grep -q '"add	x3, x3, #0x1", x3 -> 0x00000000000003e8$' "$log" &&
	   grep -q '"subs	x1, x1, #0x1", cpsr -> 0x20000000$' "$log" &&
	   grep -q '"subs	x1, x1, #0x1", cpsr -> 0x60000000$' "$log"; then
		pass execlog-regs-$be
	else
		fail execlog-regs-$be "rc $rc: $(grep -- '->' "$log" | tail -n 3 | tr '\n' '|')"
	fi

	# --- sha1: right answer, reports that agree --------------------------
	run $be sha1-bb sha1 bb.so
	if ! grep -qx "abc a9993e364706816aba3e25717850c26c9cd0d89d" "$out"; then
		fail sha1-digest-$be "wrong SHA-1 of abc: $(head -c 200 "$out" "$out.err" | tr '\n' ' ')"
	else
		pass sha1-digest-$be
	fi
	bb_insns=$(sed -n "s/^bb's: [0-9]*, insns: //p" "$log")
	run $be sha1-insn sha1 insn.so
	same sha1-bb-vs-insn-$be "$bb_insns" "$(field 'total insns: ' "$log")" "instruction totals"
	run $be sha1-hotblocks sha1 hotblocks.so,limit=0
	hb=$(awk -F', ' 'NR > 2 { s += $3 * $4 } END { print s }' "$log")
	same sha1-hotblocks-$be "$bb_insns" "$hb" "bb's total and the hotblocks sum"
	run $be sha1-mem-cb sha1 mem.so,callback=on
	cb=$(field 'mem accesses: ' "$log")
	run $be sha1-mem-inline sha1 mem.so,inline=on
	same sha1-mem-$be "$cb" "$(field 'inline mem accesses: ' "$log")" "callback and inline counts"

	# --- uftrace: calls and returns of aarch64 code (bl, blr, ret) -------
	# sha1 2 calls block() once for "abc" and 1025 times per round (1024
	# full blocks of the 64 KiB buffer and one of padding): 2051.
	rm -rf "$work/uftrace.data"
	run $be uftrace sha1 uftrace.so 2
	blk=$(aarch64-linux-gnu-nm "$bin/sha1" | awk '$3 == "block" { print $1; exit }')
	blk=$(printf '0x%x' "0x${blk:-0}")
	calls=$(python3 "$here/../suite/uftrace_read.py" "$work/uftrace.data" 2>/dev/null |
		awk -v a="$blk" '$2 == "entry" && $4 == a' | wc -l)
	same uftrace-$be "2051" "$(echo $calls)" "calls of block() in the trace"

	# --- threadcount: one line per vCPU, summing to the total ------------
	# (both plugins in one run: thread timing changes the counts from run
	# to run, through the futex waits)
	run $be tc-insn threadcount "insn.so bb.so" 4
	lines=$(grep -c '^cpu [0-9]* insns: ' "$log")
	sum=$(awk '/^cpu [0-9]* insns: / { s += $4 } END { print s }' "$log")
	total=$(field 'total insns: ' "$log")
	# A worker that ends before the next starts gives its vCPU index to
	# it (as in QEMU), so there are 2 to 5 lines.
	if [ "$rc" -eq 0 ] && [ "$lines" -ge 2 ] && [ "$lines" -le 5 ] && [ "$sum" = "$total" ] &&
	   grep -qx "total 2800000" "$out"; then
		pass tc-insn-$be
	else
		fail tc-insn-$be "rc $rc, $lines vCPU lines (want 2 to 5), sum $sum vs total $total"
	fi
	same tc-bb-vs-insn-$be "$total" "$(sed -n "s/^bb's: [0-9]*, insns: //p" "$log")" "instruction totals"
done
exit 0
