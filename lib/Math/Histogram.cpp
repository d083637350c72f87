//===- Histogram.cpp - PyTorch 1.13 HistogramObserver ---------------------===//
//
// Follows torch/ao/quantization/observer.py (1.13.1) HistogramObserver and
// aten/src/ATen/native/Histogram.cpp / cpu/HistogramKernel.cpp. Comments
// quote the Python statement each block reproduces.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Math/Histogram.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

using namespace qpt2e::math;

namespace {

/// torch.div(a, b, rounding_mode='floor') for floats (div_floor_floating).
float divFloor(float a, float b) {
  if (b == 0.0f)
    return a / b;
  float mod = std::fmod(a, b);
  float div = (a - mod) / b;
  if (mod != 0.0f && ((b < 0.0f) != (mod < 0.0f)))
    div -= 1.0f;
  float floordiv;
  if (div != 0.0f) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5f)
      floordiv += 1.0f;
  } else {
    floordiv = std::copysign(0.0f, a / b);
  }
  return floordiv;
}

/// Python int() of a float: truncation toward zero.
double truncateToInt(float value) { return std::trunc(static_cast<double>(value)); }

void minMax(const float *data, int64_t count, float &lo, float &hi) {
  lo = std::numeric_limits<float>::infinity();
  hi = -std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < count; ++i) {
    lo = std::min(lo, data[i]);
    hi = std::max(hi, data[i]);
  }
}


/// The lanes of ATen's Vectorized<float> (32-byte vectors; see torchSum).
constexpr int64_t kSumLanes = 8;
using SumVector = std::array<float, kSumLanes>;

void accumulate(float &acc, float value) { acc += value; }
void accumulate(SumVector &acc, const SumVector &value) {
  for (int64_t lane = 0; lane < kSumLanes; ++lane)
    acc[lane] += value[lane];
}

/// c10::utils::CeilLog2.
int64_t ceilLog2(int64_t x) {
  if (x <= 2)
    return 1;
  int64_t log = 0;
  for (uint64_t v = static_cast<uint64_t>(x) - 1; v > 1; v >>= 1)
    ++log;
  return log + 2;
}

/// ATen's multi_row_sum (ReduceOps/SumKernel.cpp): `size` rows of four
/// columns, `load(row, column)`, summed with four levels of partial sums.
template <typename Acc, typename Load>
std::array<Acc, 4> multiRowSum(Load load, int64_t size) {
  constexpr int64_t numLevels = 4, rows = 4;
  const int64_t levelPower = std::max<int64_t>(4, ceilLog2(size) / numLevels);
  const int64_t levelStep = int64_t(1) << levelPower;
  const int64_t levelMask = levelStep - 1;
  std::array<std::array<Acc, rows>, numLevels> acc{};
  int64_t i = 0;
  while (i + levelStep <= size) {
    for (int64_t j = 0; j < levelStep; ++j, ++i)
      for (int64_t k = 0; k < rows; ++k)
        accumulate(acc[0][k], load(i, k));
    for (int64_t j = 1; j < numLevels; ++j) {
      for (int64_t k = 0; k < rows; ++k) {
        accumulate(acc[j][k], acc[j - 1][k]);
        acc[j - 1][k] = Acc{};
      }
      if ((i & (levelMask << (j * levelPower))) != 0)
        break;
    }
  }
  for (; i < size; ++i)
    for (int64_t k = 0; k < rows; ++k)
      accumulate(acc[0][k], load(i, k));
  for (int64_t j = 1; j < numLevels; ++j)
    for (int64_t k = 0; k < rows; ++k)
      accumulate(acc[0][k], acc[j][k]);
  return acc[0];
}

/// ATen's row_sum: `size` elements `load(i)` as rows of four (ilp_factor).
template <typename Acc, typename Load>
Acc rowSum(Load load, int64_t size) {
  const int64_t sizeIlp = size / 4;
  std::array<Acc, 4> partial = multiRowSum<Acc>(
      [&](int64_t row, int64_t column) { return load(row * 4 + column); },
      sizeIlp);
  for (int64_t i = sizeIlp * 4; i < size; ++i)
    accumulate(partial[0], load(i));
  for (int64_t k = 1; k < 4; ++k)
    accumulate(partial[0], partial[k]);
  return partial[0];
}

} // namespace

float qpt2e::math::torchSum(const float *data, int64_t count) {
  if (count < kSumLanes) // scalar_inner_sum
    return rowSum<float>([&](int64_t i) { return data[i]; }, count);
  // vectorized_inner_sum: the vectors, the scalar tail, then the lanes.
  const int64_t vectors = count / kSumLanes;
  SumVector lanes = rowSum<SumVector>(
      [&](int64_t i) {
        SumVector v;
        std::copy_n(data + i * kSumLanes, kSumLanes, v.begin());
        return v;
      },
      vectors);
  float sum = 0.0f;
  for (int64_t i = vectors * kSumLanes; i < count; ++i)
    sum += data[i];
  for (float lane : lanes)
    sum += lane;
  return sum;
}

