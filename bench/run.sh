#!/usr/bin/env bash
# HTTP load benchmark on loopback: GET /healthz and authenticated GET /api/v1/people/{id} on the
# demo organization. Prints a Markdown section to append to bench/RESULTS.md.
# Usage: bench/run.sh [people=100000] [seconds=15] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-100000}"
seconds="${2:-15}"
connections="${3:-64}"
threads="${WEFT_THREADS:-2}"
data="build/bench-data-$people"

if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  start=$(date +%s)
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
  echo "bench: demo took $(( $(date +%s) - start )) s" >&2
fi

out=$(mktemp)
build/weft serve --listen 127.0.0.1:0 --data-dir "$data" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$out")
startup_rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

session=$(curl -sf -c - -o /dev/null -X POST "$url/api/v1/session" -H 'Content-Type: application/json' \
  -d '{"email":"admin@weft.demo","password":"weft-demo"}' | awk '/weft_session/ {print $7}')
csrf=$(curl -sf -b "weft_session=$session" "$url/api/v1/session" | sed 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/')
token=$(curl -sf -b "weft_session=$session" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -X POST "$url/api/v1/tokens" -d '{"name":"bench","scopes":["read"]}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

run_wrk() {  # name, extra args…
  local name="$1"; shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" > "build/wrk-$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "build/wrk-$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "build/wrk-$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "build/wrk-$name.txt")
  echo "$name $rps $p50 $p99"
}

# Warm the page cache and the statement caches.
wrk -t1 -c8 -d3s -s bench/people.lua "$url" >/dev/null 2>&1 || true
read -r _ h_rps h_p50 h_p99 < <(run_wrk healthz "$url/healthz")
read -r _ p_rps p_p50 p_p99 < <(WEFT_TOKEN="$token" WEFT_PEOPLE="$people" run_wrk people -s bench/people.lua "$url")
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
ratio=$(awk -v a="$p_rps" -v b="$h_rps" 'BEGIN { printf "%.2f", a / b }')
db_size=$(du -m "$data/weft.db" | cut -f1)

cat <<REPORT
### $(date -u +%Y-%m-%d) — HTTP, $people people
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server threads $threads; SQLite file ${db_size} MiB
- Command: \`bench/run.sh $people $seconds $connections\` (wrk -t2 -c$connections -d${seconds}s, on the same 2 cores as the server)

| endpoint | requests/s | p50 | p99 |
|---|---|---|---|
| GET /healthz | $h_rps | $h_p50 | $h_p99 |
| GET /api/v1/people/{id} (bearer, random id) | $p_rps | $p_p50 | $p_p99 |

- people/healthz ratio: **$ratio**
- Server RSS: ${startup_rss} KiB after start-up, ${rss} KiB after the runs
REPORT
kill -TERM $pid; wait $pid || true
