#!/usr/bin/env bash
# Builds Weft's libFuzzer targets (clang, ASan+UBSan, in build-fuzz/) and runs each for
# FUZZ_SECONDS (default 60), two at a time, on a scratch copy of its committed corpus
# (tests/fuzz/corpus/<target>/). Prints each target's executions and a summary; exits non-zero on
# any crash, leak, UBSan report, timeout or broken invariant, naming the reproducer.
#
#   FUZZ_SECONDS=600      seconds per target
#   FUZZ_TARGETS="http cursor"   a subset (default: every tests/fuzz/*_fuzz.cc)
#   FUZZ_MERGE=1          afterwards, merge inputs that add coverage into tests/fuzz/corpus/
#                         (`make fuzz` only; `make test` never writes into the repository)
#   FUZZ_JOBS=2           targets run at once
#
# Reproduce a finding: build-fuzz/fuzz/<target>_fuzz <reproducer file>
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-2}
MERGE=${FUZZ_MERGE:-0}
CXX_COMPILER=${FUZZ_CXX:-clang++-16}
if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for source in tests/fuzz/*_fuzz.cc; do
    name=$(basename "$source" .cc)
    targets+=("${name%_fuzz}")
  done
fi

echo "fuzz: building ${targets[*]} in $BUILD_DIR ($CXX_COMPILER, ASan+UBSan)"
build_start=$SECONDS
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DWEFT_FUZZ=ON -DWEFT_TESTS=OFF >/dev/null || exit 1
nice -n 10 ninja -C "$BUILD_DIR" -j2 "${targets[@]/%/_fuzz}" || exit 1
echo "fuzz: built in $((SECONDS - build_start)) s"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/weft-fuzz.XXXXXX")
# The targets' SQLite stores: on tmpfs when there is one.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then store_dir=$(mktemp -d /dev/shm/weft-fuzz.XXXXXX); else store_dir=$scratch/stores; fi
trap 'rm -rf "$scratch" "$store_dir"' EXIT
artifacts="$ROOT/$BUILD_DIR/fuzz-artifacts"
mkdir -p "$artifacts"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
# clang-16's DWARF needs llvm-symbolizer 16 (package llvm-16) for file:line in stack traces.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-16/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer
fi
export LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"

run_target() {
  local target=$1
  local corpus="$scratch/$target/corpus"
  mkdir -p "$corpus" "$artifacts/$target" "$store_dir/$target"
  cp -r "tests/fuzz/corpus/$target/." "$corpus/" 2>/dev/null
  local dict=()
  if [ -f "tests/fuzz/$target.dict" ]; then dict=("-dict=tests/fuzz/$target.dict"); fi
  if [ "$target" = json_body ] && [ -f tests/fuzz/http.dict ]; then dict=("-dict=tests/fuzz/http.dict"); fi
  WEFT_FUZZ_TMP="$store_dir/$target" "$BUILD_DIR/fuzz/${target}_fuzz" \
    -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -rss_limit_mb=2048 -timeout=30 \
    -artifact_prefix="$artifacts/$target/" "${dict[@]}" "$corpus" >"$scratch/$target.log" 2>&1
  echo $? >"$scratch/$target.rc"
}

echo "fuzz: ${#targets[@]} targets, ${SECONDS_PER_TARGET} s each, $JOBS at a time"
run_start=$SECONDS
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

stat() { grep -a -m1 "^stat::$2:" "$scratch/$1.log" | awk '{print $2}'; }
failed=0
total=0
printf '\n  %-10s %-7s %12s %9s %7s %8s\n' target result executions exec/s new rss_mb
for target in "${targets[@]}"; do
  rc=$(cat "$scratch/$target.rc" 2>/dev/null || echo 1)
  execs=$(stat "$target" number_of_executed_units); execs=${execs:-0}
  result=passed
  if [ "$rc" -ne 0 ] || grep -aqE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|==weft-fuzz==" "$scratch/$target.log"; then
    result=FAILED
    failed=1
  fi
  total=$((total + execs))
  printf '  %-10s %-7s %12s %9s %7s %8s\n' "$target" "$result" "$execs" \
    "$(stat "$target" average_exec_per_sec)" "$(stat "$target" new_units_added)" "$(stat "$target" peak_rss_mb)"
done

for target in "${targets[@]}"; do
  log="$scratch/$target.log"
  cp "$log" "$artifacts/$target/last-run.log"
  if grep -aqE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|==weft-fuzz==" "$log" ||
     [ "$(cat "$scratch/$target.rc" 2>/dev/null || echo 1)" -ne 0 ]; then
    echo
    echo "=== $target: finding (full log: $artifacts/$target/last-run.log)"
    # The report, from its first line, without libFuzzer's progress lines.
    awk '/==weft-fuzz==|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:/{p=1} p' "$log" |
      grep -avE '^#[0-9]+|NEW_FUNC|^0x' | cut -c1-300 | head -70
    reproducer=$(grep -aoE "Test unit written to .*" "$log" | tail -1 | sed 's/Test unit written to //')
    echo "reproducer: ${reproducer:-(none written; see the log)}"
    [ -n "$reproducer" ] && echo "replay:     $BUILD_DIR/fuzz/${target}_fuzz $reproducer"
  fi
done

if [ "$MERGE" = 1 ]; then
  echo
  for target in "${targets[@]}"; do
    before=$(ls "tests/fuzz/corpus/$target" | wc -l)
    WEFT_FUZZ_TMP="$store_dir/$target" "$BUILD_DIR/fuzz/${target}_fuzz" -merge=1 -timeout=30 -rss_limit_mb=2048 \
      "tests/fuzz/corpus/$target" "$scratch/$target/corpus" >"$scratch/$target.merge.log" 2>&1
    echo "fuzz: merged $target: $before -> $(ls "tests/fuzz/corpus/$target" | wc -l) corpus files"
  done
fi

echo
if [ "$failed" -eq 0 ]; then
  echo "fuzz: ${#targets[@]} targets passed, $total executions in $((SECONDS - run_start)) s"
else
  echo "fuzz: FAILED ($total executions in $((SECONDS - run_start)) s); reproducers in $artifacts"
fi
exit $failed
