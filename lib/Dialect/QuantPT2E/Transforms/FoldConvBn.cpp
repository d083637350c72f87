//===- FoldConvBn.cpp - the quant-pt2e-fold-conv-bn pass ------------------===//
//
// An inference batch norm folds into the conv (or linear) before it, with
// fuse_conv_bn_weights numerics (QuantMath.h). The ops are seen through
// QuantizableOpInterface only: kinds, weight / bias operands, the batch
// norm's parameters, and cloneWithWeightAndBias to rebuild the producer.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/BackendConfigs.h"

#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/ShapeLimits.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"
#include "quant-pt2e/Math/QuantMath.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_FOLDCONVBN
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

/// Folds an inference batch norm into its producer: a conv (or transposed
/// conv), or a linear when `foldLinear`.
struct FoldConvBnPattern : OpInterfaceRewritePattern<QuantizableOpInterface> {
  FoldConvBnPattern(MLIRContext *ctx, bool foldLinear)
      : OpInterfaceRewritePattern(ctx), foldLinear(foldLinear) {}
  bool foldLinear;

  LogicalResult matchAndRewrite(QuantizableOpInterface bn,
                                PatternRewriter &rewriter) const override {
    std::optional<BatchNormParams> params = bn.getQuantOpParams().batchNorm;
    if (bn.getQuantOpKind() != QuantOpKind::batch_norm || !params ||
        params->training || bn->getNumResults() != 1)
      return rewriter.notifyMatchFailure(bn, "not an inference batch norm");
    Value input = bn->getOperand(0);
    auto producer =
        dyn_cast_if_present<QuantizableOpInterface>(input.getDefiningOp());
    std::optional<QuantOpKind> kind =
        producer ? std::optional(producer.getQuantOpKind()) : std::nullopt;
    bool isLinear = kind == QuantOpKind::linear;
    if (kind != QuantOpKind::conv && kind != QuantOpKind::conv_transpose &&
        !(isLinear && foldLinear))
      return rewriter.notifyMatchFailure(bn, "input is not a convolution");
    if (!input.hasOneUse())
      return rewriter.notifyMatchFailure(bn, "producer has other users");
    std::optional<unsigned> weightIndex = producer.getWeightOperandIndex();
    if (!weightIndex)
      return rewriter.notifyMatchFailure(bn, "producer has no weight");
    Value weightValue = producer->getOperand(*weightIndex);
    std::optional<unsigned> biasIndex = producer.getBiasOperandIndex();
    Value biasValue = biasIndex ? producer->getOperand(*biasIndex) : Value();
    // Batch norm normalizes dimension 1: a linear's output features only
    // for a [N, C] result.
    if (isLinear && cast<RankedTensorType>(input.getType()).getRank() != 2)
      return rewriter.notifyMatchFailure(bn, "linear output is not [N, C]");
    auto weightType = cast<RankedTensorType>(weightValue.getType());
    std::optional<std::vector<float>> weight =
        getF32ConstantValues(weightValue);
    std::optional<std::vector<float>> mean =
        getF32ConstantValues(bn->getOperand(params->runningMean));
    std::optional<std::vector<float>> var =
        getF32ConstantValues(bn->getOperand(params->runningVar));
    if (!weight || !mean || !var || !weightType.hasStaticShape())
      return rewriter.notifyMatchFailure(bn, "weight or statistics are not "
                                             "constant");
    size_t channels = mean->size();
    auto orDefault = [&](std::optional<unsigned> index, Operation *op,
                         float fill) -> std::optional<std::vector<float>> {
      if (!index)
        return std::vector<float>(channels, fill);
      return getF32ConstantValues(op->getOperand(*index));
    };
    std::optional<std::vector<float>> bias =
        biasValue ? getF32ConstantValues(biasValue)
                  : std::optional(std::vector<float>(channels, 0.0f));
    std::optional<std::vector<float>> gamma =
        orDefault(params->weight, bn, 1.0f);
    std::optional<std::vector<float>> beta = orDefault(params->bias, bn, 0.0f);
    if (!bias || !gamma || !beta)
      return rewriter.notifyMatchFailure(bn, "bias or affine parameters are "
                                             "not constant");

    // fuse_conv_bn_weights / fuse_linear_bn_weights, in float32 (bn_eps is
    // a Python float added to a float32 tensor). Output channels are the
    // weight's output-channel axis (1 for a transposed convolution).
    ArrayRef<int64_t> shape = weightType.getShape();
    qpt2e::math::FoldedConvBn folded = qpt2e::math::fuseConvBnWeights(
        *weight, std::vector<int64_t>(shape.begin(), shape.end()),
        producer.getWeightOutputChannelAxis(), *bias, *mean, *var, *gamma,
        *beta, static_cast<float>(params->eps));

    Location loc = producer->getLoc();
    rewriter.setInsertionPoint(producer);
    Value newWeight =
        createF32Constant(rewriter, loc, shape, folded.weight, "folded_weight");
    Value newBias =
        createF32Constant(rewriter, loc, {static_cast<int64_t>(channels)},
                          folded.bias, "folded_bias");
    // The clone keeps the producer's discardable attributes (PT2E keeps
    // the conv node, with its module path).
    Operation *fused =
        producer.cloneWithWeightAndBias(rewriter, newWeight, newBias);
    if (!fused) {
      rewriter.eraseOp(newBias.getDefiningOp());
      rewriter.eraseOp(newWeight.getDefiningOp());
      return rewriter.notifyMatchFailure(bn, "producer cannot be rebuilt "
                                             "with a new weight and bias");
    }
    rewriter.replaceOp(bn, fused->getResult(0));
    rewriter.eraseOp(producer);
    return success();
  }
};

struct FoldConvBnPass : quant_pt2e::impl::FoldConvBnBase<FoldConvBnPass> {
  using FoldConvBnBase::FoldConvBnBase;
  void runOnOperation() override {
    if (failed(verifySupportedShapes(getOperation(), getArgument())))
      return signalPassFailure();
    if (!backend.empty() &&
        !llvm::is_contained(getBackendConfigNames(), StringRef(backend))) {
      getOperation().emitError()
          << "quant-pt2e-fold-conv-bn: unknown backend '" << backend
          << "' (available: " << llvm::join(getBackendConfigNames(), ", ")
          << ")";
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldConvBnPattern>(&getContext(),
                                    linearBn || foldsLinearBatchNorm(backend));
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
