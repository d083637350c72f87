//===- LinearOps.cpp - lower aten linear, addmm, mm, bmm, t ---------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

Value transpose2d(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value,
                                     emptyTensor(b, loc, resultType),
                                     ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init) {
  return linalg::MatmulOp::create(b, loc, TypeRange{init.getType()},
                                  ValueRange{lhs, rhs}, ValueRange{init})
      .getResult(0);
}

struct TLowering : OpConversionPattern<aten::TOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::TOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    rewriter.replaceOp(op, op.getInput().getType().getRank() < 2
                               ? input
                               : transpose2d(rewriter, op.getLoc(), input));
    return success();
  }
};

struct MmLowering : OpConversionPattern<aten::MmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::MmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Value init = filledTensor(rewriter, op.getLoc(), type, 0.0);
    rewriter.replaceOp(op, matmul(rewriter, op.getLoc(), adaptor.getLhs(),
                                  adaptor.getRhs(), init));
    return success();
  }
};

struct BmmLowering : OpConversionPattern<aten::BmmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::BmmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    Value init = filledTensor(rewriter, op.getLoc(), type, 0.0);
    rewriter.replaceOp(op, linalg::BatchMatmulOp::create(
                               rewriter, op.getLoc(), TypeRange{type},
                               ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                               ValueRange{init})
                               .getResult(0));
    return success();
  }
};

struct AddmmLowering : OpConversionPattern<aten::AddmmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::AddmmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    double beta = op.getBeta().convertToDouble();
    double alpha = op.getAlpha().convertToDouble();
    Value product = matmul(rewriter, loc, adaptor.getMat1(), adaptor.getMat2(),
                           filledTensor(rewriter, loc, type, 0.0));
    // beta * input + alpha * (mat1 @ mat2), input broadcast.
    Value result = elementwise(
        rewriter, loc, type, ValueRange{adaptor.getInput(), product},
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          Value bias = v[0], mm = v[1];
          if (beta != 1.0)
            bias = arith::MulFOp::create(
                b, l, bias, floatConstant(b, l, bias.getType(), beta));
          if (alpha != 1.0)
            mm = arith::MulFOp::create(b, l, mm,
                                       floatConstant(b, l, mm.getType(), alpha));
          return arith::AddFOp::create(b, l, mm, bias);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LinearLowering : OpConversionPattern<aten::LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = op.getInput().getType();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t in = inType.getShape().back(), out = type.getShape().back();
    int64_t rows = inType.getNumElements() / std::max<int64_t>(in, 1);
    Type elem = type.getElementType();
    auto flatIn = RankedTensorType::get({rows, in}, elem);
    auto flatOut = RankedTensorType::get({rows, out}, elem);
    Value x = reshape(rewriter, loc, adaptor.getInput(), flatIn);
    Value init = adaptor.getBias()
                     ? broadcastAlong(rewriter, loc, adaptor.getBias(),
                                      flatOut, 1)
                     : filledTensor(rewriter, loc, flatOut, 0.0);
    Value y = matmul(rewriter, loc, x,
                     transpose2d(rewriter, loc, adaptor.getWeight()), init);
    rewriter.replaceOp(op, reshape(rewriter, loc, y, type));
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenLinearToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<TLowering, MmLowering, BmmLowering, AddmmLowering, LinearLowering>(
          patterns.getContext());
}
