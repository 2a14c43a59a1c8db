#!/usr/bin/env bash
# The read paths that every post passes through the record gate (docs/DECISIONS.md 47), on the
# SQLite demo, in the same run as /healthz: home feed, thread page, search. Compare with the
# "SQLite, one node" row of bench/RESULTS.md "Issue 9" (the same commands before records existed).
# Usage: bench/gate.sh [people=100000] [seconds=15] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
connections="${3:-64}"
data="build/bench-data-$people"
[ -f "$data/weft.db" ] || { echo "bench: $data/weft.db is missing (bench/run.sh $people makes it)" >&2; exit 1; }
out=$(mktemp)
build/weft serve --listen 127.0.0.1:0 --data-dir "$data" --log-level warn >"$out" 2>"$out.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out" "$out.log"' EXIT
for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$out")
threads_file="build/bench-gate-threads.txt"
sqlite3 "$data/weft.db" "SELECT root_id FROM posts WHERE audience = 'public' AND reply_to IS NOT NULL GROUP BY root_id HAVING COUNT(*) BETWEEN 5 AND 60 LIMIT 500" > "$threads_file"
tokens="build/bench-gate-tokens.txt"
node bench/tokens.mjs "$url" 100 > "$tokens"
export WEFT_TOKENS="$tokens" WEFT_PEOPLE="$people"
WEFT_TOKEN=$(head -1 "$tokens"); export WEFT_TOKEN
load() {  # connections script → "rps p50 p99 non2xx"
  local f; f=$(mktemp)
  WEFT_THREADS="$threads_file" wrk -t2 -c"$1" -d"${seconds}s" --latency ${2:+-s "$2"} "$url${3:-}" > "$f"
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } /Non-2xx/ { bad = $4 }
    END { printf "%.0f %.2fms %.2fms %d\n", rps, p50, p99, bad }' "$f"
  rm -f "$f"
}
load 8 bench/feed.lua >/dev/null  # warm caches and timelines
read -r h _ _ _ < <(load "$connections" "" /healthz)
read -r fe _ fe99 febad < <(load "$connections" bench/feed.lua)
read -r th _ th99 thbad < <(load "$connections" bench/thread.lua)
read -r se _ se99 sebad < <(load 16 bench/search.lua)
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
echo "| SQLite, one node, with records | $h | $fe ($(pct "$fe" "$h")) / $fe99 | $th ($(pct "$th" "$h")) / $th99 | $se ($(pct "$se" "$h")) / $se99 | $((febad + thbad + sebad)) |"
