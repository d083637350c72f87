//===- ConstantTensors.h - read and make constant tensors -------*- C++ -*-===//
//
// The compile-time view of weights: float32 values of a constant tensor
// (dense or dense_resource), and new dense_resource constants.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_IR_CONSTANTTENSORS_H
#define QUANT_PT2E_IR_CONSTANTTENSORS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace mlir::quant_pt2e {

/// The float32 values of `value` when a constant-like op (arith.constant,
/// tosa.const, ...) defines it with f32 elements (dense or dense_resource),
/// in row-major order.
std::optional<std::vector<float>> getF32ConstantValues(Value value);

/// The 8-bit values of `value` when it is an arith.constant of i8 / ui8
/// elements (dense or dense_resource), in row-major order, as int8 bit
/// patterns.
std::optional<std::vector<int8_t>> getI8ConstantValues(Value value);

/// An arith.constant of `type` holding `bytes` (row-major element data) in
/// a dense_resource blob named `name`, aligned to `alignment`.
Value createResourceConstant(OpBuilder &b, Location loc, RankedTensorType type,
                             ArrayRef<char> bytes, StringRef name,
                             size_t alignment);

/// A float32 dense_resource constant of `shape` holding `values`.
Value createF32Constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                        ArrayRef<float> values, StringRef name);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_IR_CONSTANTTENSORS_H
