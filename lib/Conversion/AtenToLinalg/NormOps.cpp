//===- NormOps.cpp - lower aten batch norm, layer norm and softmax --------===//
//
// Inference batch norm follows PyTorch's batch_norm_cpu_transform_input:
// alpha = weight / sqrt(var + eps), beta = bias - mean * alpha,
// y = x * alpha + beta. Training batch norm normalizes with the batch's
// biased variance and returns the running statistics updated with the
// unbiased one: running = (1 - momentum) * running + momentum * batch.
// Layer norm normalizes over the trailing normalized_shape dimensions.
// Softmax follows _vec_softmax_lastdim: the maximum, exp(x - max) and its
// sum, then a multiplication by the sum's reciprocal.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

/// Reduction over `dims` of fn(x, per-group values...) into a tensor of the
/// kept dimensions, starting from `init` and folding with `combine`
/// (default: a sum from 0); `groupInputs` are indexed by the kept dimensions.
Value reduce(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> dims,
             ValueRange groupInputs, ScalarFn fn, double init = 0.0,
             bool maximum = false) {
  auto type = cast<RankedTensorType>(x.getType());
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> keptShape;
  SmallVector<AffineExpr> keptExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    bool reduced = llvm::is_contained(dims, i);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced) {
      keptShape.push_back(type.getDimSize(i));
      keptExprs.push_back(getAffineDimExpr(i, ctx));
    }
  }
  auto resultType = RankedTensorType::get(keptShape, type.getElementType());
  AffineMap kept = AffineMap::get(type.getRank(), 0, keptExprs, ctx);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(type.getRank())};
  SmallVector<Value> inputs{x};
  for (Value input : groupInputs) {
    maps.push_back(kept);
    inputs.push_back(input);
  }
  maps.push_back(kept);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs,
             ValueRange{filledTensor(b, loc, resultType, init)}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value term = fn(nb, l, args.drop_back());
               Value folded =
                   maximum ? arith::MaximumFOp::create(nb, l, args.back(), term)
                                 .getResult()
                           : arith::AddFOp::create(nb, l, args.back(), term)
                                 .getResult();
               linalg::YieldOp::create(nb, l, folded);
             })
      .getResult(0);
}

Value reduceSum(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> dims,
                ValueRange groupInputs, ScalarFn fn) {
  return reduce(b, loc, x, dims, groupInputs, fn);
}

Value divideBy(OpBuilder &b, Location loc, Value sum, double count) {
  auto type = cast<RankedTensorType>(sum.getType());
  return elementwise(b, loc, type, ValueRange{sum},
                     [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
                       return arith::DivFOp::create(
                           nb, l, v[0],
                           floatConstant(nb, l, v[0].getType(), count));
                     });
}

/// 1 / sqrt(var + eps) element-wise.
Value invStd(OpBuilder &b, Location loc, Value var, double eps) {
  auto type = cast<RankedTensorType>(var.getType());
  return elementwise(b, loc, type, ValueRange{var},
                     [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
                       Type t = v[0].getType();
                       Value sum = arith::AddFOp::create(
                           nb, l, v[0], floatConstant(nb, l, t, eps));
                       return arith::DivFOp::create(
                           nb, l, floatConstant(nb, l, t, 1.0),
                           math::SqrtOp::create(nb, l, sum));
                     });
}

/// Mean and biased variance of `x` over `dims` (two passes, as PyTorch).
std::pair<Value, Value> moments(OpBuilder &b, Location loc, Value x,
                                ArrayRef<int64_t> dims, double count) {
  auto identity = [](OpBuilder &, Location, ValueRange v) { return v[0]; };
  Value mean = divideBy(b, loc, reduceSum(b, loc, x, dims, {}, identity), count);
  Value squares = reduceSum(
      b, loc, x, dims, ValueRange{mean},
      [](OpBuilder &nb, Location l, ValueRange v) -> Value {
        Value centered = arith::SubFOp::create(nb, l, v[0], v[1]);
        return arith::MulFOp::create(nb, l, centered, centered);
      });
  return {mean, divideBy(b, loc, squares, count)};
}

Value applyBatchNorm(OpBuilder &b, Location loc, Value x, Value mean,
                     Value invstd, Value weight, Value bias) {
  // alpha = invstd * weight, beta = bias - mean * alpha, y = x * alpha + beta
  auto vectorType = cast<RankedTensorType>(mean.getType());
  SmallVector<Value> params{mean, invstd};
  if (weight)
    params.push_back(weight);
  if (bias)
    params.push_back(bias);
  auto coefficient = [&](bool wantBeta) {
    return elementwise(
        b, loc, vectorType, params,
        [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
          Value alpha = weight ? arith::MulFOp::create(nb, l, v[1], v[2])
                               : v[1];
          if (!wantBeta)
            return alpha;
          Value shift = bias ? v[params.size() - 1]
                             : floatConstant(nb, l, alpha.getType(), 0.0);
          return arith::SubFOp::create(
              nb, l, shift, arith::MulFOp::create(nb, l, v[0], alpha));
        });
  };
  Value alpha = coefficient(false), beta = coefficient(true);
  return perChannel(b, loc, x, ValueRange{alpha, beta}, 1,
                    [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                      return arith::AddFOp::create(
                          nb, l, arith::MulFOp::create(nb, l, v[0], v[1]), v[2]);
                    });
}

