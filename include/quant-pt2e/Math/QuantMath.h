//===- QuantMath.h - PyTorch quantization formulas --------------*- C++ -*-===//
//
// The one home of the quantization formulas shared by the passes, the
// runtime and the tests. Plain C++ (no MLIR), so the runtime can use it.
// Every formula follows PyTorch 1.13; see docs/Numerics.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_MATH_QUANTMATH_H
#define QUANT_PT2E_MATH_QUANTMATH_H

#include <cstdint>
#include <vector>

namespace qpt2e::math {

/// Integer storage types of quantized tensors.
enum class StorageType { Int8, UInt8, Int32 };

/// An inclusive integer range [min, max].
struct QRange {
  int64_t min;
  int64_t max;
};

/// The full range of a storage type (torch.ao.quantization.utils
/// calculate_qmin_qmax without a custom range); `reduceRange` halves it.
QRange storageRange(StorageType type, bool reduceRange = false);

/// True when [qmin, qmax] holds at least two values (PyTorch requires
/// qmin < qmax) and lies inside the storage type's range.
bool isValidRange(StorageType type, int64_t qmin, int64_t qmax);

/// Per-tensor (or one channel's) quantization parameters.
struct QParams {
  float scale;
  int64_t zeroPoint;
};

/// float32 machine epsilon, the observers' default eps.
constexpr float kDefaultEps = 1.1920928955078125e-07f;

/// Options of the MinMax-family qparam formula.
struct MinMaxOptions {
  int64_t qmin;
  int64_t qmax;
  bool symmetric;
  /// The dtype is quint8/uint8 (symmetric zero point is not 0).
  bool unsignedType;
  /// The observer was built with an explicit quant_min/quant_max (PyTorch's
  /// has_customized_qrange); changes the uint8 symmetric zero point.
  bool customizedRange;
  float eps = kDefaultEps;
};

/// The symmetric formula's divisor `float(quant_max - quant_min) / 2`: a
/// Python double that becomes a float32 scalar operand.
float symmetricHalfRange(int64_t qmin, int64_t qmax);

/// PyTorch's _ObserverBase._calculate_qparams for one (min, max) pair,
/// computed in float32 exactly as the observer does. An observer that saw
/// nothing (min = +inf, max = -inf) gives scale 1, zero point 0.
QParams calculateQParams(float minVal, float maxVal, const MinMaxOptions &opt);

/// Moving-average update of one statistic: the first observation (when
/// `initialized` is false) is taken as is.
float movingAverage(float running, float observed, float averagingConstant,
                    bool initialized);

/// The moving-average step of torch.fused_moving_avg_obs_fake_quant (ATen's
/// calculate_moving_average): `running + c * (observed - running)` with the
/// difference in float and the rest in double; an infinite running value
/// (nothing observed yet) takes the observation.
float fusedMovingAverage(float running, float observed,
                         double averagingConstant);

/// ATen's quant_utils::ChooseQuantizationParams (no FBGEMM in this build),
/// which torch.fused_moving_avg_obs_fake_quant uses during QAT with
/// `preserveSparsity` = symmetric qscheme. It differs from the observers'
/// calculate_qparams (e.g. a symmetric [-127, 127] scale is
/// 255/254 * max(|min|/128, max/127), and one-signed ranges get an affine
/// zero point); scales below 6.1e-5 are raised to it.
QParams chooseQuantizationParams(float minVal, float maxVal, int64_t qmin,
                                 int64_t qmax, bool preserveSparsity);

/// PyTorch's quantize_val: clamp(nearbyint(x * (1.0f / scale)) + zp, qmin,
/// qmax), rounding half to even.
int64_t quantize(float x, float scale, int64_t zeroPoint, int64_t qmin,
                 int64_t qmax);

/// PyTorch's dequantize_val: float(q - zp) * scale, the difference taken in
/// int32 (wrapping, which matters only for int32 values near the limits).
float dequantize(int64_t q, float scale, int64_t zeroPoint);

/// The scale of an int8 convolution's int32 accumulator, s_x * s_w[c]
/// (float32). The integer kernels requantize with
/// accumulatorScale / s_y and take the bias as bias / accumulatorScale
/// (oneDNN) or bias / s_y (the vector kernels).
float accumulatorScale(float inputScale, float weightScale);

/// The int32 correction that turns an accumulator over raw activation bytes
/// into the zero-point-free one: sum((x - zp) w) = sum(x w) - zp sum(w), so
/// the correction is -zp * sum(w) for an output channel whose weights sum to
/// `weightSum`. `zeroPoint` is the activation bytes' zero point as the
/// kernel reads them (zp + 128 for s8 data shifted to u8). Exact in int32
/// for 8-bit data (|zp sum(w)| < 2^31 for fewer than 2^16 products).
int32_t zeroPointCorrection(int64_t weightSum, int64_t zeroPoint);

/// dequantize(quantize(x)), the forward of FakeQuantize.
float fakeQuantize(float x, float scale, int64_t zeroPoint, int64_t qmin,
                   int64_t qmax);

/// Batch norm folded into the preceding convolution (or linear).
struct FoldedConvBn {
  std::vector<float> weight;
  std::vector<float> bias;
};

/// torch.nn.utils.fusion.fuse_conv_bn_weights in float32: rsqrt =
/// 1 / sqrt(var + eps); weight * (gamma * rsqrt) per output channel (weight
/// axis `channelAxis`: 0, or 1 for a transposed convolution); bias =
/// (convBias - mean) * rsqrt * gamma + beta. `shape` is the weight's shape;
/// the statistics and affine parameters have one value per output channel.
FoldedConvBn fuseConvBnWeights(const std::vector<float> &weight,
                               const std::vector<int64_t> &shape,
                               int64_t channelAxis,
                               const std::vector<float> &convBias,
                               const std::vector<float> &mean,
                               const std::vector<float> &var,
                               const std::vector<float> &gamma,
                               const std::vector<float> &beta, float eps);

/// True when a scale is usable: positive and finite.
bool isValidScale(float scale);

} // namespace qpt2e::math

#endif // QUANT_PT2E_MATH_QUANTMATH_H
