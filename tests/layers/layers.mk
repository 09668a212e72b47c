# The folder layering of DESIGN.md (no include against the arrows, so no
# cycle between folders), checked on every build of the tests.
layers-check:
	@mkdir -p $(B)/results
	@sh tests/layers/layers.sh > $(B)/results/layers.txt 2>&1 || true

CHECKS += layers-check
.PHONY: layers-check
