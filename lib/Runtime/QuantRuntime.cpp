//===- QuantRuntime.cpp - quant-pt2e runtime C ABI ------------------------===//
//
// Implements QuantRuntime.h on top of the quantization math library.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Runtime/QuantRuntime.h"
#include "quant-pt2e/Math/Histogram.h"
#include "quant-pt2e/Math/QuantMath.h"

#include <algorithm>

#include <cmath>
#include <limits>

namespace math = qpt2e::math;

namespace {
/// Folds one value into a running (min, max) with NaN propagation.
inline void accumulate(float value, float &lo, float &hi) {
  if (std::isnan(value) || std::isnan(lo)) {
    lo = hi = std::numeric_limits<float>::quiet_NaN();
    return;
  }
  lo = value < lo ? value : lo;
  hi = value > hi ? value : hi;
}
} // namespace

extern "C" void qpt2e_minmax(const float *data, int64_t count, float *minOut,
                             float *maxOut) {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < count; ++i)
    accumulate(data[i], lo, hi);
  *minOut = lo;
  *maxOut = hi;
}

extern "C" float qpt2e_torch_sum(const float *data, int64_t count) {
  return math::torchSum(data, count);
}

extern "C" void qpt2e_minmax_per_channel(const float *data, int64_t outer,
                                         int64_t channels, int64_t inner,
                                         float *minOut, float *maxOut) {
  for (int64_t c = 0; c < channels; ++c) {
    minOut[c] = std::numeric_limits<float>::infinity();
    maxOut[c] = -std::numeric_limits<float>::infinity();
  }
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      const float *row = data + (o * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i)
        accumulate(row[i], minOut[c], maxOut[c]);
    }
}

extern "C" float qpt2e_moving_average(float running, float observed,
                                      float averagingConstant,
                                      int32_t initialized) {
  return math::movingAverage(running, observed, averagingConstant,
                             initialized != 0);
}

extern "C" int32_t qpt2e_calculate_qparams(
    const float *minVals, const float *maxVals, int64_t count, int64_t qmin,
    int64_t qmax, int32_t symmetric, int32_t unsignedType,
    int32_t customizedRange, float eps, float *scalesOut,
    int64_t *zeroPointsOut) {
  math::MinMaxOptions options{qmin,         qmax, symmetric != 0,
                              unsignedType != 0, customizedRange != 0, eps};
  for (int64_t i = 0; i < count; ++i) {
    math::QParams qparams =
        math::calculateQParams(minVals[i], maxVals[i], options);
    scalesOut[i] = qparams.scale;
    zeroPointsOut[i] = qparams.zeroPoint;
  }
  return 0;
}

extern "C" void qpt2e_quantize(const float *data, int64_t count, float scale,
                               int64_t zeroPoint, int64_t qmin, int64_t qmax,
                               int64_t *out) {
  for (int64_t i = 0; i < count; ++i)
    out[i] = math::quantize(data[i], scale, zeroPoint, qmin, qmax);
}

extern "C" void qpt2e_dequantize(const int64_t *data, int64_t count,
                                 float scale, int64_t zeroPoint, float *out) {
  for (int64_t i = 0; i < count; ++i)
    out[i] = math::dequantize(data[i], scale, zeroPoint);
}

struct qpt2e_histogram {
  math::HistogramObserver observer;
};

extern "C" qpt2e_histogram *qpt2e_histogram_new(int64_t bins,
                                                int64_t upsampleRate) {
  return new qpt2e_histogram{math::HistogramObserver(bins, upsampleRate)};
}

extern "C" void qpt2e_histogram_free(qpt2e_histogram *observer) {
  delete observer;
}

extern "C" void qpt2e_histogram_observe(qpt2e_histogram *observer,
                                        const float *data, int64_t count) {
  observer->observer.observe(data, count);
}

extern "C" void qpt2e_histogram_state(const qpt2e_histogram *observer,
                                      float *minOut, float *maxOut,
                                      float *histogramOut) {
  *minOut = observer->observer.minVal();
  *maxOut = observer->observer.maxVal();
  const std::vector<float> &hist = observer->observer.histogram();
  std::copy(hist.begin(), hist.end(), histogramOut);
}

extern "C" void qpt2e_histogram_qparams(const qpt2e_histogram *observer,
                                        int64_t qmin, int64_t qmax,
                                        int32_t symmetric, int32_t unsignedType,
                                        int32_t customizedRange, float eps,
                                        int64_t dstBins, float *scaleOut,
                                        int64_t *zeroPointOut) {
  math::MinMaxOptions options{qmin,         qmax, symmetric != 0,
                              unsignedType != 0, customizedRange != 0, eps};
  math::QParams qparams = observer->observer.calculateQParams(options, dstBins);
  *scaleOut = qparams.scale;
  *zeroPointOut = qparams.zeroPoint;
}
