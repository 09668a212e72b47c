# Building plugins out of tree against the installed peek (suite
# "plugin-install", see run.sh): make install into a scratch prefix, then
# QEMU 7.2's own plugin sources (Debian's qemu source package, fetched by
# bench/qemu-plugins.sh) with peek-plugin-v1, plugins in the style of later
# QEMU releases (eras/) with their API versions, and the first plugin of
# docs/plugins-api.md exactly as written there; each built plugin runs
# under the installed peek. Then the man page against -h, and make
# uninstall.
#   make plugin-install-check   -> $(B)/results/plugin-install.txt
PINST_SRC := tests/plugin/install
PINST_OUT = $(B)/tests/plugin/install

# The docs' example runs build/demo/primes-riscv64, of the normal build
# whatever B is.
plugin-install-check: $(B)/peek all-plugins $(TP_OUT)/guest/sys $(TP_OUT)/guest/loop $(TP_OUT)/guest/mem
	@mkdir -p $(B)/results $(PINST_OUT)
	@$(MAKE) --no-print-directory B=build build/demo/primes-riscv64 > /dev/null
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE) || echo "qemu-plugins: some plugins failed to build"
	@rm -rf $(PINST_OUT)/prefix
	@$(MAKE) --no-print-directory install PREFIX=$(abspath $(PINST_OUT)/prefix) \
		> $(PINST_OUT)/install.log 2>&1 || echo "(make install failed: see $(PINST_OUT)/install.log)"
	@MAKE="$(MAKE)" sh $(PINST_SRC)/run.sh $(PINST_OUT) $(TP_OUT)/guest $(QEMU_SRC_CACHE) \
		> $(B)/results/plugin-install.txt 2>&1 || true

CHECKS += plugin-install-check
.PHONY: plugin-install-check
