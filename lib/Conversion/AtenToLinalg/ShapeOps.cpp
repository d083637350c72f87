//===- ShapeOps.cpp - lower aten cat, layout ops, slices and pad ---------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Conversion/AtenToLinalg/FloatOps.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

struct CatLowering : OpConversionPattern<aten::CatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::CatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t dim = static_cast<int64_t>(op.getDim());
    dim = dim < 0 ? dim + type.getRank() : dim;
    rewriter.replaceOp(op, floatops::concat(rewriter, op.getLoc(), type,
                                            adaptor.getInputs(), dim));
    return success();
  }
};

struct PermuteLowering : OpConversionPattern<aten::PermuteOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::PermuteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    int64_t rank = type.getRank();
    SmallVector<int64_t> perm;
    for (int64_t dim : op.getDims())
      perm.push_back(dim < 0 ? dim + rank : dim);
    Value result = linalg::TransposeOp::create(
                       rewriter, op.getLoc(), adaptor.getInput(),
                       emptyTensor(rewriter, op.getLoc(), type), perm)
                       .getResult()[0];
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<aten::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t rank = type.getRank();
    int64_t dim = static_cast<int64_t>(op.getDim());
    dim = dim < 0 ? dim + rank : dim;
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    offsets[dim] = static_cast<int64_t>(op.getStart());
    strides[dim] = static_cast<int64_t>(op.getStep());
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, type, adaptor.getInput(), ValueRange{}, ValueRange{}, ValueRange{},
        offsets, type.getShape(), strides);
    return success();
  }
};

/// Broadcast by an indexing map: expanded size-1 dimensions read index 0,
/// new leading dimensions are not read.
struct ExpandLowering : OpConversionPattern<aten::ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    RankedTensorType input = op.getInput().getType();
    int64_t rank = type.getRank(), newDims = rank - input.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t i = newDims; i < rank; ++i)
      exprs.push_back(input.getDimSize(i - newDims) == 1 &&
                              type.getDimSize(i) != 1
                          ? rewriter.getAffineConstantExpr(0)
                          : rewriter.getAffineDimExpr(i));
    AffineMap map = AffineMap::get(rank, 0, exprs, rewriter.getContext());
    rewriter.replaceOp(op, copyThroughMap(rewriter, op.getLoc(),
                                          adaptor.getInput(), type, map));
    return success();
  }
};

/// view, reshape, flatten and squeeze only change the shape.
template <typename OpTy>
struct ReshapeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getResult().getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    rewriter.replaceOp(op,
                       reshape(rewriter, op.getLoc(), adaptor.getInput(), type));
    return success();
  }
};

struct PadLowering : OpConversionPattern<aten::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getMode() != aten::PadMode::constant)
      return rewriter.notifyMatchFailure(op, "only constant padding is "
                                             "lowered");
    int64_t rank = op.getInput().getType().getRank();
    SmallVector<int64_t> low(rank, 0), high(rank, 0);
    ArrayRef<int64_t> pad = op.getPad();
    for (size_t pair = 0; pair < pad.size() / 2; ++pair) {
      low[rank - 1 - pair] = pad[2 * pair];
      high[rank - 1 - pair] = pad[2 * pair + 1];
    }
    rewriter.replaceOp(op, padOrCrop(rewriter, op.getLoc(), adaptor.getInput(),
                                     low, high,
                                     op.getValue().convertToDouble()));
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenShapeToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<CatLowering, PermuteLowering, SliceLowering, ExpandLowering,
               ReshapeLowering<aten::ViewOp>, ReshapeLowering<aten::ReshapeOp>,
               ReshapeLowering<aten::FlattenOp>,
               ReshapeLowering<aten::SqueezeOp>, PadLowering>(
      patterns.getContext());
}

Value mlir::quant_pt2e::floatops::concat(OpBuilder &b, Location loc,
                                         RankedTensorType resultType,
                                         ValueRange inputs, int64_t dim) {
  int64_t rank = resultType.getRank();
  Value result = emptyTensor(b, loc, resultType);
  int64_t offset = 0;
  for (Value input : inputs) {
    auto inType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    offsets[dim] = offset;
    result = tensor::InsertSliceOp::create(b, loc, input, result, ValueRange{},
                                           ValueRange{}, ValueRange{}, offsets,
                                           inType.getShape(), strides);
    offset += inType.getDimSize(dim);
  }
  return result;
}
