# The persistent code cache (-tb-cache): a second run from the cache alone
# with the same output, both guests and backends; code rewritten at a
# cached address, an if-converted block's taken way outside it changed,
# another program at the same path, other -cpu options,
# another guest_base between writing and reading (both ways),
# truncated, corrupt and foreign cache files, four processes writing at
# once, forked children's blocks kept, the directory's bound, a relative
# directory across a guest execve, plugins turning it off, bad directories (tests/exec/tb-cache/run.sh);
# checksum64's crc32 lanes against its table, and flipped bits seen (checksum.c).
#   make tb-cache-check   -> $(B)/results/tb-cache.txt
TBC_OUT := $(B)/tests/exec/tb-cache
TBC_BINS := $(TBC_OUT)/codegen-a-riscv64 $(TBC_OUT)/codegen-b-riscv64 $(TBC_OUT)/codegen-a-aarch64 \
	$(TBC_OUT)/ext-zba $(TBC_OUT)/forks $(TBC_OUT)/execcd

$(TBC_OUT)/codegen-a-riscv64 $(TBC_OUT)/codegen-b-riscv64: $(TBC_OUT)/codegen-%-riscv64: tests/exec/tb-cache/codegen.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -static -DPROG_ID=$(if $(filter a,$*),1,2) -o $@ $<

$(TBC_OUT)/codegen-a-aarch64: tests/exec/tb-cache/codegen.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) -O2 -static -DPROG_ID=1 -o $@ $<

$(TBC_OUT)/forks $(TBC_OUT)/execcd: $(TBC_OUT)/%: tests/exec/tb-cache/%.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -static -o $@ $<

$(TBC_OUT)/ext-zba: tests/guest/riscv64/cpuext/ext.S
	@mkdir -p $(dir $@)
	$(RVCC) -march=rv64gc_zba_zbb_zbs -nostdlib -static -DTEST_zba -o $@ $<

# checksum64's crc32 lanes against its table (PEEK_HASH_SOFTWARE)
$(TBC_OUT)/checksum: tests/exec/tb-cache/checksum.c src/util/hash.c src/util/hash.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DPEEK_HASH_SOFTWARE -Dchecksum64=checksum64_sw -Dhash64=hash64_sw -c src/util/hash.c -o $@-sw.o
	$(CC) $(ALL_CFLAGS) -o $@ $< src/util/hash.c $@-sw.o

tb-cache-check: $(B)/peek $(TBC_BINS) $(TBC_OUT)/checksum $(B)/plugins/libinsn.so
	@mkdir -p $(B)/results
	@{ $(TBC_OUT)/checksum || echo "FAIL tb-cache-checksum: exited with status $$?"; sh tests/exec/tb-cache/run.sh $(B)/peek $(TBC_OUT) $(B)/plugins/libinsn.so; } > $(B)/results/tb-cache.txt 2>&1 || true

CHECKS += tb-cache-check
.PHONY: tb-cache-check
