#!/bin/bash
# Runs fpu_cases.c builds against the reference output and prints the
# PASS/FAIL lines compare.awk makes of them.
#   run.sh REF.gz TAG COMMAND [TAG COMMAND]...
# REF.gz is the gzipped output of the guest build under the oracle
# (qemu-riscv64); when it is missing every TAG is reported as skipped.
# COMMAND is word-split, so "peek build/tests/guest/riscv64/fpu/fpu-guest" works too.
ref=$1
shift
here=$(dirname "$0")
while [ $# -ge 2 ]; do
    tag=$1 cmd=$2
    shift 2
    if [ ! -f "$ref" ]; then
        echo "SKIP $tag: no reference output (is qemu-riscv64 installed?)"
        continue
    fi
    paste -d'|' <(gzip -dc "$ref") <($cmd) | awk -F'|' -v tag="$tag" -f "$here/compare.awk"
done
