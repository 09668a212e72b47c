# system-check's plugin tests on plugins.elf (a run whose counts are the
# same every time; plugins.c works them out), sourced by run.sh with its
# variables and pass/fail. Three kinds of check:
#  - QEMU 7.2's own plugin .so under qemu-system-riscv64 and under
#    peek-system: the same report (peek's plugin API in system mode);
#  - peek's plugin (plugins/) under peek-system against QEMU's plugin of the
#    same name under qemu-system-riscv64: the same numbers, where QEMU 7.2
#    has the plugin;
#  - traps, cache cores and lockstep against counts worked out by hand.
# QEMU 7.2 names some regions "anon" and a pointer (the UART, the RTC, each
# virtio-mmio slot), so its device names are compared only for the
# others; pattern=on identifies each register by its physical address.
PE=$T/plugins.elf
OURS=$B/plugins
pl_run() {                      # LOG EMULATOR-WORDS... : plugin log in LOG
    log=$1; shift
    timeout 60 "$@" -nographic -bios none -kernel $PE -d plugin -D "$log" > /dev/null 2>&1 < /dev/null
}
pl_same() {                     # NAME FILE-A FILE-B
    if [ ! -s "$2" ]; then
        fail "$1" "empty report $(basename "$2")"
    elif cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "reports differ: $(diff "$2" "$3" | grep '^[<>]' | head -2 | tr '\n' ' ')"
    fi
}
L=$T/pl
# execlog's lines without the reset ROM's, the opcode (QEMU 7.2's plugin
# prints 4 bytes from the pc for a 2-byte instruction too) and the
# disassembly (each emulator's own)
el_norm() {
    grep -v '^0, 0x[0-9a-f]\{1,7\},' "$1" | sed 's/^\([0-9]*, 0x[0-9a-f]*\), 0x[0-9a-f]*, "[^"]*"/\1/
        s/, \(anon[0-9a-f]*\|serial\|goldfish_rtc\|virtio-mmio\)$/, anon/'
}
# hwprofile's register lines, those of one key added up: QEMU 7.2 makes a
# device of each virtio-mmio slot (each its own "anon" name), peek one of
# all eight, so that source=on lists one pc under eight devices or one
hw_lines() {
    grep '^ ' "$1" | awk -F', ' '{ r[$1] += $3; w[$1] += $5
        if ($2 > rm[$1]) rm[$1] = $2; if ($4 > wm[$1]) wm[$1] = $4 }
        END { for (k in r) print k ", " rm[k] + 0 ", " r[k] ", " wm[k] + 0 ", " w[k] }' | sort
}

if ! command -v qemu-system-riscv64 > /dev/null || [ ! -f $QP/libhwprofile.so ]; then
    fail plugins "qemu-system-riscv64 or QEMU's plugins ($QP) missing"
