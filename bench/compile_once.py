#!/usr/bin/env python3
"""Compile once, run many: what a call of a quantized model costs in process.

For each model and lowering, same run, batch 1, 1 thread:

* compile: quant-compile of the converted model into a library (the cache
  is bypassed), and creating an instance (qpt2e_init: primitives, packing);
* qm(x): the in-process call's median (C API through ctypes, outputs
  returned as tensors);
* quant-run: quant-run's own benchmark median of the same model and options
  (JIT, the kernels alone), and the ratio qm(x) / quant-run (goal <= 1.05)
  and the per-call overhead qm(x) - quant-run (goal < 50 us); both taken in
  alternating rounds, the median of the rounds' medians;
* PyTorch 1.13 int8 (FX, onednn engine) for scale.

Usage: /usr/bin/python3 bench/compile_once.py [--models resnet18,mobilenet_v2]
       [--lowerings auto,vector,xnnpack] [--runs 50] [--rounds 3]
Figures only: this is not a test and never fails on time.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import torch

from bench_common import cpu_label, torch_median_ms  # noqa: E402  (adds python/ to the path)
from int8_bench import torch_x86_int8  # noqa: E402
from quant_pt2e import quantize  # noqa: E402
from quant_pt2e.compiled import CompiledModel  # noqa: E402
from quant_pt2e.models import get_model  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="resnet18,mobilenet_v2")
    parser.add_argument("--lowerings", default="auto,vector,xnnpack")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of both timings (median taken)")
    args = parser.parse_args()
    print(f"CPU: {cpu_label()}; batch 1, 1 thread, medians of {args.runs} runs")
    header = (f"{'model':<14}{'lowering':<10}{'compile s':>10}{'create ms':>10}"
              f"{'qm(x) ms':>10}{'quant-run ms':>13}{'ratio':>7}{'overhead us':>12}"
              f"{'PyTorch int8 ms':>16}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # A fresh cache: the compile times below are real compiles.
        os.environ["QUANT_PT2E_CACHE_DIR"] = str(Path(tmp) / "cache")
        for name in args.models.split(","):
            model, example = get_model(name)
            generator = torch.Generator().manual_seed(0)
            calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                           for _ in range(4)]
            converted = quantize(model, example, calibration, per_channel=True,
                                 workdir=Path(tmp) / name)
            int8, engine = torch_x86_int8(model, example, calibration)
            pytorch = torch_median_ms(int8, example, args.runs)
            print(f"{name}: PyTorch int8 on its {engine} engine")
            for lowering in args.lowerings.split(","):
                qm = converted.with_lowering(lowering)
                start = time.perf_counter()
                instance = qm.compiled()
                total = time.perf_counter() - start
                start = time.perf_counter()
                CompiledModel(instance.library)  # a second instance: create alone
                create_ms = (time.perf_counter() - start) * 1e3
                # Alternating rounds: the two figures see the same machine.
                ours, theirs = [], []
                for _ in range(args.rounds):
                    ours.append(qm.benchmark(*example, runs=args.runs, warmup=5))
                    theirs.append(qm.quant_run_benchmark(*example, runs=args.runs, warmup=5))
                ours, theirs = statistics.median(ours), statistics.median(theirs)
                backend = qm.backend + (" (auto)" if lowering == "auto" else "")
                rows.append(f"{name:<14}{backend:<10}{total - create_ms / 1e3:>10.2f}"
                            f"{create_ms:>10.1f}{ours:>10.3f}{theirs:>13.3f}"
                            f"{ours / theirs:>7.3f}{(ours - theirs) * 1e3:>12.1f}"
                            f"{pytorch:>16.3f}")
                print(rows[-1], flush=True)
    print()
    print(header)
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
