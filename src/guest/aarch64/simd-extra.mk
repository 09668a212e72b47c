# The AdvSIMD scalar, x-indexed-element, RDM, DotProd, FP16 vector, FHM
# and FCMA instructions: their helpers and translators (a list of its own beside
# fpsimd.mk and aarch64.mk, so the groups' source lists change
# independently).
PEEK_SRCS += $(addprefix $(A64_DIR)/, helpers-simd-extra.c helpers-simd-cplx.c trans-simd-extra.c)
