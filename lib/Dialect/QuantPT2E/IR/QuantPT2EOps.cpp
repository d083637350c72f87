//===- QuantPT2EOps.cpp - quant_pt2e op verifiers -------------------------===//
//
// Verifiers of observer, fake_quantize, quantize, dequantize and
// choose_qparams.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

/// `[f, ...]`, each float printed with printFloat so that it reads back
/// bit-exactly (MLIR 22 prints array<f32> elements with six digits).
static ParseResult parseExactF32Array(OpAsmParser &parser,
                                      DenseF32ArrayAttr &array) {
  SmallVector<float> values;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
            APFloat value(0.0f);
            if (parser.parseFloat(APFloat::IEEEsingle(), value))
              return failure();
            values.push_back(value.convertToFloat());
            return success();
          }))
    return failure();
  array = DenseF32ArrayAttr::get(parser.getContext(), values);
  return success();
}

static void printExactF32Array(OpAsmPrinter &printer, Operation *,
                               DenseF32ArrayAttr array) {
  printer << "[";
  llvm::interleaveComma(array.asArrayRef(), printer, [&](float value) {
    printer.printFloat(APFloat(value));
  });
  printer << "]";
}

/// Optional `scales([f, ...])` of the Q/DQ ops, printed exactly.
static ParseResult parseExactScales(OpAsmParser &parser,
                                    DenseF32ArrayAttr &scales) {
  if (failed(parser.parseOptionalKeyword("scales")))
    return success();
  return failure(parser.parseLParen() ||
                 parseExactF32Array(parser, scales) || parser.parseRParen());
}

static void printExactScales(OpAsmPrinter &printer, Operation *op,
                             DenseF32ArrayAttr scales) {
  if (!scales)
    return;
  printer << "scales(";
  printExactF32Array(printer, op, scales);
  printer << ")";
}

#define GET_OP_CLASSES
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EOps.cpp.inc"

//===----------------------------------------------------------------------===//
// observer / fake_quantize
//===----------------------------------------------------------------------===//

namespace {
LogicalResult verifyObservingOp(Operation *op, QuantSpecAttr spec,
                                RankedTensorType type, bool fakeQuant,
                                std::optional<uint64_t> id) {
  if (id && static_cast<int64_t>(*id) < 0)
    return op->emitOpError() << "id must be non-negative";
  Attribute ctor = spec.getObserver();
  if (fakeQuant && !isa_and_present<FakeQuantAttr>(ctor))
    return op->emitOpError()
           << "requires a #quant_pt2e.fake_quant constructor in its spec";
  if (!fakeQuant && isa_and_present<FakeQuantAttr>(ctor))
    return op->emitOpError() << "spec has a fake-quant constructor; use "
                                "quant_pt2e.fake_quantize";
  if (spec.isPerChannel() && *spec.getChAxis() >= type.getRank())
    return op->emitOpError()
           << "ch_axis " << *spec.getChAxis() << " is outside the rank "
           << type.getRank() << " of the input";
  return success();
}
} // namespace

LogicalResult ObserverOp::verify() {
  return verifyObservingOp(*this, getSpec(), getInput().getType(), false,
                           getId());
}

LogicalResult FakeQuantizeOp::verify() {
  return verifyObservingOp(*this, getSpec(), getInput().getType(), true,
                           getId());
}

//===----------------------------------------------------------------------===//
// quantize / dequantize
//===----------------------------------------------------------------------===//

