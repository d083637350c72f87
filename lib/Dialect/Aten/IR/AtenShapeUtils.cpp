//===- AtenShapeUtils.cpp - shape checks shared by aten verifiers ---------===//

#include "AtenShapeUtils.h"

#include "quant-pt2e/IR/ShapeLimits.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::aten;

namespace {
void printShape(InFlightDiagnostic &diag, ArrayRef<DimSize> shape) {
  diag << "[";
  llvm::interleaveComma(shape, diag, [&](DimSize size) {
    if (isStatic(size))
      diag << size;
    else
      diag << "?";
  });
  diag << "]";
}
} // namespace

FailureOr<int64_t> aten::normalizeDim(Operation *op, int64_t dim, int64_t rank,
                                      StringRef what) {
  int64_t bound = std::max<int64_t>(rank, 1);
  if (dim < -bound || dim >= bound)
    return op->emitOpError() << what << " " << dim
                             << " is out of range for rank " << rank;
  return dim < 0 ? dim + bound : dim;
}

LogicalResult aten::verifyShape(Operation *op, ArrayRef<DimSize> expected,
                                ShapedType actual, StringRef what) {
  bool matches = actual.getRank() == static_cast<int64_t>(expected.size());
  for (size_t i = 0; matches && i < expected.size(); ++i) {
    DimSize got = actual.getDimSize(i);
    if (isStatic(got) && isStatic(expected[i]) && got != expected[i])
      matches = false;
  }
  if (matches)
    return success();
  InFlightDiagnostic diag = op->emitOpError();
  diag << what << " shape ";
  printShape(diag, actual.getShape());
  diag << " does not match the expected shape ";
  printShape(diag, expected);
  return diag;
}

LogicalResult aten::verifyVector(Operation *op, ShapedType type, DimSize size,
                                 StringRef what) {
  if (type.getRank() != 1)
    return op->emitOpError() << what << " must be 1-d, got rank "
                             << type.getRank();
  return verifyShape(op, {size}, type, what);
}

FailureOr<SmallVector<DimSize>>
aten::broadcastShapes(Operation *op, ArrayRef<DimSize> lhs,
                      ArrayRef<DimSize> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<DimSize> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    DimSize a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    DimSize b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1) {
      result[i] = b;
    } else if (b == 1) {
      result[i] = a;
    } else if (isStatic(a) && isStatic(b)) {
      if (a != b)
        return op->emitOpError()
               << "operand shapes are not broadcastable: size " << a
               << " vs " << b << " at dimension " << i;
      result[i] = a;
    } else {
      result[i] = isStatic(a) ? a : b;
    }
  }
  return result;
}

LogicalResult aten::verifyIntList(Operation *op, ArrayRef<int64_t> values,
                                  size_t count, int64_t minValue,
                                  StringRef what) {
  if (values.size() != count)
    return op->emitOpError() << what << " must have " << count
                             << " entries, got " << values.size();
  for (int64_t value : values)
    if (value < minValue)
      return op->emitOpError() << what << " entries must be at least "
                               << minValue << ", got " << value;
  return success();
}

std::optional<DimSize> aten::poolOutputSize(DimSize input, int64_t kernel,
                                            int64_t pad, int64_t stride,
                                            int64_t dilation, bool ceilMode) {
  if (!isStatic(input))
    return ShapedType::kDynamic;
  return quant_pt2e::windowOutputSize(input, kernel, pad, stride, dilation,
                                      ceilMode);
}

FailureOr<std::optional<int64_t>>
aten::numElements(Operation *op, ArrayRef<DimSize> shape, StringRef what) {
  quant_pt2e::CheckedInt count = 1;
  for (DimSize size : shape) {
    if (!isStatic(size))
      return std::optional<int64_t>();
    count = count * size;
  }
  if (!count.get())
    return op->emitOpError() << "the number of elements of " << what
                             << " overflows int64";
  return count.get();
}
