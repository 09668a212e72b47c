#!/bin/sh
# The bare-metal part of make bench-system: peek-system-riscv64 against
# qemu-system-riscv64 7.2 (the same machine: -cpu rv64,h=false), best of
# BENCH_RUNS (3) wall-clock seconds and CPU seconds, on a sieve that runs
# in M-mode without firmware (Linux's boot and workloads are
# bench/system-bench.sh's). Usage: run.sh BUILD_DIR.
B=$1
RUNS=${BENCH_RUNS:-3}
PEEK=$B/peek-system-riscv64
QEMU="qemu-system-riscv64 -M virt -cpu rv64,h=false"
best() {    # command...: "wall cpu" of the fastest run
    bw=999999; bc=0
    for i in $(seq 1 $RUNS); do
        /usr/bin/time -f "%e %U %S" -o $B/bench-system.time "$@" -nographic < /dev/null > /dev/null 2>&1
        set -- "$@"
        read w u s < $B/bench-system.time
        if [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; bc=$(echo "$u + $s" | bc); fi
    done
    echo "$bw $bc"
}
row() {     # name, then the arguments both get
    name=$1; shift
    q=$(best $QEMU "$@"); p=$(best $PEEK "$@")
    set -- $q $p
    printf "%-24s %8s %8s %8s %8s %7.2fx\n" "$name" $1 $2 $3 $4 $(echo "$1 / $3" | bc -l)
}
printf "%-24s %8s %8s %8s %8s %8s\n" "" "qemu s" "qemu cpu" "peek s" "peek cpu" "speedup"
row "bare-metal sieve" -bios none -kernel $B/bench/system/sieve.elf
