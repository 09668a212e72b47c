# Real programs built from Debian source packages (lua5.4, sqlite3, bzip2),
# static and dynamic for each guest, whose workloads must print what the
# native x86-64 build of the same source prints.
#   make real-build    fetch the sources and build (into $(REAL_CACHE), once)
#   make real-check    run the workloads under $(PEEK) -> $(B)/results/real.txt
#   make real-check PEEK=/usr/bin/qemu-riscv64    validate the suite itself
# The cache is outside $(B) so the plain and the ASan runs of make check
# share one build; the first build needs root and the Debian archive.
PEEK ?= $(B)/peek
REAL_CACHE ?= build-real

real-build:
	@RVCC="$(RVCC)" sh tests/real/fetch-build.sh $(REAL_CACHE)

# A failed build still leaves result lines: run-real.sh reports the
# programs that are missing.
real-check:
	@RVCC="$(RVCC)" sh tests/real/fetch-build.sh $(REAL_CACHE) || echo "real: some builds failed"
	@sh tests/real/run-real.sh "$(PEEK)" $(REAL_CACHE) $(B)/results/real.txt $(B)/tests/real
	@cat $(B)/results/real.txt

# The same programs built for aarch64, under $(PEEK) -> real-aarch64.txt.
real-aarch64-check:
	@GUEST=aarch64 GUEST_CC="$(GUEST_CC_aarch64)" sh tests/real/fetch-build.sh $(REAL_CACHE) || \
		echo "real: some aarch64 builds failed"
	@sh tests/real/run-real.sh "$(PEEK)" $(REAL_CACHE) $(B)/results/real-aarch64.txt \
		$(B)/tests/real-aarch64 aarch64
	@cat $(B)/results/real-aarch64.txt

# Debian's own arm64 coreutils, dynamically linked against Debian's arm64
# libc unpacked as the sysroot, against the host's coreutils.
real-debian-arm64-check: $(filter $(B)/peek,$(PEEK))
	@sh tests/real/debian-arm64.sh "$(PEEK)" $(REAL_CACHE) $(B)/results/real-debian-arm64.txt \
		$(B)/tests/real-debian-arm64

CHECKS += real-check real-aarch64-check real-debian-arm64-check
.PHONY: real-build real-check real-aarch64-check real-debian-arm64-check
