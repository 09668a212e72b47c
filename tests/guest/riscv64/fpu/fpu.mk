# The F/D library's tests -> $(B)/results/fpu.txt:
#   fpu-unit, fpu-unit-soft   hand-checked cases (fpu_unit.c), on the normal
#                             build and the software-only one
#   fpu/<insn>, fpu-soft/<insn>
#                             fpu_cases.c linked with the library, diffed
#                             per instruction against the same program built
#                             for riscv64 (with fpu_guest_ops.c) and run
#                             under qemu-riscv64, the oracle
# The reference output is cached in $(FPU_DIR)/ref.txt.gz. To check an
# emulator, run the guest build under it in place of a host build:
#   bash tests/guest/riscv64/fpu/run.sh $(FPU_DIR)/ref.txt.gz fpu-peek "$(B)/peek $(FPU_DIR)/fpu-guest"
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

FPU_SRC     := tests/guest/riscv64/fpu
FPU_DIR     := $(B)/$(FPU_SRC)
FPU_SRCS    := src/guest/riscv64/fpu.c src/guest/riscv64/fpu_soft.c
FPU_HDRS    := src/guest/riscv64/fpu.h src/guest/riscv64/fpu_soft.h \
               src/guest/riscv64/fpu_host.h src/guest/riscv64/cpu.h
FPU_OBJS    := $(patsubst %.c,$(B)/%.o,$(FPU_SRCS))
FPU_GUEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -static -Isrc
FPU_REF     := $(if $(wildcard $(QEMU_RISCV64)),$(FPU_DIR)/ref.txt.gz)

$(FPU_DIR)/fpu-guest: $(FPU_SRC)/fpu_cases.c $(FPU_SRC)/fpu_guest_ops.c src/guest/riscv64/fpu.h
	@mkdir -p $(dir $@)
	$(RVCC) $(FPU_GUEST_CFLAGS) $(FPU_SRC)/fpu_cases.c $(FPU_SRC)/fpu_guest_ops.c -o $@

$(FPU_DIR)/ref.txt.gz: $(FPU_DIR)/fpu-guest
	$(QEMU_RISCV64) $< > $(FPU_DIR)/ref.txt
	gzip -1 -f $(FPU_DIR)/ref.txt

# The library objects peek links, and a software-only build of the same.
$(FPU_DIR)/fpu-host: $(FPU_SRC)/fpu_cases.c $(FPU_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $^ -o $@
$(FPU_DIR)/fpu-unit: $(FPU_SRC)/fpu_unit.c $(FPU_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $^ -o $@
$(FPU_DIR)/fpu-soft: $(FPU_SRC)/fpu_cases.c $(FPU_SRCS) $(FPU_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DRV_FPU_SOFTFLOAT $(FPU_SRC)/fpu_cases.c $(FPU_SRCS) -o $@
$(FPU_DIR)/fpu-unit-soft: $(FPU_SRC)/fpu_unit.c $(FPU_SRCS) $(FPU_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DRV_FPU_SOFTFLOAT $(FPU_SRC)/fpu_unit.c $(FPU_SRCS) -o $@

fpu-check: $(addprefix $(FPU_DIR)/,fpu-host fpu-soft fpu-unit fpu-unit-soft) $(FPU_REF)
	@mkdir -p $(B)/results
	@{ $(FPU_DIR)/fpu-unit fpu-unit || echo "FAIL fpu-unit: exit status $$?"; \
	   $(FPU_DIR)/fpu-unit-soft fpu-unit-soft || echo "FAIL fpu-unit-soft: exit status $$?"; \
	   bash $(FPU_SRC)/run.sh $(FPU_DIR)/ref.txt.gz fpu $(FPU_DIR)/fpu-host \
	       fpu-soft $(FPU_DIR)/fpu-soft; } > $(B)/results/fpu.txt
	@grep -c '^PASS' $(B)/results/fpu.txt | sed 's/$$/ fpu tests passed/'

CHECKS += fpu-check
.PHONY: fpu-check

# The same guest program under peek: every FPU_PEEK_STRIDE-th case (the
# interpreter is too slow for all 1.1 million in every check), compared
# with qemu-riscv64 running the same stride.
FPU_PEEK_STRIDE ?= 41
$(FPU_DIR)/ref-stride.txt.gz: $(FPU_DIR)/fpu-guest
	$(QEMU_RISCV64) $< $(FPU_PEEK_STRIDE) > $(FPU_DIR)/ref-stride.txt
	gzip -1 -f $(FPU_DIR)/ref-stride.txt

# fpu_dyn.c: dynamic-rounding binary64 arithmetic as compiled code does it
# (inline host float ops in peek) in every mode, RMM and an invalid frm
# included, on both backends, against qemu-riscv64.
$(FPU_DIR)/fpu-dyn: $(FPU_SRC)/fpu_dyn.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -ffp-contract=off -static $< -o $@ -lm
$(FPU_DIR)/fpu-dyn.ref: $(FPU_DIR)/fpu-dyn
	$(QEMU_RISCV64) $< > $@

fpu-peek-check: $(B)/peek $(FPU_DIR)/fpu-guest $(if $(FPU_REF),$(FPU_DIR)/ref-stride.txt.gz) \
		$(FPU_DIR)/fpu-dyn $(if $(FPU_REF),$(FPU_DIR)/fpu-dyn.ref)
	@mkdir -p $(B)/results
	@{ bash $(FPU_SRC)/run.sh $(FPU_DIR)/ref-stride.txt.gz fpu-peek \
	    "$(B)/peek $(FPU_DIR)/fpu-guest $(FPU_PEEK_STRIDE)"; \
	  for accel in jit interp; do \
	    if PEEK_ACCEL=$$accel $(B)/peek $(FPU_DIR)/fpu-dyn > $(FPU_DIR)/fpu-dyn.$$accel 2>&1 && \
	       cmp -s $(FPU_DIR)/fpu-dyn.$$accel $(FPU_DIR)/fpu-dyn.ref; then \
	      echo "PASS fpu-dyn-$$accel"; \
	    else echo "FAIL fpu-dyn-$$accel: differs from qemu-riscv64 (diff $(FPU_DIR)/fpu-dyn.$$accel $(FPU_DIR)/fpu-dyn.ref)"; fi; \
	  done; } > $(B)/results/fpu-peek.txt

CHECKS += fpu-peek-check
.PHONY: fpu-peek-check
