# Compatibility with plugins built for QEMU: QEMU 7.2's own plugins, built
# from Debian's qemu source package (bench/qemu-plugins.sh, needs the Debian
# archive the first time), run under qemu-riscv64 and under peek (both
# backends) with the same .so on deterministic guest programs; their
# reports must agree (see run.sh).
#   make qemu-plugins-check   -> $(B)/results/qemu-plugins.txt
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64
QEMU_SRC_CACHE ?= build-qemu-src
QPT_SRC := tests/plugin/qemu
QPT_DIR := $(B)/$(QPT_SRC)
QPT_BINS := $(foreach v,work tiny,$(foreach a,rv64g rv64gc,$(QPT_DIR)/$(v)-$(a)))
QPT_SUITE := $(addprefix $(B)/tests/plugin/suite/,loop mem cache syscalls calls branchy)
# No C library (work.c brings _start, system calls and stack); no linker
# relaxation, since nothing sets up gp.
QPT_CFLAGS := -O2 -Wall -Wextra -Werror -static -nostdlib -ffreestanding -fno-stack-protector \
	-fno-math-errno -mabi=lp64d -Wl,--no-relax

# work-<arch>: SCALE 2; tiny-<arch>: SCALE 0, for execlog. rv64g has no
# compressed instructions (see run.sh on howvec).
$(QPT_DIR)/work-%: $(QPT_SRC)/work.c
	@mkdir -p $(dir $@)
	$(RVCC) $(QPT_CFLAGS) -march=$* -DSCALE=2 -o $@ $<

$(QPT_DIR)/tiny-%: $(QPT_SRC)/work.c
	@mkdir -p $(dir $@)
	$(RVCC) $(QPT_CFLAGS) -march=$* -DSCALE=0 -o $@ $<

# A failed plugin build still leaves result lines: run.sh fails the cases
# whose plugin is missing.
qemu-plugins-check: $(QPT_BINS) $(QPT_SUITE) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) || echo "qemu-plugins: some plugins failed to build"
	@sh $(QPT_SRC)/run.sh "$(QEMU_RISCV64)" "$(PEEK)" $(QEMU_SRC_CACHE)/plugins \
		$(QPT_DIR) $(B)/tests/plugin/suite $(QPT_DIR)/work $(B)/results/qemu-plugins.txt

CHECKS += qemu-plugins-check
.PHONY: qemu-plugins-check
