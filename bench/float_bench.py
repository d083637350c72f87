#!/usr/bin/env python3
"""fp32 latency, side by side in one run: quant-run (MLIR JIT) vs PyTorch
eager, same inputs, 1 thread, batch 1. Prints medians and the ratio.

Usage: /usr/bin/python3 bench/float_bench.py [--runs N] [--models a,b]
Figures only: this is not a test and never fails on time.
"""

import argparse
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import torch

from bench_common import cpu_label, torch_median_ms  # noqa: E402  (adds python/ to the path)
from quant_pt2e import tool_path  # noqa: E402
from quant_pt2e.importer import import_model  # noqa: E402
from quant_pt2e.models import get_model  # noqa: E402


def ours_median_ms(mlir_path, input_paths, runs, warmup=1):
    args = [str(tool_path("quant-run")), str(mlir_path), "--benchmark", str(runs),
            "--warmup", str(warmup)]
    for path in input_paths:
        args += ["--input", str(path)]
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    match = re.search(r"median ([0-9.]+) ms, compile ([0-9.]+) ms", result.stdout)
    return float(match.group(1)), float(match.group(2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", default="resnet18,mobilenet_v2")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"fp32, batch 1, 1 thread, median of {args.runs} runs; {cpu_label()}")
    print(f"{'model':<14} {'PyTorch ms':>11} {'quant-run ms':>13} {'ratio':>7} "
          f"{'compile ms':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            module, inputs = get_model(name)
            directory = Path(tmp) / name
            directory.mkdir()
            import_model(module, inputs).write(directory / "model.mlir")
            paths = []
            for i, tensor in enumerate(inputs):
                paths.append(directory / f"input_{i}.npy")
                np.save(paths[-1], tensor.numpy())
            theirs = torch_median_ms(module, inputs, args.runs)
            ours, compile_ms = ours_median_ms(directory / "model.mlir", paths, args.runs)
            print(f"{name:<14} {theirs:>11.2f} {ours:>13.2f} {ours / theirs:>6.2f}x "
                  f"{compile_ms:>11.0f}")


if __name__ == "__main__":
    main()
