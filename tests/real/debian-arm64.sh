#!/bin/sh
# Debian's own arm64 programs under peek: coreutils from Debian 12's arm64
# packages, dynamically linked against Debian's arm64 C library, both
# unpacked (not installed) into a sysroot that peek gets with -L. Each
# command's output must equal the host's build of the same coreutils
# version (Debian 12 on x86-64). The packages are fetched once into CACHE
# (apt-get download; arm64 is added as a foreign architecture for that,
# which installs nothing).
# Writes "PASS deb-arm64-<case>" / "FAIL ...: why" lines to RESULTS.
#   debian-arm64.sh PEEK CACHE RESULTS WORK
peek=$1 cache=$2 results=$3 work=$4
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
peek=$(abs "$peek") cache=$(abs "$cache") work=$(abs "$work")
root=$cache/arm64-root
mkdir -p "$work" "$cache" "$(dirname "$results")"
: > "$results"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

if [ ! -f "$cache/stamp-arm64-root" ]; then
	(
		set -e
		dpkg --print-foreign-architectures | grep -qx arm64 ||
			{ $SUDO dpkg --add-architecture arm64 && $SUDO apt-get update -q; }
		rm -rf "$cache/arm64-debs" "$root"
		mkdir -p "$cache/arm64-debs" "$root"
		cd "$cache/arm64-debs"
		apt-get download libc6:arm64 coreutils:arm64 libselinux1:arm64 libpcre2-8-0:arm64 \
			libacl1:arm64 libattr1:arm64 libgmp10:arm64 libcap2:arm64
		for d in *.deb; do dpkg-deb -x "$d" "$root"; done
	) > "$cache/arm64-root.log" 2>&1 && touch "$cache/stamp-arm64-root"
fi
if [ ! -f "$cache/stamp-arm64-root" ]; then
	echo "FAIL deb-arm64-setup: could not fetch Debian's arm64 packages (see $cache/arm64-root.log)" >> "$results"
	exit 0
fi

# Inputs: numbers, text, a small tree with fixed times and modes.
seq 1 20000 | awk '{ print ($1 * 7919) % 20011 }' > "$work/nums"
printf 'the quick brown fox\njumps over\nthe lazy dog\nthe end\n' > "$work/text"
rm -rf "$work/tree" && mkdir -p "$work/tree/sub"
for f in a b c; do echo "$f" > "$work/tree/$f"; done
chmod 640 "$work/tree/b"
touch -d @1000000000 "$work/tree" "$work/tree/a" "$work/tree/b" "$work/tree/c" "$work/tree/sub"

# check NAME STDIN PROG ARGS...: arm64 /usr/bin/PROG (or /bin/PROG) under
# peek against the host's, same arguments, same input, from WORK.
check() {
	name=$1 in=$2 prog=$3
	shift 3
	bin=$root/usr/bin/$prog
	[ -x "$bin" ] || bin=$root/bin/$prog
	want=$(cd "$work" && "$prog" "$@" < "$in" 2>&1; echo "exit $?")
	got=$(cd "$work" && timeout 60 "$peek" -L "$root" "$bin" "$@" < "$in" 2>&1; echo "exit $?")
	if [ "$want" = "$got" ]; then
		echo "PASS deb-arm64-$name" >> "$results"
	else
		echo "FAIL deb-arm64-$name: differs from the host's $prog: $(printf '%s' "$got" | head -c 200 | tr '\n' '|')" >> "$results"
	fi
}

check sort-n "$work/nums" sort -n
check sort-ru "$work/nums" sort -r -u
check md5sum "$work/nums" md5sum
check sha256sum "$work/nums" sha256sum
check sha512sum "$work/text" sha512sum
check b2sum "$work/text" b2sum
check factor /dev/null factor 1234567890123 18446744073709551557 600851475143
check wc "$work/text" wc
check tr "$work/text" tr a-z A-Z
check base64 "$work/nums" base64
check od "$work/text" od -c
check cut "$work/text" cut -d' ' -f2
check uniq-c "$work/text" uniq -c -w 3
check expr /dev/null expr 123456789 \* 987654321
check printf /dev/null printf '%d %x %o %e %g\n' 42 255 8 3.5 0.0001
check date /dev/null date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %A'
check seq /dev/null seq -s, 1 7 100
check numfmt /dev/null numfmt --to=iec 1 1024 1048576 123456789
check ls-tree /dev/null ls -ln --time-style=+%s tree
check du /dev/null du -a --apparent-size tree
check stat /dev/null stat -c '%n %a %s %Y' tree/a tree/b
check tac "$work/text" tac
check shuf /dev/null shuf --random-source=text -i 1-20
exit 0
