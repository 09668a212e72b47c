#!/bin/sh
# Workload for the Lua interpreter: runs lua.lua (SCALE multiplies its
# compute loops) with the workload directory as the current one.
#   lua.sh "RUN" BIN DIR [SCALE]     (RUN may be empty: native)
run=$1 bin=$2 dir=$3 scale=${4:-1}
script=$(cd "$(dirname "$0")" && pwd)/lua.lua
rm -rf "$dir" && mkdir -p "$dir" || exit 1
cd "$dir" && $run "$bin" "$script" "$scale"
echo "exit $?"
cd / && rm -rf "$dir"
