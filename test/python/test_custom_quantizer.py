"""User-defined quantizers (quant_pt2e.quantizer, PT2E's Quantizer API) on
the seed's QAT cases that use them: ConvBnDerivedBiasQuantizer
(test_qat_conv_bn_bias_derived_qspec, per tensor, and
test_qat_conv_bn_per_channel_weight_bias, per channel) and
ConvBnInt32WeightQuantizer (test_qat_per_channel_weight_custom_dtype),
ported to annotate the traced ATen graph. The checks are the seed's, on
the converted graph: the bias dequantize's scale is input scale x weight
scale with the int32 range, the int32 weight's dequantize is per channel on
axis 0 with range [0, 2^31 - 1], node occurrences and order. The input and
weight qparams of the converted conv are also checked against PyTorch
1.13's calculate_qparams for the running min / max the fake quants trained
to (bit-identical scales, same zero points)."""

import json
import re

import numpy as np
import pytest
import torch

from quant_pt2e import prepare_qat
from quant_pt2e.importer import UnsupportedOpError
from quant_pt2e.models import get_model
from quant_pt2e.quantizer import (DerivedQuantizationSpec, QuantizationAnnotation,
                                  QuantizationSpec, Quantizer, fake_quant,
                                  fused_moving_avg_obs_fake_quant)

from test_qat_parity import qdq_counts


def _get_conv_bn_getitem_nodes(gm):
    """The seed's helper on make_fx's graph: the conv, the training batch
    norm and its getitem 0."""
    conv = next(n for n in gm.graph.nodes if n.target == torch.ops.aten.convolution.default)
    bn = next(n for n in gm.graph.nodes if "batch_norm" in str(n.target))
    getitem = next(u for u in bn.users if u.args[1] == 0)
    return conv, bn, getitem


def _act_qspec():
    # default_fake_quant: FakeQuantize, quint8 [0, 255], moving-average min-max.
    return QuantizationSpec("uint8", 0, 255, "per_tensor_affine", fake_quant())


class ConvBnInt32WeightQuantizer(Quantizer):
    """Weights quantized per channel to int32 [0, 2^31 - 1]."""

    def annotate(self, gm):
        conv, _, getitem = _get_conv_bn_getitem_nodes(gm)
        weight_qspec = QuantizationSpec("int32", 0, 2 ** 31 - 1, "per_channel_affine",
                                        fused_moving_avg_obs_fake_quant(per_channel=True),
                                        ch_axis=0)
        conv.meta["quantization_annotation"] = QuantizationAnnotation(
            input_qspec_map={conv.args[0]: _act_qspec(), conv.args[1]: weight_qspec})
        getitem.meta["quantization_annotation"] = QuantizationAnnotation(
            output_qspec=_act_qspec())
        return gm


class ConvBnDerivedBiasQuantizer(Quantizer):
    """Bias qparams derived from the input and weight qparams."""

    def __init__(self, is_per_channel=False):
        self.is_per_channel = is_per_channel

    def annotate(self, gm):
        conv, _, getitem = _get_conv_bn_getitem_nodes(gm)
        if self.is_per_channel:
            weight_qspec = QuantizationSpec("uint8", 0, 255, "per_channel_symmetric",
                                            fused_moving_avg_obs_fake_quant(per_channel=True),
                                            ch_axis=0)
        else:
            weight_qspec = QuantizationSpec("uint8", 0, 255, "per_tensor_affine", fake_quant())
        input_act, weight, bias = conv.args[0], conv.args[1], conv.args[2]
        bias_qspec = DerivedQuantizationSpec(
            derived_from=[(input_act, conv), (weight, conv)], dtype="int32",
            quant_min=-(2 ** 31), quant_max=2 ** 31 - 1,
            qscheme="per_channel_symmetric" if self.is_per_channel else "per_tensor_symmetric",
            ch_axis=0 if self.is_per_channel else None)
        conv.meta["quantization_annotation"] = QuantizationAnnotation(
            input_qspec_map={input_act: _act_qspec(), weight: weight_qspec, bias: bias_qspec})
        getitem.meta["quantization_annotation"] = QuantizationAnnotation(
            output_qspec=_act_qspec())
        return gm


