//===- AtenShapeUtils.h - shape checks shared by aten verifiers -*- C++ -*-===//
//
// Helpers the aten op verifiers share: dimension normalization, broadcasting
// and the comparison of an inferred shape with the declared result type.
// Dynamic sizes are ShapedType::kDynamic and match anything.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_LIB_DIALECT_ATEN_IR_ATENSHAPEUTILS_H
#define QUANT_PT2E_LIB_DIALECT_ATEN_IR_ATENSHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::aten {

/// Size of a dimension: an integer or ShapedType::kDynamic.
using DimSize = int64_t;

/// True when `size` is a known size.
inline bool isStatic(DimSize size) { return !ShapedType::isDynamic(size); }

/// Normalizes a possibly negative dimension index against `rank`; emits an
/// error naming `what` when it is out of range.
FailureOr<int64_t> normalizeDim(Operation *op, int64_t dim, int64_t rank,
                                StringRef what);

/// Emits an error unless `actual` has the rank of `expected` and agrees with
/// it on every dimension whose size both know.
LogicalResult verifyShape(Operation *op, ArrayRef<DimSize> expected,
                          ShapedType actual, StringRef what = "result");

/// Emits an error unless `type` is a 1-d tensor of `size` elements (when
/// known); `what` names the operand.
LogicalResult verifyVector(Operation *op, ShapedType type, DimSize size,
                           StringRef what);

/// Product of the sizes: nullopt when a size is dynamic, failure (with an
/// error naming `what`) when the product overflows int64.
FailureOr<std::optional<int64_t>> numElements(Operation *op,
                                              ArrayRef<DimSize> shape,
                                              StringRef what);

/// Numpy-style broadcast of two shapes; emits an error when a pair of known
/// sizes differs and neither is 1.
FailureOr<SmallVector<DimSize>> broadcastShapes(Operation *op,
                                                ArrayRef<DimSize> lhs,
                                                ArrayRef<DimSize> rhs);

/// Emits an error unless `values` has `count` entries, each at least
/// `minValue`; `what` names the attribute.
LogicalResult verifyIntList(Operation *op, ArrayRef<int64_t> values,
                            size_t count, int64_t minValue, StringRef what);

/// PyTorch's pooling_output_shape (floor or ceil mode, with the rule that the
/// last window starts inside the input or the left padding); nullopt when
/// the arithmetic overflows int64.
std::optional<DimSize> poolOutputSize(DimSize input, int64_t kernel, int64_t pad,
                       int64_t stride, int64_t dilation, bool ceilMode);

} // namespace mlir::aten

#endif // QUANT_PT2E_LIB_DIALECT_ATEN_IR_ATENSHAPEUTILS_H
