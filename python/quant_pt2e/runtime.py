"""ctypes binding of the runtime's C ABI (include/quant-pt2e/Runtime).

The functions take and return numpy arrays; the arithmetic happens in the
project's quantization math library, the one home of the formulas.
"""

import ctypes
from functools import lru_cache

import numpy as np

from .paths import library_path

_F32P = ctypes.POINTER(ctypes.c_float)
_I64P = ctypes.POINTER(ctypes.c_int64)
_I64 = ctypes.c_int64
_I32 = ctypes.c_int32
_F32 = ctypes.c_float


@lru_cache(maxsize=None)
def _lib():
    lib = ctypes.CDLL(str(library_path("libQuantPT2ERuntime.so")))
    lib.qpt2e_minmax.argtypes = [_F32P, _I64, _F32P, _F32P]
    lib.qpt2e_minmax.restype = None
    lib.qpt2e_torch_sum.argtypes = [_F32P, _I64]
    lib.qpt2e_torch_sum.restype = _F32
    lib.qpt2e_minmax_per_channel.argtypes = [_F32P, _I64, _I64, _I64, _F32P, _F32P]
    lib.qpt2e_minmax_per_channel.restype = None
    lib.qpt2e_moving_average.argtypes = [_F32, _F32, _F32, _I32]
    lib.qpt2e_moving_average.restype = _F32
    lib.qpt2e_calculate_qparams.argtypes = [_F32P, _F32P, _I64, _I64, _I64, _I32,
                                            _I32, _I32, _F32, _F32P, _I64P]
    lib.qpt2e_calculate_qparams.restype = _I32
    lib.qpt2e_fused_moving_average.argtypes = [_F32, _F32, ctypes.c_double]
    lib.qpt2e_fused_moving_average.restype = _F32
    lib.qpt2e_choose_qparams.argtypes = [_F32, _F32, _I64, _I64, _I32, _F32P, _I64P]
    lib.qpt2e_choose_qparams.restype = None
    lib.qpt2e_quantize.argtypes = [_F32P, _I64, _F32, _I64, _I64, _I64, _I64P]
    lib.qpt2e_quantize.restype = None
    lib.qpt2e_dequantize.argtypes = [_I64P, _I64, _F32, _I64, _F32P]
    lib.qpt2e_dequantize.restype = None
    lib.qpt2e_histogram_new.argtypes = [_I64, _I64]
    lib.qpt2e_histogram_new.restype = ctypes.c_void_p
    lib.qpt2e_histogram_free.argtypes = [ctypes.c_void_p]
    lib.qpt2e_histogram_free.restype = None
    lib.qpt2e_histogram_observe.argtypes = [ctypes.c_void_p, _F32P, _I64]
    lib.qpt2e_histogram_observe.restype = None
    lib.qpt2e_histogram_state.argtypes = [ctypes.c_void_p, _F32P, _F32P, _F32P]
    lib.qpt2e_histogram_state.restype = None
    lib.qpt2e_histogram_qparams.argtypes = [ctypes.c_void_p, _I64, _I64, _I32, _I32,
                                            _I32, _F32, _I64, _F32P, _I64P]
    lib.qpt2e_histogram_qparams.restype = None
    return lib


def _f32(array):
    return np.ascontiguousarray(array, dtype=np.float32)


def _ptr(array, ctype):
    return array.ctypes.data_as(ctype)


def minmax(data):
    """(min, max) of all elements, NaN-propagating; (+inf, -inf) if empty."""
    data = _f32(data)
    lo, hi = _F32(), _F32()
    _lib().qpt2e_minmax(_ptr(data, _F32P), data.size, ctypes.byref(lo),
                        ctypes.byref(hi))
    return np.float32(lo.value), np.float32(hi.value)


def torch_sum(data):
    """torch.sum of all elements as PyTorch 1.13 adds float32 on CPU."""
    data = _f32(data)
    return np.float32(_lib().qpt2e_torch_sum(_ptr(data, _F32P), data.size))


def minmax_per_channel(data, axis):
    """Per-channel (min, max) arrays along `axis`."""
    data = _f32(data)
    shape = data.shape
    outer = int(np.prod(shape[:axis], dtype=np.int64))
    channels = shape[axis]
    inner = int(np.prod(shape[axis + 1:], dtype=np.int64))
    lo = np.empty(channels, np.float32)
    hi = np.empty(channels, np.float32)
    _lib().qpt2e_minmax_per_channel(_ptr(data, _F32P), outer, channels, inner,
                                    _ptr(lo, _F32P), _ptr(hi, _F32P))
    return lo, hi


