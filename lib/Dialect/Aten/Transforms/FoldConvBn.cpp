//===- FoldConvBn.cpp - the quant-pt2e-fold-conv-bn pass ------------------===//

#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"

#include "quant-pt2e/IR/ConstantTensors.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "quant-pt2e/Math/QuantMath.h"
#include "quant-pt2e/IR/ShapeLimits.h"

namespace mlir::aten {
#define GEN_PASS_DEF_FOLDCONVBN
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"
} // namespace mlir::aten

using namespace mlir;
using namespace mlir::aten;

namespace {


/// Folds an inference batch norm into its producer: an aten.convolution, or
/// an aten.linear when `foldLinear`.
struct FoldConvBnPattern : OpRewritePattern<BatchNormOp> {
  FoldConvBnPattern(MLIRContext *ctx, bool foldLinear)
      : OpRewritePattern(ctx), foldLinear(foldLinear) {}
  bool foldLinear;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    Operation *producer = bn.getInput().getDefiningOp();
    auto conv = dyn_cast_if_present<ConvolutionOp>(producer);
    auto linear = dyn_cast_if_present<LinearOp>(producer);
    if (!conv && !(linear && foldLinear))
      return rewriter.notifyMatchFailure(bn, "input is not a convolution");
    if (!producer->getResult(0).hasOneUse())
      return rewriter.notifyMatchFailure(bn, "producer has other users");
    Value weightValue = conv ? conv.getWeight() : linear.getWeight();
    Value biasValue = conv ? conv.getBias() : linear.getBias();
    // Batch norm normalizes dimension 1: a linear's output features only
    // for a [N, C] result.
    if (linear && cast<RankedTensorType>(bn.getInput().getType()).getRank() != 2)
      return rewriter.notifyMatchFailure(bn, "linear output is not [N, C]");
    auto weightType = cast<RankedTensorType>(weightValue.getType());
    std::optional<std::vector<float>> weight = quant_pt2e::getF32ConstantValues(weightValue);
    std::optional<std::vector<float>> mean = quant_pt2e::getF32ConstantValues(bn.getRunningMean());
    std::optional<std::vector<float>> var = quant_pt2e::getF32ConstantValues(bn.getRunningVar());
    if (!weight || !mean || !var || !weightType.hasStaticShape())
      return rewriter.notifyMatchFailure(bn, "weight or statistics are not "
                                             "constant");
    size_t channels = mean->size();
    auto orDefault = [&](Value v, float fill) -> std::optional<std::vector<float>> {
      if (!v)
        return std::vector<float>(channels, fill);
      return quant_pt2e::getF32ConstantValues(v);
    };
    std::optional<std::vector<float>> bias = orDefault(biasValue, 0.0f);
    std::optional<std::vector<float>> gamma = orDefault(bn.getWeight(), 1.0f);
    std::optional<std::vector<float>> beta = orDefault(bn.getBias(), 0.0f);
    if (!bias || !gamma || !beta)
      return rewriter.notifyMatchFailure(bn, "bias or affine parameters are "
                                             "not constant");

    // fuse_conv_bn_weights / fuse_linear_bn_weights, in float32 (bn_eps is
    // a Python float added to a float32 tensor). Output channels are weight
    // axis 0, or axis 1 for a transposed convolution.
    ArrayRef<int64_t> shape = weightType.getShape();
    bool transposed = conv && conv.getTransposed();
    qpt2e::math::FoldedConvBn folded = qpt2e::math::fuseConvBnWeights(
        *weight, std::vector<int64_t>(shape.begin(), shape.end()),
        transposed ? 1 : 0, *bias, *mean, *var, *gamma, *beta,
        static_cast<float>(bn.getEps().convertToDouble()));

    Location loc = producer->getLoc();
    rewriter.setInsertionPoint(producer);
    Value newWeight = quant_pt2e::createF32Constant(
        rewriter, loc, shape, folded.weight, "folded_weight");
    Value newBias = quant_pt2e::createF32Constant(
        rewriter, loc, {static_cast<int64_t>(channels)}, folded.bias,
        "folded_bias");
    Operation *fused;
    if (conv)
      fused = ConvolutionOp::create(
          rewriter, loc, conv.getResult().getType(), conv.getInput(), newWeight,
          newBias, conv.getStrideAttr(), conv.getPaddingAttr(),
          conv.getDilationAttr(), conv.getTransposedAttr(),
          conv.getOutputPaddingAttr(), conv.getGroupsAttr());
    else
      fused = LinearOp::create(rewriter, loc, linear.getResult().getType(),
                               linear.getInput(), newWeight, newBias);
    // Keep the producer's module path (PT2E keeps the conv node).
    for (NamedAttribute attr : producer->getDiscardableAttrs())
      fused->setAttr(attr.getName(), attr.getValue());
    rewriter.replaceOp(bn, fused->getResult(0));
    rewriter.eraseOp(producer);
    return success();
  }
};

struct FoldConvBnPass : aten::impl::FoldConvBnBase<FoldConvBnPass> {
  using FoldConvBnBase::FoldConvBnBase;
  void runOnOperation() override {
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldConvBnPattern>(&getContext(), linearBn);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
