#!/usr/bin/env bash
# Configures (once) and builds quant-pt2e into build/ with clang-22 and ninja.
# Usage: scripts/build.sh [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  scripts/configure.sh "$BUILD_DIR" \
    -DQUANT_PT2E_WERROR=${QUANT_PT2E_WERROR:-ON} "$@"
fi
ninja -C "$BUILD_DIR" -j "$JOBS"
