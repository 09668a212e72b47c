# The plugin suite: one shared object per plugins/<name>.c, built against
# the public header include/qemu-plugin.h and glib only.
#   make all-plugins       build $(B)/plugins/lib<name>.so (part of `make`)
# (make install-plugins, in install.mk, copies them to lib/peek/plugins.)
PLUGIN_NAMES := $(basename $(notdir $(wildcard plugins/*.c)))
PLUGIN_SOS   := $(patsubst %,$(B)/plugins/lib%.so,$(PLUGIN_NAMES))
GLIB_CFLAGS  := $(shell pkg-config --cflags glib-2.0 2>/dev/null)
GLIB_LIBS    := $(shell pkg-config --libs glib-2.0 2>/dev/null)
PLUGIN_CFLAGS = -std=gnu11 $(WARN) $(SAN) $(CFLAGS) -fPIC -shared \
	-fvisibility=hidden -D_GNU_SOURCE -Iinclude $(GLIB_CFLAGS)

$(B)/plugins/lib%.so: plugins/%.c $(wildcard plugins/*.h) include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) $< -o $@ $(GLIB_LIBS)

all-plugins: $(PLUGIN_SOS)

# Part of the default build.
all: all-plugins

.PHONY: all-plugins
