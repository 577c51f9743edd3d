#!/usr/bin/env bash
# Compare the PostgreSQL search index (bigram tsvector, GIN) with pg_trgm
# on a database baogao has filled: the same queries, the best of three
# execution times, and the hit counts, which must agree.
#   scripts/pg-search-compare.sh POSTGRES_DSN
# It builds a scratch table of the passages' texts with a pg_trgm index
# and drops it at the end.
set -euo pipefail
export LC_ALL=C.UTF-8 # characters, not bytes, in ${q:i:2}
P=(psql "${1:?usage: scripts/pg-search-compare.sh POSTGRES_DSN}" -qAt)
"${P[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" \
	-c "DROP TABLE IF EXISTS trgm_compare" \
	-c "CREATE TABLE trgm_compare AS SELECT p.id, convert_from(substring(convert_to(s.clean, 'UTF8') FROM p.start + 1 FOR p.\"end\" - p.start), 'UTF8') AS body FROM passages p JOIN sources s ON s.id = p.source_id" \
	-c "CREATE INDEX ON trgm_compare USING gin (body gin_trgm_ops)" -c "ANALYZE trgm_compare"
trap '"${P[@]}" -c "DROP TABLE IF EXISTS trgm_compare"' EXIT
"${P[@]}" -c "SELECT 'passages ' || count(*) || ', bigram index ' || pg_size_pretty(pg_relation_size('passages_tokens')) || ', pg_trgm index ' || pg_size_pretty(pg_indexes_size('trgm_compare')) FROM trgm_compare"
best() {
	for _ in 1 2 3; do
		"${P[@]}" -c "EXPLAIN (ANALYZE, FORMAT JSON) $1" | grep -o '"Execution Time": [0-9.]*' | grep -o '[0-9.]*$'
	done | sort -n | head -1
}
bigrams() { # 老旧小区 → '老旧' <-> '旧小' <-> '小区'
	local q=$1 out= i
	for ((i = 0; i < ${#q} - 1; i++)); do out+="${out:+ <-> }'${q:i:2}'"; done
	echo "$out"
}
for q in 托育 养老 民营 数字经济 老旧小区改造 新质生产力; do
	tq=$(bigrams "$q")
	s1="SELECT count(*) FROM passages WHERE tokens @@ \$q\$($tq)\$q\$::tsquery"
	s2="SELECT count(*) FROM trgm_compare WHERE body LIKE '%$q%'"
	echo "$q  bigram $(best "$s1") ms ($("${P[@]}" -c "$s1") hits)  pg_trgm $(best "$s2") ms ($("${P[@]}" -c "$s2") hits)"
done
