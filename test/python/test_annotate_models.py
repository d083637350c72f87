"""The XNNPACK quantizer on imported models: the annotated IR verifies and
the annotation covers what PT2E's quantizer annotates."""

import re
import subprocess

import pytest

from quant_pt2e import tool_path
from quant_pt2e.importer import import_model
from quant_pt2e.models import get_model


def _annotate(name, options=""):
    module, inputs = get_model(name)
    result = subprocess.run(
        [str(tool_path("quant-opt")), "-", f"--quant-pt2e-annotate={options}",
         "--mlir-elide-resource-strings-if-larger=1"],
        input=import_model(module, inputs).mlir, capture_output=True, text=True,
        timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return [l for l in result.stdout.splitlines() if re.search(r"= aten\.", l)]


def _count(lines, op, annotated=True):
    return sum(1 for l in lines if f"aten.{op} " in l
               and ("quant_pt2e.annotation" in l) == annotated)


@pytest.mark.parametrize("options", ["", "per-channel=true"])
def test_resnet18(options):
    lines = _annotate("resnet18", options)
    assert _count(lines, "convolution") == 20 and _count(lines, "convolution", False) == 0
    # conv -> bn -> relu in eval form: BN is not a QAT pattern, so each conv
    # is annotated alone (inputs and output), as PT2E would before folding.
    assert _count(lines, "add") == 8 and _count(lines, "relu") >= 8
    assert _count(lines, "max_pool2d") == 1
    assert _count(lines, "mean") == 1  # propagated from the last add_relu
    assert _count(lines, "linear") == 1
    if options:
        assert sum("per_channel_symmetric, ch_axis = 0" in l for l in lines) == 21


def test_mobilenet_v2_hardtanh_propagates():
    lines = _annotate("mobilenet_v2")
    assert _count(lines, "convolution") == 52
    # hardtanh (ReLU6) after batch norm: BN's output is not annotated in PTQ,
    # so hardtanh stays float; adds of the residuals are annotated.
    assert _count(lines, "add") == 10


def test_qat_conv_bn_patterns():
    lines = _annotate("conv2d_bn_relu", "qat=true")
    assert _count(lines, "convolution") == 1 and _count(lines, "batch_norm") == 1
    relu = next(l for l in lines if "aten.relu" in l)
    assert "fused_moving_avg_obs" in relu and "output = #quant_pt2e.spec" in relu


def test_mixed_module_name_none():
    lines = _annotate("qat_ptq_mixed", "module-name=linears=none")
    linears = [l for l in lines if "aten.linear" in l]
    assert ["linears.linear1" in l or "linears.linear2" in l for l in linears] == \
        [True, True, False]
    assert ["quant_pt2e.annotation" in l for l in linears] == [False, False, True]


def test_quantize_reports_backend_violations(tmp_path):
    import torch
    from quant_pt2e import quantize
    from quant_pt2e.api import CompilerError
    module, inputs = get_model("conv2d_relu")
    with pytest.raises(CompilerError) as err:
        quantize(module, inputs, [inputs], backend="onednn", workdir=tmp_path)
    assert "violates backend 'onednn'" in str(err.value)
    assert "aten.convolution" in str(err.value)
