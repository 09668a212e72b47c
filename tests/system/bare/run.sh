#!/bin/sh
# system-check: each bare-metal program under peek-system-riscv64 and
# under qemu-system-riscv64 7.2 (the oracle, with the hypervisor extension
# off as peek has none): the same output (lines of the programs' own spec
# checks left out, where QEMU departs from the spec), and peek's run ends
# with the test device's PASS (exit 0). Then OpenSBI: its boot log and an
# S-mode payload's SBI calls, ending in an SBI shutdown; and bad command
# lines. Usage: run.sh BUILD_DIR; PASS/FAIL lines on stdout.
B=$1
PEEK=$B/peek-system-riscv64
T=$B/tests/system/bare
QEMU="qemu-system-riscv64 -M virt -cpu rv64,h=false -nographic"
pass() { echo "PASS system/$1"; }
fail() { echo "FAIL system/$1: $2"; }

# name, then the common arguments of both runs. With NORMALIZE set, a sed
# script applied to both outputs first.
compare() {
    name=$1; shift
    timeout 60 $PEEK -nographic "$@" > $T/$name.peek 2>&1 < /dev/null
    st=$?
    if ! command -v qemu-system-riscv64 > /dev/null; then
        fail $name "qemu-system-riscv64 is not installed (scripts/deps.sh)"
        return
    fi
    while :; do
        case "$1 $2" in "-accel interp"* | "-superblocks always"*) shift 2 ;; *) break ;; esac
    done
    timeout 60 $QEMU "$@" < /dev/null 2>&1 | grep -v '^spec' > $T/$name.qemu
    if [ -n "$NORMALIZE" ]; then
        sed -i "$NORMALIZE" $T/$name.peek $T/$name.qemu
    fi
    if [ $st -ne 0 ]; then
        fail $name "peek-system exited with $st: $(grep '^spec' $T/$name.peek | head -1)"
    elif ! diff -u $T/$name.qemu $T/$name.peek > $T/$name.diff; then
        fail $name "output differs from qemu-system-riscv64's: $(sed -n 4,5p $T/$name.diff | tr '\n' ' ')"
    else
        pass $name
    fi
}

# on the JIT (the default) and on the IR interpreter (qemu runs without
# that option; -accel tcg is its own default)
for t in priv paging timer pmp xpage ldsite; do
    compare $t -accel tcg -bios none -kernel $T/$t.elf
    compare $t-interp -accel interp -bios none -kernel $T/$t.elf
done
# every block a superblock from the start (-superblocks always: one that
# goes on past its conditional branches, the guest registers kept in host
# registers), on both backends: longer blocks that run into remapped and
# rewritten pages, and a block's loads through the TLB after side exits
for t in paging xpage ldsite; do
    compare $t-sb -superblocks always -bios none -kernel $T/$t.elf
    compare $t-sb-interp -superblocks always -accel interp -bios none -kernel $T/$t.elf
done
# SMP (four harts): one host thread each, and all on one thread in turn
# (QEMU runs the same -accel tcg,thread=single)
compare smp -smp 4 -bios none -kernel $T/smp.elf
compare smp-single -accel tcg,thread=single -smp 4 -bios none -kernel $T/smp.elf
compare smp-single-interp -accel interp,thread=single -smp 4 -bios none -kernel $T/smp.elf
# the device tree's ISA string names Zihintpause, as QEMU's does (Linux's
# spin loops then use pause, where a hart yields its host thread)
$PEEK -M virt,dumpdtb=$T/isa.peek.dtb -nographic > /dev/null 2>&1 < /dev/null
qemu-system-riscv64 -M virt,dumpdtb=$T/isa.qemu.dtb -nographic > /dev/null 2>&1 < /dev/null
pi=$(fdtget $T/isa.peek.dtb /cpus/cpu@0 riscv,isa 2> /dev/null)
qi=$(fdtget $T/isa.qemu.dtb /cpus/cpu@0 riscv,isa 2> /dev/null)
if [ "${qi#*_zifencei_zihintpause_}" = "$qi" ]; then
    fail isa-zihintpause "QEMU's riscv,isa '$qi' has no _zifencei_zihintpause_"
elif [ "${pi#*_zifencei_zihintpause_}" = "$pi" ]; then
    fail isa-zihintpause "riscv,isa '$pi' has no _zifencei_zihintpause_ (QEMU's: '$qi')"
else
    pass isa-zihintpause
fi

