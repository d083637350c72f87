//===- LoweringUtils.h - helpers of convert-aten-to-linalg ------*- C++ -*-===//
//
// Building blocks the aten lowering patterns share: constants, filled
// tensors, broadcasting element-wise generics, padding and reshapes.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_LIB_CONVERSION_ATENTOLINALG_LOWERINGUTILS_H
#define QUANT_PT2E_LIB_CONVERSION_ATENTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::quant_pt2e::lowering {

/// A scalar float constant of `type`.
Value floatConstant(OpBuilder &b, Location loc, Type type, double value);

/// tensor.empty of `type` (static shape).
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `value`.
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);

/// Body of an element-wise generic: scalar inputs -> scalar result.
using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// linalg.generic computing `fn` over `inputs` broadcast (numpy rules, by
/// indexing maps) to `resultType`.
Value elementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange inputs, ScalarFn fn);

/// Broadcasts a per-channel vector [C] along dimension `axis` of
/// `resultType` by an indexing map, applying `fn` to (input, channel values).
Value perChannel(OpBuilder &b, Location loc, Value input, ValueRange channels,
                 int64_t axis, ScalarFn fn);

/// A tensor of `resultType` whose element at index (d0, ...) is
/// input[inputMap(d0, ...)]: broadcasts, transposes and flips.
Value copyThroughMap(OpBuilder &b, Location loc, Value input,
                     RankedTensorType resultType, AffineMap inputMap);

/// A tensor of `resultType` holding vector[i] at every position whose index
/// along `axis` is i.
Value broadcastAlong(OpBuilder &b, Location loc, Value vector,
                     RankedTensorType resultType, int64_t axis);

/// Pads (positive) or crops (negative) each dimension of `input` by
/// low[i] / high[i], filling with `padValue`.
Value padOrCrop(OpBuilder &b, Location loc, Value input,
                ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                double padValue);

/// Reshapes a contiguous tensor to `resultType` (same element count).
Value reshape(OpBuilder &b, Location loc, Value input,
              RankedTensorType resultType);

/// An i64 dense vector attribute (strides / dilations of named ops).
DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> values);

} // namespace mlir::quant_pt2e::lowering

#endif // QUANT_PT2E_LIB_CONVERSION_ATENTOLINALG_LOWERINGUTILS_H
