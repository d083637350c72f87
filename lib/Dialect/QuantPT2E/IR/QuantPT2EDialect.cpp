//===- QuantPT2EDialect.cpp - quant_pt2e dialect --------------------------===//
//
// Dialect registration, the shared attribute-parameter parsers, dtype helpers
// and the verification of `quant_pt2e.annotation` on annotated ops.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EDialect.cpp.inc"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EEnums.cpp.inc"

void QuantPT2EDialect::initialize() {
  registerAttributes();
  registerExternalWeights(this);
  addOperations<
#define GET_OP_LIST
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EOps.cpp.inc"
      >();
}

LogicalResult QuantPT2EDialect::verifyOperationAttribute(Operation *op,
                                                         NamedAttribute attr) {
  if (attr.getName() == getBackendAttrName()) {
    if (!isa<BackendConfigAttr>(attr.getValue()))
      return op->emitError() << "'" << getBackendAttrName()
                             << "' must be a #quant_pt2e.backend_config";
    return success();
  }
  if (attr.getName() == kStateIdAttrName) {
    auto id = dyn_cast<IntegerAttr>(attr.getValue());
    if (!id || id.getInt() < 0)
      return op->emitError() << "'" << kStateIdAttrName
                             << "' must be a non-negative integer";
    if (op->getNumResults() < 3)
      return op->emitError() << "'" << kStateIdAttrName
                             << "' belongs on a batch norm in training form "
                                "(returning updated running statistics)";
    return success();
  }
  if (attr.getName() == kQatConvBnAttrName) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << kQatConvBnAttrName
                             << "' must be a unit attribute";
    return success();
  }
  if (attr.getName() == kSubmoduleAttrName) {
    auto name = dyn_cast<StringAttr>(attr.getValue());
    if (!name || name.getValue().empty())
      return op->emitError() << "'" << kSubmoduleAttrName
                             << "' must be a non-empty string (the submodule "
                                "name)";
    if (!isa<FunctionOpInterface>(op))
      return op->emitError() << "'" << kSubmoduleAttrName
                             << "' belongs on a function";
    return success();
  }
  if (attr.getName() != getAnnotationAttrName())
    return op->emitError() << "unknown quant_pt2e attribute '"
                           << attr.getName().getValue() << "'";
  auto annotation = dyn_cast<AnnotationAttr>(attr.getValue());
  if (!annotation)
    return op->emitError() << "'" << getAnnotationAttrName()
                           << "' must be a #quant_pt2e.annotation";
  return annotation.verifyForOp(op);
}

bool mlir::quant_pt2e::isInQuantizedSubmodule(Operation *op) {
  auto fn = op->getParentOfType<FunctionOpInterface>();
  return fn && fn->hasAttr(kSubmoduleAttrName);
}

//===----------------------------------------------------------------------===//
// Attribute-parameter helpers
//===----------------------------------------------------------------------===//

FailureOr<APFloat> attr_param::parseF32Param(AsmParser &parser) {
  APFloat value(0.0f);
  if (parser.parseFloat(APFloat::IEEEsingle(), value))
    return failure();
  return value;
}

FailureOr<std::optional<APFloat>>
attr_param::parseOptionalF32Param(AsmParser &parser) {
  FailureOr<APFloat> value = parseF32Param(parser);
  if (failed(value))
    return failure();
  return std::optional<APFloat>(*value);
}

void attr_param::printF32Param(AsmPrinter &printer, const APFloat &value) {
  printer.printFloat(value);
}

FailureOr<bool> attr_param::parseBoolParam(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(),
                          "expected 'true' or 'false'");
}

//===----------------------------------------------------------------------===//
// Dtype helpers
//===----------------------------------------------------------------------===//

qpt2e::math::StorageType quant_pt2e::getStorageType(QuantDType dtype) {
  switch (dtype) {
  case QuantDType::int8:
    return qpt2e::math::StorageType::Int8;
  case QuantDType::uint8:
    return qpt2e::math::StorageType::UInt8;
  case QuantDType::int32:
    return qpt2e::math::StorageType::Int32;
  }
  llvm_unreachable("unknown QuantDType");
}

std::optional<qpt2e::math::StorageType> quant_pt2e::getStorageType(Type elementType) {
  auto intType = dyn_cast<IntegerType>(elementType);
  if (!intType)
    return std::nullopt;
  if (intType.getWidth() == 8 && intType.isUnsigned())
    return qpt2e::math::StorageType::UInt8;
  if (intType.getWidth() == 8 && !intType.isUnsigned())
    return qpt2e::math::StorageType::Int8;
  if (intType.getWidth() == 32 && !intType.isUnsigned())
    return qpt2e::math::StorageType::Int32;
  return std::nullopt;
}

Type quant_pt2e::getElementType(MLIRContext *ctx, QuantDType dtype) {
  switch (dtype) {
  case QuantDType::int8:
    return IntegerType::get(ctx, 8);
  case QuantDType::uint8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case QuantDType::int32:
    return IntegerType::get(ctx, 32);
  }
  llvm_unreachable("unknown QuantDType");
}

LogicalResult
quant_pt2e::verifyQuantRange(function_ref<InFlightDiagnostic()> emitError,
                             qpt2e::math::StorageType type, StringRef typeName,
                             int64_t qmin, int64_t qmax) {
  // PyTorch's observers: "qmin must be strictly less than qmax"; a single
  // value range has no scale (convert would divide by zero).
  if (qmin >= qmax)
    return emitError() << "quant_min (" << qmin << ") must be less than "
                       << "quant_max (" << qmax << ")";
  qpt2e::math::QRange full = qpt2e::math::storageRange(type);
  if (qmin < full.min || qmax > full.max)
    return emitError() << "range [" << qmin << ", " << qmax
                       << "] is outside the range of " << typeName << " ["
                       << full.min << ", " << full.max << "]";
  return success();
}
