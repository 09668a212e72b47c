# The aarch64 frontend: decoder and disassembler (from insns.def), the
# translator to IR by instruction group, its helpers, the CPU model and
# the GuestArch glue.
GUESTS += aarch64
A64_DIR := src/guest/aarch64
PEEK_SRCS += $(addprefix $(A64_DIR)/, decode.c disas.c translate.c trans-flags.c \
	arch.c cpu-model.c regs.c)
