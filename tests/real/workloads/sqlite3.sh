#!/bin/sh
# Workload for the sqlite3 shell: runs sqlite3.sql on a new database file,
# SCALE times (each on a fresh file), without reading ~/.sqliterc, and
# prints the final size of the database file.
#   sqlite3.sh "RUN" BIN DIR [SCALE]     (RUN may be empty: native)
run=$1 bin=$2 dir=$3 scale=${4:-1}
sql=$(cd "$(dirname "$0")" && pwd)/sqlite3.sql
rm -rf "$dir" && mkdir -p "$dir" || exit 1
i=0
while [ $i -lt "$scale" ]; do
	rm -f "$dir/db"
	$run "$bin" -batch -init /dev/null "$dir/db" < "$sql" 2>&1
	echo "exit $?"
	i=$((i + 1))
done
echo "db $(wc -c < "$dir/db") bytes"
rm -rf "$dir"
