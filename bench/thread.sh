#!/usr/bin/env bash
# A conversation page (a public root and its ~50 replies) at 16 connections: as one request
# (GET /posts/{id}/thread) and as the two the web UI made before (the post, then its replies),
# as a share of /healthz in the same run. Prints a Markdown section for bench/RESULTS.md.
# Usage: bench/thread.sh [people=100000] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
threads="${WEFT_THREADS_IO:-2}"
data="build/bench-data-$people"
[ -f "$data/weft.db" ] || { echo "bench: run bench/timelines.sh first (it generates $data)" >&2; exit 1; }
work="build/bench-thread"
rm -rf "$work"; mkdir -p "$work"
cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
# 200 public roots, each given replies up to 50 (the demo's threads are shorter), written as the
# server writes replies (same thread columns), so the page reads what a long conversation holds.
ids="build/bench-thread-ids.txt"
sqlite3 "$work/weft.db" "SELECT id FROM posts WHERE reply_to IS NULL AND audience = 'public' AND deleted_at IS NULL AND reshare_of IS NULL ORDER BY id DESC LIMIT 200" > "$ids"
sqlite3 "$work/weft.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
  INSERT INTO posts (author_id, body, audience, unit_id, space_id, root_id, root_author_id, reply_to, created_at)
  SELECT 1 + (r.id * 31 + n.i * 17) % 90000, 'A reply in a long conversation, number ' || n.i || '.', r.audience, r.unit_id,
         r.space_id, r.id, r.root_author_id, r.id, r.created_at + n.i * 60
  FROM posts r JOIN n WHERE r.id IN ($(paste -sd, "$ids")) AND n.i > r.reply_count;
  UPDATE posts SET reply_count = (SELECT COUNT(*) FROM posts c WHERE c.root_id = posts.id AND c.id <> posts.id)
  WHERE id IN ($(paste -sd, "$ids"));"
replies=$(sqlite3 "$work/weft.db" "SELECT CAST(AVG(reply_count) AS INTEGER) FROM posts WHERE id IN ($(paste -sd, "$ids"))")
out=$(mktemp)
build/weft serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$out")
tokens="build/bench-tokens-thread.txt"
node bench/tokens.mjs "$url" 100 > "$tokens"
export WEFT_TOKENS="$tokens" WEFT_THREADS="$ids"
measure() {  # mode → rps p50 p99
  local file; file=$(mktemp)
  WEFT_THREAD_MODE="$1" wrk -t2 -c16 -d"${seconds}s" --latency -s bench/thread.lua "$url" > "$file"
  echo "$(awk '/Requests\/sec/ {print $2}' "$file") $(awk '$1=="50%" {print $2}' "$file") $(awk '$1=="99%" {print $2}' "$file") $(awk '/Non-2xx/ {print $4}' "$file")"
  rm -f "$file"
}
WEFT_THREAD_MODE=thread wrk -t1 -c4 -d3s -s bench/thread.lua "$url" >/dev/null 2>&1 || true
healthz=$(wrk -t2 -c16 -d"${seconds}s" "$url/healthz" | awk '/Requests\/sec/ {print $2}')
read -r t_rps t_p50 t_p99 t_err < <(measure thread)
read -r p_rps p_p50 p_p99 p_err < <(measure pair)
t_pages=$t_rps
p_pages=$(awk -v r="$p_rps" 'BEGIN { printf "%.2f", r / 2 }')
share() { awk -v a="$1" -v b="$healthz" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
cat <<REPORT
### $(date -u +%Y-%m-%d) — conversation page, $people people
- Machine: $(nproc) cores; build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server io threads $threads; wrk -t2 -c16 on the same cores
- Command: \`bench/thread.sh $people $seconds\` ($(wc -l < "$ids") public roots with $replies replies each on average, 100 people's tokens at random); GET /healthz: $healthz requests/s

| how the page is loaded | pages/s | vs /healthz | request p50 / p99 | non-2xx |
|---|---|---|---|---|
| GET /posts/{id}/thread?limit=100 (one request) | $t_pages | $(share "$t_pages") | $t_p50 / $t_p99 | ${t_err:-0} |
| GET /posts/{id} + GET /posts/{id}/replies?limit=100 (two) | $p_pages | $(share "$p_pages") | $p_p50 / $p_p99 | ${p_err:-0} |
REPORT
