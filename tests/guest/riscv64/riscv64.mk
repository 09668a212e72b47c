# What the guest-agnostic suites need to know of riscv64 (see
# tests/guest/guests.mk): its C cross compiler (RVCC, from the top Makefile)
# and its own cases of signals-check, in signals/ here, each with the
# output it must print (NAME.expected).
GUEST_CC_riscv64 = $(RVCC)
SIGNALS_TESTS_riscv64 := expect:segv_info expect:sigill expect:div0 expect:frame expect:smcloop expect:innerloop expect:brpair expect:narrowloop expect:extpair expect:quietcmp expect:ifconv