# store slots and code, two harts (threads: the slot's fill fences; one
# thread in turn: it does not)
compare stsite -smp 2 -bios none -kernel $T/stsite.elf
compare stsite-single -accel tcg,thread=single -smp 2 -bios none -kernel $T/stsite.elf
compare stsite-interp -accel interp -smp 2 -bios none -kernel $T/stsite.elf
compare opensbi -bios default -kernel $T/sbi.elf
compare opensbi-interp -accel interp -bios default -kernel $T/sbi.elf
# With two harts OpenSBI draws the one that boots by lottery (an atomic
# swap in sbi_init, which ever hart gets there first), so which hart it
# names is left out; QEMU's hart 0 usually wins, peek's threads vary.
NORMALIZE='s/^\(Domain0 Boot HART\|Boot HART ID\) *: [01]/\1: N/; s/^S-mode payload: hart 000000000000000[01]/S-mode payload: hart N/'
compare opensbi-smp2 -smp 2 -bios default -kernel $T/sbi.elf
compare opensbi-smp2-single -accel tcg,thread=single -smp 2 -bios default -kernel $T/sbi.elf
NORMALIZE=

# A hart polling with wfi while an interrupt it does not take stays
# pending backs off until kicked (wfipoll.S says how it checks). peek's
# own behaviour, not compared: qemu-system-riscv64 polls flat out.
for accel in tcg interp; do
    out=$(timeout 60 $PEEK -nographic -M virt -smp 2 -bios none -accel $accel -kernel $T/wfipoll.elf < /dev/null 2>&1)
    st=$?
    if [ $st -eq 0 ] && [ "$out" = "wfipoll: few polls, woken by the IPI" ]; then
        pass wfipoll-$accel
    else
        fail wfipoll-$accel "status $st: $(echo "$out" | head -1)"
    fi
done

# thread=single with -icount: the harts take turns at the same
# instructions every run, so which tickets each hart of smp.c drew (an
# interleaving over several time slices) is the same on every run, and
# on both backends
sig_run() {
    timeout 60 $PEEK -nographic -smp 4 -icount shift=0 -accel $1,thread=single -bios none -kernel $T/smp-sig.elf \
        < /dev/null 2>&1
}
a=$(sig_run tcg); b=$(sig_run tcg); c=$(sig_run interp)
if [ "$(echo "$a" | grep -c 'ticket signature')" -ne 4 ] || ! echo "$a" | grep -q 'ticket sum right = 0x0*1$'; then
    fail smp-single-icount "no signatures: $(echo "$a" | head -2 | tr '\n' ' ')"
elif [ "$a" != "$b" ] || [ "$a" != "$c" ]; then
    fail smp-single-icount "runs differ: $(printf '%s\n' "$a" "$b" "$c" | grep signature | sort | uniq -c | head -3 | tr '\n' ' ')"
else
    pass smp-single-icount
fi

# A guest reboot (SBI SRST, OpenSBI writes the test device's reset code):
# with -no-reboot peek exits 0 after it, as QEMU; without, the machine
# starts over (the banner again) until killed
timeout 60 $PEEK -nographic -no-reboot -kernel $T/sbi-reboot.elf > $T/reboot.out 2>&1 < /dev/null
st=$?
if [ $st -eq 0 ] && [ "$(grep -c 'OpenSBI v' $T/reboot.out)" -eq 1 ] && grep -q 'S-mode payload' $T/reboot.out; then
    pass no-reboot
else
    fail no-reboot "status $st, $(grep -c 'OpenSBI v' $T/reboot.out) banners"
fi
timeout 5 $PEEK -nographic -kernel $T/sbi-reboot.elf > $T/reboot2.out 2>&1 < /dev/null
if [ "$(grep -c 'OpenSBI v' $T/reboot2.out)" -ge 2 ]; then
    pass reboot
else
    fail reboot "the machine did not start over ($(grep -c 'OpenSBI v' $T/reboot2.out) banners in 5 s)"
fi

