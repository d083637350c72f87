//===- ElementwiseOps.cpp - lower aten arithmetic and activations ---------===//
//
// Every op becomes one linalg.generic with broadcasting indexing maps; the
// scalar bodies follow PyTorch's CPU kernels (NaN propagates through relu,
// hardtanh and clamp via maximumf / minimumf).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return floatConstant(b, loc, like.getType(), value);
}

Value clampScalar(OpBuilder &b, Location loc, Value x,
                  std::optional<double> lo, std::optional<double> hi) {
  if (lo)
    x = arith::MaximumFOp::create(b, loc, x, constantLike(b, loc, x, *lo));
  if (hi)
    x = arith::MinimumFOp::create(b, loc, x, constantLike(b, loc, x, *hi));
  return x;
}

/// Lowers a unary aten op whose scalar body is `Body::compute(op, b, loc, x)`.
template <typename OpTy, typename Body>
struct UnaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Value result = elementwise(
        rewriter, op.getLoc(), type, ValueRange{adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return Body::compute(op, b, loc, args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ReluBody {
  static Value compute(aten::ReluOp, OpBuilder &b, Location l, Value x) {
    return clampScalar(b, l, x, 0.0, std::nullopt);
  }
};
struct Relu6Body {
  static Value compute(aten::Relu6Op, OpBuilder &b, Location l, Value x) {
    return clampScalar(b, l, x, 0.0, 6.0);
  }
};
struct HardtanhBody {
  static Value compute(aten::HardtanhOp op, OpBuilder &b, Location l, Value x) {
    return clampScalar(b, l, x, op.getMinVal().convertToDouble(),
                       op.getMaxVal().convertToDouble());
  }
};
struct ClampBody {
  static Value compute(aten::ClampOp op, OpBuilder &b, Location l, Value x) {
    auto bound = [](std::optional<APFloat> v) -> std::optional<double> {
      return v ? std::optional<double>(v->convertToDouble()) : std::nullopt;
    };
    return clampScalar(b, l, x, bound(op.getMin()), bound(op.getMax()));
  }
};
struct LeakyReluBody {
  static Value compute(aten::LeakyReluOp op, OpBuilder &b, Location l,
                       Value x) {
    Value zero = constantLike(b, l, x, 0.0);
    Value scaled = arith::MulFOp::create(
        b, l, x,
        constantLike(b, l, x, op.getNegativeSlope().convertToDouble()));
    Value positive =
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, zero);
    return arith::SelectOp::create(b, l, positive, x, scaled);
  }
};
struct EluBody {
  static Value compute(aten::EluOp op, OpBuilder &b, Location l, Value x) {
    // x > 0 ? x * scale : (exp(x * input_scale) - 1) * alpha * scale
    Value scale = constantLike(b, l, x, op.getScale().convertToDouble());
    Value negCoef = constantLike(b, l, x, op.getAlpha().convertToDouble() *
                                              op.getScale().convertToDouble());
    Value inScale = constantLike(b, l, x, op.getInputScale().convertToDouble());
    Value expm1 = arith::SubFOp::create(
        b, l, math::ExpOp::create(b, l, arith::MulFOp::create(b, l, x, inScale)),
        constantLike(b, l, x, 1.0));
    Value negative = arith::MulFOp::create(b, l, expm1, negCoef);
    Value positive = arith::MulFOp::create(b, l, x, scale);
    Value isPositive = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                             x, constantLike(b, l, x, 0.0));
    return arith::SelectOp::create(b, l, isPositive, positive, negative);
  }
};
struct TanhBody {
  static Value compute(aten::TanhOp, OpBuilder &b, Location l, Value x) {
    return math::TanhOp::create(b, l, x);
  }
};
struct SqrtBody {
  static Value compute(aten::SqrtOp, OpBuilder &b, Location l, Value x) {
    return math::SqrtOp::create(b, l, x);
  }
};

struct SigmoidBody {
  static Value compute(aten::SigmoidOp, OpBuilder &b, Location l, Value x) {
    Value one = constantLike(b, l, x, 1.0);
    Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x));
    return arith::DivFOp::create(b, l, one, arith::AddFOp::create(b, l, one, e));
  }
};
struct HardswishBody {
  static Value compute(aten::HardswishOp, OpBuilder &b, Location l, Value x) {
    // x * min(max(x + 3, 0), 6) / 6
    Value shifted = arith::AddFOp::create(b, l, x, constantLike(b, l, x, 3.0));
    Value clamped = clampScalar(b, l, shifted, 0.0, 6.0);
    return arith::DivFOp::create(b, l, arith::MulFOp::create(b, l, x, clamped),
                                 constantLike(b, l, x, 6.0));
  }
};
struct HardsigmoidBody {
  static Value compute(aten::HardsigmoidOp, OpBuilder &b, Location l,
                       Value x) {
    // min(max(x + 3, 0), 6) / 6
    Value shifted = arith::AddFOp::create(b, l, x, constantLike(b, l, x, 3.0));
    return arith::DivFOp::create(b, l, clampScalar(b, l, shifted, 0.0, 6.0),
                                 constantLike(b, l, x, 6.0));
  }
};
struct SiluBody {
  static Value compute(aten::SiluOp, OpBuilder &b, Location l, Value x) {
    // x / (1 + exp(-x))
    Value one = constantLike(b, l, x, 1.0);
    Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x));
    return arith::DivFOp::create(b, l, x, arith::AddFOp::create(b, l, one, e));
  }
};

