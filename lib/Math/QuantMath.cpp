//===- QuantMath.cpp - PyTorch quantization formulas ----------------------===//
//
// Implements the formulas of QuantMath.h following PyTorch 1.13:
// torch/ao/quantization/observer.py (_calculate_qparams),
// torch/ao/quantization/utils.py (calculate_qmin_qmax) and
// aten/src/ATen/native/quantized/AffineQuantizerBase.cpp (quantize_val,
// dequantize_val).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Math/QuantMath.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qpt2e::math {

QRange storageRange(StorageType type, bool reduceRange) {
  QRange range{0, 0};
  switch (type) {
  case StorageType::Int8:
    range = {-128, 127};
    break;
  case StorageType::UInt8:
    range = {0, 255};
    break;
  case StorageType::Int32:
    range = {std::numeric_limits<int32_t>::min(),
             std::numeric_limits<int32_t>::max()};
    break;
  }
  if (reduceRange && type != StorageType::Int32) {
    // calculate_qmin_qmax: qint8 -> [-64, 63], quint8 -> [0, 127].
    range.min /= 2;
    range.max /= 2;
  }
  return range;
}

bool isValidRange(StorageType type, int64_t qmin, int64_t qmax) {
  QRange full = storageRange(type);
  return qmin < qmax && qmin >= full.min && qmax <= full.max;
}

float symmetricHalfRange(int64_t qmin, int64_t qmax) {
  return static_cast<float>(static_cast<double>(qmax - qmin) / 2.0);
}

QParams calculateQParams(float minVal, float maxVal,
                         const MinMaxOptions &opt) {
  // check_min_max_valid: an observer that saw nothing.
  if (minVal == std::numeric_limits<float>::infinity() &&
      maxVal == -std::numeric_limits<float>::infinity())
    return {1.0f, 0};

  float minNeg = std::min(minVal, 0.0f);
  float maxPos = std::max(maxVal, 0.0f);
  float scale = 1.0f;
  int64_t zeroPoint = 0;
  if (opt.symmetric) {
    maxPos = std::max(-minNeg, maxPos);
    // `max_val_pos / (float(quant_max - quant_min) / 2)` in float32.
    scale = std::max(maxPos / symmetricHalfRange(opt.qmin, opt.qmax), opt.eps);
    if (opt.unsignedType)
      zeroPoint = opt.customizedRange ? (opt.qmin + opt.qmax) / 2 : 128;
  } else {
    float span = static_cast<float>(opt.qmax - opt.qmin);
    scale = std::max((maxPos - minNeg) / span, opt.eps);
    // quant_min - torch.round(min_val_neg / scale).to(torch.int)
    float ratio = minNeg / scale;
    int64_t rounded = static_cast<int64_t>(std::nearbyint(ratio));
    zeroPoint = std::clamp<int64_t>(opt.qmin - rounded, opt.qmin, opt.qmax);
  }
  return {scale, zeroPoint};
}

float movingAverage(float running, float observed, float averagingConstant,
                    bool initialized) {
  if (!initialized)
    return observed;
  return running + averagingConstant * (observed - running);
}

float fusedMovingAverage(float running, float observed,
                         double averagingConstant) {
  if (std::isinf(running))
    return observed;
  float difference = observed - running;
  return static_cast<float>(running + averagingConstant * difference);
}

