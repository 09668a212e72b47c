# Tests of the plugin API (suite "plugins"): our own test plugins (tp_*.c,
# built against include/qemu-plugin.h; compat/tp_compat.c built against
# include/vN/qemu-plugin.h, API versions 1 to 6; tp_bad.c in broken variants) run on
# hand-written guest programs whose instruction counts, memory accesses and
# system calls are known; run.sh compares what the plugins report with
# those numbers, once per backend (interp, jit). (`make install` and
# plugins built against it: tests/plugin/install/.)
TP_DIR := tests/plugin/api
TP_OUT = $(B)/tests/plugin/api
TP_CFLAGS = -std=gnu11 $(WARN) -O2 -g -fPIC -shared -fvisibility=hidden $(PLUGIN_GLIB_CFLAGS)
TP_PLUGINS := count mem sys regs life api sig args setpc leaf vcnt
TP_BAD := noversion:-DNO_VERSION v0:-DVERSION=0 v8:-DVERSION=8 noinstall:-DNO_INSTALL \
	fail:-DFAIL_INSTALL
TP_GUESTS := loop loop_long straight mem sys regs hello compat mt mtseq mtlate sig fault fault_far fault_kill setpc groupfail region latetrans sizes fpcall

$(TP_OUT)/tp_%.so: $(TP_DIR)/tp_%.c $(TP_DIR)/tp.h include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -Iinclude $< -o $@ $(PLUGIN_GLIB_LIBS)

$(TP_OUT)/compat_v%.so: $(TP_DIR)/compat/tp_compat.c $(TP_DIR)/tp.h include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -Iinclude/v$* $< -o $@ $(PLUGIN_GLIB_LIBS)

# Inline counters in plain variables (version 1), which the JIT may count in
# lanes (tp_lanes.c).
$(TP_OUT)/lanes.so: $(TP_DIR)/compat/tp_lanes.c $(TP_DIR)/tp.h include/v1/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -Iinclude/v1 $< -o $@ $(PLUGIN_GLIB_LIBS)
# Callbacks that only count (version 1), which peek turns into inline
# additions (tp_cnt.c).
$(TP_OUT)/cnt.so: $(TP_DIR)/compat/tp_cnt.c $(TP_DIR)/tp.h include/v1/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -Iinclude/v1 $< -o $@ $(PLUGIN_GLIB_LIBS)

define TP_BAD_RULE
$(TP_OUT)/bad_$(word 1,$(subst :, ,$(1))).so: $(TP_DIR)/tp_bad.c include/qemu-plugin.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(TP_CFLAGS) -Iinclude $(word 2,$(subst :, ,$(1))) $$< -o $$@
endef
$(foreach b,$(TP_BAD),$(eval $(call TP_BAD_RULE,$(b))))

$(TP_OUT)/guest/%: $(TP_DIR)/guest/%.S
	@mkdir -p $(dir $@)
	$(RVCC) -nostdlib -static -o $@ $<
$(TP_OUT)/guest/loop_long: $(TP_DIR)/guest/loop.S
	@mkdir -p $(dir $@)
	$(RVCC) -nostdlib -static -DITER=100000 -o $@ $<
$(TP_OUT)/guest/mt $(TP_OUT)/guest/mtseq $(TP_OUT)/guest/mtlate: $(TP_OUT)/guest/%: $(TP_DIR)/guest/%.c $(TP_DIR)/guest/spin.S
	@mkdir -p $(dir $@)
	$(RVCC) -O1 -static -pthread -o $@ $^
$(TP_OUT)/guest/sig $(TP_OUT)/guest/setpc: $(TP_OUT)/guest/%: $(TP_DIR)/guest/%.c
	@mkdir -p $(dir $@)
	$(RVCC) -O1 -static -o $@ $<

TP_ALL = $(patsubst %,$(TP_OUT)/tp_%.so,$(TP_PLUGINS)) \
	$(patsubst %,$(TP_OUT)/compat_v%.so,1 2 3 4 5 6) $(TP_OUT)/lanes.so $(TP_OUT)/cnt.so \
	$(foreach b,$(TP_BAD),$(TP_OUT)/bad_$(word 1,$(subst :, ,$(b))).so) \
	$(patsubst %,$(TP_OUT)/guest/%,$(TP_GUESTS))

plugins-check: $(B)/peek all-plugins $(TP_ALL)
	@mkdir -p $(B)/results
	@for a in interp jit; do PEEK_ACCEL=$$a sh $(TP_DIR)/run.sh $(B)/peek $(TP_OUT) $$a || true; done \
		> $(B)/results/plugins.txt 2>&1
CHECKS += plugins-check
