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
relative). Every quantization point is compared (same points in the same
order, same zero points, scales within 1e-5); the outputs are compared in
output quantization steps and the distribution is printed (pytest -s). The
shallow models show 0 steps; on ResNet-18 the ulp-level scale differences
of 20 quantized layers compound until about a quarter of the logits move by
one step.
Batch norm is folded into the convolutions first in both flows
(prepare_fx fuses conv-bn(-relu) in eval mode; prepare_pt2e folds before
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

from parity_checks import step_differences


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


class DropoutHead(torch.nn.Module):
    """MobileNetV2's head in small: conv-relu6, global average pool,
    flatten, dropout, linear. The pool and flatten share the conv's
    observer; eval-mode dropout observes its output anew (FX's default op
    config), so the linear reads qparams of the pooled range."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 16, 3, padding=1)
        self.relu6 = torch.nn.ReLU6()
        self.dropout = torch.nn.Dropout(0.2)
        self.fc = torch.nn.Linear(16, 10)

    def forward(self, x):
        x = torch.nn.functional.adaptive_avg_pool2d(self.relu6(self.conv(x)), (1, 1))
        return self.fc(self.dropout(torch.flatten(x, 1)))


def _model(name):
    if name == "small_net":
        torch.manual_seed(0)
        return SmallNet().eval(), (torch.randn(1, 3, 8, 8),)
    if name == "dropout_head":
        torch.manual_seed(0)
        return DropoutHead().eval(), (torch.randn(1, 3, 8, 8),)
    return get_model(name)


MODELS = ["conv1d", "conv2d", "conv2d_relu", "conv1d_no_bias", "conv2d_no_bias",
          "inplace_add_relu2d", "qat_ptq_mixed", "small_net", "dropout_head",
          "conv2d_bn", "conv2d_bn_relu", "conv1d_bn_relu_no_bias", "two_conv2d_bn",
          "conv2d_bn_literal_args", "conv2d_bn_hardtanh", "resnet18", "mobilenet_v2",
          "mnasnet0_5"]
# Whole networks: a handful of calibration and test images keeps CI short.
CALIBRATION_SAMPLES = {"resnet18": 2, "mobilenet_v2": 2, "mnasnet0_5": 2}


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


def _our_qparams(mlir, index=None):
    found = [(np.float32(float(s)), int(z)) for s, z in re.findall(
        r"quant_pt2e.quantize %\S+ scales\(\[([^\]]+)\]\) "
        r"zero_points\(\[([^\]]+)\]\)", mlir)]
    return found if index is None else found[index]


def _all_fx_qparams(reference):
    count = sum(1 for n in reference.graph.nodes if n.target == torch.quantize_per_tensor)
    return [_fx_qparams(reference, i) for i in range(count)]


def _without_requantization(points):
    """Drops a point equal to the previous one: quantizing a dequantized
    value again with the same qparams (after an op sharing its input's
    observer, such as relu6 or a pool) is the identity."""
    return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]


# MobileNetV2 with recalibrated batch norms (activations at unit scale):
# the same 65 quantization points as FX, but two of them are decided by the
# last float bits of the data their histogram observer sees. The first
# conv's output (ours and PyTorch's summation orders differ by 1.2e-6) puts
# a cumulative bin count exactly on a quantile bound of the L2 search: scale
# 0.03688517 vs FX's 0.03682973 (fed FX's tensors, our observer gives FX's
# qparams bit for bit). features.12.conv.2's search compares L2 errors
# 4.45939 and 4.45943 (FX: 4.45953 and 4.45915): zero point -6 vs FX's 2.
# MobileNetV2 then amplifies every one-step difference layer by layer (see
# test_backend_lowering's _KNOWN_FAILURES): no output bound holds.
_KNOWN_FAILURES = {"mobilenet_v2": "two histogram searches decided by float-noise in "
                                   "their data (first conv's scale 1.5e-3 apart, "
                                   "features.12.conv.2's zero point -6 vs 2), amplified "
                                   "over 52 layers"}
# MNASNet's points on hosts whose PyTorch float kernels sum in another
# order (AMD EPYC with AVX2; the AVX-512 VNNI Xeon without AMX, CPU model
# 207): the histogram search of point 8 (a relu output, zero point -128 in
# both flows) lands on the other side of its tie: scale 0.023446 vs FX's
# 0.023248 (0.85%), every other point within 6e-6 on the EPYC, as
# MobileNetV2's first point on every host; on the Xeon without AMX points
# 45 and 52 tip too (0.30% and 0.16%). Which hosts do is PyTorch's choice
# of float kernel, not the ISA alone (it happens on AVX-512 without AMX and
# not with it), so the test recognises the case by its data: at most three
# points apart, each under 1%, zero points all equal, is an xfail;
# anything else fails.
_MNASNET_TIE = ("PyTorch's float summation order on this CPU tips histogram searches "
                "(scales under 1% apart, zero points equal)")

# MNASNet (recalibrated batch norms): every quantization point matches FX
# (65, zero points equal, scales within 6e-6), but the network amplifies
# the remaining last-ulp scale differences like MobileNetV2: up to 9 output
# steps end to end. The output bound is recorded as a strict xfail.
_OUTPUT_KNOWN_FAILURES = {**_KNOWN_FAILURES,
                          "mnasnet0_5": "the same points as FX, their last-ulp scale "
                                        "differences amplified through the network "
                                        "(up to 9 output steps)"}

#: (name, per_channel) -> the FX reference, ours, the example and the input
#: generator after calibration: one quantization of each for both tests.
_PAIRS = {}


def _ptq_pair(name, per_channel, tmp_path_factory):
    key = (name, per_channel)
    if key not in _PAIRS:
        model, example = _model(name)
        generator = torch.Generator().manual_seed(1)
        calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                       for _ in range(CALIBRATION_SAMPLES.get(name, 8))]
        reference = _fx_reference(model, example, calibration, per_channel)
        ours = quantize(model, example, calibration, per_channel=per_channel,
                        lowering="reference",
                        workdir=tmp_path_factory.mktemp(f"{name}-{per_channel}"))
        _PAIRS[key] = (reference, ours, example, generator)
    return _PAIRS[key]


def _marked(failures):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=failures[n]))
            if n in failures else n for n in MODELS]


@pytest.mark.parametrize("per_channel", [False, True])
@pytest.mark.parametrize("name", _marked(_KNOWN_FAILURES))
def test_ptq_points_match_fx(name, per_channel, tmp_path_factory):
    reference, ours, _, _ = _ptq_pair(name, per_channel, tmp_path_factory)
    # The same quantization points in the same order, with the same zero
    # points and scales equal up to the float-kernel noise described above.
    fx_points = _without_requantization(_all_fx_qparams(reference))
    our_points = _without_requantization(_our_qparams(ours.mlir))
    assert len(our_points) == len(fx_points)
    assert [z for _, z in our_points] == [z for _, z in fx_points]
    worst_scale = max(abs(float(a) - float(b)) / float(b)
                      for (a, _), (b, _) in zip(our_points, fx_points))
    print(f"\n{name} ({'per-channel' if per_channel else 'per-tensor'}): "
          f"{len(our_points)} quantization points, worst scale rel. diff {worst_scale:.2g}")
    apart = [i for i, ((a, _), (b, _)) in enumerate(zip(our_points, fx_points))
             if abs(float(a) - float(b)) / float(b) > 1e-5]
    if name == "mnasnet0_5" and 0 < len(apart) <= 3 and worst_scale < 0.01:
        pytest.xfail(f"{_MNASNET_TIE}: points {apart}, worst {worst_scale:.2g}")
    assert worst_scale <= 1e-5
    # The model input: same data in both flows, identical qparams.
    assert our_points[0] == fx_points[0]
    fx_scale, fx_zero_point = _fx_qparams(reference, -1)
    our_scale, our_zero_point = _our_qparams(ours.mlir, -1)
    scale_diff = abs(float(our_scale) - float(fx_scale)) / float(fx_scale)
    assert scale_diff <= 1e-5 and our_zero_point == fx_zero_point, \
        (our_scale, our_zero_point, fx_scale, fx_zero_point)


@pytest.mark.parametrize("per_channel", [False, True])
@pytest.mark.parametrize("name", _marked(_OUTPUT_KNOWN_FAILURES))
def test_ptq_outputs_match_fx(name, per_channel, tmp_path_factory):
    reference, ours, example, generator = _ptq_pair(name, per_channel, tmp_path_factory)
    fx_scale, _ = _fx_qparams(reference, -1)
    # step_differences also proves the comparison is not degenerate.
    steps, histogram = step_differences(reference, ours, example, generator,
                                        1 if name in CALIBRATION_SAMPLES else 3, fx_scale)
    print(f"\n{name} ({'per-channel' if per_channel else 'per-tensor'}): "
          f"output-step differences {histogram} of {steps.size} elements")
    if name == "resnet18":
        # 20 quantized layers compound the last-ulp scale differences: about
        # a quarter of the logits move by one step (rarely two).
        assert steps.max() <= 2 and (steps > 0).mean() <= 0.35
    else:
        assert steps.max() <= 1
        assert (steps > 0).mean() <= 0.02