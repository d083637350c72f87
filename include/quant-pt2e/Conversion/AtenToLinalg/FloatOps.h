//===- FloatOps.h - PyTorch's float ops as linalg builders ------*- C++ -*-===//
//
// The float semantics of the PyTorch ops the fused quantized ops stand for,
// as builders of linalg / tensor / arith IR on tensors. convert-aten-to-linalg
// lowers the aten ops with them, and a backend conversion expands a fused op
// it takes as its reference chain (dq -> float op -> q) with the same ones,
// straight to linalg: the two agree to the bit, and no lowering builds ops
// of an input dialect.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_CONVERSION_ATENTOLINALG_FLOATOPS_H
#define QUANT_PT2E_CONVERSION_ATENTOLINALG_FLOATOPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace mlir::quant_pt2e::floatops {

/// lhs + alpha * rhs (aten.add.Tensor), broadcasting to `resultType`.
Value add(OpBuilder &b, Location loc, RankedTensorType resultType, Value lhs,
          Value rhs, std::optional<double> alpha = std::nullopt);
/// lhs * rhs (aten.mul.Tensor), broadcasting to `resultType`.
Value mul(OpBuilder &b, Location loc, RankedTensorType resultType, Value lhs,
          Value rhs);
/// lhs / rhs (aten.div.Tensor), broadcasting to `resultType`.
Value div(OpBuilder &b, Location loc, RankedTensorType resultType, Value lhs,
          Value rhs);
/// x + c, c rounded to x's element type (aten.add.Scalar).
Value addScalar(OpBuilder &b, Location loc, Value x, double c);
/// sqrt(x) (aten.sqrt).
Value sqrt(OpBuilder &b, Location loc, Value x);
/// x op v[c] with v a [C] vector along `axis` of x (the same float ops as
/// x op v.view(...) broadcasting).
enum class ChannelOp { Mul, Div, Add };
Value alongChannels(OpBuilder &b, Location loc, Value x, ChannelOp op, Value v,
                    int64_t axis);
/// clamp(x, lo, hi) (aten.clamp), NaN-propagating; a missing bound is none.
Value clamp(OpBuilder &b, Location loc, Value x, std::optional<double> lo,
            std::optional<double> hi);
/// aten.avg_pool2d of a static [N, C, H, W] or [C, H, W] input: zero
/// padding, window sums, PyTorch's divisor per output position.
Value avgPool2d(OpBuilder &b, Location loc, Value input,
                RankedTensorType resultType, ArrayRef<int64_t> kernel,
                ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                bool countIncludePad,
                std::optional<int64_t> divisorOverride = std::nullopt);
/// aten.cat of static tensors along `dim` (non-negative).
Value concat(OpBuilder &b, Location loc, RankedTensorType resultType,
             ValueRange inputs, int64_t dim);

} // namespace mlir::quant_pt2e::floatops

#endif // QUANT_PT2E_CONVERSION_ATENTOLINALG_FLOATOPS_H