def _values(text):
    return [float(v) for v in text.split(",")]


def _conv_operand_dqs(mlir):
    """The dequantize ops feeding the converted conv: (input, weight, bias)."""
    lines = {m.group(1): m.group(0) for m in re.finditer(r"(%\S+) = quant_pt2e\.\S+ .*", mlir)}
    conv = re.search(r"aten\.convolution (%[^,]+), (%[^, ]+)(?:, (%[^ ]+))?", mlir)
    return [lines.get(name) for name in conv.groups()]


def _scales(dq_line):
    return np.array(_values(re.search(r"scales\(\[([^\]]+)\]\)", dq_line).group(1)),
                    np.float32)


def _zero_points(dq_line):
    return [int(v) for v in re.search(r"zero_points\(\[([^\]]+)\]\)", dq_line).group(1)
            .split(",")]


def _torch_qparams(state, qscheme, per_channel):
    """PyTorch 1.13's calculate_qparams (uint8 [0, 255], default eps) over
    the running min / max the fake quant trained to."""
    from torch.ao.quantization.observer import (MovingAverageMinMaxObserver,
                                                MovingAveragePerChannelMinMaxObserver)
    if per_channel:
        observer = MovingAveragePerChannelMinMaxObserver(
            ch_axis=0, dtype=torch.quint8, quant_min=0, quant_max=255, qscheme=qscheme)
        observer.min_val = torch.tensor(state["min"])
        observer.max_val = torch.tensor(state["max"])
    else:
        observer = MovingAverageMinMaxObserver(dtype=torch.quint8, quant_min=0, quant_max=255,
                                               qscheme=qscheme)
        observer.min_val = torch.tensor(state["min"][0])
        observer.max_val = torch.tensor(state["max"][0])
    scale, zero_point = observer.calculate_qparams()
    return scale.reshape(-1).numpy().astype(np.float32), zero_point.reshape(-1).tolist()


def _check_against_torch(qat, x_dq, w_dq, weight_qscheme, per_channel):
    """Input and weight qparams of the converted conv equal PyTorch's for the
    trained state (observer 0: input, 1: weight)."""
    observers = {o["id"]: o for o in json.loads(qat.stats_path.read_text())["observers"]}
    scale, zero_point = _torch_qparams(observers[0], torch.per_tensor_affine, False)
    np.testing.assert_array_equal(_scales(x_dq), scale)
    assert _zero_points(x_dq) == zero_point
    scale, zero_point = _torch_qparams(observers[1], weight_qscheme, per_channel)
    np.testing.assert_array_equal(_scales(w_dq), scale)
    assert _zero_points(w_dq) == zero_point


def _run(model, inputs, quantizer, tmp_path):
    qat = prepare_qat(model, inputs, quantizer=quantizer, backend=None, workdir=tmp_path)
    qat(*inputs)
    converted = qat.convert(lowering="reference")
    converted(*inputs)
    return qat, converted


@pytest.mark.parametrize("dim", [1, 2])
def test_qat_conv_bn_bias_derived_qspec(dim, tmp_path):
    model, inputs = get_model(f"conv{dim}d_bn", seed=1)
    model.train()
    qat, converted = _run(model, inputs, ConvBnDerivedBiasQuantizer(), tmp_path)
    assert "#quant_pt2e.derived<from = [0, 1], int32" in qat.mlir
    x_dq, w_dq, b_dq = _conv_operand_dqs(converted.mlir)
    _check_against_torch(qat, x_dq, w_dq, torch.per_tensor_affine, False)
    # Weight and bias dequantized per tensor from constants.
    assert "axis(" not in w_dq and "axis(" not in b_dq
    assert re.search(r"dequantize %cst\S* ", w_dq) and re.search(r"dequantize %cst\S* ", b_dq)
    # bias scale == input scale * weight scale (float32, as PT2E's), int32.
    assert _scales(b_dq)[0] == np.float32(_scales(x_dq)[0] * _scales(w_dq)[0])
    assert "range(-2147483648, 2147483647) : tensor<3xi32>" in b_dq