else
    # QEMU's .so under both. Reset-ROM addresses (below RAM) are left out
    # of execlog: QEMU 7.2 gives the ROM's physical address as its place
    # among its RAM blocks (0x8001000), peek its address on the bus.
    for p in hwprofile,pattern=on bb,idle=on mem,haddr=on,callback=on hotpages,io=on cache execlog; do
        name=${p%%,*} args=${p#$name}
        pl_run $L-q-$name.q $QEMU -plugin $QP/lib$name.so$args
        pl_run $L-q-$name.p $PEEK -plugin $QP/lib$name.so$args
        for f in $L-q-$name.q $L-q-$name.p; do
            case $name in
            hwprofile) grep '^ ' $f | sort ;;
            hotpages) sort $f ;;
            cache) head -2 $f ;;
            execlog) el_norm $f ;;
            *) cat $f ;;
            esac > $f.n
        done
        pl_same plugin-qemu-so-$name $L-q-$name.q.n $L-q-$name.p.n
    done

    # ours against QEMU's (the QEMU runs above, and a few more)
    pl_run $L-hw.o $PEEK -plugin $OURS/libhwprofile.so,pattern=on
    grep '^ ' $L-hw.o | sort > $L-hw.o.n
    pl_same plugin-hwprofile-pattern $L-q-hwprofile.q.n $L-hw.o.n
    # the same on the IR interpreter
    pl_run $L-hwi.o $PEEK -accel interp -plugin $OURS/libhwprofile.so,pattern=on
    grep '^ ' $L-hwi.o | sort > $L-hwi.o.n
    pl_same plugin-hwprofile-pattern-interp $L-q-hwprofile.q.n $L-hwi.o.n
    pl_run $L-hws.q $QEMU -plugin $QP/libhwprofile.so,source=on
    pl_run $L-hws.o $PEEK -plugin $OURS/libhwprofile.so,source=on
    hw_lines $L-hws.q > $L-hws.q.n
    hw_lines $L-hws.o > $L-hws.o.n
    pl_same plugin-hwprofile-source $L-hws.q.n $L-hws.o.n
    # track=: QEMU 7.2 counts both kinds under either setting (its filter
    # reaches only the columns printed), so ours is held against the
    # matching pair of QEMU's unfiltered columns, registers never accessed
    # that way left out
    for kind in read write; do
        pl_run $L-hwt-$kind.o $PEEK -plugin $OURS/libhwprofile.so,pattern=on,track=$kind
        grep '^ ' $L-hwt-$kind.o | sort > $L-hwt-$kind.o.n
        if [ $kind = read ]; then
            awk -F', ' '$3 != 0 { print $1 ", " $2 ", " $3 }' $L-q-hwprofile.q.n
        else
            awk -F', ' '$5 != 0 { print $1 ", " $4 ", " $5 }' $L-q-hwprofile.q.n
        fi > $L-hwt-$kind.q.n
        pl_same plugin-hwprofile-track-$kind $L-hwt-$kind.q.n $L-hwt-$kind.o.n
    done
    # the summary: the header, the rows of the devices QEMU names, and the
    # totals of all rows
    pl_run $L-hwsum.q $QEMU -plugin $QP/libhwprofile.so
    pl_run $L-hwsum.o $PEEK -plugin $OURS/libhwprofile.so
    for f in $L-hwsum.q $L-hwsum.o; do
        { head -1 $f; grep '^riscv' $f | sort
          awk -F', ' 'NR > 1 { r += $4; w += $6 } END { print "reads " r " writes " w }' $f; } > $f.n
    done
    pl_same plugin-hwprofile $L-hwsum.q.n $L-hwsum.o.n

    # bb idle=on: the same "Idling" line (one wfi that waits), and the
    # totals QEMU's prints per CPU
    pl_run $L-bb.o $PEEK -plugin $OURS/libbb.so,idle=on
    sed 's/^CPU0: //' $L-q-bb.q > $L-bb.q.n
    pl_same plugin-bb-idle $L-bb.q.n $L-bb.o
    # mem hwaddr=on: all accesses, and those to devices
    pl_run $L-mem.o $PEEK -plugin $OURS/libmem.so,hwaddr=on
    sed 's/^callback //' $L-q-mem.q > $L-mem.q.n
    pl_same plugin-mem-hwaddr $L-mem.q.n $L-mem.o
    # hotpages io=on: the device pages
    # (QEMU 7.2's loop never prints the last of its sorted pages, one of
    # those accessed least, which one depending on its hash order; ours
    # prints them all: the pages accessed least are left out of both, and
    # ours must have one page more)
    pl_run $L-hp.o $PEEK -plugin $OURS/libhotpages.so,io=on
    for f in $L-q-hotpages.q.n $L-hp.o; do
        awk -F', ' 'NR == FNR { if (/^0x/ && (min == "" || $3 + $5 < min)) min = $3 + $5; next }
            !/^0x/ || $3 + $5 > min' $f $f | sort > $f.hot
    done
    pl_same plugin-hotpages-io $L-q-hotpages.q.n.hot $L-hp.o.hot
    if [ $(($(wc -l < $L-hp.o) - $(wc -l < $L-q-hotpages.q.n))) -ne 1 ]; then
        fail plugin-hotpages-io-pages "$(wc -l < $L-hp.o) lines against QEMU's $(wc -l < $L-q-hotpages.q.n)"
    fi
    # cache: the per-core row (QEMU's instruction tables give host
    # addresses, so only the counts compare)
    pl_run $L-cache.o $PEEK -plugin $OURS/libcache.so
    head -2 $L-cache.o > $L-cache.o.n
    pl_same plugin-cache $L-q-cache.q.n $L-cache.o.n
    # execlog: every instruction, its accesses with physical address and
    # device (the disassembly is each emulator's own)
    pl_run $L-el.o $PEEK -plugin $OURS/libexeclog.so
    el_norm $L-el.o > $L-el.o.n
    pl_same plugin-execlog $L-q-execlog.q.n $L-el.o.n
