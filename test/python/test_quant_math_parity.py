"""Parity of the quantization math library with PyTorch 1.13, bit for bit.

Every expected value comes from PyTorch in this process: the observers
(MinMax, PerChannelMinMax, MovingAverage*), quantize_per_tensor and
dequantize. Scales are compared as float32 bit patterns.
"""

import numpy as np
import pytest
import torch
from torch.ao.quantization.observer import (
    MinMaxObserver,
    MovingAverageMinMaxObserver,
    MovingAveragePerChannelMinMaxObserver,
    PerChannelMinMaxObserver,
)

from quant_pt2e import runtime as rt

RNG = np.random.default_rng(1234)
EPS_XNNPACK = 2.0 ** -12
FLOAT_EPS = float(np.finfo(np.float32).eps)

DATASETS = {
    "normal": (RNG.standard_normal(4096) * 3).astype(np.float32),
    "all_zero": np.zeros(16, np.float32),
    "constant_positive": np.full(8, 2.5, np.float32),
    "constant_negative": np.full(8, -0.75, np.float32),
    "single_element": np.array([0.3], np.float32),
    "positive_only": RNG.uniform(0.1, 5.0, 512).astype(np.float32),
    "negative_only": RNG.uniform(-5.0, -0.1, 512).astype(np.float32),
    "tiny_range": (RNG.standard_normal(64) * 1e-6).astype(np.float32),
    "symmetric_pm1": np.array([-1.0, 1.0], np.float32),
    "wide": (RNG.standard_normal(256) * 1e4).astype(np.float32),
}

# (torch dtype, qscheme, quant_min, quant_max, eps); None range = default.
PER_TENSOR_CONFIGS = [
    (torch.qint8, torch.per_tensor_affine, -128, 127, FLOAT_EPS),
    (torch.qint8, torch.per_tensor_symmetric, -128, 127, EPS_XNNPACK),
    (torch.qint8, torch.per_tensor_symmetric, -127, 127, EPS_XNNPACK),
    (torch.quint8, torch.per_tensor_affine, 0, 255, FLOAT_EPS),
    (torch.quint8, torch.per_tensor_symmetric, 0, 255, FLOAT_EPS),
    (torch.quint8, torch.per_tensor_symmetric, None, None, FLOAT_EPS),
    (torch.quint8, torch.per_tensor_affine, 0, 127, EPS_XNNPACK),
    (torch.qint8, torch.per_tensor_affine, -64, 63, FLOAT_EPS),
]


def _bits(array):
    return np.asarray(array, np.float32).view(np.int32)


def _range_of(dtype, qmin, qmax):
    if qmin is not None:
        return qmin, qmax, True
    return (0, 255, False) if dtype == torch.quint8 else (-128, 127, False)


def _ours(lo, hi, dtype, qscheme, qmin, qmax, eps):
    qmin, qmax, customized = _range_of(dtype, qmin, qmax)
    symmetric = qscheme in (torch.per_tensor_symmetric, torch.per_channel_symmetric)
    return rt.calculate_qparams(lo, hi, qmin, qmax, symmetric,
                                dtype == torch.quint8, customized, eps)


def _observer_kwargs(dtype, qscheme, qmin, qmax, eps):
    kwargs = dict(dtype=dtype, qscheme=qscheme, eps=eps)
    if qmin is not None:
        kwargs.update(quant_min=qmin, quant_max=qmax)
    return kwargs


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("config", PER_TENSOR_CONFIGS,
                         ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}-{c[3]}")
def test_minmax_observer(name, config):
    data = DATASETS[name]
    observer = MinMaxObserver(**_observer_kwargs(*config))
    observer(torch.from_numpy(data))
    scale, zero_point = observer.calculate_qparams()

    lo, hi = rt.minmax(data)
    assert _bits(lo) == _bits(observer.min_val.numpy())
    assert _bits(hi) == _bits(observer.max_val.numpy())
    our_scale, our_zp = _ours(lo, hi, *config)
    assert _bits(our_scale) == _bits(scale.numpy()), (our_scale, scale)
    assert our_zp[0] == int(zero_point[0])


def test_unobserved_observer_gives_unit_scale():
    observer = MinMaxObserver(dtype=torch.quint8)
    scale, zero_point = observer.calculate_qparams()
    lo, hi = rt.minmax(np.zeros(0, np.float32))
    our_scale, our_zp = rt.calculate_qparams(lo, hi, 0, 255, False, True, False)
    assert our_scale[0] == float(scale[0]) == 1.0
    assert our_zp[0] == int(zero_point[0]) == 0


@pytest.mark.parametrize("qscheme,qmin,qmax,dtype", [
    (torch.per_channel_symmetric, -127, 127, torch.qint8),
    (torch.per_channel_symmetric, -128, 127, torch.qint8),
    (torch.per_channel_affine, -128, 127, torch.qint8),
    (torch.per_channel_affine, 0, 255, torch.quint8),
])
@pytest.mark.parametrize("axis", [0, 1])
def test_per_channel_minmax_observer(qscheme, qmin, qmax, dtype, axis):
    weight = (RNG.standard_normal((8, 6, 3, 3)) * 0.2).astype(np.float32)
    weight[3] = 0.0          # an all-zero output channel
    weight[:, 2] = 0.125     # a constant input channel
    observer = PerChannelMinMaxObserver(ch_axis=axis, dtype=dtype, qscheme=qscheme,
                                        quant_min=qmin, quant_max=qmax,
                                        eps=EPS_XNNPACK)
    observer(torch.from_numpy(weight))
    scales, zero_points = observer.calculate_qparams()

    lo, hi = rt.minmax_per_channel(weight, axis)
    np.testing.assert_array_equal(_bits(lo), _bits(observer.min_val.numpy()))
    np.testing.assert_array_equal(_bits(hi), _bits(observer.max_val.numpy()))
    our_scales, our_zps = _ours(lo, hi, dtype, qscheme, qmin, qmax, EPS_XNNPACK)
    np.testing.assert_array_equal(_bits(our_scales), _bits(scales.numpy()))
    np.testing.assert_array_equal(our_zps, zero_points.numpy())


