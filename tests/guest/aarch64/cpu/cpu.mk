# -cpu models and features of the aarch64 guest (cpu.sh).
#   make a64-cpu-check -> $(B)/results/a64-cpu.txt
$(B)/tests/guest/aarch64/cpu/hwcap: tests/guest/aarch64/cpu/hwcap.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) -O2 -static -o $@ $<

a64-cpu-check: $(B)/tests/guest/aarch64/cpu/hwcap $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh tests/guest/aarch64/cpu/cpu.sh $(B)/peek $(B)/tests/guest/aarch64/cpu/hwcap \
		$(B)/results/a64-cpu.txt

CHECKS += a64-cpu-check
.PHONY: a64-cpu-check