fi

# traps (QEMU 7.2 has no discontinuity callbacks): plugins.c's 2
# interrupts and 5 exceptions, no host call
pl_run $L-traps.o $PEEK -plugin $OURS/libtraps.so
printf 'vcpu, interrupts, exceptions, host calls\n0, 2, 5, 0\n' > $L-traps.want
pl_same plugin-traps $L-traps.want $L-traps.o
pl_run $L-traps-interp.o $PEEK -accel interp -plugin $OURS/libtraps.so
pl_same plugin-traps-interp $L-traps.want $L-traps-interp.o

# cache cores: by default one core per hart (hart 1 parks in a loop,
# so its counts vary: only the rows' names are checked); cores=1 folds them
pl_run $L-cores.o $PEEK -smp 2 -plugin $OURS/libcache.so
pl_run $L-cores1.o $PEEK -smp 2 -plugin $OURS/libcache.so,cores=1
got="$(sed -n '2,4s/ .*//p' $L-cores.o | tr '\n' ' ')/$(sed -n '2,3s/ .*//p' $L-cores1.o | tr '\n' ' ')"
if [ "$got" = "0 1 sum /0 " ]; then
    pass plugin-cache-cores
else
    fail plugin-cache-cores "rows '$got', want '0 1 sum /0 '"
fi

# lockstep between two peek-system instances: the same program agrees
# to the end, block for block; another program diverges
lockstep() {                    # NAME KERNEL-OF-THE-SECOND
    rm -f $L.sock
    timeout 60 $PEEK -nographic -bios none -kernel $PE -plugin $OURS/liblockstep.so,sockpath=$L.sock \
        -d plugin -D $L-$1.a > /dev/null 2>&1 < /dev/null &
    first=$!
    i=0
    while [ ! -S $L.sock ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    timeout 60 $PEEK -nographic -bios none -kernel $2 -plugin $OURS/liblockstep.so,sockpath=$L.sock \
        -d plugin -D $L-$1.b > /dev/null 2>&1 < /dev/null
    wait $first
    rm -f $L.sock
}
lockstep same $PE
if grep -q 'No divergence' $L-same.a && grep -q 'No divergence' $L-same.b &&
   [ "$(grep '^Executed' $L-same.a)" = "$(grep '^Executed' $L-same.b)" ]; then
    pass plugin-lockstep-same
else
    fail plugin-lockstep-same "$(tail -n 3 $L-same.b | tr '\n' ' ')"
fi
lockstep diverge $T/priv.elf
if grep -q '^@ 0x' $L-diverge.b && ! grep -q 'No divergence' $L-diverge.b; then
    pass plugin-lockstep-diverge
else
    fail plugin-lockstep-diverge "no divergence found: $(tail -n 3 $L-diverge.b | tr '\n' ' ')"
fi
