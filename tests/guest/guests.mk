# The guest that the guest-agnostic programs of tests/user/ (user, signals,
# threads) are built for, and its cross compiler. Each guest defines
# GUEST_CC_<arch> (and its own signal cases) in tests/guest/<arch>/<arch>.mk.
# Read before tests/user/: the top Makefile includes in sorted order.
TEST_GUEST ?= riscv64
TEST_GUEST_CC = $(GUEST_CC_$(TEST_GUEST))
# Build folders and result files of another guest than the default carry
# its name, so both guests' runs sit side by side (user.txt, user-aarch64.txt).
GUEST_TAG = $(if $(filter riscv64,$(TEST_GUEST)),,-$(TEST_GUEST))

# The Linux suites once more for another guest (make linux-aarch64-check).
# An explicit rule: CHECKS are phony, and make never matches a phony
# target against a pattern rule.
linux-aarch64-check:
	$(MAKE) user-check signals-check threads-check TEST_GUEST=aarch64
CHECKS += linux-aarch64-check
