#!/bin/sh
# The linux-user suite: guest programs under peek compared with their native
# x86-64 builds (output and exit status; errno.c: the errno of every syscall
# given bad arguments), -strace and -d unimp output, the
# loader's messages for bad program files, and a host unit test of the
# memory map.
# Prints one "PASS name" or "FAIL name: why" line per case.
#   run.sh PEEK DIR    (DIR holds the programs built by tests/user/user.mk)
peek=$(realpath "$1")
d=$(realpath "$2")
tmp=$d/tmp
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
compare user-errno-order "$d/errno-s" "$d/errno-x"
compare user-proc-static "$d/proc-s" "$d/proc-x" one 'two words' ''
compare user-proc-dynamic "$d/proc-d" "$d/proc-x" one 'two words' ''

# -strace: the calls, their arguments and results, in qemu's style.
(cd "$tmp" && timeout 60 "$peek" -strace "$d/strace-s" > "$tmp/strace.out" 2> "$tmp/strace.err"; echo "exit $?" >> "$tmp/strace.out")
check_strace() {
    if grep -Eq "$2" "$tmp/strace.err"; then pass "$1"; else fail "$1" "no line matching '$2' in -strace output"; fi
}
check_strace user-strace-write '^[0-9]+ write\(1,"hello strace\\n",13\) = 13$'
check_strace user-strace-error '^[0-9]+ openat\(AT_FDCWD,"/nonexistent/peek",0x0,00?\) = -1 errno=2 \(No such file or directory\)$'
check_strace user-strace-unknown '^[0-9]+ unknown syscall 999 = -1 errno=38 '
check_strace user-strace-exit '^[0-9]+ exit_group\(7\)$'
if grep -q '^syscall(999) = -1 errno ENOSYS$' "$tmp/strace.out" && grep -q '^exit 7$' "$tmp/strace.out"; then
    pass user-enosys-exit-status
else
    fail user-enosys-exit-status "$(tr '\n' ' ' < "$tmp/strace.out")"
fi
(cd "$tmp" && timeout 60 "$peek" -d unimp "$d/strace-s" > /dev/null 2> "$tmp/unimp.err")
if grep -q '^Unsupported syscall: 999$' "$tmp/unimp.err"; then pass user-log-unimp; else fail user-log-unimp "no 'Unsupported syscall: 999' line"; fi

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