std::vector<float> qpt2e::math::histc(const float *data, int64_t count,
                                      int64_t bins, double min, double max) {
  // histc_select_outer_bin_edges
  double left = min, right = max;
  if (left == right && count > 0) {
    float lo, hi;
    minMax(data, count, lo, hi);
    left = lo;
    right = hi;
  }
  if (left == right) {
    left -= 1;
    right += 1;
  }
  // linspace(left, right, bins + 1) in float: first and last edges exact.
  float leftEdge = static_cast<float>(left);
  float rightEdge = static_cast<float>(right);
  std::vector<float> hist(bins, 0.0f);
  for (int64_t i = 0; i < count; ++i) {
    float elt = data[i];
    if (!(elt >= leftEdge && elt <= rightEdge))
      continue;
    // pos = (elt - leftmost) * (num_bin_edges - 1) / (rightmost - leftmost)
    float scaled = (elt - leftEdge) * static_cast<float>(bins) /
                   (rightEdge - leftEdge);
    auto pos = static_cast<int64_t>(scaled);
    if (pos == bins)
      pos -= 1;
    hist[pos] += 1.0f;
  }
  return hist;
}

HistogramObserver::HistogramObserver(int64_t bins, int64_t upsampleRate)
    : bins_(bins), upsampleRate_(upsampleRate),
      minVal_(std::numeric_limits<float>::infinity()),
      maxVal_(-std::numeric_limits<float>::infinity()),
      histogram_(bins, 0.0f) {}

void HistogramObserver::observe(const float *data, int64_t count) {
  if (count == 0)
    return;
  bool sameValues = minVal_ == maxVal_;
  bool uninitialized = minVal_ == std::numeric_limits<float>::infinity() &&
                       maxVal_ == -std::numeric_limits<float>::infinity();
  float newMin, newMax;
  minMax(data, count, newMin, newMax);
  if (uninitialized || sameValues) {
    minVal_ = newMin;
    maxVal_ = newMax;
    // torch.histc(x, bins, min=int(min_val), max=int(max_val))
    histogram_ = histc(data, count, bins_, truncateToInt(minVal_),
                       truncateToInt(maxVal_));
    return;
  }
  float combinedMin = std::min(newMin, minVal_);
  float combinedMax = std::max(newMax, maxVal_);
  // _adjust_min_max (float32 tensor arithmetic)
  float histBinWidth = (maxVal_ - minVal_) /
                       static_cast<float>(bins_ * upsampleRate_);
  float span = static_cast<float>(bins_) * histBinWidth;
  auto downsampleRate =
      static_cast<int64_t>(std::ceil((combinedMax - combinedMin) / span));
  float e = static_cast<float>(downsampleRate) * span -
            (combinedMax - combinedMin);
  combinedMax = combinedMax + e;
  auto startIdx = static_cast<int64_t>(
      std::nearbyint((minVal_ - combinedMin) / histBinWidth));
  std::vector<float> combined = histc(data, count, bins_,
                                      truncateToInt(combinedMin),
                                      truncateToInt(combinedMax));
  if (combinedMin == minVal_ && combinedMax == maxVal_) {
    for (int64_t i = 0; i < bins_; ++i)
      combined[i] += histogram_[i];
  } else {
    // _combine_histograms: upsample by repetition, place at start_idx,
    // double cumulative sum sampled every downsample_rate, differences.
    int64_t fine = bins_ * downsampleRate;
    std::vector<float> placed(fine, 0.0f);
    int64_t end = std::min<int64_t>(fine, startIdx + bins_ * upsampleRate_);
    for (int64_t j = std::max<int64_t>(startIdx, 0); j < end; ++j)
      placed[j] = histogram_[(j - startIdx) / upsampleRate_];
    std::vector<double> integral(bins_);
    double running = 0.0;
    for (int64_t j = 0, k = 0; j < fine; ++j) {
      running += static_cast<double>(placed[j]);
      if ((j + 1) % downsampleRate == 0)
        integral[k++] = running;
    }
    for (int64_t i = 0; i < bins_; ++i) {
      // shifted_integral_histogram is a float tensor.
      double shifted = i == 0 ? 0.0
                              : static_cast<double>(
                                    static_cast<float>(integral[i - 1]));
      double interpolated =
          (integral[i] - shifted) / static_cast<double>(upsampleRate_);
      combined[i] = combined[i] + static_cast<float>(interpolated);
    }
  }
  histogram_ = std::move(combined);
  minVal_ = combinedMin;
  maxVal_ = combinedMax;
}

