#!/usr/bin/env bash
# Builds `weft` with ASan+UBSan (clang, build-fuzz/, the same build directory as the fuzz targets)
# and runs the whole API suite against it. Any sanitizer report aborts the server; a leak found at
# exit makes its exit code non-zero, which the suite's fixture (tests/api/server.mjs) fails on.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
CXX_COMPILER=${FUZZ_CXX:-clang++-16}

start=$SECONDS
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DWEFT_FUZZ=ON -DWEFT_TESTS=OFF >/dev/null || exit 1
nice -n 10 ninja -C "$BUILD_DIR" -j2 weft || exit 1
echo "test-asan: built $BUILD_DIR/weft in $((SECONDS - start)) s"

export WEFT_BIN="$ROOT/$BUILD_DIR/weft"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-16/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-16/bin/llvm-symbolizer
fi
tests_start=$SECONDS
node --test --test-concurrency=2 --test-timeout=120000 tests/api/
rc=$?
echo "test-asan: API suite against the ASan+UBSan server: $([ $rc -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - tests_start)) s"
exit $rc
