//===- ElementwiseOps.cpp - lower aten arithmetic and activations ---------===//
//
// Every op becomes one linalg.generic with broadcasting indexing maps; the
// unary bodies are the formulas of AtenScalarFormulas.h (PyTorch's CPU
// kernels; NaN propagates through relu, hardtanh and clamp via maximumf /
// minimumf).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Conversion/AtenToLinalg/FloatOps.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/Aten/IR/AtenScalarFormulas.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return floatConstant(b, loc, like.getType(), value);
}

/// Evaluates the formulas of AtenScalarFormulas.h into arith / math ops.
struct IRFormulaEvaluator {
  using V = Value;
  OpBuilder &b;
  Location l;
  Type type;
  V constant(double v) { return floatConstant(b, l, type, v); }
  V add(V x, V y) { return arith::AddFOp::create(b, l, x, y); }
  V sub(V x, V y) { return arith::SubFOp::create(b, l, x, y); }
  V mul(V x, V y) { return arith::MulFOp::create(b, l, x, y); }
  V div(V x, V y) { return arith::DivFOp::create(b, l, x, y); }
  V neg(V x) { return arith::NegFOp::create(b, l, x); }
  V maximum(V x, V y) { return arith::MaximumFOp::create(b, l, x, y); }
  V minimum(V x, V y) { return arith::MinimumFOp::create(b, l, x, y); }
  V exp(V x) { return math::ExpOp::create(b, l, x); }
  V tanh(V x) { return math::TanhOp::create(b, l, x); }
  V sqrt(V x) { return math::SqrtOp::create(b, l, x); }
  V abs(V x) { return math::AbsFOp::create(b, l, x); }
  V fma(V x, V y, V z) { return math::FmaOp::create(b, l, x, y, z); }
  V copySign(V x, V y) { return math::CopySignOp::create(b, l, x, y); }
  V selectGreater(V x, V y, V t, V f) {
    Value greater =
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, y);
    return arith::SelectOp::create(b, l, greater, t, f);
  }
};

/// An element-wise unary op (activation or scalar arithmetic): one generic
/// whose body is the op's formula (AtenScalarFormulas.h).
template <typename OpTy> struct UnaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (isa<aten::DropoutOp>(op.getOperation())) {
      // Eval-mode dropout is the identity.
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value result = elementwise(
        rewriter, op.getLoc(), type, ValueRange{adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          IRFormulaEvaluator eval{b, loc, args[0].getType()};
          return *aten::evaluateUnary(op.getOperation(), eval, args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
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

/// lhs `kind` rhs broadcast to `resultType`, as the aten binary ops lower.
Value binaryGeneric(OpBuilder &b, Location loc, BinaryKind kind,
                           RankedTensorType resultType, Value lhs, Value rhs,
                           std::optional<double> alpha) {
  return elementwise(b, loc, resultType, ValueRange{lhs, rhs},
                     [&](OpBuilder &nb, Location l, ValueRange args) {
                       return binaryScalar(nb, l, kind, args[0], args[1],
                                           alpha);
                     });
}

template <typename OpTy, BinaryKind Kind>
struct BinaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Value result =
        binaryGeneric(rewriter, op.getLoc(), Kind, type, adaptor.getLhs(),
                      adaptor.getRhs(), alphaOf(op.getAlpha()));
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

Value mlir::quant_pt2e::floatops::add(OpBuilder &b, Location loc,
                                      RankedTensorType resultType, Value lhs,
                                      Value rhs, std::optional<double> alpha) {
  return binaryGeneric(b, loc, BinaryKind::Add, resultType, lhs, rhs, alpha);
}

Value mlir::quant_pt2e::floatops::mul(OpBuilder &b, Location loc,
                                      RankedTensorType resultType, Value lhs,
                                      Value rhs) {
  return binaryGeneric(b, loc, BinaryKind::Mul, resultType, lhs, rhs,
                       std::nullopt);
}

Value mlir::quant_pt2e::floatops::div(OpBuilder &b, Location loc,
                                      RankedTensorType resultType, Value lhs,
                                      Value rhs) {
  return binaryGeneric(b, loc, BinaryKind::Div, resultType, lhs, rhs,
                       std::nullopt);
}

/// One generic applying `formula` (an evaluator step) to each element of x.
static Value
unaryFormula(OpBuilder &b, Location loc, Value x,
             function_ref<Value(IRFormulaEvaluator &, Value)> formula) {
  auto type = cast<RankedTensorType>(x.getType());
  return elementwise(b, loc, type, ValueRange{x},
                     [&](OpBuilder &nb, Location l, ValueRange args) {
                       IRFormulaEvaluator eval{nb, l, args[0].getType()};
                       return formula(eval, args[0]);
                     });
}

Value mlir::quant_pt2e::floatops::addScalar(OpBuilder &b, Location loc, Value x,
                                            double c) {
  return unaryFormula(b, loc, x, [&](IRFormulaEvaluator &e, Value v) {
    return e.add(v, e.constant(c));
  });
}

Value mlir::quant_pt2e::floatops::sqrt(OpBuilder &b, Location loc, Value x) {
  return unaryFormula(b, loc, x,
                      [](IRFormulaEvaluator &e, Value v) { return e.sqrt(v); });
}

Value mlir::quant_pt2e::floatops::alongChannels(OpBuilder &b, Location loc,
                                                Value x, ChannelOp op, Value v,
                                                int64_t axis) {
  BinaryKind kind = op == ChannelOp::Mul   ? BinaryKind::Mul
                    : op == ChannelOp::Div ? BinaryKind::Div
                                           : BinaryKind::Add;
  return perChannel(b, loc, x, ValueRange{v}, axis,
                    [&](OpBuilder &nb, Location l, ValueRange args) {
                      return binaryScalar(nb, l, kind, args[0], args[1],
                                          std::nullopt);
                    });
}

Value mlir::quant_pt2e::floatops::clamp(OpBuilder &b, Location loc, Value x,
                                        std::optional<double> lo,
                                        std::optional<double> hi) {
  return unaryFormula(b, loc, x, [&](IRFormulaEvaluator &e, Value v) {
    return aten::formulas::clamp(e, v, lo, hi);
  });
}

void mlir::quant_pt2e::populateAtenElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<UnaryLowering<aten::ReluOp>, UnaryLowering<aten::Relu6Op>,
           UnaryLowering<aten::HardtanhOp>, UnaryLowering<aten::ClampOp>,
           UnaryLowering<aten::LeakyReluOp>, UnaryLowering<aten::EluOp>,
           UnaryLowering<aten::TanhOp>, UnaryLowering<aten::SigmoidOp>,
           UnaryLowering<aten::SqrtOp>, UnaryLowering<aten::HardswishOp>,
           UnaryLowering<aten::HardsigmoidOp>, UnaryLowering<aten::SiluOp>,
           UnaryLowering<aten::GeluOp>, UnaryLowering<aten::DropoutOp>,
           UnaryLowering<aten::AddScalarOp>, UnaryLowering<aten::SubScalarOp>,
           UnaryLowering<aten::MulScalarOp>, UnaryLowering<aten::DivScalarOp>,
           BinaryLowering<aten::AddOp, BinaryKind::Add>,
           BinaryLowering<aten::SubOp, BinaryKind::Sub>,
           BinaryLowering<aten::MulOp, BinaryKind::Mul>,
           BinaryLowering<aten::DivOp, BinaryKind::Div>>(patterns.getContext());
}
