# -cpu rv64,<ext>=on|off: each extension's instruction runs by default and
# is illegal (SIGILL at its pc) when turned off, AT_HWCAP follows the
# choice, bad models, properties and combinations are one-line errors.
# Expectations are hand-written; where qemu 7.2 has the same property the
# script also checks that qemu-riscv64 agrees.
#   make cpuext-check     -> $(B)/results/cpuext.txt
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

CPUEXT_TESTS := m a f d fcsr c cfld zicsr zifencei zba zbb zbs zicond jal jalr branch
CPUEXT_SRC := tests/guest/riscv64/cpuext
CPUEXT_OUT := $(B)/$(CPUEXT_SRC)
CPUEXT_BINS := $(CPUEXT_TESTS:%=$(CPUEXT_OUT)/ext-%) $(CPUEXT_OUT)/hwcap

$(CPUEXT_OUT)/ext-%: $(CPUEXT_SRC)/ext.S
	@mkdir -p $(dir $@)
	$(RVCC) -march=rv64gc_zba_zbb_zbs -nostdlib -static -DTEST_$* -o $@ $<

$(CPUEXT_OUT)/hwcap: $(CPUEXT_SRC)/hwcap.S
	@mkdir -p $(dir $@)
	$(RVCC) -march=rv64g -nostdlib -static -o $@ $<

cpuext-check: $(CPUEXT_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh $(CPUEXT_SRC)/cpuext.sh $(PEEK) $(CPUEXT_OUT) $(QEMU_RISCV64) \
		> $(B)/results/cpuext.txt 2>&1 || true

CHECKS += cpuext-check
.PHONY: cpuext-check
