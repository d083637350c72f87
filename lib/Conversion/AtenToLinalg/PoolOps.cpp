//===- PoolOps.cpp - lower aten pooling and mean --------------------------===//
//
// max_pool2d: -inf padding + linalg.pooling_nchw_max. avg_pool2d: zero
// padding + linalg.pooling_nchw_sum, divided by PyTorch's per-window divisor
// (computed at compile time: padded window clipped to the padded input, or
// to the input without count_include_pad, or divisor_override).
// adaptive_avg_pool2d: sums over PyTorch's adaptive windows (a constant
// window mask) divided by the window sizes. mean: linalg.reduce + divide.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Conversion/AtenToLinalg/FloatOps.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include <limits>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

/// Reshapes [C, H, W] to [1, C, H, W]; 4-d tensors pass through.
Value toNchw(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == 4)
    return value;
  SmallVector<int64_t> shape{1};
  llvm::append_range(shape, type.getShape());
  return reshape(b, loc, value,
                 RankedTensorType::get(shape, type.getElementType()));
}

RankedTensorType nchwType(RankedTensorType type) {
  if (type.getRank() == 4)
    return type;
  SmallVector<int64_t> shape{1};
  llvm::append_range(shape, type.getShape());
  return RankedTensorType::get(shape, type.getElementType());
}

/// Padding after the last element so that every output window fits:
/// (out - 1) * stride + dilation * (k - 1) + 1 - (in + padLow). May be
/// negative (floor mode drops trailing input).
int64_t highPadding(int64_t in, int64_t out, int64_t k, int64_t pad,
                    int64_t stride, int64_t dilation) {
  return (out - 1) * stride + dilation * (k - 1) + 1 - (in + pad);
}

/// Pads the spatial dims of an NCHW tensor and returns the pooling window.
Value padForPool(OpBuilder &b, Location loc, Value input,
                 RankedTensorType outType, ArrayRef<int64_t> kernel,
                 ArrayRef<int64_t> stride, ArrayRef<int64_t> padding,
                 ArrayRef<int64_t> dilation, double padValue) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> low{0, 0, padding[0], padding[1]}, high{0, 0, 0, 0};
  for (int i = 0; i < 2; ++i)
    high[i + 2] = highPadding(type.getDimSize(i + 2),
                              outType.getDimSize(i + 2), kernel[i], padding[i],
                              stride[i], dilation[i]);
  return padOrCrop(b, loc, input, low, high, padValue);
}

Value window(OpBuilder &b, Location loc, ArrayRef<int64_t> kernel,
             Type elem) {
  return tensor::EmptyOp::create(b, loc, kernel, elem);
}

struct MaxPool2dLowering : OpConversionPattern<aten::MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    if (!resultType.hasStaticShape() || !op.getInput().getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    RankedTensorType outType = nchwType(resultType);
    Type elem = outType.getElementType();
    double lowest = -std::numeric_limits<double>::infinity();
    Value input = padForPool(rewriter, loc, toNchw(rewriter, loc, adaptor.getInput()),
                             outType, op.getKernelSize(), op.getStride(),
                             op.getPadding(), op.getDilation(), lowest);
    Value init = filledTensor(rewriter, loc, outType, lowest);
    Value pooled =
        linalg::PoolingNchwMaxOp::create(
            rewriter, loc, TypeRange{outType},
            ValueRange{input, window(rewriter, loc, op.getKernelSize(), elem)},
            ValueRange{init}, i64Vector(rewriter, op.getStride()),
            i64Vector(rewriter, op.getDilation()))
            .getResult(0);
    rewriter.replaceOp(op, reshape(rewriter, loc, pooled, resultType));
    return success();
  }
};

