//===- AtenPoolOps.cpp - pooling and mean ---------------------------------===//

#include "AtenShapeUtils.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::aten;

namespace {
/// Shared checks of the 2-d pools; `dilation` is nullopt for avg_pool2d
/// (which has none), and otherwise must hold two entries like the others.
LogicalResult verifyPool2d(Operation *op, RankedTensorType input,
                           RankedTensorType result, ArrayRef<int64_t> kernel,
                           ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                           std::optional<ArrayRef<int64_t>> dilation,
                           bool ceilMode) {
  int64_t rank = input.getRank();
  if (rank != 3 && rank != 4)
    return op->emitOpError() << "input must be [C, H, W] or [N, C, H, W], got "
                                "rank "
                             << rank;
  SmallVector<int64_t> dil(dilation ? *dilation : ArrayRef<int64_t>{1, 1});
  if (failed(verifyIntList(op, kernel, 2, 1, "kernel_size")) ||
      failed(verifyIntList(op, stride, 2, 1, "stride")) ||
      failed(verifyIntList(op, padding, 2, 0, "padding")) ||
      failed(verifyIntList(op, dil, 2, 1, "dilation")))
    return failure();
  SmallVector<DimSize> expected(input.getShape().drop_back(2));
  for (int i = 0; i < 2; ++i) {
    if (padding[i] > kernel[i] / 2)
      return op->emitOpError() << "padding " << padding[i]
                               << " must be at most half of kernel size "
                               << kernel[i];
    DimSize in = input.getDimSize(rank - 2 + i);
    std::optional<DimSize> size = poolOutputSize(in, kernel[i], padding[i],
                                                 stride[i], dil[i], ceilMode);
    if (!size)
      return op->emitOpError() << "output size of spatial dimension " << i
                               << " overflows (input " << in << ", kernel "
                               << kernel[i] << ", dilation " << dil[i] << ")";
    DimSize out = *size;
    if (isStatic(out) && out <= 0)
      return op->emitOpError() << "output size " << out << " of spatial "
                               << "dimension " << i << " is too small (input "
                               << in << ")";
    expected.push_back(out);
  }
  return verifyShape(op, expected, result);
}
} // namespace

LogicalResult MaxPool2dOp::verify() {
  return verifyPool2d(*this, getInput().getType(), getResult().getType(),
                      getKernelSize(), getStride(), getPadding(),
                      getDilation(), getCeilMode());
}

LogicalResult AvgPool2dOp::verify() {
  if (std::optional<uint64_t> divisor = getDivisorOverride())
    if (static_cast<int64_t>(*divisor) <= 0)
      return emitOpError() << "divisor_override must be positive";
  return verifyPool2d(*this, getInput().getType(), getResult().getType(),
                      getKernelSize(), getStride(), getPadding(),
                      std::nullopt, getCeilMode());
}

LogicalResult AdaptiveAvgPool2dOp::verify() {
  RankedTensorType input = getInput().getType();
  if (input.getRank() != 3 && input.getRank() != 4)
    return emitOpError() << "input must be [C, H, W] or [N, C, H, W], got "
                            "rank "
                         << input.getRank();
  if (failed(verifyIntList(*this, getOutputSize(), 2, 1, "output_size")))
    return failure();
  SmallVector<DimSize> expected(input.getShape().drop_back(2));
  llvm::append_range(expected, getOutputSize());
  return verifyShape(*this, expected, getResult().getType());
}

LogicalResult MeanOp::verify() {
  RankedTensorType input = getInput().getType();
  int64_t rank = input.getRank();
  if (getDims().empty())
    return emitOpError() << "requires at least one dimension to reduce";
  llvm::SmallSet<int64_t, 4> reduced;
  for (int64_t dim : getDims()) {
    FailureOr<int64_t> d = normalizeDim(*this, dim, rank, "dim");
    if (failed(d))
      return failure();
    if (!reduced.insert(*d).second)
      return emitOpError() << "dim " << dim << " appears more than once";
  }
  SmallVector<DimSize> expected;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.contains(i))
      expected.push_back(input.getDimSize(i));
    else if (getKeepdim())
      expected.push_back(1);
  }
  return verifyShape(*this, expected, getResult().getType());
}
