#!/bin/sh
# The linux-user suite: guest programs under peek compared with their native
# x86-64 builds (output and exit status; errno.c: the errno of every syscall
# given bad arguments), -strace and -d unimp output, the
# loader's messages for bad program files, and a host unit test of the
# memory map.
# Prints one "PASS name" or "FAIL name: why" line per case.
#   run.sh PEEK DIR    (DIR holds the programs built by tests/user/user.mk)
#   PLUGIN=lib.so      a plugin that reports "total insns: N" at exit
peek=$(realpath "$1")
d=$(realpath "$2")
# backends-check runs this on the same DIR with PEEK_ACCEL=interp, maybe
# while user-check runs it and logs.sh (which uses $d/tmp/logs) there too
tmp=$d/tmp${PEEK_ACCEL:+-$PEEK_ACCEL}
rm -rf "$tmp"
mkdir -p "$tmp"

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# compare NAME GUEST NATIVE ARGS...: same stdout+stderr and exit status.
compare() {
    name=$1 g=$2 n=$3
    shift 3
    (cd "$tmp" && PEEK_TEST_VAR=v1 "$n" "$@" > "$tmp/$name.native" 2>&1; echo "exit $?" >> "$tmp/$name.native")
    (cd "$tmp" && PEEK_TEST_VAR=v1 timeout 120 "$peek" "$g" "$@" > "$tmp/$name.peek" 2>&1; echo "exit $?" >> "$tmp/$name.peek")
    if cmp -s "$tmp/$name.native" "$tmp/$name.peek"; then
        pass "$name"
    else
        fail "$name" "differs from native: $(diff "$tmp/$name.native" "$tmp/$name.peek" | grep '^[<>]' | head -4 | tr '\n' ' ')"
    fi
}

# The memory map on its own (host unit test, prints its own lines).
"$d/memcheck" || fail user-memcheck "the memory-map unit test exited with status $? (its own lines may be missing)"

compare user-files "$d/files-s" "$d/files-x"
compare user-mem "$d/mem-s" "$d/mem-x"
compare user-io "$d/io-s" "$d/io-x"
compare user-smc "$d/smc-s" "$d/smc-x"
compare user-unaligned "$d/unaligned-s" "$d/unaligned-x"
compare user-errno-order "$d/errno-s" "$d/errno-x"
compare user-proc-static "$d/proc-s" "$d/proc-x" one 'two words' ''
compare user-proc-dynamic "$d/proc-d" "$d/proc-x" one 'two words' ''
compare user-ipc "$d/ipc-s" "$d/ipc-x"
compare user-fdops "$d/fdops-s" "$d/fdops-x"
compare user-procops "$d/procops-s" "$d/procops-x"
compare user-procmem "$d/procmem-s" "$d/procmem-x"

# /proc/self/mem and friends under a plugin: the guest's lines as natively,
# then the plugin's report, so peek and the plugin both lived to the end.
if [ -n "$PLUGIN" ]; then
    plugin=$(realpath "$PLUGIN")
    (cd "$tmp" && timeout 120 "$peek" -plugin "$plugin" -d plugin "$d/procmem-s" \
        > "$tmp/procmem.plugin" 2>&1; echo "exit $?" >> "$tmp/procmem.plugin")
    grep -v '^exit ' "$tmp/user-procmem.native" > "$tmp/procmem.want"
    grep -v 'insns: \|^exit ' "$tmp/procmem.plugin" > "$tmp/procmem.got"
    if cmp -s "$tmp/procmem.want" "$tmp/procmem.got" && grep -q '^total insns: [1-9]' "$tmp/procmem.plugin" &&
       grep -q '^exit 42$' "$tmp/procmem.plugin"; then
        pass user-procmem-plugin
    else
        fail user-procmem-plugin "$(diff "$tmp/procmem.want" "$tmp/procmem.got" | grep '^[<>]' | head -3 | tr '\n' ' ')$(tail -2 "$tmp/procmem.plugin" | tr '\n' ' ')"
    fi
fi

