#!/usr/bin/env bash
# Home timelines at scale: GET /api/v1/feed under wrk (64 connections for throughput, 16 for
# latency), post creation with 8 writers, the first read of a timeline (its build), and the fan-out
# lag for a 30-follower and a ~20,000-follower author whose followers are all active. Runs each
# binary of WEFT_BINS (default build/weft) on its own copy of the demo store, so a build without
# timelines can be compared. Prints a Markdown section for bench/RESULTS.md.
# Usage: bench/timelines.sh [people=100000] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
threads="${WEFT_THREADS:-2}"
bins="${WEFT_BINS:-build/weft}"
data="build/bench-data-$people"
if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
fi

sql() { sqlite3 -cmd ".timeout 20000" "$@"; }

wrk_row() {  # label connections script url
  local file; file=$(mktemp)
  wrk -t2 -c"$2" -d"${seconds}s" --latency ${3:+-s "$3"} "$4" > "$file"
  echo "$(awk '/Requests\/sec/ {print $2}' "$file") $(awk '$1=="50%" {print $2}' "$file") $(awk '$1=="99%" {print $2}' "$file") $(awk '/Non-2xx/ {print $4}' "$file")"
  rm -f "$file"
}

rows=""
extra=""
for bin in $bins; do
  work="build/bench-timelines"
  rm -rf "$work"; mkdir -p "$work"
  cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
  # One author followed by 20,000 people (the demo's most followed member, given more followers).
  big_id=$(sql "$work/weft.db" "SELECT f.followee_id FROM follows f JOIN people p ON p.id = f.followee_id WHERE p.role = 'member' GROUP BY f.followee_id ORDER BY COUNT(*) DESC LIMIT 1")
  sql "$work/weft.db" "INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at) SELECT id, $big_id, unixepoch() FROM people WHERE role = 'member' AND id <> $big_id AND deactivated_at IS NULL ORDER BY id LIMIT 20000"
  out=$(mktemp)
  "$bin" serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT  # a failed step never leaves the server running
  for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$out")
  tokens="build/bench-tokens-timelines.txt"
  node bench/tokens.mjs "$url" 100 > "$tokens"
  export WEFT_TOKENS="$tokens"
  # First reads: each of the 100 people's timeline is built here (on a build with timelines).
  first=$(mktemp)
  while read -r token; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url/api/v1/feed?limit=20" >> "$first"
  done < "$tokens"
  first_p50=$(sort -n "$first" | awk '{a[NR]=$1} END {printf "%.1f ms", a[int(NR*0.5)+1]*1000}')
  first_max=$(sort -n "$first" | tail -1 | awk '{printf "%.1f ms", $1*1000}')
  rm -f "$first"
  read -r h_rps _ _ _ < <(wrk_row healthz 64 "" "$url/healthz")
  read -r f_rps f_p50 f_p99 f_err < <(wrk_row feed 64 bench/feed.lua "$url")
  read -r _ l_p50 l_p99 _ < <(wrk_row feed16 16 bench/feed.lua "$url")
  read -r w_rps w_p50 w_p99 w_err < <(wrk_row post 8 bench/post.lua "$url")
  ratio=$(awk -v a="$f_rps" -v b="$h_rps" 'BEGIN { printf "%.1f%%", 100 * a / b }')
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  rows+="| \`$bin\` | $h_rps | $f_rps ($ratio) | $f_p50 / $f_p99 | $l_p50 / $l_p99 | $first_p50 / $first_max | $w_rps | $w_p50 / $w_p99 | ${f_err:-0}+${w_err:-0} | $((rss / 1024)) MiB |"$'\n'
  if curl -s "$url/metrics" | grep -q 'subscriber="timelines"'; then
    # Fan-out lag with every follower active: a typical author and the most followed one.
    small=$(sql "$work/weft.db" "SELECT p.email FROM people p WHERE p.role = 'member' AND (SELECT COUNT(*) FROM follows WHERE followee_id = p.id) BETWEEN 28 AND 32 LIMIT 1")
    big=$(sql "$work/weft.db" "SELECT email FROM people WHERE id = $big_id")
    # Start from an idle fan-out: the post benchmark above leaves a backlog.
    for _ in $(seq 600); do
      curl -s "$url/metrics" | grep -q 'weft_subscriber_lag{subscriber="timelines"} 0$' && break
      sleep 0.5
    done
    for email in $small $big; do
      sql "$work/weft.db" "INSERT INTO timeline_state (person_id, read_at, built_at, complete) SELECT f.follower_id, unixepoch(), unixepoch(), 1 FROM follows f JOIN people p ON p.id = f.followee_id JOIN people r ON r.id = f.follower_id WHERE p.email = '$email' AND r.deactivated_at IS NULL AND r.role <> 'guest' ON CONFLICT (person_id) DO UPDATE SET read_at = excluded.read_at"
      followers=$(sql "$work/weft.db" "SELECT COUNT(*) FROM follows f JOIN people p ON p.id = f.followee_id JOIN timeline_state t ON t.person_id = f.follower_id WHERE p.email = '$email'")
      author_active=$(sql "$work/weft.db" "SELECT COUNT(*) FROM timeline_state t JOIN people p ON p.id = t.person_id WHERE p.email = '$email'")
      unit_active=$(sql "$work/weft.db" "SELECT COUNT(*) FROM timeline_state t JOIN people r ON r.id = t.person_id JOIN people p ON p.unit_id = r.unit_id WHERE p.email = '$email' AND r.id <> p.id AND r.id NOT IN (SELECT follower_id FROM follows WHERE followee_id = p.id)")
      expected=$((followers + author_active + unit_active))
      read -r lag50 lag99 n < <(node bench/fanout_lag.mjs "$url" "$work/weft.db" "$email" "$expected" 10)
      extra+="- Fan-out lag, author with $followers active followers ($expected timelines): p50 ${lag50} ms, p99 ${lag99} ms over $n posts"$'\n'
    done
    extra+="- Timelines after the runs: $(sql "$work/weft.db" "SELECT COUNT(*) FROM timelines") rows for $(sql "$work/weft.db" "SELECT COUNT(*) FROM timeline_state") readers; $(sql "$work/weft.db" "SELECT SUM(pgsize) / 1024 FROM dbstat WHERE name IN ('timelines', 'timeline_state', 'timeline_state_read')" 2>/dev/null || echo '?') KiB on disk"$'\n'
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
done

cat <<REPORT
### $(date -u +%Y-%m-%d) — home timelines, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server io threads $threads; wrk on the same cores
- Command: \`WEFT_BINS="$bins" bench/timelines.sh $people $seconds\` (100 people's bearer tokens at random; POST as the same 100)

| server | /healthz req/s (64) | feed req/s (64), vs /healthz | feed p50 / p99 (64) | feed p50 / p99 (16) | first read p50 / max | posts/s (8 writers) | post p50 / p99 | non-2xx | RSS |
|---|---|---|---|---|---|---|---|---|---|
$rows
$extra
REPORT