struct BatchNormLowering : OpConversionPattern<aten::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value invstd = invStd(rewriter, loc, adaptor.getRunningVar(),
                          op.getEps().convertToDouble());
    rewriter.replaceOp(op, applyBatchNorm(rewriter, loc, adaptor.getInput(),
                                          adaptor.getRunningMean(), invstd,
                                          adaptor.getWeight(),
                                          adaptor.getBias()));
    return success();
  }
};

struct BatchNormTrainingLowering
    : OpConversionPattern<aten::BatchNormTrainingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::BatchNormTrainingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getInput().getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    SmallVector<int64_t> dims;
    double count = 1;
    for (int64_t i = 0; i < type.getRank(); ++i)
      if (i != 1) {
        dims.push_back(i);
        count *= type.getDimSize(i);
      }
    auto [mean, var] = moments(rewriter, loc, adaptor.getInput(), dims, count);
    Value invstd = invStd(rewriter, loc, var, op.getEps().convertToDouble());
    Value out = applyBatchNorm(rewriter, loc, adaptor.getInput(), mean,
                               invstd, adaptor.getWeight(), adaptor.getBias());
    double momentum = op.getMomentum().convertToDouble();
    double unbias = count > 1 ? count / (count - 1) : 1.0;
    auto vectorType = cast<RankedTensorType>(mean.getType());
    auto update = [&](Value running, Value batch, double factor) {
      return elementwise(
          rewriter, loc, vectorType, ValueRange{running, batch},
          [&](OpBuilder &nb, Location l, ValueRange v) -> Value {
            Type t = v[0].getType();
            Value kept = arith::MulFOp::create(
                nb, l, v[0], floatConstant(nb, l, t, 1.0 - momentum));
            Value added = arith::MulFOp::create(
                nb, l, v[1], floatConstant(nb, l, t, momentum * factor));
            return arith::AddFOp::create(nb, l, kept, added);
          });
    };
    rewriter.replaceOp(op, {out, update(adaptor.getRunningMean(), mean, 1.0),
                            update(adaptor.getRunningVar(), var, unbias)});
    return success();
  }
};

struct LayerNormLowering : OpConversionPattern<aten::LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getInput().getType();
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t rank = type.getRank();
    int64_t normalized = op.getNormalizedShape().size();
    SmallVector<int64_t> dims;
    double count = 1;
    for (int64_t i = rank - normalized; i < rank; ++i) {
      dims.push_back(i);
      count *= type.getDimSize(i);
    }
    auto [mean, var] = moments(rewriter, loc, adaptor.getInput(), dims, count);
    Value rstd = invStd(rewriter, loc, var, op.getEps().convertToDouble());
    // y = (x - mean) * rstd, the statistics broadcast over the trailing dims.
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    SmallVector<int64_t> statShape(type.getShape().drop_back(normalized));
    statShape.append(normalized, 1);
    auto statType = RankedTensorType::get(statShape, type.getElementType());
    Value y = elementwise(
        rewriter, loc, resultType,
        ValueRange{adaptor.getInput(), reshape(rewriter, loc, mean, statType),
                   reshape(rewriter, loc, rstd, statType)},
        [](OpBuilder &nb, Location l, ValueRange v) -> Value {
          return arith::MulFOp::create(
              nb, l, arith::SubFOp::create(nb, l, v[0], v[1]), v[2]);
        });
    if (Value weight = adaptor.getWeight())
      y = elementwise(rewriter, loc, resultType, ValueRange{y, weight},
                      [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                        return arith::MulFOp::create(nb, l, v[0], v[1]);
                      });
    if (Value bias = adaptor.getBias())
      y = elementwise(rewriter, loc, resultType, ValueRange{y, bias},
                      [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                        return arith::AddFOp::create(nb, l, v[0], v[1]);
                      });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct SoftmaxLowering : OpConversionPattern<aten::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t rank = type.getRank();
    int64_t dim = static_cast<int64_t>(op.getDim());
    dim = dim < 0 ? dim + rank : dim;
    Value x = adaptor.getInput();
    auto identity = [](OpBuilder &, Location, ValueRange v) { return v[0]; };
    Value max = reduce(rewriter, loc, x, {dim}, {}, identity,
                       -std::numeric_limits<double>::infinity(),
                       /*maximum=*/true);
    // The statistics broadcast back along `dim` (kept as size 1).
    SmallVector<int64_t> statShape(type.getShape());
    statShape[dim] = 1;
    auto statType = RankedTensorType::get(statShape, type.getElementType());
    Value exps =
        elementwise(rewriter, loc, type,
                    ValueRange{x, reshape(rewriter, loc, max, statType)},
                    [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                      return math::ExpOp::create(
                          nb, l, arith::SubFOp::create(nb, l, v[0], v[1]));
                    });
    Value sum = reduceSum(rewriter, loc, exps, {dim}, {}, identity);
    Value y = elementwise(
        rewriter, loc, type,
        ValueRange{exps, reshape(rewriter, loc, sum, statType)},
        [](OpBuilder &nb, Location l, ValueRange v) -> Value {
          Value inverse = arith::DivFOp::create(
              nb, l, floatConstant(nb, l, v[1].getType(), 1.0), v[1]);
          return arith::MulFOp::create(nb, l, v[0], inverse);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenNormToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, BatchNormTrainingLowering, LayerNormLowering,
               SoftmaxLowering>(patterns.getContext());
}
