//===- StatsFile.h - the statistics file quant-run writes -------*- C++ -*-===//
//
// The one reader of `quant-run --stats-out` files: per observer (or fake
// quantize) id its qparams and min/max, per training-state id the batch
// norm's running statistics. quant-pt2e-convert, quant-pt2e-qat-fold-conv-bn
// and quant-run --stats-in read it through here.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_IR_STATSFILE_H
#define QUANT_PT2E_IR_STATSFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <map>
#include <vector>

namespace mlir::quant_pt2e {

struct ObserverStats {
  std::vector<float> scales;
  std::vector<int64_t> zeroPoints;
  std::vector<float> min, max;
};

struct RunningStats {
  std::vector<float> mean, var;
};

struct StatsFile {
  std::map<int64_t, ObserverStats> observers;
  std::map<int64_t, RunningStats> runningStats;
};

/// A float as the statistics file stores it: a JSON number when finite,
/// otherwise the string "inf", "-inf" or "nan" (JSON has no non-finite
/// numbers; Python's float() reads these strings back).
llvm::json::Value statsNumber(float value);

/// Reads and checks a statistics file: every observer entry has as many
/// scales, zero points, mins and maxes (at least one), every running
/// statistics entry as many means as variances; floats are numbers or the
/// strings of statsNumber. Errors name the file and the entry.
llvm::Expected<StatsFile> readStatsFile(llvm::StringRef path);
/// Parses and checks the text of a statistics file as readStatsFile does;
/// `name` (the file's path) is used in the errors.
llvm::Expected<StatsFile> parseStatsFile(llvm::StringRef text,
                                         llvm::StringRef name);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_IR_STATSFILE_H
