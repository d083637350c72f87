"""Dynamic quantization (XNNPACK quantizer with is_dynamic=True).

PT2E's convert turns the dynamic placeholder observer into
quantized_decomposed.choose_qparams.tensor -> quantize -> dequantize; that op
is determine_qparams over torch.aminmax, the formula of PyTorch 1.13's
MinMaxObserver (1.13 has no choose_qparams.tensor). The oracle is therefore
a MinMaxObserver built with the same range and eps on the same tensor, and
torch.quantize_per_tensor with its qparams.

1. The lowered `choose_qparams` gives bit-identical scales, identical zero
   points and identical quantized values, on random data, all-zero,
   constant, single-element, one-signed and tie-producing tensors.
2. Whole models quantized with `quantize(..., dynamic=True)` against the
   same computation written with PyTorch ops: the quantized activations and
   weights are identical, so outputs differ only by float summation order.
"""

import subprocess

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from quant_pt2e import quantize, tool_path
from quant_pt2e.api import CompilerError

EPS = 2.0 ** -12
RNG = np.random.default_rng(11)

CASES = {
    "random": RNG.standard_normal((4, 33)).astype(np.float32) * 3,
    "zeros": np.zeros((2, 5), np.float32),
    "constant_pos": np.full((3, 3), 0.7, np.float32),
    "constant_neg": np.full((3, 3), -2.5, np.float32),
    "single": np.array([[1.25]], np.float32),
    "positive": RNG.uniform(0.5, 4.0, (5, 7)).astype(np.float32),
    "negative": RNG.uniform(-9.0, -0.1, (5, 7)).astype(np.float32),
    # min -1.0 with a span that puts min / scale on .5: ties to even
    "ties": np.array([[-1.0, 0.0, 254.0 / 255.0 * 1.0, 0.5]], np.float32),
    "tiny": np.array([[1e-6, -2e-6, 0.0]], np.float32),
}

SCHEMES = [  # (dtype, mlir elem, qmin, qmax, qscheme, torch dtype, torch qscheme)
    ("int8", "i8", -128, 127, "per_tensor_affine", torch.qint8, torch.per_tensor_affine),
    ("uint8", "ui8", 0, 255, "per_tensor_affine", torch.quint8, torch.per_tensor_affine),
    ("int8", "i8", -127, 127, "per_tensor_symmetric", torch.qint8, torch.per_tensor_symmetric),
    ("uint8", "ui8", 0, 255, "per_tensor_symmetric", torch.quint8, torch.per_tensor_symmetric),
]


def _oracle(x, torch_dtype, qmin, qmax, qscheme):
    # choose_qparams.tensor passes has_customized_qrange=False; only the
    # uint8 symmetric zero point depends on it (128), so the observer gets
    # no explicit range there (its default range is the same [0, 255]).
    kwargs = {} if (torch_dtype == torch.quint8 and qscheme == torch.per_tensor_symmetric) \
        else {"quant_min": qmin, "quant_max": qmax}
    observer = torch.ao.quantization.MinMaxObserver(dtype=torch_dtype, qscheme=qscheme,
                                                    eps=EPS, **kwargs)
    observer(torch.from_numpy(x))
    scale, zero_point = observer.calculate_qparams()
    return float(scale), int(zero_point)


