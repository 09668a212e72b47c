# The linux-user suite (tests/user/run.sh): guest programs built for
# $(TEST_GUEST) (static, and one dynamic) and natively, plus host drivers
# for the loader (also tests/fuzz's) and a host unit test of the memory map;
# the fds cases load $(B)/plugins/libinsn.so with -D.
UT = $(B)/tests/user$(GUEST_TAG)
USER_PROGS := files mem io proc smc procmem unaligned fds fdfork ipc fdops procops errno
PEEK ?= $(B)/peek

$(UT)/%-s: tests/user/%.c
	@mkdir -p $(dir $@)
	$(TEST_GUEST_CC) -O2 -static -pthread -o $@ $< -w

$(UT)/%-d: tests/user/%.c
	@mkdir -p $(dir $@)
	$(TEST_GUEST_CC) -O2 -o $@ $< -w

$(UT)/logs-s: tests/user/logs.c
	@mkdir -p $(dir $@)
	$(TEST_GUEST_CC) -O2 -static -pthread -o $@ $< -w

$(UT)/%-x: tests/user/%.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -pthread -o $@ $< -w

$(UT)/loadcheck: tests/user/loadcheck.c src/user/elfload.c src/user/mem.c src/util/util.c src/util/hostfd.c src/exec/log.c src/user/mem.h src/user/user.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/user/loadcheck.c src/user/elfload.c src/user/mem.c src/util/util.c src/util/hostfd.c src/exec/log.c $(LDLIBS)

$(UT)/memcheck: tests/user/memcheck.c src/user/mem.c src/util/util.c src/util/hostfd.c src/exec/log.c src/user/mem.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/user/memcheck.c src/user/mem.c src/util/util.c src/util/hostfd.c src/exec/log.c $(LDLIBS)

USER_TEST_BINS := $(foreach p,$(USER_PROGS),$(UT)/$(p)-s $(UT)/$(p)-x) $(UT)/proc-d \
	$(UT)/strace-s $(UT)/straceq-s $(UT)/logs-s $(UT)/loadcheck $(UT)/memcheck \
	$(B)/plugins/libinsn.so

user-check: $(PEEK) $(USER_TEST_BINS)
	@mkdir -p $(B)/results
	@PLUGIN=$(B)/plugins/libinsn.so QEMU=qemu-$(TEST_GUEST) sh tests/user/run.sh $(PEEK) $(UT) > $(B)/results/user$(GUEST_TAG).txt 2>&1 || true
	@QEMU=qemu-$(TEST_GUEST) sh tests/user/logs.sh $(PEEK) $(UT) >> $(B)/results/user$(GUEST_TAG).txt 2>&1 || true

CHECKS += user-check
.PHONY: user-check
