//===- QuantPT2EAttrs.cpp - quant_pt2e attribute verifiers ----------------===//
//
// Verifiers of the quantization specs, the annotation and the backend-config
// attributes.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quant_pt2e;

#define GET_ATTRDEF_CLASSES
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EAttrs.cpp.inc"

void QuantPT2EDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EAttrs.cpp.inc"
      >();
}

namespace {
using EmitErrorFn = function_ref<InFlightDiagnostic()>;

constexpr float kDefaultAveragingConstant = 0.01f;
constexpr int64_t kDefaultBins = 2048;

LogicalResult verifyChannelAxis(EmitErrorFn emitError, QScheme qscheme,
                                std::optional<int64_t> chAxis) {
  if (chAxis && *chAxis < 0)
    return emitError() << "ch_axis must be non-negative, got " << *chAxis;
  if (isPerChannel(qscheme) && !chAxis)
    return emitError() << "qscheme '" << stringifyQScheme(qscheme)
                       << "' requires ch_axis";
  return success();
}

/// True for the attributes that may stand for one tensor in an annotation.
bool isSpecLike(Attribute attr) {
  return isa<QuantSpecAttr, SharedSpecAttr, DerivedSpecAttr,
             FixedQParamsSpecAttr, NoSpecAttr>(attr);
}
} // namespace

//===----------------------------------------------------------------------===//
// ObserverAttr / FakeQuantAttr
//===----------------------------------------------------------------------===//

bool ObserverAttr::isPerChannel() const {
  return getKind() == ObserverKind::per_channel_min_max ||
         getKind() == ObserverKind::moving_average_per_channel_min_max;
}

bool ObserverAttr::isMovingAverage() const {
  return getKind() == ObserverKind::moving_average_min_max ||
         getKind() == ObserverKind::moving_average_per_channel_min_max;
}

LogicalResult ObserverAttr::verify(EmitErrorFn emitError, ObserverKind kind,
                                   APFloat epsValue,
                                   APFloat averagingConstantValue,
                                   int64_t bins) {
  float eps = epsValue.convertToFloat();
  float averagingConstant = averagingConstantValue.convertToFloat();
  if (!qpt2e::math::isValidScale(eps))
    return emitError() << "eps must be positive and finite, got " << eps;
  if (!(averagingConstant > 0.0f && averagingConstant <= 1.0f))
    return emitError() << "averaging_constant must be in (0, 1], got "
                       << averagingConstant;
  bool movingAverage = kind == ObserverKind::moving_average_min_max ||
                       kind == ObserverKind::moving_average_per_channel_min_max;
  if (!movingAverage && averagingConstant != kDefaultAveragingConstant)
    return emitError() << "averaging_constant applies only to moving-average "
                          "observers, not '"
                       << stringifyObserverKind(kind) << "'";
  if (bins <= 0)
    return emitError() << "bins must be positive, got " << bins;
  if (kind != ObserverKind::histogram && bins != kDefaultBins)
    return emitError() << "bins applies only to the histogram observer, not '"
                       << stringifyObserverKind(kind) << "'";
  return success();
}

LogicalResult FakeQuantAttr::verify(EmitErrorFn emitError, FakeQuantKind kind,
                                    ObserverAttr observer) {
  if (!observer)
    return emitError() << "fake_quant requires an observer";
  if (kind == FakeQuantKind::fused_moving_avg_obs && !observer.isMovingAverage())
    return emitError() << "fused_moving_avg_obs requires a moving-average "
                          "observer, got '"
                       << stringifyObserverKind(observer.getKind()) << "'";
  if (observer.getKind() == ObserverKind::placeholder)
    return emitError() << "fake_quant requires an observer that computes "
                          "qparams, got 'placeholder'";
  return success();
}

//===----------------------------------------------------------------------===//
// Quantization specs
//===----------------------------------------------------------------------===//

bool QuantSpecAttr::isPerChannel() const {
  return quant_pt2e::isPerChannel(getQscheme());
}

