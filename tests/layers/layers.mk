# The folder layering of DESIGN.md (no include against the arrows, so no
# cycle between folders), checked on every build of the tests.
layers-check:
	@mkdir -p $(B)/results
	@sh tests/layers/layers.sh > $(B)/results/layers.txt 2>&1 || true

CHECKS += layers-check
.PHONY: layers-check

# Header dependencies: an object of either binary that includes a header,
# as the compiler says, is rebuilt when it changes (deps.sh).
deps-check: $(B)/peek $(B)/peek-system-riscv64
	@mkdir -p $(B)/results
	@sh tests/layers/deps.sh "$(MAKE)" $(B) > $(B)/results/deps.txt 2>&1 || true

CHECKS += deps-check
.PHONY: deps-check
