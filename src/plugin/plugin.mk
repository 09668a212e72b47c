# QEMU TCG plugin support (src/plugin/); `make install` is in install.mk.
# The plugin code includes include/qemu-plugin.h, hence glib; peek links
# glib so that it and the plugins share one copy (GArray, GByteArray and
# g_free cross the boundary).
PLUGIN_GLIB_CFLAGS := $(shell pkg-config --cflags glib-2.0 2>/dev/null)
PLUGIN_GLIB_LIBS := $(shell pkg-config --libs glib-2.0 2>/dev/null)
PEEK_SRCS += $(addprefix src/plugin/, loader.c core.c api.c api-compat.c inject.c)
LDLIBS += $(PLUGIN_GLIB_LIBS)
$(B)/src/plugin/%.o: ALL_CFLAGS += $(PLUGIN_GLIB_CFLAGS)