ObserverAttr QuantSpecAttr::getObserverAttr() const {
  Attribute ctor = getObserver();
  if (auto fakeQuant = dyn_cast_if_present<FakeQuantAttr>(ctor))
    return fakeQuant.getObserver();
  return dyn_cast_if_present<ObserverAttr>(ctor);
}

ObserverKind QuantSpecAttr::getObserverKind() const {
  ObserverAttr observer = getObserverAttr();
  return observer ? observer.getKind() : ObserverKind::placeholder;
}

LogicalResult QuantSpecAttr::verify(EmitErrorFn emitError, QuantDType dtype,
                                    int64_t quantMin, int64_t quantMax,
                                    QScheme qscheme,
                                    std::optional<int64_t> chAxis,
                                    bool isDynamic, Attribute observer) {
  if (failed(verifyQuantRange(emitError, getStorageType(dtype),
                              stringifyQuantDType(dtype), quantMin, quantMax)))
    return failure();
  if (failed(verifyChannelAxis(emitError, qscheme, chAxis)))
    return failure();
  if (!observer)
    return success();
  ObserverAttr observerAttr = dyn_cast<ObserverAttr>(observer);
  if (auto fakeQuant = dyn_cast<FakeQuantAttr>(observer))
    observerAttr = fakeQuant.getObserver();
  if (!observerAttr)
    return emitError() << "observer must be a #quant_pt2e.observer or "
                          "#quant_pt2e.fake_quant, got "
                       << observer;
  if (observerAttr.getKind() == ObserverKind::placeholder)
    return success();
  bool perChannelScheme = quant_pt2e::isPerChannel(qscheme);
  if (observerAttr.isPerChannel() != perChannelScheme)
    return emitError() << "observer '"
                       << stringifyObserverKind(observerAttr.getKind())
                       << "' does not match qscheme '"
                       << stringifyQScheme(qscheme) << "'";
  return success();
}

LogicalResult SharedSpecAttr::verify(EmitErrorFn emitError,
                                     SharedTarget target, int64_t index) {
  if (index < 0)
    return emitError() << "shared " << stringifySharedTarget(target)
                       << " index must be non-negative, got " << index;
  return success();
}

LogicalResult DerivedSpecAttr::verify(EmitErrorFn emitError,
                                      ArrayRef<int64_t> derivedFrom,
                                      QuantDType dtype, int64_t quantMin,
                                      int64_t quantMax, QScheme qscheme,
                                      std::optional<int64_t> chAxis) {
  if (derivedFrom.empty())
    return emitError() << "derived spec needs at least one operand to derive "
                          "from";
  for (int64_t index : derivedFrom)
    if (index < 0)
      return emitError() << "derived_from index must be non-negative, got "
                         << index;
  if (failed(verifyQuantRange(emitError, getStorageType(dtype),
                              stringifyQuantDType(dtype), quantMin, quantMax)))
    return failure();
  return verifyChannelAxis(emitError, qscheme, chAxis);
}

LogicalResult FixedQParamsSpecAttr::verify(EmitErrorFn emitError,
                                           QuantDType dtype, int64_t quantMin,
                                           int64_t quantMax, QScheme qscheme,
                                           APFloat scaleValue,
                                           int64_t zeroPoint) {
  float scale = scaleValue.convertToFloat();
  if (failed(verifyQuantRange(emitError, getStorageType(dtype),
                              stringifyQuantDType(dtype), quantMin, quantMax)))
    return failure();
  if (quant_pt2e::isPerChannel(qscheme))
    return emitError() << "fixed qparams must be per tensor, got '"
                       << stringifyQScheme(qscheme) << "'";
  if (!qpt2e::math::isValidScale(scale))
    return emitError() << "scale must be positive and finite, got " << scale;
  if (zeroPoint < quantMin || zeroPoint > quantMax)
    return emitError() << "zero_point " << zeroPoint << " is outside ["
                       << quantMin << ", " << quantMax << "]";
  return success();
}

