#!/bin/sh
# Differential test of "a plugin built for QEMU loads in peek unchanged":
# QEMU 7.2's own plugins (built from Debian's qemu source by
# bench/qemu-plugins.sh) run on deterministic guest programs under
# qemu-riscv64, the oracle, and under peek with the very same .so, once per
# peek backend; what each plugin reports must be the same. Both emulators
# run with an empty environment (env -i), the same absolute paths and the
# same working directory, and the programs are free of the C library (see
# work.c), so every instruction, block and address is the same in both.
# Writes "PASS qp-<case>-<backend>" or "FAIL ...: why" lines to RESULTS;
# never fails itself.
#   run.sh QEMU PEEK QEMU_PLUGIN_DIR BIN_DIR SUITE_BIN_DIR WORK RESULTS [GUEST]
# GUEST is riscv64 (the default) or aarch64: which builds of work.c run
# (work-<guest>, work-<guest>-c: riscv64 without / with compressed
# instructions, aarch64 with exclusives / with LSE atomics; tiny-*: the
# short versions), and, for riscv64 only, the hand-written programs of the
# plugin suite too; aarch64 cases are named qp-a64-<case>.
#
# Only what QEMU itself does not define is normalized away:
#   - disassembly text (QEMU uses its own disassembler, peek its own);
#   - the upper half of the "opcode" execlog prints for a 2-byte
#     instruction: QEMU 7.2's execlog and howvec read 4 bytes of a 2-byte
#     instruction's data, and QEMU returns stale bytes there. howvec keys
#     its table on that value, so it runs only on the build without
#     compressed instructions.
# The cache plugin's random policy is seeded randomly by the plugin, so
# only its deterministic policies are compared; multi-threaded programs
# are left out for the same reason. Filters that match disassembly text
# (execlog's ifilter, insn's match) cannot agree and are not used.
# mem's track=r/w is not compared: QEMU 7.2 applies the filter wrongly at
# translation time (accel/tcg/plugin-gen.c, op_rw, tests cb->rw & (w + 1)
# where w is already QEMU_PLUGIN_MEM_R or _W), so track=r sees only the
# writes and track=w everything; peek filters as the API documents, which
# the plugin-suite checks against hand counts.
qemu=$1 peek=$2 qplug=$3 bin=$4 sbin=$5 work=$6 results=$7 guest=${8:-riscv64}
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
qemu=$(abs "$qemu") peek=$(abs "$peek") qplug=$(abs "$qplug")
bin=$(abs "$bin") sbin=$(abs "$sbin") work=$(abs "$work")
rm -rf "$work" && mkdir -p "$work"
: > "$results"

tag=qp
[ "$guest" = riscv64 ] || tag=qp-a64
pass() { echo "PASS $tag-$1" >> "$results"; }
fail() { echo "FAIL $tag-$1: $2" >> "$results"; }

# Guest programs: name -> path and arguments.
prog() {
	case $1 in
	work) echo "$bin/work-$guest" ;;
	work-c) echo "$bin/work-$guest-c" ;;
	tiny) echo "$bin/tiny-$guest" ;;
	tiny-c) echo "$bin/tiny-$guest-c" ;;
	*) echo "$sbin/$1" ;;
	esac
}
# The plugin suite's programs, where the guest has them (riscv64 assembly).
suite() { [ "$guest" = riscv64 ] && echo "$@"; }

# normalize KIND < log: the parts of a plugin's report QEMU defines.
normalize() {
	case $1 in
	execlog)
		# vcpu, pc, opcode, "disassembly"[, load|store, address]
		awk -F'"' '{
			split($1, f, ", ")
			op = f[3]
			if (op ~ /^0x/) {
				v = 0
				for (i = 3; i <= length(op); i++) v = v * 16 + index("0123456789abcdef", substr(op, i, 1)) - 1
				if (v % 4 != 3) op = sprintf("0x%x", v % 65536)
			}
			print f[1] ", " f[2] ", " op $3
		}' ;;
	howvec) sed 's/^Instr: .*\t(\([0-9]* hits\))\t/Instr: \1\t/' ;;
	cache) sed -E 's/^(0x[0-9a-f]+( \([^)]*\))?, [0-9]+), .*/\1/' ;;
	*) cat ;;
	esac
}

# run EMULATOR OUT_PREFIX PROG PLUGIN_SPEC: the plugin's log in
# OUT_PREFIX.log, the guest's output and exit status in OUT_PREFIX.out.
run() {
	emu=$1 o=$2 p=$3 spec=$4
	# shellcheck disable=SC2046
	(cd "$work" && env -i $emu -d plugin -D "$o.log" -plugin "$qplug/$spec" $(prog "$p") \
		> "$o.out" 2> "$o.err" < /dev/null)
	echo "exit $?" >> "$o.out"
	[ -f "$o.log" ] || : > "$o.log"
}

