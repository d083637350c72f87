"""The quantization flow on a second client dialect: upstream MLIR's TOSA.

The same small network (conv 3x3 -> relu -> max pool and average pool ->
conv 1x1 -> clamp(0, 6), add of the pools, concat) written twice, in the
aten dialect (NCHW, OIHW weights) and in TOSA (NHWC, OHWI weights, the
interface attached as external models), goes through annotate (XNNPACK
quantizer) -> prepare -> calibrate (quant-run) -> convert -> fuse-qdq ->
each lowering. Weights and inputs are multiples of 1/8, so every float sum
of the calibration run is exact in either layout and order: both forms
must get identical qparams, fuse the same ops, and give identical int8
outputs on every lowering.
"""

import re
import subprocess
from collections import Counter

import numpy as np
import pytest

from quant_pt2e.paths import tool_path

LOWERINGS = ["reference", "vector", "onednn", "xnnpack"]


def _dense(a):
    body = np.array2string(a, separator=", ", threshold=10**9,
                           floatmode="unique").replace("\n", "")
    return f"dense<{body}>"


def _t(shape):
    return "tensor<" + "x".join(map(str, shape)) + "xf32>"


def _modules(rng):
    def eighths(shape, lo, hi):
        return (rng.integers(lo, hi + 1, size=shape) / 8.0).astype(np.float32)
    w1, b1 = eighths((4, 3, 3, 3), -4, 4), eighths((4,), -4, 4)
    w2, b2 = eighths((4, 4, 1, 1), -4, 4), eighths((4,), -4, 4)
    x = eighths((1, 3, 8, 8), -16, 16)
    aten = f"""func.func @forward(%x: tensor<1x3x8x8xf32>) -> tensor<1x8x4x4xf32> {{
  %w1 = arith.constant {_dense(w1)} : {_t(w1.shape)}
  %b1 = arith.constant {_dense(b1)} : tensor<4xf32>
  %w2 = arith.constant {_dense(w2)} : {_t(w2.shape)}
  %b2 = arith.constant {_dense(b2)} : tensor<4xf32>
  %c1 = aten.convolution %x, %w1, %b1 stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, {_t(w1.shape)}, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r1 = aten.relu %c1 : tensor<1x4x8x8xf32>
  %p = aten.max_pool2d %r1 kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  %a = aten.avg_pool2d %r1 kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  %c2 = aten.convolution %p, %w2, %b2 stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x4x4xf32>, {_t(w2.shape)}, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %y2 = aten.clamp %c2 {{min = 0.0 : f64, max = 6.0 : f64}} : tensor<1x4x4x4xf32>
  %s = aten.add %p, %a : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  %o = aten.cat %y2, %s dim 1 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %o : tensor<1x8x4x4xf32>
}}
"""
    w1t, w2t = w1.transpose(0, 2, 3, 1).copy(), w2.transpose(0, 2, 3, 1).copy()

    def const(name, a):
        return f'  %{name} = "tosa.const"() {{values = {_dense(a)} : {_t(a.shape)}}} : () -> {_t(a.shape)}\n'
    zp = "tensor<1xf32>"
    tosa = ("func.func @forward(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x8xf32> {\n"
            + const("w1", w1t) + const("b1", b1) + const("w2", w2t) + const("b2", b2)
            + f"""  %zp = "tosa.const"() {{values = dense<0.0> : {zp}}} : () -> {zp}
  %c1 = tosa.conv2d %x, %w1, %b1, %zp, %zp {{acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}} : (tensor<1x8x8x3xf32>, {_t(w1t.shape)}, tensor<4xf32>, {zp}, {zp}) -> tensor<1x8x8x4xf32>
  %r1 = tosa.clamp %c1 {{min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32}} : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  %p = tosa.max_pool2d %r1 {{kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
  %a = tosa.avg_pool2d %r1, %zp, %zp {{acc_type = f32, kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}} : (tensor<1x8x8x4xf32>, {zp}, {zp}) -> tensor<1x4x4x4xf32>
  %c2 = tosa.conv2d %p, %w2, %b2, %zp, %zp {{acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}} : (tensor<1x4x4x4xf32>, {_t(w2t.shape)}, tensor<4xf32>, {zp}, {zp}) -> tensor<1x4x4x4xf32>
  %y2 = tosa.clamp %c2 {{min_val = 0.0 : f32, max_val = 6.0 : f32}} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.add %p, %a : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %o = tosa.concat %y2, %s {{axis = 3 : i32}} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32>
  return %o : tensor<1x4x4x8xf32>
}}
""")
    return aten, tosa, x


