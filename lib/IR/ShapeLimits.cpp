//===- ShapeLimits.cpp - overflow-safe sizes and supported shapes ---------===//

#include "quant-pt2e/IR/ShapeLimits.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

std::optional<int64_t>
mlir::quant_pt2e::checkedNumElements(ArrayRef<int64_t> shape) {
  CheckedInt count = 1;
  for (int64_t size : shape) {
    if (size < 0)
      return std::nullopt;
    count = count * size;
  }
  return count.get();
}

std::optional<int64_t> mlir::quant_pt2e::windowOutputSize(
    int64_t input, int64_t kernel, int64_t pad, int64_t stride,
    int64_t dilation, bool ceilMode) {
  CheckedInt numerator = CheckedInt(input) + CheckedInt(2) * pad -
                         CheckedInt(dilation) * (CheckedInt(kernel) - 1) - 1 +
                         (ceilMode ? CheckedInt(stride) - 1 : CheckedInt(0));
  // div_rtn: floor division.
  std::optional<int64_t> output = (numerator.floorDiv(stride) + 1).get();
  if (!output || !ceilMode)
    return output;
  std::optional<int64_t> lastStart = ((CheckedInt(*output) - 1) * stride).get();
  std::optional<int64_t> limit = (CheckedInt(input) + pad).get();
  if (!lastStart || !limit)
    return std::nullopt;
  return *lastStart >= *limit ? *output - 1 : *output;
}

namespace {
/// Bytes per element as stored in a buffer (sub-byte types take a byte).
int64_t elementBytes(Type type) {
  if (type.isIntOrFloat())
    return std::max<int64_t>(1, (type.getIntOrFloatBitWidth() + 7) / 8);
  return 8; // index and the rest: at most a pointer-sized slot
}

/// Emits the error for `type` at `loc`, or succeeds when `type` is supported.
LogicalResult checkType(Location loc, Type type, StringRef passName) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank())
    return success();
  if (!shaped.hasStaticShape())
    return emitError(loc) << passName << ": dynamic shapes are not "
                           << "supported, got " << type;
  std::optional<int64_t> count = checkedNumElements(shaped.getShape());
  std::optional<int64_t> bytes =
      count ? (CheckedInt(*count) * elementBytes(shaped.getElementType())).get()
            : std::nullopt;
  if (!bytes || *bytes > kMaxTensorBytes)
    return emitError(loc) << passName << ": " << type << " is larger than the "
                           << kMaxTensorBytes << " bytes supported";
  return success();
}
} // namespace

LogicalResult mlir::quant_pt2e::verifySupportedShapes(Operation *root,
                                                      StringRef passName) {
  WalkResult result = root->walk([&](Operation *op) {
    for (Type type : op->getResultTypes())
      if (failed(checkType(op->getLoc(), type, passName)))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (failed(checkType(arg.getLoc(), arg.getType(), passName)))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
