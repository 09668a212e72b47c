# IR unit test: reference evaluator vs interpreter vs optimizer.
$(B)/tests/ir-test: tests/ir/ir-test.c src/ir/ir.c src/ir/opt.c src/ir/narrow.c src/host/interp/interp.c src/util/util.c $(wildcard src/ir/*.h src/ir/*.def)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/ir/ir-test.c src/ir/ir.c src/ir/opt.c src/ir/narrow.c src/host/interp/interp.c src/util/util.c -lm

ir-check: $(B)/tests/ir-test
	@mkdir -p $(B)/results
	@$(B)/tests/ir-test 3000 > $(B)/results/ir.txt 2>&1 || true
CHECKS += ir-check
