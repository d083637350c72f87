//===- QatConvBn.cpp - the quant-pt2e-qat-conv-bn pass --------------------===//
//
// PT2E's _fuse_conv_bn_qat (the approximate conv-bn of
// nniqat.ConvBn*d._forward_approximate): the batch norm's scale factor is
// applied to the weight before the conv, so the weight fake-quantizes the
// way it will be folded, and divided out of the conv's output before the
// batch norm, which stays in training form.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/ShapeLimits.h"

namespace mlir::aten {
#define GEN_PASS_DEF_QATCONVBN
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"
} // namespace mlir::aten

using namespace mlir;
using namespace mlir::aten;

namespace {

/// `value` ([C]) viewed with C on `axis` of a rank-`rank` tensor.
Value channelView(OpBuilder &b, Location loc, Value value, int64_t channels,
                  int64_t rank, int64_t axis) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = channels;
  SmallVector<int64_t> size(rank, 1);
  size[axis] = -1;
  return ViewOp::create(b, loc, RankedTensorType::get(shape, b.getF32Type()),
                        value, b.getDenseI64ArrayAttr(size));
}

LogicalResult rewrite(BatchNormTrainingOp bn, IRRewriter &rewriter) {
  auto conv = bn.getInput().getDefiningOp<ConvolutionOp>();
  if (!conv || !conv.getResult().hasOneUse())
    return failure();
  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  auto statType = cast<RankedTensorType>(bn.getRunningVar().getType());
  if (!weightType.hasStaticShape() || !statType.hasStaticShape())
    return failure();
  int64_t channels = statType.getDimSize(0);
  int64_t rank = weightType.getRank();
  bool transposed = conv.getTransposed();
  // The scale factor is per output channel: weight axis 0, or axis 1 of a
  // transposed conv (which then must not be grouped).
  int64_t weightAxis = transposed ? 1 : 0;
  if (weightType.getDimSize(weightAxis) != channels ||
      (transposed && conv.getGroups() != 1))
    return failure();

  Location loc = conv.getLoc();
  // Before the batch norm: its statistics and parameters, and the conv's
  // operands, all dominate that point.
  rewriter.setInsertionPoint(bn);
  auto statTensor = RankedTensorType::get({channels}, rewriter.getF32Type());
  // gamma (ones for affine=False); a zero gamma makes the scale factor 0:
  // the output is divided by 1 there instead, which gives the batch norm's
  // beta as PyTorch would without the NaN of 0 / 0.
  Value gamma = bn.getWeight();
  std::optional<std::vector<float>> gammaValues =
      gamma
          ? quant_pt2e::getF32ConstantValues(gamma)
          : std::optional<std::vector<float>>(std::vector<float>(channels, 1));
  if (!gamma)
    gamma = quant_pt2e::createF32Constant(rewriter, loc, {channels},
                                          *gammaValues, "bn_gamma");
  Value eps = AddScalarOp::create(rewriter, loc, statTensor, bn.getRunningVar(),
                                  bn.getEpsAttr(), FloatAttr());
  Value runningStd = SqrtOp::create(rewriter, loc, statTensor, eps);
  Value scaleFactor =
      DivOp::create(rewriter, loc, statTensor, gamma, runningStd, FloatAttr());
  Value scaledWeight = MulOp::create(
      rewriter, loc, weightType, conv.getWeight(),
      channelView(rewriter, loc, scaleFactor, channels, rank, weightAxis),
      FloatAttr());
  // A zero bias keeps the conv's bias operand (and its annotation, e.g. a
  // derived int32 bias spec); the real bias is added after the division.
  Value zeroBias;
  if (conv.getBias())
    zeroBias = quant_pt2e::createF32Constant(rewriter, loc, {channels},
                                             std::vector<float>(channels, 0.0f),
                                             "zero_bias");
  auto newConv = ConvolutionOp::create(
      rewriter, loc, conv.getResult().getType(), conv.getInput(), scaledWeight,
      zeroBias, conv.getStrideAttr(), conv.getPaddingAttr(),
      conv.getDilationAttr(), conv.getTransposedAttr(),
      conv.getOutputPaddingAttr(), conv.getGroupsAttr());
  // The annotation (same operand positions) and module path carry over.
  for (NamedAttribute attr : conv->getDiscardableAttrs())
    newConv->setAttr(attr.getName(), attr.getValue());
  newConv->setAttr(quant_pt2e::kQatConvBnAttrName, rewriter.getUnitAttr());

  Value divisor = scaleFactor;
  if (gammaValues && llvm::is_contained(*gammaValues, 0.0f)) {
    std::vector<float> safe(*gammaValues);
    for (float &g : safe)
      if (g == 0.0f)
        g = 1.0f;
    divisor =
        DivOp::create(rewriter, loc, statTensor,
                      quant_pt2e::createF32Constant(rewriter, loc, {channels},
                                                    safe, "bn_gamma_nonzero"),
                      runningStd, FloatAttr());
  }
  auto outType = cast<RankedTensorType>(conv.getResult().getType());
  Value result = DivOp::create(
      rewriter, loc, outType, newConv.getResult(),
      channelView(rewriter, loc, divisor, channels, outType.getRank(), 1),
      FloatAttr());
  if (Value bias = conv.getBias())
    result = AddOp::create(
        rewriter, loc, outType, result,
        channelView(rewriter, loc, bias, channels, outType.getRank(), 1),
        FloatAttr());
  rewriter.modifyOpInPlace(bn, [&] { bn->setOperand(0, result); });
  rewriter.eraseOp(conv);
  return success();
}

struct QatConvBnPass : aten::impl::QatConvBnBase<QatConvBnPass> {
  void runOnOperation() override {
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    SmallVector<BatchNormTrainingOp> norms;
    getOperation().walk([&](BatchNormTrainingOp bn) { norms.push_back(bn); });
    IRRewriter rewriter(&getContext());
    for (BatchNormTrainingOp bn : norms)
      (void)rewrite(bn, rewriter);
  }
};

} // namespace