# -icount: the same counts on every run (a time-bound spin and a timer
# wait), halved (give or take 16: the loops' set-up) with one more shift
icount_run() {
    timeout 60 $PEEK -nographic -icount shift=$1 -accel $2 -bios none -kernel $T/icount.elf < /dev/null 2>&1
}
for accel in tcg interp; do
    a=$(icount_run 0 $accel); b=$(icount_run 0 $accel); c=$(icount_run 1 $accel)
    s0=$(echo "$a" | sed -n 's/^spins = //p'); s1=$(echo "$c" | sed -n 's/^spins = //p')
    w0=$(echo "$a" | sed -n 's/^waits = //p'); w1=$(echo "$c" | sed -n 's/^waits = //p')
    if [ -z "$s0" ] || [ -z "$s1" ] || [ -z "$w0" ] || [ -z "$w1" ]; then
        fail icount-$accel "no counts: $(echo "$a" | head -2 | tr '\n' ' ')"
    elif [ "$a" != "$b" ]; then
        fail icount-$accel "two runs differ: $(echo "$a" | head -1) / $(echo "$b" | head -1)"
    elif [ $(( (s0 / 2 - s1) * (s0 / 2 - s1) )) -gt 256 ] || [ $(( (w0 / 2 - w1) * (w0 / 2 - w1) )) -gt 256 ]; then
        fail icount-$accel "shift 1 does not halve the counts: $s0 -> $s1, $w0 -> $w1"
    else
        pass icount-$accel
    fi
done

# QEMU 7.2's own plugins (built from Debian's qemu source by
# bench/qemu-plugins.sh), the same .so under both: the same counts, on a
# program whose run is deterministic (no timer, no spec difference)
QP=${QEMU_SRC_CACHE:-build-qemu-src}/plugins
# hotpages (physical pages, through the hwaddr API): its ties come out in
# hash order, so both are sorted; and QEMU 7.2 names the reset ROM's page
# by its place among its RAM blocks (0x8001000), peek by its physical
# address (0x1000): that line is left out.
for p in insn bb hotpages; do
    name=plugin-$p
    if [ ! -f $QP/lib$p.so ]; then
        fail $name "QEMU's plugin $QP/lib$p.so was not built"
        continue
    fi
    for accel in tcg interp; do
        timeout 60 $PEEK -accel $accel -nographic -bios none -kernel $T/paging.elf -plugin $QP/lib$p.so \
            -d plugin -D $T/$name.peek.log > /dev/null 2>&1 < /dev/null
        timeout 60 $QEMU -bios none -kernel $T/paging.elf -plugin $QP/lib$p.so \
            -d plugin -D $T/$name.qemu.log > /dev/null 2>&1 < /dev/null
        if [ $p = hotpages ]; then
            for f in $T/$name.qemu.log $T/$name.peek.log; do
                grep -v '^0x0000000008001000\|^0x0000000000001000' $f | sort > $f.sorted && mv $f.sorted $f
            done
        fi
        if [ ! -s $T/$name.qemu.log ]; then
            fail $name-$accel "no report from qemu-system-riscv64"
        elif cmp -s $T/$name.qemu.log $T/$name.peek.log; then
            pass $name-$accel
        else
            fail $name-$accel "report differs: $(diff $T/$name.qemu.log $T/$name.peek.log | sed -n 2,3p | tr '\n' ' ')"
        fi
    done
done

# the hardware-address API (tp_hw.c) on the stores paging.c makes through
# virtual page 0x40000000, which maps its array "pages" (where the linker
# put it, by nm) and ends up holding 0x1234; the UART is a device; the
# instruction paging.c puts at virtual 0x40006000 first is li a0, 42
pages=$(riscv64-linux-gnu-nm $T/paging.elf | sed -n 's/^0*\([0-9a-f]*\) b pages$/\1/p')
want="phys 0x$pages io 0 name RAM translated 0x$pages value 0x1234 io-accesses>0 1 io-name serial code-word 0x02a00513"
for accel in tcg interp; do
    got=$(timeout 60 $PEEK -accel $accel -nographic -bios none -kernel $T/paging.elf \
          -plugin $T/tp_hw.so,va=0x40000000,code=0x40006000 -d plugin 2>&1 < /dev/null | tail -1)
    if [ "$got" = "$want" ]; then
        pass plugin-hwaddr-$accel
    else
        fail plugin-hwaddr-$accel "got '$got', want '$want'"
    fi
done

