#!/usr/bin/env python3
"""The model zoo (quant_pt2e.zoo) benchmarked and checked at full size
(224x224, the layers' usual widths), batch 1, one thread, in one run:

* quantize() time (import, calibration through quant-run, convert);
* per lowering (auto, oneDNN, XNNPACK, vector, optionally reference): the
  compile time of the library (quant-compile, no cache) and the median
  latency of the in-process call qm(x);
* PyTorch 1.13 fp32 eager, and PyTorch int8 (FX convert_fx on the onednn
  engine, or fbgemm where its onednn kernels fail on the CPU) where FX can
  trace the model;
* the accuracy figures of the test suite at this size: the fp32 error of
  our float lowering and the int8 cosine to PyTorch fp32.

Prints a markdown table (ratios to PyTorch int8, else fp32) and writes a
PNG chart. The per-tensor XNNPACK quantizer config, 2 calibration images.

Usage: /usr/bin/python3 bench/zoo_bench.py [--models a,b] [--small]
       [--runs N] [--lowerings auto,onednn,xnnpack,vector]
       [--chart bench/zoo_bench.png]
Figures only: this is not a test and never fails on time.
"""

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from bench_common import bar_chart, cpu_label, torch_median_ms  # noqa: E402  (adds python/ to the path)
from int8_bench import torch_x86_int8  # noqa: E402
from quant_pt2e import quantize, tool_path, zoo  # noqa: E402
from quant_pt2e.importer import import_model  # noqa: E402


def _first(output):
    return output[0] if isinstance(output, tuple) else output


def _cosine(a, b):
    a, b = np.asarray(a, np.float64).ravel(), np.asarray(b, np.float64).ravel()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def fp32_error(model, example, workdir: Path) -> float:
    """max |ours - torch| / max |torch| of the float lowering (quant-run)."""
    import_model(model, example).write(workdir / "float.mlir")
    args = [str(tool_path("quant-run")), str(workdir / "float.mlir"),
            "--output-dir", str(workdir)]
    for i, tensor in enumerate(example):
        np.save(workdir / f"float_in{i}.npy", tensor.numpy())
        args += ["--input", str(workdir / f"float_in{i}.npy")]
    subprocess.run(args, check=True, capture_output=True)
    with torch.no_grad():
        want = _first(model(*example)).numpy()
    ours = np.load(workdir / "output_0.npy")
    return float(np.abs(ours - want).max() / np.abs(want).max())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default=",".join(zoo.ZOO))
    parser.add_argument("--small", action="store_true", help="the test suite's sizes")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--lowerings", default="auto,onednn,xnnpack,vector")
    parser.add_argument("--chart", default=str(Path(__file__).with_name("zoo_bench.png")))
    args = parser.parse_args()
    lowerings = args.lowerings.split(",")
    torch.set_num_threads(1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # Compile times without the library cache.
        os.environ["QUANT_PT2E_CACHE_DIR"] = str(Path(tmp) / "cache")
        for name in args.models.split(","):
            model, example = zoo.build(name, small=args.small)
            workdir = Path(tmp) / name
            workdir.mkdir()
            generator = torch.Generator().manual_seed(1)
            calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                           for _ in range(2)]
            row = {"model": name, "fp32 error": fp32_error(model, example, workdir)}
            start = time.perf_counter()
            qm = quantize(model, example, calibration, lowering="reference",
                          workdir=workdir / "q")
            row["quantize s"] = time.perf_counter() - start
            test = tuple(torch.randn(t.shape, generator=generator) for t in example)
            with torch.no_grad():
                fp32 = _first(model(*test)).numpy()
            row["PyTorch fp32"] = torch_median_ms(model, example, args.runs)
            if zoo.ZOO[name].fx_reference:
                try:
                    int8, engine = torch_x86_int8(model, example, calibration)
                    row["PyTorch int8"] = torch_median_ms(int8, example, args.runs)
                    row["PyTorch engine"] = engine
                except Exception as error:  # noqa: BLE001 (FX's tracer errors vary)
                    print(f"{name}: PyTorch int8 unavailable ({type(error).__name__})")
            for lowering in lowerings:
                variant = qm.with_lowering(lowering)
                start = time.perf_counter()
                variant.compiled()
                row[f"{lowering} compile s"] = time.perf_counter() - start
                row[lowering] = variant.benchmark(*example, runs=args.runs)
                if lowering == lowerings[0]:
                    row["int8 cosine"] = _cosine(_first(variant(*test)), fp32)
                if lowering == "auto":
                    row["auto backend"] = variant.backend
            rows.append(row)
            print(f"{name}: " + ", ".join(
                f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}"
                for k, v in row.items() if k != "model"), flush=True)

    cpu = cpu_label()
    size = "test sizes" if args.small else "224x224 / full width"
    print(f"\nModel zoo, batch 1, 1 thread, {size}; latency medians in ms "
          f"(ratio to PyTorch int8, else to fp32); {cpu}\n")
    header = (["model", "PyTorch fp32", "PyTorch int8"] + lowerings +
              ["quantize s"] + [f"{lw} compile s" for lw in lowerings] +
              ["fp32 error", "int8 cosine"])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        base = row.get("PyTorch int8", row["PyTorch fp32"])
        cells = [row["model"], f"{row['PyTorch fp32']:.2f}",
                 f"{row['PyTorch int8']:.2f}" if "PyTorch int8" in row else "n/a"]
        cells += [f"{row[lw]:.2f} ({row[lw] / base:.2f})" for lw in lowerings]
        cells += [f"{row['quantize s']:.1f}"]
        cells += [f"{row[f'{lw} compile s']:.2f}" for lw in lowerings]
        cells += [f"{row['fp32 error']:.1e}", f"{row['int8 cosine']:.4f}"]
        print("| " + " | ".join(cells) + " |")

    labels = ["PyTorch fp32", "PyTorch int8"] + lowerings
    bar_chart(args.chart, [row["model"] for row in rows],
              {label: [row.get(label, 0.0) for row in rows] for label in labels},
              f"model zoo, batch 1, 1 thread, {size} ({cpu})", rotate=True)

if __name__ == "__main__":
    main()
