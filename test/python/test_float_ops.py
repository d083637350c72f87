"""fp32 parity per op family: small modules through import, the float
pipeline and quant-run, against PyTorch on the same inputs (1e-5 of the
output range)."""

import subprocess

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from quant_pt2e import tool_path
from quant_pt2e.importer import import_model

from parity_checks import assert_not_degenerate


class Fn(torch.nn.Module):
    def __init__(self, fn, **children):
        super().__init__()
        self.fn = fn
        for name, child in children.items():
            setattr(self, name, child)

    def forward(self, *args):
        return self.fn(self, *args)


def _cases():
    torch.manual_seed(0)
    x4 = torch.randn(2, 3, 7, 7)
    return {
        "activations": (Fn(lambda m, x: F.leaky_relu(x, 0.2) + F.elu(x, 0.7)
                           + torch.sigmoid(x) * torch.tanh(x) + F.hardswish(x)
                           + F.hardsigmoid(x) * F.silu(x)
                           + F.relu6(x * 4) + torch.clamp(x, min=-0.5)), (x4,)),
        "scalar_arith": (Fn(lambda m, x: (x + 1.5) * 0.25 - x.sub(2.0, alpha=3.0)), (x4,)),
        "broadcast_arith": (Fn(lambda m, x, y: x * y - torch.sub(x, y, alpha=0.5)),
                            (x4, torch.randn(7))),
        "div_sqrt": (Fn(lambda m, x, y: torch.sqrt(x * x + 1.0) / y),
                     (x4, torch.rand(7) + 0.5)),
        "avg_pool_ceil_no_pad_count": (Fn(lambda m, x: F.avg_pool2d(
            x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)), (x4,)),
        "avg_pool_divisor": (Fn(lambda m, x: F.avg_pool2d(x, 2, divisor_override=3)), (x4,)),
        "max_pool_dilated": (Fn(lambda m, x: F.max_pool2d(x, 3, stride=1, padding=1,
                                                          dilation=2)), (x4,)),
        "adaptive_avg_pool_uneven": (Fn(lambda m, x: F.adaptive_avg_pool2d(x, (3, 2))), (x4,)),
        "mean_keepdim": (Fn(lambda m, x: x.mean((1, 3), keepdim=True)), (x4,)),
        "cat_flatten_squeeze": (Fn(lambda m, x: torch.flatten(torch.cat(
            [x, x * 2], 1), 1).unsqueeze(0).squeeze(0)), (x4,)),
        "permute_view": (Fn(lambda m, x: x.permute(0, 2, 3, 1).reshape(2, -1)), (x4,)),
        "mm": (Fn(lambda m, x, y: torch.mm(x, y)), (torch.randn(5, 6), torch.randn(6, 3))),
        "addmm_scaled": (Fn(lambda m, b, x, y: torch.addmm(b, x, y, beta=0.5, alpha=2.0)),
                         (torch.randn(3), torch.randn(5, 6), torch.randn(6, 3))),
        "constant_pad_crop": (Fn(lambda m, x: F.pad(x, (2, -1, 1, 1), value=0.5)), (x4,)),
        "reflect_pad": (Fn(lambda m, x: F.pad(x, (2, 1, 3, 0), mode="reflect")), (x4,)),
        "replicate_pad": (Fn(lambda m, x: F.pad(x, (2, 1, 3, 0), mode="replicate")), (x4,)),
        "embedding": (Fn(lambda m, i: m.emb(i) * 2, emb=torch.nn.Embedding(10, 4)),
                      (torch.tensor([[1, 9, 0], [3, 3, 7]]),)),
        "layer_norm": (Fn(lambda m, x: m.ln(x), ln=torch.nn.LayerNorm((7, 7))), (x4,)),
        "layer_norm_no_affine": (Fn(lambda m, x: F.layer_norm(x, (7,))), (x4,)),
        "batch_norm_training": (Fn(lambda m, x: m.bn(x), bn=torch.nn.BatchNorm2d(3).train()),
                                (x4,)),
        "gelu": (Fn(lambda m, x: F.gelu(x * 3) + F.gelu(x, approximate="tanh")), (x4,)),
        "softmax_bmm": (Fn(lambda m, q, k: torch.bmm(torch.softmax(
            torch.bmm(q / 2.5, k.transpose(1, 2)), -1), k) + torch.softmax(q, 1)),
                        (torch.randn(2, 5, 8), torch.randn(2, 5, 8))),
        "slice_select": (Fn(lambda m, x: x[:, 1:, 1::2, -3:] * x[:, -1:, 2:7:2, :3]
                            + x.select(1, -1).unsqueeze(1)[..., 1::2, :3]), (x4,)),
        "split_chunk_unbind": (Fn(lambda m, x: sum(a * b for a, b in zip(
            x.chunk(3, 1), torch.split(x, [1, 1, 1], 1))).mean(1) + sum(x.unbind(3)).mean(1, keepdim=True)),
                               (x4,)),
        "transpose_stack_expand": (Fn(lambda m, x, t: torch.stack(
            [x.transpose(1, -1), (x * 1).transpose_(2, 3).transpose(1, 3)], 1)
            + t.expand(2, 2, -1, -1, -1)), (x4, torch.randn(1, 7, 7, 1))),
        "zeros_state": (Fn(lambda m, x: x + torch.zeros(1, 7, dtype=x.dtype)), (x4,)),
        "lstm": (Fn(lambda m, x: m.rnn(x)[0], rnn=torch.nn.LSTM(6, 8, num_layers=2,
                                                              batch_first=True)),
                 (torch.randn(1, 5, 6),)),
        "gru": (Fn(lambda m, x: m.rnn(x)[1], rnn=torch.nn.GRU(6, 8)), (torch.randn(5, 1, 6),)),
        "grouped_conv": (Fn(lambda m, x: m.conv(x),
                            conv=torch.nn.Conv2d(4, 6, 3, groups=2, padding=1)),
                         (torch.randn(1, 4, 6, 6),)),
        "depthwise_multiplier": (Fn(lambda m, x: m.conv(x),
                                    conv=torch.nn.Conv2d(3, 6, 3, groups=3)), (x4,)),
        "conv_transpose_dilated": (Fn(lambda m, x: m.conv(x), conv=torch.nn.ConvTranspose2d(
            3, 2, 3, stride=2, padding=2, output_padding=1, dilation=2)), (x4,)),
    }


CASES = _cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_op_parity(name, tmp_path):
    module, inputs = CASES[name]
    training = name == "batch_norm_training"
    if not training:
        module = module.eval()
    with torch.no_grad():
        expected = module(*[t.clone() for t in inputs]).numpy()
        imported = import_model(module, inputs)
    (tmp_path / "m.mlir").write_text(imported.mlir)
    args = [str(tool_path("quant-run")), str(tmp_path / "m.mlir"), "--output-dir",
            str(tmp_path)]
    for i, tensor in enumerate(inputs):
        np.save(tmp_path / f"in{i}.npy", tensor.numpy())
        args += ["--input", str(tmp_path / f"in{i}.npy")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ours = np.load(tmp_path / "output_0.npy")
    assert ours.shape == expected.shape
    assert_not_degenerate(expected)
    rel = float(np.abs(ours - expected).max()) / max(float(np.abs(expected).max()), 1e-30)
    print(f"\n{name}: error relative to output range {rel:.3g}")
    assert rel <= 1e-5
