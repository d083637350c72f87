//===- Histogram.h - PyTorch 1.13 HistogramObserver -------------*- C++ -*-===//
//
// The histogram observer of torch.ao.quantization (1.13), step by step with
// PyTorch's precision at each step: float32 tensor arithmetic, float32
// sums in ATen's summation order, double cumulative sums, Python doubles
// where PyTorch calls .item(), and 1.13's torch.histc call with the range
// truncated to integers.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_MATH_HISTOGRAM_H
#define QUANT_PT2E_MATH_HISTOGRAM_H

#include "quant-pt2e/Math/QuantMath.h"

#include <cstdint>
#include <vector>

namespace qpt2e::math {

/// Running state of one HistogramObserver.
class HistogramObserver {
public:
  explicit HistogramObserver(int64_t bins = 2048, int64_t upsampleRate = 128);

  /// HistogramObserver.forward on `count` values.
  void observe(const float *data, int64_t count);

  /// HistogramObserver.calculate_qparams: the L2 search for the range, then
  /// the MinMax formula. `dstBins` is 2^bits of the dtype (256 for 8 bits).
  QParams calculateQParams(const MinMaxOptions &options,
                           int64_t dstBins = 256) const;

  /// The range _non_linear_param_search selects (new_min, new_max).
  std::pair<float, float> searchRange(int64_t dstBins = 256) const;

  float minVal() const { return minVal_; }
  float maxVal() const { return maxVal_; }
  const std::vector<float> &histogram() const { return histogram_; }

private:
  double quantizationError(int64_t startBin, int64_t endBin,
                           int64_t dstBins) const;

  int64_t bins_;
  int64_t upsampleRate_;
  float minVal_;
  float maxVal_;
  std::vector<float> histogram_;
};

/// torch.sum of a contiguous 1-d float32 CPU tensor, as PyTorch 1.13 adds:
/// ATen's cascade_sum accumulates in float32 over 8-lane vectors (the width
/// of Vectorized<float> in the Debian build, which dispatches AVX2 or the
/// default kernels, both 8 lanes), four interleaved accumulators and
/// multi-level partial sums; the float result depends on that order. ATen
/// splits tensors above its grain size (32768 elements) across threads:
/// this is the order of one thread, exact for smaller tensors such as the
/// 2048-bin histogram.
float torchSum(const float *data, int64_t count);

/// torch.histc(data, bins, min, max) on CPU: float32 bins, range fallback to
/// the data's extrema when min == max, elements outside the range dropped.
std::vector<float> histc(const float *data, int64_t count, int64_t bins,
                         double min, double max);

} // namespace qpt2e::math

#endif // QUANT_PT2E_MATH_HISTOGRAM_H
