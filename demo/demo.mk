# make demo: install what is missing, build peek, build the bundled guest
# program for riscv64 and run it under peek.
$(B)/demo/primes: demo/primes.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -static -o $@ $<

demo:
	sh scripts/deps.sh
	$(MAKE) peek $(B)/demo/primes
	@echo "== peek build/demo/primes 1000000"
	$(B)/peek $(B)/demo/primes 1000000
