#!/usr/bin/env bash
# Collaborative-layer benchmark on loopback against the demo: space page, problem page and idea
# board reads, and stance writes by 50 concurrent voters on one proposal. Prints a Markdown
# section for bench/RESULTS.md. Usage: bench/spaces.sh [people=100000] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
threads="${WEFT_THREADS:-2}"
data="build/bench-data-$people"
[ -f "$data/weft.db" ] || build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
work="build/bench-work-$people"
rm -rf "$work"; mkdir -p "$work"; cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi

out=$(mktemp)
build/weft serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 300); do grep -q listening "$out" && break; sleep 0.05; done
url=$(grep -o 'http://[0-9.:]*' "$out")
tokens=build/bench-tokens.txt
node bench/tokens.mjs "$url" 100 > "$tokens"
export WEFT_TOKENS="$tokens"

db="$work/weft.db"
sqlite3 "$db" "SELECT id FROM spaces WHERE visibility = 'public'" > build/bench-spaces.txt
sqlite3 "$db" "SELECT p.id FROM problems p JOIN spaces s ON s.id = p.space_id WHERE s.visibility = 'public'" > build/bench-problems.txt
spaces_total=$(sqlite3 "$db" "SELECT COUNT(*) FROM spaces")
problems_total=$(sqlite3 "$db" "SELECT COUNT(*) FROM problems")
ideas_total=$(sqlite3 "$db" "SELECT COUNT(*) FROM ideas")

row() {  # name connections ids path
  local name="$1" connections="$2" ids="$3" path="$4" file="build/wrk-space-$5.txt"
  WEFT_IDS="$ids" WEFT_PATH="$path" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/ids.lua "$url" > "$file"
  echo "| $name | $connections | $(awk '/Requests\/sec/ {print $2}' "$file") | $(awk '$1=="50%" {print $2}' "$file") | $(awk '$1=="99%" {print $2}' "$file") | $(awk '/Non-2xx/ {print $4}' "$file" | grep . || echo 0) |"
}

WEFT_IDS=build/bench-spaces.txt WEFT_PATH="/api/v1/spaces/{id}" wrk -t1 -c4 -d3s -s bench/ids.lua "$url" >/dev/null
space_row=$(row "GET /api/v1/spaces/{id}" 16 build/bench-spaces.txt "/api/v1/spaces/{id}" space)
feed_row=$(row "GET /api/v1/spaces/{id}/feed" 16 build/bench-spaces.txt "/api/v1/spaces/{id}/feed" feed)
problem_row=$(row "GET /api/v1/problems/{id}" 16 build/bench-problems.txt "/api/v1/problems/{id}" problem)
board_row=$(row "GET /api/v1/spaces/{id}/ideas?limit=50" 16 build/bench-spaces.txt "/api/v1/spaces/{id}/ideas?limit=50" board)

# 50 voters on one proposal in a public space they all join.
first=$(head -1 "$tokens")
space=$(curl -sf -H "Authorization: Bearer $first" -H 'Content-Type: application/json' -X POST "$url/api/v1/spaces" \
  -d '{"name":"Benchmark vote","purpose":"stance load","kind":"project","visibility":"public"}' | sed 's/{"id":"\([0-9]*\)".*/\1/')
head -50 "$tokens" > build/bench-voters.txt
while read -r token; do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -X POST "$url/api/v1/spaces/$space/join" || true
done < build/bench-voters.txt
closes=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
proposal=$(curl -sf -H "Authorization: Bearer $first" -H 'Content-Type: application/json' -X POST \
  "$url/api/v1/spaces/$space/proposals" -d "{\"title\":\"Benchmark\",\"closes_at\":\"$closes\"}" | sed 's/{"id":"\([0-9]*\)".*/\1/')
WEFT_TOKENS=build/bench-voters.txt WEFT_PROPOSAL="$proposal" wrk -t2 -c50 -d"${seconds}s" --latency -s bench/stance.lua "$url" > build/wrk-stance.txt
stance_row="| PUT /api/v1/proposals/{id}/stance (one proposal) | 50 | $(awk '/Requests\/sec/ {print $2}' build/wrk-stance.txt) | $(awk '$1=="50%" {print $2}' build/wrk-stance.txt) | $(awk '$1=="99%" {print $2}' build/wrk-stance.txt) | $(awk '/Non-2xx/ {print $4}' build/wrk-stance.txt | grep . || echo 0) |"
tally=$(curl -sf -H "Authorization: Bearer $first" "$url/api/v1/proposals/$proposal" | grep -o '"tally":{[^}]*}')
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

cat <<REPORT
### $(date -u +%Y-%m-%d) — collaborative layer, $people people
- Machine: $(nproc) cores; build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server threads $threads; $spaces_total spaces, $problems_total problems, $ideas_total ideas in the demo
- Command: \`bench/spaces.sh $people $seconds\`; wrk -t2 -d${seconds}s on the same 2 cores; reads as 100 people at random over the public spaces

| request | connections | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|---|
$space_row
$feed_row
$problem_row
$board_row
$stance_row

- After the stance run the proposal's $tally (50 voters, each counted once however often they changed their stance)
- Server RSS after the runs: ${rss} KiB
REPORT
kill -TERM $pid; wait $pid || true
