#!/usr/bin/env bash
# The read and write benchmarks on SQLite, on PostgreSQL with one node, and on PostgreSQL with two
# nodes (two wrk processes, one per node, half the connections each: round-robin without a proxy
# in the way). Every figure is in the same run as a /healthz figure of the same setup.
#   WEFT_BENCH_PG_URL  a database holding the organization, e.g. filled by
#                      `weft migrate-store --from sqlite:build/bench-data-100000 --to URL`
#                      on a cluster started with fsync on (see the RESULTS.md section)
# Usage: WEFT_BENCH_PG_URL=... bench/postgres.sh [people=100000] [seconds=15] [connections=64]
# Prints a Markdown section for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
connections="${3:-64}"
pg="${WEFT_BENCH_PG_URL:?set WEFT_BENCH_PG_URL to a database holding the organization}"
data="build/bench-data-$people"
[ -f "$data/weft.db" ] || { echo "bench: $data/weft.db is missing (bench/run.sh $people makes it)" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_node() {  # out-file env-assignments… (sets $url; the pid joins $pids)
  local out="$1"; shift
  env "$@" build/weft serve --listen 127.0.0.1:0 --log-level warn >"$out" 2>"$out.log" &
  pids+=($!)
  for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$out") || { echo "bench: the node did not start:" >&2; cat "$out.log" >&2; exit 1; }
}

# wrk against one or two urls at once (connections split); prints "rps p50 p99 non2xx".
load() {  # connections script url…
  local c="$1" script="$2"; shift 2
  local n=$# files=() waits=()
  for url in "$@"; do
    local f; f=$(mktemp); files+=("$f")
    # (thread.lua reads its thread list from WEFT_THREADS, which weft itself reads as its thread
    # count: set for wrk only)
    WEFT_THREADS="$threads_file" wrk -t$(( n == 1 ? 2 : 1 )) -c$(( c / n )) -d"${seconds}s" --latency \
      ${script:+-s "$script"} "$url" > "$f" &
    waits+=($!)
  done
  wait "${waits[@]}"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps += $2 }
    $1 == "50%" { p50 = ms($2) > p50 ? ms($2) : p50 }
    $1 == "99%" { p99 = ms($2) > p99 ? ms($2) : p99 }
    /Non-2xx/ { bad += $4 }
    END { printf "%.0f %.2fms %.2fms %d\n", rps, p50, p99, bad }' "${files[@]}"
  rm -f "${files[@]}"
}

threads_file="build/bench-pg-threads.txt"
sqlite3 "$data/weft.db" "SELECT root_id FROM posts WHERE audience = 'public' AND reply_to IS NOT NULL GROUP BY root_id HAVING COUNT(*) BETWEEN 5 AND 60 LIMIT 500" > "$threads_file"

rows=""
cpu_notes=""
# CPU time (clock ticks) of the given processes, and of the whole machine (busy and idle).
ticks() { local sum=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$sum"; }
total_ticks() { awk '/^cpu / {s = 0; for (i = 2; i <= NF; i++) s += $i; print s}' /proc/stat; }
measure() {  # label url…
  local label="$1"; shift
  local tokens="build/bench-pg-tokens.txt"
  node bench/tokens.mjs "$1" 100 > "$tokens"
  export WEFT_TOKENS="$tokens" WEFT_PEOPLE="$people"
  WEFT_TOKEN=$(head -1 "$tokens"); export WEFT_TOKEN
  load 8 bench/feed.lua "$@" >/dev/null  # warm caches and timelines
  read -r h _ h99 _ < <(load "$connections" "" "${@/%//healthz}")
  read -r pe pe50 pe99 pebad < <(load "$connections" bench/people.lua "$@")
  local before_weft before_pg before_total
  before_weft=$(ticks "${pids[@]}"); before_pg=$(ticks $(ps -u postgres -o pid= 2>/dev/null)); before_total=$(total_ticks)
  read -r fe fe50 fe99 febad < <(load "$connections" bench/feed.lua "$@")
  local spent=$(( $(total_ticks) - before_total ))
  local weft_share=$(( 100 * ($(ticks "${pids[@]}") - before_weft) / (spent > 0 ? spent : 1) ))
  local pg_share=$(( 100 * ($(ticks $(ps -u postgres -o pid= 2>/dev/null)) - before_pg) / (spent > 0 ? spent : 1) ))
  cpu_notes+="- $label, home feed: of all CPU time on the machine, Weft $weft_share%, PostgreSQL $pg_share%, the rest (wrk, kernel, idle) $(( 100 - weft_share - pg_share ))%"$'\n'
  
  read -r th th50 th99 thbad < <(load "$connections" bench/thread.lua "$@")
  read -r se se50 se99 sebad < <(load 16 bench/search.lua "$@")
  read -r po po50 po99 pobad < <(load 8 bench/post.lua "$@")
  pct() { awk -v a="$1" -v b="$h" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
  echo "bench: $label done" >&2
  rows+="| $label | $h | $pe ($(pct "$pe")) / $pe99 | $fe ($(pct "$fe")) / $fe99 | $th ($(pct "$th")) / $th99 | $se ($(pct "$se")) / $se99 | $po / $po50 / $po99 | $((pebad + febad + thbad + sebad + pobad)) |"$'\n'
}

# SQLite, one node, on a copy of the store.
work="build/bench-pg-sqlite"
rm -rf "$work"; mkdir -p "$work"; cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
start_node build/bench-pg-node0.out WEFT_DATA_DIR="$work"
measure "SQLite, one node" "$url"
cleanup; pids=()
rm -rf "$work"

# PostgreSQL, one node, then two.
start_node build/bench-pg-node1.out WEFT_DATABASE_URL="$pg"; url_a="$url"
measure "PostgreSQL, one node" "$url_a"
one_feed=$(echo "$rows" | awk -F'|' 'NR == 2 { split($5, a, " "); print a[1] }')
start_node build/bench-pg-node2.out WEFT_DATABASE_URL="$pg"; url_b="$url"
measure "PostgreSQL, two nodes" "$url_a" "$url_b"
two_feed=$(echo "$rows" | awk -F'|' 'NR == 3 { split($5, a, " "); print a[1] }')
cleanup; pids=()

cat <<REPORT
### $(date -u +%Y-%m-%d) — SQLite vs PostgreSQL, one and two nodes, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); PostgreSQL $(psql "$pg" -qtAc 'SHOW server_version' | cut -d' ' -f1) on the same machine ($(psql "$pg" -qtAc 'SHOW fsync' | sed 's/^/fsync /'), shared_buffers $(psql "$pg" -qtAc 'SHOW shared_buffers')); database $(psql "$pg" -qtAc 'SELECT pg_size_pretty(pg_database_size(current_database()))')
- Command: \`WEFT_BENCH_PG_URL=… bench/postgres.sh $people $seconds $connections\`; each cell is requests/s (share of /healthz in the same setup) / p99; search at 16 connections, posts at 8 (requests/s / p50 / p99). Two nodes: one wrk per node with half the connections, figures summed (p99: the worse of the two).

| setup | /healthz | person page | home feed | thread page | search | post | non-2xx |
|---|---|---|---|---|---|---|---|
$rows
$cpu_notes- Home feed, two nodes vs one on PostgreSQL: $(awk -v a="$two_feed" -v b="$one_feed" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "?" }')
REPORT