/// Divides an NCHW tensor by a per-(h, w) divisor table.
Value divideBySpatialTable(OpBuilder &b, Location loc, Value sum,
                           ArrayRef<float> divisors) {
  auto type = cast<RankedTensorType>(sum.getType());
  auto tableType = RankedTensorType::get(
      {type.getDimSize(2), type.getDimSize(3)}, type.getElementType());
  Value table = arith::ConstantOp::create(
      b, loc, tableType, DenseElementsAttr::get(tableType, divisors));
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{
      b.getMultiDimIdentityMap(4),
      AffineMap::get(4, 0, {getAffineDimExpr(2, ctx), getAffineDimExpr(3, ctx)},
                     ctx),
      b.getMultiDimIdentityMap(4)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{sum, table},
             ValueRange{emptyTensor(b, loc, type)}, maps, iterators,
             [](OpBuilder &nb, Location l, ValueRange v) {
               linalg::YieldOp::create(nb, l,
                                       arith::DivFOp::create(nb, l, v[0], v[1])
                                           .getResult());
             })
      .getResult(0);
}

struct AvgPool2dLowering : OpConversionPattern<aten::AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    if (!resultType.hasStaticShape() ||
        !op.getInput().getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    std::optional<int64_t> divisor;
    if (std::optional<uint64_t> override = op.getDivisorOverride())
      divisor = static_cast<int64_t>(*override);
    rewriter.replaceOp(
        op,
        floatops::avgPool2d(rewriter, op.getLoc(), adaptor.getInput(),
                            resultType, op.getKernelSize(), op.getStride(),
                            op.getPadding(), op.getCountIncludePad(), divisor));
    return success();
  }
};

struct AdaptiveAvgPool2dLowering
    : OpConversionPattern<aten::AdaptiveAvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::AdaptiveAvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    auto inType = op.getInput().getType();
    if (!inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    RankedTensorType outType = nchwType(resultType);
    Type elem = outType.getElementType();
    int64_t inH = inType.getDimSize(inType.getRank() - 2),
            inW = inType.getDimSize(inType.getRank() - 1);
    int64_t outH = outType.getDimSize(2), outW = outType.getDimSize(3);
    // PyTorch's adaptive windows: [floor(i*in/out), ceil((i+1)*in/out)).
    auto start = [](int64_t i, int64_t in, int64_t out) { return i * in / out; };
    auto end = [](int64_t i, int64_t in, int64_t out) {
      return ((i + 1) * in + out - 1) / out;
    };
    SmallVector<float> mask, divisors;
    for (int64_t oh = 0; oh < outH; ++oh)
      for (int64_t ow = 0; ow < outW; ++ow) {
        for (int64_t h = 0; h < inH; ++h)
          for (int64_t w = 0; w < inW; ++w)
            mask.push_back(h >= start(oh, inH, outH) && h < end(oh, inH, outH) &&
                                   w >= start(ow, inW, outW) &&
                                   w < end(ow, inW, outW)
                               ? 1.0f
                               : 0.0f);
        divisors.push_back(static_cast<float>(
            (end(oh, inH, outH) - start(oh, inH, outH)) *
            (end(ow, inW, outW) - start(ow, inW, outW))));
      }
    auto maskType = RankedTensorType::get({outH, outW, inH, inW}, elem);
    Value maskValue = arith::ConstantOp::create(
        rewriter, loc, maskType, DenseElementsAttr::get(maskType, ArrayRef(mask)));
    // sum[n, c, i, j] = sum_{h, w} x[n, c, h, w] * mask[i, j, h, w]
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> maps{
        AffineMap::get(6, 0, {d(0), d(1), d(4), d(5)}, ctx),
        AffineMap::get(6, 0, {d(2), d(3), d(4), d(5)}, ctx),
        AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx)};
    SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{outType},
                    ValueRange{toNchw(rewriter, loc, adaptor.getInput()),
                               maskValue},
                    ValueRange{filledTensor(rewriter, loc, outType, 0.0)}, maps,
                    iterators,
                    [](OpBuilder &b, Location l, ValueRange v) {
                      Value product = arith::MulFOp::create(b, l, v[0], v[1]);
                      linalg::YieldOp::create(
                          b, l, arith::AddFOp::create(b, l, v[2], product)
                                    .getResult());
                    })
                    .getResult(0);
    Value result = divideBySpatialTable(rewriter, loc, sum, divisors);
    rewriter.replaceOp(op, reshape(rewriter, loc, result, resultType));
    return success();
  }
};

