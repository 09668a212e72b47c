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
QPT_BINS := $(foreach v,work tiny,$(QPT_DIR)/$(v)-riscv64 $(QPT_DIR)/$(v)-riscv64-c)
QPT_A64_BINS := $(foreach v,work tiny,$(QPT_DIR)/$(v)-aarch64 $(QPT_DIR)/$(v)-aarch64-c)
QPT_SUITE := $(addprefix $(B)/tests/plugin/suite/,loop mem cache syscalls calls branchy)
# No C library (work.c brings _start, system calls and stack); on riscv64
# no linker relaxation, since nothing sets up gp.
QPT_CFLAGS := -O2 -Wall -Wextra -Werror -static -nostdlib -ffreestanding -fno-stack-protector \
	-fno-math-errno

# work-*: SCALE 2; tiny-*: SCALE 0, for execlog. riscv64: without (rv64g,
# see run.sh on howvec) and with compressed instructions; aarch64: atomics
# by exclusives (armv8-a) and by LSE (armv8.1-a).
QPT_ARCH_riscv64 := $(RVCC) $(QPT_CFLAGS) -mabi=lp64d -Wl,--no-relax -march=rv64g
QPT_ARCH_riscv64-c := $(RVCC) $(QPT_CFLAGS) -mabi=lp64d -Wl,--no-relax -march=rv64gc
QPT_ARCH_aarch64 := $(GUEST_CC_aarch64) $(QPT_CFLAGS) -mno-outline-atomics -march=armv8-a
QPT_ARCH_aarch64-c := $(GUEST_CC_aarch64) $(QPT_CFLAGS) -mno-outline-atomics -march=armv8.1-a

$(QPT_DIR)/work-%: $(QPT_SRC)/work.c
	@mkdir -p $(dir $@)
	$(QPT_ARCH_$*) -DSCALE=2 -o $@ $<

$(QPT_DIR)/tiny-%: $(QPT_SRC)/work.c
	@mkdir -p $(dir $@)
	$(QPT_ARCH_$*) -DSCALE=0 -o $@ $<

# A failed plugin build still leaves result lines: run.sh fails the cases
# whose plugin is missing.
qemu-plugins-check: $(QPT_BINS) $(QPT_SUITE) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) || echo "qemu-plugins: some plugins failed to build"
	@sh $(QPT_SRC)/run.sh "$(QEMU_RISCV64)" "$(PEEK)" $(QEMU_SRC_CACHE)/plugins \
		$(QPT_DIR) $(B)/tests/plugin/suite $(QPT_DIR)/work $(B)/results/qemu-plugins.txt

# The same with aarch64 programs under qemu-aarch64 (QEMU's plugins are
# guest-independent .so files).
QEMU_AARCH64 ?= /usr/bin/qemu-aarch64
qemu-plugins-aarch64-check: $(QPT_A64_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) || echo "qemu-plugins: some plugins failed to build"
	@sh $(QPT_SRC)/run.sh "$(QEMU_AARCH64)" "$(PEEK)" $(QEMU_SRC_CACHE)/plugins \
		$(QPT_DIR) $(B)/tests/plugin/suite $(QPT_DIR)/work-a64 $(B)/results/qemu-plugins-aarch64.txt aarch64

CHECKS += qemu-plugins-check qemu-plugins-aarch64-check
.PHONY: qemu-plugins-check qemu-plugins-aarch64-check