@pytest.mark.parametrize("dim", [1, 2])
def test_qat_conv_bn_per_channel_weight_bias(dim, tmp_path):
    model, inputs = get_model(f"conv{dim}d_bn", seed=1)
    model.train()
    qat, converted = _run(model, inputs, ConvBnDerivedBiasQuantizer(is_per_channel=True),
                          tmp_path)
    # x -> q -> dq -> conv -> q -> dq, weight and bias dq per channel.
    assert qdq_counts(converted.mlir) == {"quantize_per_tensor": 2, "quantize_per_channel": 0,
                                          "dequantize_per_tensor": 2,
                                          "dequantize_per_channel": 2}
    body = converted.mlir[converted.mlir.index("func.func @forward"):]
    order = re.findall(r"quant_pt2e\.quantize %\S+ scales|quant_pt2e\.dequantize %\S+ axis|"
                       r"quant_pt2e\.dequantize %\S+ scales|aten\.convolution", body)
    assert [o.split()[0] + (" axis" if o.endswith("axis") else "") for o in order] == [
        "quant_pt2e.quantize", "quant_pt2e.dequantize", "quant_pt2e.dequantize axis",
        "quant_pt2e.dequantize axis", "aten.convolution", "quant_pt2e.quantize",
        "quant_pt2e.dequantize"]
    x_dq, w_dq, b_dq = _conv_operand_dqs(converted.mlir)
    assert "axis(0)" in w_dq and "axis(0)" in b_dq
    _check_against_torch(qat, x_dq, w_dq, torch.per_channel_symmetric, True)
    np.testing.assert_array_equal(_scales(b_dq), (_scales(x_dq)[0] * _scales(w_dq)))


@pytest.mark.parametrize("dim", [1, 2])
def test_qat_per_channel_weight_custom_dtype(dim, tmp_path):
    model, inputs = get_model(f"conv{dim}d_bn", seed=1)
    model.train()
    _, converted = _run(model, inputs, ConvBnInt32WeightQuantizer(), tmp_path)
    _, w_dq, _ = _conv_operand_dqs(converted.mlir)
    assert re.search(r"dequantize %cst\S* axis\(0\) ", w_dq)
    assert "range(0, 2147483647)" in w_dq and "xi32> ->" in w_dq


def test_annotation_errors(tmp_path):
    class OtherNode(Quantizer):
        def annotate(self, gm):
            conv, _, getitem = _get_conv_bn_getitem_nodes(gm)
            conv.meta["quantization_annotation"] = QuantizationAnnotation(
                input_qspec_map={getitem: _act_qspec()})
            return gm

    model, inputs = get_model("conv2d_bn", seed=1)
    with pytest.raises(UnsupportedOpError, match="is not one of its tensor operands"):
        prepare_qat(model.train(), inputs, quantizer=OtherNode(), backend=None,
                    workdir=tmp_path)
    with pytest.raises(ValueError, match="module_names / module_types configure"):
        prepare_qat(model.train(), inputs, quantizer=ConvBnInt32WeightQuantizer(),
                    module_types={"x": "none"}, workdir=tmp_path)


def test_annotation_without_an_op_is_refused(tmp_path):
    class OnPlaceholder(Quantizer):
        def annotate(self, gm):
            x = next(n for n in gm.graph.nodes if n.op == "placeholder")
            x.meta["quantization_annotation"] = QuantizationAnnotation(
                output_qspec=_act_qspec())
            return gm

    model, inputs = get_model("conv2d_bn", seed=1)
    with pytest.raises(UnsupportedOpError, match="has no op to go on"):
        prepare_qat(model.train(), inputs, quantizer=OnPlaceholder(), backend=None,
                    workdir=tmp_path)
