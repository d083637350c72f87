"""The oneDNN, XNNPACK, vector and auto lowerings against the reference lowering of
the same converted model, same inputs: at most one output quantization step
on any element, where that bound holds for the host's ISA (docs/Target.md):
XNNPACK and auto everywhere, oneDNN with AVX-512 VNNI or AMX. oneDNN's
non-VNNI path (what an AVX2-only CPU runs) is exercised on every host through
ONEDNN_MAX_CPU_ISA=AVX2.

All run the same quantized model; the reference sums float products of
dequantized values, the backends sum int32 products and requantize with
s_x * s_w / s_y (XNNPACK also rounds the bias to int32), so they differ
only where rounding lands near a .5 boundary (docs/Lowering.md). The
histogram of differences is printed (pytest -s). The checks also make sure
the fast path really ran: call sites exist in the lowered IR, every one
registered in qpt2e_init (weights packed there, never per inference).
"""

import functools
import re
import subprocess

import numpy as np
import pytest
import torch

from quant_pt2e import quantize, tool_path
from quant_pt2e.api import target_info
from quant_pt2e.models import get_model

from parity_checks import assert_not_degenerate, step_differences
from test_ptq_parity import SmallNet, _our_qparams

MODELS = ["conv2d", "conv2d_relu", "conv2d_no_bias", "inplace_add_relu2d",
          "conv2d_bn_hardtanh", "two_conv2d_bn", "small_net", "grouped_net", "resnet18",
          "mobilenet_v2"]
WHOLE_NETWORKS = {"resnet18", "mobilenet_v2"}


class GroupedNet(torch.nn.Module):
    """A ResNeXt bottleneck in small: 1x1 conv-bn-relu, a grouped 3x3
    conv-bn-relu (groups 8, 4 channels per group), 1x1 conv-bn, residual
    add-relu; then a grouped 1x1 conv whose 6 output channels per group
    straddle the kernels' channel vectors unevenly."""

    def __init__(self):
        super().__init__()
        bn = torch.nn.BatchNorm2d
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(3, 32, 3, padding=1), bn(32),
                                        torch.nn.ReLU())
        self.block = torch.nn.Sequential(
            torch.nn.Conv2d(32, 32, 1, bias=False), bn(32), torch.nn.ReLU(),
            torch.nn.Conv2d(32, 32, 3, padding=1, groups=8, bias=False), bn(32), torch.nn.ReLU(),
            torch.nn.Conv2d(32, 32, 1, bias=False), bn(32))
        self.relu = torch.nn.ReLU()
        self.head = torch.nn.Conv2d(32, 48, 1, groups=8)

    def forward(self, x):
        x = self.stem(x)
        return self.head(self.relu(self.block(x) + x))


def _model(name):
    if name == "small_net":
        torch.manual_seed(0)
        return SmallNet().eval(), (torch.randn(1, 3, 8, 8),)
    if name == "grouped_net":
        torch.manual_seed(0)
        model = GroupedNet()
        # Batch norms with non-trivial statistics, folded into the convs.
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.3, 0.3)
        return model.eval(), (torch.randn(1, 3, 12, 12),)
    return get_model(name)


#: backend -> (per-inference call, init call of the convolution sites)
CALLS = {"onednn": ("qpt2e_onednn_conv(?:_residual)?", "qpt2e_onednn_conv_init"),
         "xnnpack": ("qpt2e_xnnpack_run", "qpt2e_xnnpack_(?:conv|max_pool|global_avg_pool)_init")}


