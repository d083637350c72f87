//===- TosaQuantizableModels.cpp - TOSA as a quantization client ----------===//
//
// See TosaQuantizableModels.h. Each model answers what the quantization
// passes ask: the op's kind and operands, the parameters a fusion needs,
// and (clamp) its float formula for one element.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Interfaces/Tosa/TosaQuantizableModels.h"

#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

/// TOSA's pad [top, bottom, left, right] as a symmetric [h, w] padding;
/// nullopt when a side differs (no fused op takes it).
std::optional<SmallVector<int64_t>> symmetricPad(ArrayRef<int64_t> pad) {
  if (pad.size() != 4 || pad[0] != pad[1] || pad[2] != pad[3])
    return std::nullopt;
  return SmallVector<int64_t>{pad[0], pad[2]};
}

std::optional<double> floatOf(Attribute attr) {
  if (auto f = dyn_cast_or_null<FloatAttr>(attr))
    return f.getValueAsDouble();
  return std::nullopt;
}

/// Unbounded above: +inf or the largest finite float (TOSA's relu).
bool isUnbounded(double v) {
  return std::isinf(v) || v >= std::numeric_limits<float>::max();
}

/// The answers every model shares, by CRTP: a single activation operand,
/// no weight, no sharing.
template <typename Model, typename OpTy>
struct Base : QuantizableOpInterface::ExternalModel<Model, OpTy> {
  SmallVector<unsigned> getActivationOperandIndices(Operation *) const {
    return {0};
  }
};

template <typename OpTy> struct ConvModel : Base<ConvModel<OpTy>, OpTy> {
  QuantOpKind getQuantOpKind(Operation *) const {
    return std::is_same_v<OpTy, tosa::TransposeConv2DOp>
               ? QuantOpKind::conv_transpose
               : QuantOpKind::conv;
  }
  std::optional<unsigned> getWeightOperandIndex(Operation *) const { return 1; }
  /// conv2d and transpose_conv2d weights are OHWI; depthwise_conv2d's are
  /// [KH, KW, C, M] (its output channels C * M run over the last two axes:
  /// per channel along C when M is 1).
  int64_t getWeightOutputChannelAxis(Operation *) const {
    return std::is_same_v<OpTy, tosa::DepthwiseConv2DOp> ? 2 : 0;
  }
  std::optional<unsigned> getBiasOperandIndex(Operation *) const { return 2; }
  QuantOpParams getQuantOpParams(Operation *op) const {
    QuantOpParams params;
    if constexpr (std::is_same_v<OpTy, tosa::Conv2DOp>) {
      // Depthwise and transposed convolutions are not fused: their
      // weights are not OHWI with groups 1.
      auto conv = cast<OpTy>(op);
      std::optional<SmallVector<int64_t>> pad = symmetricPad(conv.getPad());
      if (pad)
        params.conv = ConvGeometry{SmallVector<int64_t>(conv.getStride()),
                                   *pad,
                                   SmallVector<int64_t>(conv.getDilation()),
                                   {0, 0},
                                   /*groups=*/1,
                                   /*transposed=*/false,
                                   /*channelsLast=*/true};
    }
    return params;
  }
};

struct MatMulModel : Base<MatMulModel, tosa::MatMulOp> {
  QuantOpKind getQuantOpKind(Operation *) const { return QuantOpKind::matmul; }
  SmallVector<unsigned> getActivationOperandIndices(Operation *) const {
    return {0, 1};
  }
};

template <typename OpTy, QuantOpKind Kind>
struct BinaryModel : Base<BinaryModel<OpTy, Kind>, OpTy> {
  QuantOpKind getQuantOpKind(Operation *) const { return Kind; }
  /// mul's third operand is its integer shift, not an activation.
  SmallVector<unsigned> getActivationOperandIndices(Operation *) const {
    return {0, 1};
  }
};

