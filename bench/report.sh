#!/bin/sh
# Turns the text tables of a benchmark run (B/bench/results.txt, written by
# run-bench.sh) into Markdown (B/bench/results.md: one table per section,
# as they were printed) and a chart of the qemu/peek ratio of every
# configuration, its geometric mean over the benchmarks, as bars
# (B/bench/ratios.svg, drawn by gnuplot): the state of speed at a glance.
# A bar above the line at 1 means peek is faster than qemu there. When the
# thread-scaling run (bench/thread-scaling.sh) left B/bench/scaling.txt,
# its tables follow in the Markdown and B/bench/scaling.svg draws the
# speedup over one thread of native, qemu and peek against the thread
# count.
#   report.sh B
b=$1
in=$b/bench/results.txt
[ -f "$in" ] || { echo "bench report: no $in (run make bench first)" >&2; exit 1; }

# Sections are separated by blank lines: a title line, a header line whose
# first field is empty, then one row per label. run-bench.sh prints a
# label in 22 columns (or its own length, when longer) and then a
# 10-character cell per column, empty where a configuration did not run
# that benchmark, so the cells are cut by position, not by blanks.
md() {
awk '
function flush() { if (nrow) print ""; nrow = 0 }
function cells(s, from,   out, i, c) {
	out = ""
	for (i = 0; i < ncols; i++) {
		c = substr(s, from + 10 * i, 10); gsub(/ /, "", c)
		out = out " " c " |"
	}
	return out
}
/^$/ { flush(); title = ""; ncols = 0; next }
title == "" { title = $0; print "### " title; print ""; next }
ncols == 0 {
	ncols = NF; sep = "|---|"
	for (i = 1; i <= NF; i++) sep = sep "---:|"
	print "| |" cells($0, 23); print sep; next
}
{
	w = length($1) > 22 ? length($1) : 22
	print "| " $1 " |" cells($0, w + 1); nrow++
}
END { flush() }' "$1"
}
md "$in" > "$b/bench/results.md"
scaling=$b/bench/scaling.txt
[ -f "$scaling" ] && { echo "## Thread scaling"; echo; md "$scaling"; } >> "$b/bench/results.md"

# The ratio section's geomean column: its header names "geomean" and the
# rows that have one carry it second to last (before n).
awk '
/^qemu\/peek:/ { on = 1; next }
on && /^$/ { exit }
on && /geomean/ { next }
on && $1 !~ /\// && NF >= 3 && $(NF - 1) ~ /^[0-9.]+$/ { print $1 "\t" $(NF - 1) }' "$in" > "$b/bench/ratios.dat"

if [ ! -s "$b/bench/ratios.dat" ]; then
	echo "bench report: no qemu/peek ratios in $in" >&2
	exit 0
fi
if ! command -v gnuplot > /dev/null; then
	echo "bench report: gnuplot is missing (scripts/deps.sh gnuplot-nox); $b/bench/results.md only" >&2
	exit 0
fi
n=$(wc -l < "$b/bench/ratios.dat")
width=$((300 + 28 * n))
gnuplot <<EOF
set terminal svg size $width,480 font "sans,11" background "white"
set output "$b/bench/ratios.svg"
set title "qemu time / peek time per configuration (geometric mean over benchmarks)"
set style fill solid 0.8 border -1
set boxwidth 0.7
set xtics rotate by -50 noenhanced
set ylabel "above 1: peek is faster"
set yrange [0:*]
set grid ytics
set key off
set rmargin 8
plot "$b/bench/ratios.dat" using 0:2:xtic(1) with boxes lc rgb "#3a7dc9", \
     1 with lines lw 2 lc rgb "#c0392b"
EOF
echo "bench report: $b/bench/results.md, $b/bench/ratios.svg"

# The speedup section of scaling.txt, as "threads native qemu peek" lines.
[ -f "$scaling" ] || exit 0
awk '
/^speedup/ { on = 1; next }
on && /^$/ { exit }
on && $1 ~ /^n=/ { for (i = 1; i <= NF; i++) { n[i] = $i; sub(/^n=/, "", n[i]) }; next }
on && NF > 1 { for (i = 2; i <= NF; i++) s[$1, i - 1] = $i; k = NF - 1 }
END { for (i = 1; i <= k; i++) print n[i], s["native", i], s["qemu", i], s["peek", i] }' "$scaling" > "$b/bench/scaling.dat"
[ -s "$b/bench/scaling.dat" ] || exit 0
gnuplot <<EOF
set terminal svg size 640,480 font "sans,11" background "white"
set output "$b/bench/scaling.svg"
set title "speedup over one thread, the same work split across N guest threads"
set xlabel "threads"
set ylabel "time with 1 thread / time with N"
set logscale x 2
set xtics (1, 2, 4, 8)
set yrange [0:*]
set grid ytics
set key top left
plot "$b/bench/scaling.dat" using 1:2 with linespoints lw 2 title "native", \\
     "" using 1:3 with linespoints lw 2 title "qemu", \\
     "" using 1:4 with linespoints lw 2 title "peek"
EOF
echo "bench report: $b/bench/scaling.svg"
