//===- FoldConvBn.cpp - the quant-pt2e-fold-conv-bn pass ------------------===//

#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"

#include "quant-pt2e/IR/ConstantTensors.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::aten {
#define GEN_PASS_DEF_FOLDCONVBN
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"
} // namespace mlir::aten

using namespace mlir;
using namespace mlir::aten;

namespace {

Value f32Constant(PatternRewriter &rewriter, Location loc,
                  ArrayRef<int64_t> shape, ArrayRef<float> values,
                  StringRef name) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  return quant_pt2e::createResourceConstant(rewriter, loc, type, bytes, name,
                                            alignof(float));
}

struct FoldConvBnPattern : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvolutionOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "input is not a convolution");
    if (!conv.getResult().hasOneUse())
      return rewriter.notifyMatchFailure(bn, "convolution has other users");
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    std::optional<std::vector<float>> weight = quant_pt2e::getF32ConstantValues(conv.getWeight());
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
    std::optional<std::vector<float>> convBias = orDefault(conv.getBias(), 0.0f);
    std::optional<std::vector<float>> gamma = orDefault(bn.getWeight(), 1.0f);
    std::optional<std::vector<float>> beta = orDefault(bn.getBias(), 0.0f);
    if (!convBias || !gamma || !beta)
      return rewriter.notifyMatchFailure(bn, "bias or affine parameters are "
                                             "not constant");

    // fuse_conv_bn_weights, in float32 (bn_eps is a Python float added to a
    // float32 tensor).
    float eps = static_cast<float>(bn.getEps().convertToDouble());
    std::vector<float> rsqrt(channels), scale(channels), bias(channels);
    for (size_t c = 0; c < channels; ++c) {
      rsqrt[c] = 1.0f / std::sqrt((*var)[c] + eps);
      scale[c] = (*gamma)[c] * rsqrt[c];
      bias[c] = ((*convBias)[c] - (*mean)[c]) * rsqrt[c] * (*gamma)[c] +
                (*beta)[c];
    }
    // Output channels are weight axis 0, or axis 1 when transposed (the
    // shape [1, -1, 1, ...] of fuse_conv_bn_weights).
    ArrayRef<int64_t> shape = weightType.getShape();
    int64_t inner = 1;
    for (size_t d = 2; d < shape.size(); ++d)
      inner *= shape[d];
    std::vector<float> folded(*weight);
    for (size_t i = 0; i < folded.size(); ++i) {
      size_t channel = conv.getTransposed() ? (i / inner) % shape[1]
                                            : i / (inner * shape[1]);
      folded[i] = folded[i] * scale[channel];
    }

    Location loc = conv.getLoc();
    rewriter.setInsertionPoint(conv);
    Value newWeight = f32Constant(rewriter, loc, shape, folded, "folded_weight");
    Value newBias = f32Constant(rewriter, loc, {static_cast<int64_t>(channels)},
                                bias, "folded_bias");
    auto fused = ConvolutionOp::create(
        rewriter, loc, conv.getResult().getType(), conv.getInput(), newWeight,
        newBias, conv.getStrideAttr(), conv.getPaddingAttr(),
        conv.getDilationAttr(), conv.getTransposedAttr(),
        conv.getOutputPaddingAttr(), conv.getGroupsAttr());
    // Keep the conv's module path (PT2E keeps the conv node).
    for (NamedAttribute attr : conv->getDiscardableAttrs())
      fused->setAttr(attr.getName(), attr.getValue());
    rewriter.replaceOp(bn, fused.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

struct FoldConvBnPass : aten::impl::FoldConvBnBase<FoldConvBnPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldConvBnPattern>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