/// ATen's Vectorized<float>::erf: Abramowitz-Stegun 7.1.26 with fused
/// multiply-adds, erf(x) = sign(x) * (1 - r(t) * t * exp(-x * x)),
/// t = 1 / (1 + p |x|).
Value erfAbramowitzStegun(OpBuilder &b, Location l, Value x) {
  auto c = [&](double v) { return constantLike(b, l, x, v); };
  Value one = c(1.0);
  Value ax = math::AbsFOp::create(b, l, x);
  Value t = arith::DivFOp::create(
      b, l, one, math::FmaOp::create(b, l, c(0.3275911), ax, one));
  Value r = math::FmaOp::create(b, l, c(1.061405429), t, c(-1.453152027));
  for (double coefficient : {1.421413741, -0.284496736, 0.254829592})
    r = math::FmaOp::create(b, l, r, t, c(coefficient));
  Value negSquare =
      arith::NegFOp::create(b, l, arith::MulFOp::create(b, l, x, x));
  Value negExp = arith::NegFOp::create(b, l, math::ExpOp::create(b, l, negSquare));
  Value magnitude = math::FmaOp::create(
      b, l, arith::MulFOp::create(b, l, negExp, t), r, one);
  return math::CopySignOp::create(b, l, magnitude, x);
}

struct GeluBody {
  static Value compute(aten::GeluOp op, OpBuilder &b, Location l, Value x) {
    auto c = [&](double v) { return constantLike(b, l, x, v); };
    if (op.getApproximate() == "tanh") {
      // 0.5 * x * (1 + tanh(beta * (x + kappa * x^3))), as GeluKernelImpl.
      Value cube = arith::MulFOp::create(
          b, l, arith::MulFOp::create(b, l, x, x), x);
      Value inner = arith::MulFOp::create(
          b, l, c(M_SQRT2 * M_2_SQRTPI * 0.5),
          arith::AddFOp::create(b, l, x,
                                arith::MulFOp::create(b, l, c(0.044715), cube)));
      Value half = arith::MulFOp::create(b, l, c(0.5), x);
      return arith::MulFOp::create(
          b, l, half,
          arith::AddFOp::create(b, l, c(1.0), math::TanhOp::create(b, l, inner)));
    }
    // x * 0.5 * (1 + erf(x * M_SQRT1_2))
    Value erf =
        erfAbramowitzStegun(b, l, arith::MulFOp::create(b, l, x, c(M_SQRT1_2)));
    return arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, x, c(0.5)),
                                 arith::AddFOp::create(b, l, c(1.0), erf));
  }
};

enum class BinaryKind { Add, Sub, Mul, Div };

Value binaryScalar(OpBuilder &b, Location l, BinaryKind kind, Value lhs,
                   Value rhs, std::optional<double> alpha) {
  if (alpha && *alpha != 1.0)
    rhs = arith::MulFOp::create(b, l, rhs, constantLike(b, l, rhs, *alpha));
  switch (kind) {
  case BinaryKind::Add:
    return arith::AddFOp::create(b, l, lhs, rhs);
  case BinaryKind::Sub:
    return arith::SubFOp::create(b, l, lhs, rhs);
  case BinaryKind::Mul:
    return arith::MulFOp::create(b, l, lhs, rhs);
  case BinaryKind::Div:
    return arith::DivFOp::create(b, l, lhs, rhs);
  }
  llvm_unreachable("unknown binary kind");
}

std::optional<double> alphaOf(std::optional<APFloat> alpha) {
  return alpha ? std::optional<double>(alpha->convertToDouble())
               : std::nullopt;
}

template <typename OpTy, BinaryKind Kind>
struct BinaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    std::optional<double> alpha = alphaOf(op.getAlpha());
    Value result = elementwise(
        rewriter, op.getLoc(), type,
        ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location l, ValueRange args) {
          return binaryScalar(b, l, Kind, args[0], args[1], alpha);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

template <typename OpTy, BinaryKind Kind>
struct ScalarLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    std::optional<double> alpha = alphaOf(op.getAlpha());
    double other = op.getOther().convertToDouble();
    Value result = elementwise(
        rewriter, op.getLoc(), type, ValueRange{adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange args) {
          return binaryScalar(b, l, Kind, args[0],
                              constantLike(b, l, args[0], other), alpha);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Eval-mode dropout is the identity.
struct DropoutLowering : OpConversionPattern<aten::DropoutOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<UnaryLowering<aten::ReluOp, ReluBody>,
               UnaryLowering<aten::Relu6Op, Relu6Body>,
               UnaryLowering<aten::HardtanhOp, HardtanhBody>,
               UnaryLowering<aten::ClampOp, ClampBody>,
               UnaryLowering<aten::LeakyReluOp, LeakyReluBody>,
               UnaryLowering<aten::EluOp, EluBody>,
               UnaryLowering<aten::TanhOp, TanhBody>,
               UnaryLowering<aten::SigmoidOp, SigmoidBody>,
               UnaryLowering<aten::SqrtOp, SqrtBody>,
               UnaryLowering<aten::HardswishOp, HardswishBody>,
               UnaryLowering<aten::HardsigmoidOp, HardsigmoidBody>,
               UnaryLowering<aten::SiluOp, SiluBody>,
               UnaryLowering<aten::GeluOp, GeluBody>, DropoutLowering,
               BinaryLowering<aten::AddOp, BinaryKind::Add>,
               BinaryLowering<aten::SubOp, BinaryKind::Sub>,
               BinaryLowering<aten::MulOp, BinaryKind::Mul>,
               BinaryLowering<aten::DivOp, BinaryKind::Div>,
               ScalarLowering<aten::AddScalarOp, BinaryKind::Add>,
               ScalarLowering<aten::SubScalarOp, BinaryKind::Sub>,
               ScalarLowering<aten::MulScalarOp, BinaryKind::Mul>,
               ScalarLowering<aten::DivScalarOp, BinaryKind::Div>>(
      patterns.getContext());
}
