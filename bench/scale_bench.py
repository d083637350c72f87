#!/usr/bin/env python3
"""How the one-time costs grow with the model: for torchvision models with
random weights, batch 1, 64x64 inputs, same run:

* import: make_fx trace + MLIR text, and the files written (the text and
  its binary weights side file, next to the weights' own bytes);
* quantize: quantize() end to end (import, fold, annotate, prepare,
  calibration on 2 samples in quant-run, convert), and the converted
  module's size (MLIR bytecode);
* compile: quant-compile of the converted model into a library, per
  lowering (no cache), and creating an instance (weights packed).

Usage: /usr/bin/python3 bench/scale_bench.py [--models resnet18,resnet50,densenet121,vgg11]
       [--lowerings reference,onednn,xnnpack,vector] [--size 64]
Figures only: this is not a test and never fails on time.
"""

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import torch
import torchvision

from bench_common import cpu_label  # noqa: E402  (adds python/ to the path)
from quant_pt2e import quantize, tool_path  # noqa: E402
from quant_pt2e.compiled import CompiledModel  # noqa: E402
from quant_pt2e.importer import import_model  # noqa: E402


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6 if path.exists() else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="resnet18,resnet50,densenet121,vgg11")
    parser.add_argument("--lowerings", default="reference,onednn,xnnpack,vector")
    parser.add_argument("--size", type=int, default=64)
    args = parser.parse_args()
    print(f"CPU: {cpu_label()}; batch 1, {args.size}x{args.size}, 2 calibration samples")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            torch.manual_seed(0)
            model = getattr(torchvision.models, name)().eval()
            x = torch.randn(1, 3, args.size, args.size)
            weights = sum(t.numel() * t.element_size() for t in model.state_dict().values())
            work = Path(tmp) / name
            work.mkdir()
            start = time.perf_counter()
            imported = import_model(model, (x,))
            imported.write(work / "imported.mlir")
            import_s = time.perf_counter() - start
            start = time.perf_counter()
            qm = quantize(model, (x,), [(torch.randn_like(x),) for _ in range(2)],
                          per_channel=True, workdir=work / "q")
            quantize_s = time.perf_counter() - start
            row = {"model": name, "weights MB": weights / 1e6, "import s": import_s,
                   "text MB": mb(work / "imported.mlir"),
                   "side file MB": mb(work / "imported.weights"),
                   "quantize s": quantize_s, "converted MB": mb(qm.mlir_path)}
            for lowering in args.lowerings.split(","):
                library = work / f"{lowering}.so"
                start = time.perf_counter()
                result = subprocess.run([str(tool_path("quant-compile")), str(qm.mlir_path),
                                         "-o", str(library), "--lowering", lowering],
                                        capture_output=True, text=True)
                compile_s = time.perf_counter() - start
                if result.returncode != 0:
                    row[f"{lowering} compile s"] = float("nan")
                    print(f"{name} {lowering}: {result.stderr.strip()[:200]}")
                    continue
                start = time.perf_counter()
                CompiledModel(library)
                row[f"{lowering} compile s"] = compile_s
                row[f"{lowering} create ms"] = (time.perf_counter() - start) * 1e3
            rows.append(row)
            print("  ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in row.items()), flush=True)
    keys = list(rows[0].keys()) if rows else []
    print()
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(f"{row.get(k, float('nan')):.2f}" if k != "model" else row[k]
                         for k in keys))


if __name__ == "__main__":
    main()
