#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with ASan + UBSan + coverage in their
# own build directory and runs each for a set time, from a corpus that grows
# across runs (seeded by fuzz/make_corpus.py from the lit tests and
# generated input files). Prints executions, time and crashes per target;
# crashing, leaking, timing-out and out-of-memory inputs are saved in
# $CRASH_DIR. Exits 1 when a target found any.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]
#   (default 300 s; targets: mlir inputs; BUILD_DIR default build-fuzz,
#   JOBS default 1, CRASH_DIR default $BUILD_DIR/crashes). Both targets at
#   once on two cores: build first (scripts/fuzz.sh 1), then
#   scripts/fuzz.sh 3600 mlir & scripts/fuzz.sh 3600 inputs
# Reproduce a finding: $BUILD_DIR/bin/quant-pt2e-fuzz-<target> FILE
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER_TARGET=${1:-300}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(mlir inputs)
BUILD_DIR=${BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-1}
CRASH_DIR=${CRASH_DIR:-$BUILD_DIR/crashes}

scripts/setup.sh || exit 1
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  scripts/configure.sh "$BUILD_DIR" \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DQUANT_PT2E_WERROR=ON -DQUANT_PT2E_FUZZ=ON || exit 1
fi
# Only the fuzz targets and what they link (not the tools or tests).
ninja -C "$BUILD_DIR" -j "$JOBS" quant-pt2e-fuzz || { echo "fuzz build failed"; exit 1; }

# One seed directory per invocation (SEEDS to override), so two runs (one
# target each, one core each) can share the build.
SEEDS=${SEEDS:-$BUILD_DIR/fuzz-seeds-$(IFS=-; echo "${TARGETS[*]}")}
rm -rf "$SEEDS"
/usr/bin/python3 fuzz/make_corpus.py "$SEEDS" || exit 1
mkdir -p "$CRASH_DIR"

# allow_user_poisoning=0: see scripts/sanitize.sh (LLVM's allocator
# poisoning across instrumented and uninstrumented code).
export ASAN_OPTIONS="detect_leaks=1:allow_user_poisoning=0:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

declare -A MAX_LEN=([mlir]=32768 [inputs]=65536)
status=0
summary=()
for target in "${TARGETS[@]}"; do
  binary="$BUILD_DIR/bin/quant-pt2e-fuzz-$target"
  corpus="$BUILD_DIR/corpus/$target"
  log="$BUILD_DIR/fuzz-$target.log"
  mkdir -p "$corpus"
  before=$(find "$CRASH_DIR" -name "$target-*" | wc -l)
  echo "== fuzz $target: ${SECONDS_PER_TARGET}s (log $log)"
  # -fork=1: one worker process (one core) that is restarted after a
  # finding, so one session can collect several.
  dict=()
  [ -f "$SEEDS/$target.dict" ] && dict=(-dict="$SEEDS/$target.dict")
  start=$(date +%s)
  "$binary" "$corpus" "$SEEDS/$target" "${dict[@]}" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=4096 \
    -max_len="${MAX_LEN[$target]}" -artifact_prefix="$CRASH_DIR/$target-" \
    >"$log" 2>&1
  elapsed=$(( $(date +%s) - start ))
  after=$(find "$CRASH_DIR" -name "$target-*" | wc -l)
  found=$((after - before))
  # Fork mode's progress lines: "#N: cov: ... exec/s: E oom/timeout/crash: a/b/c time: Ts ..."
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
  cov=$(sed -E 's/.* cov: ([0-9]+) .*/\1/' <<<"$last")
  corp=$(find "$corpus" -type f | wc -l)
  line="$target: ${execs:-0} executions in ${elapsed}s, coverage ${cov:-?}, corpus $corp, crashes $found"
  echo "$line"
  summary+=("$line")
  [ "$found" -eq 0 ] || status=1
done
echo "== fuzz summary (findings in $CRASH_DIR)"
printf '%s\n' "${summary[@]}"
exit $status
