//===- ModelSignature.h - what a compiled model exposes ---------*- C++ -*-===//
//
// Read from a module before it is lowered, by quant-run (JIT) and
// quant-compile (ahead of time) alike: the entry's inputs and outputs (dtype,
// shape, the per-tensor qparams a converted model quantizes an input with or
// dequantizes an output from), the observers and fake quantizes by id with
// their specs and channel counts, and the training state (batch-norm
// running statistics) by id.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_PIPELINES_MODELSIGNATURE_H
#define QUANT_PT2E_PIPELINES_MODELSIGNATURE_H

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::quant_pt2e {

/// Per-tensor qparams at a model border.
struct BorderQParams {
  std::string dtype; ///< the integer type: "i8", "u8", "i32"
  float scale = 1;
  int64_t zeroPoint = 0, quantMin = 0, quantMax = 0;
};

struct TensorSignature {
  std::string dtype; ///< "f32", "f64", "i8", "u8", "i32", "i64"
  std::vector<int64_t> shape;
  std::optional<BorderQParams> qparams;
};

struct ModelSignature {
  std::vector<TensorSignature> inputs, outputs;
  /// Observers and fake quantizes by id: spec and channel count (the size
  /// of the channel axis when per channel, else 1).
  std::map<int64_t, QuantSpecAttr> observerSpecs;
  std::map<int64_t, int64_t> observerChannels;
  /// Training state: (id, channels) of each batch norm in training form.
  std::vector<std::pair<int64_t, int64_t>> runningStats;
};

/// A model file (text or bytecode) parsed into a context; the parser's and
/// later passes' diagnostics print with their source locations for as
/// long as it lives. quant-run and quant-compile load models alike.
class ModelFile {
public:
  explicit ModelFile(MLIRContext &context) : context(context) {}
  /// Parses `path`; on failure `error` says why (unreadable file, parse
  /// error: the diagnostics went to stderr).
  LogicalResult load(llvm::StringRef path, std::string &error);
  ModuleOp module() { return *parsed; }

private:
  MLIRContext &context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<SourceMgrDiagnosticHandler> handler;
  OwningOpRef<ModuleOp> parsed;
};

/// The dtype name of a tensor element type ("f32", ..., see
/// TensorSignature), nullopt for a type a caller cannot feed.
std::optional<std::string> dtypeName(Type elementType);

/// The signature of `entry`; on failure `error` says why (no such
/// function, an argument or result that is not a statically shaped tensor
/// of a supported element type).
std::optional<ModelSignature> readModelSignature(ModuleOp module,
                                                 StringRef entry,
                                                 std::string &error);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_PIPELINES_MODELSIGNATURE_H
