# compare.awk REF OUT: insnfuzz lines of a reference emulator (qemu) and
# of the emulator under test, word by word. Equal, but for these known
# differences:
#   "a=far" is "a=0": qemu-user reports 0 for a fault beyond its guest
#   address space;
#   a store conditional ("k=sc") that qemu completed (s=5: it failed
#   without looking at its address) may fault at the word in the other
#   (Linux on hardware checks the address first);
#   a reserved encoding ("k=rsv") that qemu executes must be SIGILL in
#   the other;
#   a fault at the word on an address in the scratch area ("a=S+..."),
#   which is mapped: the address had a tag in its top byte, which Linux on
#   aarch64 ignores (TBI) and peek does not.
# Prints one "word N: REF-LINE | OUT-LINE" per difference, at most 5, then
# "total D of N" when there were any; nothing when all agree.
function norm(l) { gsub(/ a=far /, " a=0 ", l); return l }
FNR == NR { ref[FNR] = norm($0); n = FNR; next }
{
    m = FNR
    l = norm($0)
    if (l == ref[FNR]) next
    if (l ~ / k=sc / && ref[FNR] ~ / k=sc s=5 / && l ~ / s=(7|11) .* pc=R\+0x200000 /) next
    if (l ~ / k=rsv s=4 .* pc=R\+0x200000 /) next
    if (l ~ / s=(7|11) c=[0-9]+ a=S\+0x[0-9a-f]+ pc=R\+0x200000 /) next
    if (++d <= 5) print "word " FNR ": " ref[FNR] " | " l
}
END {
    if (m < n) { print "stopped after " m " of " n " words"; d++ }
    if (d) print "total " d " of " n
}
