//===- Observers.cpp - observer statistics kept during calibration --------===//
//
// The registry behind quant_pt2e.observer at run time: one state per
// observer id (observers with the same id are one PT2E observer instance),
// updated with the math library's formulas so calibration matches PyTorch's
// observers bit for bit.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Math/Histogram.h"
#include "quant-pt2e/Math/QuantMath.h"
#include "quant-pt2e/Runtime/QuantRuntime.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace math = qpt2e::math;

namespace {

struct ObserverState {
  int64_t kind = QPT2E_MIN_MAX;
  float averagingConstant = 0.01f;
  bool initialized = false;
  std::vector<float> min, max;
  std::unique_ptr<math::HistogramObserver> histogram;
};

std::mutex registryMutex;
std::map<int64_t, ObserverState> &registry() {
  static std::map<int64_t, ObserverState> observers;
  return observers;
}

/// The elements of a strided memref, in row-major order, with the index
/// along `axis` for each.
void gather(const qpt2e_unranked_memref *memref, int64_t axis,
            std::vector<float> &values, std::vector<int64_t> &channel) {
  struct Header {
    float *allocated;
    float *aligned;
    int64_t offset;
  };
  const auto *header = static_cast<const Header *>(memref->descriptor);
  const auto *sizes = reinterpret_cast<const int64_t *>(header + 1);
  const int64_t *strides = sizes + memref->rank;
  int64_t rank = memref->rank, count = 1;
  for (int64_t d = 0; d < rank; ++d)
    count *= sizes[d];
  values.resize(count);
  channel.resize(count);
  std::vector<int64_t> index(rank, 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t offset = header->offset;
    for (int64_t d = 0; d < rank; ++d)
      offset += index[d] * strides[d];
    values[i] = header->aligned[offset];
    channel[i] = axis >= 0 && axis < rank ? index[axis] : 0;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
}

/// torch.aminmax per channel (NaN propagates).
void minMax(const std::vector<float> &values,
            const std::vector<int64_t> &channel, int64_t channels,
            std::vector<float> &lo, std::vector<float> &hi) {
  lo.assign(channels, std::numeric_limits<float>::infinity());
  hi.assign(channels, -std::numeric_limits<float>::infinity());
  for (size_t i = 0; i < values.size(); ++i) {
    float v = values[i];
    int64_t c = channel[i];
    if (std::isnan(v) || std::isnan(lo[c])) {
      lo[c] = hi[c] = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    lo[c] = std::min(lo[c], v);
    hi[c] = std::max(hi[c], v);
  }
}

} // namespace

extern "C" void _mlir_ciface_qpt2e_observe(qpt2e_unranked_memref *data,
                                           int64_t id, int64_t kind,
                                           int64_t axis,
                                           float averagingConstant,
                                           int64_t bins) {
  std::lock_guard<std::mutex> lock(registryMutex);
  ObserverState &state = registry()[id];
  state.kind = kind;
  state.averagingConstant = averagingConstant;
  if (kind == QPT2E_PLACEHOLDER)
    return;
  bool perChannel = kind == QPT2E_PER_CHANNEL_MIN_MAX ||
                    kind == QPT2E_MOVING_AVERAGE_PER_CHANNEL_MIN_MAX;
  std::vector<float> values;
  std::vector<int64_t> channel;
  gather(data, perChannel ? axis : -1, values, channel);
  if (values.empty())
    return;
  if (kind == QPT2E_HISTOGRAM) {
    if (!state.histogram)
      state.histogram = std::make_unique<math::HistogramObserver>(bins);
    state.histogram->observe(values.data(), values.size());
    state.initialized = true;
    return;
  }
  int64_t channels = 1;
  if (perChannel)
    channels = *std::max_element(channel.begin(), channel.end()) + 1;
  std::vector<float> lo, hi;
  minMax(values, channel, channels, lo, hi);
  bool movingAverage = kind == QPT2E_MOVING_AVERAGE_MIN_MAX ||
                       kind == QPT2E_MOVING_AVERAGE_PER_CHANNEL_MIN_MAX;
  if (!state.initialized) {
    state.min = lo;
    state.max = hi;
    state.initialized = true;
    return;
  }
  for (int64_t c = 0; c < channels; ++c) {
    if (movingAverage) {
      state.min[c] = math::movingAverage(state.min[c], lo[c],
                                         averagingConstant, true);
      state.max[c] = math::movingAverage(state.max[c], hi[c],
                                         averagingConstant, true);
    } else {
      state.min[c] = std::min(state.min[c], lo[c]);
      state.max[c] = std::max(state.max[c], hi[c]);
    }
  }
}

extern "C" void qpt2e_observers_reset(void) {
  std::lock_guard<std::mutex> lock(registryMutex);
  registry().clear();
}

extern "C" int64_t qpt2e_observer_minmax(int64_t id, float *minOut,
                                         float *maxOut, int64_t capacity) {
  std::lock_guard<std::mutex> lock(registryMutex);
  auto it = registry().find(id);
  if (it == registry().end() || !it->second.initialized)
    return -1;
  const ObserverState &state = it->second;
  if (state.histogram) {
    if (capacity >= 1) {
      minOut[0] = state.histogram->minVal();
      maxOut[0] = state.histogram->maxVal();
    }
    return 1;
  }
  int64_t count = static_cast<int64_t>(state.min.size());
  for (int64_t c = 0; c < std::min(count, capacity); ++c) {
    minOut[c] = state.min[c];
    maxOut[c] = state.max[c];
  }
  return count;
}

extern "C" int64_t qpt2e_observer_qparams(int64_t id, int64_t qmin,
                                          int64_t qmax, int32_t symmetric,
                                          int32_t unsignedType, float eps,
                                          float *scalesOut,
                                          int64_t *zeroPointsOut,
                                          int64_t capacity) {
  std::lock_guard<std::mutex> lock(registryMutex);
  auto it = registry().find(id);
  if (it == registry().end() || !it->second.initialized)
    return -1;
  const ObserverState &state = it->second;
  // Specs always carry an explicit range: PyTorch's customized qrange.
  math::MinMaxOptions options{qmin, qmax, symmetric != 0, unsignedType != 0,
                              /*customizedRange=*/true, eps};
  if (state.histogram) {
    if (capacity < 1)
      return 1;
    math::QParams q = state.histogram->calculateQParams(options);
    scalesOut[0] = q.scale;
    zeroPointsOut[0] = q.zeroPoint;
    return 1;
  }
  int64_t count = static_cast<int64_t>(state.min.size());
  for (int64_t c = 0; c < std::min(count, capacity); ++c) {
    math::QParams q = math::calculateQParams(state.min[c], state.max[c], options);
    scalesOut[c] = q.scale;
    zeroPointsOut[c] = q.zeroPoint;
  }
  return count;
}
