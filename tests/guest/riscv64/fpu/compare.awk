# Compares a reference and a subject run of fpu_cases.c, fed as
# "reference|subject" line pairs (paste -d'|'), and prints one PASS/FAIL line
# per instruction, named <tag>/<insn>, the FAIL with its first differing
# case. A subject that stops early or says more fails too.
{
    split($1, ref, " ")
    insn = ref[1] != "" ? ref[1] : "(extra output)"
    if (!(insn in seen)) {
        seen[insn] = 1
        order[++n] = insn
    }
    count[insn]++
    if ($1 != $2 && !(insn in bad))
        bad[insn] = ($2 == "" ? "missing output for \"" $1 "\"" \
                              : "expected \"" $1 "\", got \"" $2 "\"")
}
END {
    if (n == 0)
        print "FAIL " tag ": no output"
    for (i = 1; i <= n; i++) {
        insn = order[i]
        if (insn in bad)
            print "FAIL " tag "/" insn ": " bad[insn]
        else
            print "PASS " tag "/" insn
    }
}
