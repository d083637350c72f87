"""Shared helpers of the benchmark scripts (figures only, never tests)."""

import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))


def torch_median_ms(module, inputs, runs, warmup=3):
    """Median latency of `module(*inputs)` in milliseconds, no autograd."""
    with torch.no_grad():
        for _ in range(warmup):
            module(*inputs)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            module(*inputs)
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def cpu_label() -> str:
    """The CPU model and the ISA the compiler targets on it, printed next to
    every figure (figures from different machines are not comparable)."""
    from quant_pt2e.api import target_info
    info = target_info()
    return (f"{info['cpu']}, ISA {info['target']}, oneDNN exact: {info['onednn exact']}, "
            f"auto = {info['auto lowering']}")
