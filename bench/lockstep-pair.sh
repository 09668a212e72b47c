#!/bin/sh
# Runs a guest program twice under the lockstep plugin, the two instances
# comparing each other block by block, for bench/configs-plugins.txt:
#   lockstep-pair.sh SOCK EMULATOR [OPTIONS...] -plugin SO[,ARGS] PROG [ARGS...]
# Both get ",sockpath=SOCK" after the plugin's arguments. The peer starts
# first, in the background (it listens on SOCK), with its plugin log in
# FILE.peer for "-D FILE" and its output in a file (so that its C library
# buffers output as the other's does, and the two run the same code);
# once SOCK exists the second instance connects and runs in the
# foreground: its output and status are the script's. Standard input is
# saved and given to both.
# Arguments are split on blanks: no spaces in paths.
sock=$1
shift
in=$(mktemp)
trap 'rm -f "$in" "$in.out" "$sock"' EXIT
cat > "$in"
fg="" bg="" prev=""
for a in "$@"; do
	case $prev in
	-D) fg="$fg $a" bg="$bg $a.peer" ;;
	-plugin) fg="$fg $a,sockpath=$sock" bg="$bg $a,sockpath=$sock" ;;
	*) fg="$fg $a" bg="$bg $a" ;;
	esac
	prev=$a
done
rm -f "$sock"
# shellcheck disable=SC2086
$bg < "$in" > "$in.out" 2>&1 &
peer=$!
while [ ! -S "$sock" ]; do
	if ! kill -0 "$peer" 2> /dev/null; then
		echo "lockstep-pair: the first instance exited before listening on $sock" >&2
		exit 1
	fi
	sleep 0.002
done
# The socket file appears at bind(), a moment before listen().
sleep 0.01
# shellcheck disable=SC2086
$fg < "$in"
rc=$?
wait "$peer"
exit $rc