# peek's own descriptors. fds closes everything from 3 up and tries every
# fd-taking call on the fds just above its limit, where peek keeps the -D
# log: its output must match native, and the log must hold the plugin's
# report and nothing else. fdfork runs 17 processes (16 fork+exec) under a
# plugin: each report must reach the log, in one file or one per pid (%d).
plugin=$(dirname "$peek")/plugins/libinsn.so
# reports FILE...: the number of whole insn reports in the files, or "bad"
# if any holds another line.
reports() {
    if grep -qvE '^(cpu [0-9]+ insns: [0-9]+|total insns: [1-9][0-9]*)$' "$@"; then
        echo bad
    else
        cat "$@" | grep -c '^total insns: '
    fi
}
(cd "$tmp" && "$d/fds-x" > "$tmp/fds.native" 2>&1; echo "exit $?" >> "$tmp/fds.native")
rm -f "$tmp/fds.log"
(cd "$tmp" && timeout 120 "$peek" -plugin "$plugin" -d plugin -D "$tmp/fds.log" "$d/fds-s" \
    > "$tmp/fds.peek" 2>&1; echo "exit $?" >> "$tmp/fds.peek")
if cmp -s "$tmp/fds.native" "$tmp/fds.peek"; then
    pass user-fds-hidden
else
    fail user-fds-hidden "differs from native: $(diff "$tmp/fds.native" "$tmp/fds.peek" | grep '^[<>]' | head -4 | tr '\n' ' ')"
fi
n=$(reports "$tmp/fds.log" 2>&1)
if [ "$n" = 1 ]; then pass user-fds-log-intact; else fail user-fds-log-intact "$n reports in the -D log: $(head -c 200 "$tmp/fds.log" | tr '\n' ' ')"; fi
rm -rf "$tmp/fk" && mkdir -p "$tmp/fk"
(cd "$tmp" && timeout 120 "$peek" -plugin "$plugin" -d plugin -D fk/one.log "$d/fdfork-s" > "$tmp/fk/out1" 2>&1)
(cd "$tmp" && timeout 120 "$peek" -plugin "$plugin" -d plugin -D fk/pid.%d "$d/fdfork-s" > "$tmp/fk/out2" 2>&1)
n=$(reports "$tmp/fk/one.log" 2>&1)
if [ "$n" = 17 ] && grep -q '^16 of 16 children exited 0$' "$tmp/fk/out1"; then
    pass user-fds-fork-exec-log
else
    fail user-fds-fork-exec-log "$n of 17 reports in one -D file; $(head -c 100 "$tmp/fk/out1")"
fi
files=$(ls "$tmp/fk" | grep -c '^pid\.[0-9][0-9]*$')
n=$(reports "$tmp"/fk/pid.* 2>&1)
if [ "$files" = 17 ] && [ "$n" = 17 ] && [ ! -e "$tmp/fk/pid.%d" ] && grep -q '^16 of 16 children exited 0$' "$tmp/fk/out2"; then
    pass user-fds-fork-exec-log-per-pid
else
    fail user-fds-fork-exec-log-per-pid "$files files named by pid, $n of 17 reports; $(head -c 100 "$tmp/fk/out2")"
fi

# -strace: the calls, their arguments and results, in qemu's style.
(cd "$tmp" && timeout 60 "$peek" -strace "$d/strace-s" > "$tmp/strace.out" 2> "$tmp/strace.err"; echo "exit $?" >> "$tmp/strace.out")
check_strace() {
    if grep -Eq "$2" "$tmp/strace.err"; then pass "$1"; else fail "$1" "no line matching '$2' in -strace output"; fi
}
check_strace user-strace-write '^[0-9]+ write\(1,0x[0-9a-f]+,13\) = 13$'
check_strace user-strace-error '^[0-9]+ openat\(AT_FDCWD,"/nonexistent/peek",O_RDONLY\) = -1 errno=2 \(No such file or directory\)$'
check_strace user-strace-unknown '^[0-9]+ Unknown syscall 999$'
check_strace user-strace-exit '^[0-9]+ exit_group\(7\)$'
check_strace user-strace-io-uring '^[0-9]+ io_uring_setup\(1,NULL\) = -1 errno=38 \(Function not implemented\)$'

