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


def bar_chart(path, groups, series, title, rotate=False) -> None:
    """Grouped bars of latency on a log axis: one group per entry of
    `groups`, one bar per series {label: [ms per group]}; a note instead of
    a chart when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing: no chart")
        return
    fig, ax = plt.subplots(figsize=(14 if rotate else 10, 4.5))
    width = 0.8 / len(series)
    for i, (label, values) in enumerate(series.items()):
        ax.bar([j + i * width for j in range(len(groups))], values, width, label=label)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(groups))])
    if rotate:
        ax.set_xticklabels(groups, rotation=45, ha="right", fontsize=7)
    else:
        ax.set_xticklabels(groups)
    ax.set_ylabel("median latency (ms, log)")
    ax.set_yscale("log")
    ax.legend(fontsize=7)
    ax.set_title(title, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    print(f"\nchart: {path}")
