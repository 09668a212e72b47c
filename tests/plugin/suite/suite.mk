# The plugin suite's tests: every plugin of plugins/ run under $(PEEK) on
# the hand-counted programs of tests/plugin/suite/ (see run.sh).
#   make plugin-suite-check   -> $(B)/results/plugin-suite.txt
PEEK ?= $(B)/peek
RVNM ?= riscv64-linux-gnu-nm
PSUITE_SRC   := tests/plugin/suite
PSUITE_OUT   := $(B)/$(PSUITE_SRC)
PSUITE_NAMES := $(basename $(notdir $(wildcard $(PSUITE_SRC)/*.S $(PSUITE_SRC)/*.c)))
PSUITE_BINS  := $(addprefix $(PSUITE_OUT)/,$(PSUITE_NAMES))
PSUITE_DEST  := $(PSUITE_OUT)/destdir

$(PSUITE_OUT)/%: $(PSUITE_SRC)/%.S
	@mkdir -p $(dir $@)
	$(RVCC) -march=rv64gc_zba -mabi=lp64d -static -nostdlib -Wl,--no-relax $< -o $@

$(PSUITE_OUT)/%: $(PSUITE_SRC)/%.c
	@mkdir -p $(dir $@)
	$(RVCC) -O1 -static -pthread $< -o $@

# Depends on build/peek only when that is the emulator, as isa-check does.
plugin-suite-check: all-plugins $(PSUITE_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@rm -rf $(PSUITE_DEST)
	@$(MAKE) --no-print-directory install-plugins PREFIX=/usr \
		DESTDIR=$(abspath $(PSUITE_DEST)) > /dev/null
	@RVNM=$(RVNM) sh $(PSUITE_SRC)/run.sh "$(PEEK)" $(B)/plugins \
		$(PSUITE_OUT) $(PSUITE_OUT)/work \
		$(B)/results/plugin-suite.txt $(PSUITE_DEST)/usr/lib/peek/plugins

CHECKS += plugin-suite-check
.PHONY: plugin-suite-check
