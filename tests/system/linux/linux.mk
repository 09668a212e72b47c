# A real Linux for full-system mode (docs/system.md, "A Linux to boot"):
# Debian's linux-source-6.1 kernel, cross-built small for QEMU's riscv64
# virt board, an initramfs with a static busybox built from Debian's source
# and bench/src's workloads, and an ext2 disk image.
#   make system-linux         build them into $(LINUX_CACHE) (once; the
#                             first build takes minutes, see the docs)
#   make system-linux-qemu    boot them under qemu-system-riscv64 7.2, the
#                             oracle, with boot.sh -> results/system-linux-qemu.txt
#   make system-linux-check   the same under $(PEEK_SYSTEM)
#                             -> results/system-linux.txt
#   make bench-system         boot and workload times, qemu-system-riscv64
#                             beside $(PEEK_SYSTEM) (bench/system-bench.sh)
# Not in CHECKS yet: peek-system cannot boot Linux yet. The cache lives
# outside $(B), like build-real, so every build directory shares it.
LINUX_CACHE ?= build-linux
PEEK_SYSTEM ?= $(B)/peek-system-riscv64
QEMU_SYSTEM_RISCV64 ?= /usr/bin/qemu-system-riscv64

system-linux:
	@RVCC="$(RVCC)" sh tests/system/linux/build.sh $(LINUX_CACHE)

# qemu-system-misc brings qemu-system-riscv64; opensbi its default -bios
# (fw_dynamic.bin); debugfs (e2fsprogs) reads back what the guest wrote.
system-linux-qemu: system-linux
	@sh scripts/deps.sh qemu-system-misc opensbi e2fsprogs
	@mkdir -p $(B)/results
	@sh tests/system/linux/boot.sh -c $(LINUX_CACHE) -o $(B)/results/system-linux-qemu.txt \
		-w $(B)/tests/system-linux-qemu $(QEMU_SYSTEM_RISCV64)

system-linux-check: system-linux
	@sh scripts/deps.sh qemu-system-misc opensbi e2fsprogs
	@mkdir -p $(B)/results
	@sh tests/system/linux/boot.sh -c $(LINUX_CACHE) -o $(B)/results/system-linux.txt \
		-w $(B)/tests/system-linux $(PEEK_SYSTEM)

bench-system: system-linux $(PEEK_SYSTEM) bench-system-bare
	@sh scripts/deps.sh qemu-system-misc opensbi qemu-user
	@sh bench/system-bench.sh -c $(LINUX_CACHE) $(PEEK_SYSTEM) $(B)/peek

.PHONY: system-linux system-linux-qemu system-linux-check bench-system
