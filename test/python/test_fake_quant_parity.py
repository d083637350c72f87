"""The runtime's fused fake-quant math against PyTorch 1.13's
torch.fused_moving_avg_obs_fake_quant (FusedMovingAvgObsFakeQuantize, the
XNNPACK quantizer's QAT fake quant): running min/max after each step, the
scale and zero point it fake-quantizes with, and the output, bit for bit."""

import numpy as np
import pytest
import torch

from quant_pt2e import runtime

# (name, data generator): one-signed, symmetric, tiny (small-scale cut-off),
# constant, zero and wide ranges.
_CASES = {
    "normal": lambda g, shape: torch.randn(shape, generator=g),
    "positive": lambda g, shape: torch.rand(shape, generator=g) * 3,
    "negative": lambda g, shape: -torch.rand(shape, generator=g) * 0.7,
    "tiny": lambda g, shape: torch.randn(shape, generator=g) * 1e-6,
    "tiny_positive": lambda g, shape: torch.rand(shape, generator=g) * 1e-5,
    "constant": lambda g, shape: torch.full(shape, 0.37),
    "zeros": lambda g, shape: torch.zeros(shape),
    "wide": lambda g, shape: torch.randn(shape, generator=g) * 1e4,
}

# (qmin, qmax, symmetric): the XNNPACK quantizer's activation and weight
# specs, and the derived-bias seed quantizer's uint8 affine one.
_RANGES = [(-128, 127, False), (-127, 127, True), (-128, 127, True), (0, 255, False)]


def _ours_step(running_min, running_max, x, qmin, qmax, symmetric, axis):
    if axis is None:
        lo, hi = runtime.minmax(x)
        lo, hi = np.array([lo]), np.array([hi])
    else:
        lo, hi = runtime.minmax_per_channel(x, axis)
    new_min = np.array([runtime.fused_moving_average(r, o, 0.01)
                        for r, o in zip(running_min, lo)], np.float32)
    new_max = np.array([runtime.fused_moving_average(r, o, 0.01)
                        for r, o in zip(running_max, hi)], np.float32)
    qparams = [runtime.choose_qparams(a, b, qmin, qmax, symmetric)
               for a, b in zip(new_min, new_max)]
    return new_min, new_max, qparams


@pytest.mark.parametrize("per_channel", [False, True])
@pytest.mark.parametrize("qrange", _RANGES, ids=lambda r: f"{r[0]}_{r[1]}_{'sym' if r[2] else 'aff'}")
@pytest.mark.parametrize("case", sorted(_CASES))
def test_fused_fake_quant_matches_pytorch(case, qrange, per_channel):
    qmin, qmax, symmetric = qrange
    g = torch.Generator().manual_seed(7)
    shape = (4, 3, 5, 5)
    channels = shape[0] if per_channel else 1
    running_min = torch.full((channels,), float("inf")) if per_channel else torch.tensor(float("inf"))
    running_max = torch.full((channels,), float("-inf")) if per_channel else torch.tensor(float("-inf"))
    if not per_channel:
        running_min, running_max = running_min.reshape(1), running_max.reshape(1)
    scale = torch.ones(channels)
    zero_point = torch.zeros(channels, dtype=torch.int32)
    on = torch.tensor([1], dtype=torch.long)
    ours_min = np.full(channels, np.inf, np.float32)
    ours_max = np.full(channels, -np.inf, np.float32)
    for step in range(4):
        # Ranges drift between steps so the moving average matters.
        x = _CASES[case](g, shape) * (1 + 0.5 * step)
        out = torch.fused_moving_avg_obs_fake_quant(
            x, on, on, running_min, running_max, scale, zero_point, 0.01, qmin, qmax,
            0, per_channel, symmetric)
        ours_min, ours_max, qparams = _ours_step(
            ours_min, ours_max, x.numpy(), qmin, qmax, symmetric, 0 if per_channel else None)
        np.testing.assert_array_equal(ours_min, running_min.numpy())
        np.testing.assert_array_equal(ours_max, running_max.numpy())
        np.testing.assert_array_equal(np.array([q[0] for q in qparams], np.float32),
                                      scale.numpy())
        np.testing.assert_array_equal(np.array([q[1] for q in qparams]),
                                      zero_point.numpy())
        # The forward: fake quantization with those qparams.
        xs = x.numpy()
        expected = np.empty_like(xs)
        for c in range(shape[0]):
            s, z = qparams[c if per_channel else 0]
            q = runtime.quantize(xs[c], s, z, qmin, qmax)
            expected[c] = runtime.dequantize(q, s, z)
        np.testing.assert_array_equal(expected, out.numpy())
