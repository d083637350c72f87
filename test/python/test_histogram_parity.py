"""HistogramObserver parity with PyTorch 1.13: min/max, every histogram bin
and the final qparams, bit for bit, on one and several batches (including
1.13's integer-truncated histc range and the re-binning when the range
widens, and an observer shared by a conv output and its relu6, which
MobileNetV2 has after every convolution). The L2 search sums the histogram
and the per-bin errors with torch.sum, in float32 and ATen's order: that sum
is compared with torch.sum itself."""

import numpy as np
import pytest
import torch
from torch.ao.quantization.observer import HistogramObserver

from quant_pt2e import runtime as rt

RNG = np.random.default_rng(11)
EPS_XNNPACK = 2.0 ** -12


def _batches(kind):
    if kind == "normal_one_batch":
        return [RNG.standard_normal(5000) * 2]
    if kind == "normal_widening":
        return [RNG.standard_normal(3000) * (1 + i) for i in range(4)]
    if kind == "relu_activations":
        return [np.maximum(RNG.standard_normal(4000) * 3 + 0.5, 0) for _ in range(3)]
    if kind == "small_range":  # |x| < 1: int() truncation gives [0, 0]
        return [RNG.uniform(0.2, 0.9, 2000), RNG.uniform(0.1, 0.95, 2000)]
    if kind == "heavy_tail":
        return [RNG.standard_t(2, 6000) for _ in range(3)]
    if kind == "constant_then_normal":
        return [np.full(100, 1.5), RNG.standard_normal(3000)]
    if kind == "shrinking":
        return [RNG.standard_normal(3000) * (4 - i) for i in range(3)]
    if kind.startswith("shared_with_relu6_"):
        # One observer sees a conv output, then the relu6 of it (a shared
        # spec), for two calibration samples: fractional bin counts from the
        # re-binning and totals in the millions, where the order of the
        # float32 sums decides ties in the search (seeds 3 and 15 did).
        rng = np.random.default_rng(int(kind.rsplit("_", 1)[1]))
        batches = []
        for _ in range(2):
            x = rng.standard_normal(200000) * 1.5
            batches += [x, np.clip(x, 0, 6)]
        return batches
    raise KeyError(kind)


CONFIGS = {
    "xnnpack_act_int8": (torch.qint8, torch.per_tensor_affine, -128, 127, EPS_XNNPACK),
    "uint8_affine": (torch.quint8, torch.per_tensor_affine, 0, 255, float(np.finfo(np.float32).eps)),
    "int8_symmetric": (torch.qint8, torch.per_tensor_symmetric, -128, 127, EPS_XNNPACK),
}
KINDS = ["normal_one_batch", "normal_widening", "relu_activations", "small_range",
         "heavy_tail", "constant_then_normal", "shrinking"] + \
    [f"shared_with_relu6_{seed}" for seed in (0, 3, 15)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_histogram_observer(kind, config):
    dtype, qscheme, qmin, qmax, eps = CONFIGS[config]
    theirs = HistogramObserver(dtype=dtype, qscheme=qscheme, quant_min=qmin,
                               quant_max=qmax, eps=eps)
    ours = rt.HistogramObserver()
    for batch in _batches(kind):
        batch = batch.astype(np.float32)
        theirs(torch.from_numpy(batch))
        ours.observe(batch)
        lo, hi, hist = ours.state()
        assert lo.view(np.int32) == theirs.min_val.numpy().view(np.int32)
        assert hi.view(np.int32) == theirs.max_val.numpy().view(np.int32)
        np.testing.assert_array_equal(hist.view(np.int32),
                                      theirs.histogram.numpy().view(np.int32))
    scale, zero_point = theirs.calculate_qparams()
    our_scale, our_zp = ours.calculate_qparams(
        qmin, qmax, qscheme == torch.per_tensor_symmetric, dtype == torch.quint8,
        True, eps)
    assert our_scale.view(np.int32) == scale.numpy().astype(np.float32).view(np.int32)[0], \
        (our_scale, scale)
    assert our_zp == int(zero_point[0])


@pytest.mark.parametrize("size", [0, 1, 3, 7, 8, 9, 31, 64, 100, 257, 1000, 2048, 2049,
                                  4096, 5003, 20000, 32768])
def test_torch_sum(size):
    """Bit for bit with torch.sum on float32 data whose sum is order-dependent
    (fractional values of mixed magnitude), up to ATen's one-thread grain
    size."""
    rng = np.random.default_rng(size)
    data = (rng.random(size) * rng.choice([1.0, 1e3, 1e6], size)).astype(np.float32)
    assert rt.torch_sum(data).view(np.int32) == \
        torch.sum(torch.from_numpy(data)).numpy().view(np.int32)
