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

#include "ContextImpl.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
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
  /// Fake quantize: the qparams of the latest forward.
  std::vector<float> scales;
  std::vector<int64_t> zeroPoints;
  std::unique_ptr<math::HistogramObserver> histogram;
};

/// A context's observers by id.
struct ObserverRegistry {
  std::mutex mutex;
  std::map<int64_t, ObserverState> observers;
};

ObserverRegistry &observerRegistry() {
  return qpt2e::runtime::current().state<ObserverRegistry>(
      qpt2e::runtime::Slot::Observers);
}

/// A data error of this calibration (qpt2e_runtime_error); the run goes
/// on.
void recordError(const std::string &message) {
  qpt2e::runtime::current().recordError("quant-pt2e runtime: " + message);
}

/// PyTorch 1.13 keeps NaN in an observer's min/max (torch.aminmax and
/// torch.min/max propagate it) and then fails computing qparams ("min nan
/// should be less than max nan"): a NaN range is an error here too.
void checkRange(int64_t id, const char *what, const std::vector<float> &lo,
                const std::vector<float> &hi) {
  for (size_t c = 0; c < lo.size(); ++c)
    if (std::isnan(lo[c]) || std::isnan(hi[c])) {
      recordError(std::string(what) + " " + std::to_string(id) +
                  " saw NaN (channel " + std::to_string(c) +
                  "): PyTorch's observers cannot compute qparams from a NaN "
                  "range either");
      return;
    }
}

struct MemRefHeader {
  float *allocated;
  float *aligned;
  int64_t offset;
};

/// The sizes of a ranked memref descriptor (strides follow them).
const int64_t *sizesOf(const qpt2e_unranked_memref *memref) {
  return reinterpret_cast<const int64_t *>(
      static_cast<const MemRefHeader *>(memref->descriptor) + 1);
}

