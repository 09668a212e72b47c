#!/bin/sh
# Totals the result files written by every test suite (one "PASS name" or
# "FAIL name: why" per line) and exits non-zero if anything failed or
# nothing ran.
dir=${1:-build/results}
pass=$(cat "$dir"/*.txt 2>/dev/null | grep -c '^PASS ')
fail=$(cat "$dir"/*.txt 2>/dev/null | grep -c '^FAIL ')
skip=$(cat "$dir"/*.txt 2>/dev/null | grep -c '^SKIP ')
cat "$dir"/*.txt 2>/dev/null | grep '^FAIL ' | head -50
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
