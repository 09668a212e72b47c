# QEMU's plugin documentation examples on aarch64 programs (run.sh):
# hand-counted reports on loop-a64.S, consistent ones on sha1 and
# threadcount, with peek's plugins on both backends.
#   make plugin-docs-aarch64-check   -> $(B)/results/plugin-docs-aarch64.txt
PDOC_SRC := tests/plugin/docs
PDOC_DIR := $(B)/tests/plugin/docs
PDOC_BINS := $(addprefix $(PDOC_DIR)/,loop-a64 sha1 threadcount)

$(PDOC_DIR)/loop-a64: $(PDOC_SRC)/loop-a64.S
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) -nostdlib -static -o $@ $<

$(PDOC_DIR)/%: $(PDOC_SRC)/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) -O2 -static -pthread -o $@ $<

plugin-docs-aarch64-check: $(PDOC_BINS) all-plugins $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh $(PDOC_SRC)/run.sh "$(PEEK)" $(B)/plugins $(PDOC_DIR) $(PDOC_DIR)/work \
		$(B)/results/plugin-docs-aarch64.txt

CHECKS += plugin-docs-aarch64-check
.PHONY: plugin-docs-aarch64-check
