"""Executable test of the reference Q/DQ lowering: quant-run results equal
torch.quantize_per_tensor / quantize_per_channel and dequantize bit for bit
(0 LSB), on ties at .5, saturation, NaN, +-inf and random data."""

import subprocess

import numpy as np
import pytest
import torch

from quant_pt2e import tool_path

RNG = np.random.default_rng(7)
TORCH_DTYPES = {"i8": (torch.qint8, -128, 127), "ui8": (torch.quint8, 0, 255),
                "i32": (torch.qint32, -(2 ** 31), 2 ** 31 - 1)}


def _data(shape, scale):
    n = int(np.prod(shape))
    ties = (np.arange(n) - n // 2 + 0.5) * scale
    noise = RNG.standard_normal(n) * 80 * scale
    data = np.where(np.arange(n) % 2 == 0, ties, noise).astype(np.float32)
    data[:4] = [np.nan, np.inf, -np.inf, 1e30]
    return data.reshape(shape)


def _run(tmp_path, mlir, inputs):
    (tmp_path / "m.mlir").write_text(mlir)
    args = [str(tool_path("quant-run")), str(tmp_path / "m.mlir"), "--output-dir",
            str(tmp_path)]
    for i, array in enumerate(inputs):
        np.save(tmp_path / f"in{i}.npy", array)
        args += ["--input", str(tmp_path / f"in{i}.npy")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return np.load(tmp_path / "output_0.npy"), np.load(tmp_path / "output_1.npy")


def _tensor_type(shape, elem):
    return "tensor<" + "x".join(map(str, shape)) + "x" + elem + ">"


@pytest.mark.parametrize("elem", sorted(TORCH_DTYPES))
@pytest.mark.parametrize("scale,zero_point", [(0.25, 0), (0.0173, 5), (2.0 / 255.0, 100)])
def test_per_tensor(tmp_path, elem, scale, zero_point):
    torch_dtype, qmin, qmax = TORCH_DTYPES[elem]
    if not qmin <= zero_point <= qmax:
        zero_point = 0
    scale = float(np.float32(scale))
    shape = (3, 50)
    x = _data(shape, scale)
    ft, it = _tensor_type(shape, "f32"), _tensor_type(shape, elem)
    qp = f"scales([{scale!r}]) zero_points([{zero_point}]) range({qmin}, {qmax})"
    mlir = f"""func.func @forward(%x: {ft}) -> ({it}, {ft}) {{
  %q = quant_pt2e.quantize %x {qp} : {ft} -> {it}
  %d = quant_pt2e.dequantize %q {qp} : {it} -> {ft}
  return %q, %d : {it}, {ft}
}}"""
    q_ours, dq_ours = _run(tmp_path, mlir, [x])
    q = torch.quantize_per_tensor(torch.from_numpy(x), scale, zero_point, torch_dtype)
    np.testing.assert_array_equal(q_ours.astype(np.int64), q.int_repr().numpy().astype(np.int64))
    np.testing.assert_array_equal(dq_ours.view(np.int32), q.dequantize().numpy().view(np.int32))


@pytest.mark.parametrize("elem", ["i8", "ui8"])
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("dynamic", [False, True])
def test_per_channel(tmp_path, elem, axis, dynamic):
    torch_dtype, qmin, qmax = TORCH_DTYPES[elem]
    shape = (4, 6, 5)
    channels = shape[axis]
    scales = RNG.uniform(0.01, 0.3, channels).astype(np.float32)
    zps = RNG.integers(qmin + 10, qmin + 40, channels).astype(np.int64)
    x = _data(shape, float(scales.mean()))
    ft, it = _tensor_type(shape, "f32"), _tensor_type(shape, elem)
    if dynamic:
        args = f"%x: {ft}, %s: tensor<{channels}xf32>, %zp: tensor<{channels}xi64>"
        qp = (f"axis({axis}) qparams(%s, %zp : tensor<{channels}xf32>, "
              f"tensor<{channels}xi64>) range({qmin}, {qmax})")
        inputs = [x, scales, zps]
    else:
        args = f"%x: {ft}"
        qp = (f"axis({axis}) scales([{', '.join(repr(float(s)) for s in scales)}]) "
              f"zero_points([{', '.join(str(int(z)) for z in zps)}]) range({qmin}, {qmax})")
        inputs = [x]
    mlir = f"""func.func @forward({args}) -> ({it}, {ft}) {{
  %q = quant_pt2e.quantize %x {qp} : {ft} -> {it}
  %d = quant_pt2e.dequantize %q {qp} : {it} -> {ft}
  return %q, %d : {it}, {ft}
}}"""
    q_ours, dq_ours = _run(tmp_path, mlir, inputs)
    q = torch.quantize_per_channel(torch.from_numpy(x), torch.from_numpy(scales).double(),
                                   torch.from_numpy(zps), axis, torch_dtype)
    np.testing.assert_array_equal(q_ours.astype(np.int64), q.int_repr().numpy().astype(np.int64))
    np.testing.assert_array_equal(dq_ours.view(np.int32), q.dequantize().numpy().view(np.int32))
