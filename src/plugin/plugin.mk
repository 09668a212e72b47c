# QEMU TCG plugin support (src/plugin/) and `make install`.
# The plugin code includes include/qemu-plugin.h, hence glib; peek links
# glib so that it and the plugins share one copy (GArray, GByteArray and
# g_free cross the boundary).
PLUGIN_GLIB_CFLAGS := $(shell pkg-config --cflags glib-2.0 2>/dev/null)
PLUGIN_GLIB_LIBS := $(shell pkg-config --libs glib-2.0 2>/dev/null)
PEEK_SRCS += $(addprefix src/plugin/, loader.c core.c api.c api-compat.c inject.c)
LDLIBS += $(PLUGIN_GLIB_LIBS)
$(B)/src/plugin/%.o: ALL_CFLAGS += $(PLUGIN_GLIB_CFLAGS)

# make install [PREFIX=/usr/local] [DESTDIR=]: peek and its peek-<guest> aliases,
# the plugin API header with a pkg-config file (peek-plugin), and the
# plugin suite (install-plugins, in plugins/plugins.mk), so that
#   gcc -shared -fPIC $(pkg-config --cflags peek-plugin) p.c -o p.so
# builds a plugin and `peek -plugin libbb.so prog` finds an installed one.
PREFIX ?= /usr/local
install: peek install-plugins
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/peek \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(B)/peek $(DESTDIR)$(PREFIX)/bin/peek
	for g in $(GUESTS); do ln -sf peek $(DESTDIR)$(PREFIX)/bin/peek-$$g; done
	install -m 644 include/qemu-plugin.h $(DESTDIR)$(PREFIX)/include/peek/qemu-plugin.h
	printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include/peek' \
		'plugindir=$${prefix}/lib/peek/plugins' '' 'Name: peek-plugin' \
		'Description: QEMU TCG plugin API (version 7) for plugins run by peek' \
		'Version: 7' 'Requires: glib-2.0' 'Cflags: -I$${includedir}' \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/peek-plugin.pc

.PHONY: install
