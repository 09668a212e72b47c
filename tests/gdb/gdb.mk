# The GDB stub (suite "gdb"): gdb-multiarch drives peek -g on target.c,
# built for each guest with debug information, and the same scripts drive
# qemu-<guest> -g as the oracle (see run.sh). tp_reglist.so prints the
# register list plugins see, for the comparison with the target
# description.
GDB_OUT = $(B)/tests/gdb

$(GDB_OUT)/target-%: tests/gdb/target.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_$*) -g -O0 -pthread -o $@ $<

$(GDB_OUT)/target-static-%: tests/gdb/target.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_$*) -g -O0 -static -no-pie -pthread -o $@ $<

$(GDB_OUT)/tp_reglist.so: tests/gdb/tp_reglist.c include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -fPIC -shared $(PLUGIN_GLIB_CFLAGS) -Iinclude $< -o $@ \
		$(PLUGIN_GLIB_LIBS)

$(GDB_OUT)/freeport: tests/gdb/freeport.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 $< -o $@

gdb-check: $(B)/peek $(B)/plugins/libinsn.so $(GDB_OUT)/tp_reglist.so $(GDB_OUT)/freeport \
		$(foreach g,riscv64 aarch64,$(GDB_OUT)/target-$(g) $(GDB_OUT)/target-static-$(g))
	@mkdir -p $(B)/results
	@sh tests/gdb/run.sh $(B)/peek $(GDB_OUT) $(B)/plugins/libinsn.so > $(B)/results/gdb.txt 2>&1 || true
CHECKS += gdb-check