# -strace against qemu-user ($QEMU, the same guest) on straceq: the lines
# from its getppid() marker to exit_group, with pids and addresses
# normalised. What QEMU 7.2 gets wrong is left out of the comparison: the
# register it prints as a fourth argument of faccessat/fchmodat (they have
# three), rt_sigreturn's registers, and for aarch64 its raw -100 for
# AT_FDCWD and the generic O_LARGEFILE value (the O_DIRECTORY line is
# checked on its own: the names of the flags the program passed).
strace_lines() {
    awk '/ getppid\(\)/ { n = 1 } n && !/ rt_sigreturn\(/; / exit_group\(/ { n = 0 }' "$1" |
    sed -E 's/^[0-9]+ //; s/0x[0-9a-f]{16}/ADDR/g; s/^(read|write)\(([0-9]+),0x[0-9a-f]+,/\1(\2,ADDR,/
        s/(si_pid|si_uid)=[0-9]+/\1=N/g; s/(getpid|gettid|getppid)\(\) = [0-9]+/\1() = N/
        s/^tgkill\([0-9]+,[0-9]+,/tgkill(N,N,/; s/^((faccessat|fchmodat)\(.*),0x[0-9a-f]+\)/\1)/
        s/^([a-z_]+)\(-100,/\1(AT_FDCWD,/' | grep -v '^openat(AT_FDCWD,"\.",'
}
if [ -n "$QEMU" ] && command -v "$QEMU" > /dev/null; then
    (cd "$tmp" && timeout 60 "$QEMU" -strace "$d/straceq-s" < /dev/null > /dev/null 2> "$tmp/sq.qemu")
    (cd "$tmp" && timeout 60 "$peek" -strace "$d/straceq-s" < /dev/null > /dev/null 2> "$tmp/sq.peek")
    strace_lines "$tmp/sq.qemu" > "$tmp/sq.qemu.n"
    strace_lines "$tmp/sq.peek" > "$tmp/sq.peek.n"
    if [ "$(wc -l < "$tmp/sq.qemu.n")" -gt 25 ] && cmp -s "$tmp/sq.qemu.n" "$tmp/sq.peek.n"; then
        pass user-strace-qemu
    else
        fail user-strace-qemu "differs from $QEMU: $(diff "$tmp/sq.qemu.n" "$tmp/sq.peek.n" | grep '^[<>]' | head -4 | tr '\n' ' ')"
    fi
    if grep -q '^[0-9]* openat(AT_FDCWD,"\.",O_RDONLY|O_DIRECTORY|O_NOFOLLOW) = 3$' "$tmp/sq.peek"; then
        pass user-strace-open-flags
    else
        fail user-strace-open-flags "$(grep 'openat(AT_FDCWD,"\."' "$tmp/sq.peek")"
    fi
else
    fail user-strace-qemu "no qemu-user for this guest (QEMU='$QEMU')"
fi

# A call that blocks shows while it blocks: straceq with an argument reads
# a byte from a FIFO first; the read must be in the log before the byte is
# written (up to 20 s), and its result after.
rm -f "$tmp/sq.fifo" && mkfifo "$tmp/sq.fifo"
exec 3<> "$tmp/sq.fifo"
(cd "$tmp" && timeout 60 "$peek" -strace "$d/straceq-s" wait < "$tmp/sq.fifo" > /dev/null 2> "$tmp/sq.block") &
sqpid=$!
i=0
while [ $i -lt 200 ] && ! grep -q '^[0-9]* read(0,0x[0-9a-f]*,1)$' "$tmp/sq.block" 2> /dev/null; do
    sleep 0.1
    i=$((i + 1))
done
if grep -q '^[0-9]* read(0,0x[0-9a-f]*,1)$' "$tmp/sq.block"; then blocked=yes; else blocked=no; fi
printf x >&3
wait $sqpid
exec 3>&-
if [ $blocked = yes ] && grep -q '^[0-9]* read(0,0x[0-9a-f]*,1) = 1$' "$tmp/sq.block"; then
    pass user-strace-blocked-read
else
    fail user-strace-blocked-read "the read was not logged while blocked ($(head -c 300 "$tmp/sq.block" | tr '\n' ' '))"
fi
if grep -q '^syscall(999) = -1 errno ENOSYS$' "$tmp/strace.out" && grep -q '^exit 7$' "$tmp/strace.out"; then
    pass user-enosys-exit-status
else
    fail user-enosys-exit-status "$(tr '\n' ' ' < "$tmp/strace.out")"
fi
(cd "$tmp" && timeout 60 "$peek" -d unimp "$d/strace-s" > /dev/null 2> "$tmp/unimp.err")
if grep -q '^Unsupported syscall: 999$' "$tmp/unimp.err"; then pass user-log-unimp; else fail user-log-unimp "no 'Unsupported syscall: 999' line"; fi
# Asynchronous I/O: ENOSYS, as from a kernel without it, and named in the log.
if grep -q '^Unsupported syscall: io_uring_setup$' "$tmp/unimp.err" &&
    grep -q '^Unsupported syscall: io_setup$' "$tmp/unimp.err" &&
    grep -q '^io_uring_setup = -1 errno ENOSYS$' "$tmp/strace.out" &&
    grep -q '^io_setup = -1 errno ENOSYS$' "$tmp/strace.out"; then
    pass user-log-unimp-aio
else
    fail user-log-unimp-aio "$(grep -v '^Unsupported syscall: 999$' "$tmp/unimp.err" | tr '\n' ' ')"
fi

# Bad program files: exactly one line "peek: <path>: <problem>", exit 1.
bad() {
    name=$1 file=$2 want=$3
    timeout 20 "$peek" "$file" > "$tmp/bad.out" 2> "$tmp/bad.err"
    st=$?
    got=$(cat "$tmp/bad.err")
    if [ $st -eq 1 ] && [ "$got" = "peek: $file: $want" ] && [ ! -s "$tmp/bad.out" ]; then
        pass "$name"
    else
        fail "$name" "exit $st, stderr '$got', wanted 'peek: $file: $want'"
    fi
}
# patch FILE OFFSET OCTAL-BYTE: overwrite one byte in place.
patch() { printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
: > "$tmp/empty"
echo "just some text" > "$tmp/text"
cp "$d/strace-s" "$tmp/elf32" && patch "$tmp/elf32" 4 001
cp "$d/strace-s" "$tmp/elfbe" && patch "$tmp/elfbe" 5 002
cp "$d/strace-s" "$tmp/elfrel" && patch "$tmp/elfrel" 16 001
head -c 100 "$d/strace-s" > "$tmp/shortph"
head -c 40 "$d/strace-s" > "$tmp/shorthdr"
bad user-elf-missing "$tmp/missing" "No such file or directory"
bad user-elf-directory "$tmp" "Is a directory"
bad user-elf-empty "$tmp/empty" "not an ELF file"
bad user-elf-text "$tmp/text" "not an ELF file"
bad user-elf-32bit "$tmp/elf32" "32-bit ELF files are not supported"
bad user-elf-bigendian "$tmp/elfbe" "big-endian ELF files are not supported"
bad user-elf-x86-64 "$d/files-x" "unsupported machine 62 (x86-64)"
bad user-elf-not-exec "$tmp/elfrel" "not an executable (ELF type 1)"
bad user-elf-truncated-phdrs "$tmp/shortph" "truncated program headers"
bad user-elf-truncated-header "$tmp/shorthdr" "truncated ELF header"

# The loader alone, on valid programs (tests/fuzz runs it on mutated ones).
for p in strace-s proc-d; do
    if "$d/loadcheck" "$d/$p" > "$tmp/lc.out" 2>&1 && grep -q '^loaded$' "$tmp/lc.out"; then
        pass "user-loader-$p"
    else
        fail "user-loader-$p" "$(tr '\n' ' ' < "$tmp/lc.out")"
    fi
done
