#!/bin/sh
# Installs what `make fuzz` needs beyond make check's dependencies, if
# missing: clang with its libFuzzer runtime (the parsers' harness) and
# AFL++ (the loader). Runs apt-get only when needed.
set -e
need=""
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in clang libclang-rt-14-dev afl++; do
    have "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "fuzz deps: installing$need"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need
