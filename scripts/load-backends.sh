#!/usr/bin/env bash
# Load on both backends in one run, on the same data: fact queries and
# report pages with `baogao load`, first alone, then while 200 reports are
# uploaded through the API. Prints req/s, latency and errors for each.
#   scripts/load-backends.sh POSTGRES_DSN [WORKDIR]
# POSTGRES_DSN names a server where this script may create and drop the
# database baogao_load (e.g. the one .ci/postgres start prints).
set -euo pipefail
cd "$(dirname "$0")/.."
dsn=${1:?usage: scripts/load-backends.sh POSTGRES_DSN [WORKDIR]}
work=${2:-$(mktemp -d /tmp/baogao-load.XXXXXX)}
mkdir -p "$work"
go build -o "$work/baogao" ./cmd/baogao
b="$work/baogao"
if [ ! -d "$work/corpus" ]; then
	$b bench --make "$work/all" --n 2200 ../shared/seeds ../shared/corpus >/dev/null
	mkdir -p "$work/corpus" "$work/upload"
	ls "$work/all" | sort | head -2000 | xargs -I{} mv "$work/all/{}" "$work/corpus/"
	mv "$work/all"/* "$work/upload/"
fi
pgdb=$(echo "$dsn" | sed -E 's#(postgres(ql)?://[^/]+/)[^?]*#\1baogao_load#')
admin=$(echo "$dsn" | sed -E 's#(postgres(ql)?://[^/]+/)[^?]*#\1postgres#')

paths=()
for y in 2012 2014 2016 2018 2020 2022 2024 2026; do paths+=("/api/v1/facts?kind=target&year=$y" "/api/v1/facts?kind=commitment&year=$y&per_page=50"); done
for id in 1 97 233 401 555 789 1001 1203 1499 1777 1999; do paths+=("/reports/$id" "/api/v1/reports/$id"); done

for backend in sqlite postgres; do
	if [ $backend = sqlite ]; then
		db="$work/load.db"
		rm -f "$db" "$db-wal" "$db-shm"
	else
		db=$pgdb
		psql "$admin" -qc "DROP DATABASE IF EXISTS baogao_load" -c "CREATE DATABASE baogao_load" 2>/dev/null
	fi
	start=$(date +%s.%N)
	$b ingest --db "$db" "$work/corpus" >/dev/null
	echo "== $backend: ingest of 2000 reports $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
	$b user add loader --role admin --db "$db" >/dev/null
	token=$($b user token loader --db "$db")
	port=$((18000 + RANDOM % 1000))
	$b serve --db "$db" --addr 127.0.0.1:$port >"$work/serve-$backend.log" 2>&1 &
	pid=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/reports?per_page=1" >/dev/null && break; sleep 0.1; done
	echo "-- reads alone"
	$b load --url "http://127.0.0.1:$port" -n 4000 -c 16 "${paths[@]}" || true
	echo "-- reads for 30 s while 200 reports are uploaded"
	(
		fails=0
		t0=$(date +%s.%N)
		for f in "$work/upload"/*; do
			code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -F "file=@$f" "http://127.0.0.1:$port/api/v1/reports")
			[ "${code:0:1}" = 2 ] || fails=$((fails + 1))
		done
		echo "upload: 200 reports in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s, $fails failed" >"$work/upload-$backend.txt"
	) &
	up=$!
	$b load --url "http://127.0.0.1:$port" -n 10000000 -c 16 --max 30s "${paths[@]}" || true
	wait $up
	cat "$work/upload-$backend.txt"
	kill $pid
	wait $pid 2>/dev/null || true
done
