# system-check: bare-metal M- and S-mode programs of our own for the virt
# board (csrs and traps, paging, interrupts and wfi) and OpenSBI with an
# S-mode payload, on peek-system-riscv64 and compared with
# qemu-system-riscv64 (tests/system/bare/run.sh); QEMU 7.2's own plugins
# under both (built as for qemu-plugins-check); bad command lines.
SYS_BARE := tests/system/bare
SYS_BARE_TESTS := priv paging timer icount plugins smp pmp xpage ldsite stsite
SYS_BARE_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -O2 -ffreestanding -nostdlib -static \
	-fno-pic -Wall -Wextra -Werror -Wno-unused-parameter -Wl,--no-relax -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments
SYS_BARE_RT := $(SYS_BARE)/start.S $(SYS_BARE)/rt.c

$(B)/tests/system/bare/%.elf: $(SYS_BARE)/%.c $(SYS_BARE_RT) $(SYS_BARE)/rt.h $(SYS_BARE)/virt.ld
	@mkdir -p $(dir $@)
	$(RVCC) $(SYS_BARE_CFLAGS) -T $(SYS_BARE)/virt.ld $(SYS_BARE_RT) $< -o $@

# smp.c with the ticket signature, for the thread=single determinism check
$(B)/tests/system/bare/smp-sig.elf: $(SYS_BARE)/smp.c $(SYS_BARE_RT) $(SYS_BARE)/rt.h $(SYS_BARE)/virt.ld
	@mkdir -p $(dir $@)
	$(RVCC) $(SYS_BARE_CFLAGS) -DSIGNATURE -T $(SYS_BARE)/virt.ld $(SYS_BARE_RT) $< -o $@

# the OpenSBI payload, where a kernel goes: 2 MiB into RAM
$(B)/tests/system/bare/sbi.elf: $(SYS_BARE)/sbi.S $(SYS_BARE)/virt.ld
	@mkdir -p $(dir $@)
	sed 's/0x80000000/0x80200000/' $(SYS_BARE)/virt.ld > $@.ld
	$(RVCC) $(SYS_BARE_CFLAGS) -T $@.ld $< -o $@

# a plugin of our own for the hardware-address API
$(B)/tests/system/bare/tp_hw.so: $(SYS_BARE)/tp_hw.c include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -fPIC -shared $(PLUGIN_GLIB_CFLAGS) -Iinclude $< -o $@ $(PLUGIN_GLIB_LIBS)

# two harts, assembly alone (its own entry for both)
$(B)/tests/system/bare/wfipoll.elf: $(SYS_BARE)/wfipoll.S $(SYS_BARE)/virt.ld
	@mkdir -p $(dir $@)
	$(RVCC) $(SYS_BARE_CFLAGS) -T $(SYS_BARE)/virt.ld $< -o $@

$(B)/tests/system/bare/sbi-reboot.elf: $(SYS_BARE)/sbi.S $(B)/tests/system/bare/sbi.elf
	$(RVCC) $(SYS_BARE_CFLAGS) -DREBOOT -T $(B)/tests/system/bare/sbi.elf.ld $< -o $@

system-check: $(B)/peek-system-riscv64 all-plugins $(B)/tests/system/bare/sbi-reboot.elf $(SYS_BARE_TESTS:%=$(B)/tests/system/bare/%.elf) \
		$(B)/tests/system/bare/sbi.elf $(B)/tests/system/bare/tp_hw.so $(B)/tests/system/bare/wfipoll.elf \
		$(B)/tests/system/bare/smp-sig.elf
	@mkdir -p $(B)/results
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) > /dev/null 2>&1 || echo "system-check: QEMU's plugins failed to build"
	@QEMU_SRC_CACHE=$(QEMU_SRC_CACHE) sh $(SYS_BARE)/run.sh $(B) > $(B)/results/system.txt 2>&1 || true
	@cat $(B)/results/system.txt
CHECKS += system-check
