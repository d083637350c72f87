//===- LoweringUtils.cpp - helpers of convert-aten-to-linalg --------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

Value lowering::floatConstant(OpBuilder &b, Location loc, Type type,
                              double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

Value lowering::emptyTensor(OpBuilder &b, Location loc,
                            RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value lowering::filledTensor(OpBuilder &b, Location loc,
                             RankedTensorType type, double value) {
  Value scalar = floatConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, ValueRange{scalar},
                                ValueRange{emptyTensor(b, loc, type)})
      .getResult(0);
}

namespace {
/// The map reading an operand of `shape` inside a loop nest of `rank`
/// result dimensions, numpy-broadcast: size-1 dimensions read index 0.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> resultShape) {
  int64_t rank = resultShape.size();
  int64_t offset = rank - static_cast<int64_t>(shape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(shape)) {
    int64_t dim = offset + static_cast<int64_t>(i);
    if (size == 1 && resultShape[dim] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(dim, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}
} // namespace

Value lowering::elementwise(OpBuilder &b, Location loc,
                           RankedTensorType resultType, ValueRange inputs,
                           ScalarFn fn) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(input.getType()).getShape(),
        resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{emptyTensor(b, loc, resultType)}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = fn(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

Value lowering::perChannel(OpBuilder &b, Location loc, Value input,
                           ValueRange channels, int64_t axis, ScalarFn fn) {
  MLIRContext *ctx = b.getContext();
  auto type = cast<RankedTensorType>(input.getType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  AffineMap channelMap =
      AffineMap::get(type.getRank(), 0, getAffineDimExpr(axis, ctx));
  SmallVector<AffineMap> maps{identity};
  SmallVector<Value> inputs{input};
  for (Value channel : channels) {
    maps.push_back(channelMap);
    inputs.push_back(channel);
  }
  maps.push_back(identity);
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs,
             ValueRange{emptyTensor(b, loc, type)}, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc,
                                       fn(nb, nloc, args.drop_back()));
             })
      .getResult(0);
}

Value lowering::copyThroughMap(OpBuilder &b, Location loc, Value input,
                              RankedTensorType resultType, AffineMap inputMap) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps{inputMap, b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{input},
             ValueRange{emptyTensor(b, loc, resultType)}, maps, iterators,
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

Value lowering::broadcastAlong(OpBuilder &b, Location loc, Value vector,
                              RankedTensorType resultType, int64_t axis) {
  return copyThroughMap(
      b, loc, vector, resultType,
      AffineMap::get(resultType.getRank(), 0,
                     getAffineDimExpr(axis, b.getContext())));
}

Value lowering::padOrCrop(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                          double padValue) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  // Crop first (negative amounts), then pad (positive amounts).
  SmallVector<int64_t> cropOffsets(rank), cropSizes(type.getShape()),
      padLow(rank), padHigh(rank);
  bool crops = false, pads = false;
  for (int64_t i = 0; i < rank; ++i) {
    if (low[i] < 0) {
      cropOffsets[i] = -low[i];
      cropSizes[i] += low[i];
      crops = true;
    } else if (low[i] > 0) {
      padLow[i] = low[i];
      pads = true;
    }
    if (high[i] < 0) {
      cropSizes[i] += high[i];
      crops = true;
    } else if (high[i] > 0) {
      padHigh[i] = high[i];
      pads = true;
    }
  }
  Value result = input;
  if (crops) {
    SmallVector<int64_t> ones(rank, 1);
    result = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(cropSizes, type.getElementType()),
        result, ValueRange{}, ValueRange{}, ValueRange{}, cropOffsets,
        cropSizes, ones);
  }
  if (pads) {
    SmallVector<int64_t> padded(cropSizes);
    for (int64_t i = 0; i < rank; ++i)
      padded[i] += padLow[i] + padHigh[i];
    auto paddedType = RankedTensorType::get(padded, type.getElementType());
    Value value = floatConstant(b, loc, type.getElementType(), padValue);
    result = tensor::PadOp::create(b, loc, paddedType, result,
                                   getAsIndexOpFoldResult(b.getContext(), padLow),
                                   getAsIndexOpFoldResult(b.getContext(), padHigh),
                                   value);
  }
  return result;
}

Value lowering::reshape(OpBuilder &b, Location loc, Value input,
                        RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  // A pure collapse or expand maps to one op; anything else collapses to
  // 1-d and expands back. Both bufferize to views of the same buffer.
  if (inputType.getRank() > resultType.getRank()) {
    if (auto groups = getReassociationIndicesForCollapse(
            inputType.getShape(), resultType.getShape()))
      return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                             *groups);
  } else if (inputType.getRank() < resultType.getRank()) {
    if (auto groups = getReassociationIndicesForCollapse(
            resultType.getShape(), inputType.getShape()))
      return tensor::ExpandShapeOp::create(b, loc, resultType, input, *groups);
  }
  auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                        inputType.getElementType());
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < inputType.getRank(); ++i)
    all[0].push_back(i);
  Value flat = inputType.getRank() == 1
                   ? input
                   : tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                                     all)
                         .getResult();
  if (resultType.getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> expand(1);
  for (int64_t i = 0; i < resultType.getRank(); ++i)
    expand[0].push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, expand);
}

DenseIntElementsAttr lowering::i64Vector(OpBuilder &b,
                                         ArrayRef<int64_t> values) {
  return b.getI64VectorAttr(values);
}
