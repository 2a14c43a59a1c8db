#!/usr/bin/env bash
# Writes while a large fan-out runs: 8 writers post (wrk, closed loop) for a while, first alone and
# then while the most followed member, with 20,000 active followers, posts once a second, so that
# the timelines view keeps the store's one writer busy with batches of their rows. Reports the
# writers' latency in both phases and the fan-out lag. Runs each binary of WEFT_BINS (default
# build/weft) on its own copy of the demo store. Prints a Markdown section for bench/RESULTS.md.
# Usage: bench/fanout_writes.sh [people=100000] [seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-30}"
threads="${WEFT_THREADS:-2}"
bins="${WEFT_BINS:-build/weft}"
data="build/bench-data-$people"
if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
fi
sql() { sqlite3 -cmd ".timeout 20000" "$@"; }
wrk_row() {  # file -> "requests/s p50 p99 max non-2xx"
  echo "$(awk '/Requests\/sec/ {print $2}' "$1") $(awk '$1=="50%" {print $2}' "$1") $(awk '$1=="99%" {print $2}' "$1") $(awk '$1=="Latency" {print $4}' "$1") $(awk '/Non-2xx/ {print $4}' "$1")"
}

rows=""
for bin in $bins; do
  work="build/bench-fanout-writes"
  rm -rf "$work"; mkdir -p "$work"
  cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
  big_id=$(sql "$work/weft.db" "SELECT f.followee_id FROM follows f JOIN people p ON p.id = f.followee_id WHERE p.role = 'member' GROUP BY f.followee_id ORDER BY COUNT(*) DESC LIMIT 1")
  sql "$work/weft.db" "INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at) SELECT id, $big_id, unixepoch() FROM people WHERE role = 'member' AND id <> $big_id AND deactivated_at IS NULL ORDER BY id LIMIT 20000"
  # Every follower active: each of the author's posts goes into 20,000 timelines.
  sql "$work/weft.db" "INSERT INTO timeline_state (person_id, read_at, built_at, complete) SELECT f.follower_id, unixepoch(), unixepoch(), 1 FROM follows f WHERE f.followee_id = $big_id ON CONFLICT (person_id) DO UPDATE SET read_at = excluded.read_at"
  big=$(sql "$work/weft.db" "SELECT email FROM people WHERE id = $big_id")
  out=$(mktemp)
  "$bin" serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$out")
  tokens="build/bench-tokens-fanout-writes.txt"
  node bench/tokens.mjs "$url" 100 > "$tokens"
  export WEFT_TOKENS="$tokens"

  alone=$(mktemp); during=$(mktemp)
  wrk -t1 -c8 -d"${seconds}s" --latency -s bench/post.lua "$url" > "$alone"
  for _ in $(seq 600); do  # the first phase's fan-out done
    curl -s "$url/metrics" | grep -q 'weft_subscriber_lag{subscriber="timelines"} 0$' && break
    sleep 0.5
  done
  expected=$(sql "$work/weft.db" "SELECT COUNT(*) FROM timeline_state t JOIN follows f ON f.follower_id = t.person_id WHERE f.followee_id = $big_id")
  lag=$(mktemp)
  node bench/fanout_lag.mjs "$url" "$work/weft.db" "$big" "$expected" "$seconds" > "$lag" &
  lagger=$!
  wrk -t1 -c8 -d"${seconds}s" --latency -s bench/post.lua "$url" > "$during"
  wait "$lagger"
  read -r a_rps a_p50 a_p99 a_max a_err < <(wrk_row "$alone")
  read -r d_rps d_p50 d_p99 d_max d_err < <(wrk_row "$during")
  read -r lag50 lag99 lagn < "$lag"
  rows+="| \`$bin\` | $a_rps | $a_p50 / $a_p99 / $a_max | $d_rps | $d_p50 / $d_p99 / $d_max | $lag50 / $lag99 ms ($lagn posts) | ${a_err:-0}+${d_err:-0} |"$'\n'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out" "$alone" "$during" "$lag"
done

cat <<REPORT
### $(date -u +%Y-%m-%d) — writes while a 20,000-follower fan-out runs, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server io threads $threads; wrk on the same cores
- Command: \`WEFT_BINS="$bins" bench/fanout_writes.sh $people $seconds\`: wrk -t1 -c8 posting as 100 people at random for ${seconds} s alone, then for ${seconds} s while the most followed member (20,000 active followers) posts about once a second (each post waited for until its rows are in every follower's timeline, then 200 ms)

| server | posts/s alone | p50 / p99 / max alone | posts/s during the fan-outs | p50 / p99 / max during | fan-out lag p50 / p99 | non-2xx |
|---|---|---|---|---|---|---|
$rows
REPORT
