#!/usr/bin/env bash
# Group commit on and off (WEFT_GROUP_COMMIT=1 / 0): post creation under wrk with 8 and 1 writers
# on the same copy of a demo store, with the default durability (synchronous=FULL). After each
# run, the durable views' lag behind the log and how long they took to catch up.
# Prints a Markdown section for bench/RESULTS.md. Usage: bench/group_commit.sh [people=10000] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-10000}"
seconds="${2:-15}"
threads="${WEFT_THREADS:-2}"
data="build/bench-data-$people"

if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
fi

lag() {  # the largest lag of a durable view, from /metrics
  curl -s "$1/metrics" | awk '/^weft_subscriber_lag/ && $2 > max {max = $2} END {print max + 0}'
}

rows=""
stalls=""
for mode in 0 1; do
  work="build/bench-group-commit-$mode"
  rm -rf "$work"; mkdir -p "$work"
  cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
  sync  # the copy's writeback must not compete with the runs' syncs
  out=$(mktemp)
  WEFT_SLOW_QUERY_MS=50 WEFT_GROUP_COMMIT=$mode build/weft serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" \
    --log-level warn >"$out" 2>"$out.log" &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT  # a failed step never leaves the server running
  for _ in $(seq 300); do grep -q listening "$out" && break; sleep 0.05; done
  url=$(grep -o 'http://[0-9.:]*' "$out")
  tokens="build/bench-tokens-group-commit.txt"
  node bench/tokens.mjs "$url" 50 > "$tokens"
  export WEFT_TOKENS="$tokens"
  wrk -t2 -c8 -d20s -s bench/post.lua "$url" >/dev/null 2>&1 || true  # warm: the store's pages, and the index merges a fresh copy starts with
  for connections in 8 1; do
    # start each row with the views caught up
    for _ in $(seq 600); do [ "$(lag "$url")" = 0 ] && break; sleep 0.1; done
    file="build/wrk-group-commit-$mode-$connections.txt"
    wrk -t"$(( connections > 1 ? 2 : 1 ))" -c"$connections" -d"${seconds}s" --latency -s bench/post.lua "$url" > "$file"
    behind=$(lag "$url")
    start=$(date +%s%3N)
    for _ in $(seq 1200); do [ "$(lag "$url")" = 0 ] && break; sleep 0.05; done
    caught_up=$(( $(date +%s%3N) - start ))
    rps=$(awk '/Requests\/sec/ {print $2}' "$file")
    p50=$(awk '$1=="50%" {print $2}' "$file")
    p90=$(awk '$1=="90%" {print $2}' "$file")
    p99=$(awk '$1=="99%" {print $2}' "$file")
    max=$(awk '$1=="Latency" {print $4}' "$file")
    errors=$(awk '/Non-2xx/ {print $4}' "$file")
    rows+="| $mode | $connections | $rps | $p50 | $p90 | $p99 | $max | ${errors:-0} | $behind events, caught up in $caught_up ms |"$'\n'
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  stalls+="- WEFT_GROUP_COMMIT=$mode: $(grep -c 'slow commit' "$out.log" || true) commits and $(grep -c 'slow write' "$out.log" || true) write jobs over 50 ms; slowest: $(grep -o 'slow [a-z]*: [0-9]* ms[^/]*[^ ]*' "$out.log" | sort -t: -k2 -n -r | head -3 | sed 's|/[^ ]*/src/|src/|' | paste -sd ';' - || true)"$'\n'
  rm -f "$out" "$out.log"
done

cat <<REPORT
### $(date -u +%Y-%m-%d) — group commit, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(df -h --output=source,fstype build | tail -1 | awk '{print $2}') file system; build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server threads $threads; synchronous=FULL
- Command: \`bench/group_commit.sh $people $seconds\` (POST /api/v1/posts as 50 people, ${seconds} s per row, each row started with the views caught up)

| WEFT_GROUP_COMMIT | writers | posts/s | p50 | p90 | p99 | max | non-2xx | views behind at the end |
|---|---|---|---|---|---|---|---|---|
$rows
$stalls
REPORT