def _lowered(path, backend):
    result = subprocess.run([str(tool_path("quant-opt")), str(path),
                             "--pass-pipeline=builtin.module(func.func(quant-pt2e-fuse-qdq"
                             f"{{backend={backend}}}),convert-quant-pt2e-to-{backend})"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


# Whole networks per channel only, to keep CI short.
CASES = [(backend, name, per_channel) for backend in CALLS for name in MODELS
         for per_channel in (False, True) if per_channel or name not in WHOLE_NETWORKS]
# auto on the host, and auto on the host restricted to AVX2.
AUTO_CASES = [(isa, name) for isa in (None, "AVX2")
              for name in ("small_net", "resnet18", "mobilenet_v2")]


def _steps(reference, fast, example, generator, runs):
    out_scale, _ = _our_qparams(reference.mlir, -1)
    return step_differences(reference, fast, example, generator, runs, out_scale)


def _quantized(name, per_channel, tmp_path):
    model, example = _model(name)
    generator = torch.Generator().manual_seed(1)
    calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                   for _ in range(2 if name in WHOLE_NETWORKS else 4)]
    reference = quantize(model, example, calibration, per_channel=per_channel,
                         lowering="reference", workdir=tmp_path)
    return reference, example, generator


# auto runs the vector kernels: their MobileNetV2 difference (see
# _VECTOR_KNOWN below) is auto's too, kept visible as a strict xfail.
@pytest.mark.parametrize("isa,name", [
    pytest.param(isa, name, marks=pytest.mark.xfail(
        strict=True, reason="auto runs the vector kernels: MobileNetV2 amplifies "
                            "their one-step rounding differences to 10 output steps"))
    if name == "mobilenet_v2" else (isa, name) for isa, name in AUTO_CASES])
def test_auto_within_one_step_of_reference(isa, name, tmp_path, monkeypatch):
    if isa:
        monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", isa)
    reference, example, generator = _quantized(name, True, tmp_path)
    fast = reference.with_lowering("auto")
    # auto picks the compiler's own kernels on every ISA (AMX tiles,
    # vpdpbusd, vpmaddwd), whether oneDNN is exact there or not.
    assert fast.backend == "vector"
    steps, histogram = _steps(reference, fast, example, generator,
                              1 if name in WHOLE_NETWORKS else 3)
    print(f"\nauto ({fast.describe()}) {name}: output-step differences {histogram} "
          f"of {steps.size}")
    # auto is exact on every ISA: at most one step (float rounding near .5).
    assert steps.max() <= 1


# The compiler's own kernels for the host's ISA (AMX tiles, or int16 pairs
# with vpdpwssd / vpmaddwd) and for AVX2 (what an AVX2-only CPU runs; the
# AVX2 kernels run on any host of this project). Whole networks per channel
# only, to keep CI short.
VECTOR_CASES = [(isa, name, per_channel) for isa in ("host", "avx2") for name in MODELS
                for per_channel in ((True,) if name in WHOLE_NETWORKS else (False, True))]
# MobileNetV2 as for oneDNN and XNNPACK (_KNOWN_FAILURES below): up to 10
# output steps from the reference, identical on the AMX and the AVX2
# kernels; two exact-integer lowerings (this one and oneDNN) differ from
# each other by as much (13 steps measured), so per-layer rounding
# differences are amplified by the network, not a kernel's error.
_VECTOR_KNOWN = {"mobilenet_v2": "one-step rounding differences amplified through the "
                                  "network: up to 10 output steps end to end (oneDNN: 12); "
                                  "each part within one step "
                                  "(test_mobilenet_v2_parts_within_one_step)"}


@pytest.mark.parametrize("isa,name,per_channel", [
    pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason=_VECTOR_KNOWN[case[1]]))
    if case[1] in _VECTOR_KNOWN else case for case in VECTOR_CASES])
