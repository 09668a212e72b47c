# Random differential testing: rvgen (a host program) writes batches of
# random riscv64 sequences, the harness runs them and dumps the state, and
# run-diff.sh compares $(PEEK) against qemu-riscv64.
#   make diff-check      peek vs qemu on DIFF_COUNT sequences -> $(B)/results/diff.txt
#   make diff-selftest   qemu vs qemu: checks the generator and harness
#                        -> $(B)/selftest/diff.txt (part of isa-selftest)
# qemu 7.2 has no Zicond, so sequences leave it out (rvgen -z adds it).
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64
DIFF_SRC := tests/guest/riscv64/diff
DIFF_OUT := $(B)/$(DIFF_SRC)
DIFF_START ?= 1
DIFF_COUNT ?= 4000
DIFF_LEN ?= 250
DIFF_RVFLAGS := -march=rv64gc_zba_zbb_zbs -mabi=lp64d -static -nostdlib \
	-mno-relax -Wl,--no-relax

$(DIFF_OUT)/rvgen: $(DIFF_SRC)/rvgen.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 $< -o $@

# harness.c is freestanding: keep gcc from calling memset/memcpy
$(DIFF_OUT)/harness.o: $(DIFF_SRC)/harness.S $(DIFF_SRC)/harness.c
	@mkdir -p $(dir $@)
	$(RVCC) $(DIFF_RVFLAGS) -O2 -ffreestanding -fno-tree-loop-distribute-patterns \
		-Wall -Wextra -Werror -r $(DIFF_SRC)/harness.S $(DIFF_SRC)/harness.c -o $@

diff-build: $(DIFF_OUT)/rvgen $(DIFF_OUT)/harness.o

DIFF_ENV = RVGEN=$(DIFF_OUT)/rvgen HARNESS=$(DIFF_OUT)/harness.o \
	RVCC=$(RVCC) LEN=$(DIFF_LEN)

diff-check: diff-build $(filter $(B)/peek,$(PEEK))
	@$(DIFF_ENV) RESULTS=$(B)/results/diff.txt \
		sh $(DIFF_SRC)/run-diff.sh $(PEEK) $(QEMU_RISCV64) $(DIFF_START) $(DIFF_COUNT)

diff-selftest: diff-build
	@$(DIFF_ENV) RESULTS=$(B)/selftest/diff.txt \
		sh $(DIFF_SRC)/run-diff.sh $(QEMU_RISCV64) $(QEMU_RISCV64) $(DIFF_START) $(DIFF_COUNT)

CHECKS += diff-check
.PHONY: diff-build diff-check diff-selftest
