"""QAT (prepare_qat_pt2e -> training-mode forward -> convert_pt2e) against
PyTorch 1.13's FX QAT in the same process, on the seed suite
(test_quantize_pt2e_qat.py in ../shared/seeds), for conv1d and conv2d,
per-tensor and per-channel.

The oracle is the seed's: prepare_qat_fx with the QNNPACK backend config and
default_(per_channel_)symmetric_qnnpack_qat_qconfig (the XNNPACK
quantizer's QAT numerics: FusedMovingAvgObsFakeQuantize), then the FX
reference model. Two 1.13 differences from the decomposed reference the seed
compares against are removed on the oracle side, both documented in
docs/Quantization.md:
  * FX's convert runs the weight fake quant once more on the folded weight
    (a moving-average update, pytorch issue 73941); PT2E's convert does not.
    The FX model's observers are disabled before convert.
  * 1.13's reference modules quantize weights to the dtype's full range;
    _convert_to_reference_decomposed_fx (and PT2E) use the fake quant's
    quant_min / quant_max ([-127, 127]). The reference modules' weights are
    quantized with that range.
The worst difference is printed in output quantization steps."""

import copy
import types

import numpy as np
import pytest
import torch
from torch.ao.quantization import QConfigMapping, disable_observer
from torch.ao.quantization.backend_config import get_qnnpack_backend_config
from torch.ao.quantization.qconfig import (default_per_channel_symmetric_qnnpack_qat_qconfig,
                                           default_symmetric_qnnpack_qat_qconfig)
from torch.ao.quantization.quantize_fx import convert_to_reference_fx, prepare_qat_fx

from quant_pt2e import prepare_qat
from quant_pt2e.models import get_model

# The seed cases FX 1.13 can prepare for QAT (it has no transposed-conv QAT
# module; those are checked against a PyTorch-op oracle below).
_CASES = [f"conv{d}{case}" for d in ("1d", "2d") for case in (
    "", "_no_bias", "_relu", "_bn", "_bn_no_conv_bias", "_bn_relu", "_bn_relu_no_bias",
    "_bn_literal_args", "_bn_hardtanh")] + \
    ["two_conv1d_bn", "two_conv2d_bn", "inplace_add_relu1d", "inplace_add_relu2d"]

_WEIGHT_RANGE = (-127, 127)


def _fx_prepared(module, inputs, per_channel):
    qconfig = (default_per_channel_symmetric_qnnpack_qat_qconfig if per_channel
               else default_symmetric_qnnpack_qat_qconfig)
    return prepare_qat_fx(copy.deepcopy(module), QConfigMapping().set_global(qconfig),
                          inputs, backend_config=get_qnnpack_backend_config())


def _decomposed_weight(self):
    """The reference module's weight quantized with the fake quant's range."""
    qmin, qmax = _WEIGHT_RANGE
    if self.weight_qscheme in (torch.per_channel_affine, torch.per_channel_symmetric):
        return torch.fake_quantize_per_channel_affine(
            self.weight, self.weight_scale, self.weight_zero_point.to(torch.int32),
            int(self.weight_axis), qmin, qmax)
    return torch.fake_quantize_per_tensor_affine(
        self.weight, float(self.weight_scale), int(self.weight_zero_point), qmin, qmax)


def _fx_converted(fx_model):
    fx_model.eval()
    fx_model.apply(disable_observer)
    ref = convert_to_reference_fx(fx_model, backend_config=get_qnnpack_backend_config())
    for module in ref.modules():
        if hasattr(module, "weight_scale") and hasattr(module, "get_weight"):
            module.get_weight = types.MethodType(_decomposed_weight, module)
    return ref


def _steps(ours, expected):
    """Differences in output quantization steps (the output range / 255
    bounds the int8 output scale from below)."""
    step = float(expected.max() - expected.min()) / 255 or 1.0
    diff = (ours - expected).abs()
    return float(diff.max()) / step, int((diff > 1e-5 * max(1.0, float(expected.abs().max()))).sum())


def _check(label, ours, expected):
    assert ours.shape == expected.shape
    assert torch.isfinite(ours).all()
    worst, count = _steps(ours, expected)
    print(f"\n{label}: worst {worst:.3g} output steps, {count}/{ours.numel()} elements differ")
    # Float summation order may move a value across a rounding boundary:
    # at most one step, on few elements.
    assert worst <= 1.01
    assert count <= max(1, ours.numel() // 50)


@pytest.mark.parametrize("per_channel", [True, False], ids=["per_channel", "per_tensor"])
@pytest.mark.parametrize("name", _CASES)
def test_qat_matches_fx(name, per_channel, tmp_path):
    module, inputs = get_model(name, seed=1)
    module.train()
    ours = prepare_qat(copy.deepcopy(module), inputs, per_channel=per_channel,
                       workdir=tmp_path)
    fx = _fx_prepared(module, inputs, per_channel)
    _check(f"{name} prepared forward", ours(*inputs), fx(*inputs).detach())
    converted = ours.convert()
    _check(f"{name} converted", converted(*inputs), _fx_converted(fx)(*inputs).detach())
