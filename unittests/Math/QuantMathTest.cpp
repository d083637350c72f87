//===- QuantMathTest.cpp - quantization formulas, hand-derived ------------===//
//
// Each expectation is worked out by hand from PyTorch 1.13's formulas
// (observer.py _calculate_qparams, quantize_val); the Python parity tests
// compare the same functions against PyTorch itself.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Math/QuantMath.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace qpt2e::math;

namespace {

MinMaxOptions affine(int64_t qmin, int64_t qmax) {
  return {qmin, qmax, /*symmetric=*/false, /*unsignedType=*/qmin >= 0,
          /*customizedRange=*/true};
}

MinMaxOptions symmetric(int64_t qmin, int64_t qmax, bool customized = true) {
  return {qmin, qmax, /*symmetric=*/true, /*unsignedType=*/qmin >= 0,
          customized};
}

TEST(StorageRange, FullAndReduced) {
  EXPECT_EQ(storageRange(StorageType::Int8).min, -128);
  EXPECT_EQ(storageRange(StorageType::Int8).max, 127);
  EXPECT_EQ(storageRange(StorageType::UInt8).min, 0);
  EXPECT_EQ(storageRange(StorageType::UInt8).max, 255);
  EXPECT_EQ(storageRange(StorageType::Int32).min, -2147483648LL);
  EXPECT_EQ(storageRange(StorageType::Int32).max, 2147483647LL);
  // reduce_range: qint8 [-64, 63], quint8 [0, 127].
  EXPECT_EQ(storageRange(StorageType::Int8, true).min, -64);
  EXPECT_EQ(storageRange(StorageType::Int8, true).max, 63);
  EXPECT_EQ(storageRange(StorageType::UInt8, true).max, 127);
}

TEST(StorageRange, Validity) {
  EXPECT_TRUE(isValidRange(StorageType::Int8, -127, 127));
  EXPECT_FALSE(isValidRange(StorageType::Int8, 0, 255));
  EXPECT_FALSE(isValidRange(StorageType::UInt8, 10, 9));
  EXPECT_FALSE(isValidRange(StorageType::UInt8, 5, 5));
  EXPECT_TRUE(isValidRange(StorageType::UInt8, 5, 6));
}

TEST(CalculateQParams, AffineUInt8SymmetricData) {
  // scale = float(2 / 255) = 0.0078431377..., slightly above the exact
  // 2/255, so -1 / scale = -127.49999 in float, which rounds to -127:
  // zero_point = 0 - (-127) = 127 (not the 128 exact arithmetic would give).
  QParams q = calculateQParams(-1.0f, 1.0f, affine(0, 255));
  EXPECT_EQ(q.scale, 2.0f / 255.0f);
  EXPECT_EQ(q.zeroPoint, 127);
}

TEST(CalculateQParams, AffineIncludesZero) {
  // min 2 is replaced by 0: scale = 4 / 255, zero_point = 0.
  QParams q = calculateQParams(2.0f, 4.0f, affine(0, 255));
  EXPECT_EQ(q.scale, 4.0f / 255.0f);
  EXPECT_EQ(q.zeroPoint, 0);
  // All negative: max becomes 0, zero_point = 255 - round(-4 / (4/255)).
  q = calculateQParams(-4.0f, -2.0f, affine(0, 255));
  EXPECT_EQ(q.zeroPoint, 255);
}

TEST(CalculateQParams, SymmetricInt8) {
  // max(|-2|, 1) / ((127 - (-128)) / 2) = 2 / 127.5.
  QParams q = calculateQParams(-2.0f, 1.0f, symmetric(-128, 127));
  EXPECT_EQ(q.scale, 2.0f / 127.5f);
  EXPECT_EQ(q.zeroPoint, 0);
  // Weights in [-127, 127]: divisor 127.
  q = calculateQParams(-0.5f, 1.27f, symmetric(-127, 127));
  EXPECT_EQ(q.scale, 1.27f / 127.0f);
  EXPECT_EQ(q.zeroPoint, 0);
}

TEST(CalculateQParams, SymmetricUInt8ZeroPoint) {
  // Default quint8 range: 128; an explicit range: (qmin + qmax) // 2.
  EXPECT_EQ(calculateQParams(-1.0f, 1.0f, symmetric(0, 255, false)).zeroPoint,
            128);
  EXPECT_EQ(calculateQParams(-1.0f, 1.0f, symmetric(0, 255, true)).zeroPoint,
            127);
  EXPECT_EQ(calculateQParams(-1.0f, 1.0f, symmetric(0, 127, true)).zeroPoint,
            63);
}

TEST(CalculateQParams, EpsFloor) {
  // A constant-zero tensor: scale falls to eps, zero point to qmin - 0.
  MinMaxOptions opt = affine(-128, 127);
  opt.eps = 0.000244140625f; // 2^-12
  QParams q = calculateQParams(0.0f, 0.0f, opt);
  EXPECT_EQ(q.scale, 0.000244140625f);
  EXPECT_EQ(q.zeroPoint, -128);
  // Default eps is float32 machine epsilon.
  q = calculateQParams(0.0f, 0.0f, symmetric(-128, 127));
  EXPECT_EQ(q.scale, std::numeric_limits<float>::epsilon());
}

TEST(CalculateQParams, NothingObserved) {
  float inf = std::numeric_limits<float>::infinity();
  QParams q = calculateQParams(inf, -inf, affine(0, 255));
  EXPECT_EQ(q.scale, 1.0f);
  EXPECT_EQ(q.zeroPoint, 0);
}

TEST(Quantize, RoundsHalfToEven) {
  EXPECT_EQ(quantize(0.5f, 1.0f, 0, -128, 127), 0);
  EXPECT_EQ(quantize(1.5f, 1.0f, 0, -128, 127), 2);
  EXPECT_EQ(quantize(2.5f, 1.0f, 0, -128, 127), 2);
  EXPECT_EQ(quantize(-0.5f, 1.0f, 0, -128, 127), 0);
  EXPECT_EQ(quantize(-1.5f, 1.0f, 0, -128, 127), -2);
  // The zero point is added after rounding: 2.5 -> 2, + 3.
  EXPECT_EQ(quantize(0.625f, 0.25f, 3, -128, 127), 5);
}

TEST(Quantize, Saturates) {
  EXPECT_EQ(quantize(1000.0f, 0.5f, 0, -128, 127), 127);
  EXPECT_EQ(quantize(-1000.0f, 0.5f, 0, -128, 127), -128);
  EXPECT_EQ(quantize(3.0f, 1.0f, 0, -127, 127), 3);
  EXPECT_EQ(quantize(-200.0f, 1.0f, 0, -127, 127), -127);
  // 3e9 is past int32 but inside int64: clamps to qmax.
  EXPECT_EQ(quantize(3e9f, 1.0f, 0, -2147483648LL, 2147483647LL),
            2147483647LL);
}

TEST(Quantize, NonFiniteFollowsX86Cast) {
  // static_cast<int64_t> of NaN/inf is INT64_MIN on x86, clamped to qmin.
  float nan = std::numeric_limits<float>::quiet_NaN();
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(quantize(nan, 0.5f, 3, -128, 127), -128);
  EXPECT_EQ(quantize(inf, 0.5f, 3, 0, 255), 0);
  EXPECT_EQ(quantize(-inf, 0.5f, 3, 0, 255), 0);
  // Past int64 the cast is INT64_MIN too: 1e30 lands on qmin, not qmax.
  EXPECT_EQ(quantize(1e30f, 1.0f, 0, -2147483648LL, 2147483647LL),
            -2147483648LL);
}

TEST(Dequantize, AffineAndFake) {
  EXPECT_EQ(dequantize(5, 0.25f, 3), 0.5f);
  EXPECT_EQ(dequantize(-128, 0.5f, 0), -64.0f);
  // 0.3 / 0.25 = 1.2 -> 1 -> 0.25.
  EXPECT_EQ(fakeQuantize(0.3f, 0.25f, 0, -128, 127), 0.25f);
  // Saturated: 100 / 0.25 = 400 -> 127 -> 31.75.
  EXPECT_EQ(fakeQuantize(100.0f, 0.25f, 0, -128, 127), 31.75f);
}

TEST(MovingAverage, FirstObservationAndUpdate) {
  EXPECT_EQ(movingAverage(0.0f, 3.0f, 0.01f, false), 3.0f);
  // 1 + 0.5 * (3 - 1) = 2.
  EXPECT_EQ(movingAverage(1.0f, 3.0f, 0.5f, true), 2.0f);
  // averaging_constant 1 (the dynamic QAT config) tracks the last batch.
  EXPECT_EQ(movingAverage(1.0f, -7.0f, 1.0f, true), -7.0f);
}

TEST(Scale, Validity) {
  EXPECT_TRUE(isValidScale(1e-30f));
  EXPECT_FALSE(isValidScale(0.0f));
  EXPECT_FALSE(isValidScale(-1.0f));
  EXPECT_FALSE(isValidScale(std::numeric_limits<float>::infinity()));
  EXPECT_FALSE(isValidScale(std::numeric_limits<float>::quiet_NaN()));
}

} // namespace

TEST(ZeroPointCorrection, RemovesTheZeroPointFromRawSums) {
  // x = {5, -3, 7} with zp = 2, w = {4, -6, 1}: sum((x - zp) w) by hand is
  // 3*4 + (-5)(-6) + 5*1 = 47; the raw sum 20 + 18 + 7 = 45 plus the
  // correction -2 * (4 - 6 + 1) = 2 gives the same.
  EXPECT_EQ(45 + zeroPointCorrection(-1, 2), 47);
  // s8 data read as u8 (x + 128): the shifted zero point 2 + 128 removes
  // both the shift and the zero point.
  EXPECT_EQ((133 * 4 + 125 * -6 + 135 * 1) + zeroPointCorrection(-1, 130), 47);
  EXPECT_EQ(zeroPointCorrection(0, 77), 0);
}
