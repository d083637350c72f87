//===- CheckBackend.cpp - the quant-pt2e-check-backend pass ---------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/BackendConfigs.h"
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "llvm/ADT/StringMap.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CHECKBACKEND
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

std::string typeName(Type type) {
  std::string s;
  llvm::raw_string_ostream(s) << type;
  return s;
}

/// Why `spec` does not fit `want` ("" when it fits).
std::string mismatch(QuantSpecAttr spec, DTypeWithConstraintsAttr want,
                     bool dynamicConfig, StringRef role) {
  if (!want)
    return (role + " is quantized but the config has no " + role + " dtype")
        .str();
  if (isa<FloatType>(want.getDtype()))
    return (role + " must stay float").str();
  Type have = getElementType(spec.getContext(), spec.getDtype());
  if (have != want.getDtype())
    return (role + " has dtype " + typeName(have) + ", the config takes " +
            typeName(want.getDtype()))
        .str();
  if (auto lb = want.getQuantMinLowerBound(); lb && spec.getQuantMin() < *lb)
    return (role + " quant_min " + std::to_string(spec.getQuantMin()) +
            " is below " + std::to_string(*lb))
        .str();
  if (auto ub = want.getQuantMaxUpperBound(); ub && spec.getQuantMax() > *ub)
    return (role + " quant_max " + std::to_string(spec.getQuantMax()) +
            " is above " + std::to_string(*ub))
        .str();
  if (auto scaleMin = want.getScaleMinLowerBound()) {
    ObserverAttr observer = spec.getObserverAttr();
    float eps = observer ? observer.getEps().convertToFloat() : 0.0f;
    if (eps < scaleMin->convertToFloat())
      return (role + " eps " + std::to_string(eps) +
              " is below scale_min_lower_bound " +
              std::to_string(scaleMin->convertToFloat()))
          .str();
  }
  if (role.starts_with("activation") && spec.getIsDynamic() != dynamicConfig)
    return (role + (spec.getIsDynamic() ? " is dynamic" : " is static") +
            ", the config is not")
        .str();
  return "";
}

/// Why `config` refuses the annotation of `op` ("" when it accepts it).
std::string refusal(Operation *op, AnnotationAttr annotation,
                    DTypeConfigAttr config) {
  auto iface = dyn_cast<QuantizableOpInterface>(op);
  std::optional<unsigned> weight = iface ? iface.getWeightOperandIndex()
                                         : std::nullopt;
  std::optional<unsigned> bias = iface ? iface.getBiasOperandIndex()
                                       : std::nullopt;
  for (auto [index, attr] : llvm::enumerate(annotation.getInputs())) {
    auto spec = dyn_cast<QuantSpecAttr>(attr);
    if (!spec)
      continue;
    std::string why;
    if (weight && index == *weight)
      why = mismatch(spec, config.getWeight(), config.getIsDynamic(), "weight");
    else if (bias && index == *bias)
      why = mismatch(spec, config.getBias(), config.getIsDynamic(), "bias");
    else
      why = mismatch(spec, config.getInput(), config.getIsDynamic(),
                     "activation #" + std::to_string(index));
    if (!why.empty())
      return why;
  }
  if (auto output = dyn_cast_if_present<QuantSpecAttr>(annotation.getOutput()))
    return mismatch(output, config.getOutput(), config.getIsDynamic(),
                    "output");
  return "";
}

struct CheckBackendPass
    : quant_pt2e::impl::CheckBackendBase<CheckBackendPass> {
  using CheckBackendBase::CheckBackendBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    BackendConfigAttr config = getBackendConfig(&getContext(), backend);
    if (!config) {
      module.emitError() << "unknown backend '" << backend << "' (available: "
                         << llvm::join(getBackendConfigNames(), ", ") << ")";
      return signalPassFailure();
    }
    module->setAttr(QuantPT2EDialect::getBackendAttrName(), config);
    llvm::StringMap<SmallVector<DTypeConfigAttr>> byRoot;
    for (Attribute attr : config.getPatterns()) {
      auto pattern = cast<PatternConfigAttr>(attr);
      StringRef root = cast<StringAttr>(pattern.getOps()[0]).getValue();
      for (Attribute d : pattern.getDtypeConfigs())
        byRoot[root].push_back(cast<DTypeConfigAttr>(d));
    }
    bool failedAny = false;
    module.walk([&](Operation *op) {
      auto annotation = op->getAttrOfType<AnnotationAttr>(
          QuantPT2EDialect::getAnnotationAttrName());
      if (!annotation)
        return;
      bool quantized = isa_and_present<QuantSpecAttr>(annotation.getOutput()) ||
                       llvm::any_of(annotation.getInputs(),
                                    [](Attribute a) { return isa<QuantSpecAttr>(a); });
      if (!quantized)
        return; // shared / none specs follow their producers
      // Patterns name op kinds (a batch norm in training or inference form
      // is one kind, as FX matches the BatchNorm module in either mode).
      StringRef name = op->getName().getStringRef();
      auto iface = dyn_cast<QuantizableOpInterface>(op);
      if (!iface) {
        op->emitError() << "'" << name
                        << "' is annotated for quantization but does not "
                           "implement QuantizableOpInterface";
        failedAny = true;
        return;
      }
      StringRef kind = stringifyQuantOpKind(iface.getQuantOpKind());
      std::string module_;
      if (std::optional<StringRef> path = iface.getModulePath())
        module_ = (" (module '" + *path + "')").str();
      auto it = byRoot.find(kind);
      if (it == byRoot.end()) {
        op->emitError() << "'" << name << "'" << module_
                        << " is annotated for quantization but backend '"
                        << backend << "' has no pattern rooted at its kind '"
                        << kind << "'";
        failedAny = true;
        return;
      }
      SmallVector<std::string> reasons;
      for (DTypeConfigAttr dtypeConfig : it->second) {
        std::string why = refusal(op, annotation, dtypeConfig);
        if (why.empty())
          return;
        if (!llvm::is_contained(reasons, why))
          reasons.push_back(why);
      }
      op->emitError() << "annotation of '" << name << "'" << module_
                      << " violates backend '" << backend
                      << "': no dtype config accepts it (" 
                      << llvm::join(reasons, "; ") << ")";
      failedAny = true;
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
