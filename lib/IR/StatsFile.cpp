//===- StatsFile.cpp - the statistics file quant-run writes ---------------===//

#include "quant-pt2e/IR/StatsFile.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <limits>

using namespace mlir::quant_pt2e;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

/// A number, or one of the strings statsNumber writes for non-finite floats.
std::optional<float> floatOf(const llvm::json::Value &v) {
  if (std::optional<double> d = v.getAsNumber())
    return static_cast<float>(*d);
  std::optional<llvm::StringRef> text = v.getAsString();
  if (!text)
    return std::nullopt;
  if (*text == "inf")
    return kInf;
  if (*text == "-inf")
    return -kInf;
  if (*text == "nan")
    return std::numeric_limits<float>::quiet_NaN();
  return std::nullopt;
}

template <typename T>
bool numbers(const llvm::json::Array *array, std::vector<T> &out) {
  out.clear();
  if (!array)
    return false;
  for (const llvm::json::Value &v : *array) {
    if constexpr (std::is_integral_v<T>) {
      std::optional<int64_t> i = v.getAsInteger();
      if (!i)
        return false;
      out.push_back(*i);
    } else {
      std::optional<float> f = floatOf(v);
      if (!f)
        return false;
      out.push_back(*f);
    }
  }
  return true;
}

llvm::Error error(llvm::StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "'" + path + "': " + message);
}

} // namespace

llvm::json::Value mlir::quant_pt2e::statsNumber(float value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  return static_cast<double>(value);
}

llvm::Expected<StatsFile>
mlir::quant_pt2e::readStatsFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return error(path, "cannot read: " + buffer.getError().message());
  return parseStatsFile((*buffer)->getBuffer(), path);
}

llvm::Expected<StatsFile>
mlir::quant_pt2e::parseStatsFile(llvm::StringRef text, llvm::StringRef path) {
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(text);
  if (!json)
    return error(path, "not valid JSON: " + llvm::toString(json.takeError()));
  const llvm::json::Object *root = json->getAsObject();
  const llvm::json::Array *observers =
      root ? root->getArray("observers") : nullptr;
  if (!observers)
    return error(path, "no \"observers\" array");
  StatsFile file;
  for (const llvm::json::Value &entry : *observers) {
    const llvm::json::Object *object = entry.getAsObject();
    std::optional<int64_t> id =
        object ? object->getInteger("id") : std::nullopt;
    ObserverStats stats;
    if (!id || !numbers(object->getArray("scales"), stats.scales) ||
        !numbers(object->getArray("zero_points"), stats.zeroPoints) ||
        !numbers(object->getArray("min"), stats.min) ||
        !numbers(object->getArray("max"), stats.max) || stats.scales.empty() ||
        stats.zeroPoints.size() != stats.scales.size() ||
        stats.min.size() != stats.scales.size() ||
        stats.max.size() != stats.scales.size())
      return error(path, "malformed observer entry" +
                             (id ? " " + llvm::Twine(*id) : llvm::Twine()) +
                             " (needs id and equally long non-empty scales, "
                             "zero_points, min, max)");
    file.observers[*id] = std::move(stats);
  }
  if (const llvm::json::Array *states = root->getArray("running_stats")) {
    for (const llvm::json::Value &entry : *states) {
      const llvm::json::Object *object = entry.getAsObject();
      std::optional<int64_t> id =
          object ? object->getInteger("id") : std::nullopt;
      RunningStats stats;
      if (!id || !numbers(object->getArray("running_mean"), stats.mean) ||
          !numbers(object->getArray("running_var"), stats.var) ||
          stats.mean.size() != stats.var.size())
        return error(path, "malformed running_stats entry (needs id and "
                           "equally long running_mean, running_var)");
      file.runningStats[*id] = std::move(stats);
    }
  }
  return file;
}
