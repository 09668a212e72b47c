#!/bin/sh
# Runs every benchmark of bench/benchmarks.txt natively and under every
# configuration of bench/configs.txt in the same run, keeps the best of
# BENCH_RUNS wall-clock times of each, checks each emulated run's output
# against the native run's, and prints its tables: the times (one row per
# configuration), the ratio qemu/peek of each pair of configurations that
# run the same plugin (qemu-X and peek-X, or peek-own-X with our plugin of
# that name), the ratio peek-X/peek-own-X (QEMU's .so against ours, both
# in peek) where a configuration set has both, and the slowdown of each
# peek configuration against peek without a plugin, each with its
# geometric mean. The tables are also written to B/bench/results.txt.
#   run-bench.sh B PEEK QEMU QEMU_PLUGIN_DIR [GUEST]
# GUEST (riscv64, the default, or aarch64): whose builds run, from B/bench/GUEST.
# Environment: BENCH_RUNS (default 3), BENCH_LONG (a run longer than this
# many seconds is not repeated, default 8), BENCH_ONLY (benchmark names to
# run, space separated), BENCH_CONFIGS and BENCH_LIST (other configuration
# and benchmark files), BENCH_TIMEOUT (seconds per run, default 600),
# BENCH_CLOCK (wall, the default, or cpu: the user plus system time of the
# run, measured by B/bench/cputime, for a machine that other jobs load).
# Run from the top of the tree: benchmark arguments are relative to it.
b=$1 peek=$2 qemu=$3 qplug=$4 guest=${5:-riscv64}
runs=${BENCH_RUNS:-3}
long=${BENCH_LONG:-8}
limit=${BENCH_TIMEOUT:-600}
configs_file=${BENCH_CONFIGS:-bench/configs.txt}
clock=${BENCH_CLOCK:-wall}
list_file=${BENCH_LIST:-bench/benchmarks.txt}
data=$b/bench/data.txt
# Each run works in a directory of its own, so that two runs sharing a
# build directory do not mix their files; the last run's is left in
# B/bench/work for inspection.
mkdir -p "$b/bench"
work=$(mktemp -d "$b/bench/run.XXXXXX")
: > "$work/times"

# The configurations, as "name<TAB>benchmarks<TAB>prefix" with definitions
# (NAME=value lines) and placeholders filled in; benchmarks is a comma
# separated list, or "*" for all of them.
awk -v peek="$peek" -v qemu="$qemu" -v b="$b" -v qp="$qplug" -v w="$work" '
function fill(s,   k) {
	for (k in def) gsub("@" k "@", def[k], s)
	return s
}
BEGIN { def["PEEK"] = peek; def["QEMU"] = qemu; def["B"] = b; def["QP"] = qp; def["W"] = w }
/^[[:space:]]*(#|$)/ { next }
/^[A-Z_]+=/ { k = $0; sub(/=.*/, "", k); v = $0; sub(/^[^=]*=/, "", v); def[k] = fill(v); next }
{
	name = $1; list = "*"
	if (index(name, ":")) { list = fill(substr(name, index(name, ":") + 1)); name = substr(name, 1, index(name, ":") - 1) }
	prefix = $0; sub(/^[[:space:]]*[^[:space:]]+[[:space:]]*/, "", prefix)
	def["LOG"] = "-d plugin -D " w "/" name ".plugin.log"
	print name "\t" list "\t" fill(prefix)
}' "$configs_file" > "$work/configs"
config_names=$(cut -f1 "$work/configs" | tr '\n' ' ')

# Input of the compressor benchmarks, made once.
if [ ! -f "$data.bz2" ]; then
	awk -v kb=4096 -v seed=11 -f tests/real/workloads/gen-data.awk > "$data"
	"$b/bench/x86/bzip2" -9 -c "$data" > "$data.bz2"
fi

now() { date +%s%N; }

# measure NAME CONFIG STDIN CMD...: best time in seconds, or fail/wrong.
measure() {
	name=$1 config=$2 input=$3
	shift 3
	out=$work/$name.$config.out
	best=""
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now)
		if [ "$clock" = cpu ]; then
			timeout "$limit" "$b/bench/cputime" "$work/cpu" "$@" < "$input" > "$out" 2> "$work/$name.$config.err"
			rc=$?
			t1=$((t0 + $(cat "$work/cpu" 2> /dev/null || echo 0)))
		else
			timeout "$limit" "$@" < "$input" > "$out" 2> "$work/$name.$config.err"
			rc=$?
			t1=$(now)
		fi
		if [ $rc -ne 0 ]; then
			[ $rc -eq 124 ] && best="timeout" || best="fail"
			echo "bench: $name under $config: exit $rc: $(head -c 200 "$work/$name.$config.err")" >&2
			break
		fi
		ns=$((t1 - t0))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
		i=$((i + 1))
		# Repeating a long run buys little accuracy for its cost.
		[ "$ns" -gt $((long * 1000000000)) ] && break
	done
	# A plugin log (execlog's especially) can be large; the last one of each
	# configuration is kept only when small.
	log=$work/$config.plugin.log
	if [ -f "$log" ]; then
		if [ "$(stat -c %s "$log")" -gt 16000000 ]; then rm -f "$log"
		else mv "$log" "$work/$name.$config.plugin.log"; fi
	fi
	case $best in
	fail|timeout) ;;
	*)
		if [ "$config" != native ] && ! cmp -s "$out" "$work/$name.native.out"; then
			echo "bench: $name under $config: output differs from native ($out)" >&2
			best=wrong
		else
			best=$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')
		fi ;;
	esac
	echo "bench: $name $config $best" >&2
	printf '%s\t%s\t%s\n' "$name" "$config" "$best" >> "$work/times"
}

sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$list_file" |
while IFS='	' read -r name cmdline; do
	if [ -n "${BENCH_ONLY:-}" ]; then
		case " $BENCH_ONLY " in *" $name "*) ;; *) continue ;; esac
	fi
	input=/dev/null
	case $cmdline in
	*"<"*) input=${cmdline##*< }; cmdline=${cmdline%%<*} ;;
	esac
	cmdline=$(echo "$cmdline" | sed "s|@DATA@|$data|g")
	# shellcheck disable=SC2086
	set -- $cmdline
	prog=$1
	shift
	measure "$name" native "$input" "$b/bench/x86/$prog" "$@"
	while IFS='	' read -r config list prefix; do
		case ",$list," in *",$name,"*|",*,") ;; *) continue ;; esac
		# shellcheck disable=SC2086
		measure "$name" "$config" "$input" $prefix "$b/bench/$guest/$prog" "$@"
	done < "$work/configs"
done

# Tables: a row per configuration (times), per pair (qemu/peek) and per
# peek configuration (slowdown), a column per benchmark, then the geometric
# mean over the benchmarks the row has a number for, and how many.
awk -F '\t' -v configs="native $config_names" '
function isnum(v) { return v ~ /^[0-9.]+$/ && v + 0 > 0 }
function header(title,   i, h) {
	print ""
	print title
	h = sprintf("%-22s", "")
	for (i = 1; i <= nn; i++) h = h sprintf(" %9s", names[i])
	print h sprintf(" %9s %2s", "geomean", "n")
}
# row LABEL A B: t[A]/t[B] per benchmark (B empty: t[A] itself)
# (a row with no number and no failure is left out)
function row(label, a, d,   i, line, v, s, k, any) {
	line = sprintf("%-22s", label); s = 0; k = 0; any = 0
	for (i = 1; i <= nn; i++) {
		v = t[names[i], a]
		if (d != "") v = isnum(v) && isnum(t[names[i], d]) ? v / t[names[i], d] : (v == "" || t[names[i], d] == "" ? "" : "-")
		if (v != "") any = 1
		if (isnum(v)) { line = line sprintf(d != "" ? " %9.3f" : " %8.3fs", v); s += log(v); k++ }
		else line = line sprintf(" %9s", v)
	}
	if (d != "" && k) line = line sprintf(" %9.3f %2d", exp(s / k), k)
	if (any) print line
}
# added LABEL P Q: (t[P] - t[peek]) / (t[Q] - t[qemu]) per benchmark
function added(label, p, q,   i, line, v, a, b, s, k, any) {
	line = sprintf("%-22s", label); s = 0; k = 0; any = 0
	for (i = 1; i <= nn; i++) {
		v = ""
		if (t[names[i], p] != "" || t[names[i], q] != "") {
			v = "-"
			if (isnum(t[names[i], p]) && isnum(t[names[i], "peek"]) && isnum(t[names[i], q]) && isnum(t[names[i], "qemu"])) {
				a = t[names[i], p] - t[names[i], "peek"]; b = t[names[i], q] - t[names[i], "qemu"]
				if (a > 0 && b > 0) v = a / b
			}
		}
		if (v != "") any = 1
		if (isnum(v)) { line = line sprintf(" %9.3f", v); s += log(v); k++ }
		else line = line sprintf(" %9s", v)
	}
	if (k) line = line sprintf(" %9.3f %2d", exp(s / k), k)
	if (any) print line
}
{ t[$1, $2] = $3; if (!($1 in seen)) { seen[$1] = 1; names[++nn] = $1 } }
END {
	nc = split(configs, cfg, " ")
	for (c = 1; c <= nc; c++) have[cfg[c]] = 1
	header("time (s)")
	for (c = 1; c <= nc; c++) row(cfg[c], cfg[c], "")
	header("qemu/peek: the same plugin under both (above 1: peek is faster)")
	for (c = 1; c <= nc; c++) {
		p = cfg[c]
		if (p == "peek") q = "qemu"
		else if (p ~ /^peek-/) { q = p; sub(/^peek-(own-)?/, "qemu-", q) }
		else continue
		if (!(q in have)) continue
		row(p == "peek" ? "none" : substr(p, 6), q, p)
	}
	for (c = 1; c <= nc; c++)
		if (cfg[c] !~ /^(peek|qemu)(-|$)/ && "peek" in have) row(cfg[c] "/peek", cfg[c], "peek")
	# What the plugin adds to the run of each emulator, for the same
	# plugin: (peek-X - peek) / (qemu-X - qemu). The price of a callback
	# shows here, with the empty callbacks of the cb- configurations.
	k = 0
	for (c = 1; c <= nc; c++) {
		p = cfg[c]
		if (p !~ /^peek-/ || !("peek" in have) || !("qemu" in have)) continue
		q = p; sub(/^peek-(own-)?/, "qemu-", q)
		if (!(q in have)) continue
		if (!k++) header("time the plugin adds, peek/qemu: (peek-X - peek) / (qemu-X - qemu) (below 1: peek adds less)")
		added(substr(p, 6), p, q)
	}
	# Only when there are pairs to show (configs-plugins.txt).
	k = 0
	for (c = 1; c <= nc; c++) {
		if (cfg[c] !~ /^peek-own-/) continue
		q = cfg[c]; sub(/^peek-own-/, "peek-", q)
		if (!(q in have)) continue
		if (!k++) header("peek with QEMU'"'"'s .so / peek with ours, same report (above 1: ours is faster)")
		row(substr(cfg[c], 10), q, cfg[c])
	}
	header("slowdown of each peek configuration against peek without a plugin")
	for (c = 1; c <= nc; c++)
		if (cfg[c] ~ /^peek-/ && "peek" in have) row(cfg[c], cfg[c], "peek")
}' "$work/times" > "$work/results.txt"
rm -rf "$b/bench/work"
mv "$work" "$b/bench/work"
cp "$b/bench/work/results.txt" "$b/bench/results.txt"
if [ "$clock" = cpu ]; then what="CPU-time (user + system)"; else what=wall-clock; fi
echo "best of $runs $what runs (one when a run takes over $long s)"
cat "$b/bench/work/results.txt"
