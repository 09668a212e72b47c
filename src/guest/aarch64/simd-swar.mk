# The AdvSIMD integer instructions that run as inline IR on the two 64-bit
# halves of a register (a list of its own, so the FP/SIMD lists stay
# untouched).
PEEK_SRCS += $(A64_DIR)/trans-simd-swar.c
