//===- AtenElementwiseOps.cpp - arithmetic and activations ----------------===//

#include "AtenShapeUtils.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

using namespace mlir;
using namespace mlir::aten;

namespace {
template <typename OpTy>
LogicalResult verifyBinary(OpTy op, bool allowsAlpha) {
  if (!allowsAlpha && op.getAlpha())
    return op.emitOpError() << "does not take alpha";
  RankedTensorType lhs = op.getLhs().getType(), rhs = op.getRhs().getType();
  if (lhs.getElementType() != rhs.getElementType() ||
      lhs.getElementType() != op.getResult().getType().getElementType())
    return op.emitOpError() << "operands and result must have the same "
                               "element type";
  FailureOr<SmallVector<DimSize>> shape =
      broadcastShapes(op, lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return failure();
  return verifyShape(op, *shape, op.getResult().getType());
}

template <typename OpTy>
LogicalResult verifyScalar(OpTy op, bool allowsAlpha) {
  if (!allowsAlpha && op.getAlpha())
    return op.emitOpError() << "does not take alpha";
  return success();
}
} // namespace

LogicalResult AddOp::verify() { return verifyBinary(*this, true); }
LogicalResult SubOp::verify() { return verifyBinary(*this, true); }
LogicalResult MulOp::verify() { return verifyBinary(*this, false); }
LogicalResult DivOp::verify() { return verifyBinary(*this, false); }
LogicalResult AddScalarOp::verify() { return verifyScalar(*this, true); }
LogicalResult SubScalarOp::verify() { return verifyScalar(*this, true); }
LogicalResult MulScalarOp::verify() { return verifyScalar(*this, false); }
LogicalResult DivScalarOp::verify() { return verifyScalar(*this, false); }

LogicalResult HardtanhOp::verify() {
  if (getMinVal().convertToDouble() > getMaxVal().convertToDouble())
    return emitOpError() << "min_val " << getMinVal().convertToDouble()
                         << " exceeds max_val "
                         << getMaxVal().convertToDouble();
  return success();
}

LogicalResult ClampOp::verify() {
  if (!getMin() && !getMax())
    return emitOpError() << "requires at least one of min and max";
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError() << "approximate must be \"none\" or \"tanh\", got \""
                         << getApproximate() << "\"";
  return success();
}
