/*===- QuantRuntime.h - quant-pt2e runtime C ABI ------------------*- C -*-===*\
|*                                                                            *|
|* Plain C entry points of the runtime library (libQuantPT2ERuntime.so): the  *|
|* observer statistics and the quantization math, callable from JIT-compiled  *|
|* code and from Python (ctypes). No MLIR dependency.                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_QUANTRUNTIME_H
#define QUANT_PT2E_RUNTIME_QUANTRUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Min and max of `count` floats, as torch.aminmax: NaN propagates; an
/// empty input leaves *min_out = +inf, *max_out = -inf.
void qpt2e_minmax(const float *data, int64_t count, float *min_out,
                  float *max_out);

/// torch.sum of `count` contiguous floats as PyTorch 1.13 adds them on CPU
/// (float32, ATen's summation order; math::torchSum).
float qpt2e_torch_sum(const float *data, int64_t count);

/// Per-channel min/max of a tensor viewed as [outer, channels, inner] with
/// the channel axis in the middle (PerChannelMinMaxObserver's reduction).
void qpt2e_minmax_per_channel(const float *data, int64_t outer,
                              int64_t channels, int64_t inner,
                              float *min_out, float *max_out);

/// One moving-average update: the first observation (initialized == 0) is
/// taken as is.
float qpt2e_moving_average(float running, float observed,
                           float averaging_constant, int32_t initialized);

/// MinMax-family qparams for `count` (min, max) pairs, computed as
/// PyTorch 1.13's _calculate_qparams. Returns 0.
int32_t qpt2e_calculate_qparams(const float *min_vals, const float *max_vals,
                                int64_t count, int64_t qmin, int64_t qmax,
                                int32_t symmetric, int32_t unsigned_type,
                                int32_t customized_range, float eps,
                                float *scales_out, int64_t *zero_points_out);

/// Per-tensor quantize of `count` floats into int64 values.
void qpt2e_quantize(const float *data, int64_t count, float scale,
                    int64_t zero_point, int64_t qmin, int64_t qmax,
                    int64_t *out);

/// Per-tensor dequantize of `count` int64 values.
void qpt2e_dequantize(const int64_t *data, int64_t count, float scale,
                      int64_t zero_point, float *out);

/// A HistogramObserver (torch.ao.quantization, 1.13 semantics).
typedef struct qpt2e_histogram qpt2e_histogram;

/// Creates an observer with `bins` bins and the given upsample rate.
qpt2e_histogram *qpt2e_histogram_new(int64_t bins, int64_t upsample_rate);
/// Frees an observer.
void qpt2e_histogram_free(qpt2e_histogram *observer);
/// HistogramObserver.forward on `count` values.
void qpt2e_histogram_observe(qpt2e_histogram *observer, const float *data,
                             int64_t count);
/// Copies min_val, max_val and the `bins` histogram counts out.
void qpt2e_histogram_state(const qpt2e_histogram *observer, float *min_out,
                           float *max_out, float *histogram_out);
/// calculate_qparams with the MinMax options and 2^bits destination bins.
void qpt2e_histogram_qparams(const qpt2e_histogram *observer, int64_t qmin,
                             int64_t qmax, int32_t symmetric,
                             int32_t unsigned_type, int32_t customized_range,
                             float eps, int64_t dst_bins, float *scale_out,
                             int64_t *zero_point_out);

/*===-- Observer registry (calibration) ----------------------------------===*/

/// Observer kinds, numbered as quant_pt2e's ObserverKind enum.
enum {
  QPT2E_MIN_MAX = 0,
  QPT2E_MOVING_AVERAGE_MIN_MAX = 1,
  QPT2E_PER_CHANNEL_MIN_MAX = 2,
  QPT2E_MOVING_AVERAGE_PER_CHANNEL_MIN_MAX = 3,
  QPT2E_HISTOGRAM = 4,
  QPT2E_PLACEHOLDER = 5
};

/// The C interface of an unranked memref<*xf32>: rank and a pointer to a
/// ranked descriptor {allocated, aligned, offset, sizes[rank], strides[rank]}.
typedef struct {
  int64_t rank;
  void *descriptor;
} qpt2e_unranked_memref;

/// Called by compiled code for every quant_pt2e.observer: folds `data` into
/// the statistics of observer `id` (created on first use with this kind,
/// channel axis, averaging constant and histogram bins).
void _mlir_ciface_qpt2e_observe(qpt2e_unranked_memref *data, int64_t id,
                                int64_t kind, int64_t ch_axis,
                                float averaging_constant, int64_t bins);

