//===- AtenQuantizable.cpp - aten ops as quantization passes see them ----===//
//
// QuantizableOpInterface's fusion parameters, element-wise formulas and
// module attributes for every aten op (declared in Aten.h, called from the
// Aten_Op base class). The quantization passes read these through the
// interface and never name an aten op.
//
// Compiled with -ffp-contract=off: evaluateElementwise is the float
// lowering's formula evaluated at compile time, every step rounded on its
// own as the lowered code rounds it.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/Aten/IR/AtenScalarFormulas.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::aten;
using quant_pt2e::ClampBounds;
using quant_pt2e::PoolWindow;
using quant_pt2e::QuantOpParams;

namespace {

std::optional<double> toDouble(std::optional<APFloat> v) {
  if (!v)
    return std::nullopt;
  return v->convertToDouble();
}

/// The avg_pool2d window of an average pooling over H and W of a static
/// NCHW input: aten.avg_pool2d (no divisor override), adaptive_avg_pool2d
/// with output sizes dividing the input, aten.mean over {2, 3} with keepdim.
std::optional<PoolWindow> avgWindowOf(Operation *op) {
  auto in = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  if (!in || in.getRank() != 4 || !in.hasStaticShape())
    return std::nullopt;
  int64_t h = in.getDimSize(2), w = in.getDimSize(3);
  if (auto pool = dyn_cast<AvgPool2dOp>(op)) {
    if (pool.getDivisorOverride() || pool.getKernelSize().size() != 2 ||
        pool.getStride().size() != 2 || pool.getPadding().size() != 2)
      return std::nullopt;
    return PoolWindow{SmallVector<int64_t>(pool.getKernelSize()),
                      SmallVector<int64_t>(pool.getStride()),
                      SmallVector<int64_t>(pool.getPadding()),
                      {1, 1},
                      pool.getCeilMode(),
                      pool.getCountIncludePad(),
                      /*channelsLast=*/false};
  }
  if (auto pool = dyn_cast<AdaptiveAvgPool2dOp>(op)) {
    ArrayRef<int64_t> size = pool.getOutputSize();
    if (size.size() != 2 || size[0] < 1 || size[1] < 1 || h % size[0] ||
        w % size[1])
      return std::nullopt;
    SmallVector<int64_t> k{h / size[0], w / size[1]};
    return PoolWindow{k, k, {0, 0}, {1, 1}, false, true, false};
  }
  auto mean = cast<MeanOp>(op);
  if (!mean.getKeepdim())
    return std::nullopt;
  SmallVector<int64_t> dims;
  for (int64_t d : mean.getDims())
    dims.push_back(d < 0 ? d + 4 : d);
  llvm::sort(dims);
  if (dims != SmallVector<int64_t>{2, 3})
    return std::nullopt;
  return PoolWindow{{h, w}, {h, w}, {0, 0}, {1, 1}, false, true, false};
}

} // namespace

