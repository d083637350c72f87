//===- QatFoldConvBn.cpp - the quant-pt2e-qat-fold-conv-bn pass -----------===//
//
// Convert for QAT: the pattern quant-pt2e-qat-conv-bn built (and prepare
// gave fake-quantize ops) becomes conv(x, fake_quantize(w_folded), b_folded)
// with the trained running statistics.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/StatsFile.h"
#include "quant-pt2e/Math/QuantMath.h"
#include "quant-pt2e/IR/ShapeLimits.h"

#include <map>

namespace mlir::aten {
#define GEN_PASS_DEF_QATFOLDCONVBN
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"
} // namespace mlir::aten

using namespace mlir;
using namespace mlir::aten;
namespace qp = mlir::quant_pt2e;

namespace {

/// The single user of `value`, if it has exactly one.
Operation *singleUser(Value value) {
  return value.hasOneUse() ? *value.getUsers().begin() : nullptr;
}

LogicalResult fold(ConvolutionOp conv,
                   const std::map<int64_t, qp::RunningStats> &trained,
                   IRRewriter &rewriter) {
  auto broken = [&](StringRef why) {
    return conv.emitOpError()
           << "is marked " << qp::kQatConvBnAttrName << " but " << why;
  };
  // Weight side: mul(w, view(scale factor)), maybe fake-quantized.
  Value weightOperand = conv.getWeight();
  auto fakeQuant = weightOperand.getDefiningOp<qp::FakeQuantizeOp>();
  auto mul =
      (fakeQuant ? fakeQuant.getInput() : weightOperand).getDefiningOp<MulOp>();
  if (!mul)
    return broken("its weight is not the scaled weight");
  std::optional<std::vector<float>> weight =
      qp::getF32ConstantValues(mul.getLhs());
  if (!weight)
    return broken("the weight is not a constant");
  // Output side: div(conv, view(scale factor)) [-> add(view(bias))] -> bn.
  auto div = dyn_cast_if_present<DivOp>(singleUser(conv.getResult()));
  if (!div)
    return broken("its only user is not the scale-factor division");
  Operation *next = singleUser(div.getResult());
  AddOp add = dyn_cast_if_present<AddOp>(next);
  if (add)
    next = singleUser(add.getResult());
  auto bn = dyn_cast_if_present<BatchNormTrainingOp>(next);
  if (!bn)
    return broken("no training batch norm follows it");
  if (!bn->getResult(1).use_empty() || !bn->getResult(2).use_empty())
    return bn.emitOpError() << "running statistics results are used; the "
                               "QAT fold replaces the batch norm";
  size_t channels =
      cast<RankedTensorType>(bn.getRunningMean().getType()).getNumElements();
  auto constantOr = [&](Value v,
                        float fill) -> std::optional<std::vector<float>> {
    if (!v)
      return std::vector<float>(channels, fill);
    return qp::getF32ConstantValues(v);
  };
  std::optional<std::vector<float>> bias = std::vector<float>(channels, 0.0f);
  if (add) {
    auto view = add.getRhs().getDefiningOp<ViewOp>();
    bias = view ? qp::getF32ConstantValues(view.getInput()) : std::nullopt;
  }
  std::optional<std::vector<float>> mean = constantOr(bn.getRunningMean(), 0);
  std::optional<std::vector<float>> var = constantOr(bn.getRunningVar(), 1);
  if (auto id = bn->getAttrOfType<IntegerAttr>(qp::kStateIdAttrName)) {
    auto it = trained.find(id.getInt());
    if (it != trained.end()) {
      if (it->second.mean.size() != channels)
        return bn.emitOpError()
               << "trained running statistics have " << it->second.mean.size()
               << " channels, not " << channels;
      mean = it->second.mean;
      var = it->second.var;
    }
  }
  std::optional<std::vector<float>> gamma = constantOr(bn.getWeight(), 1);
  std::optional<std::vector<float>> beta = constantOr(bn.getBias(), 0);
  if (!bias || !mean || !var || !gamma || !beta)
    return broken("its bias or batch-norm parameters are not constants");

  auto weightType = cast<RankedTensorType>(mul.getLhs().getType());
  ArrayRef<int64_t> shape = weightType.getShape();
  qpt2e::math::FoldedConvBn folded = qpt2e::math::fuseConvBnWeights(
      *weight, std::vector<int64_t>(shape.begin(), shape.end()),
      conv.getTransposed() ? 1 : 0, *bias, *mean, *var, *gamma, *beta,
      static_cast<float>(bn.getEps().convertToDouble()));

  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(fakeQuant ? fakeQuant.getOperation()
                                       : conv.getOperation());
  Value newWeight = quant_pt2e::createF32Constant(
      rewriter, loc, shape, folded.weight, "folded_weight");
  if (fakeQuant)
    rewriter.modifyOpInPlace(fakeQuant,
                             [&] { fakeQuant->setOperand(0, newWeight); });
  rewriter.setInsertionPoint(conv);
  Value newBias = quant_pt2e::createF32Constant(
      rewriter, loc, {static_cast<int64_t>(channels)}, folded.bias,
      "folded_bias");
  auto newConv = ConvolutionOp::create(
      rewriter, loc, conv.getResult().getType(), conv.getInput(),
      fakeQuant ? fakeQuant.getOutput() : newWeight, newBias,
      conv.getStrideAttr(), conv.getPaddingAttr(), conv.getDilationAttr(),
      conv.getTransposedAttr(), conv.getOutputPaddingAttr(),
      conv.getGroupsAttr());
  for (NamedAttribute attr : conv->getDiscardableAttrs())
    if (attr.getName() != qp::kQatConvBnAttrName)
      newConv->setAttr(attr.getName(), attr.getValue());
  // A conv without a bias had no bias annotation: give it a float one.
  if (!conv.getBias())
    if (auto annotation = newConv->getAttrOfType<qp::AnnotationAttr>(
            qp::QuantPT2EDialect::getAnnotationAttrName())) {
      SmallVector<Attribute> inputs(annotation.getInputs().getValue());
      inputs.push_back(qp::NoSpecAttr::get(rewriter.getContext()));
      newConv->setAttr(qp::QuantPT2EDialect::getAnnotationAttrName(),
                       qp::AnnotationAttr::get(
                           rewriter.getContext(), rewriter.getArrayAttr(inputs),
                           annotation.getOutput(),
                           annotation.getAllowImplicitSharing(),
                           annotation.getAnnotated()));
    }
  rewriter.replaceAllUsesWith(bn->getResult(0), newConv.getResult());

  // The training-form ops, the scale-factor chain and the constants only
  // they used are dead now.
  SmallVector<Operation *> dead{bn, add, div, conv, mul};
  for (bool erased = true; erased;) {
    erased = false;
    for (size_t i = 0; i < dead.size(); ++i) {
      Operation *op = dead[i];
      if (!op || !op->use_empty())
        continue;
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (isa<ViewOp, DivOp, SqrtOp, AddScalarOp, arith::ConstantOp>(def) &&
              !llvm::is_contained(dead, def))
            dead.push_back(def);
      rewriter.eraseOp(op);
      dead[i] = nullptr;
      erased = true;
    }
  }
  return success();
}

struct QatFoldConvBnPass : aten::impl::QatFoldConvBnBase<QatFoldConvBnPass> {
  using QatFoldConvBnBase::QatFoldConvBnBase;
  void runOnOperation() override {
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    std::map<int64_t, qp::RunningStats> trained;
    if (!stats.empty()) {
      llvm::Expected<qp::StatsFile> file = qp::readStatsFile(stats);
      if (!file) {
        getOperation().emitError()
            << "statistics " << llvm::toString(file.takeError());
        return signalPassFailure();
      }
      trained = std::move(file->runningStats);
    }
    SmallVector<ConvolutionOp> convs;
    getOperation().walk([&](ConvolutionOp conv) {
      if (conv->hasAttr(qp::kQatConvBnAttrName))
        convs.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    for (ConvolutionOp conv : convs)
      if (failed(fold(conv, trained, rewriter)))
        return signalPassFailure();
  }
};

} // namespace
