#!/usr/bin/env bash
# The one test command: installs what is missing, builds, then runs the lit
# suite, the gtest unit tests and the pytest suite, and ends with a line
# `N passed, N failed` counting all of them.
# Usage: scripts/test.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-build}
export QUANT_PT2E_BUILD_DIR="$ROOT/$BUILD_DIR"

scripts/setup.sh || exit 1
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

REPORTS="$BUILD_DIR/test-reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

echo "== lit"
/usr/lib/llvm-22/bin/lit -sv "$BUILD_DIR/test" \
  --xunit-xml-output="$REPORTS/lit.xml"

echo "== gtest"
"$BUILD_DIR/bin/QuantPT2EUnitTests" --gtest_brief=1 \
  --gtest_output="xml:$REPORTS/gtest.xml"

echo "== pytest"
/usr/bin/python3 -m pytest -q -p no:cacheprovider test/python \
  --junitxml="$REPORTS/pytest.xml"

echo "== summary"
/usr/bin/python3 scripts/junit_summary.py \
  "$REPORTS/lit.xml" "$REPORTS/gtest.xml" "$REPORTS/pytest.xml"