QuantOpParams mlir::aten::quantOpParams(Operation *op) {
  QuantOpParams params;
  TypeSwitch<Operation *>(op)
      .Case<ConvolutionOp>([&](ConvolutionOp conv) {
        params.conv = quant_pt2e::ConvGeometry{
            SmallVector<int64_t>(conv.getStride()),
            SmallVector<int64_t>(conv.getPadding()),
            SmallVector<int64_t>(conv.getDilation()),
            SmallVector<int64_t>(conv.getOutputPadding()),
            static_cast<int64_t>(conv.getGroups()),
            conv.getTransposed(),
            /*channelsLast=*/false};
      })
      .Case<ReluOp>([&](auto) {
        params.clamp = ClampBounds{0.0, {}};
      })
      .Case<Relu6Op>([&](auto) {
        params.clamp = ClampBounds{0.0, 6.0};
      })
      .Case<HardtanhOp>([&](HardtanhOp op) {
        params.clamp = ClampBounds{op.getMinVal().convertToDouble(),
                                   op.getMaxVal().convertToDouble()};
      })
      .Case<ClampOp>([&](ClampOp op) {
        params.clamp =
            ClampBounds{toDouble(op.getMin()), toDouble(op.getMax())};
      })
      .Case<LeakyReluOp>([&](LeakyReluOp op) {
        params.postOp = quant_pt2e::EltwisePostOp{
            quant_pt2e::EltwiseFunction::leaky_relu,
            static_cast<float>(op.getNegativeSlope().convertToDouble())};
      })
      .Case<TanhOp>([&](auto) {
        params.postOp =
            quant_pt2e::EltwisePostOp{quant_pt2e::EltwiseFunction::tanh, 0.0f};
      })
      .Case<AvgPool2dOp, AdaptiveAvgPool2dOp, MeanOp>(
          [&](Operation *pool) { params.avgWindow = avgWindowOf(pool); })
      .Case<MaxPool2dOp>([&](MaxPool2dOp pool) {
        if (pool.getKernelSize().size() == 2 && pool.getStride().size() == 2 &&
            pool.getPadding().size() == 2 && pool.getDilation().size() == 2)
          params.maxWindow =
              PoolWindow{SmallVector<int64_t>(pool.getKernelSize()),
                         SmallVector<int64_t>(pool.getStride()),
                         SmallVector<int64_t>(pool.getPadding()),
                         SmallVector<int64_t>(pool.getDilation()),
                         pool.getCeilMode(),
                         false,
                         /*channelsLast=*/false};
      })
      .Case<CatOp>([&](CatOp cat) {
        auto dim = static_cast<int64_t>(cat.getDim());
        params.concatDim = dim < 0 ? dim + cat.getType().getRank() : dim;
      })
      .Case<BatchNormOp, BatchNormTrainingOp>([&](auto bn) {
        quant_pt2e::BatchNormParams p;
        p.runningMean = 1;
        p.runningVar = 2;
        unsigned next = 3;
        if (bn.getWeight())
          p.weight = next++;
        if (bn.getBias())
          p.bias = next;
        p.eps = bn.getEps().convertToDouble();
        p.training = isa<BatchNormTrainingOp>(bn.getOperation());
        params.batchNorm = p;
      })
      .Case<AddOp, SubOp>([&](Operation *binary) {
        if (auto alpha = binary->getAttrOfType<FloatAttr>("alpha"))
          params.rhsFactor = alpha.getValueAsDouble();
      });
  return params;
}

Operation *mlir::aten::cloneWithWeightAndBias(Operation *op, OpBuilder &builder,
                                              Value weight, Value bias) {
  Location loc = op->getLoc();
  Operation *clone =
      TypeSwitch<Operation *, Operation *>(op)
          .Case([&](ConvolutionOp conv) -> Operation * {
            return ConvolutionOp::create(
                builder, loc, conv.getResult().getType(), conv.getInput(),
                weight, bias, conv.getStrideAttr(), conv.getPaddingAttr(),
                conv.getDilationAttr(), conv.getTransposedAttr(),
                conv.getOutputPaddingAttr(), conv.getGroupsAttr());
          })
          .Case([&](LinearOp linear) -> Operation * {
            return LinearOp::create(builder, loc, linear.getResult().getType(),
                                    linear.getInput(), weight, bias);
          })
          .Default([](Operation *) { return nullptr; });
  // The importer's attributes (module path, ...) stay with the op.
  if (clone)
    for (NamedAttribute attr : op->getDiscardableAttrs())
      clone->setAttr(attr.getName(), attr.getValue());
  return clone;
}

std::optional<float> mlir::aten::evaluateElementwise(Operation *op, float x) {
  if (op->getNumOperands() != 1 || op->getNumResults() != 1 ||
      op->getOperand(0).getType() != op->getResult(0).getType())
    return std::nullopt;
  FloatFormulaEvaluator evaluator;
  return evaluateUnary(op, evaluator, x);
}

std::optional<StringRef> mlir::aten::modulePath(Operation *op) {
  if (auto path = op->getAttrOfType<StringAttr>("aten.module_path"))
    return path.getValue();
  return std::nullopt;
}

SmallVector<StringRef> mlir::aten::moduleTypes(Operation *op) {
  SmallVector<StringRef> types;
  if (auto list = op->getAttrOfType<ArrayAttr>("aten.module_stack_types"))
    for (Attribute t : list)
      if (auto s = dyn_cast<StringAttr>(t))
        types.push_back(s.getValue());
  return types;
}