@pytest.mark.parametrize("averaging_constant", [0.01, 0.3, 1.0])
def test_moving_average_observer(averaging_constant):
    observer = MovingAverageMinMaxObserver(averaging_constant=averaging_constant,
                                           dtype=torch.qint8,
                                           qscheme=torch.per_tensor_affine)
    run_lo = run_hi = None
    for step in range(6):
        batch = (RNG.standard_normal(300) * (1 + step)).astype(np.float32)
        observer(torch.from_numpy(batch))
        lo, hi = rt.minmax(batch)
        run_lo = rt.moving_average(run_lo or 0.0, lo, averaging_constant, step > 0)
        run_hi = rt.moving_average(run_hi or 0.0, hi, averaging_constant, step > 0)
        assert _bits(run_lo) == _bits(observer.min_val.numpy()), step
        assert _bits(run_hi) == _bits(observer.max_val.numpy()), step
    scale, zero_point = observer.calculate_qparams()
    our_scale, our_zp = rt.calculate_qparams(run_lo, run_hi, -128, 127, False,
                                             False, False)
    assert _bits(our_scale) == _bits(scale.numpy())
    assert our_zp[0] == int(zero_point[0])


def test_moving_average_per_channel_observer():
    observer = MovingAveragePerChannelMinMaxObserver(
        averaging_constant=0.01, ch_axis=0, dtype=torch.qint8,
        qscheme=torch.per_channel_symmetric, quant_min=-127, quant_max=127,
        eps=EPS_XNNPACK)
    run_lo = run_hi = None
    for step in range(4):
        batch = (RNG.standard_normal((4, 10)) * (step + 1)).astype(np.float32)
        observer(torch.from_numpy(batch))
        lo, hi = rt.minmax_per_channel(batch, 0)
        if run_lo is None:
            run_lo, run_hi = lo, hi
        else:
            run_lo = np.array([rt.moving_average(r, o, 0.01, True)
                               for r, o in zip(run_lo, lo)], np.float32)
            run_hi = np.array([rt.moving_average(r, o, 0.01, True)
                               for r, o in zip(run_hi, hi)], np.float32)
        np.testing.assert_array_equal(_bits(run_lo), _bits(observer.min_val.numpy()))
    scales, zero_points = observer.calculate_qparams()
    our_scales, our_zps = rt.calculate_qparams(run_lo, run_hi, -127, 127, True,
                                               False, True, EPS_XNNPACK)
    np.testing.assert_array_equal(_bits(our_scales), _bits(scales.numpy()))
    np.testing.assert_array_equal(our_zps, zero_points.numpy())


QUANT_DTYPES = [
    (torch.qint8, -128, 127),
    (torch.quint8, 0, 255),
    (torch.qint32, -(2 ** 31), 2 ** 31 - 1),
]


def _torch_quantize(data, scale, zero_point, dtype):
    q = torch.quantize_per_tensor(torch.from_numpy(data), float(scale),
                                  int(zero_point), dtype)
    return q.int_repr().numpy().astype(np.int64), q


QPARAMS = [(0.25, 0), (0.25, 3), (0.1, 10), (np.float32(2.0 / 255.0), 127),
           (0.0173, -5), (3.0, 1)]


@pytest.mark.parametrize("dtype,qmin,qmax,scale,zero_point", [
    (dtype, qmin, qmax, scale, zp) for dtype, qmin, qmax in QUANT_DTYPES
    for scale, zp in QPARAMS if qmin <= zp <= qmax], ids=str)
def test_quantize_per_tensor(dtype, qmin, qmax, scale, zero_point):
    scale = np.float32(scale)
    ties = ((np.arange(-300, 300) + 0.5) * scale).astype(np.float32)
    random = (RNG.standard_normal(2000) * 40 * scale).astype(np.float32)
    edges = np.array([0.0, -0.0, 1e30, -1e30, np.inf, -np.inf, np.nan,
                      qmax * scale * 2, qmin * scale * 2], np.float32)
    data = np.concatenate([ties, random, edges])
    expected, q = _torch_quantize(data, scale, zero_point, dtype)
    ours = rt.quantize(data, scale, zero_point, qmin, qmax)
    mismatches = np.flatnonzero(ours != expected)
    assert mismatches.size == 0, (data[mismatches[:5]], ours[mismatches[:5]],
                                  expected[mismatches[:5]])


@pytest.mark.parametrize("dtype,qmin,qmax,zero_point", [
    (dtype, qmin, qmax, zp) for dtype, qmin, qmax in QUANT_DTYPES
    for zp in (0, 3, 100, -20) if qmin <= zp <= qmax], ids=str)
def test_dequantize_per_tensor(dtype, qmin, qmax, zero_point):
    scale = np.float32(0.0173)
    data = (RNG.standard_normal(4096) * 60 * scale).astype(np.float32)
    data[:2] = [-1e30, 1e30]  # qmin and qmax: int32 wraps around there
    values, q = _torch_quantize(data, scale, zero_point, dtype)
    expected = q.dequantize().numpy()
    ours = rt.dequantize(values, scale, zero_point)
    np.testing.assert_array_equal(_bits(ours), _bits(expected))
