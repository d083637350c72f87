//===- QatFoldConvBn.cpp - the quant-pt2e-qat-fold-conv-bn pass -----------===//
//
// Convert for QAT: the pattern quant-pt2e-qat-conv-bn built (and prepare
// gave fake-quantize ops) becomes conv(x, fake_quantize(w_folded), b_folded)
// with the trained running statistics. The conv and batch norm are seen
// through QuantizableOpInterface; the scale-factor arithmetic between them
// is the linalg quant-pt2e-qat-conv-bn built.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/ShapeLimits.h"
#include "quant-pt2e/IR/StatsFile.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"
#include "quant-pt2e/Math/QuantMath.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <map>

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_QATFOLDCONVBN
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

/// The single user of `value`, if it has exactly one.
Operation *singleUser(Value value) {
  return value.hasOneUse() ? *value.getUsers().begin() : nullptr;
}

/// A two-input element-wise generic (x op v[c]) of the scale-factor chain.
linalg::GenericOp channelOp(Operation *op) {
  auto generic = dyn_cast_if_present<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 2 ||
      generic->getNumResults() != 1)
    return {};
  return generic;
}

LogicalResult fold(QuantizableOpInterface conv,
                   const std::map<int64_t, RunningStats> &trained,
                   IRRewriter &rewriter) {
  auto broken = [&](StringRef why) {
    return conv->emitOpError()
           << "is marked " << kQatConvBnAttrName << " but " << why;
  };
  std::optional<unsigned> weightIndex = conv.getWeightOperandIndex();
  if (!weightIndex)
    return broken("it has no weight");
  // Weight side: w * scale_factor[c], maybe fake-quantized.
  Value weightOperand = conv->getOperand(*weightIndex);
  auto fakeQuant = weightOperand.getDefiningOp<FakeQuantizeOp>();
  linalg::GenericOp mul = channelOp(
      (fakeQuant ? fakeQuant.getInput() : weightOperand).getDefiningOp());
  if (!mul)
    return broken("its weight is not the scaled weight");
  Value originalWeight = mul.getDpsInputs()[0];
  std::optional<std::vector<float>> weight =
      getF32ConstantValues(originalWeight);
  if (!weight)
    return broken("the weight is not a constant");
  // Output side: / scale_factor[c] [-> + bias[c]] -> training batch norm.
  linalg::GenericOp div = channelOp(singleUser(conv->getResult(0)));
  if (!div)
    return broken("its only user is not the scale-factor division");
  Operation *next = singleUser(div->getResult(0));
  linalg::GenericOp add = channelOp(next);
  if (add)
    next = singleUser(add->getResult(0));
  auto bn = dyn_cast_if_present<QuantizableOpInterface>(next);
  std::optional<BatchNormParams> params =
      bn ? bn.getQuantOpParams().batchNorm : std::nullopt;
  if (!bn || bn.getQuantOpKind() != QuantOpKind::batch_norm || !params ||
      !params->training)
    return broken("no training batch norm follows it");
  if (!bn->getResult(params->updatedMean).use_empty() ||
      !bn->getResult(params->updatedVar).use_empty())
    return bn->emitOpError() << "running statistics results are used; the "
                                "QAT fold replaces the batch norm";
  Value runningMean = bn->getOperand(params->runningMean);
  size_t channels =
      cast<RankedTensorType>(runningMean.getType()).getNumElements();
  auto constantOr = [&](std::optional<unsigned> index,
                        float fill) -> std::optional<std::vector<float>> {
    if (!index)
      return std::vector<float>(channels, fill);
    return getF32ConstantValues(bn->getOperand(*index));
  };
  std::optional<std::vector<float>> bias = std::vector<float>(channels, 0.0f);
  if (add)
    bias = getF32ConstantValues(add.getDpsInputs()[1]);
  std::optional<std::vector<float>> mean = getF32ConstantValues(runningMean);
  std::optional<std::vector<float>> var =
      getF32ConstantValues(bn->getOperand(params->runningVar));
  if (auto id = bn->getAttrOfType<IntegerAttr>(kStateIdAttrName)) {
    auto it = trained.find(id.getInt());
    if (it != trained.end()) {
      if (it->second.mean.size() != channels)
        return bn->emitOpError()
               << "trained running statistics have " << it->second.mean.size()
               << " channels, not " << channels;
      mean = it->second.mean;
      var = it->second.var;
    }
  }
  std::optional<std::vector<float>> gamma = constantOr(params->weight, 1);
  std::optional<std::vector<float>> beta = constantOr(params->bias, 0);
  if (!bias || !mean || !var || !gamma || !beta)
    return broken("its bias or batch-norm parameters are not constants");

  auto weightType = cast<RankedTensorType>(originalWeight.getType());
  ArrayRef<int64_t> shape = weightType.getShape();
  qpt2e::math::FoldedConvBn folded = qpt2e::math::fuseConvBnWeights(
      *weight, std::vector<int64_t>(shape.begin(), shape.end()),
      conv.getWeightOutputChannelAxis(), *bias, *mean, *var, *gamma, *beta,
      static_cast<float>(params->eps));

  Location loc = conv->getLoc();
  rewriter.setInsertionPoint(fakeQuant ? fakeQuant.getOperation()
                                       : conv.getOperation());
  Value newWeight =
      createF32Constant(rewriter, loc, shape, folded.weight, "folded_weight");
  if (fakeQuant)
    rewriter.modifyOpInPlace(fakeQuant,
                             [&] { fakeQuant->setOperand(0, newWeight); });
  rewriter.setInsertionPoint(conv);
  Value newBias =
      createF32Constant(rewriter, loc, {static_cast<int64_t>(channels)},
                        folded.bias, "folded_bias");
  Operation *newConv = conv.cloneWithWeightAndBias(
      rewriter, fakeQuant ? fakeQuant.getOutput() : newWeight, newBias);
  if (!newConv)
    return broken("it cannot be rebuilt with the folded weight and bias");
  newConv->removeAttr(kQatConvBnAttrName);
  // A conv without a bias had no bias annotation: give it a float one.
  if (auto annotation = newConv->getAttrOfType<AnnotationAttr>(
          QuantPT2EDialect::getAnnotationAttrName());
      annotation && annotation.getInputs().size() < newConv->getNumOperands()) {
    SmallVector<Attribute> inputs(annotation.getInputs().getValue());
    inputs.resize(newConv->getNumOperands(),
                  NoSpecAttr::get(rewriter.getContext()));
    newConv->setAttr(QuantPT2EDialect::getAnnotationAttrName(),
                     AnnotationAttr::get(rewriter.getContext(),
                                         rewriter.getArrayAttr(inputs),
                                         annotation.getOutput(),
                                         annotation.getAllowImplicitSharing(),
                                         annotation.getAnnotated()));
  }
  rewriter.replaceAllUsesWith(bn->getResult(0), newConv->getResult(0));

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
          if (isa<linalg::GenericOp, tensor::EmptyOp, arith::ConstantOp>(def) &&
              !llvm::is_contained(dead, def))
            dead.push_back(def);
      rewriter.eraseOp(op);
      dead[i] = nullptr;
      erased = true;
    }
  }
  return success();
}

struct QatFoldConvBnPass
    : quant_pt2e::impl::QatFoldConvBnBase<QatFoldConvBnPass> {
  using QatFoldConvBnBase::QatFoldConvBnBase;
  void runOnOperation() override {
    if (failed(verifySupportedShapes(getOperation(), getArgument())))
      return signalPassFailure();
    std::map<int64_t, RunningStats> trained;
    if (!stats.empty()) {
      llvm::Expected<StatsFile> file = readStatsFile(stats);
      if (!file) {
        getOperation().emitError()
            << "statistics " << llvm::toString(file.takeError());
        return signalPassFailure();
      }
      trained = std::move(file->runningStats);
    }
    SmallVector<QuantizableOpInterface> convs;
    getOperation().walk([&](QuantizableOpInterface op) {
      if (op->hasAttr(kQatConvBnAttrName))
        convs.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (QuantizableOpInterface conv : convs)
      if (failed(fold(conv, trained, rewriter)))
        return signalPassFailure();
  }
};

} // namespace
