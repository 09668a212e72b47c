# A real Linux for full-system mode (docs/system.md, "A Linux to boot"):
# Debian's linux-source-6.1 kernel, cross-built small for QEMU's riscv64
# virt board, an initramfs with a static busybox built from Debian's source
# and bench/src's workloads, and an ext2 disk image.
#   make system-linux         build them into $(LINUX_CACHE) (once; the
#                             first build takes minutes, see the docs)
#   make system-linux-qemu    boot them under qemu-system-riscv64 7.2, the
#                             oracle, with boot.sh -> results/system-linux-qemu.txt
#   make system-linux-check   the same under $(PEEK_SYSTEM) (in CHECKS):
#                             every case on the JIT -> results/system-linux.txt,
#                             -smp 1 on the interpreter and -smp 2 with
#                             QEMU 7.2's insn and our hwprofile and cache
#                             loaded (case "short", tests/system/linux/plugin-log.sh)
#                             -> results/system-linux-{interp,plugin}.txt
#   make bench-system         boot and workload times, qemu-system-riscv64
#                             beside $(PEEK_SYSTEM) (bench/system-bench.sh)
# The cache lives outside $(B), like build-real, so every build directory
# (the ASan one too) shares it: a fresh machine builds it once, in about
# five CPU minutes.
LINUX_CACHE ?= build-linux
PEEK_SYSTEM ?= $(B)/peek-system-riscv64
QEMU_SYSTEM_RISCV64 ?= /usr/bin/qemu-system-riscv64

system-linux:
	@RVCC="$(RVCC)" sh tests/system/linux/build.sh $(LINUX_CACHE)

# qemu-system-misc brings qemu-system-riscv64; opensbi its default -bios
# (fw_dynamic.bin); debugfs (e2fsprogs) reads back what the guest wrote.
# Not the "single" case: QEMU 7.2's -icount with thread=single takes a
# minute or more to boot (it sleeps in host time while the harts idle), and
# its two boots differ, so there is nothing to compare it with.
system-linux-qemu: system-linux
	@sh scripts/deps.sh qemu-system-misc opensbi e2fsprogs
	@mkdir -p $(B)/results
	@LINUX_CASES="smp1 smp2 icount shell rng" sh tests/system/linux/boot.sh -c $(LINUX_CACHE) -o $(B)/results/system-linux-qemu.txt \
		-w $(B)/tests/system-linux-qemu $(QEMU_SYSTEM_RISCV64)

system-linux-check: system-linux $(PEEK_SYSTEM) all-plugins
	@sh scripts/deps.sh qemu-system-misc opensbi e2fsprogs
	@mkdir -p $(B)/results
	@sh tests/system/linux/boot.sh -c $(LINUX_CACHE) -o $(B)/results/system-linux.txt \
		-w $(B)/tests/system-linux -t 120 $(PEEK_SYSTEM)
	@LINUX_CASES=smp1 sh tests/system/linux/boot.sh -c $(LINUX_CACHE) \
		-o $(B)/results/system-linux-interp.txt -w $(B)/tests/system-linux-interp -t 120 \
		$(PEEK_SYSTEM) -accel interp
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) > /dev/null 2>&1 || echo "system-linux-check: QEMU's plugins failed to build"
	@rm -f $(B)/tests/system-linux-plugin.log
	@LINUX_CASES=short sh tests/system/linux/boot.sh -c $(LINUX_CACHE) \
		-o $(B)/results/system-linux-plugin.txt -w $(B)/tests/system-linux-plugin -t 120 \
		$(PEEK_SYSTEM) -plugin $(abspath $(QEMU_PLUGIN_DIR))/libinsn.so \
		-plugin $(abspath $(B))/plugins/libhwprofile.so,pattern=on -plugin $(abspath $(B))/plugins/libcache.so \
		-d plugin -D $(abspath $(B))/tests/system-linux-plugin.log
	@sed -i 's/^\(PASS\|FAIL\) linux-/&interp-/' $(B)/results/system-linux-interp.txt
	@sed -i 's/^\(PASS\|FAIL\) linux-/&plugin-/' $(B)/results/system-linux-plugin.txt
	@sh tests/system/linux/plugin-log.sh $(B)/tests/system-linux-plugin.log \
		$(B)/tests/system-linux-plugin/short.log >> $(B)/results/system-linux-plugin.txt
CHECKS += system-linux-check

bench-system: system-linux $(PEEK_SYSTEM) bench-system-bare all-plugins
	@sh scripts/deps.sh qemu-system-misc opensbi qemu-user
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) > /dev/null 2>&1 || echo "bench-system: QEMU's plugins failed to build"
	@QEMU_PLUGINS=$(abspath $(QEMU_SRC_CACHE))/plugins PEEK_PLUGINS=$(abspath $(B))/plugins \
		sh bench/system-bench.sh -c $(LINUX_CACHE) $(PEEK_SYSTEM) $(B)/peek

.PHONY: system-linux system-linux-qemu system-linux-check bench-system