struct ClampModel : Base<ClampModel, tosa::ClampOp> {
  std::optional<ClampBounds> bounds(Operation *op) const {
    auto clamp = cast<tosa::ClampOp>(op);
    std::optional<double> lo = floatOf(clamp.getMinValAttr());
    std::optional<double> hi = floatOf(clamp.getMaxValAttr());
    if (!lo || !hi)
      return std::nullopt; // an integer clamp
    ClampBounds b;
    if (!std::isinf(*lo))
      b.lo = lo;
    if (!isUnbounded(*hi))
      b.hi = hi;
    return b;
  }
  QuantOpKind getQuantOpKind(Operation *op) const {
    std::optional<ClampBounds> b = bounds(op);
    return b && b->lo == 0.0 && !b->hi ? QuantOpKind::relu : QuantOpKind::clamp;
  }
  bool sharesQParamsWithInput(Operation *) const { return true; }
  QuantOpParams getQuantOpParams(Operation *op) const {
    QuantOpParams params;
    params.clamp = bounds(op);
    return params;
  }
  /// max(min(x, hi), lo) in float32, NaN propagated (TOSA's default).
  std::optional<float> evaluateElementwise(Operation *op, float x) const {
    std::optional<ClampBounds> b = bounds(op);
    if (!b || !cast<RankedTensorType>(op->getResult(0).getType())
                   .getElementType()
                   .isF32())
      return std::nullopt;
    if (std::isnan(x))
      return x;
    if (b->lo)
      x = std::max(x, static_cast<float>(*b->lo));
    if (b->hi)
      x = std::min(x, static_cast<float>(*b->hi));
    return x;
  }
};

/// max_pool2d and avg_pool2d (TOSA's average divides by the valid,
/// unpadded element count: count_include_pad=False).
template <typename OpTy> struct PoolModel : Base<PoolModel<OpTy>, OpTy> {
  static constexpr bool kAverage = std::is_same_v<OpTy, tosa::AvgPool2dOp>;
  QuantOpKind getQuantOpKind(Operation *) const {
    return kAverage ? QuantOpKind::avg_pool : QuantOpKind::max_pool;
  }
  bool sharesQParamsWithInput(Operation *) const { return true; }
  QuantOpParams getQuantOpParams(Operation *op) const {
    auto pool = cast<OpTy>(op);
    QuantOpParams params;
    std::optional<SmallVector<int64_t>> pad = symmetricPad(pool.getPad());
    if (!pad)
      return params;
    PoolWindow window{SmallVector<int64_t>(pool.getKernel()),
                      SmallVector<int64_t>(pool.getStride()),
                      *pad,
                      {1, 1},
                      /*ceilMode=*/false,
                      /*countIncludePad=*/false,
                      /*channelsLast=*/true};
    (kAverage ? params.avgWindow : params.maxWindow) = window;
    return params;
  }
};

struct ConcatModel : Base<ConcatModel, tosa::ConcatOp> {
  QuantOpKind getQuantOpKind(Operation *) const { return QuantOpKind::cat; }
  SmallVector<unsigned> getActivationOperandIndices(Operation *op) const {
    return llvm::to_vector(llvm::seq<unsigned>(0, op->getNumOperands()));
  }
  QuantOpParams getQuantOpParams(Operation *op) const {
    QuantOpParams params;
    params.concatDim = static_cast<int64_t>(cast<tosa::ConcatOp>(op).getAxis());
    return params;
  }
};

template <typename OpTy, QuantOpKind Kind>
struct ShapeModel : Base<ShapeModel<OpTy, Kind>, OpTy> {
  QuantOpKind getQuantOpKind(Operation *) const { return Kind; }
  bool sharesQParamsWithInput(Operation *) const { return true; }
};

} // namespace

void mlir::quant_pt2e::registerTosaQuantizableModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    tosa::Conv2DOp::attachInterface<ConvModel<tosa::Conv2DOp>>(*ctx);
    tosa::DepthwiseConv2DOp::attachInterface<
        ConvModel<tosa::DepthwiseConv2DOp>>(*ctx);
    tosa::TransposeConv2DOp::attachInterface<
        ConvModel<tosa::TransposeConv2DOp>>(*ctx);
    tosa::MatMulOp::attachInterface<MatMulModel>(*ctx);
    tosa::AddOp::attachInterface<BinaryModel<tosa::AddOp, QuantOpKind::add>>(
        *ctx);
    tosa::MulOp::attachInterface<BinaryModel<tosa::MulOp, QuantOpKind::mul>>(
        *ctx);
    tosa::ClampOp::attachInterface<ClampModel>(*ctx);
    tosa::MaxPool2dOp::attachInterface<PoolModel<tosa::MaxPool2dOp>>(*ctx);
    tosa::AvgPool2dOp::attachInterface<PoolModel<tosa::AvgPool2dOp>>(*ctx);
    tosa::ConcatOp::attachInterface<ConcatModel>(*ctx);
    tosa::ReshapeOp::attachInterface<
        ShapeModel<tosa::ReshapeOp, QuantOpKind::reshape>>(*ctx);
    tosa::TransposeOp::attachInterface<
        ShapeModel<tosa::TransposeOp, QuantOpKind::permute>>(*ctx);
  });
}
