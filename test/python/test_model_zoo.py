"""The model zoo (quant_pt2e.zoo) as a new user meets it: every model
imports, runs in fp32 as PyTorch does, quantizes with the XNNPACK
quantizer, and its int8 output is compared with PyTorch's own int8
reference where PyTorch 1.13 has one that quantizes the same ops (FX,
prepare_fx + convert_to_reference_fx with the QNNPACK backend config),
else with PyTorch fp32. The host's `auto` lowering (oneDNN / XNNPACK /
the compiler's own kernels, tables and float code for the rest) runs
every model end to end and is as good an int8 model of fp32 as the
reference lowering (each kernel's one-step bound is test_backend_lowering's).

Small inputs (quant_pt2e.zoo's test sizes) keep the run of all 20 models
at about five minutes; bench/zoo_bench.py runs them at full size.

fp32: the error measure is max |ours - torch| / max |torch|, within 1e-5;
on the deepest recalibrated networks float32 rounding alone reaches that
order (PyTorch's own float32 output is 7-9e-6 from float64 there), so a
model also passes when our error against float64 is at most twice
PyTorch's.

int8 against FX: the XNNPACK quantizer follows PT2E, whose observers sit
on edges, not on values: where a value feeds a quantized op and a float op
(EfficientNet's SiLU feeds the squeeze-excitation mul and its mean), FX
quantizes the value for every user and PT2E only for the quantized one,
and a mean after a float op gets an observer of its own. The two flows
then differ by design and deep networks amplify it, so the test asserts
that our int8 model is as close to fp32 as FX's (cosine within 0.05 of
FX's) and prints the output-step histogram against FX."""

import copy
import subprocess

import numpy as np
import pytest
import torch
from torch.ao.quantization import QConfigMapping
from torch.ao.quantization.backend_config import get_qnnpack_backend_config
from torch.ao.quantization.qconfig import default_symmetric_qnnpack_qconfig
from torch.ao.quantization.quantize_fx import convert_to_reference_fx, prepare_fx

from quant_pt2e import quantize, tool_path, zoo
from quant_pt2e.importer import import_model

from parity_checks import assert_not_degenerate, step_differences

CALIBRATION_SAMPLES = 2

#: Ops whose FX config is fixed-qparams (it needs observers of its own in
#: the mapping); the XNNPACK quantizer leaves them float, so FX does too.
_FLOAT_IN_FX = (torch.nn.Hardsigmoid, torch.nn.functional.hardsigmoid, torch.nn.Sigmoid,
                torch.sigmoid, torch.nn.Softmax, torch.nn.Tanh, torch.tanh)


def _params():
    return list(zoo.ZOO)


def _first(output):
    return output[0] if isinstance(output, tuple) else output


def _cosine(a, b):
    a, b = np.asarray(a, np.float64).ravel(), np.asarray(b, np.float64).ravel()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


@pytest.mark.parametrize("name", _params())
def test_fp32_matches_pytorch(name, tmp_path):
    model, example = zoo.build(name)
    import_model(model, example).write(tmp_path / "model.mlir")
    args = [str(tool_path("quant-run")), str(tmp_path / "model.mlir"),
            "--output-dir", str(tmp_path)]
    for i, tensor in enumerate(example):
        np.save(tmp_path / f"input_{i}.npy", tensor.numpy())
        args += ["--input", str(tmp_path / f"input_{i}.npy")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    ours = np.load(tmp_path / "output_0.npy").astype(np.float64)
    with torch.no_grad():
        want = _first(model(*example)).double().numpy()
        exact = _first(copy.deepcopy(model).double()(
            *(t.double() for t in example))).numpy()
    assert ours.shape == want.shape
    assert_not_degenerate(want)
    rel = float(np.abs(ours - want).max() / np.abs(want).max())
    ours_exact = float(np.abs(ours - exact).max() / np.abs(exact).max())
    torch_exact = float(np.abs(want - exact).max() / np.abs(exact).max())
    print(f"\n{name}: fp32 error relative to the output range {rel:.3g}; against "
          f"float64: ours {ours_exact:.3g}, PyTorch's {torch_exact:.3g}")
    assert rel <= 1e-5 or ours_exact <= 2 * torch_exact


def _fx_reference(model, example, calibration):
    mapping = QConfigMapping().set_global(default_symmetric_qnnpack_qconfig)
    for op in _FLOAT_IN_FX:
        mapping.set_object_type(op, None)
    config = get_qnnpack_backend_config()
    prepared = prepare_fx(copy.deepcopy(model), mapping, example, backend_config=config)
    with torch.no_grad():
        for sample in calibration:
            prepared(*sample)
    return convert_to_reference_fx(prepared, backend_config=config)


@pytest.mark.parametrize("name", _params())
def test_int8_against_pytorch(name, tmp_path):
    entry = zoo.ZOO[name]
    model, example = zoo.build(name)
    generator = torch.Generator().manual_seed(1)
    calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                   for _ in range(CALIBRATION_SAMPLES)]
    ours = quantize(model, example, calibration, lowering="reference",
                    workdir=tmp_path / "reference")
    border = ours.compiled().outputs[0].qparams
    assert border is not None, "the output is not quantized at the border"
    scale = border[0]
    test = tuple(torch.randn(t.shape, generator=generator) for t in example)
    got = np.asarray(_first(ours(*test)))
    with torch.no_grad():
        fp32 = _first(model(*test)).numpy()
    assert_not_degenerate(got, scale)
    ours_fp32 = _cosine(got, fp32)
    if entry.fx_reference:
        reference = _fx_reference(model, example, calibration)
        with torch.no_grad():
            fx = _first(reference(*test)).numpy()
        steps = np.rint(np.abs(got - fx) / scale).astype(np.int64)
        fx_fp32 = _cosine(fx, fp32)
        print(f"\n{name}: int8 vs FX's int8 reference: output steps "
              f"{dict(enumerate(np.bincount(steps.ravel()).tolist()))}, cosine "
              f"{_cosine(got, fx):.5f}; cosine to fp32: ours {ours_fp32:.5f}, "
              f"FX's {fx_fp32:.5f}")
        assert ours_fp32 >= fx_fp32 - 0.05
        assert _cosine(got, fx) >= 0.9
    else:
        print(f"\n{name}: int8 vs PyTorch fp32: cosine {ours_fp32:.5f} (no FX "
              f"reference: {'FX cannot trace it' if 'shufflenet' in name else 'FX keeps its attention / recurrent modules float'})")
        assert ours_fp32 >= 0.85

    # The host's auto lowering runs it (the backend takes the fused ops it
    # has, tables and float code the rest). Each integer kernel is within
    # one step of the reference (test_backend_lowering); through a whole
    # network those one-step flips compound, most on the deep mobile
    # networks whose recalibrated random weights amplify every difference
    # (XNNPACK, whose int32 bias rounds 1-3% of a layer's outputs the other
    # way near .5, moves MobileNetV2's logits by up to 40 steps). The
    # end-to-end figures are printed; the bound is that the auto model is
    # as good an int8 model of fp32 as the reference one.
    auto = ours.with_lowering("auto")
    steps, histogram = step_differences(ours, auto, example, generator, 2, scale)
    fast = np.asarray(_first(auto(*test)))
    auto_fp32 = _cosine(fast, fp32)
    print(f"{name}: {auto.describe()} vs reference: output steps {histogram}, "
          f"cosine {_cosine(fast, got):.5f}; cosine to fp32: auto {auto_fp32:.5f}, "
          f"reference {ours_fp32:.5f}")
    assert auto_fp32 >= ours_fp32 - 0.1
    assert _cosine(fast, got) >= 0.8
