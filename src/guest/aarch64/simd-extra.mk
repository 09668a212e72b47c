# The AdvSIMD scalar, x-indexed-element, RDM and DotProd instructions: their
# helpers and translators (a list of its own beside fpsimd.mk and
# aarch64.mk, so the three groups' source lists change independently).
PEEK_SRCS += $(addprefix $(A64_DIR)/, helpers-simd-extra.c trans-simd-extra.c)
