#!/usr/bin/env bash
# Runs every test suite — C++ unit tests, API tests over real HTTP (on SQLite, then again on a
# throwaway PostgreSQL cluster, several nodes on it included), browser tests in Chromium (on
# SQLite, then on PostgreSQL), the
# libFuzzer targets (a clang ASan+UBSan build in build-fuzz/) and the API tests again against a
# server from that build (`make test-asan`) — and prints one summary. Exits non-zero when any
# suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export WEFT_BIN="$PWD/build/weft"

# Each suite's output is also kept, so that a failure is named again next to the summary: a CI log
# may show only its last lines.
logs=$(mktemp -d)
declare -a names results times
suites=0  # how many have run (an empty array's length is an unbound variable under set -u)
run_suite() {
  local name="$1"; shift
  echo
  echo "=== $name: $*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$logs/$suites.log"
  local rc=${PIPESTATUS[0]}
  names+=("$name"); results+=("$rc"); times+=($((SECONDS - start)))
  suites=$((suites + 1))
}

# The failing tests of a suite, a line each with the first line of its error where the reporter
# gives one: TAP "not ok" lines (node's, and the browser runner's) with the "error:" or "#" line
# after them, GoogleTest's "[  FAILED  ]", CTest's "Failed", a sanitizer's "ERROR".
failures_of() {
  awk '
    /^[ \t]*not ok / { sub(/^[ \t]*/, ""); print; want = 12; next }
    want > 0 && /^[ \t]*(error: |#   )/ { sub(/^[ \t]*/, "  "); print substr($0, 1, 200); want = 0; next }
    want > 0 { want-- }
    /\[  FAILED  \] [A-Za-z]|Failed +[0-9.]+ sec|^==[0-9]+==ERROR/ { print }
  ' "$1" | awk '!seen[$0]++' | head -16
}

# The store conformance suite runs against PostgreSQL too, on a throwaway cluster on loopback.
if eval "$(scripts/postgres.sh start)"; then
  trap 'scripts/postgres.sh stop "$WEFT_TEST_POSTGRES_DIR"' EXIT
else
  echo "test: could not start a PostgreSQL cluster" >&2
  names+=("postgres cluster"); results+=(1); times+=(0); suites=$((suites + 1))
fi

run_suite "unit (GoogleTest/CTest)" ctest --test-dir build --output-on-failure -j2 --timeout 300
run_suite "api (real server over HTTP)" node --test --test-concurrency=2 --test-timeout=120000 tests/api/
run_suite "api on PostgreSQL (WEFT_API_ON_POSTGRES=1)" env WEFT_API_ON_POSTGRES=1 node --test --test-concurrency=2 --test-timeout=120000 tests/api/
run_suite "browser (Playwright + Chromium)" bash -c "cd web && npm run --silent e2e"
run_suite "browser on PostgreSQL" bash -c "cd web && WEFT_E2E_POSTGRES_URL=\"\$WEFT_TEST_POSTGRES_URL\" npm run --silent e2e"
run_suite "fuzz (libFuzzer, ${FUZZ_SECONDS:-60} s per target)" env FUZZ_SECONDS="${FUZZ_SECONDS:-60}" FUZZ_MERGE=0 scripts/fuzz.sh
run_suite "api under ASan+UBSan (make test-asan)" scripts/test-asan.sh

echo
echo "=== Summary"
failed=0
for i in "${!names[@]}"; do
  if [ "${results[$i]}" -eq 0 ]; then status="passed"; else status="FAILED"; failed=1; fi
  printf '  %-34s %-7s %4ss\n' "${names[$i]}" "$status" "${times[$i]}"
done
for i in "${!names[@]}"; do
  if [ "${results[$i]}" -ne 0 ] && [ -f "$logs/$i.log" ]; then
    echo "--- failed in ${names[$i]}:"
    failures_of "$logs/$i.log" | sed 's/^/    /'
  fi
done
rm -rf "$logs"
exit $failed