namespace {
/// The parts of quantize and dequantize that the shared verifier reads.
struct QDQView {
  Operation *op;
  RankedTensorType floatType;
  RankedTensorType intType;
  Value scale;
  Value zeroPoint;
  std::optional<ArrayRef<float>> scales;
  std::optional<ArrayRef<int64_t>> zeroPoints;
  int64_t quantMin;
  int64_t quantMax;
  std::optional<int64_t> axis;
};

template <typename OpTy>
QDQView makeView(OpTy op, RankedTensorType floatType,
                 RankedTensorType intType) {
  // I64Attr getters return uint64_t: cast before using negative bounds.
  return {op,
          floatType,
          intType,
          op.getScale(),
          op.getZeroPoint(),
          op.getScales(),
          op.getZeroPoints(),
          static_cast<int64_t>(op.getQuantMin()),
          static_cast<int64_t>(op.getQuantMax()),
          op.getAxis() ? std::optional<int64_t>(
                             static_cast<int64_t>(*op.getAxis()))
                       : std::nullopt};
}

LogicalResult verifyDynamicOperand(Operation *op, Value value, StringRef name,
                                   std::optional<int64_t> channels,
                                   bool perChannel) {
  auto tensorType = dyn_cast<RankedTensorType>(value.getType());
  if (!perChannel && tensorType)
    return op->emitOpError() << "per-tensor dynamic " << name
                             << " must be a scalar, got " << value.getType();
  if (perChannel && !tensorType)
    return op->emitOpError() << "per-channel dynamic " << name
                             << " must be a 1-d tensor, got "
                             << value.getType();
  if (perChannel && channels && !tensorType.isDynamicDim(0) &&
      tensorType.getDimSize(0) != *channels)
    return op->emitOpError() << "per-channel dynamic " << name << " has "
                             << tensorType.getDimSize(0)
                             << " elements but the channel dimension has "
                             << *channels;
  return success();
}

LogicalResult verifyQDQ(const QDQView &v) {
  Operation *op = v.op;
  if (v.floatType.getShape() != v.intType.getShape())
    return op->emitOpError() << "input and output shapes differ";

  std::optional<qpt2e::math::StorageType> storage =
      getStorageType(v.intType.getElementType());
  std::string typeName;
  llvm::raw_string_ostream(typeName) << v.intType.getElementType();
  auto emitError = [op]() { return op->emitOpError(); };
  if (failed(verifyQuantRange(emitError, *storage, typeName, v.quantMin,
                              v.quantMax)))
    return failure();

  int64_t rank = v.floatType.getRank();
  std::optional<int64_t> channels;
  if (v.axis) {
    if (*v.axis < 0 || *v.axis >= rank)
      return op->emitOpError() << "axis " << *v.axis << " is outside the rank "
                               << rank << " of the tensor";
    if (!v.floatType.isDynamicDim(*v.axis))
      channels = v.floatType.getDimSize(*v.axis);
  }

  bool hasStatic = v.scales || v.zeroPoints;
  bool hasDynamic = v.scale || v.zeroPoint;
  if (hasStatic && hasDynamic)
    return op->emitOpError() << "qparams must be either static (scales, "
                                "zero_points) or dynamic (operands), not both";
  if (!hasStatic && !hasDynamic)
    return op->emitOpError() << "requires static scales/zero_points or dynamic "
                                "qparams";
  if (hasDynamic) {
    if (!v.scale || !v.zeroPoint)
      return op->emitOpError()
             << "dynamic qparams need both a scale and a zero point";
    if (failed(verifyDynamicOperand(op, v.scale, "scale", channels,
                                    v.axis.has_value())) ||
        failed(verifyDynamicOperand(op, v.zeroPoint, "zero point", channels,
                                    v.axis.has_value())))
      return failure();
    return success();
  }

  if (!v.scales || !v.zeroPoints)
    return op->emitOpError() << "scales and zero_points must be given together";
  ArrayRef<float> scales = *v.scales;
  ArrayRef<int64_t> zeroPoints = *v.zeroPoints;
  if (scales.size() != zeroPoints.size())
    return op->emitOpError() << "has " << scales.size() << " scales but "
                             << zeroPoints.size() << " zero points";
  if (!v.axis && scales.size() != 1)
    return op->emitOpError() << "per-tensor qparams need exactly one scale and "
                                "zero point, got "
                             << scales.size();
  if (v.axis && channels && static_cast<int64_t>(scales.size()) != *channels)
    return op->emitOpError() << "has " << scales.size()
                             << " per-channel scales but dimension " << *v.axis
                             << " has size " << *channels;
  for (auto [index, scale] : llvm::enumerate(scales))
    if (!qpt2e::math::isValidScale(scale))
      return op->emitOpError() << "scale #" << index
                               << " must be positive and finite, got " << scale;
  for (auto [index, zeroPoint] : llvm::enumerate(zeroPoints))
    if (zeroPoint < v.quantMin || zeroPoint > v.quantMax)
      return op->emitOpError()
             << "zero point #" << index << " (" << zeroPoint
             << ") is outside [" << v.quantMin << ", " << v.quantMax << "]";
  return success();
}
} // namespace

LogicalResult QuantizeOp::verify() {
  return verifyQDQ(makeView(*this, getInput().getType(), getOutput().getType()));
}

LogicalResult DequantizeOp::verify() {
  if (failed(verifyQDQ(
          makeView(*this, getOutput().getType(), getInput().getType()))))
    return failure();
  auto quantize = getInput().getDefiningOp<QuantizeOp>();
  if (!quantize)
    return success();
  Type originalType = quantize.getInput().getType().getElementType();
  if (originalType != getOutput().getType().getElementType())
    return emitOpError() << "result element type "
                         << getOutput().getType().getElementType()
                         << " differs from the element type " << originalType
                         << " its quantize started from";
  if (quantize.getQuantMin() != getQuantMin() ||
      quantize.getQuantMax() != getQuantMax() ||
      quantize.getAxis() != getAxis() ||
      quantize.getScales() != getScales() ||
      quantize.getZeroPoints() != getZeroPoints() ||
      quantize.getScale() != getScale() ||
      quantize.getZeroPoint() != getZeroPoint())
    return emitOpError() << "qparams differ from those of the quantize that "
                            "produced its input";
  return success();
}

//===----------------------------------------------------------------------===//
// choose_qparams
//===----------------------------------------------------------------------===//

LogicalResult ChooseQParamsOp::verify() {
  QuantDType dtype = getDtype();
  auto emitError = [this]() { return emitOpError(); };
  if (failed(verifyQuantRange(emitError, getStorageType(dtype),
                              stringifyQuantDType(dtype),
                              static_cast<int64_t>(getQuantMin()),
                              static_cast<int64_t>(getQuantMax()))))
    return failure();
  if (isPerChannel(getQscheme()))
    return emitOpError() << "computes per-tensor qparams; qscheme '"
                         << stringifyQScheme(getQscheme())
                         << "' is per channel";
  if (!qpt2e::math::isValidScale(getEps().convertToFloat()))
    return emitOpError() << "eps must be positive and finite";
  return success();
}
