# The GDB remote stub (src/gdb/): the protocol, the server thread, the
# target description; the mode starts it and calls its hooks.
PEEK_SRCS += $(addprefix src/gdb/, server.c packets.c tdesc.c)