def moving_average(running, observed, averaging_constant, initialized):
    """One moving-average step of a running statistic."""
    return np.float32(_lib().qpt2e_moving_average(
        float(running), float(observed), float(averaging_constant),
        1 if initialized else 0))


def calculate_qparams(min_vals, max_vals, qmin, qmax, symmetric,
                      unsigned_type, customized_range=True,
                      eps=np.finfo(np.float32).eps):
    """MinMax-family qparams for arrays of (min, max): (scales, zero_points)."""
    lo = _f32(np.atleast_1d(min_vals))
    hi = _f32(np.atleast_1d(max_vals))
    scales = np.empty(lo.size, np.float32)
    zero_points = np.empty(lo.size, np.int64)
    _lib().qpt2e_calculate_qparams(
        _ptr(lo, _F32P), _ptr(hi, _F32P), lo.size, qmin, qmax,
        int(symmetric), int(unsigned_type), int(customized_range), float(eps),
        _ptr(scales, _F32P), _ptr(zero_points, _I64P))
    return scales, zero_points


def fused_moving_average(running, observed, averaging_constant):
    """One moving-average step of torch.fused_moving_avg_obs_fake_quant."""
    return np.float32(_lib().qpt2e_fused_moving_average(
        float(running), float(observed), float(averaging_constant)))


def choose_qparams(min_val, max_val, qmin, qmax, preserve_sparsity):
    """ATen's ChooseQuantizationParams (the fused fake quant's qparams)."""
    scale, zero_point = _F32(), _I64()
    _lib().qpt2e_choose_qparams(float(min_val), float(max_val), int(qmin), int(qmax),
                                int(preserve_sparsity), ctypes.byref(scale),
                                ctypes.byref(zero_point))
    return np.float32(scale.value), int(zero_point.value)


def quantize(data, scale, zero_point, qmin, qmax):
    """Per-tensor quantize into int64 values."""
    data = _f32(data)
    out = np.empty(data.shape, np.int64)
    _lib().qpt2e_quantize(_ptr(data, _F32P), data.size, float(np.float32(scale)),
                          int(zero_point), int(qmin), int(qmax), _ptr(out, _I64P))
    return out


def dequantize(values, scale, zero_point):
    """Per-tensor dequantize of integer values into float32."""
    values = np.ascontiguousarray(values, dtype=np.int64)
    out = np.empty(values.shape, np.float32)
    _lib().qpt2e_dequantize(_ptr(values, _I64P), values.size,
                            float(np.float32(scale)), int(zero_point),
                            _ptr(out, _F32P))
    return out


class HistogramObserver:
    """The runtime's HistogramObserver (PyTorch 1.13 semantics)."""

    def __init__(self, bins=2048, upsample_rate=128):
        self.bins = bins
        self._handle = _lib().qpt2e_histogram_new(bins, upsample_rate)

    def __del__(self):
        if getattr(self, "_handle", None):
            _lib().qpt2e_histogram_free(self._handle)
            self._handle = None

    def observe(self, data):
        data = _f32(data)
        _lib().qpt2e_histogram_observe(self._handle, _ptr(data, _F32P), data.size)

    def state(self):
        """(min_val, max_val, histogram)."""
        lo, hi = _F32(), _F32()
        hist = np.empty(self.bins, np.float32)
        _lib().qpt2e_histogram_state(self._handle, ctypes.byref(lo), ctypes.byref(hi),
                                     _ptr(hist, _F32P))
        return np.float32(lo.value), np.float32(hi.value), hist

    def calculate_qparams(self, qmin, qmax, symmetric, unsigned_type,
                          customized_range=True, eps=np.finfo(np.float32).eps,
                          dst_bins=256):
        scale, zero_point = _F32(), _I64()
        _lib().qpt2e_histogram_qparams(self._handle, qmin, qmax, int(symmetric),
                                       int(unsigned_type), int(customized_range),
                                       float(eps), dst_bins, ctypes.byref(scale),
                                       ctypes.byref(zero_point))
        return np.float32(scale.value), int(zero_point.value)
