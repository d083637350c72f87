#!/usr/bin/env bash
# Installs every Debian package quant-pt2e needs. Quick when all are present.
# Usage: scripts/setup.sh   (root, or sudo available)
set -euo pipefail

PACKAGES=(
  # toolchain and MLIR 22
  clang-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools libomp-22-dev
  cmake ninja-build
  # backends
  libdnnl-dev libxnnpack-dev libpthreadpool-dev
  # oracle and Python deps (Debian only, no PyPI)
  python3 python3-torch python3-torchvision python3-numpy python3-pytest
  python3-sklearn python3-matplotlib python3-tqdm
  libopenblas0-pthread
  # C++ tests
  googletest libgtest-dev
  # fuzzing and sanitizer builds (scripts/fuzz.sh, scripts/sanitize.sh)
  libfuzzer-22-dev libclang-rt-22-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
