#!/usr/bin/env python3
"""int8 latency, side by side in one run, same inputs, batch 1:

* ours: the converted model through quant-run on the auto lowering (the
  fastest exact one for this CPU's ISA), the oneDNN lowering, the XNNPACK
  lowering, the vector lowering (the compiler's own kernels) and the
  reference lowering (dq -> float loops -> q);
* PyTorch 1.13 int8 (FX convert_fx, quantized engines onednn and qnnpack);
* PyTorch fp32 eager;

at 1 and 2 threads. Prints medians, ratios to PyTorch's onednn int8 (its
fbgemm engine where PyTorch's own onednn kernels fail on the CPU, named so),
the compile time of our whole pipeline, and writes a PNG chart.

Usage: /usr/bin/python3 bench/int8_bench.py [--runs N] [--models a,b]
       [--threads 1,2] [--chart bench/int8_bench.png] [--skip-reference]
       [--repeat K]  (every configuration K times in turn, fastest median;
                      compile times the fastest too)
Figures only: this is not a test and never fails on time.
"""

import argparse
import copy
import re
import subprocess
import tempfile
import time
from pathlib import Path

import torch
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.backend_config import (get_native_backend_config,
                                                  get_qnnpack_backend_config)
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

from bench_common import bar_chart, cpu_label, torch_median_ms  # noqa: E402  (adds python/ to the path)
from quant_pt2e import quantize, tool_path  # noqa: E402
from quant_pt2e.api import target_info  # noqa: E402
from quant_pt2e.models import get_model  # noqa: E402


def torch_int8(model, example, calibration, engine):
    torch.backends.quantized.engine = engine
    backend = get_qnnpack_backend_config() if engine == "qnnpack" else get_native_backend_config()
    prepared = prepare_fx(copy.deepcopy(model), get_default_qconfig_mapping(engine), example,
                          backend_config=backend)
    with torch.no_grad():
        for sample in calibration:
            prepared(*sample)
    return convert_fx(prepared, backend_config=backend)


def torch_x86_int8(model, example, calibration):
    """(module, engine label): PyTorch's int8 model on its onednn engine, or,
    where PyTorch 1.13's own onednn kernels fail on this CPU (seen on AMD Zen 4
    with AVX-512 VNNI: "could not create a primitive descriptor for a reorder
    primitive"), on its fbgemm engine, the label saying so. The engine stays
    set for the caller's timing runs."""
    for engine in ("onednn", "fbgemm"):
        module = torch_int8(model, example, calibration, engine)
        try:
            with torch.no_grad():
                module(*example)
        except RuntimeError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            print(f"PyTorch int8 on the {engine} engine fails on this CPU ({first}); "
                  "trying the next x86 engine")
            continue
        return module, engine if engine == "onednn" else f"{engine} (onednn fails here)"
    raise RuntimeError("PyTorch int8 runs on neither its onednn nor its fbgemm engine here")


def ours_ms(compiled, inputs, lowering, threads, runs):
    model = compiled.with_lowering(lowering)
    model.num_threads = threads
    args = model._quant_run_args(inputs) + ["--benchmark", str(runs), "--warmup", "2"]
    result = subprocess.run([str(tool_path("quant-run"))] + [str(a) for a in args],
                            capture_output=True, text=True, check=True)
    match = re.search(r"median ([0-9.]+) ms, compile ([0-9.]+) ms", result.stdout)
    return float(match.group(1)), float(match.group(2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--models", default="resnet18,mobilenet_v2")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--chart", default=str(Path(__file__).with_name("int8_bench.png")))
    parser.add_argument("--skip-reference", action="store_true",
                        help="skip our reference lowering (slow float loops)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure every configuration this many times, in turn, and "
                             "report the fastest median of each (a VM's speed drifts by "
                             "tens of percent over a minute)")
    args = parser.parse_args()
    threads_list = [int(t) for t in args.threads.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            model, example = get_model(name)
            generator = torch.Generator().manual_seed(0)
            calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                           for _ in range(4)]
            start = time.perf_counter()
            compiled = quantize(model, example, calibration, per_channel=True,
                                workdir=Path(tmp) / name)
            flow_s = time.perf_counter() - start
            for threads in threads_list:
                # PyTorch's int8 modules prepared at this thread count: one
                # prepared at another fails in PyTorch 1.13's onednn after
                # the switch on some CPUs (MobileNetV2 on an AVX-512 VNNI
                # Xeon without AMX: "could not create a primitive
                # descriptor for a reorder primitive"), one prepared after
                # it runs.
                torch.set_num_threads(threads)
                x86, x86_label = torch_x86_int8(model, example, calibration)
                baseline = f"PyTorch int8 {x86_label}"
                pytorch = {x86_label: (x86_label.split(" ")[0], x86),
                           "qnnpack": ("qnnpack",
                                       torch_int8(model, example, calibration, "qnnpack"))}
                figures, compile_ms = {}, {}

                def keep(table, key, value):
                    table[key] = min(value, table.get(key, value))

                exact = "" if target_info()["onednn exact"] == "yes" else " (inexact here)"
                for _ in range(args.repeat):
                    for label, (engine, module) in pytorch.items():
                        torch.backends.quantized.engine = engine
                        keep(figures, f"PyTorch int8 {label}",
                             torch_median_ms(module, example, args.runs))
                    keep(figures, "PyTorch fp32", torch_median_ms(model, example, args.runs))
                    for lowering, label in (
                            ("auto", f"auto={compiled.with_lowering('auto').backend}"),
                            ("onednn", "oneDNN" + exact), ("xnnpack", "XNNPACK"),
                            ("vector", "vector (own kernels)")):
                        ms, compile = ours_ms(compiled, example, lowering, threads, args.runs)
                        keep(figures, f"ours int8 {label}", ms)
                        keep(compile_ms, label, compile)
                    if not args.skip_reference:
                        ms, compile = ours_ms(compiled, example, "reference", threads,
                                              max(3, args.runs // 5))
                        keep(figures, "ours int8 reference", ms)
                        keep(compile_ms, "reference", compile)
                rows.append((name, threads, figures, compile_ms, flow_s, baseline))

    cpu = cpu_label()
    fastest = f", fastest of {args.repeat} medians" if args.repeat > 1 else ""
    print(f"int8, batch 1, medians in ms{fastest}; ratio = latency / {rows[0][5]}; {cpu}")
    for name, threads, figures, compile_ms, flow_s, baseline in rows:
        base = figures[baseline]
        print(f"\n{name}, {threads} thread(s), {cpu}  (quantize flow {flow_s:.1f} s; "
              "quant-run compile incl. init: "
              + ", ".join(f"{label} {ms:.0f} ms" for label, ms in compile_ms.items()) + ")")
        for label, ms in figures.items():
            print(f"  {label:<30} {ms:9.2f} ms   ratio {ms / base:6.2f}")

    labels = list(rows[0][2].keys())
    bar_chart(args.chart, [f"{r[0]}\n{r[1]} thread(s)" for r in rows],
              {label: [row[2][label] for row in rows] for label in labels},
              f"int8 inference, batch 1 ({cpu})")


if __name__ == "__main__":
    main()
