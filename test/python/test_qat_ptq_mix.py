"""Mixing QAT submodules into a PTQ model (the seed's
TestQuantizeMixQATAndPTQ.test_mixing_qat_ptq), against PyTorch 1.13 in the
same process.

The seed QAT-prepares each linear submodule on its own
(prepare_qat_pt2e, per-channel symmetric QAT config), converts it, puts the
converted submodules back, and then PTQ-quantizes the whole model with the
global symmetric config (Linear set to None). Ours: prepare_qat + train +
convert for `linears` and `my_linear`, then quantize(...,
quantized_submodules=...), which keeps their trained quantization
(quant-pt2e-link-submodules) and quantizes the rest around them.

Graph: the seed's node counts of the converted model (8 per-tensor
quantize, 9 per-tensor dequantize, 3 per-channel dequantize).
Numerics: the oracle is the same composition in PyTorch 1.13's FX: the conv
part (conv + permute) through prepare_fx + calibration +
convert_to_reference_fx (QNNPACK config, symmetric qconfig: the XNNPACK
quantizer's PTQ numerics), each linear submodule through prepare_qat_fx +
the same training batches + its reference model (as test_qat_parity.py),
then hardtanh. The worst difference is printed in output steps."""

import copy

import pytest
import torch

from quant_pt2e import prepare_qat, quantize
from quant_pt2e.api import CompilerError
from quant_pt2e.models import QATPTQTestModule

from test_ptq_parity import _fx_reference
from test_qat_parity import _check, _fx_converted, _fx_prepared, qdq_counts


class _ConvPermute(torch.nn.Module):
    """The PTQ part of QATPTQTestModule (its conv and the permute)."""

    def __init__(self, conv):
        super().__init__()
        self.conv = conv

    def forward(self, x):
        return torch.permute(self.conv(x), (0, 2, 3, 1))


def _qat_submodule(module, example, batches, tmp_path, name):
    ours = prepare_qat(copy.deepcopy(module), (example,), per_channel=True,
                       workdir=tmp_path / name)
    ours.train([(b,) for b in batches])
    fx = _fx_prepared(module, (example,), per_channel=True)
    for b in batches:
        fx(b)
    return ours.convert(lowering="reference"), _fx_converted(fx)


def test_mixing_qat_ptq(tmp_path):
    torch.manual_seed(0)
    model = QATPTQTestModule().eval()
    example = torch.randn(2, 3, 4, 4)
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        linears_in = torch.permute(model.conv(example), (0, 2, 3, 1))
        my_linear_in = model.linears(linears_in)
    # A few training steps per QAT submodule, on inputs of the shape it sees.
    linears, fx_linears = _qat_submodule(
        model.linears, linears_in,
        [torch.randn(linears_in.shape, generator=generator) for _ in range(3)],
        tmp_path, "linears")
    my_linear, fx_my_linear = _qat_submodule(
        model.my_linear, my_linear_in,
        [torch.randn(my_linear_in.shape, generator=generator) for _ in range(3)],
        tmp_path, "my_linear")

    calibration = [(torch.randn(example.shape, generator=generator),) for _ in range(4)]
    ours = quantize(model, (example,), calibration,
                    module_types={"torch.nn.modules.linear.Linear": "none"},
                    quantized_submodules={"linears": linears, "my_linear": my_linear},
                    workdir=tmp_path / "model", lowering="reference")
    # The seed's node occurrences after convert_pt2e.
    assert qdq_counts(ours.mlir) == {"quantize_per_tensor": 8, "quantize_per_channel": 0,
                                     "dequantize_per_tensor": 9, "dequantize_per_channel": 3}
    # The submodules kept their trained quantization.
    assert 'quant_pt2e.submodule = "linears"' in ours.mlir
    assert 'quant_pt2e.submodule = "my_linear"' in ours.mlir

    fx_conv = _fx_reference(_ConvPermute(model.conv), (example,), calibration, False)
    for _ in range(3):
        x = torch.randn(example.shape, generator=generator)
        with torch.no_grad():
            expected = torch.nn.functional.hardtanh(fx_my_linear(fx_linears(fx_conv(x))))
        got = ours(x)
        _check("QAT submodules in a PTQ model", got, expected)
        # The linked submodules also run on the fast lowering (auto: the
        # fastest exact one for the host's ISA).
        _check(f"QAT submodules in a PTQ model, {ours.with_lowering('auto').backend} lowering",
               ours.with_lowering("auto")(x), got)


