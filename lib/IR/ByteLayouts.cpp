//===- ByteLayouts.cpp - NCHW <-> NHWC moves of 8-bit tensors -------------===//
//
// See ByteLayouts.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/IR/ByteLayouts.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

RankedTensorType quant_pt2e::permutedType(RankedTensorType type,
                                          ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  return type.clone(shape);
}

Value quant_pt2e::transposeBytes(OpBuilder &b, Location loc, Value v,
                                 ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  Type i8 = b.getIntegerType(8);
  Value bytes = v;
  if (type.getElementType() != i8)
    bytes = tensor::BitcastOp::create(b, loc, type.clone(i8), v);
  RankedTensorType out = permutedType(type.clone(i8), perm);
  Value empty =
      tensor::EmptyOp::create(b, loc, out.getShape(), out.getElementType());
  Value result =
      linalg::TransposeOp::create(b, loc, bytes, empty, perm)->getResult(0);
  if (type.getElementType() != i8)
    result = tensor::BitcastOp::create(b, loc, out.clone(type.getElementType()),
                                       result);
  return result;
}
