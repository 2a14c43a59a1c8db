#!/usr/bin/env bash
# What people post about, as expertise evidence (DECISIONS 88), on a copy of a demo store:
#   1. the upgrade's index on every post, and `weft rebuild topic_posters` from the posts (what the first start after the upgrade does):
#      time, rows, and the table's and the posts_author index's size;
#   2. one author re-counted from their latest 200 posts, as the view and the index do after their posts:
#      the query's time for the most prolific authors (SQLite's CLI, warm);
#   3. `weft rebuild expertise`: the index built with and without the topics (the table emptied),
#      pieces of evidence, time and memory.
# Prints a Markdown section for bench/RESULTS.md. Usage: bench/topic_posters.sh [people=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-10000}"
data="build/bench-data-$people"
work="build/bench-topic-posters-$people"

if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
fi
rm -rf "$work"; mkdir -p "$work"
cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
db="$work/weft.db"
# The demo's copy may predate the view: open it once so the migrations run, then time the rebuild.
build/weft rebuild page_links --data-dir "$work" >/dev/null 2>&1 || true

# The upgrade's index on every post (migration 0027), made again.
index_s=$(printf '.timer on\nDROP INDEX posts_author;\nCREATE INDEX posts_author ON posts(author_id, id);\n' | sqlite3 "$db" 2>&1 |
  awk '/^Run Time/ {t = $4} END {printf "%.2f", t}')

started=$(date +%s.%N)
build/weft rebuild topic_posters --data-dir "$work" >/dev/null 2>"$work/rebuild.log"
ended=$(date +%s.%N)
rebuild_s=$(printf "%.2f" "$(echo "$ended - $started" | bc)")
rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM topic_posters")
people_with=$(sqlite3 "$db" "SELECT COUNT(DISTINCT person_id) FROM topic_posters")
tagged=$(sqlite3 "$db" "SELECT SUM(posts) FROM topic_posters")
evidence_rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM topic_posters WHERE posts >= 2")
size() { sqlite3 "$db" "SELECT COALESCE(SUM(pgsize), 0) / 1048576.0 FROM dbstat WHERE name = '$1'" | xargs printf '%.1f'; }
table_mib=$(size topic_posters)
index_mib=$(size posts_author)

# The most prolific authors' re-count, ten times each, warm.
count_sql="SELECT pt.topic, COALESCE(p.space_id, 0), COUNT(*), MAX(p.created_at) FROM (SELECT p.id, p.space_id, p.created_at, p.deleted_at, p.hidden_at, p.record_id, p.audience FROM posts p WHERE p.author_id = %s ORDER BY p.id DESC LIMIT 200) p JOIN post_topics pt ON pt.post_id = p.id WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.record_id IS NULL AND p.audience IN ('public', 'space') GROUP BY 1, 2 ORDER BY 1, 2;"
read -r top top_posts < <(sqlite3 -separator ' ' "$db" "SELECT author_id, COUNT(*) FROM posts GROUP BY author_id ORDER BY 2 DESC LIMIT 1")
median=$(sqlite3 "$db" "SELECT n FROM (SELECT COUNT(*) n FROM posts GROUP BY author_id ORDER BY 1) LIMIT 1 OFFSET (SELECT COUNT(DISTINCT author_id) / 2 FROM posts)")
read -r mid < <(sqlite3 "$db" "SELECT author_id FROM posts GROUP BY author_id HAVING COUNT(*) = $median LIMIT 1")
recount_ms() {
  local script=".timer on"$'\n'
  for _ in 1 2 3 4 5 6 7 8 9 10 11; do script+="$(printf "$count_sql" "$1")"$'\n'; done
  sqlite3 "$db" <<<"$script" 2>&1 | awk '/^Run Time/ {print $4 * 1000}' | tail -n 10 | sort -n | awk '{a[NR] = $1} END {printf "%.0f / %.0f", a[int((NR + 1) / 2)], a[NR]}'
}
top_ms=$(recount_ms "$top")
mid_ms=$(recount_ms "$mid")

expertise() {  # "evidence seconds MiB" of `weft rebuild expertise`
  build/weft rebuild expertise --data-dir "$work" 2>/dev/null |
    sed -n 's/.*built in \([0-9.]*\) s: \([0-9]*\) pieces of evidence about \([0-9]*\) people.*about \([0-9]*\) MiB.*/\2 \1 \4/p'
}
read -r with_docs with_s with_mib < <(expertise)
sqlite3 "$db" "DELETE FROM topic_posters"
read -r without_docs without_s without_mib < <(expertise)

cat <<MD
### What people post about, at $people people (\`bench/topic_posters.sh $people\`)
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(date -u +%Y-%m-%d); a copy of \`$data\`
- Migration 0027's index on every post (posts_author), made again: ${index_s} s.
- \`weft rebuild topic_posters\` from the posts: **${rebuild_s} s**; ${rows} rows (${people_with} people, ${tagged} topic tags on the posts that count; ${evidence_rows} rows of two posts or more, the index's evidence); table ${table_mib} MiB, the posts_author index ${index_mib} MiB.
- One author re-counted from their posts (median / max of 10, warm; SQLite's timer counts whole ms): the most prolific (${top_posts} posts) ${top_ms} ms; a median author (${median} posts) ${mid_ms} ms.
- \`weft rebuild expertise\`: with the topics ${with_docs} pieces of evidence in ${with_s} s, ${with_mib} MiB; without them ${without_docs} in ${without_s} s, ${without_mib} MiB.
MD
rm -rf "$work"
