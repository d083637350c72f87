//===- QatConvBn.cpp - the quant-pt2e-qat-conv-bn pass --------------------===//
//
// PT2E's _fuse_conv_bn_qat (the approximate conv-bn of
// nniqat.ConvBn*d._forward_approximate): the batch norm's scale factor is
// applied to the weight before the conv, so the weight fake-quantizes the
// way it will be folded, and divided out of the conv's output before the
// batch norm, which stays in training form. The ops are seen through
// QuantizableOpInterface; the scale-factor arithmetic is built in linalg
// with the float lowering's own builders (FloatOps.h), so any client's conv
// and batch norm take the same rewrite.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"

#include "quant-pt2e/Conversion/AtenToLinalg/FloatOps.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/ShapeLimits.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_QATCONVBN
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;
using floatops::ChannelOp;

namespace {

/// Rewrites conv -> training batch norm; nullopt when `bn` does not follow
/// a conv it can take, failure after a diagnostic.
std::optional<LogicalResult> rewrite(QuantizableOpInterface bn,
                                     const BatchNormParams &params,
                                     IRRewriter &rewriter) {
  auto conv = dyn_cast_if_present<QuantizableOpInterface>(
      bn->getOperand(0).getDefiningOp());
  if (!conv || !conv->getResult(0).hasOneUse() ||
      (conv.getQuantOpKind() != QuantOpKind::conv &&
       conv.getQuantOpKind() != QuantOpKind::conv_transpose))
    return std::nullopt;
  std::optional<ConvGeometry> geometry = conv.getQuantOpParams().conv;
  std::optional<unsigned> weightIndex = conv.getWeightOperandIndex();
  if (!geometry || !weightIndex)
    return std::nullopt;
  Value weight = conv->getOperand(*weightIndex);
  std::optional<unsigned> biasIndex = conv.getBiasOperandIndex();
  Value bias = biasIndex ? conv->getOperand(*biasIndex) : Value();
  Value runningVar = bn->getOperand(params.runningVar);
  auto weightType = cast<RankedTensorType>(weight.getType());
  auto statType = cast<RankedTensorType>(runningVar.getType());
  auto outType = cast<RankedTensorType>(conv->getResult(0).getType());
  if (!weightType.hasStaticShape() || !statType.hasStaticShape())
    return std::nullopt;
  int64_t channels = statType.getDimSize(0);
  // The scale factor is per output channel: the weight's output-channel
  // axis (1 for a transposed conv, which then must not be grouped), and the
  // output's channel axis (1, or the last one channels-last).
  int64_t weightAxis = conv.getWeightOutputChannelAxis();
  int64_t outAxis = geometry->channelsLast ? outType.getRank() - 1 : 1;
  if (weightType.getDimSize(weightAxis) != channels ||
      outType.getDimSize(outAxis) != channels ||
      (geometry->transposed && geometry->groups != 1))
    return std::nullopt;

  Location loc = conv->getLoc();
  // Before the batch norm: its statistics and parameters, and the conv's
  // operands, all dominate that point.
  rewriter.setInsertionPoint(bn);
  // gamma (ones for affine=False); a zero gamma makes the scale factor 0:
  // the output is divided by 1 there instead, which gives the batch norm's
  // beta as PyTorch would without the NaN of 0 / 0.
  Value gamma = params.weight ? bn->getOperand(*params.weight) : Value();
  std::optional<std::vector<float>> gammaValues =
      gamma
          ? getF32ConstantValues(gamma)
          : std::optional<std::vector<float>>(std::vector<float>(channels, 1));
  if (!gamma)
    gamma =
        createF32Constant(rewriter, loc, {channels}, *gammaValues, "bn_gamma");
  // running_std = sqrt(running_var + eps); scale_factor = gamma / running_std
  Value runningStd = floatops::sqrt(
      rewriter, loc,
      floatops::addScalar(rewriter, loc, runningVar, params.eps));
  Value scaleFactor = floatops::div(rewriter, loc, statType, gamma, runningStd);
  Value scaledWeight = floatops::alongChannels(
      rewriter, loc, weight, ChannelOp::Mul, scaleFactor, weightAxis);
  // A zero bias keeps the conv's bias operand (and its annotation, e.g. a
  // derived int32 bias spec); the real bias is added after the division.
  Value zeroBias;
  if (bias)
    zeroBias =
        createF32Constant(rewriter, loc, {channels},
                          std::vector<float>(channels, 0.0f), "zero_bias");
  // The clone keeps the annotation (same operand positions) and the module
  // path.
  Operation *newConv =
      conv.cloneWithWeightAndBias(rewriter, scaledWeight, zeroBias);
  if (!newConv) {
    rewriter.eraseOp(scaledWeight.getDefiningOp());
    return conv->emitOpError()
           << "cannot be rebuilt with the scaled weight for QAT conv-bn";
  }
  newConv->setAttr(kQatConvBnAttrName, rewriter.getUnitAttr());

  Value divisor = scaleFactor;
  if (gammaValues && llvm::is_contained(*gammaValues, 0.0f)) {
    std::vector<float> safe(*gammaValues);
    for (float &g : safe)
      if (g == 0.0f)
        g = 1.0f;
    divisor = floatops::div(
        rewriter, loc, statType,
        createF32Constant(rewriter, loc, {channels}, safe, "bn_gamma_nonzero"),
        runningStd);
  }
  Value result = floatops::alongChannels(rewriter, loc, newConv->getResult(0),
                                         ChannelOp::Div, divisor, outAxis);
  if (bias)
    result = floatops::alongChannels(rewriter, loc, result, ChannelOp::Add,
                                     bias, outAxis);
  rewriter.modifyOpInPlace(bn, [&] { bn->setOperand(0, result); });
  rewriter.eraseOp(conv);
  return success();
}

struct QatConvBnPass : quant_pt2e::impl::QatConvBnBase<QatConvBnPass> {
  void runOnOperation() override {
    if (failed(verifySupportedShapes(getOperation(), getArgument())))
      return signalPassFailure();
    SmallVector<std::pair<QuantizableOpInterface, BatchNormParams>> norms;
    getOperation().walk([&](QuantizableOpInterface op) {
      if (op.getQuantOpKind() != QuantOpKind::batch_norm)
        return;
      std::optional<BatchNormParams> params = op.getQuantOpParams().batchNorm;
      if (params && params->training)
        norms.push_back({op, *params});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[bn, params] : norms)
      if (std::optional<LogicalResult> done = rewrite(bn, params, rewriter);
          done && failed(*done))
        return signalPassFailure();
  }
};

} // namespace
