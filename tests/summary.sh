#!/bin/sh
# Totals the result files written by every test suite (one "PASS name" or
# "FAIL name: why" per line) in the given result directories, prints the
# failures and a closing "N passed, N failed" line, and exits non-zero if
# anything failed or nothing ran.
[ $# -eq 0 ] && set -- build/results
files=""
for d in "$@"; do
    for f in "$d"/*.txt; do [ -f "$f" ] && files="$files $f"; done
done
if [ -z "$files" ]; then
    echo "0 passed, 0 failed"
    exit 1
fi
# shellcheck disable=SC2086
pass=$(cat $files | grep -c '^PASS ')
fail=$(cat $files | grep -c '^FAIL ')
skip=$(cat $files | grep -c '^SKIP ')
# shellcheck disable=SC2086
grep -H '^FAIL ' $files | head -100
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
