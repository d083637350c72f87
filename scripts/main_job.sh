#!/usr/bin/env bash
# The main job, end to end from a fresh clone: install, build, then train a
# small CNN on scikit-learn's digits, import it, quantize it with the XNNPACK
# quantizer, calibrate, run the int8 model and compare with PyTorch.
# Usage: scripts/main_job.sh [--per-channel] [--epochs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh > /dev/null
export QUANT_PT2E_BUILD_DIR="$PWD/${BUILD_DIR:-build}"
PYTHONPATH="$PWD/python" /usr/bin/python3 -m quant_pt2e.demo "$@"
