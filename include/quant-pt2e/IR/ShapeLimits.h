//===- ShapeLimits.h - overflow-safe sizes and supported shapes -*- C++ -*-===//
//
// Size arithmetic that cannot overflow (verifiers compute output sizes from
// attribute values and dimensions that may be anything up to INT64_MAX),
// and the one check of what the project's passes and tools accept: static
// shapes, tensors of at most kMaxTensorBytes.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_IR_SHAPELIMITS_H
#define QUANT_PT2E_IR_SHAPELIMITS_H

#include "mlir/IR/Operation.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cstdint>
#include <optional>

namespace mlir::quant_pt2e {

/// Largest tensor the passes and quant-run handle, in bytes (1 GiB): a
/// constant or buffer above it is refused before anything expands or
/// allocates it.
constexpr int64_t kMaxTensorBytes = int64_t(1) << 30;

/// An int64 that turns invalid (and stays so) when an operation overflows;
/// size formulas written with it report overflow instead of wrapping.
class CheckedInt {
public:
  CheckedInt(int64_t value) : value(value) {}
  static CheckedInt overflow() { return CheckedInt(std::nullopt); }

  /// The value, or nullopt after an overflow.
  std::optional<int64_t> get() const { return value; }

  friend CheckedInt operator+(CheckedInt a, CheckedInt b) {
    return a.value && b.value ? CheckedInt(llvm::checkedAdd(*a.value, *b.value))
                              : overflow();
  }
  friend CheckedInt operator-(CheckedInt a, CheckedInt b) {
    return a.value && b.value ? CheckedInt(llvm::checkedSub(*a.value, *b.value))
                              : overflow();
  }
  friend CheckedInt operator*(CheckedInt a, CheckedInt b) {
    return a.value && b.value ? CheckedInt(llvm::checkedMul(*a.value, *b.value))
                              : overflow();
  }
  /// Floor division by a positive divisor.
  CheckedInt floorDiv(int64_t divisor) const {
    if (!value || divisor <= 0)
      return overflow();
    int64_t quotient = *value / divisor;
    if (*value % divisor != 0 && *value < 0)
      --quotient;
    return CheckedInt(quotient);
  }

private:
  explicit CheckedInt(std::optional<int64_t> value) : value(value) {}
  std::optional<int64_t> value;
};

/// The number of elements of a static `shape`, or nullopt when it overflows
/// int64 (or a size is dynamic or negative).
std::optional<int64_t> checkedNumElements(ArrayRef<int64_t> shape);

/// PyTorch's pooling_output_shape of a static input size, which is also a
/// convolution's output size (ceilMode false): floor((input + 2 * pad -
/// dilation * (kernel - 1) - 1 [+ stride - 1 in ceil mode]) / stride) + 1,
/// one less in ceil mode when the last window would start past the input
/// and the left padding. nullopt when the arithmetic overflows int64 or
/// stride is not positive. The result may be <= 0 (window too large).
std::optional<int64_t> windowOutputSize(int64_t input, int64_t kernel,
                                        int64_t pad, int64_t stride,
                                        int64_t dilation, bool ceilMode);

/// Emits an error on the first value under `root` (op results and block
/// arguments) whose type is a shaped type the passes cannot handle: a
/// dynamic shape ("dynamic shapes are not supported"), or more than
/// kMaxTensorBytes. `passName` starts the message.
LogicalResult verifySupportedShapes(Operation *root, StringRef passName);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_IR_SHAPELIMITS_H