def _run(tool, *args):
    result = subprocess.run([str(tool_path(tool)), *map(str, args)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{tool} {args}: {result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def flows(tmp_path_factory):
    """Both forms annotated, prepared, calibrated and converted."""
    d = tmp_path_factory.mktemp("tosa")
    aten, tosa, x = _modules(np.random.default_rng(7))
    forms = {}
    for name, text, sample in [("aten", aten, x),
                               ("tosa", tosa, x.transpose(0, 2, 3, 1).copy())]:
        src, prepared, stats = d / f"{name}.mlir", d / f"{name}.prep.mlir", d / f"{name}.json"
        converted, inp = d / f"{name}.conv.mlir", d / f"{name}.x.npy"
        src.write_text(text)
        np.save(inp, sample)
        _run("quant-opt", src, "--quant-pt2e-annotate", "--quant-pt2e-prepare", "-o", prepared)
        _run("quant-run", prepared, "--input", inp, "--stats-out", stats)
        _run("quant-opt", prepared, f"--quant-pt2e-convert=stats={stats}", "-o", converted)
        forms[name] = (d, src, prepared, converted, inp)
    return forms


def _qparams(text):
    """The multiset of (op, scales, zero points, range) of the Q/DQ ops."""
    return Counter(re.findall(
        r"quant_pt2e\.(quantize|dequantize) %\S+ (?:axis\(\d\) )?scales\(\[([^\]]*)\]\) "
        r"zero_points\(\[([^\]]*)\]\) range\((-?\d+), (-?\d+)\)", text))


def test_tosa_ops_are_quantizable(flows):
    # The interface's answers drive annotate and prepare alike: as many
    # observers, on the same kinds of places.
    counts = {name: f[2].read_text().count("quant_pt2e.observer")
              for name, f in flows.items()}
    assert counts["tosa"] == counts["aten"] >= 10, counts


def test_identical_qparams(flows):
    aten = _qparams(flows["aten"][3].read_text())
    tosa = _qparams(flows["tosa"][3].read_text())
    assert sum(aten.values()) >= 10
    assert aten == tosa


@pytest.mark.parametrize("backend", ["onednn", "xnnpack", "vector"])
def test_same_fused_ops(flows, backend):
    pipeline = f"--pass-pipeline=builtin.module(func.func(quant-pt2e-fuse-qdq{{backend={backend}}}))"
    fused = {}
    for name, f in flows.items():
        text = _run("quant-opt", f[3], pipeline)
        fused[name] = Counter(re.findall(r"quant_pt2e\.(q[a-z_0-9]+)", text))
        # No float compute op of the client is left but what the backend
        # does not take (XNNPACK has no windowed average pooling).
        left = set(re.findall(r"(?:aten|tosa)\.([a-z_0-9]+)", text)) - {"const"}
        assert left <= ({"avg_pool2d"} if backend == "xnnpack" else set()), (name, left)
    assert fused["aten"] == fused["tosa"]
    assert fused["tosa"]["qconv2d"] == 2 and fused["tosa"]["qmax_pool2d"] == 1


@pytest.mark.parametrize("lowering", LOWERINGS)
def test_identical_int8_outputs(flows, lowering):
    outputs = {}
    for name, f in flows.items():
        out = f[0] / f"out-{name}-{lowering}"
        _run("quant-run", f[3], "--lowering", lowering, "--input", f[4],
             "--output-dir", out)
        outputs[name] = np.load(out / "output_0.npy")
    aten, tosa = outputs["aten"], outputs["tosa"].transpose(0, 3, 1, 2)
    assert len(np.unique(aten)) >= 10  # non-degenerate
    diff = np.abs(aten.astype(np.float64) - tosa.astype(np.float64))
    print(f"{lowering}: max |aten - tosa| {diff.max()}, "
          f"{len(np.unique(aten))} distinct values")
    np.testing.assert_array_equal(aten, tosa)
