#!/bin/sh
# Where a workload's time goes in full-system mode, block by block. Boots
# the Linux of tests/system/linux/build.sh under `perf record` with
# -perfmap (cpu-clock samples, which need no performance counters), once
# running CMD and once running `true`, and prints the functions and
# generated blocks whose samples grew most: milliseconds of samples, CMD's
# boot minus true's. Blocks of the guest's kernel (pc above 2^63) are
# summed on one line; a user program's blocks keep their names
# (guest-0xPC, the virtual pc). With PEEK_USER, the same command line (a
# program of the cache's out/ and its arguments) also runs under peek in
# user mode, and its milliseconds stand beside each block: the same
# virtual pcs in both modes, so a block that costs more under the softmmu
# shows as such.
#   system-profile.sh [-c CACHE] [-n LINES] PEEK_SYSTEM CMD [PEEK_USER]
# CACHE is build.sh's (build-linux); LINES defaults to 25. Not part of
# make check: it measures, it does not test.
cache=build-linux lines=25
usage="usage: system-profile.sh [-c CACHE] [-n LINES] PEEK_SYSTEM CMD [PEEK_USER]"
while getopts c:n: opt; do
	case $opt in
	c) cache=$OPTARG ;;
	n) lines=$OPTARG ;;
	*) echo "$usage" >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then
	echo "$usage" >&2
	exit 1
fi
peek_sys=$1 cmd=$2 peek_user=${3:-}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$cache/out
work=$cache/profile
if ! command -v perf > /dev/null; then
	echo "system-profile: perf not found (Debian's linux-perf)" >&2
	exit 1
fi
for f in Image rootfs.cpio.gz disk.img; do
	if [ ! -f "$out/$f" ]; then
		echo "system-profile: $out/$f is missing (run make system-linux)" >&2
		exit 1
	fi
done
if [ ! -x "$peek_sys" ]; then
	echo "system-profile: $peek_sys not found" >&2
	exit 1
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)

# ms DATA: "milliseconds name" per symbol of a perf.data, the guest
# kernel's blocks as one.
ms() {
	perf report -i "$1" --no-children --sort sym -F period,sym --stdio 2> /dev/null |
		awk '/^#/ || NF < 3 { next }
		{ name = $3; for (i = 4; i <= NF; i++) name = name " " $i
		  if (name ~ /^guest-0x[89a-f]/ && length(name) == 24) name = "(guest kernel code)"
		  t[name] += $1 / 1e6 }
		END { for (n in t) printf "%.1f %s\n", t[n], n }'
}

# One boot under perf: profile NAME CMD.
profile() {
	cp "$out/disk.img" "$work/disk.img"
	cat > "$work/perf-run.sh" << EOF
#!/bin/sh
exec perf record -q -o "$work/$1.data" -- "\$@"
EOF
	res=$(sh "$top/tests/system/linux/run-guest.sh" "$out" "$work/disk.img" "$work/$1.log" 600 1 "$2" \
		sh "$work/perf-run.sh" "$peek_sys" -perfmap)
	if [ "${res%% *}" != 0 ]; then
		echo "system-profile: the boot running '$2' failed ($res; console: $work/$1.log)" >&2
		exit 1
	fi
	ms "$work/$1.data" > "$work/$1.ms"
}
profile work "$cmd"
profile base true
: > "$work/user.ms"
if [ -n "$peek_user" ]; then
	# shellcheck disable=SC2086 # CMD's words are the program's arguments
	set -- $cmd
	prog=$1
	shift
	if ! perf record -q -o "$work/user.data" -- "$peek_user" -perfmap "$out/$prog" "$@" > /dev/null 2>&1; then
		echo "system-profile: $prog under $peek_user failed" >&2
		exit 1
	fi
	ms "$work/user.data" > "$work/user.ms"
fi

printf '%10s %10s  %s\n' "system ms" "user ms" "function or block ('$cmd' minus 'true')"
awk 'FILENAME ~ /base.ms$/ { b[substr($0, index($0, " ") + 1)] += $1; next }
	FILENAME ~ /user.ms$/ { u[substr($0, index($0, " ") + 1)] += $1; next }
	{ n = substr($0, index($0, " ") + 1); w[n] += $1 }
	END { for (n in w) printf "%.1f\t%s\t%s\n", w[n] - b[n], (n in u) ? sprintf("%.1f", u[n]) : "-", n }' \
	"$work/base.ms" "$work/user.ms" "$work/work.ms" | sort -t "$(printf '\t')" -k1,1 -rn | head -n "$lines" |
	awk -F '\t' '{ printf "%10s %10s  %s\n", $1, $2, $3 }'
