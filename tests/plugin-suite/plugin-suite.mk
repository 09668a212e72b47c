# The plugin suite's tests: every plugin of plugins/ run under $(PEEK) on
# the hand-counted programs of tests/plugin-suite/ (see run.sh).
#   make plugin-suite-check   -> $(B)/results/plugin-suite.txt
PEEK ?= $(B)/peek
RVNM ?= riscv64-linux-gnu-nm
PSUITE_NAMES := $(basename $(notdir $(wildcard tests/plugin-suite/*.S \
	tests/plugin-suite/*.c)))
PSUITE_BINS  := $(addprefix $(B)/tests/plugin-suite/,$(PSUITE_NAMES))
PSUITE_DEST  := $(B)/tests/plugin-suite/destdir

$(B)/tests/plugin-suite/%: tests/plugin-suite/%.S
	@mkdir -p $(dir $@)
	$(RVCC) -march=rv64gc_zba -mabi=lp64d -static -nostdlib -Wl,--no-relax $< -o $@

$(B)/tests/plugin-suite/%: tests/plugin-suite/%.c
	@mkdir -p $(dir $@)
	$(RVCC) -O1 -static -pthread $< -o $@

# Depends on build/peek only when that is the emulator, as isa-check does.
plugin-suite-check: all-plugins $(PSUITE_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@rm -rf $(PSUITE_DEST)
	@$(MAKE) --no-print-directory install-plugins PREFIX=/usr \
		DESTDIR=$(abspath $(PSUITE_DEST)) > /dev/null
	@RVNM=$(RVNM) sh tests/plugin-suite/run.sh "$(PEEK)" $(B)/plugins \
		$(B)/tests/plugin-suite $(B)/tests/plugin-suite/work \
		$(B)/results/plugin-suite.txt $(PSUITE_DEST)/usr/lib/peek/plugins

CHECKS += plugin-suite-check
.PHONY: plugin-suite-check