# each store stsite.c makes through its virtual page 0x40041000 while it
# is mapped to data_a (two), then data_b (two, after sfence.vma by
# address), then data_a + 4 (after sfence.vma of everything), with no
# other access asked about in between: the physical addresses must follow
# the mapping (where the linker put the arrays, by nm; tp_hw.so uses
# qemu_plugin_translate_vaddr, which QEMU 7.2 lacks, so QEMU cannot run it)
da=$(riscv64-linux-gnu-nm $T/stsite.elf | sed -n 's/^0*\([0-9a-f]*\) b data_a$/\1/p')
db=$(riscv64-linux-gnu-nm $T/stsite.elf | sed -n 's/^0*\([0-9a-f]*\) b data_b$/\1/p')
want="store 0x$da store 0x$da store 0x$db store 0x$db store 0x$(printf %x $((0x$da + 4)))"
for accel in tcg interp; do
    got=$(timeout 60 $PEEK -accel $accel -nographic -smp 2 -bios none -kernel $T/stsite.elf \
          -plugin $T/tp_hw.so,va=0x40041000,log=on -d plugin 2>&1 < /dev/null | grep '^store' | tr '\n' ' ')
    if [ "$got" = "$want " ]; then
        pass plugin-hwaddr-remap-$accel
    else
        fail plugin-hwaddr-remap-$accel "got '$got', want '$want'"
    fi
done

# the system-mode features of the plugins, on plugins.elf
. "$(dirname "$0")/plugins.sh"

# bad command lines: one line naming the problem, status 1
bad() {
    name=$1; shift
    out=$(timeout 10 $PEEK "$@" 2>&1 < /dev/null)
    st=$?
    if [ $st -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "$want"; then
        pass "cli-$name"
    else
        fail "cli-$name" "status $st, output: $(echo "$out" | head -2 | tr '\n' ' ')"
    fi
}
want="could not open kernel '.*no-such-file'"; bad missing-kernel -bios none -kernel $T/no-such-file
want="could not open initrd '.*no-such-file'"; bad missing-initrd -bios none -kernel $T/priv.elf -initrd $T/no-such-file
want="could not open firmware '.*no-such-file'"; bad missing-bios -bios $T/no-such-file
head -c 3145728 /dev/zero > $T/big.img
want="does not fit"; bad kernel-too-big -m 2M -bios none -kernel $T/big.img
want="not a 64-bit riscv ELF"; bad kernel-x86 -bios none -kernel $PEEK
want="unknown option"; bad unknown-option -frobnicate
want="only virt"; bad machine -M sifive_u
want="invalid RAM size"; bad ram-size -m 12Q
want="no -drive"; bad device -device virtio-blk-device,drive=d0
want="unsupported device 'e1000'"; bad unknown-device -device e1000
want="unsupported property 'bogus'"; bad device-property -device virtio-rng-device,bogus=1
want="no -object rng-random or rng-builtin with id 'r9'"; bad rng-id -device virtio-rng-device,rng=r9
want="unsupported object 'rng-egd"; bad object -object rng-egd,id=r0,chardev=c0
want="rng-random: cannot open '/nonexistent/rng'"; bad rng-file -object rng-random,id=r0,filename=/nonexistent/rng \
    -device virtio-rng-device,rng=r0 -bios none -kernel $T/priv.elf
want="not a flattened device tree"; bad dtb -bios none -kernel $T/priv.elf -dtb $T/priv.peek
want="needs shift=N"; bad icount -icount shift=99
want="base= must be utc or YYYY-MM-DD"; bad rtc -rtc base=2026-13-01
want="superblocks: 'on', 'off' or 'always', not 'sometimes'"; bad superblocks -superblocks sometimes
want="clock=host is not supported"; bad rtc-clock -rtc clock=host
want="bad range"; bad dfilter -dfilter 0x1000..zz

# -perfmap names each block in /tmp/perf-PID.map; -dfilter keeps -d in_asm
# to the blocks starting in its range (priv.elf starts at 0x80000000)
timeout 60 sh -c 'echo $$ > "$1"; shift; exec "$@"' sh $T/perfmap.pid $PEEK -nographic -bios none \
    -kernel $T/priv.elf -perfmap -d in_asm -dfilter 0x80000000+4 -D $T/dfilter.log > /dev/null 2>&1 < /dev/null
map=/tmp/perf-$(cat $T/perfmap.pid).map
if grep -q ' guest-0x80000000$' $map 2> /dev/null && [ "$(grep -c guest-0x $map)" -gt 10 ]; then
    pass perfmap
else
    fail perfmap "$map: $(grep -c guest-0x $map 2> /dev/null) blocks, none at 0x80000000?"
fi
rm -f $map
if [ "$(grep -c '^IN:' $T/dfilter.log)" -eq 1 ] && grep -q '^0x0*80000000: ' $T/dfilter.log; then
    pass dfilter
else
    fail dfilter "$(grep -c '^IN:' $T/dfilter.log) blocks logged, want the one at 0x80000000"
fi
