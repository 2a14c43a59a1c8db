#!/usr/bin/env bash
# The cost of durability: post creation under wrk with WEFT_DURABILITY=full (SQLite
# synchronous=FULL, the default: an acknowledged write survives power loss) and =normal, on the
# same copy of a demo store. Prints a Markdown section for bench/RESULTS.md.
# Usage: bench/durability.sh [people=10000] [seconds=15]
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

rows=""
for mode in full normal; do
  work="build/bench-durability-$mode"
  rm -rf "$work"; mkdir -p "$work"
  cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
  out=$(mktemp)
  WEFT_DURABILITY=$mode build/weft serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" \
    --log-level warn >"$out" 2>/dev/null &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT  # a failed step never leaves the server running
  for _ in $(seq 300); do grep -q listening "$out" && break; sleep 0.05; done
  url=$(grep -o 'http://[0-9.:]*' "$out")
  tokens="build/bench-tokens-durability.txt"
  node bench/tokens.mjs "$url" 50 > "$tokens"
  export WEFT_TOKENS="$tokens"
  wrk -t1 -c2 -d2s -s bench/post.lua "$url" >/dev/null 2>&1 || true  # warm
  healthz=$(wrk -t2 -c8 -d"${seconds}s" "$url/healthz" | awk '/Requests\/sec/ {print $2}')
  for connections in 1 8; do
    file="build/wrk-durability-$mode-$connections.txt"
    wrk -t"$(( connections > 1 ? 2 : 1 ))" -c"$connections" -d"${seconds}s" --latency -s bench/post.lua "$url" > "$file"
    rps=$(awk '/Requests\/sec/ {print $2}' "$file")
    p50=$(awk '$1=="50%" {print $2}' "$file")
    p99=$(awk '$1=="99%" {print $2}' "$file")
    errors=$(awk '/Non-2xx/ {print $4}' "$file")
    ratio=$(awk -v a="$rps" -v b="$healthz" 'BEGIN { printf "%.1f%%", 100 * a / b }')
    rows+="| $mode | $connections | $rps | $ratio of $healthz | $p50 | $p99 | ${errors:-0} |"$'\n'
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
done

cat <<REPORT
### $(date -u +%Y-%m-%d) — durability: synchronous=FULL vs NORMAL, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(df -h --output=source,fstype build | tail -1 | awk '{print $2}') file system; build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server threads $threads
- Command: \`bench/durability.sh $people $seconds\` (POST /api/v1/posts as 50 people, ${seconds} s per row)

| WEFT_DURABILITY | connections | requests/s | vs GET /healthz (8 connections, same server) | p50 | p99 | non-2xx |
|---|---|---|---|---|---|---|
$rows
REPORT