def _run(tmp_path, mlir, x):
    (tmp_path / "m.mlir").write_text(mlir)
    np.save(tmp_path / "x.npy", x)
    result = subprocess.run([str(tool_path("quant-run")), str(tmp_path / "m.mlir"),
                             "--input", str(tmp_path / "x.npy"), "--output-dir",
                             str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [np.load(tmp_path / f"output_{i}.npy") for i in range(3)]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("scheme", range(len(SCHEMES)))
def test_choose_qparams(tmp_path, case, scheme):
    dtype, elem, qmin, qmax, qscheme, torch_dtype, torch_qscheme = SCHEMES[scheme]
    x = CASES[case]
    shape = "x".join(map(str, x.shape))
    ft, it = f"tensor<{shape}xf32>", f"tensor<{shape}x{elem}>"
    mlir = f"""func.func @forward(%x: {ft}) -> (tensor<1xf32>, tensor<1xi64>, {it}) {{
  %s, %zp = quant_pt2e.choose_qparams %x dtype <{dtype}> range({qmin}, {qmax})
      qscheme <{qscheme}> eps({EPS!r}) : {ft}
  %st = tensor.from_elements %s : tensor<1xf32>
  %zt = tensor.from_elements %zp : tensor<1xi64>
  %q = quant_pt2e.quantize %x qparams(%s, %zp : f32, i64) range({qmin}, {qmax}) : {ft} -> {it}
  return %st, %zt, %q : tensor<1xf32>, tensor<1xi64>, {it}
}}"""
    scale, zero_point, q = _run(tmp_path, mlir, x)
    want_scale, want_zp = _oracle(x, torch_dtype, qmin, qmax, torch_qscheme)
    assert scale.view(np.int32)[0] == np.float32(want_scale).view(np.int32), (scale, want_scale)
    assert int(zero_point[0]) == want_zp
    want_q = torch.quantize_per_tensor(torch.from_numpy(x), want_scale, want_zp, torch_dtype)
    want_q = np.clip(want_q.int_repr().numpy().astype(np.int64), qmin, qmax)
    np.testing.assert_array_equal(q.astype(np.int64), want_q)


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(16, 32)
        self.relu = torch.nn.ReLU()
        self.fc2 = torch.nn.Linear(32, 8)

    def forward(self, x):
        return self.fc2(self.relu(self.fc1(x)))


def _dynamic_linear(x, linear, per_channel):
    """The PT2E dynamic linear with PyTorch 1.13 ops: the activation gets
    MinMax qparams of this very tensor, the weight symmetric int8 qparams."""
    scale, zero_point = _oracle(x.numpy(), torch.qint8, -128, 127, torch.per_tensor_affine)
    xdq = torch.quantize_per_tensor(x, scale, zero_point, torch.qint8).dequantize()
    w = linear.weight.detach()
    if per_channel:
        observer = torch.ao.quantization.PerChannelMinMaxObserver(
            ch_axis=0, dtype=torch.qint8, qscheme=torch.per_channel_symmetric,
            quant_min=-127, quant_max=127, eps=EPS)
        observer(w)
        ws, wz = observer.calculate_qparams()
        wdq = torch.quantize_per_channel(w, ws, wz, 0, torch.qint8).dequantize()
    else:
        observer = torch.ao.quantization.MinMaxObserver(
            dtype=torch.qint8, qscheme=torch.per_tensor_symmetric, quant_min=-127,
            quant_max=127, eps=EPS)
        observer(w)
        ws, wz = observer.calculate_qparams()
        wdq = torch.quantize_per_tensor(w, float(ws), int(wz), torch.qint8).dequantize()
    return F.linear(xdq, wdq, linear.bias.detach())


@pytest.mark.parametrize("per_channel", [False, True])
def test_dynamic_mlp_matches_pytorch(tmp_path, per_channel):
    torch.manual_seed(0)
    model = MLP().eval()
    x = torch.randn(4, 16) * 2
    # ExecuTorch's dynamic dtype config takes int8 activations (QNNPACK's
    # takes quint8 only, see the last test).
    compiled = quantize(model, (x,), None, per_channel=per_channel, dynamic=True,
                        lowering="reference",
                        backend="executorch", workdir=tmp_path)
    text = compiled.mlir
    assert text.count("quant_pt2e.choose_qparams") == 2
    assert "quant_pt2e.observer" not in text
    ours = compiled(x)
    with torch.no_grad():
        hidden = torch.relu(_dynamic_linear(x, model.fc1, per_channel))
        want = _dynamic_linear(hidden, model.fc2, per_channel)
        fp32 = model(x)
    diff = (ours - want).abs().max().item() / want.abs().max().item()
    quant_error = (want - fp32).abs().max().item() / fp32.abs().max().item()
    print(f"dynamic MLP per_channel={per_channel}: max |ours - torch| = {diff:.2e} of range, "
          f"int8 vs fp32 {quant_error:.2e}")
    # The quantized tensors are the same; only float summation order differs.
    assert diff <= 1e-5
    assert quant_error > 1e-4  # really quantized


def test_dynamic_needs_no_calibration_but_static_does(tmp_path):
    model = MLP().eval()
    x = torch.randn(2, 16)
    with pytest.raises(CompilerError, match="violates backend 'qnnpack'.*the config takes ui8"):
        quantize(model, (x,), None, dynamic=True, backend="qnnpack", workdir=tmp_path / "q")
    with pytest.raises(ValueError, match="calibration_data is empty"):
        quantize(model, (x,), [], workdir=tmp_path / "static")