def test_mixing_errors(tmp_path):
    torch.manual_seed(0)
    model = QATPTQTestModule().eval()
    example = torch.randn(2, 3, 4, 4)
    with torch.no_grad():
        linears_in = torch.permute(model.conv(example), (0, 2, 3, 1))
    # Converted for another input shape: running it while tracing fails.
    qat = prepare_qat(copy.deepcopy(model.linears), (torch.randn(1, 16),),
                      workdir=tmp_path / "wrong_shape")
    qat(torch.randn(1, 16))
    with pytest.raises(CompilerError, match=r"input 0 has shape \[2, 2, 2, 16\] but the "
                       r"model's is \[1, 16\]"):
        quantize(model, (example,), [(example,)],
                 quantized_submodules={"linears": qat.convert()}, workdir=tmp_path / "a")
    # Prepared but not converted.
    prepared = prepare_qat(copy.deepcopy(model.linears), (linears_in,),
                           workdir=tmp_path / "unconverted")
    with pytest.raises(CompilerError, match="is not converted"):
        quantize(model, (example,), [(example,)],
                 quantized_submodules={"linears": _Unconverted(prepared)},
                 workdir=tmp_path / "b")


class _Unconverted:
    """A prepared (not converted) model posing as a quantized submodule."""

    def __init__(self, qat):
        self.qat = qat
        self.mlir_path = qat.mlir_path

    def __call__(self, x):
        return self.qat(x)


def test_importer_keeps_quantized_submodules_opaque():
    from quant_pt2e.importer import UnsupportedOpError, import_model

    torch.manual_seed(0)
    model = QATPTQTestModule().eval()
    example = torch.randn(2, 3, 4, 4)
    runners = {"linears": copy.deepcopy(model.linears)}
    mlir = import_model(model, (example,), quantized_submodules=runners).mlir
    assert "func.call @qpt2e_submodule_linears(" in mlir
    assert ('func.func private @qpt2e_submodule_linears(tensor<2x2x2x16xf32>) -> '
            'tensor<2x2x2x8xf32> attributes {quant_pt2e.submodule = "linears"}') in mlir
    # The submodule's own ops are not traced; the rest is, and the model's
    # submodules are restored afterwards.
    assert "linears.linear1" not in mlir and "my_linear" in mlir
    assert isinstance(model.linears, torch.nn.Module) and hasattr(model.linears, "linear1")

    # Names that sanitize alike still get distinct symbols.
    from quant_pt2e.importer import submodule_symbol
    assert submodule_symbol("layer.1") == "qpt2e_submodule_layer_1"
    assert submodule_symbol("layer_1", {"qpt2e_submodule_layer_1"}) == \
        "qpt2e_submodule_layer_1_1"
    assert submodule_symbol("bloc\u00e9") == "qpt2e_submodule_bloc_"

    with pytest.raises(UnsupportedOpError, match="the model has no submodule 'head'"):
        import_model(model, (example,), quantized_submodules={"head": runners["linears"]})

    class Twice(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(4, 4)

        def forward(self, x):
            return self.lin(torch.cat([self.lin(x), x]))

    twice = Twice()
    with pytest.raises(UnsupportedOpError, match="called with different shapes"):
        import_model(twice, (torch.randn(2, 4),),
                     quantized_submodules={"lin": copy.deepcopy(twice.lin)})
