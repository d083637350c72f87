"""PTQ parity with PyTorch 1.13's FX flow: prepare_fx + calibration +
convert_to_reference_fx with the QNNPACK backend config and the symmetric
QNNPACK qconfigs that match the XNNPACK quantizer (histogram int8
activations, symmetric int8 weights in [-127, 127], eps 2^-12), per tensor
and per channel.

Both flows see the same calibration data. The model-input observer sees
identical data in both flows, so its qparams must be identical bit for bit.
Observers after a float op (conv, linear, add) see that op's float result,
which our loops and PyTorch's kernels round differently in the last ulp
(summation order); a value near a histogram bin edge can then move the
selected range, so those qparams may differ by a few ulps (bounded at 1e-5
relative). The outputs are compared in output quantization steps and the
distribution is printed (pytest -s): elements whose float result sits at a
rounding boundary move by one step, never more.
Models with batch norm wait for conv-bn folding (PT2E folds before
annotating)."""

import copy
import re

import numpy as np
import pytest
import torch
from torch.ao.quantization import QConfigMapping
from torch.ao.quantization.backend_config import get_qnnpack_backend_config
from torch.ao.quantization.qconfig import (
    default_per_channel_symmetric_qnnpack_qconfig,
    default_symmetric_qnnpack_qconfig,
)
from torch.ao.quantization.quantize_fx import convert_to_reference_fx, prepare_fx

from quant_pt2e import quantize
from quant_pt2e.models import get_model


class SmallNet(torch.nn.Module):
    """conv-relu, max pool, a residual add-relu, cat, flatten, linear."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = torch.nn.ReLU()
        self.pool = torch.nn.MaxPool2d(2)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1)
        self.relu2 = torch.nn.ReLU()
        self.fc = torch.nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(self.relu1(self.conv1(x)))
        y = self.relu2(self.conv2(x) + x)
        z = torch.cat([x, y], 1)
        return self.fc(torch.flatten(z, 1))


def _model(name):
    if name == "small_net":
        torch.manual_seed(0)
        return SmallNet().eval(), (torch.randn(1, 3, 8, 8),)
    return get_model(name)


MODELS = ["conv1d", "conv2d", "conv2d_relu", "conv1d_no_bias", "conv2d_no_bias",
          "inplace_add_relu2d", "qat_ptq_mixed", "small_net"]


def _fx_reference(model, example, calibration, per_channel):
    qconfig = (default_per_channel_symmetric_qnnpack_qconfig if per_channel
               else default_symmetric_qnnpack_qconfig)
    prepared = prepare_fx(copy.deepcopy(model), QConfigMapping().set_global(qconfig),
                          example, backend_config=get_qnnpack_backend_config())
    with torch.no_grad():
        for sample in calibration:
            prepared(*sample)
    return convert_to_reference_fx(prepared, backend_config=get_qnnpack_backend_config())


def _fx_qparams(reference, index):
    node = [n for n in reference.graph.nodes
            if n.target == torch.quantize_per_tensor][index]
    scale = getattr(reference, node.args[1].target)
    zero_point = getattr(reference, node.args[2].target)
    return np.float32(scale), int(zero_point)


def _our_qparams(mlir, index):
    found = re.findall(r"quant_pt2e.quantize %\S+ scales\(\[([^\]]+)\]\) "
                       r"zero_points\(\[([^\]]+)\]\)", mlir)[index]
    return np.float32(float(found[0])), int(found[1])


@pytest.mark.parametrize("per_channel", [False, True])
@pytest.mark.parametrize("name", MODELS)
def test_ptq_matches_fx(name, per_channel, tmp_path):
    model, example = _model(name)
    generator = torch.Generator().manual_seed(1)
    calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                   for _ in range(8)]
    reference = _fx_reference(model, example, calibration, per_channel)
    ours = quantize(model, example, calibration, per_channel=per_channel,
                    workdir=tmp_path)

    # The model input: same data in both flows, identical qparams.
    assert _our_qparams(ours.mlir, 0) == _fx_qparams(reference, 0)
    fx_scale, fx_zero_point = _fx_qparams(reference, -1)
    our_scale, our_zero_point = _our_qparams(ours.mlir, -1)
    scale_diff = abs(float(our_scale) - float(fx_scale)) / float(fx_scale)
    assert scale_diff <= 1e-5 and our_zero_point == fx_zero_point, \
        (our_scale, our_zero_point, fx_scale, fx_zero_point)

    steps = []
    for _ in range(3):
        test = tuple(torch.randn(t.shape, generator=generator) for t in example)
        with torch.no_grad():
            expected = reference(*test).numpy()
        got = ours(*test).numpy()
        steps.append(np.rint(np.abs(got - expected) / fx_scale).astype(np.int64).ravel())
    steps = np.concatenate(steps)
    histogram = np.bincount(steps)
    print(f"\n{name} ({'per-channel' if per_channel else 'per-tensor'}): "
          f"output scale rel. diff {scale_diff:.2g}, output-step differences "
          f"{dict(enumerate(histogram.tolist()))} of {steps.size} elements")
    assert steps.max() <= 1
    assert (steps > 0).mean() <= 0.02
