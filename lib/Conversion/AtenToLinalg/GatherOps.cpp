//===- GatherOps.cpp - lower aten embedding and reflect/replicate pad -----===//
//
// Both read their input at computed indices: a linalg.generic over the
// result whose body derives the source index from linalg.index and reads it
// with tensor.extract. Embedding indices outside the table fail a cf.assert
// at run time (PyTorch raises IndexError) instead of reading out of bounds.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::lowering;

namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

struct EmbeddingLowering : OpConversionPattern<aten::EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    auto weightType = op.getWeight().getType();
    if (!resultType.hasStaticShape() || !weightType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t rank = resultType.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> indexDims;
    for (int64_t i = 0; i + 1 < rank; ++i)
      indexDims.push_back(getAffineDimExpr(i, ctx));
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, indexDims, ctx),
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value weight = adaptor.getWeight();
    int64_t rows = weightType.getDimSize(0);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{resultType},
            ValueRange{adaptor.getIndices()},
            ValueRange{emptyTensor(rewriter, loc, resultType)}, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value row = arith::IndexCastOp::create(b, l, b.getIndexType(),
                                                     args[0]);
              Value inRange = arith::AndIOp::create(
                  b, l,
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, row,
                                        indexConstant(b, l, 0)),
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, row,
                                        indexConstant(b, l, rows)));
              cf::AssertOp::create(b, l, inRange,
                                   "aten.embedding: index out of range");
              Value column = linalg::IndexOp::create(b, l, rank - 1);
              linalg::YieldOp::create(
                  b, l,
                  tensor::ExtractOp::create(b, l, weight,
                                            ValueRange{row, column})
                      .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Reflect / replicate padding as a gather from the input.
struct GatherPadLowering : OpConversionPattern<aten::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(aten::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getMode() == aten::PadMode::constant)
      return rewriter.notifyMatchFailure(op, "constant padding is a tensor.pad");
    Location loc = op.getLoc();
    auto inType = op.getInput().getType();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    if (!inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not lowered");
    int64_t rank = inType.getRank();
    SmallVector<int64_t> low(rank, 0);
    ArrayRef<int64_t> pad = op.getPad();
    for (size_t pair = 0; pair < pad.size() / 2; ++pair)
      low[rank - 1 - pair] = pad[2 * pair];
    bool reflect = op.getMode() == aten::PadMode::reflect;
    Value input = adaptor.getInput();
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{resultType}, ValueRange{},
            ValueRange{emptyTensor(rewriter, loc, resultType)},
            SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange) {
              SmallVector<Value> source;
              for (int64_t d = 0; d < rank; ++d) {
                int64_t size = inType.getDimSize(d);
                Value i = arith::SubIOp::create(
                    b, l, linalg::IndexOp::create(b, l, d),
                    indexConstant(b, l, low[d]));
                Value zero = indexConstant(b, l, 0);
                Value last = indexConstant(b, l, size - 1);
                if (reflect) {
                  // i < 0 -> -i; i > last -> 2 * last - i
                  Value negated = arith::SubIOp::create(b, l, zero, i);
                  i = arith::MaxSIOp::create(b, l, i, negated);
                  Value mirrored = arith::SubIOp::create(
                      b, l, indexConstant(b, l, 2 * (size - 1)), i);
                  i = arith::MinSIOp::create(b, l, i, mirrored);
                } else {
                  i = arith::MinSIOp::create(
                      b, l, arith::MaxSIOp::create(b, l, i, zero), last);
                }
                source.push_back(i);
              }
              linalg::YieldOp::create(
                  b, l, tensor::ExtractOp::create(b, l, input, source)
                            .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::quant_pt2e::populateAtenGatherToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<EmbeddingLowering, GatherPadLowering>(patterns.getContext());
}
