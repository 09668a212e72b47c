# Cuts out of QEMU's decoded virt tree what peek's board does not have:
# the nodes pmu, fw-cfg, flash, platform-bus and pci (each a block from
# its "name {" line to the matching "};") and /chosen's rng-seed, which
# is random on every run.
/^\t*(pmu|fw-cfg@[0-9a-f]+|flash@[0-9a-f]+|platform-bus@[0-9a-f]+|pci@[0-9a-f]+) \{$/ {
    skip = 1; depth = 0
}
skip {
    depth += gsub(/\{/, "{"); depth -= gsub(/\}/, "}")
    if (depth == 0) { skip = 0; getline; if ($0 != "") print }
    next
}
/^\t*rng-seed = / { next }
{ print }
