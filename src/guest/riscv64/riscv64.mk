# The riscv64 frontend: decoder and disassembler (from insns.def), the
# translator to IR, its helpers, and the GuestArch glue. (fpu.mk adds the
# FP library.)
GUESTS += riscv64
RV_DIR := src/guest/riscv64
PEEK_SRCS += $(addprefix $(RV_DIR)/, decode.c disas.c translate.c trans-rvi.c \
	trans-rvm.c trans-rva.c trans-rvf.c trans-zicsr.c trans-zb.c helpers.c \
	helpers-fp.c arch.c cpu-model.c regs.c trans-priv.c)
# Its privileged architecture, linked only into peek-system-riscv64.
SYS_GUEST_SRCS += $(addprefix $(RV_DIR)/, sys-csr.c sys-mmu.c sys-pmp.c sys-trap.c)
