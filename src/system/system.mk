# peek-system-riscv64: full-system mode. It links the shared layers (every
# source of build/peek but linux-user's and peek's main), the system core
# (src/system), the board's devices (src/system/hw, HW_SRCS) and the
# guests' system parts (SYS_GUEST_SRCS, from each guest's .mk). PEEK_SRCS
# is complete only once every .mk is read, hence the deferred lists and
# the second expansion of the link rule's prerequisites.
SYS_CORE_SRCS := $(addprefix src/system/, main.c machine.c softmmu.c cpus.c boot.c)
SYS_SRCS = $(filter-out src/user/% src/main.c,$(PEEK_SRCS)) $(SYS_CORE_SRCS) $(HW_SRCS) $(SYS_GUEST_SRCS)
SYS_OBJS = $(patsubst %.c,$(B)/%.o,$(SYS_SRCS))

.SECONDEXPANSION:
$(B)/peek-system-riscv64: $$(SYS_OBJS)
	$(CC) $(ALL_CFLAGS) -rdynamic $^ -o $@ $(LDLIBS) $(HW_LDLIBS)

peek-system: $(B)/peek-system-riscv64
all: peek-system
.PHONY: peek-system
