#!/usr/bin/env bash
# Mixed-load soak on loopback against the demo: 500 connections reading home feeds, 8 writers
# posting and 1,000 WebSocket streams open, all at once for a while (default 10 minutes). Reports
# each load's throughput, latency percentiles and worst case, failures, the streams still open at
# the end, and the server's memory sampled every 10 s; GET /healthz alone is measured first, in
# the same run, as the baseline. Prints a Markdown section for bench/RESULTS.md.
# Usage: bench/soak.sh [people=100000] [seconds=600]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-600}"
threads="${WEFT_THREADS:-2}"
data="build/bench-data-$people"
ulimit -n "$(ulimit -Hn)"  # 1,508 connections at once, each end a descriptor

if [ ! -f "$data/weft.db" ]; then
  echo "soak: generating the demo with $people people (once; kept in $data)" >&2
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
fi
work="build/bench-work-$people"
rm -rf "$work"; mkdir -p "$work"
cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi

out=$(mktemp)
samples=$(mktemp)
WEFT_MAX_STREAMS_PER_PERSON=16 build/weft serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
pid=$!
ws_pid=""
metrics=""
trap 'kill $pid 2>/dev/null || true; [ -n "$ws_pid" ] && kill $ws_pid 2>/dev/null; rm -f "$out" "$samples" $metrics' EXIT
for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.05; done
url=$(grep -o 'http://[0-9.:]*' "$out")

tokens=build/bench-soak-tokens.txt
node bench/tokens.mjs "$url" 100 > "$tokens"
export WEFT_TOKENS="$tokens"
rss() { awk '/VmRSS/ {print $2}' /proc/$pid/status; }
# Resident memory in two parts: anonymous (the heap: SQLite's page caches, buffers, sessions) and
# file-backed (the store's pages mapped in, which the kernel may drop and read again), in KiB.
rss_parts() { awk '/RssAnon/ {a = $2} /RssFile/ {f = $2} END {print a " " f}' /proc/$pid/status; }
# What the server holds on its heap, by the allocator's count (KiB; 0 on a build without jemalloc).
heap() { curl -s "$url/metrics" | awk '/^weft_heap_allocated_bytes/ {h = int($2 / 1024)} END {print h + 0}'; }

ws_out=$(mktemp)
node --experimental-websocket --no-warnings bench/soak_ws.mjs "$url" "$tokens" 1000 $((seconds + 80)) >"$ws_out" 2>&1 &
ws_pid=$!
for _ in $(seq 600); do grep -q "streams open" "$ws_out" && break; sleep 0.1; done
echo "soak: $(grep 'streams open' "$ws_out")" >&2
# The baseline of this run: GET /healthz alone for 20 s, with the streams open and nothing else.
wrk -t1 -c64 -d20s --latency "$url/healthz" > build/soak-healthz.txt
healthz_rps=$(awk '/Requests\/sec/ {print $2}' build/soak-healthz.txt)
echo "soak: GET /healthz alone: $healthz_rps requests/s" >&2
rss_start=$(rss)

# Warm-up: the same load for a minute, reported on its own in six runs of 10 s. Right after a
# start the readers' page caches are empty and each person's first read builds their timeline
# (the readers of this demo have none yet); the first minute's tail is not that of a server that
# has been up for a while, and the 10-s runs show when it ends.
for i in 1 2 3 4 5 6; do
  wrk -t1 -c500 -d10s --timeout 10s --latency -s bench/feed.lua "$url" > "build/soak-warm-feed-$i.txt" &
  feeds=$!
  wrk -t1 -c8 -d10s --timeout 10s --latency -s bench/post.lua "$url" > "build/soak-warm-post-$i.txt" &
  writes=$!
  wait $feeds $writes
done
builds_warm=$(curl -s "$url/metrics" | awk '/^weft_timeline_builds_total/ {print $2}')
builds_sign_in=$(curl -s "$url/metrics" | awk '/^weft_timeline_sign_in_builds_total/ {print $2}')
rss_warm=$(rss)

( for _ in $(seq $((seconds / 10))); do sleep 10; echo "$(rss) $(rss_parts) $(heap)" >> "$samples"; done ) &
sampler=$!
wrk -t1 -c500 -d"${seconds}s" --timeout 10s --latency -s bench/feed.lua "$url" > build/soak-feed.txt &
feeds=$!
wrk -t1 -c8 -d"${seconds}s" --timeout 10s --latency -s bench/post.lua "$url" > build/soak-post.txt &
writes=$!
wait $feeds $writes
wait $sampler || true
wait $ws_pid || true
ws_pid=""
ws_result=$(tail -1 "$ws_out")
# The server's own view: time in the handler (not the wait for a worker), from its histogram.
metrics=$(mktemp)
curl -s "$url/metrics" > "$metrics"
handler() {  # method route: "N requests: X% under 25 ms, Y% under 250 ms, Z over 1 s"
  awk -v m="$1" -v r="$2" '
    index($0, "weft_http_request_duration_seconds_bucket{method=\"" m "\",route=\"" r "\",") == 1 {
      match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); n[le] = $2 }
    END { t = n["+Inf"]; if (!t) { print "none"; exit }
          printf "%d requests: %.2f%% under 25 ms, %.2f%% under 250 ms, %d over 1 s", t, 100 * n["0.025"] / t, 100 * n["0.25"] / t, t - n["1"] }' "$metrics"
}
rm -f "$ws_out"

