//===- ConvOps.cpp - lower aten convolution -------------------------------===//
//
// Convolutions map to linalg named convolutions on NCHW tensors:
//   groups == 1                 -> linalg.conv_2d_nchw_fchw
//   depthwise (groups == C == F) -> linalg.depthwise_conv_2d_nchw_chw
//   other groups                -> linalg.conv_2d_ngchw_gfchw
// 1-d convolutions run as 2-d ones with a unit height. A transposed
// convolution is the direct convolution of the input with zeros inserted
// between elements (stride), padded by dilation * (k - 1) - padding (plus
// output_padding at the end), with the kernel flipped and its channel axes
// swapped. The bias initializes the accumulator.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

/// Appends a unit dimension before the last one: [N, C, L] -> [N, C, 1, L].
Value insertUnitDim(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.end() - 1, 1);
  return reshape(b, loc, value,
                 RankedTensorType::get(shape, type.getElementType()));
}

/// Flips the spatial dimensions of a transposed-conv weight and swaps its
/// channel axes: W[i, o, h, w] -> W'[o, i, KH-1-h, KW-1-w].
Value flipTransposedKernel(OpBuilder &b, Location loc, Value weight) {
  auto type = cast<RankedTensorType>(weight.getType());
  ArrayRef<int64_t> s = type.getShape();
  auto resultType =
      RankedTensorType::get({s[1], s[0], s[2], s[3]}, type.getElementType());
  MLIRContext *ctx = b.getContext();
  AffineExpr o = getAffineDimExpr(0, ctx), i = getAffineDimExpr(1, ctx),
             h = getAffineDimExpr(2, ctx), w = getAffineDimExpr(3, ctx);
  return copyThroughMap(
      b, loc, weight, resultType,
      AffineMap::get(4, 0, {i, o, s[2] - 1 - h, s[3] - 1 - w}, ctx));
}

/// Inserts stride - 1 zeros between the spatial elements of an NCHW tensor.
Value insertZeros(OpBuilder &b, Location loc, Value input,
                  ArrayRef<int64_t> stride) {
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> s = type.getShape();
  if (stride[0] == 1 && stride[1] == 1)
    return input;
  auto dilatedType = RankedTensorType::get(
      {s[0], s[1], (s[2] - 1) * stride[0] + 1, (s[3] - 1) * stride[1] + 1},
      type.getElementType());
  Value zeros = filledTensor(b, loc, dilatedType, 0.0);
  SmallVector<int64_t> offsets(4, 0), strides{1, 1, stride[0], stride[1]};
  return tensor::InsertSliceOp::create(b, loc, input, zeros, ValueRange{},
                                       ValueRange{}, ValueRange{}, offsets,
                                       s, strides);
}

struct ConvolutionLowering : OpConversionPattern<aten::ConvolutionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(aten::ConvolutionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    if (!op.getInput().getType().hasStaticShape() ||
        !op.getWeight().getType().hasStaticShape() ||
        !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t spatial = resultType.getRank() - 2;
    if (spatial != 1 && spatial != 2)
      return rewriter.notifyMatchFailure(op, "only 1-d and 2-d convolutions "
                                             "are lowered");
    int64_t groups = static_cast<int64_t>(op.getGroups());
    bool transposed = op.getTransposed();
    if (transposed && groups != 1)
      return rewriter.notifyMatchFailure(
          op, "grouped transposed convolution is not lowered");

    Value input = adaptor.getInput(), weight = adaptor.getWeight();
    SmallVector<int64_t> stride(op.getStride()), padding(op.getPadding()),
        dilation(op.getDilation()), outPad(op.getOutputPadding());
    RankedTensorType type2d = resultType;
    if (spatial == 1) {
      input = insertUnitDim(rewriter, loc, input);
      weight = insertUnitDim(rewriter, loc, weight);
      stride.insert(stride.begin(), 1);
      padding.insert(padding.begin(), 0);
      dilation.insert(dilation.begin(), 1);
      outPad.insert(outPad.begin(), 0);
      SmallVector<int64_t> shape(resultType.getShape());
      shape.insert(shape.end() - 1, 1);
      type2d = RankedTensorType::get(shape, resultType.getElementType());
    }

    auto weightType = cast<RankedTensorType>(weight.getType());
    SmallVector<int64_t> low(4, 0), high(4, 0);
    if (transposed) {
      input = insertZeros(rewriter, loc, input, stride);
      for (int i = 0; i < 2; ++i) {
        int64_t edge = dilation[i] * (weightType.getDimSize(i + 2) - 1) -
                       padding[i];
        low[i + 2] = edge;
        high[i + 2] = edge + outPad[i];
      }
      weight = flipTransposedKernel(rewriter, loc, weight);
      weightType = cast<RankedTensorType>(weight.getType());
      stride = {1, 1};
    } else {
      for (int i = 0; i < 2; ++i)
        low[i + 2] = high[i + 2] = padding[i];
    }
    input = padOrCrop(rewriter, loc, input, low, high, 0.0);

    Value init = adaptor.getBias()
                     ? broadcastAlong(rewriter, loc, adaptor.getBias(),
                                      type2d, 1)
                     : filledTensor(rewriter, loc, type2d, 0.0);
    DenseIntElementsAttr strides = i64Vector(rewriter, stride);
    DenseIntElementsAttr dilations = i64Vector(rewriter, dilation);
    int64_t inChannels =
        cast<RankedTensorType>(input.getType()).getDimSize(1);
    int64_t outChannels = type2d.getDimSize(1);
    Value result;
    if (groups == 1) {
      result = linalg::Conv2DNchwFchwOp::create(
                   rewriter, loc, TypeRange{type2d}, ValueRange{input, weight},
                   ValueRange{init}, strides, dilations)
                   .getResult(0);
    } else if (groups == inChannels && outChannels == inChannels &&
               weightType.getDimSize(1) == 1) {
      ArrayRef<int64_t> w = weightType.getShape();
      Value kernel = reshape(
          rewriter, loc, weight,
          RankedTensorType::get({w[0], w[2], w[3]},
                                weightType.getElementType()));
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   rewriter, loc, TypeRange{type2d}, ValueRange{input, kernel},
                   ValueRange{init}, strides, dilations)
                   .getResult(0);
    } else {
      auto inType = cast<RankedTensorType>(input.getType());
      ArrayRef<int64_t> in = inType.getShape(), w = weightType.getShape(),
                        out = type2d.getShape();
      Type elem = inType.getElementType();
      Value groupedInput = reshape(
          rewriter, loc, input,
          RankedTensorType::get({in[0], groups, in[1] / groups, in[2], in[3]},
                                elem));
      Value groupedWeight = reshape(
          rewriter, loc, weight,
          RankedTensorType::get({groups, w[0] / groups, w[1], w[2], w[3]},
                                elem));
      auto groupedType = RankedTensorType::get(
          {out[0], groups, out[1] / groups, out[2], out[3]}, elem);
      Value groupedInit = reshape(rewriter, loc, init, groupedType);
      Value grouped = linalg::Conv2DNgchwGfchwOp::create(
                          rewriter, loc, TypeRange{groupedType},
                          ValueRange{groupedInput, groupedWeight},
                          ValueRange{groupedInit}, strides, dilations)
                          .getResult(0);
      result = reshape(rewriter, loc, grouped, type2d);
    }
    rewriter.replaceOp(op, reshape(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenConvToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConvolutionLowering>(patterns.getContext());
}
