# hw-check: the virt board's devices against a test double of the core
# (fakecore.c), registers poked as drivers do, expected values from the
# datasheets and specifications (hw-test.c).
HW_TEST_SRCS := tests/system/hw/hw-test.c tests/system/hw/fakecore.c $(HW_SRCS)

$(B)/tests/system/hw-test: $(HW_TEST_SRCS) tests/system/hw/fakecore.h $(HW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(HW_TEST_SRCS) $(HW_LDLIBS)

hw-check: $(B)/tests/system/hw-test
	@mkdir -p $(B)/results $(B)/tests/system/scratch
	@timeout 60 $(B)/tests/system/hw-test $(B)/tests/system/scratch > $(B)/results/hw.txt 2>&1; \
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