row() {  # name connections file
  local file="$3" rps p50 p99 max errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file")
  p99=$(awk '$1=="99%" {print $2}' "$file")
  max=$(awk '$1=="Latency" {print $4}' "$file")
  total=$(awk '/requests in/ {print $1}' "$file")
  errors=$(awk '/Socket errors/ {print $0}' "$file" | sed 's/^ *Socket errors: //')
  non2xx=$(awk '/Non-2xx/ {print $4}' "$file")
  echo "| $1 | $2 | $total | $rps | $p50 | $p99 | $max | ${non2xx:-0} | ${errors:-none} |"
}
n=$(wc -l < "$samples")
first=$(sed -n '6p' "$samples" | cut -d' ' -f1)          # after one minute (warm-up)
mid=$(sed -n "$(( (n + 6) / 2 ))p" "$samples" | cut -d' ' -f1)
last=$(tail -1 "$samples" | cut -d' ' -f1)
peak=$(cut -d' ' -f1 "$samples" | sort -n | tail -1)
# Anonymous and file-backed parts at the first sample (10 s in), after a minute, and at the end.
parts() { awk -v line="$1" 'NR == line {printf "%d / %d / %d", $2 / 1024, $3 / 1024, $4 / 1024}' "$samples"; }
anon_file="$(parts 1) MiB after 10 s; $(parts 6) MiB after 1 minute; $(parts "$((n / 2))") MiB half-way; $(parts "$n") MiB at the end"

cat <<REPORT
### $(date -u +%Y-%m-%d) — mixed-load soak, $people people, $seconds s
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server threads $threads, $(du -m "$data/weft.db" | cut -f1) MiB store
- Command: \`bench/soak.sh $people $seconds\`: wrk -t1 -c500 (home feeds) and wrk -t1 -c8 (posts) at once, for a 60-s warm-up and then $seconds s, --timeout 10s, 100 people's bearer tokens at random, 1,000 WebSocket streams open throughout (10 per person); everything on the same 2 cores

| load | connections | requests | requests/s | p50 | p99 | max | non-2xx | socket errors |
|---|---|---|---|---|---|---|---|---|
| warm-up, the first 60 s after the start: | | | | | | | | |
$(for i in 1 2 3 4 5 6; do row "GET /api/v1/feed?limit=20, $(( (i - 1) * 10 ))–$(( i * 10 )) s" 500 "build/soak-warm-feed-$i.txt"; row "POST /api/v1/posts, $(( (i - 1) * 10 ))–$(( i * 10 )) s" 8 "build/soak-warm-post-$i.txt"; done)
| the soak, $seconds s from then: | | | | | | | | |
$(row "GET /api/v1/feed?limit=20" 500 build/soak-feed.txt)
$(row "POST /api/v1/posts" 8 build/soak-post.txt)

- Baseline: \`GET /healthz\` alone (64 connections, 20 s, streams open, before the load): $healthz_rps requests/s. Under the soak, home feeds ran at $(awk -v f="$(awk '/Requests\/sec/ {print $2}' build/soak-feed.txt)" -v h="$healthz_rps" 'BEGIN {printf "%.1f%%", 100 * f / h}') of it and posts at $(awk -v p="$(awk '/Requests\/sec/ {print $2}' build/soak-post.txt)" -v h="$healthz_rps" 'BEGIN {printf "%.2f%%", 100 * p / h}')

- Tail (99.9th / 99.99th percentile) of the soak: feeds $(awk '/^tail:/ {print $3 " / " $5}' build/soak-feed.txt); posts $(awk '/^tail:/ {print $3 " / " $5}' build/soak-post.txt)
- Handler time, from the server's histogram over the warm-up and the soak: feeds $(handler GET /api/v1/feed); posts $(handler POST /api/v1/posts)
- Timelines built on a first read during the warm-up: ${builds_warm:-?} (\`weft_timeline_builds_total\`); built by the timelines view on the readers' sign-ins, before the load: ${builds_sign_in:-?} (\`weft_timeline_sign_in_builds_total\`)
- WebSocket streams: \`$ws_result\`
- Server RSS (KiB): ${rss_start} with the streams open before the load; ${rss_warm} after the warm-up; then ${first} after 1 minute; ${mid} half-way; ${last} at the end; peak ${peak}
- Of it, anonymous / file-backed (the store mapped in), and the heap the server holds by the allocator's count: ${anon_file}
REPORT
kill -TERM $pid; wait $pid || true