struct MeanLowering : OpConversionPattern<aten::MeanOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::MeanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = op.getInput().getType();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    if (!inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t rank = inType.getRank();
    SmallVector<int64_t> dims;
    for (int64_t dim : op.getDims())
      dims.push_back(dim < 0 ? dim + rank : dim);
    llvm::sort(dims);
    SmallVector<int64_t> kept;
    int64_t count = 1;
    for (int64_t i = 0; i < rank; ++i) {
      if (llvm::is_contained(dims, i))
        count *= inType.getDimSize(i);
      else
        kept.push_back(inType.getDimSize(i));
    }
    Type elem = inType.getElementType();
    auto reducedType = RankedTensorType::get(kept, elem);
    Value init = filledTensor(rewriter, loc, reducedType, 0.0);
    Value sum =
        linalg::ReduceOp::create(
            rewriter, loc, ValueRange{adaptor.getInput()}, ValueRange{init},
            dims,
            [](OpBuilder &b, Location l, ValueRange v) {
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, v[0], v[1]).getResult());
            })
            .getResult(0);
    Value mean = elementwise(
        rewriter, loc, reducedType, ValueRange{sum},
        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
          return arith::DivFOp::create(
              b, l, v[0], floatConstant(b, l, elem, static_cast<double>(count)));
        });
    rewriter.replaceOp(op, reshape(rewriter, loc, mean, resultType));
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenPoolToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, AdaptiveAvgPool2dLowering,
               MeanLowering>(patterns.getContext());
}

Value mlir::quant_pt2e::floatops::avgPool2d(
    OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
    ArrayRef<int64_t> k, ArrayRef<int64_t> s, ArrayRef<int64_t> p,
    bool countIncludePad, std::optional<int64_t> divisorOverride) {
  auto inType = cast<RankedTensorType>(input.getType());
  RankedTensorType outType = nchwType(resultType);
  SmallVector<int64_t> dil{1, 1};
  Value padded =
      padForPool(b, loc, toNchw(b, loc, input), outType, k, s, p, dil, 0.0);
  Value init = filledTensor(b, loc, outType, 0.0);
  Value sum =
      linalg::PoolingNchwSumOp::create(
          b, loc, TypeRange{outType},
          ValueRange{padded, window(b, loc, k, outType.getElementType())},
          ValueRange{init}, i64Vector(b, s), i64Vector(b, dil))
          .getResult(0);
  // PyTorch's avg_pool2d divisor per output position.
  int64_t inH = inType.getDimSize(inType.getRank() - 2),
          inW = inType.getDimSize(inType.getRank() - 1);
  int64_t outH = outType.getDimSize(2), outW = outType.getDimSize(3);
  SmallVector<float> divisors;
  for (int64_t oh = 0; oh < outH; ++oh)
    for (int64_t ow = 0; ow < outW; ++ow) {
      if (divisorOverride) {
        divisors.push_back(static_cast<float>(*divisorOverride));
        continue;
      }
      int64_t hs = oh * s[0] - p[0], ws = ow * s[1] - p[1];
      int64_t he = std::min(hs + k[0], inH + p[0]),
              we = std::min(ws + k[1], inW + p[1]);
      int64_t poolSize = (he - hs) * (we - ws);
      hs = std::max<int64_t>(hs, 0);
      ws = std::max<int64_t>(ws, 0);
      he = std::min(he, inH);
      we = std::min(we, inW);
      divisors.push_back(static_cast<float>(
          countIncludePad ? poolSize : (he - hs) * (we - ws)));
    }
  Value result = divideBySpatialTable(b, loc, sum, divisors);
  return reshape(b, loc, result, resultType);
}