# check CASE PROG PLUGIN_SPEC [KIND]: qemu's report, then peek's on each
# backend, compared after normalize KIND.
check() {
	c=$1 p=$2 spec=$3 kind=${4:-exact}
	so=${spec%%,*}
	if [ ! -f "$qplug/$so" ]; then
		for be in jit interp; do fail "$c-$be" "$qplug/$so was not built (see make qemu-plugins)"; done
		return
	fi
	q=$work/$c.qemu
	run "$qemu" "$q" "$p" "$spec"
	normalize "$kind" < "$q.log" > "$q.norm"
	for be in jit interp; do
		o=$work/$c.$be
		run "$peek -accel $be" "$o" "$p" "$spec"
		normalize "$kind" < "$o.log" > "$o.norm"
		if ! grep -qx "exit 0" "$q.out"; then
			fail "$c-$be" "qemu itself failed: $(tail -n 1 "$q.out"), $(head -c 200 "$q.err" | tr '\n' ' ')"
		elif ! cmp -s "$q.out" "$o.out"; then
			fail "$c-$be" "guest output or status differs: $(diff "$q.out" "$o.out" | head -n 4 | tr '\n' '|') $(head -c 200 "$o.err" | tr '\n' ' ')"
		elif [ "$so" != libempty.so ] && [ ! -s "$q.norm" ]; then
			fail "$c-$be" "the plugin reported nothing under qemu"
		elif ! cmp -s "$q.norm" "$o.norm"; then
			fail "$c-$be" "report differs from qemu's ($q.norm vs $o.norm): $(diff "$q.norm" "$o.norm" | head -n 6 | tr '\n' '|' | head -c 400)"
		else
			pass "$c-$be"
		fi
	done
}

# --- counts: blocks, instructions, memory accesses, system calls ----------
check empty-work work libempty.so
for p in work work-c $(suite loop calls branchy); do
	check "bb-$p" "$p" libbb.so
	check "bb-inline-$p" "$p" libbb.so,inline=on
done
for p in work work-c $(suite loop); do
	check "insn-$p" "$p" libinsn.so
	check "insn-inline-$p" "$p" libinsn.so,inline=on
done
check insn-sizes-work-c work-c libinsn.so,sizes=on
for p in work $(suite mem); do
	check "mem-cb-$p" "$p" libmem.so,callback=on
	check "mem-inline-$p" "$p" libmem.so,inline=on
	check "mem-both-$p" "$p" libmem.so,callback=on,inline=on
done
check mem-haddr-work work libmem.so,callback=on,haddr=on
for p in work $(suite syscalls); do
	check "syscall-$p" "$p" libsyscall.so
done
check syscall-print-work work libsyscall.so,print=on

# --- profiles: hot blocks, hot pages, instruction table, caches ---------
for p in work work-c $(suite loop); do
	check "hotblocks-$p" "$p" libhotblocks.so
	check "hotblocks-inline-$p" "$p" libhotblocks.so,inline=on
done
for p in work $(suite mem); do
	check "hotpages-$p" "$p" libhotpages.so
	check "hotpages-address-$p" "$p" libhotpages.so,sortby=address
	check "hotpages-writes-$p" "$p" libhotpages.so,sortby=writes
done
check howvec-work work libhowvec.so howvec
for p in work work-c $(suite cache); do
	check "cache-lru-$p" "$p" libcache.so,evict=lru cache
	check "cache-fifo-$p" "$p" libcache.so,evict=fifo cache
done
check cache-l2-work work libcache.so,evict=lru,l2=on cache
check cache-small-work work libcache.so,evict=lru,dcachesize=4096,dassoc=2,icachesize=2048,iassoc=4 cache

# --- traces --------------------------------------------------------------
for p in tiny tiny-c $(suite loop mem); do
	check "execlog-$p" "$p" libexeclog.so execlog
done
# Only the first instructions of quicksort and work_main are logged, with
# the accesses that follow them.
addr() { ${NM:-$guest-linux-gnu-nm} "$bin/work-$guest-c" | awk -v s="$1" '$3 ~ s { print $1; exit }'; }
check execlog-afilter-work-c work-c \
	"libexeclog.so,afilter=$(addr '^quicksort'),afilter=$(addr '^work_main$')" execlog

# --- lockstep: qemu-riscv64 and peek step through the same blocks together -
# The first to start listens on the socket (its log says setup_socket::ready,
# the other's connect_socket::ready); both must end without divergence and
# with the same block and instruction totals.
lockstep() {
	c=$1 p=$2 be=$3
	sock=$work/$c-$be.sock
	rm -f "$sock"
	# shellcheck disable=SC2046
	(cd "$work" && env -i timeout 120 "$qemu" -d plugin -D "$work/$c-$be.qemu.log" \
		-plugin "$qplug/liblockstep.so,sockpath=$sock" $(prog "$p") > /dev/null 2>&1 < /dev/null) &
	qpid=$!
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	# shellcheck disable=SC2046
	(cd "$work" && env -i timeout 120 $peek -accel "$be" -d plugin -D "$work/$c-$be.peek.log" \
		-plugin "$qplug/liblockstep.so,sockpath=$sock" $(prog "$p") > /dev/null 2> "$work/$c-$be.peek.err" < /dev/null)
	prc=$?
	wait $qpid
	qrc=$?
	if [ $prc -eq 0 ] && [ $qrc -eq 0 ] &&
	   grep -qx "No divergence :-)" "$work/$c-$be.qemu.log" &&
	   [ "$(grep -v '::ready$' "$work/$c-$be.qemu.log")" = "$(grep -v '::ready$' "$work/$c-$be.peek.log")" ]; then
		pass "$c-$be"
	else
		fail "$c-$be" "exit qemu $qrc, peek $prc: $(cat "$work/$c-$be.qemu.log" "$work/$c-$be.peek.err" 2>/dev/null | tr '\n' '|' | head -c 300)"
	fi
}
for be in jit interp; do
	if [ -f "$qplug/liblockstep.so" ]; then
		lockstep lockstep-work work "$be"
		[ "$guest" = riscv64 ] && lockstep lockstep-branchy branchy "$be"
	else
		fail "lockstep-$be" "$qplug/liblockstep.so was not built"
	fi
done
exit 0
