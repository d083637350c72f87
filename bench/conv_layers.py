"""Per-layer int8 convolution figures: every distinct convolution of
ResNet-18 (batch 1, 224x224, per-channel weights, bias, relu where the
network has one) as its own quantized module, timed through quant-run on
the compiler's own kernels (--lowering vector) and on oneDNN's primitive
for the same layer (--lowering onednn), with GMAC/s and the share of the
host's measured int8 MAC peak (bench/peak_probe.py) where given.

Figures only, never a test. Each module times the whole function: the
layer plus the NCHW <-> NHWC conversion at its borders, which both
lowerings pay (a network converts only at its int8 region's borders).

Usage: python3 bench/conv_layers.py [--runs 20] [--threads 1] [--peak GMACS]
       [--target-isa host|avx2|avx512vnni|amx|...] [--only NAME]
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import cpu_label  # noqa: E402
from quant_pt2e.paths import tool_path  # noqa: E402

# (name, in channels, out channels, input size, kernel, stride, padding, relu)
RESNET18_CONVS = [
    ("conv1 7x7/2", 3, 64, 224, 7, 2, 3, True),
    ("layer1 3x3", 64, 64, 56, 3, 1, 1, True),
    ("layer2.0 3x3/2", 64, 128, 56, 3, 2, 1, True),
    ("layer2 3x3", 128, 128, 28, 3, 1, 1, True),
    ("layer2.0 down 1x1/2", 64, 128, 56, 1, 2, 0, False),
    ("layer3.0 3x3/2", 128, 256, 28, 3, 2, 1, True),
    ("layer3 3x3", 256, 256, 14, 3, 1, 1, True),
    ("layer3.0 down 1x1/2", 128, 256, 28, 1, 2, 0, False),
    ("layer4.0 3x3/2", 256, 512, 14, 3, 2, 1, True),
    ("layer4 3x3", 512, 512, 7, 3, 1, 1, True),
    ("layer4.0 down 1x1/2", 256, 512, 14, 1, 2, 0, False),
]


def _dense(array: np.ndarray, elem: str) -> str:
    shape = "x".join(str(d) for d in array.shape)
    return f'dense<"0x{array.tobytes().hex().upper()}"> : tensor<{shape}x{elem}>'


def conv_module(c, o, size, k, stride, pad, relu, rng) -> tuple:
    """A quantized conv (+ relu) as the importer and quantizer produce it:
    dequantize -> aten.convolution (-> relu) -> quantize."""
    out = (size + 2 * pad - k) // stride + 1
    w = rng.integers(-127, 128, size=(o, c, k, k), dtype=np.int8)
    scales = (rng.uniform(0.5, 1.5, size=o) * 0.01 / np.sqrt(c * k * k)).astype(np.float32)
    bias = rng.normal(0, 0.5, size=o).astype(np.float32)
    x_t = f"tensor<1x{c}x{size}x{size}"
    y_t = f"tensor<1x{o}x{out}x{out}"
    scale_list = ", ".join(repr(float(s)) for s in scales)
    zeros = ", ".join("0" for _ in range(o))
    body = [
        f"func.func @forward(%x: {x_t}xi8>) -> {y_t}xi8> {{",
        f"  %w = arith.constant {_dense(w, 'i8')}",
        f"  %b = arith.constant {_dense(bias, 'f32')}",
        f"  %dx = quant_pt2e.dequantize %x scales([0.02]) zero_points([-3]) range(-128, 127)"
        f" : {x_t}xi8> -> {x_t}xf32>",
        f"  %dw = quant_pt2e.dequantize %w axis(0) scales([{scale_list}]) zero_points([{zeros}])"
        f" range(-127, 127) : tensor<{o}x{c}x{k}x{k}xi8> -> tensor<{o}x{c}x{k}x{k}xf32>",
        f"  %c = aten.convolution %dx, %dw, %b stride [{stride}, {stride}] padding [{pad}, {pad}]"
        f" dilation [1, 1] output_padding [0, 0] groups 1 : ({x_t}xf32>,"
        f" tensor<{o}x{c}x{k}x{k}xf32>, tensor<{o}xf32>) -> {y_t}xf32>",
    ]
    last = "%c"
    if relu:
        body.append(f"  %r = aten.relu %c : {y_t}xf32>")
        last = "%r"
    body += [f"  %q = quant_pt2e.quantize {last} scales([0.05]) zero_points([-128])"
             f" range(-128, 127) : {y_t}xf32> -> {y_t}xi8>",
             f"  return %q : {y_t}xi8>", "}"]
    x = rng.integers(-128, 128, size=(1, c, size, size), dtype=np.int8)
    macs = out * out * o * c * k * k
    return "\n".join(body) + "\n", x, macs


def median_ms(mlir: Path, x: Path, lowering: str, threads: int, runs: int,
              target_isa: str = "host") -> float:
    result = subprocess.run(
        [str(tool_path("quant-run")), str(mlir), "--input", str(x), "--lowering", lowering,
         "--target-isa", target_isa,
         "--num-threads", str(threads), "--benchmark", str(runs), "--warmup", "3"],
        capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"quant-run failed on {mlir.name} ({lowering}):\n{result.stderr}")
    match = re.search(r"median ([0-9.]+) ms", result.stdout)
    if not match:
        raise RuntimeError(f"no benchmark line in:\n{result.stdout}")
    return float(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--peak", type=float, default=0.0,
                        help="the host's int8 MAC peak in GMAC/s per thread "
                             "(bench/peak_probe.py prints it)")
    parser.add_argument("--only", default="", help="run layers whose name contains this")
    parser.add_argument("--target-isa", default="host",
                        help="the ISA the vector lowering's kernels are generated for "
                             "(host, avx2, avx512, avx512vnni, amx, generic)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"CPU: {cpu_label()}; vector kernels for {args.target_isa}; batch 1, "
          f"{args.threads} thread(s), median of {args.runs}")
    header = f"{'layer':22} {'GMAC':>6} {'vector ms':>10} {'GMAC/s':>7}"
    header += f" {'%peak':>6}" if args.peak else ""
    header += f" {'oneDNN ms':>10} {'GMAC/s':>7} {'vector/oneDNN':>14}"
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for name, c, o, size, k, stride, pad, relu in RESNET18_CONVS:
            if args.only and args.only not in name:
                continue
            text, x, macs = conv_module(c, o, size, k, stride, pad, relu, rng)
            mlir, npy = Path(tmp) / "conv.mlir", Path(tmp) / "x.npy"
            mlir.write_text(text)
            np.save(npy, x)
            ours = median_ms(mlir, npy, "vector", args.threads, args.runs, args.target_isa)
            theirs = median_ms(mlir, npy, "onednn", args.threads, args.runs)
            g = macs / 1e9
            line = f"{name:22} {g:6.3f} {ours:10.3f} {g / ours * 1e3:7.1f}"
            if args.peak:
                line += f" {100 * g / ours * 1e3 / (args.peak * args.threads):5.0f}%"
            line += f" {theirs:10.3f} {g / theirs * 1e3:7.1f} {ours / theirs:13.2f}x"
            print(line, flush=True)


if __name__ == "__main__":
    main()
