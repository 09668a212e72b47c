# The bare-metal row of make bench-system (tests/system/linux/linux.mk):
# full-system mode against qemu-system-riscv64 7.2 (bench/system/run.sh).
# (this file is read before tests/system/bare/bare.mk: its names are
# spelt out in the prerequisites)
$(B)/bench/system/sieve.elf: bench/system/sieve.c tests/system/bare/start.S tests/system/bare/rt.c \
		tests/system/bare/rt.h tests/system/bare/virt.ld
	@mkdir -p $(dir $@)
	$(RVCC) $(SYS_BARE_CFLAGS) -Itests/system/bare -T tests/system/bare/virt.ld \
		tests/system/bare/start.S tests/system/bare/rt.c $< -o $@

bench-system-bare: $(B)/peek-system-riscv64 $(B)/bench/system/sieve.elf
	@sh scripts/deps.sh bc
	@sh bench/system/run.sh $(B)
.PHONY: bench-system-bare
