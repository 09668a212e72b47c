# The guest that the guest-agnostic programs of tests/user/ (user, signals,
# threads) are built for, and its cross compiler. Each guest defines
# GUEST_CC_<arch> (and its own signal cases) in tests/guest/<arch>/<arch>.mk.
# Read before tests/user/: the top Makefile includes in sorted order.
TEST_GUEST ?= riscv64
TEST_GUEST_CC = $(GUEST_CC_$(TEST_GUEST))
