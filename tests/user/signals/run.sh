#!/bin/sh
# Runs guest C programs of the signals and threads suites under an
# emulator and compares each with its oracle, writing "PASS <suite>-<name>"
# or "FAIL <suite>-<name>: <why>" per test to RESULTS. Never fails itself.
#   run.sh EMU RESULTS SUITE EXPDIR BINDIR TEST...
# Each TEST is KIND:NAME. Programs run as "NAME.rv BINDIR .rv" (the native
# build as "NAME.host BINDIR .host"), so a program can find its siblings.
#   native:NAME  stdout and exit status equal those of the native x86-64
#                build of the same source;
#   expect:NAME  ... equal EXPDIR/NAME.expected (last line "exit N");
#   NAME alone   a check_NAME function below decides.
# With SELFTEST=1 (EMU is qemu-riscv64), peek's own stderr messages are not
# required.
emu=$1 results=$2 suite=$3 src=$4 bin=$5
shift 5
: > "$results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TIMEOUT=${TIMEOUT:-60}

pass() { echo "PASS $suite-$name" >> "$results"; }
fail() { echo "FAIL $suite-$name: $*" >> "$results"; }

# run_to FILE PROG ARGS...: stdout then "exit N" into FILE, stderr to FILE.err
run_to() {
	out=$1
	shift
	# -k: a guest loop that never takes the TERM must not hang the suite
	timeout -k 10 "$TIMEOUT" "$@" > "$out" 2> "$out.err" < /dev/null
	echo "exit $?" >> "$out"
}

compare() {
	if grep -qx "exit 124" "$1"; then
		fail "the oracle timed out"
	elif grep -qx "exit 124" "$2"; then
		fail "timed out after $TIMEOUT s"
	elif cmp -s "$1" "$2"; then
		pass
	else
		fail "$(diff "$1" "$2" | grep '^[<>]' | head -n 2 | tr '\n' ' ')"
	fi
}

# raise(SIGTERM) and abort(): death by the signal, and peek's one line.
check_raise_term() {
	run_to "$tmp/a" "$emu" "$bin/raise_term.rv" term
	run_to "$tmp/b" "$emu" "$bin/raise_term.rv" abort
	if [ "$(cat "$tmp/a")" != "before
exit 143" ]; then
		fail "SIGTERM: got $(tr '\n' ' ' < "$tmp/a")"
	elif [ "$(cat "$tmp/b")" != "before
exit 134" ]; then
		fail "abort: got $(tr '\n' ' ' < "$tmp/b")"
	elif [ -z "$SELFTEST" ] && ! grep -q "uncaught target signal 15 (Terminated)$" "$tmp/a.err"; then
		fail "no 'uncaught target signal 15' line: $(head -n 1 "$tmp/a.err")"
	elif [ -z "$SELFTEST" ] && ! grep -q "uncaught target signal 6 (Aborted) - core dumped" "$tmp/b.err"; then
		fail "no 'uncaught target signal 6' line: $(head -n 1 "$tmp/b.err")"
	else
		pass
	fi
}

# start_loop MODE: the looping guest in the background, once it said ready
# (the last one's output goes first: its "ready" must not count).
start_loop() {
	rm -f "$tmp/loop"
	"$emu" "$bin/kill_loop.rv" "$1" > "$tmp/loop" 2> "$tmp/loop.err" < /dev/null &
	loop_pid=$!
	i=0
	while [ $i -lt 200 ] && ! grep -q ready "$tmp/loop" 2> /dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
}

# wait_loop: the background guest's exit status, killing it after 20 s.
wait_loop() {
	( sleep 20; kill -9 $loop_pid 2> /dev/null ) &
	watchdog=$!
	wait $loop_pid 2> /dev/null
	rc=$?
	kill $watchdog 2> /dev/null
	wait $watchdog 2> /dev/null
}

# kill from another process: a caught SIGUSR1 and an uncaught SIGINT
# both reach a guest spinning without syscalls; real-time signals sent
# while blocked all arrive.
check_kill_loop() {
	start_loop catch
	sleep 0.2
	kill -USR1 $loop_pid
	wait_loop
	if [ $rc -ne 0 ] || ! grep -q "caught SIGUSR1" "$tmp/loop"; then
		fail "SIGUSR1: status $rc, output $(tr '\n' ' ' < "$tmp/loop")"
		return
	fi
	start_loop nocatch
	sleep 0.2
	kill -INT $loop_pid
	# A background job of a non-interactive shell ignores SIGINT, and the
	# guest inherits that: it must survive, and die of SIGTERM instead.
	sleep 0.3
	if ! kill -0 $loop_pid 2> /dev/null; then
		fail "SIGINT ignored by inheritance, yet the guest ended"
		return
	fi
	kill -TERM $loop_pid
	wait_loop
	if [ $rc -ne 143 ]; then
		fail "SIGTERM to the loop: status $rc"
		return
	fi
	# 300 SIGRTMIN (34 for glibc) queue while blocked: none may be lost.
	start_loop queue
	i=0
	while [ $i -lt 300 ]; do
		kill -34 $loop_pid
		i=$((i + 1))
	done
	kill -USR1 $loop_pid
	wait_loop
	if [ $rc -ne 0 ] || ! grep -q "caught 300 SIGRTMIN" "$tmp/loop"; then
		fail "300 queued SIGRTMIN: status $rc, output $(tr '\n' ' ' < "$tmp/loop")"
		return
	fi
	pass
}

for t in "$@"; do
	kind=${t%%:*}
	name=${t#*:}
	if [ ! -x "$emu" ]; then
		fail "$emu not built"
		continue
	fi
	case $kind in
	native)
		run_to "$tmp/want" "$bin/$name.host" "$bin" .host
		run_to "$tmp/got" "$emu" "$bin/$name.rv" "$bin" .rv
		compare "$tmp/want" "$tmp/got" ;;
	expect)
		run_to "$tmp/got" "$emu" "$bin/$name.rv" "$bin" .rv
		compare "$src/$name.expected" "$tmp/got" ;;
	*)
		check_$name ;;
	esac
done
exit 0
