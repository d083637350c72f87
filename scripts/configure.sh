#!/usr/bin/env bash
# Configures a build directory with the project's toolchain (clang-22, ninja,
# Debian's LLVM/MLIR 22): the one home of the cmake command that
# scripts/build.sh, scripts/fuzz.sh and scripts/sanitize.sh share.
# Usage: scripts/configure.sh BUILD_DIR [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=$1
shift
cmake -G Ninja -S . -B "$BUILD_DIR" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
  -DLLVM_DIR=/usr/lib/llvm-22/lib/cmake/llvm \
  "$@"