//===----------------------------------------------------------------------===//
// AnnotationAttr
//===----------------------------------------------------------------------===//

LogicalResult AnnotationAttr::verify(EmitErrorFn emitError, ArrayAttr inputs,
                                     Attribute output,
                                     bool allowImplicitSharing,
                                     bool annotated) {
  for (auto [index, spec] : llvm::enumerate(inputs))
    if (!isSpecLike(spec))
      return emitError() << "input spec #" << index
                         << " must be a quantization spec or "
                            "#quant_pt2e.none, got "
                         << spec;
  if (output && !isSpecLike(output))
    return emitError() << "output spec must be a quantization spec, got "
                       << output;
  return success();
}

namespace {
/// Checks one spec of an annotation against the op: operand references in
/// range and the channel axis inside the rank of the annotated tensor.
LogicalResult verifySpecForOp(Operation *op, Attribute spec, StringRef what,
                              std::optional<unsigned> selfOperand, Type type) {
  unsigned numOperands = op->getNumOperands();
  auto rankOf = [](Type t) -> std::optional<int64_t> {
    if (auto shaped = dyn_cast<ShapedType>(t); shaped && shaped.hasRank())
      return shaped.getRank();
    return std::nullopt;
  };
  auto checkAxis = [&](std::optional<int64_t> chAxis,
                       bool perChannel) -> LogicalResult {
    if (!perChannel || !chAxis)
      return success();
    std::optional<int64_t> rank = rankOf(type);
    if (rank && *chAxis >= *rank)
      return op->emitError() << "ch_axis " << *chAxis << " of " << what
                             << " is outside the rank " << *rank
                             << " of its tensor";
    return success();
  };
  if (auto shared = dyn_cast<SharedSpecAttr>(spec)) {
    StringRef target = stringifySharedTarget(shared.getTarget());
    if (shared.getIndex() >= numOperands)
      return op->emitError() << what << " shares with " << target << " "
                             << shared.getIndex() << " but the op has "
                             << numOperands << " operands";
    if (selfOperand && shared.getIndex() == *selfOperand &&
        shared.getTarget() == SharedTarget::operand)
      return op->emitError() << what << " shares with itself";
    return success();
  }
  if (auto derived = dyn_cast<DerivedSpecAttr>(spec)) {
    for (int64_t index : derived.getDerivedFrom())
      if (index >= numOperands)
        return op->emitError() << what << " derives from operand " << index
                               << " but the op has " << numOperands
                               << " operands";
    return checkAxis(derived.getChAxis(),
                     quant_pt2e::isPerChannel(derived.getQscheme()));
  }
  if (auto quantSpec = dyn_cast<QuantSpecAttr>(spec))
    return checkAxis(quantSpec.getChAxis(), quantSpec.isPerChannel());
  return success();
}
} // namespace

