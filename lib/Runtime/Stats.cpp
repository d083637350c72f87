//===- Stats.cpp - the statistics file of calibration and training -------===//
//
// One home for writing the statistics JSON (quant-run --stats-out and the
// model library API's qpt2e_model_write_stats); IR/StatsFile.cpp reads it.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Runtime/QuantRuntime.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

/// A float as JSON that reads back to the same float: %.9g, or the strings
/// of non-finite values.
std::string number(float value) {
  if (std::isnan(value))
    return "\"nan\"";
  if (std::isinf(value))
    return value > 0 ? "\"inf\"" : "\"-inf\"";
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", static_cast<double>(value));
  return text;
}

template <typename T, typename F>
std::string array(const std::vector<T> &values, F format) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + format(values[i]);
  return out + "]";
}

} // namespace

extern "C" int32_t qpt2e_stats_write(const char *path,
                                     const qpt2e_stats_observer *observers,
                                     int64_t numObservers,
                                     const qpt2e_stats_state *states,
                                     int64_t numStates, int64_t samples) {
  constexpr int64_t kMaxChannels = 1 << 16;
  std::vector<float> scales(kMaxChannels), mins(kMaxChannels),
      maxs(kMaxChannels);
  std::vector<int64_t> zeroPoints(kMaxChannels);
  std::string json = "{\n  \"samples\": " + std::to_string(samples) +
                     ",\n  \"observers\": [";
  for (int64_t k = 0; k < numObservers; ++k) {
    const qpt2e_stats_observer &o = observers[k];
    int64_t count = qpt2e_observer_qparams(
        o.id, o.quant_min, o.quant_max, o.symmetric, o.unsigned_type, o.eps,
        scales.data(), zeroPoints.data(), kMaxChannels);
    if (count < 0) {
      std::fprintf(stderr,
                   "warning: observer %lld saw no data; it keeps scale 1 and "
                   "zero point 0\n",
                   static_cast<long long>(o.id));
      count = 1;
      scales[0] = 1.0f;
      zeroPoints[0] = 0;
      mins[0] = maxs[0] = 0.0f;
    } else {
      qpt2e_observer_minmax(o.id, mins.data(), maxs.data(), kMaxChannels);
    }
    count = count > kMaxChannels ? kMaxChannels : count;
    for (int64_t c = 0; c < count; ++c)
      if (!std::isfinite(scales[c]))
        std::fprintf(stderr,
                     "warning: observer %lld channel %lld saw an infinite "
                     "value: its scale is %g (as PyTorch's observers compute "
                     "it); quant-pt2e-convert refuses it\n",
                     static_cast<long long>(o.id), static_cast<long long>(c),
                     static_cast<double>(scales[c]));
    auto floats = [&](const std::vector<float> &v) {
      return array(std::vector<float>(v.begin(), v.begin() + count), number);
    };
    json += std::string(k ? "," : "") + "\n    {\"id\": " +
            std::to_string(o.id) + ", \"scales\": " + floats(scales) +
            ", \"zero_points\": " +
            array(std::vector<int64_t>(zeroPoints.begin(),
                                       zeroPoints.begin() + count),
                  [](int64_t z) { return std::to_string(z); }) +
            ", \"min\": " + floats(mins) + ", \"max\": " + floats(maxs) + "}";
  }
  json += std::string(numObservers ? "\n  " : "") + "],\n  \"running_stats\": [";
  for (int64_t k = 0; k < numStates; ++k) {
    const qpt2e_stats_state &s = states[k];
    std::vector<float> mean(s.mean, s.mean + s.channels),
        var(s.var, s.var + s.channels);
    json += std::string(k ? "," : "") + "\n    {\"id\": " +
            std::to_string(s.id) + ", \"running_mean\": " +
            array(mean, number) + ", \"running_var\": " + array(var, number) +
            "}";
  }
  json += std::string(numStates ? "\n  " : "") + "]\n}\n";
  std::FILE *file = std::fopen(path, "w");
  if (!file)
    return -1;
  bool ok = std::fwrite(json.data(), 1, json.size(), file) == json.size();
  ok &= std::fclose(file) == 0;
  return ok ? 0 : -1;
}