def test_vector_within_one_step_of_reference(isa, name, per_channel, tmp_path):
    reference, example, generator = _quantized(name, per_channel, tmp_path)
    fast = reference.with_lowering("vector", target_isa=isa)
    result = subprocess.run([str(tool_path("quant-opt")), str(reference.mlir_path),
                             "--pass-pipeline=builtin.module(func.func(quant-pt2e-fuse-qdq"
                             "{backend=vector}),convert-quant-pt2e-to-vector"
                             f"{{target-isa={isa}}})"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # Every convolution runs on a generated kernel (no float fallback).
    kernels = len(re.findall(r"call @qpt2e_vec_conv_\d+\(", result.stdout))
    assert kernels > 0 and not re.search(r"= aten\.convolution ", result.stdout)
    steps, histogram = _steps(reference, fast, example, generator,
                              1 if name in WHOLE_NETWORKS else 3)
    print(f"\nvector ({isa}) {name} ({'per-channel' if per_channel else 'per-tensor'}): "
          f"{kernels} kernels, output-step differences {histogram} of {steps.size}")
    # Exact int32 sums on every ISA, float32 requantization: the reference
    # differs only by float rounding near .5.
    assert steps.max() <= 1


@pytest.mark.parametrize("isa,name", [(isa, name) for isa in ("host", "avx2")
                                      for name in ("resnet18", "mobilenet_v2")])
def test_vector_two_threads_match_one(isa, name, tmp_path):
    """The kernels' thread parts (ranges of channel tiles, or of pixel tiles
    where the weights are the smaller operand, as in MobileNetV2's 1x1
    layers; rows for the depthwise kernels and the input functions) each
    compute their outputs as one thread does: the 2-thread model gives the
    1-thread outputs bit for bit, on non-degenerate data."""
    reference, example, generator = _quantized(name, True, tmp_path)
    x = tuple(torch.randn(t.shape, generator=generator) for t in example)
    one = reference.with_lowering("vector", target_isa=isa)
    two = reference.with_lowering("vector", target_isa=isa)
    two.num_threads = 2
    a, b = one(*x).numpy(), two(*x).numpy()
    out_scale, _ = _our_qparams(reference.mlir, -1)
    assert_not_degenerate(a, out_scale)
    differing = int(np.count_nonzero(a != b))
    print(f"\nvector ({isa}) {name}: 2 threads vs 1, {differing} of {a.size} outputs differ")
    assert differing == 0


def test_onednn_without_vnni_warns(tmp_path, monkeypatch):
    """oneDNN restricted to AVX2 (the kernels of an AVX2-only CPU): the
    compile warns with the cause, and the histogram shows why it is never
    the default there."""
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX2")
    reference, example, generator = _quantized("resnet18", True, tmp_path)
    fast = reference.with_lowering("onednn")
    x = torch.randn(example[0].shape, generator=generator)
    np.save(tmp_path / "x.npy", x.numpy())
    result = subprocess.run([str(tool_path("quant-run")), str(reference.mlir_path),
                             "--lowering", "onednn", "--input", str(tmp_path / "x.npy")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "lowering: onednn" in result.stdout and "target: avx2" in result.stdout
    assert "oneDNN 2.6 on avx2 (no AVX-512 VNNI) is not exact" in result.stderr
    steps, histogram = _steps(reference, fast, example, generator, 1)
    print(f"\nonednn restricted to AVX2, resnet18 per channel: output-step differences "
          f"{histogram} of {steps.size}")
    # No bound holds here (saturating pair sums); the results still carry
    # the signal: most logits within a step of the exact ones.
    assert np.mean(steps <= 1) > 0.5


# MobileNetV2 with recalibrated batch norms (random weights, activations at
# unit scale) amplifies a one-step difference layer by layer. In the
# reference lowering alone, moving 3 of the 150528 input values by one input
# step moves outputs of features[:8] by up to 10 steps and of features[:19]
# by up to 37. The backends round differently from the reference only near
# .5 (oneDNN a few elements per block, XNNPACK 1-3% of them: its int32
# bias), every block on its own stays within one step
# (test_mobilenet_v2_parts_within_one_step), and over 52 quantized layers
# those flips compound to 12 (oneDNN) / 22 (XNNPACK) output steps. No bound
# holds end to end: strict xfails, as a record of the amplification.
_KNOWN_FAILURES = {("onednn", "mobilenet_v2"): "one-step rounding differences amplified "
                                               "to 12 output steps over 52 layers",
                   ("xnnpack", "mobilenet_v2"): "one-step rounding differences amplified "
                                                "to 22 output steps over 52 layers"}


@pytest.mark.parametrize("backend,name,per_channel", [
    pytest.param(*case, marks=pytest.mark.xfail(strict=True,
                                                reason=_KNOWN_FAILURES[case[:2]]))
    if case[:2] in _KNOWN_FAILURES else case for case in CASES])
def test_backend_within_one_step_of_reference(backend, name, per_channel, tmp_path):
    if backend == "onednn" and target_info()["onednn exact"] != "yes":
        pytest.skip("oneDNN without AVX-512 VNNI is inexact, no bound holds (saturating "
                    "vpmaddubsw, halved s8 weights): test_onednn_without_vnni_warns covers it")
    reference, example, generator = _quantized(name, per_channel, tmp_path)
    fast = reference.with_lowering(backend)

    run_call, init_call = CALLS[backend]
    lowered = _lowered(reference.mlir_path, backend)
    sites = len(re.findall(rf"call @{run_call}\(", lowered))
    inits = len(re.findall(rf"call @{init_call}\(", lowered))
    assert sites > 0 and sites == inits
    init_body = lowered[lowered.index("func.func @qpt2e_init"):]
    assert not re.search(rf"{run_call}\(", init_body.split("return")[0])

    steps, histogram = _steps(reference, fast, example, generator,
                              1 if name in WHOLE_NETWORKS else 3)
    print(f"\n{backend} {name} ({'per-channel' if per_channel else 'per-tensor'}): {sites} "
          f"call sites, output-step differences {histogram} of {steps.size}")
    # XNNPACK (everywhere) and oneDNN (with VNNI) sum exact int32 products:
    # they differ from the reference only by float rounding near .5.
    assert steps.max() <= 1


class _MobileNetV2Head(torch.nn.Module):
    """MobileNetV2's last conv block and head, as its forward runs them:
    pool, flatten, dropout (requantized), linear."""

    def __init__(self, model):
        super().__init__()
        self.last = model.features[-1]
        self.classifier = model.classifier

    def forward(self, x):
        x = torch.nn.functional.adaptive_avg_pool2d(self.last(x), (1, 1))
        return self.classifier(torch.flatten(x, 1))


@functools.lru_cache(maxsize=None)
def _mobilenet_v2_activations():
    """MobileNetV2 and, for three random images (two to calibrate, one to
    test), the float input of every feature block and of the head."""
    model, example = get_model("mobilenet_v2")
    generator = torch.Generator().manual_seed(1)
    images = []
    with torch.no_grad():
        for _ in range(3):
            values = [torch.randn(example[0].shape, generator=generator)]
            for block in model.features[:-1]:
                values.append(block(values[-1]))
            images.append(values)
    return model, images


#: MobileNetV2 parts covering its fused-op forms: the stem (3x3 stride-2
#: conv + relu6), the t=1 block (depthwise conv + relu6, 1x1 projection
#: without activation), an expansion block with a stride-2 depthwise conv,
#: a residual block (add without relu) and the last 1x1 conv + relu6 with
#: the head.
MOBILENET_V2_PARTS = {"features.0": 0, "features.1": 1, "features.2": 2, "features.3": 3,
                      "head": 18}


@pytest.mark.parametrize("part", list(MOBILENET_V2_PARTS))
def test_mobilenet_v2_parts_within_one_step(part, tmp_path):
    """The bound of test_backend_within_one_step_of_reference where it holds
    for MobileNetV2: each part quantized on its own, on the activations it
    sees in the network."""
    model, images = _mobilenet_v2_activations()
    index = MOBILENET_V2_PARTS[part]
    module = _MobileNetV2Head(model) if part == "head" else model.features[index]
    calibration, test = [(values[index],) for values in images[:2]], images[2][index]
    reference = quantize(module.eval(), calibration[0], calibration, per_channel=True,
                         lowering="reference", workdir=tmp_path)
    out_scale, _ = _our_qparams(reference.mlir, -1)
    want = np.asarray(reference(test))
    assert_not_degenerate(want, out_scale)
    # The libraries, and the compiler's own kernels for the host's ISA and
    # for AVX2.
    for backend, isa in [(b, "host") for b in CALLS] + [("vector", "host"), ("vector", "avx2")]:
        if backend == "onednn" and target_info()["onednn exact"] != "yes":
            continue  # inexact without AVX-512 VNNI (test_onednn_without_vnni_warns)
        got = np.asarray(reference.with_lowering(backend, target_isa=isa)(test))
        steps = np.rint(np.abs(got - want) / float(out_scale)).astype(np.int64).ravel()
        print(f"\n{backend} ({isa}) mobilenet_v2 {part}: output-step differences "
              f"{dict(enumerate(np.bincount(steps).tolist()))} of {steps.size}")
        assert steps.max() <= 1
