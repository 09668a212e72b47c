#!/bin/sh
# Workload for bzip2 built from Debian's bzip2 source: compresses generated
# text at two block sizes through pipes, decompresses it back, round-trips a
# file in place (bzip2 copies the mode and the timestamps onto what it
# writes), tests an archive, and feeds it a truncated one. Prints sizes,
# checksums and exit codes; only the bzip2 runs go through RUN.
#   bzip2.sh "RUN" BIN DIR [SCALE]     (RUN may be empty: native)
run=$1 bin=$2 dir=$3 scale=${4:-1}
here=$(dirname "$0")
rm -rf "$dir" && mkdir -p "$dir" || exit 1
data=$dir/data.txt
awk -v kb=$((scale * 128)) -v seed=7 -f "$here/gen-data.awk" > "$data"
sum() { sha256sum | cut -c1-16; }
echo "input $(wc -c < "$data") bytes $(sum < "$data")"
for level in 1 9; do
	$run "$bin" -$level -c < "$data" > "$dir/data.$level.bz2"
	echo "level $level: exit $? $(wc -c < "$dir/data.$level.bz2") bytes $(sum < "$dir/data.$level.bz2")"
	$run "$bin" -d -c < "$dir/data.$level.bz2" > "$dir/back.$level"
	echo "level $level back: exit $? $(sum < "$dir/back.$level")"
done
# small and empty inputs, and the low-memory decompressor
printf 'a' > "$dir/one"
: > "$dir/empty"
for f in one empty; do
	$run "$bin" -c "$dir/$f" > "$dir/$f.bz2"
	echo "$f: exit $? $(sum < "$dir/$f.bz2") $($run "$bin" -d -s -c < "$dir/$f.bz2" | sum)"
done
# in place: the .bz2 gets the source's mode and times, -d restores them
cp "$data" "$dir/f.txt" && chmod 640 "$dir/f.txt" && touch -d @1000000000 "$dir/f.txt"
$run "$bin" -9 "$dir/f.txt"
echo "compress in place: exit $? $(ls "$dir" | grep '^f\.' | tr '\n' ' ')$(stat -c '%a %Y' "$dir/f.txt.bz2")"
$run "$bin" -d "$dir/f.txt.bz2"
echo "decompress in place: exit $? $(stat -c '%a %Y %s' "$dir/f.txt") $(sum < "$dir/f.txt")"
$run "$bin" -t "$dir/data.9.bz2"
echo "test archive: exit $?"
head -c 20000 "$dir/data.9.bz2" > "$dir/trunc.bz2"
$run "$bin" -d -c "$dir/trunc.bz2" > /dev/null 2> "$dir/err"
echo "truncated: exit $? $(head -n 2 "$dir/err" | sed 's/^[^:]*: //' | tr -d '\n')"
rm -rf "$dir"
