#!/usr/bin/env bash
# Social-layer benchmark on loopback against the demo: home feed, search and post creation under
# wrk, and WebSocket fan-out of one post to many connected clients. Prints a Markdown section for
# bench/RESULTS.md. Usage: bench/social.sh [people=100000] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
threads="${WEFT_THREADS:-2}"
data="build/bench-data-$people"

if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  start=$(date +%s)
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
  echo "bench: demo took $(( $(date +%s) - start )) s" >&2
fi
# Benchmarks write posts; run them on a copy so the demo stays as generated.
work="build/bench-work-$people"
rm -rf "$work"; mkdir -p "$work"
cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi

out=$(mktemp)
start_ms=$(date +%s%3N)
WEFT_MAX_STREAMS_PER_PERSON=16 build/weft serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 300); do grep -q listening "$out" && break; sleep 0.05; done
startup_ms=$(( $(date +%s%3N) - start_ms ))
url=$(grep -o 'http://[0-9.:]*' "$out")

tokens=build/bench-tokens.txt
node bench/tokens.mjs "$url" 100 > "$tokens"
export WEFT_TOKENS="$tokens"

run_wrk() {  # name connections script
  local name="$1" connections="$2" script="$3"
  local file="build/wrk-$(basename "$script" .lua)-$connections.txt"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "$url" > "$file"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file")
  p99=$(awk '$1=="99%" {print $2}' "$file")
  errors=$(awk '/Non-2xx/ {print $4}' "$file")
  echo "| $name | $connections | $rps | $p50 | $p99 | ${errors:-0} |"
}

wrk -t1 -c4 -d3s -s bench/feed.lua "$url" >/dev/null 2>&1 || true  # warm caches
healthz_rps=$(wrk -t2 -c64 -d"${seconds}s" "$url/healthz" | awk '/Requests\/sec/ {print $2}')
feed_row=$(run_wrk "GET /api/v1/feed?limit=20" 64 bench/feed.lua)
feed_latency_row=$(run_wrk "GET /api/v1/feed?limit=20" 2 bench/feed.lua)
search_row=$(run_wrk "GET /api/v1/search?type=post" 2 bench/search.lua)
post_row=$(run_wrk "POST /api/v1/posts" 8 bench/post.lua)
fanout=$(node --experimental-websocket --no-warnings bench/fanout.mjs "$url" "$tokens" 1000 5)
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
posts=$(sqlite3 "$work/weft.db" "SELECT COUNT(*) FROM posts" 2>/dev/null || echo "?")

cat <<REPORT
### $(date -u +%Y-%m-%d) — social layer, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server threads $threads; $(du -m "$data/weft.db" | cut -f1) MiB store, $posts posts and replies
- Command: \`bench/social.sh $people $seconds\`; wrk -t2 -d${seconds}s on the same 2 cores; 100 people's bearer tokens at random
- Start-up to listening: ${startup_ms} ms; GET /healthz in the same run: ${healthz_rps} requests/s

| request | connections | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|---|
$feed_row
$feed_latency_row
$search_row
$post_row

- WebSocket fan-out (1,000 connections following one topic; time from sending the POST to each client receiving the post): \`$fanout\`
- Server RSS after the runs: ${rss} KiB
REPORT
kill -TERM $pid; wait $pid || true
