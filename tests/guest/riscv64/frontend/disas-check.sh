#!/bin/sh
# The disassembler check: assemble every insns.def pattern, biased raw
# words of each and every compressed word (disas-gen), let GNU objdump
# disassemble them as the independent oracle (its default output, with the
# alias names users see), run peek's disassembler (disas-dump) over the
# same bytes, and compare line by line. One PASS/FAIL per pattern, naming
# its first mismatch.
#   disas-check.sh DISAS-GEN DISAS-DUMP WORKDIR RESULTS
gen=$1 dump=$2 dir=$3 out=$4
cross=${CROSS_PREFIX:-riscv64-linux-gnu-}
mkdir -p "$dir"

fail_all() { echo "FAIL disas/setup: $1" > "$out"; exit 0; }

"$gen" "$dir/all.S" "$dir/all.list" || fail_all "disas-gen failed"
"${cross}as" -march=rv64gc_zba_zbb_zbs "$dir/all.S" -o "$dir/all.o" 2> "$dir/as.err" ||
    fail_all "assembler: $(grep -m1 Error "$dir/as.err")"
"${cross}objcopy" -O binary -j .text "$dir/all.o" "$dir/all.bin" || fail_all "objcopy failed"

# objdump lines are "  addr:<TAB>bytes<TAB>mnemonic<TAB>operands"; drop the
# symbolic "<sym+off>" and "# comment" annotations it adds.
"${cross}objdump" -d "$dir/all.o" | awk -F'\t' '
/^ *[0-9a-f]+:\t/ {
    addr = $1; gsub(/[ :]/, "", addr)
    text = $3; gsub(/ +$/, "", text)
    if ($4 != "") text = text " " $4
    sub(/ <[^>]*>/, "", text); sub(/ *#.*$/, "", text)
    print addr "\t" text
}' > "$dir/oracle.txt"
"$dump" "$dir/all.bin" > "$dir/ours.txt" || fail_all "disas-dump failed"

awk -F'\t' -v oracle="$dir/oracle.txt" -v ours="$dir/ours.txt" '
BEGIN {
    while ((getline line < oracle) > 0) { split(line, f, "\t"); oa[++no] = f[1]; ot[no] = f[2] }
    while ((getline line < ours) > 0) { split(line, f, "\t"); ua[++nu] = f[1]; ut[nu] = f[2] }
}
{
    name = $1; want = $2; i = FNR
    if (!(name in seen)) { seen[name] = 1; order[++nn] = name }
    if (bad[name] != "") next
    if (want == "-") {
        if (i > no) { bad[name] = "missing from objdump output"; next }
        want = ot[i]
        if (oa[i] != ua[i]) { bad[name] = "out of step at " oa[i] " (ours " ua[i] ")"; next }
    }
    if (i > nu) bad[name] = "missing from our output"
    else if (want != ut[i]) bad[name] = "at " ua[i] ": objdump \"" want "\", peek \"" ut[i] "\""
}
END {
    for (k = 1; k <= nn; k++)
        if (bad[order[k]] == "") print "PASS disas/" order[k]
        else print "FAIL disas/" order[k] ": " bad[order[k]]
}' "$dir/all.list" > "$out"
