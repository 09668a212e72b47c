# The aarch64 FP, AdvSIMD and crypto instructions: the FP library, their
# helpers and translators (a file of its own beside aarch64.mk, so the two
# groups' source lists change independently).
PEEK_SRCS += $(addprefix $(A64_DIR)/, fpu.c helpers-fp.c trans-fp.c helpers-simd.c helpers-simdfp.c trans-simd.c trans-ldst-simd.c)
