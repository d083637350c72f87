//===- Annotate.cpp - the quant-pt2e-annotate pass ------------------------===//
//
// Builds the configurations and filters of the pass options and runs the
// quantizer. Module filters read QuantizableOpInterface's module path and
// types (the aten dialect's: the importer's aten.module_path and
// aten.module_stack_types): a module name matches an op whose path is that
// name or lies below it; a module type matches any enclosing module's type.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Quantizer.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_ANNOTATE
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

bool inModule(Operation *op, StringRef name) {
  auto iface = dyn_cast<QuantizableOpInterface>(op);
  std::optional<StringRef> path = iface ? iface.getModulePath() : std::nullopt;
  if (!path)
    return false;
  return *path == name ||
         (path->starts_with(name) && path->size() > name.size() &&
          (*path)[name.size()] == '.');
}

bool hasModuleType(Operation *op, StringRef type) {
  auto iface = dyn_cast<QuantizableOpInterface>(op);
  return iface && llvm::is_contained(iface.getModuleTypes(), type);
}

bool hasKind(Operation *op, QuantOpKind kind) {
  auto iface = dyn_cast<QuantizableOpInterface>(op);
  return iface && iface.getQuantOpKind() == kind;
}

struct AnnotatePass : quant_pt2e::impl::AnnotateBase<AnnotatePass> {
  using AnnotateBase::AnnotateBase;

  /// The config an entry names; failure after a diagnostic.
  FailureOr<std::optional<QuantizationConfig>>
  configNamed(StringRef name, const SymmetricConfigOptions &global) {
    SymmetricConfigOptions options = global;
    if (name == "none")
      return std::optional<QuantizationConfig>();
    if (name == "per-channel")
      options.perChannel = true;
    else if (name == "per-tensor")
      options.perChannel = false;
    else if (name != "global")
      return emitError(getOperation().getLoc())
             << "unknown quantization config '" << name
             << "' (expected global, per-channel, per-tensor or none)";
    return std::optional<QuantizationConfig>(
        getSymmetricQuantizationConfig(&getContext(), options));
  }

  void runOnOperation() override {
    if (quantizer != "xnnpack") {
      emitError(getOperation().getLoc())
          << "unknown quantizer '" << quantizer << "' (available: xnnpack)";
      return signalPassFailure();
    }
    SymmetricConfigOptions global{perChannel, qat,     dynamic,
                                  actQMin,    actQMax, weightQMin,
                                  weightQMax};
    SmallVector<std::pair<std::optional<QuantizationConfig>, OpFilter>> configs;
    SmallVector<OpFilter> listed;
    auto addEntries = [&](ArrayRef<std::string> entries, StringRef what,
                          auto makeFilter) -> LogicalResult {
      for (const std::string &entry : entries) {
        auto [key, config] = StringRef(entry).rsplit('=');
        if (key.empty() || config.empty())
          return emitError(getOperation().getLoc())
                 << what << " entry '" << entry << "' is not key=config";
        FailureOr<OpFilter> filter = makeFilter(key.str());
        FailureOr<std::optional<QuantizationConfig>> resolved =
            configNamed(config, global);
        if (failed(filter) || failed(resolved))
          return failure();
        configs.push_back({*resolved, *filter});
        listed.push_back(*filter);
      }
      return success();
    };
    auto byName = [](std::string name) -> FailureOr<OpFilter> {
      return OpFilter([name](Operation *op) { return inModule(op, name); });
    };
    auto byType = [](std::string type) -> FailureOr<OpFilter> {
      return OpFilter([type](Operation *op) { return hasModuleType(op, type); });
    };
    auto byKind = [&](std::string kindName) -> FailureOr<OpFilter> {
      std::optional<QuantOpKind> kind = symbolizeQuantOpKind(kindName);
      if (!kind)
        return emitError(getOperation().getLoc())
               << "unknown operator type '" << kindName << "'";
      QuantOpKind k = *kind;
      return OpFilter([k](Operation *op) { return hasKind(op, k); });
    };
    if (failed(addEntries(moduleNames, "module-name", byName)) ||
        failed(addEntries(moduleTypes, "module-type", byType)) ||
        failed(addEntries(operatorTypes, "operator-type", byKind)))
      return signalPassFailure();
    OpFilter notListed = [listed](Operation *op) {
      return llvm::none_of(listed, [&](const OpFilter &f) { return f(op); });
    };
    std::optional<QuantizationConfig> globalConfig =
        getSymmetricQuantizationConfig(&getContext(), global);
    if (dynamic) // the dynamic global config ignores the other configs
      configs = {{globalConfig, OpFilter()}};
    else
      configs.push_back({globalConfig, notListed});
    annotateXNNPACK(getOperation(), configs);
  }
};

} // namespace
