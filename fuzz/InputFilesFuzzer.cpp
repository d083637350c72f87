//===- InputFilesFuzzer.cpp - libFuzzer target: quant-run's input files ---===//
//
// Feeds the input to the two readers of the files quant-run takes: the .npy
// reader (model inputs and expected outputs) and the statistics JSON reader
// (--stats-in, quant-pt2e-convert's stats option). A rejected input must be
// an error message, never a crash; an accepted one must be consistent.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/IR/StatsFile.h"
#include "quant-pt2e/Runtime/Npy.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *bytes = reinterpret_cast<const char *>(data);

  qpt2e::npy::Array array;
  std::string error;
  if (qpt2e::npy::parse(bytes, size, "input.npy", array, error)) {
    // The reader promises exactly the bytes the shape needs.
    if (array.data.size() !=
        static_cast<size_t>(array.numElements()) *
            qpt2e::npy::elementSize(array.dtype))
      std::abort();
  } else if (error.empty()) {
    std::abort(); // A rejection without a message.
  }

  llvm::Expected<quant_pt2e::StatsFile> stats =
      quant_pt2e::parseStatsFile(llvm::StringRef(bytes, size), "stats.json");
  if (stats) {
    for (const auto &[id, observer] : stats->observers)
      if (observer.scales.empty() ||
          observer.zeroPoints.size() != observer.scales.size() ||
          observer.min.size() != observer.scales.size() ||
          observer.max.size() != observer.scales.size())
        std::abort();
    for (const auto &[id, running] : stats->runningStats)
      if (running.mean.size() != running.var.size())
        std::abort();
  } else {
    llvm::consumeError(stats.takeError());
  }
  return 0;
}
