//===- MLIRFuzzer.cpp - libFuzzer target: parse, verify, run pipelines ----===//
//
// Parses the input as MLIR with every dialect quant-opt knows, verifies it,
// and runs the project's pass pipelines on a clone of the module each: the
// PTQ, QAT and dynamic quantization flows (annotate, prepare, convert), the
// conv-bn folds and the backend check, and the lowerings quant-run uses
// (reference, oneDNN, XNNPACK, vector). Diagnostics are expected and
// swallowed; a crash, a sanitizer report or a hang is a finding.
//
// Per-input time is bounded: inputs over kMaxInputBytes and modules with a
// shaped type of more than kMaxElements elements are skipped (the passes are
// linear in the element count of the constants they fold; the project
// itself refuses tensors over 1 GiB, ShapeLimits.h).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/InitAll.h"
#include "quant-pt2e/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace mlir;

namespace {

constexpr size_t kMaxInputBytes = 32 * 1024;
constexpr int64_t kMaxElements = int64_t(1) << 16;

DialectRegistry *registry = nullptr;
std::vector<std::string> *pipelines = nullptr;

/// A statistics file for quant-pt2e-convert and quant-pt2e-qat-fold-conv-bn:
/// per-tensor qparams for observer ids 0..63, running statistics of one
/// channel for training-state ids 0..63 (entries the module does not match
/// are reported by the passes, which is a diagnostic, not a finding).
std::string writeStatsFile() {
  llvm::SmallString<128> path;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("quant-pt2e-fuzz", "json", fd, path))
    std::abort();
  llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
  out << "{\"samples\": 1, \"observers\": [";
  for (int id = 0; id < 64; ++id)
    out << (id ? ", " : "") << "{\"id\": " << id
        << ", \"scales\": [0.125], \"zero_points\": [" << (id % 5) - 2
        << "], \"min\": [-1.0], \"max\": [1.0]}";
  out << "], \"running_stats\": [";
  for (int id = 0; id < 64; ++id)
    out << (id ? ", " : "") << "{\"id\": " << id
        << ", \"running_mean\": [0.5], \"running_var\": [2.0]}";
  out << "]}\n";
  return std::string(path);
}

std::vector<std::string> makePipelines() {
  using quant_pt2e::Lowering;
  std::string stats = writeStatsFile();
  std::vector<std::string> list = {
      // PTQ: annotate, prepare, convert with calibration statistics.
      "quant-pt2e-annotate,quant-pt2e-prepare,quant-pt2e-convert{stats=" +
          stats + "}",
      // QAT with per-channel weights: conv-bn for training, then folded.
      "quant-pt2e-annotate{qat=true per-channel=true},quant-pt2e-prepare,"
      "func.func(quant-pt2e-qat-conv-bn),quant-pt2e-qat-fold-conv-bn{stats=" +
          stats + "},quant-pt2e-convert{stats=" + stats + "}",
      // Dynamic quantization (run-time qparams).
      "quant-pt2e-annotate{dynamic=true},quant-pt2e-prepare,"
      "quant-pt2e-convert",
      // An already prepared or converted module.
      "quant-pt2e-convert{stats=" + stats + "}",
      "func.func(quant-pt2e-fold-conv-bn{linear-bn=true}),"
      "quant-pt2e-annotate,quant-pt2e-check-backend{backend=onednn}",
  };
  // The lowerings quant-run uses, for a fixed ISA (not the host's) so that
  // a finding reproduces on any machine; the vector one with two threads
  // also covers the OpenMP form of the float-to-llvm part.
  list.push_back(quant_pt2e::loweringPipeline(Lowering::Reference, 1, "avx2"));
  list.push_back(
      quant_pt2e::loweringPipeline(Lowering::OneDNN, 1, "avx512vnni"));
  list.push_back(quant_pt2e::loweringPipeline(Lowering::XNNPACK, 1, "avx2"));
  list.push_back(quant_pt2e::loweringPipeline(Lowering::Vector, 2, "avx2"));
  return list;
}

/// Whether `type` (or a type nested in it) is a shaped type with more than
/// kMaxElements elements.
bool tooLarge(Type type) {
  bool large = false;
  type.walk([&](ShapedType shaped) {
    if (!shaped.hasRank())
      return;
    int64_t count = 1;
    for (int64_t dim : shaped.getShape()) {
      if (ShapedType::isDynamic(dim))
        continue;
      if (dim > kMaxElements || (count *= std::max<int64_t>(dim, 1)) >
                                    kMaxElements) {
        large = true;
        return;
      }
    }
  });
  return large;
}

bool tooLarge(ModuleOp module) {
  WalkResult result = module->walk([](Operation *op) {
    auto large = [](TypeRange types) { return llvm::any_of(types, [](Type t) {
                                         return tooLarge(t);
                                       }); };
    if (large(op->getOperandTypes()) || large(op->getResultTypes()))
      return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        if (large(block.getArgumentTypes()))
          return WalkResult::interrupt();
    bool largeAttr = false;
    op->getAttrDictionary().walk([&](Type t) {
      if (tooLarge(t))
        largeAttr = true;
    });
    return largeAttr ? WalkResult::interrupt() : WalkResult::advance();
  });
  return result.wasInterrupted();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  registry = new DialectRegistry();
  quant_pt2e::registerQuantPT2E(*registry);
  pipelines = new std::vector<std::string>(makePipelines());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1;
  MLIRContext context(*registry, MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected answer to most inputs: drop them.
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module || failed(verify(*module)) || tooLarge(*module))
    return -1;
  for (const std::string &pipeline : *pipelines) {
    OwningOpRef<ModuleOp> clone = module->clone();
    PassManager pm(&context, ModuleOp::getOperationName());
    if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
      std::abort(); // A harness bug: the pipelines are fixed.
    (void)pm.run(*clone);
  }
  return 0;
}