/// Called by compiled code for every quant_pt2e.fake_quantize (QAT forward):
/// folds `data` into observer `id` (moving-average kinds; `fused` != 0
/// follows torch.fused_moving_avg_obs_fake_quant, otherwise FakeQuantize's
/// observer) and computes the qparams this forward fake-quantizes with
/// (ATen's ChooseQuantizationParams when fused, the observer's
/// calculate_qparams otherwise), read back with qpt2e_fake_quant_scale /
/// _zero_point. On a shape or kind error prints a message and exits 1.
void _mlir_ciface_qpt2e_fake_quant_observe(
    qpt2e_unranked_memref *data, int64_t id, int64_t kind, int64_t ch_axis,
    float averaging_constant, int64_t fused, int64_t qmin, int64_t qmax,
    int64_t symmetric, int64_t unsigned_type, float eps);

/// The current fake-quant scale / zero point of `channel` of observer `id`.
float qpt2e_fake_quant_scale(int64_t id, int64_t channel);
int64_t qpt2e_fake_quant_zero_point(int64_t id, int64_t channel);

/// Restores the min/max statistics of observer `id` (MinMax family), as a
/// previous run wrote them: training continues where it stopped.
void qpt2e_observer_restore(int64_t id, int64_t kind, const float *mins,
                            const float *maxs, int64_t count);

/// The fused fake-quant formulas, for tests: one moving-average step and
/// ChooseQuantizationParams.
float qpt2e_fused_moving_average(float running, float observed,
                                 double averaging_constant);
void qpt2e_choose_qparams(float min_val, float max_val, int64_t qmin,
                          int64_t qmax, int32_t preserve_sparsity,
                          float *scale_out, int64_t *zero_point_out);

/// Forgets every observer of the calling thread's context (Context.h).
/// Data errors (NaN reaching a MinMax-family observer or fake quantize, a
/// NaN or infinity reaching a histogram observer: PyTorch 1.13 cannot
/// compute qparams from such data either) are the context's error
/// (qpt2e_runtime_error); the observer states stay as PyTorch's would.
void qpt2e_observers_reset(void);

/// Copies the min/max statistics of observer `id` (one per channel, or one)
/// into the arrays (at most `capacity`); returns how many, or -1 if the
/// observer has not seen data.
int64_t qpt2e_observer_minmax(int64_t id, float *min_out, float *max_out,
                              int64_t capacity);

/// Qparams of observer `id` with the MinMax options (histogram observers run
/// their range search first). Returns the number of channels written, or -1.
int64_t qpt2e_observer_qparams(int64_t id, int64_t qmin, int64_t qmax,
                               int32_t symmetric, int32_t unsigned_type,
                               float eps, float *scales_out,
                               int64_t *zero_points_out, int64_t capacity);

/*===-- Buffers of model libraries ----------------------------------------===*/

/// The allocation functions of a model library and of quant-run's JIT
/// (useRuntimeAllocator renames the lowered code's malloc / aligned_alloc /
/// free to these): freed blocks are
/// cached by size and reused, so that runs after the first allocate nothing
/// from the system. Blocks are 64-byte aligned; larger alignments give
/// NULL. Results a library returns are freed with qpt2e_free.
void *qpt2e_alloc(int64_t size);
void *qpt2e_aligned_alloc(int64_t alignment, int64_t size);
void qpt2e_free(void *pointer);

/*===-- Statistics file (quant-run --stats-out) ---------------------------===*/

/// An observer as the statistics file needs it: its id and the spec its
/// qparams are computed with.
typedef struct {
  int64_t id;
  int64_t quant_min, quant_max;
  int32_t symmetric, unsigned_type;
  float eps;
} qpt2e_stats_observer;

/// Training state: a batch norm's running statistics (`channels` floats
/// each).
typedef struct {
  int64_t id;
  int64_t channels;
  const float *mean, *var;
} qpt2e_stats_state;

/// Writes the statistics JSON that quant-pt2e-convert reads: each
/// observer's qparams (computed from the calling thread's context's
/// statistics with its spec), min and max, and the running statistics, as
/// `samples` samples' worth. Floats are written so that they read back
/// exactly (non-finite ones as "inf", "-inf", "nan"). Warns on stderr about
/// observers that saw no data (scale 1, zero point 0) and infinite scales.
/// Returns 0, or -1 if `path` cannot be written.
int32_t qpt2e_stats_write(const char *path,
                          const qpt2e_stats_observer *observers,
                          int64_t num_observers,
                          const qpt2e_stats_state *states, int64_t num_states,
                          int64_t samples);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_QUANTRUNTIME_H */
