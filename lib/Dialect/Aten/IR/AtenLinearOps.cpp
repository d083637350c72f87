//===- AtenLinearOps.cpp - linear, addmm, mm, bmm, t ----------------------===//

#include "AtenShapeUtils.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

using namespace mlir;
using namespace mlir::aten;

namespace {
LogicalResult verifyMatrix(Operation *op, ShapedType type, StringRef what) {
  if (type.getRank() != 2)
    return op->emitOpError() << what << " must be 2-d, got rank "
                             << type.getRank();
  return success();
}

LogicalResult verifyInnerDims(Operation *op, DimSize lhs, DimSize rhs) {
  if (isStatic(lhs) && isStatic(rhs) && lhs != rhs)
    return op->emitOpError() << "inner dimensions differ: " << lhs << " vs "
                             << rhs;
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType weight = getWeight().getType();
  if (input.getRank() < 1)
    return emitOpError() << "input must have rank >= 1";
  if (failed(verifyMatrix(*this, weight, "weight")) ||
      failed(verifyInnerDims(*this, input.getShape().back(),
                             weight.getDimSize(1))))
    return failure();
  if (Value bias = getBias())
    if (failed(verifyVector(*this, cast<ShapedType>(bias.getType()),
                            weight.getDimSize(0), "bias")))
      return failure();
  SmallVector<DimSize> expected(input.getShape().drop_back());
  expected.push_back(weight.getDimSize(0));
  return verifyShape(*this, expected, getResult().getType());
}

std::optional<unsigned> LinearOp::getWeightOperandIndex() { return 1; }
int64_t LinearOp::getWeightOutputChannelAxis() { return 0; }
std::optional<unsigned> LinearOp::getBiasOperandIndex() {
  return getBias() ? std::optional<unsigned>(2) : std::nullopt;
}

//===----------------------------------------------------------------------===//
// AddmmOp
//===----------------------------------------------------------------------===//

LogicalResult AddmmOp::verify() {
  RankedTensorType mat1 = getMat1().getType(), mat2 = getMat2().getType();
  if (failed(verifyMatrix(*this, mat1, "mat1")) ||
      failed(verifyMatrix(*this, mat2, "mat2")) ||
      failed(verifyInnerDims(*this, mat1.getDimSize(1), mat2.getDimSize(0))))
    return failure();
  SmallVector<DimSize> product{mat1.getDimSize(0), mat2.getDimSize(1)};
  if (getInput().getType().getRank() > 2)
    return emitOpError() << "input must have rank <= 2";
  FailureOr<SmallVector<DimSize>> broadcast =
      broadcastShapes(*this, getInput().getType().getShape(), product);
  if (failed(broadcast))
    return failure();
  return verifyShape(*this, product, getResult().getType());
}

std::optional<unsigned> AddmmOp::getWeightOperandIndex() { return 2; }
int64_t AddmmOp::getWeightOutputChannelAxis() { return 1; }
std::optional<unsigned> AddmmOp::getBiasOperandIndex() { return 0; }

//===----------------------------------------------------------------------===//
// MmOp
//===----------------------------------------------------------------------===//

LogicalResult MmOp::verify() {
  RankedTensorType lhs = getLhs().getType(), rhs = getRhs().getType();
  if (failed(verifyMatrix(*this, lhs, "lhs")) ||
      failed(verifyMatrix(*this, rhs, "rhs")) ||
      failed(verifyInnerDims(*this, lhs.getDimSize(1), rhs.getDimSize(0))))
    return failure();
  return verifyShape(*this, {lhs.getDimSize(0), rhs.getDimSize(1)},
                     getResult().getType());
}

std::optional<unsigned> MmOp::getWeightOperandIndex() { return 1; }
int64_t MmOp::getWeightOutputChannelAxis() { return 1; }
std::optional<unsigned> MmOp::getBiasOperandIndex() { return std::nullopt; }

//===----------------------------------------------------------------------===//
// BmmOp
//===----------------------------------------------------------------------===//

LogicalResult BmmOp::verify() {
  RankedTensorType lhs = getLhs().getType(), rhs = getRhs().getType();
  for (auto [type, what] : {std::pair{lhs, "lhs"}, std::pair{rhs, "rhs"}})
    if (type.getRank() != 3)
      return emitOpError() << what << " must be 3-d, got rank "
                           << type.getRank();
  if (isStatic(lhs.getDimSize(0)) && isStatic(rhs.getDimSize(0)) &&
      lhs.getDimSize(0) != rhs.getDimSize(0))
    return emitOpError() << "batch sizes differ: " << lhs.getDimSize(0)
                         << " vs " << rhs.getDimSize(0);
  if (failed(verifyInnerDims(*this, lhs.getDimSize(2), rhs.getDimSize(1))))
    return failure();
  return verifyShape(*this,
                     {lhs.getDimSize(0), lhs.getDimSize(1), rhs.getDimSize(2)},
                     getResult().getType());
}

//===----------------------------------------------------------------------===//
// TOp
//===----------------------------------------------------------------------===//

LogicalResult TOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() > 2)
    return emitOpError() << "expects a tensor of rank <= 2, got rank "
                         << input.getRank();
  SmallVector<DimSize> expected(llvm::reverse(input.getShape()));
  return verifyShape(*this, expected, getResult().getType());
}