double HistogramObserver::quantizationError(int64_t startBin, int64_t endBin,
                                            int64_t dstBins) const {
  // bin_width = (max_val.item() - min_val.item()) / bins   (Python double)
  double binWidth = (static_cast<double>(maxVal_) - static_cast<double>(minVal_)) /
                    static_cast<double>(bins_);
  double dstBinWidth = binWidth * static_cast<double>(endBin - startBin + 1) /
                       static_cast<double>(dstBins);
  if (dstBinWidth == 0.0)
    return 0.0;
  // Tensor arithmetic below is float32; Python doubles become float32
  // scalars.
  float bw = static_cast<float>(binWidth);
  float dbw = static_cast<float>(dstBinWidth);
  float halfDbw = static_cast<float>(dstBinWidth / 2);
  float negHalfDbw = static_cast<float>(-dstBinWidth / 2);
  float maxDstBin = static_cast<float>(dstBins - 1);
  auto normOf = [](float begin, float end, float density) {
    float norm = (end * end * end - begin * begin * begin) / 3.0f;
    return density * norm;
  };
  float middleNorm = (halfDbw * halfDbw * halfDbw -
                      negHalfDbw * negHalfDbw * negHalfDbw) /
                     3.0f;
  std::vector<float> norms(bins_);
  for (int64_t i = 0; i < bins_; ++i) {
    float srcBegin = static_cast<float>(i - startBin) * bw;
    float srcEnd = srcBegin + bw;
    float dstOfBegin = std::clamp(divFloor(srcBegin, dbw), 0.0f, maxDstBin);
    float dstOfBeginCenter = (dstOfBegin + 0.5f) * dbw;
    float dstOfEnd = std::clamp(divFloor(srcEnd, dbw), 0.0f, maxDstBin);
    float density = histogram_[i] / bw;
    float norm = 0.0f;
    norm += normOf(srcBegin - dstOfBeginCenter, halfDbw, density);
    norm += (dstOfEnd - dstOfBegin - 1.0f) * (density * middleNorm);
    float dstOfEndCenter = dstOfEnd * dbw + halfDbw;
    norm += normOf(negHalfDbw, srcEnd - dstOfEndCenter, density);
    norms[i] = norm;
  }
  // norm.sum().item(): a float32 sum read back as a double.
  return static_cast<double>(torchSum(norms.data(), bins_));
}

std::pair<float, float> HistogramObserver::searchRange(int64_t dstBins) const {
  float binWidth = (maxVal_ - minVal_) / static_cast<float>(bins_);
  // total = torch.sum(self.histogram).item(): float32, in ATen's order.
  double total = static_cast<double>(torchSum(histogram_.data(), bins_));
  std::vector<float> cSum(bins_);
  double running = 0.0; // torch.cumsum accumulates floats in double
  for (int64_t i = 0; i < bins_; ++i) {
    running += histogram_[i];
    cSum[i] = static_cast<float>(running);
  }
  const double stepsize = 1e-5;
  double alpha = 0.0, beta = 1.0;
  int64_t startBin = 0, endBin = bins_ - 1;
  double normMin = std::numeric_limits<double>::infinity();
  while (alpha < beta) {
    double nextAlpha = alpha + stepsize;
    double nextBeta = beta - stepsize;
    // cSum[l] < next_alpha * total compares in float32.
    float alphaBound = static_cast<float>(nextAlpha * total);
    float betaBound = static_cast<float>(nextBeta * total);
    int64_t l = startBin, r = endBin;
    while (l < endBin && cSum[l] < alphaBound)
      ++l;
    while (r > startBin && cSum[r] > betaBound)
      --r;
    int64_t nextStart = startBin, nextEnd = endBin;
    if ((l - startBin) > (endBin - r)) {
      nextStart = l;
      alpha = nextAlpha;
    } else {
      nextEnd = r;
      beta = nextBeta;
    }
    if (nextStart == startBin && nextEnd == endBin)
      continue;
    double norm = quantizationError(nextStart, nextEnd, dstBins);
    if (norm > normMin)
      break;
    normMin = norm;
    startBin = nextStart;
    endBin = nextEnd;
  }
  float newMin = minVal_ + binWidth * static_cast<float>(startBin);
  float newMax = minVal_ + binWidth * static_cast<float>(endBin + 1);
  return {newMin, newMax};
}

QParams HistogramObserver::calculateQParams(const MinMaxOptions &options,
                                            int64_t dstBins) const {
  if (minVal_ == std::numeric_limits<float>::infinity() &&
      maxVal_ == -std::numeric_limits<float>::infinity())
    return {1.0f, 0};
  auto [lo, hi] = searchRange(dstBins);
  return ::qpt2e::math::calculateQParams(lo, hi, options);
}
