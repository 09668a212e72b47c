# The aarch64 frontend: decoder and disassembler (from insns.def), the
# translator to IR by instruction group, its helpers, the CPU model and
# the GuestArch glue.
GUESTS += aarch64
A64_DIR := src/guest/aarch64
PEEK_SRCS += $(addprefix $(A64_DIR)/, decode.c disas.c translate.c trans-flags.c \
	trans-dp.c trans-branch.c trans-sys.c trans-ldst.c trans-atomic.c helpers.c \
	arch.c cpu-model.c regs.c)
# 16-byte compare-and-swap (STXP, CASP) inlined as cmpxchg16b, see helpers.c.
$(B)/$(A64_DIR)/helpers.o: ALL_CFLAGS += -mcx16