QParams chooseQuantizationParams(float minVal, float maxVal, int64_t qmin64,
                                 int64_t qmax64, bool preserveSparsity) {
  // The ATen code works in int32_t ranges, float min/max and double scale.
  auto qmin = static_cast<int32_t>(qmin64), qmax = static_cast<int32_t>(qmax64);
  float min = minVal, max = maxVal;
  if (min < 0 && max > 0 && preserveSparsity) {
    int symmetricQmin = -((qmax - qmin) / 2 + 1);
    int symmetricQmax = (qmax - qmin) / 2;
    double maxScale = std::max(std::fabs(min / symmetricQmin),
                               std::fabs(max / symmetricQmax));
    min = static_cast<float>(maxScale * symmetricQmin);
    max = static_cast<float>(maxScale * symmetricQmax);
  }
  min = std::min(min, 0.0f);
  max = std::max(max, 0.0f);
  double scale = (static_cast<double>(max) - min) / (qmax - qmin);
  if (static_cast<float>(scale) == 0.0f ||
      std::isinf(1.0f / static_cast<float>(scale)))
    scale = 0.1;
  constexpr float kSmallScaleThreshold = 6.1e-5f;
  if (scale < kSmallScaleThreshold) {
    float originalScale = static_cast<float>(scale);
    scale = kSmallScaleThreshold;
    if (min == 0.0f) {
      max = kSmallScaleThreshold * (qmax - qmin);
    } else if (max == 0.0f) {
      min = -kSmallScaleThreshold * (qmax - qmin);
    } else {
      float amplifier = kSmallScaleThreshold / originalScale;
      min *= amplifier;
      max *= amplifier;
    }
  }
  double fromMin = qmin - min / scale;
  double fromMax = qmax - max / scale;
  double fromMinError = std::abs(qmin) - std::abs(min / scale);
  double fromMaxError = std::abs(qmax) - std::abs(max / scale);
  double initial = fromMinError < fromMaxError ? fromMin : fromMax;
  if (min < 0 && max > 0 && preserveSparsity)
    initial = static_cast<double>(qmin + qmax) / 2;
  int64_t zeroPoint;
  if (initial < qmin)
    zeroPoint = qmin;
  else if (initial > qmax)
    zeroPoint = qmax;
  else
    zeroPoint = static_cast<int64_t>(std::nearbyint(initial));
  return {static_cast<float>(scale), zeroPoint};
}

int64_t quantize(float x, float scale, int64_t zeroPoint, int64_t qmin,
                 int64_t qmax) {
  float invScale = 1.0f / scale;
  // nearbyint rounds half to even in the default rounding mode; the sum is
  // taken in float as in quantize_val (zero_point + Round(value * inv_scale)).
  float rounded = std::nearbyint(x * invScale);
  float shifted = static_cast<float>(zeroPoint) + rounded;
  // static_cast<int64_t> of a NaN, an infinity or a value beyond int64 is
  // the "integer indefinite" INT64_MIN on x86, which the clamp maps to qmin;
  // PyTorch's quantize_val inherits that, so we do too.
  constexpr float kTwo63 = 9223372036854775808.0f;
  if (!(std::fabs(shifted) < kTwo63))
    return qmin;
  return std::clamp<int64_t>(static_cast<int64_t>(shifted), qmin, qmax);
}

float accumulatorScale(float inputScale, float weightScale) {
  return inputScale * weightScale;
}

int32_t zeroPointCorrection(int64_t weightSum, int64_t zeroPoint) {
  return static_cast<int32_t>(-zeroPoint * weightSum);
}

float dequantize(int64_t q, float scale, int64_t zeroPoint) {
  // dequantize_val: (value - int32(zero_point)) in int32, wrapping.
  auto difference = static_cast<int32_t>(static_cast<uint32_t>(q) -
                                         static_cast<uint32_t>(zeroPoint));
  return static_cast<float>(difference) * scale;
}

float fakeQuantize(float x, float scale, int64_t zeroPoint, int64_t qmin,
                   int64_t qmax) {
  return dequantize(quantize(x, scale, zeroPoint, qmin, qmax), scale,
                    zeroPoint);
}

bool isValidScale(float scale) { return std::isfinite(scale) && scale > 0.0f; }

FoldedConvBn fuseConvBnWeights(const std::vector<float> &weight,
                               const std::vector<int64_t> &shape,
                               int64_t channelAxis,
                               const std::vector<float> &convBias,
                               const std::vector<float> &mean,
                               const std::vector<float> &var,
                               const std::vector<float> &gamma,
                               const std::vector<float> &beta, float eps) {
  size_t channels = mean.size();
  std::vector<float> scale(channels);
  FoldedConvBn folded{weight, std::vector<float>(channels)};
  for (size_t c = 0; c < channels; ++c) {
    float rsqrt = 1.0f / std::sqrt(var[c] + eps);
    scale[c] = gamma[c] * rsqrt;
    folded.bias[c] = (convBias[c] - mean[c]) * rsqrt * gamma[c] + beta[c];
  }
  int64_t inner = 1;
  for (size_t d = channelAxis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  for (size_t i = 0; i < folded.weight.size(); ++i)
    folded.weight[i] *= scale[(i / inner) % shape[channelAxis]];
  return folded;
}

} // namespace qpt2e::math
