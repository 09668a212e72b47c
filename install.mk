# make install / make uninstall [PREFIX=/usr/local] [DESTDIR=]
#
# Installs what a user of peek needs, under PREFIX:
#   bin/peek, bin/peek-<guest>              the emulator and its aliases
#   lib/peek/plugins/lib<name>.so           the plugin suite (found by name)
#   include/peek/qemu-plugin.h              the plugin API, every version
#   include/peek/v1 ... v7/qemu-plugin.h    one version each
#   lib/pkgconfig/peek-plugin.pc            cflags for the newest version,
#   lib/pkgconfig/peek-plugin-v1..v7.pc     and for each version
#   share/man/man1/peek.1                   the manual page
#   share/doc/peek/                         README.md and the plugin docs
# so that
#   gcc -shared -fPIC $(pkg-config --cflags peek-plugin) p.c -o p.so
# builds a plugin (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig when PREFIX is not
# one pkg-config searches) and `peek -plugin bb prog` finds an installed
# one. `make uninstall` with the same PREFIX removes exactly these files.
PREFIX ?= /usr/local
INST_BIN := $(DESTDIR)$(PREFIX)/bin
INST_INC := $(DESTDIR)$(PREFIX)/include/peek
INST_PC := $(DESTDIR)$(PREFIX)/lib/pkgconfig
INST_PLUGINS := $(DESTDIR)$(PREFIX)/lib/peek/plugins
INST_MAN := $(DESTDIR)$(PREFIX)/share/man/man1
INST_DOC := $(DESTDIR)$(PREFIX)/share/doc/peek
API_VERSIONS := 1 2 3 4 5 6 7
INST_DOCS := README.md docs/plugins.md docs/plugins-api.md

# One pkg-config file: pc_file NAME VERSION INCLUDE-SUBDIR
pc_file = printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include/peek' \
	'plugindir=$${prefix}/lib/peek/plugins' '' 'Name: $(1)' \
	'Description: QEMU TCG plugin API version $(2), for plugins run by peek' \
	'Version: $(2)' 'Requires: glib-2.0' 'Cflags: -I$${includedir}$(3)' \
	> $(INST_PC)/$(1).pc

install-plugins: all-plugins
	install -d $(INST_PLUGINS)
	install -m 644 $(PLUGIN_SOS) $(INST_PLUGINS)/

install: peek install-plugins
	install -d $(INST_BIN) $(INST_PC) $(INST_MAN) $(INST_DOC) \
		$(addprefix $(INST_INC)/v,$(API_VERSIONS))
	install -m 755 $(B)/peek $(INST_BIN)/peek
	for g in $(GUESTS); do ln -sf peek $(INST_BIN)/peek-$$g; done
	install -m 644 include/qemu-plugin.h $(INST_INC)/qemu-plugin.h
	for v in $(API_VERSIONS); do \
		install -m 644 include/v$$v/qemu-plugin.h $(INST_INC)/v$$v/qemu-plugin.h; done
	$(call pc_file,peek-plugin,7,)
	$(foreach v,$(API_VERSIONS),$(call pc_file,peek-plugin-v$(v),$(v),/v$(v));)
	install -m 644 docs/peek.1 $(INST_MAN)/peek.1
	install -m 644 $(INST_DOCS) $(INST_DOC)/

uninstall:
	rm -f $(INST_BIN)/peek $(addprefix $(INST_BIN)/peek-,$(GUESTS))
	rm -f $(addprefix $(INST_PLUGINS)/,$(notdir $(PLUGIN_SOS)))
	rm -f $(INST_INC)/qemu-plugin.h $(foreach v,$(API_VERSIONS),$(INST_INC)/v$(v)/qemu-plugin.h)
	rm -f $(INST_PC)/peek-plugin.pc $(foreach v,$(API_VERSIONS),$(INST_PC)/peek-plugin-v$(v).pc)
	rm -f $(INST_MAN)/peek.1 $(addprefix $(INST_DOC)/,$(notdir $(INST_DOCS)))
	-rmdir $(addprefix $(INST_INC)/v,$(API_VERSIONS)) $(INST_INC) $(INST_PLUGINS) \
		$(DESTDIR)$(PREFIX)/lib/peek $(INST_DOC) 2> /dev/null

.PHONY: install install-plugins uninstall
