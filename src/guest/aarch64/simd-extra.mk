# The AdvSIMD scalar, x-indexed-element, RDM, DotProd and FP16 vector
# instructions: their helpers and translators (a list of its own beside
# fpsimd.mk and aarch64.mk, so the groups' source lists change
# independently).
PEEK_SRCS += $(addprefix $(A64_DIR)/, helpers-simd-extra.c trans-simd-extra.c)
