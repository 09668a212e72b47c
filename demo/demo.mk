# make demo: install what is missing, build peek and its plugins, build the
# bundled guest program for each guest (riscv64, aarch64) and run it under
# peek, then once more under a plugin that counts its instructions.
$(B)/demo/primes-riscv64: demo/primes.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -static -o $@ $<

$(B)/demo/primes-aarch64: demo/primes.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) -O2 -static -o $@ $<

demo:
	sh scripts/deps.sh
	$(MAKE) peek all-plugins $(B)/demo/primes-riscv64 $(B)/demo/primes-aarch64
	@for g in riscv64 aarch64; do \
		echo "== peek $(B)/demo/primes-$$g 1000000"; \
		$(B)/peek $(B)/demo/primes-$$g 1000000 || exit 1; \
		echo "== peek -d plugin -plugin $(B)/plugins/libinsn.so $(B)/demo/primes-$$g 1000"; \
		$(B)/peek -d plugin -plugin $(B)/plugins/libinsn.so $(B)/demo/primes-$$g 1000 || exit 1; \
	done
