#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer and UndefinedBehaviorSanitizer
# into its own build directory and runs the lit, gtest and pytest suites
# against it; ends with `N passed, N failed` like scripts/test.sh.
# Usage: scripts/sanitize.sh      (BUILD_DIR, default build-asan; JOBS, default 1)
#
# Our code (libraries, tools, unit tests, libQuantPT2ERuntime.so) is
# instrumented; Debian's libMLIR.so and the JIT-compiled model code are not.
# The ASan runtime is the shared one (-shared-libasan) so that the pytest
# suite can load the instrumented libQuantPT2ERuntime.so through ctypes into
# an uninstrumented python with the runtime preloaded; the tools it runs as
# subprocesses use the same runtime. Leaks are checked everywhere; third-party
# leaks are suppressed in scripts/sanitizers/lsan.supp. See docs/Robustness.md.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-build-asan}
JOBS=${JOBS:-1}
export QUANT_PT2E_BUILD_DIR="$ROOT/$BUILD_DIR"

scripts/setup.sh || exit 1

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -shared-libasan"
ASAN_RT=$(clang++-22 -print-file-name=libclang_rt.asan-x86_64.so)
RT_DIR=$(dirname "$ASAN_RT")
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  scripts/configure.sh "$BUILD_DIR" \
    -DQUANT_PT2E_WERROR=ON \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_C_FLAGS="$SAN" -DCMAKE_CXX_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN -Wl,-rpath,$RT_DIR" \
    -DCMAKE_SHARED_LINKER_FLAGS="$SAN -Wl,-rpath,$RT_DIR" \
    -DCMAKE_MODULE_LINKER_FLAGS="$SAN -Wl,-rpath,$RT_DIR" || exit 1
fi
ninja -C "$BUILD_DIR" -j "$JOBS" || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its slabs when the
# code that inlines it is instrumented; here a slab may be carved by our
# (instrumented) inlined copy and handed out by libMLIR.so's uninstrumented
# one, which never unpoisons: every such use would be a false
# use-after-poison. Everything else ASan checks stays on.
REPORTS="$ROOT/$BUILD_DIR/test-reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
# Reports also go to files (log_path): a test that expects a tool to fail
# would otherwise pass when the tool dies of a sanitizer report instead.
LOGS="$REPORTS/sanitizer"
export ASAN_OPTIONS="detect_leaks=1:allow_user_poisoning=0:halt_on_error=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1:log_path=$LOGS"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$LOGS"

echo "== lit (ASan+UBSan)"
/usr/lib/llvm-22/bin/lit -sv "$BUILD_DIR/test" \
  --xunit-xml-output="$REPORTS/lit.xml"

echo "== gtest (ASan+UBSan)"
"$BUILD_DIR/bin/QuantPT2EUnitTests" --gtest_brief=1 \
  --gtest_output="xml:$REPORTS/gtest.xml"

echo "== pytest (ASan+UBSan tools and runtime library)"
LD_PRELOAD="$ASAN_RT" /usr/bin/python3 -m pytest -q -p no:cacheprovider test/python \
  --junitxml="$REPORTS/pytest.xml"

echo "== summary (ASan+UBSan)"
reports=$(find "$REPORTS" -maxdepth 1 -name 'sanitizer.*' | sort)
if [ -n "$reports" ]; then
  echo "sanitizer reports (each a failure, whatever the test's verdict):"
  for report in $reports; do echo "-- $report"; cat "$report"; done
fi
summary=$(/usr/bin/python3 scripts/junit_summary.py \
  "$REPORTS/lit.xml" "$REPORTS/gtest.xml" "$REPORTS/pytest.xml")
status=$?
echo "$summary" | sed '$d'
last=$(echo "$summary" | tail -1)
passed=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$last")
failed=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$last")
count=$(echo -n "$reports" | grep -c . || true)
[ "$count" -gt 0 ] && echo "sanitizer reports: $count"
echo "$passed passed, $((failed + count)) failed"
[ "$status" -eq 0 ] && [ "$count" -eq 0 ]
