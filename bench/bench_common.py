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
