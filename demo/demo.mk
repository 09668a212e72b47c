# make demo: install what is missing, build peek and its plugins, build the
# bundled guest program for each guest (riscv64, aarch64) and run it under
# peek, then once more under a plugin whose report follows the program's
# own output: the hottest blocks (hotblocks) of the riscv64 build, the
# cache behaviour (cache) of the aarch64 one.
$(B)/demo/primes-riscv64: demo/primes.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -static -o $@ $<

$(B)/demo/primes-aarch64: demo/primes.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) -O2 -static -o $@ $<

DEMO_PLUGIN_riscv64 := hotblocks,limit=5
DEMO_PLUGIN_aarch64 := cache,limit=3

demo:
	sh scripts/deps.sh
	$(MAKE) peek all-plugins $(B)/demo/primes-riscv64 $(B)/demo/primes-aarch64
	@for g in riscv64 aarch64; do \
		case $$g in riscv64) p='$(DEMO_PLUGIN_riscv64)' ;; *) p='$(DEMO_PLUGIN_aarch64)' ;; esac; \
		echo "== $(B)/peek $(B)/demo/primes-$$g 1000000"; \
		$(B)/peek $(B)/demo/primes-$$g 1000000 || exit 1; \
		echo "== $(B)/peek -d plugin -plugin $$p $(B)/demo/primes-$$g 100000"; \
		$(B)/peek -d plugin -plugin $$p $(B)/demo/primes-$$g 100000 2>&1 || exit 1; \
	done
	@echo "== more: $(B)/peek -plugin help (the plugins), $(B)/peek -plugin NAME,help (their arguments)"
