#!/usr/bin/env bash
# Sign-in bursts and the io threads: GET /healthz latency while 8 connections sign in without
# pause (each sign-in is an argon2id verification, ~64 MiB and ~100 ms of one core). Run it for
# one binary or several (WEFT_BINS="build/weft other/weft") to compare builds on one store.
# Prints a Markdown section for bench/RESULTS.md.
# Usage: bench/signin_burst.sh [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
threads="${WEFT_THREADS:-2}"
bins="${WEFT_BINS:-build/weft}"
people=300
data="build/bench-data-$people"

if [ ! -f "$data/weft.db" ]; then
  echo "bench: generating the demo with $people people (once; kept in $data)" >&2
  build/weft demo --people "$people" --seed 1 --data-dir "$data" >&2
fi
emails="build/bench-emails-$people.txt"
sqlite3 "$data/weft.db" "SELECT email FROM people WHERE role <> 'guest' ORDER BY id LIMIT 100" > "$emails"
export WEFT_EMAILS="$emails"

rows=""
for bin in $bins; do
  work="build/bench-signin"
  rm -rf "$work"; mkdir -p "$work"
  cp "$data/weft.db" "$work/weft.db"; if [ -f "$data/weft.db-search" ]; then cp "$data/weft.db-search" "$work/weft.db-search"; fi
  out=$(mktemp)
  "$bin" serve --listen 127.0.0.1:0 --data-dir "$work" --threads "$threads" --log-level warn >"$out" 2>/dev/null &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT  # a failed step never leaves the server running
  for _ in $(seq 300); do grep -q listening "$out" && break; sleep 0.05; done
  url=$(grep -o 'http://[0-9.:]*' "$out")
  for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
  quiet="build/wrk-signin-quiet.txt"
  wrk -t1 -c4 -d"${seconds}s" --latency "$url/healthz" > "$quiet"
  burst="build/wrk-signin-burst.txt"
  signins="build/wrk-signin-signins.txt"
  wrk -t2 -c8 -d"$((seconds + 2))s" -s bench/signin.lua "$url" > "$signins" &
  signin_pid=$!
  sleep 1
  wrk -t1 -c4 -d"${seconds}s" --latency "$url/healthz" > "$burst"
  wait "$signin_pid"
  q50=$(awk '$1=="50%" {print $2}' "$quiet"); q99=$(awk '$1=="99%" {print $2}' "$quiet")
  b50=$(awk '$1=="50%" {print $2}' "$burst"); b99=$(awk '$1=="99%" {print $2}' "$burst")
  qrps=$(awk '/Requests\/sec/ {print $2}' "$quiet")
  brps=$(awk '/Requests\/sec/ {print $2}' "$burst")
  srps=$(awk '/Requests\/sec/ {print $2}' "$signins")
  serr=$(awk '/Non-2xx/ {print $4}' "$signins")
  rows+="| \`$bin\` | $qrps | $q50 / $q99 | $b50 / $b99 | $brps | $srps | ${serr:-0} |"$'\n'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
done

cat <<REPORT
### $(date -u +%Y-%m-%d) — sign-in bursts and the io threads
- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); build $(grep CMAKE_BUILD_TYPE:STRING build/CMakeCache.txt | cut -d= -f2); server io threads $threads
- Command: \`WEFT_BINS="$bins" bench/signin_burst.sh $seconds\` (GET /healthz on 4 connections, alone and while 8 connections sign in as 100 demo people)

| server | /healthz requests/s, quiet | /healthz p50 / p99, quiet | /healthz p50 / p99, during sign-ins | /healthz requests/s, during | sign-ins/s | sign-in non-2xx |
|---|---|---|---|---|---|---|
$rows
REPORT
