# linux-check (opt-in, not in CHECKS: the first run builds a kernel, about
# 3 minutes of CPU; later runs take seconds): Linux 6.1 from Debian's
# linux-source-6.1, built once into $(LINUX_CACHE), boots to its init on
# peek-system-riscv64 (tests/system/linux/run.sh).
LINUX_CACHE ?= build-linux

linux-check: $(B)/peek-system-riscv64
	@mkdir -p $(B)/results $(B)/tests
	@: > $(B)/results/linux.txt
	@sh tests/system/linux/build.sh $(LINUX_CACHE) > $(B)/tests/linux-build.log 2>&1 || \
		echo "FAIL linux/build: see $(B)/tests/linux-build.log" >> $(B)/results/linux.txt
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) > /dev/null 2>&1 || true
	@[ -f $(LINUX_CACHE)/Image ] && QEMU_SRC_CACHE=$(QEMU_SRC_CACHE) sh tests/system/linux/run.sh $(B) \
		$(LINUX_CACHE) >> $(B)/results/linux.txt 2>&1 || true
	@cat $(B)/results/linux.txt
.PHONY: linux-check
