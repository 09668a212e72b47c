# hw-check: the virt board's devices against a test double of the core
# (fakecore.c), registers poked as drivers do, expected values from the
# datasheets and specifications (hw-test.c).
HW_TEST_SRCS := tests/system/hw/hw-test.c tests/system/hw/fakecore.c $(HW_SRCS)

$(B)/tests/system/hw-test: $(HW_TEST_SRCS) tests/system/hw/fakecore.h tests/system/hw/replay-ops.h \
		$(HW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(HW_TEST_SRCS) $(HW_LDLIBS)

# The replay script under qemu-system-riscv64: a bare-metal program makes
# the accesses and prints what it read (replay.c); the modern virtio-mmio
# transport (force-legacy=false) is the one peek has.
REPLAY_CFLAGS := -nostdlib -static -no-pie -fno-pie -O2 -Wall -Wextra -Werror \
	-march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -ffreestanding -fno-stack-protector \
	-Wl,--no-relax -Wl,-Ttext=0x80000000 -Wl,--build-id=none
$(B)/tests/system/replay.elf: tests/system/hw/replay-start.S tests/system/hw/replay.c \
		tests/system/hw/replay-ops.h
	@mkdir -p $(dir $@)
	$(RVCC) $(REPLAY_CFLAGS) -o $@ tests/system/hw/replay-start.S tests/system/hw/replay.c

$(B)/tests/system/replay.qemu: $(B)/tests/system/replay.elf
	head -c 8192 /dev/zero > $(B)/tests/system/replay.img
	rm -f $@.tmp
	timeout 30 qemu-system-riscv64 -M virt -m 128M -smp 1 -bios none -kernel $< \
		-display none -monitor none -serial file:$@.tmp \
		-drive file=$(B)/tests/system/replay.img,format=raw,if=none,id=hd0 \
		-device virtio-blk-device,drive=hd0 -global virtio-mmio.force-legacy=false || true
	mv $@.tmp $@

hw-check: $(B)/tests/system/hw-test $(B)/tests/system/replay.qemu
	@mkdir -p $(B)/results $(B)/tests/system/scratch
	@timeout 60 $(B)/tests/system/hw-test $(B)/tests/system/scratch $(B)/tests/system/replay.qemu \
		> $(B)/results/hw.txt 2>&1; \
		st=$$?; [ $$st -le 1 ] || echo "FAIL hw-test: ended with status $$st" >> $(B)/results/hw.txt
	@cat $(B)/results/hw.txt
CHECKS += hw-check

# dtb-check: virt_create()'s device tree against qemu-system-riscv64's
# -machine dumpdtb, decoded by dtc (dtb.sh).
$(B)/tests/system/virt-dtb: tests/system/hw/virt-dtb.c tests/system/hw/fakecore.c $(HW_SRCS) \
		tests/system/hw/fakecore.h $(HW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/system/hw/virt-dtb.c tests/system/hw/fakecore.c $(HW_SRCS) \
		$(HW_LDLIBS)

dtb-check: $(B)/tests/system/virt-dtb
	@mkdir -p $(B)/results
	@sh tests/system/hw/dtb.sh $(B)/tests/system/virt-dtb $(B)/tests/system/dtb > $(B)/results/dtb.txt 2>&1
	@cat $(B)/results/dtb.txt
CHECKS += dtb-check
