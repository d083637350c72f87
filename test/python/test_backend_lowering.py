"""The oneDNN and XNNPACK lowerings against the reference lowering of the
same converted model, same inputs: at most one output quantization step on
any element.

All run the same quantized model; the reference sums float products of
dequantized values, the backends sum int32 products and requantize with
s_x * s_w / s_y (XNNPACK also rounds the bias to int32), so they differ
only where rounding lands near a .5 boundary (docs/Lowering.md). The
histogram of differences is printed (pytest -s). The checks also make sure
the fast path really ran: call sites exist in the lowered IR, every one
registered in qpt2e_init (weights packed there, never per inference).
"""

import re
import subprocess

import numpy as np
import pytest
import torch

from quant_pt2e import quantize, tool_path
from quant_pt2e.models import get_model

from test_ptq_parity import SmallNet, _our_qparams

MODELS = ["conv2d", "conv2d_relu", "conv2d_no_bias", "inplace_add_relu2d",
          "conv2d_bn_hardtanh", "two_conv2d_bn", "small_net", "resnet18", "mobilenet_v2"]
WHOLE_NETWORKS = {"resnet18", "mobilenet_v2"}


def _model(name):
    if name == "small_net":
        torch.manual_seed(0)
        return SmallNet().eval(), (torch.randn(1, 3, 8, 8),)
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


@pytest.mark.parametrize("backend,name,per_channel", CASES)
def test_backend_within_one_step_of_reference(backend, name, per_channel, tmp_path):
    model, example = _model(name)
    generator = torch.Generator().manual_seed(1)
    calibration = [tuple(torch.randn(t.shape, generator=generator) for t in example)
                   for _ in range(2 if name in WHOLE_NETWORKS else 4)]
    reference = quantize(model, example, calibration, per_channel=per_channel,
                         workdir=tmp_path)
    fast = reference.with_lowering(backend)

    run_call, init_call = CALLS[backend]
    lowered = _lowered(reference.mlir_path, backend)
    sites = len(re.findall(rf"call @{run_call}\(", lowered))
    inits = len(re.findall(rf"call @{init_call}\(", lowered))
    assert sites > 0 and sites == inits
    init_body = lowered[lowered.index("func.func @qpt2e_init"):]
    assert not re.search(rf"{run_call}\(", init_body.split("return")[0])

    out_scale, _ = _our_qparams(reference.mlir, -1)
    steps = []
    for _ in range(1 if name in WHOLE_NETWORKS else 3):
        test = tuple(torch.randn(t.shape, generator=generator) for t in example)
        want = reference(*test).numpy()
        got = fast(*test).numpy()
        steps.append(np.rint(np.abs(got - want) / out_scale).astype(np.int64).ravel())
    steps = np.concatenate(steps)
    histogram = dict(enumerate(np.bincount(steps).tolist()))
    print(f"\n{backend} {name} ({'per-channel' if per_channel else 'per-tensor'}): {sites} "
          f"call sites, output-step differences {histogram} of {steps.size}")
    assert steps.max() <= 1