/// The elements of a strided memref, in row-major order, with the index
/// along `axis` for each.
void gather(const qpt2e_unranked_memref *memref, int64_t axis,
            std::vector<float> &values, std::vector<int64_t> &channel) {
  const auto *header = static_cast<const MemRefHeader *>(memref->descriptor);
  const int64_t *sizes = sizesOf(memref);
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

[[noreturn]] void fatal(const std::string &message) {
  throw qpt2e::runtime::Error("quant-pt2e runtime: " + message);
}

bool isMovingAverage(int64_t kind) {
  return kind == QPT2E_MOVING_AVERAGE_MIN_MAX ||
         kind == QPT2E_MOVING_AVERAGE_PER_CHANNEL_MIN_MAX;
}

/// One update of an observer's running min / max with a batch's (per
/// channel) `lo` / `hi`, as the torch observers' forward: the first batch
/// sets the range; later ones move it by the moving average or widen it.
/// The fused fake quant (torch.fused_moving_avg_obs_fake_quant) averages
/// from its initial +-inf state every time.
void updateRange(ObserverState &state, const std::vector<float> &lo,
                 const std::vector<float> &hi, bool movingAverage, bool fused,
                 float averagingConstant) {
  if ((fused || state.initialized) && state.min.size() != lo.size())
    fatal("observer state has " + std::to_string(state.min.size()) +
          " channels, the data " + std::to_string(lo.size()));
  if (!fused && !state.initialized) {
    state.min = lo;
    state.max = hi;
    state.initialized = true;
    return;
  }
  for (size_t c = 0; c < lo.size(); ++c) {
    if (fused) {
      state.min[c] =
          math::fusedMovingAverage(state.min[c], lo[c], averagingConstant);
      state.max[c] =
          math::fusedMovingAverage(state.max[c], hi[c], averagingConstant);
    } else if (movingAverage) {
      state.min[c] =
          math::movingAverage(state.min[c], lo[c], averagingConstant, true);
      state.max[c] =
          math::movingAverage(state.max[c], hi[c], averagingConstant, true);
    } else {
      // torch.min / torch.max of two tensors propagate NaN.
      state.min[c] = std::isnan(lo[c]) ? lo[c] : std::min(state.min[c], lo[c]);
      state.max[c] = std::isnan(hi[c]) ? hi[c] : std::max(state.max[c], hi[c]);
    }
  }
  state.initialized = true;
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

extern "C" void _mlir_ciface_qpt2e_fake_quant_observe(
    qpt2e_unranked_memref *data, int64_t id, int64_t kind, int64_t axis,
    float averagingConstant, int64_t fused, int64_t qmin, int64_t qmax,
    int64_t symmetric, int64_t unsignedType, float eps) try {
  bool perChannel = kind == QPT2E_MOVING_AVERAGE_PER_CHANNEL_MIN_MAX ||
                    kind == QPT2E_PER_CHANNEL_MIN_MAX;
  if (kind == QPT2E_HISTOGRAM || kind == QPT2E_PLACEHOLDER)
    fatal("fake quantize " + std::to_string(id) +
          ": needs a MinMax-family observer");
  if (perChannel && (axis < 0 || axis >= data->rank))
    fatal("fake quantize " + std::to_string(id) + ": channel axis " +
          std::to_string(axis) + " out of range for rank " +
          std::to_string(data->rank));
  std::vector<float> values;
  std::vector<int64_t> channel;
  gather(data, perChannel ? axis : -1, values, channel);
  int64_t channels = 1;
  if (perChannel)
    channels = sizesOf(data)[axis];
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  ObserverState &state = registry.observers[id];
  state.kind = kind;
  state.averagingConstant = averagingConstant;
  if (state.initialized && static_cast<int64_t>(state.min.size()) != channels)
    fatal("fake quantize " + std::to_string(id) + ": observed " +
          std::to_string(channels) + " channels after " +
          std::to_string(state.min.size()));
  if (!state.initialized) {
    state.min.assign(channels, std::numeric_limits<float>::infinity());
    state.max.assign(channels, -std::numeric_limits<float>::infinity());
  }
  if (!values.empty()) {
    std::vector<float> lo, hi;
    minMax(values, channel, channels, lo, hi);
    checkRange(id, "fake quantize", lo, hi);
    updateRange(state, lo, hi, isMovingAverage(kind), fused != 0,
                averagingConstant);
  }
  state.scales.resize(channels);
  state.zeroPoints.resize(channels);
  math::MinMaxOptions options{qmin, qmax, symmetric != 0, unsignedType != 0,
                              /*customizedRange=*/true, eps};
  for (int64_t c = 0; c < channels; ++c) {
    math::QParams q =
        fused ? math::chooseQuantizationParams(state.min[c], state.max[c],
                                               qmin, qmax, symmetric != 0)
              : math::calculateQParams(state.min[c], state.max[c], options);
    state.scales[c] = q.scale;
    state.zeroPoints[c] = q.zeroPoint;
  }
}
QPT2E_RECORD_ERRORS

namespace {
const ObserverState &fakeQuantState(ObserverRegistry &registry, int64_t id,
                                    int64_t channel) {
  auto it = registry.observers.find(id);
  if (it == registry.observers.end() || channel < 0 ||
      channel >= static_cast<int64_t>(it->second.scales.size()))
    fatal("fake quantize " + std::to_string(id) + " has no qparams for "
          "channel " + std::to_string(channel));
  return it->second;
}
} // namespace

// Called by compiled code: an error is recorded, and scale 1 / zero point
// 0 returned.
extern "C" float qpt2e_fake_quant_scale(int64_t id, int64_t channel) try {
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  return fakeQuantState(registry, id, channel).scales[channel];
} catch (...) {
  qpt2e::runtime::recordCurrentException();
  return 1.0f;
}

extern "C" int64_t qpt2e_fake_quant_zero_point(int64_t id,
                                               int64_t channel) try {
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  return fakeQuantState(registry, id, channel).zeroPoints[channel];
} catch (...) {
  qpt2e::runtime::recordCurrentException();
  return 0;
}

extern "C" void qpt2e_observer_restore(int64_t id, int64_t kind,
                                       const float *mins, const float *maxs,
                                       int64_t count) {
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  ObserverState &state = registry.observers[id];
  state.kind = kind;
  state.min.assign(mins, mins + count);
  state.max.assign(maxs, maxs + count);
  state.initialized = true;
}

extern "C" float qpt2e_fused_moving_average(float running, float observed,
                                            double averagingConstant) {
  return math::fusedMovingAverage(running, observed, averagingConstant);
}

extern "C" void qpt2e_choose_qparams(float minVal, float maxVal, int64_t qmin,
                                     int64_t qmax, int32_t preserveSparsity,
                                     float *scaleOut, int64_t *zeroPointOut) {
  math::QParams q = math::chooseQuantizationParams(minVal, maxVal, qmin, qmax,
                                                   preserveSparsity != 0);
  *scaleOut = q.scale;
  *zeroPointOut = q.zeroPoint;
}

extern "C" void _mlir_ciface_qpt2e_observe(qpt2e_unranked_memref *data,
                                           int64_t id, int64_t kind,
                                           int64_t axis,
                                           float averagingConstant,
                                           int64_t bins) try {
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  ObserverState &state = registry.observers[id];
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
    // HistogramObserver.forward takes int() of the range: PyTorch 1.13
    // fails on NaN and on infinities.
    if (std::any_of(values.begin(), values.end(),
                    [](float v) { return !std::isfinite(v); })) {
      recordError("histogram observer " + std::to_string(id) +
                  " saw a NaN or infinite value: PyTorch's "
                  "HistogramObserver fails on it too");
      return;
    }
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
  checkRange(id, "observer", lo, hi);
  updateRange(state, lo, hi, isMovingAverage(kind), /*fused=*/false,
              averagingConstant);
}
QPT2E_RECORD_ERRORS

extern "C" void qpt2e_observers_reset(void) try {
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.observers.clear();
}
QPT2E_RECORD_ERRORS

extern "C" int64_t qpt2e_observer_minmax(int64_t id, float *minOut,
                                         float *maxOut, int64_t capacity) {
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto it = registry.observers.find(id);
  if (it == registry.observers.end() || !it->second.initialized)
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
  ObserverRegistry &registry = observerRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto it = registry.observers.find(id);
  if (it == registry.observers.end() || !it->second.initialized)
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
