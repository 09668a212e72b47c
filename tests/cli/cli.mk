# Command-line and bad-input tests of the peek binary.
$(B)/tests/cli/showenv $(B)/tests/cli/forkwork: $(B)/tests/cli/%: tests/cli/%.c
	@mkdir -p $(dir $@)
	$(RVCC) -O1 -static -o $@ $<

cli-check: $(B)/peek $(B)/tests/cli/showenv $(B)/tests/cli/forkwork
	@mkdir -p $(B)/results
	@sh tests/cli/cli.sh $(B)/peek $(B)/tests/cli/showenv $(B)/tests/cli/tmp > $(B)/results/cli.txt 2>&1 || true
CHECKS += cli-check
