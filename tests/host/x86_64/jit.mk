# JIT differential test: random IR on the interpreter vs the x86-64 JIT,
# chaining and lookup, encodings against objdump. A crash is a FAIL line.
JIT_TEST_SRCS := tests/host/x86_64/jit-test.c src/ir/ir.c src/ir/opt.c src/ir/live.c src/ir/knownbits.c src/ir/narrow.c src/host/interp/interp.c src/util/util.c \
                 src/host/x86_64/x64-gen.c src/host/x86_64/x64-code.c src/host/x86_64/x64-ra.c src/host/x86_64/x64-leaf.c
$(B)/tests/jit-test: $(JIT_TEST_SRCS) $(wildcard src/ir/*.h src/ir/*.def src/host/x86_64/*.h) tests/lib/result.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(JIT_TEST_SRCS) -lm

# The inline software TLB of full-system mode, with test doubles for the
# TLB and the slow paths (its own process: x64_init configures it once).
SOFTMMU_TEST_SRCS := tests/host/x86_64/softmmu-test.c src/ir/ir.c src/ir/opt.c src/ir/live.c src/ir/knownbits.c src/ir/narrow.c \
                     src/util/util.c src/host/x86_64/x64-gen.c src/host/x86_64/x64-code.c src/host/x86_64/x64-ra.c src/host/x86_64/x64-leaf.c
$(B)/tests/softmmu-test: $(SOFTMMU_TEST_SRCS) $(wildcard src/ir/*.h src/ir/*.def src/host/x86_64/*.h) src/ir/softmmu.h tests/lib/result.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(SOFTMMU_TEST_SRCS) -lm

# The leaf-function decoder and copier (plugin callbacks copied into
# blocks), and what it makes of tp_leaf.c's, tp_cnt.c's and tp_vcnt.c's
# compiled callbacks.
$(B)/tests/leaf-test: tests/host/x86_64/leaf-test.c src/host/x86_64/x64-leaf.c src/util/util.c \
		src/host/x86_64/x64-leaf.h src/host/x86_64/x64-emit.h tests/lib/result.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/host/x86_64/leaf-test.c src/host/x86_64/x64-leaf.c src/util/util.c -ldl

jit-check: $(B)/tests/jit-test $(B)/tests/softmmu-test $(B)/tests/leaf-test $(B)/tests/plugin/api/tp_leaf.so \
		$(B)/tests/plugin/api/cnt.so $(B)/tests/plugin/api/tp_vcnt.so
	@mkdir -p $(B)/results
	@$(B)/tests/jit-test 10000 > $(B)/results/jit.txt 2>&1 || \
		echo "FAIL jit-test: exited with status $$?" >> $(B)/results/jit.txt
	@$(B)/tests/softmmu-test >> $(B)/results/jit.txt 2>&1 || \
		echo "FAIL softmmu-test: exited with status $$?" >> $(B)/results/jit.txt
	@$(B)/tests/leaf-test $(B)/tests/plugin/api/tp_leaf.so $(B)/tests/plugin/api/cnt.so \
		$(B)/tests/plugin/api/tp_vcnt.so >> $(B)/results/jit.txt 2>&1 || \
		echo "FAIL leaf-test: exited with status $$?" >> $(B)/results/jit.txt
CHECKS += jit-check