LogicalResult AnnotationAttr::verifyForOp(Operation *op) const {
  ArrayAttr inputs = getInputs();
  if (inputs.size() != op->getNumOperands())
    return op->emitError() << "annotation has " << inputs.size()
                           << " input specs but the op has "
                           << op->getNumOperands() << " operands";
  for (auto [index, spec] : llvm::enumerate(inputs)) {
    std::string what = "input spec #" + std::to_string(index);
    if (failed(verifySpecForOp(op, spec, what, index,
                               op->getOperand(index).getType())))
      return failure();
  }
  if (Attribute output = getOutput()) {
    if (op->getNumResults() == 0)
      return op->emitError() << "annotation has an output spec but the op has "
                                "no result";
    if (failed(verifySpecForOp(op, output, "output spec", std::nullopt,
                               op->getResult(0).getType())))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Backend config data
//===----------------------------------------------------------------------===//

LogicalResult DTypeWithConstraintsAttr::verify(
    EmitErrorFn emitError, Type dtype, std::optional<int64_t> quantMinLowerBound,
    std::optional<int64_t> quantMaxUpperBound,
    std::optional<APFloat> scaleMinLowerBoundValue,
    std::optional<APFloat> scaleMaxUpperBoundValue,
    std::optional<APFloat> scaleExactMatchValue,
    std::optional<int64_t> zeroPointExactMatch) {
  auto toFloat = [](const std::optional<APFloat> &value) {
    return value ? std::optional<float>(value->convertToFloat())
                 : std::nullopt;
  };
  std::optional<float> scaleMinLowerBound = toFloat(scaleMinLowerBoundValue);
  std::optional<float> scaleMaxUpperBound = toFloat(scaleMaxUpperBoundValue);
  std::optional<float> scaleExactMatch = toFloat(scaleExactMatchValue);
  bool hasConstraint = quantMinLowerBound || quantMaxUpperBound ||
                       scaleMinLowerBound || scaleMaxUpperBound ||
                       scaleExactMatch || zeroPointExactMatch;
  if (isa<FloatType>(dtype)) {
    if (hasConstraint)
      return emitError() << "constraints apply only to integer dtypes, not "
                         << dtype;
    return success();
  }
  std::optional<qpt2e::math::StorageType> storage = getStorageType(dtype);
  if (!storage)
    return emitError() << "dtype must be i8, ui8, i32 or a float type, got "
                       << dtype;
  qpt2e::math::QRange full = qpt2e::math::storageRange(*storage);
  int64_t lower = quantMinLowerBound.value_or(full.min);
  int64_t upper = quantMaxUpperBound.value_or(full.max);
  std::string typeName;
  llvm::raw_string_ostream(typeName) << dtype;
  if (failed(verifyQuantRange(emitError, *storage, typeName, lower, upper)))
    return failure();
  for (std::optional<float> scale :
       {scaleMinLowerBound, scaleMaxUpperBound, scaleExactMatch})
    if (scale && !qpt2e::math::isValidScale(*scale))
      return emitError() << "scale constraints must be positive and finite, "
                            "got "
                         << *scale;
  if (scaleMinLowerBound && scaleMaxUpperBound &&
      *scaleMinLowerBound > *scaleMaxUpperBound)
    return emitError() << "scale_min_lower_bound " << *scaleMinLowerBound
                       << " exceeds scale_max_upper_bound "
                       << *scaleMaxUpperBound;
  if (zeroPointExactMatch &&
      (*zeroPointExactMatch < lower || *zeroPointExactMatch > upper))
    return emitError() << "zero_point_exact_match " << *zeroPointExactMatch
                       << " is outside [" << lower << ", " << upper << "]";
  return success();
}

LogicalResult PatternConfigAttr::verify(EmitErrorFn emitError, ArrayAttr ops,
                                        ObservationType observation,
                                        ArrayAttr dtypeConfigs, bool fused) {
  if (ops.empty())
    return emitError() << "pattern needs at least one op";
  for (Attribute op : ops) {
    auto name = dyn_cast<StringAttr>(op);
    if (!name || name.getValue().empty())
      return emitError() << "pattern ops must be non-empty op names, got "
                         << op;
  }
  for (Attribute config : dtypeConfigs)
    if (!isa<DTypeConfigAttr>(config))
      return emitError() << "dtype_configs must hold #quant_pt2e.dtype_config, "
                            "got "
                         << config;
  if (fused && ops.size() < 2)
    return emitError() << "a fused pattern needs at least two ops";
  return success();
}

LogicalResult BackendConfigAttr::verify(EmitErrorFn emitError, StringRef name,
                                        ArrayAttr patterns) {
  if (name.empty())
    return emitError() << "backend config needs a name";
  llvm::DenseSet<Attribute> seen;
  for (Attribute pattern : patterns) {
    auto config = dyn_cast<PatternConfigAttr>(pattern);
    if (!config)
      return emitError() << "patterns must hold #quant_pt2e.pattern, got "
                         << pattern;
    if (!seen.insert(config.getOps()).second)
      return emitError() << "pattern " << config.getOps()
                         << " appears twice in backend '" << name << "'";
  }
  return success();
}
