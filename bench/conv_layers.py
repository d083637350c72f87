"""Per-layer int8 convolution figures: every distinct convolution of
ResNet-18 (batch 1, 224x224, per-channel weights, bias, relu where the
network has one) as its own quantized module, the compiler's own kernel
(--lowering vector) next to oneDNN's convolution primitive for the same
layer, each timed on its own:

* ours: quant-run --profile, the median per call of the generated kernel
  (and, in its own column, of its input function, which writes the
  kernel's int16 / u8 input form from the NHWC bytes);
* oneDNN: DNNL_VERBOSE=1, the median of the primitive's exec times.

Neither figure includes the NCHW <-> NHWC conversion at the module's
borders. GMAC/s per layer (the direct convolution's MACs over the time)
and its share of the host's int8 MAC peak for the kernels' instruction
sequence, measured in the same run by bench/peak_probe.py's probe (or
given with --peak); the "ours" column names our kernel's scheme: a
Winograd kernel (3x3 stride 1 on the int16 pair targets) computes 16
products per 2 x 2 outputs where the direct one computes 36, so its share
of the probe exceeds 100%. Figures only, never a
test; the CPU is named next to them.

On a VM whose neighbours load the core (seen on the AMX host: the same
binary's median 3x apart from one run to the next), --repeat N times
each layer N times, ours and oneDNN's alternately, and reports the
fastest of the N medians of each.

Usage: python3 bench/conv_layers.py [--runs 20] [--repeat 1] [--threads 1]
       [--peak GMACS] [--target-isa host|avx2|avx512vnni|amx|...] [--only NAME]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import cpu_label  # noqa: E402
from quant_pt2e.paths import tool_path  # noqa: E402
import peak_probe  # noqa: E402

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


def _quant_run(mlir: Path, x: Path, lowering: str, threads: int, runs: int,
               target_isa: str, extra=(), env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(tool_path("quant-run")), str(mlir), "--input", str(x), "--lowering", lowering,
         "--target-isa", target_isa, "--num-threads", str(threads),
         "--benchmark", str(runs), "--warmup", "3", *extra],
        capture_output=True, text=True, timeout=900, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"quant-run failed on {mlir.name} ({lowering}):\n{result.stderr}")
    return result


def vector_ms(mlir, x, threads, runs, target_isa) -> tuple:
    """Median ms per call of the layer's kernel and of its input function."""
    out = _quant_run(mlir, x, "vector", threads, runs, target_isa, ["--profile"]).stdout
    kernel = re.search(r"profile: qpt2e_vec_conv_0 +\d+ calls, median +([0-9.]+) ms", out)
    prep = re.search(r"profile: qpt2e_vec_conv_0_input +\d+ calls, median +([0-9.]+) ms", out)
    if not kernel or not prep:
        raise RuntimeError(f"no profile lines in:\n{out}")
    return float(kernel.group(1)), float(prep.group(1))


def our_scheme(mlir, target_isa) -> str:
    """The scheme of the layer's kernel (its qpt2e_kernel_isa attribute
    after the vector conversion): "direct", "winograd" or "amx"."""
    result = subprocess.run(
        [str(tool_path("quant-opt")), str(mlir), "--pass-pipeline=builtin.module(func.func("
         "quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa="
         f"{target_isa}}})"], capture_output=True, text=True, timeout=300, check=True)
    isa = re.search(r'qpt2e_kernel_isa = "([^"]+)"', result.stdout).group(1)
    return "winograd" if "winograd" in isa else "amx" if isa.startswith("amx") else "direct"


def onednn_ms(mlir, x, threads, runs) -> tuple:
    """Median exec time of oneDNN's convolution primitive, and its kernel."""
    env = dict(os.environ, DNNL_VERBOSE="1")
    result = _quant_run(mlir, x, "onednn", threads, runs, "host", env=env)
    lines = [ln.split(",") for ln in (result.stdout + result.stderr).splitlines()
             if ln.startswith("onednn_verbose,exec,cpu,convolution,")]
    if not lines:
        raise RuntimeError("no DNNL_VERBOSE convolution lines")
    # The timed runs are the last `runs` executions.
    times = sorted(float(ln[-1]) for ln in lines[-runs:])
    return float(np.median(times)), lines[-1][4]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each layer this many times, ours and oneDNN's "
                             "alternately, and report the fastest median of each")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--peak", type=float, default=0.0,
                        help="the host's int8 MAC peak in GMAC/s per thread (default: "
                             "measured now with bench/peak_probe.py's probe of the kernels' instruction "
                             "sequence for --target-isa)")
    parser.add_argument("--only", default="", help="run layers whose name contains this")
    parser.add_argument("--target-isa", default="host",
                        help="the ISA the vector lowering's kernels are generated for "
                             "(host, avx2, avx512, avx512vnni, amx, generic)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    peak, probe = ((args.peak, "given") if args.peak else
                   peak_probe.kernel_peak(args.target_isa, 5))
    best = f", fastest of {args.repeat} medians" if args.repeat > 1 else ""
    print(f"CPU: {cpu_label()}; vector kernels for {args.target_isa}; batch 1, "
          f"{args.threads} thread(s), median of {args.runs}{best}; peak {peak:.1f} GMAC/s per "
          f"thread ({probe}{'' if args.peak else ', this run'})")
    print(f"{'layer':20} {'GMAC':>6} {'kernel ms':>9} {'GMAC/s':>7} {'%peak':>6} "
          f"{'input ms':>8} {'oneDNN ms':>9} {'GMAC/s':>7} {'kernel/oneDNN':>13} {'ours':>8}  oneDNN kernel")
    with tempfile.TemporaryDirectory() as tmp:
        for name, c, o, size, k, stride, pad, relu in RESNET18_CONVS:
            if args.only and args.only not in name:
                continue
            text, x, macs = conv_module(c, o, size, k, stride, pad, relu, rng)
            mlir, npy = Path(tmp) / "conv.mlir", Path(tmp) / "x.npy"
            mlir.write_text(text)
            np.save(npy, x)
            ours = prep = theirs = float("inf")
            for _ in range(max(1, args.repeat)):
                kernel, input_ms = vector_ms(mlir, npy, args.threads, args.runs,
                                             args.target_isa)
                ours, prep = min(ours, kernel), min(prep, input_ms)
                primitive, impl = onednn_ms(mlir, npy, args.threads, args.runs)
                theirs = min(theirs, primitive)
            g = macs / 1e9
            rate = g / ours * 1e3
            print(f"{name:20} {g:6.3f} {ours:9.3f} {rate:7.1f} "
                  f"{100 * rate / (peak * args.threads):5.0f}% {prep:8.3f} {theirs:9.3f} "
                  f"{g / theirs * 1e3:7.1f} {ours / theirs:12.2f}x {our_scheme(mlir, args.target_isa):>8}"
                  f"  {impl}", flush=True)


if __name__ == "__main__":
    main()
