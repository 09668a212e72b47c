# The aarch64 scalar FP arithmetic that runs inline on the host FPU: the
# translator and the runtime side (MXCSR follows FPCR, its flags pend for
# FPSR). A file of its own so the FP/SIMD source list stays untouched.
PEEK_SRCS += $(addprefix $(A64_DIR)/, trans-fp-inline.c fp-host.c)
