//===- FuseQDQ.cpp - the quant-pt2e-fuse-qdq pass -------------------------===//
//
// dq -> op [-> act] -> q chains become fused quantized ops (see the pass
// description and docs/Lowering.md).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "quant-pt2e/Dialect/Aten/IR/AtenScalarFormulas.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ShapeLimits.h"
#include "quant-pt2e/Math/QuantMath.h"

namespace mlir::aten {
#define GEN_PASS_DEF_FUSEQDQ
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"
} // namespace mlir::aten

using namespace mlir;
using namespace mlir::aten;
namespace qp = mlir::quant_pt2e;
namespace math = qpt2e::math;

namespace {

/// What a backend accepts.
struct BackendCaps {
  bool conv2d = false, linear = false, perChannelLinear = false, add = false,
       mul = false, maxPool = false, avgPool = false, globalAvgPool = false,
       cat = false, view = false;
  /// Convolution with a residual sum, linear with leaky_relu / tanh.
  bool residual = false, linearPostOps = false;
  /// ui8 activations (else only i8).
  bool unsignedActivations = false;
  /// q(f(dq(x))) for element-wise float f as a 256-entry qlookup.
  bool lookup = false;
  /// Grouped and depthwise convolutions (else groups == 1 only).
  bool groupedConv = true;
  /// Depthwise convolutions (groups == channels) even without groupedConv.
  bool depthwiseConv = true;
  /// XNNPACK's operator limits: requantization scales inside its ranges,
  /// act_min < act_max, pooling windows larger than one element.
  bool xnnpackLimits = false;

  /// Whether the backend takes the fused op just built.
  bool accepts(Operation *op) const;
};

std::optional<BackendCaps> capsOf(StringRef backend) {
  BackendCaps caps;
  if (backend == "reference")
    return caps;
  caps.cat = caps.view = caps.lookup = true;
  if (backend == "onednn") {
    caps.conv2d = caps.linear = caps.perChannelLinear = caps.add = caps.mul =
        caps.maxPool = caps.avgPool = caps.globalAvgPool = true;
    caps.residual = caps.linearPostOps = true;
    caps.unsignedActivations = true;
    return caps;
  }
  if (backend == "xnnpack") {
    // XNNPACK 2022: qs8 / qc8 convolution, qs8 fully connected (no
    // per-channel), add, multiply, s8 max pooling, qs8 global average
    // pooling; no qs8 windowed average pooling.
    caps.conv2d = caps.linear = caps.add = caps.mul = caps.maxPool =
        caps.globalAvgPool = true;
    caps.xnnpackLimits = true;
    return caps;
  }
  if (backend == "vector") {
    // The compiler's own micro-kernels (convert-quant-pt2e-to-vector):
    // convolutions with groups 1 (with a residual sum fused into the
    // epilogue) and linears (per tensor or per channel, with leaky_relu /
    // tanh post-ops in the epilogue) as register-tiled
    // kernels, max pooling on the integers; add, mul, average pools and
    // concat as their exact reference chains on NHWC values.
    caps.conv2d = caps.linear = caps.perChannelLinear = caps.add = caps.mul =
        caps.avgPool = caps.globalAvgPool = caps.residual = caps.maxPool =
            caps.linearPostOps = true;
    caps.unsignedActivations = true;
    caps.groupedConv = false; // depthwise only
    return caps;
  }
  return std::nullopt;
}

bool inRange(double v, double lo, double hi) { return v >= lo && v < hi; }

/// XNNPACK's requantization scale range of convolution / fully connected.
bool convScalesOk(float in, ArrayRef<float> weights, float out) {
  return llvm::all_of(weights, [&](float w) {
    return inRange(static_cast<double>(in * w / out), 0x1.0p-32, 256.0);
  });
}

bool isGlobalPool(qp::QAvgPool2dOp pool) {
  RankedTensorType in = pool.getInput().getType();
  return pool.getKernel()[0] == in.getDimSize(2) &&
         pool.getKernel()[1] == in.getDimSize(3) &&
         pool.getPadding()[0] == 0 && pool.getPadding()[1] == 0;
}

/// groups == input channels == output channels (channel multiplier 1).
bool isDepthwise(qp::QConv2dOp conv) {
  int64_t groups = static_cast<int64_t>(conv.getGroups());
  return groups > 1 && groups == conv.getInput().getType().getDimSize(1) &&
         groups == conv.getOutput().getType().getDimSize(1);
}

bool BackendCaps::accepts(Operation *op) const {
  auto actOk = [&](int64_t lo, int64_t hi) {
    return !xnnpackLimits || lo < hi;
  };
  if (auto conv = dyn_cast<qp::QConv2dOp>(op))
    return conv2d && (residual || !conv.getResidual()) &&
           (groupedConv || conv.getGroups() == 1 ||
            (depthwiseConv && isDepthwise(conv))) &&
           actOk(static_cast<int64_t>(conv.getActMin()),
                 static_cast<int64_t>(conv.getActMax())) &&
           (!xnnpackLimits ||
            convScalesOk(conv.getInputScale().convertToFloat(),
                         conv.getWeightScales(),
                         conv.getOutputScale().convertToFloat()));
  if (auto fc = dyn_cast<qp::QLinearOp>(op))
    return linear && (linearPostOps || !fc.getPostOp()) &&
           (perChannelLinear || fc.getWeightScales().size() == 1) &&
           actOk(static_cast<int64_t>(fc.getActMin()),
                 static_cast<int64_t>(fc.getActMax())) &&
           (!xnnpackLimits ||
            convScalesOk(fc.getInputScale().convertToFloat(),
                         fc.getWeightScales(),
                         fc.getOutputScale().convertToFloat()));
  auto binaryOk = [&](auto bin, bool enabled, bool product) {
    if (!enabled || !actOk(static_cast<int64_t>(bin.getActMin()),
                           static_cast<int64_t>(bin.getActMax())))
      return false;
    if (!xnnpackLimits)
      return true;
    double a = bin.getLhsScale().convertToDouble(),
           b = bin.getRhsScale().convertToDouble(),
           o = bin.getOutputScale().convertToDouble();
    return product ? inRange(a * b / o, 0x1.0p-16, 256.0)
                   : inRange(a / o, 0x1.0p-10, 256.0) &&
                         inRange(b / o, 0x1.0p-10, 256.0);
  };
  if (auto add = dyn_cast<qp::QAddOp>(op))
    return binaryOk(add, this->add, false);
  if (auto mulOp = dyn_cast<qp::QMulOp>(op))
    return binaryOk(mulOp, mul, true);
  if (auto pool = dyn_cast<qp::QMaxPool2dOp>(op))
    return maxPool &&
           (!xnnpackLimits || pool.getKernel()[0] * pool.getKernel()[1] > 1);
  if (auto pool = dyn_cast<qp::QAvgPool2dOp>(op)) {
    bool global = isGlobalPool(pool);
    if (!(global ? globalAvgPool : avgPool) ||
        !actOk(static_cast<int64_t>(pool.getActMin()),
               static_cast<int64_t>(pool.getActMax())))
      return false;
    return !xnnpackLimits ||
           inRange(pool.getInputScale().convertToDouble() /
                       pool.getOutputScale().convertToDouble(),
                   0x1.0p-8, 256.0);
  }
  if (isa<qp::QCatOp>(op))
    return cat;
  return false;
}

/// A static per-tensor activation dequantize of an i8 (or, when the backend
/// takes it, ui8) tensor.
struct ActQParams {
  Value input;
  float scale;
  int64_t zeroPoint;
};

bool acceptsActivation(Type elem, const BackendCaps &caps) {
  return elem.isSignlessInteger(8) ||
         (caps.unsignedActivations && elem.isUnsignedInteger(8));
}

std::optional<ActQParams> activationDQ(Value value, const BackendCaps &caps) {
  auto dq = value.getDefiningOp<qp::DequantizeOp>();
  if (!dq || dq.isDynamic() || dq.isPerChannel() ||
      !acceptsActivation(dq.getInput().getType().getElementType(), caps))
    return std::nullopt;
  return ActQParams{dq.getInput(), dq.getScalesAttr().asArrayRef()[0],
                    dq.getZeroPointsAttr().asArrayRef()[0]};
}

/// A constant int8 weight dequantized with zero points 0, per tensor or per
/// output channel (axis 0).
std::optional<std::pair<Value, SmallVector<float>>> weightDQ(Value value) {
  auto dq = value.getDefiningOp<qp::DequantizeOp>();
  if (!dq || dq.isDynamic() || (dq.isPerChannel() && *dq.getAxis() != 0))
    return std::nullopt;
  if (!dq.getInput().getDefiningOp<arith::ConstantOp>() ||
      !dq.getInput().getType().getElementType().isSignlessInteger(8))
    return std::nullopt;
  if (llvm::any_of(dq.getZeroPointsAttr().asArrayRef(),
                   [](int64_t zp) { return zp != 0; }))
    return std::nullopt;
  return std::make_pair(
      dq.getInput(), SmallVector<float>(dq.getScalesAttr().asArrayRef()));
}

bool isFloatConstantOrNull(Value bias) {
  return !bias || bias.getDefiningOp<arith::ConstantOp>();
}

/// The integer operands of aten.convolution(dq(x), dq(w), bias) when it is a
/// 2-d, non-transposed convolution a qconv2d can take.
struct ConvOperands {
  ActQParams x;
  Value weight;
  SmallVector<float> weightScales;
};

std::optional<ConvOperands> convOperands(ConvolutionOp conv,
                                         const BackendCaps &caps) {
  std::optional<ActQParams> x = activationDQ(conv.getInput(), caps);
  auto w = weightDQ(conv.getWeight());
  if (!x || !w || conv.getTransposed() ||
      conv.getInput().getType().getRank() != 4 ||
      !isFloatConstantOrNull(conv.getBias()))
    return std::nullopt;
  return ConvOperands{*x, w->first, w->second};
}

/// Output side of a fused op: qparams, range and activation range.
struct OutputQ {
  float scale;
  int64_t zeroPoint, qmin, qmax, actMin, actMax;
};

/// The residual sum of a qconv2d: the residual and its qparams, and the
/// optional intermediate quantization of the conv result.
struct ResidualQ {
  Value value;
  float scale;
  int64_t zeroPoint;
  std::optional<float> midScale;
  int64_t midZeroPoint = 0, midMin = 0, midMax = 0;
};

/// A qconv2d with the geometry of `conv` (an aten.convolution or a
/// qconv2d).
template <typename ConvTy>
Value buildQConv(IRRewriter &rewriter, Location loc, RankedTensorType outType,
                 ConvTy conv, Value x, float xScale, int64_t xZp, Value weight,
                 ArrayRef<float> weightScales, const OutputQ &out,
                 const std::optional<ResidualQ> &residual) {
  auto f32 = [&](float v) { return rewriter.getF32FloatAttr(v); };
  auto i64 = [&](int64_t v) { return rewriter.getI64IntegerAttr(v); };
  bool mid = residual && residual->midScale;
  return qp::QConv2dOp::create(
      rewriter, loc, outType, x, weight, conv.getBias(),
      residual ? residual->value : Value(), f32(xScale), i64(xZp),
      rewriter.getDenseF32ArrayAttr(weightScales),
      mid ? f32(*residual->midScale) : FloatAttr(),
      mid ? i64(residual->midZeroPoint) : IntegerAttr(),
      mid ? i64(residual->midMin) : IntegerAttr(),
      mid ? i64(residual->midMax) : IntegerAttr(),
      residual ? f32(residual->scale) : FloatAttr(),
      residual ? i64(residual->zeroPoint) : IntegerAttr(), f32(out.scale),
      i64(out.zeroPoint), i64(out.qmin), i64(out.qmax), i64(out.actMin),
      i64(out.actMax), conv.getStrideAttr(), conv.getPaddingAttr(),
      conv.getDilationAttr(), conv.getGroupsAttr());
}

/// The float clamp bounds of a fusable activation.
struct Activation {
  Operation *op = nullptr;
  std::optional<double> lo, hi;
};

std::optional<Activation> activationOf(Operation *op) {
  if (auto relu = dyn_cast<ReluOp>(op))
    return Activation{op, 0.0, std::nullopt};
  if (auto relu6 = dyn_cast<Relu6Op>(op))
    return Activation{op, 0.0, 6.0};
  if (auto hardtanh = dyn_cast<HardtanhOp>(op))
    return Activation{op, hardtanh.getMinVal().convertToDouble(),
                      hardtanh.getMaxVal().convertToDouble()};
  if (auto clamp = dyn_cast<ClampOp>(op)) {
    std::optional<double> lo, hi;
    if (clamp.getMin())
      lo = clamp.getMin()->convertToDouble();
    if (clamp.getMax())
      hi = clamp.getMax()->convertToDouble();
    return Activation{op, lo, hi};
  }
  return std::nullopt;
}

/// The avg_pool2d window of an average pooling over H and W: aten.avg_pool2d
/// (no divisor override), adaptive_avg_pool2d with output sizes dividing the
/// input, aten.mean over {2, 3} with keepdim (global).
struct AvgWindow {
  SmallVector<int64_t> kernel, stride, padding;
  bool ceilMode = false, countIncludePad = false;
};

std::optional<AvgWindow> avgWindowOf(Operation *op) {
  if (op->getNumOperands() != 1)
    return std::nullopt;
  auto in = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  if (!in || in.getRank() != 4 || !in.hasStaticShape())
    return std::nullopt;
  int64_t h = in.getDimSize(2), w = in.getDimSize(3);
  if (auto pool = dyn_cast<AvgPool2dOp>(op)) {
    if (pool.getDivisorOverride() || pool.getKernelSize().size() != 2 ||
        pool.getStride().size() != 2 || pool.getPadding().size() != 2)
      return std::nullopt;
    return AvgWindow{SmallVector<int64_t>(pool.getKernelSize()),
                     SmallVector<int64_t>(pool.getStride()),
                     SmallVector<int64_t>(pool.getPadding()),
                     pool.getCeilMode(), pool.getCountIncludePad()};
  }
  if (auto pool = dyn_cast<AdaptiveAvgPool2dOp>(op)) {
    ArrayRef<int64_t> size = pool.getOutputSize();
    if (size.size() != 2 || size[0] < 1 || size[1] < 1 || h % size[0] ||
        w % size[1])
      return std::nullopt;
    SmallVector<int64_t> k{h / size[0], w / size[1]};
    return AvgWindow{k, k, {0, 0}, false, true};
  }
  if (auto mean = dyn_cast<MeanOp>(op)) {
    if (!mean.getKeepdim())
      return std::nullopt;
    SmallVector<int64_t> dims;
    for (int64_t d : mean.getDims())
      dims.push_back(d < 0 ? d + 4 : d);
    llvm::sort(dims);
    if (dims != SmallVector<int64_t>{2, 3})
      return std::nullopt;
    return AvgWindow{{h, w}, {h, w}, {0, 0}, false, true};
  }
  return std::nullopt;
}

struct FuseQDQPass : aten::impl::FuseQDQBase<FuseQDQPass> {
  using FuseQDQBase::FuseQDQBase;

  void runOnOperation() override {
    std::optional<BackendCaps> caps = capsOf(backend);
    if (!caps) {
      getOperation().emitError() << "quant-pt2e-fuse-qdq: unknown backend '"
                                 << backend << "' (onednn, xnnpack, vector, reference)";
      return signalPassFailure();
    }
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    SmallVector<qp::QuantizeOp> quantizes;
    getOperation().walk([&](qp::QuantizeOp q) { quantizes.push_back(q); });
    IRRewriter rewriter(&getContext());
    for (qp::QuantizeOp q : quantizes)
      fuse(q, *caps, rewriter);
    SmallVector<qp::QAddOp> adds;
    getOperation().walk([&](qp::QAddOp add) { adds.push_back(add); });
    for (qp::QAddOp add : adds)
      fuseResidual(add, *caps, rewriter);
    // What is left of q(f(dq(x))) with an element-wise f: a table.
    quantizes.clear();
    getOperation().walk([&](qp::QuantizeOp q) { quantizes.push_back(q); });
    for (qp::QuantizeOp q : quantizes)
      fuseLookup(q, *caps, rewriter);
  }

  /// q(f_n(...f_1(dq(x)))), each f_i an element-wise unary aten op used
  /// only by the next (gelu then eval dropout, as ViT's MLP), both
  /// quantizations per tensor and static, 8-bit: the 256 results tabulated
  /// with the float lowering's formulas and the quantization math.
  static void fuseLookup(qp::QuantizeOp q, const BackendCaps &caps,
                         IRRewriter &rewriter) {
    if (!caps.lookup || q.isDynamic() || q.isPerChannel())
      return;
    auto outType = q.getOutput().getType();
    if (!acceptsActivation(outType.getElementType(), caps))
      return;
    FloatFormulaEvaluator eval;
    // The chain, last op first.
    SmallVector<Operation *> chain;
    Value value = q.getInput();
    qp::DequantizeOp dq;
    while (Operation *f = value.getDefiningOp()) {
      if ((dq = dyn_cast<qp::DequantizeOp>(f)))
        break;
      if (f->getNumOperands() != 1 || !value.hasOneUse() ||
          !evaluateUnary(f, eval, 0.0f) ||
          f->getOperand(0).getType() != value.getType())
        return;
      chain.push_back(f);
      value = f->getOperand(0);
    }
    if (chain.empty() || !dq || dq.isDynamic() || dq.isPerChannel() ||
        !acceptsActivation(dq.getInput().getType().getElementType(), caps) ||
        !dq.getOutput().getType().getElementType().isF32())
      return;
    bool unsignedIn =
        dq.getInput().getType().getElementType().isUnsignedInteger(8);
    float inScale = dq.getScalesAttr().asArrayRef()[0];
    int64_t inZp = dq.getZeroPointsAttr().asArrayRef()[0];
    float outScale = q.getScalesAttr().asArrayRef()[0];
    int64_t outZp = q.getZeroPointsAttr().asArrayRef()[0];
    auto qmin = static_cast<int64_t>(q.getQuantMin());
    auto qmax = static_cast<int64_t>(q.getQuantMax());
    SmallVector<int8_t> table;
    for (int64_t i = 0; i < 256; ++i) {
      int64_t stored = unsignedIn ? i : i - 128;
      float x = math::dequantize(stored, inScale, inZp);
      for (Operation *f : llvm::reverse(chain))
        x = *evaluateUnary(f, eval, x);
      int64_t y = math::quantize(x, outScale, outZp, qmin, qmax);
      table.push_back(static_cast<int8_t>(static_cast<uint8_t>(y & 0xff)));
    }
    rewriter.setInsertionPoint(q);
    Value lookup =
        qp::QLookupOp::create(rewriter, q.getLoc(), outType, dq.getInput(),
                              rewriter.getDenseI8ArrayAttr(table));
    rewriter.replaceOp(q, lookup);
    for (Operation *f : ArrayRef<Operation *>(chain).drop_back())
      rewriter.eraseOp(f);
    eraseWithDeadDQs(rewriter, chain.back());
  }

  /// Fuses the chain ending in `q`, if the backend takes it.
  void fuse(qp::QuantizeOp q, const BackendCaps &caps, IRRewriter &rewriter) {
    if (q.isDynamic() || q.isPerChannel())
      return;
    auto outType = q.getOutput().getType();
    if (!acceptsActivation(outType.getElementType(), caps))
      return;
    Operation *producer = q.getInput().getDefiningOp();
    if (!producer || !q.getInput().hasOneUse())
      return;
    float outScale = q.getScalesAttr().asArrayRef()[0];
    int64_t outZp = q.getZeroPointsAttr().asArrayRef()[0];
    auto qmin = static_cast<int64_t>(q.getQuantMin());
    auto qmax = static_cast<int64_t>(q.getQuantMax());

    // Peel a fused activation: its bounds become the integer act range.
    int64_t actMin = qmin, actMax = qmax;
    Operation *activation = nullptr;
    std::optional<qp::PostOpKind> postOp;
    float postAlpha = 0.0f;
    if (std::optional<Activation> act = activationOf(producer)) {
      Value inner = producer->getOperand(0);
      if (!inner.getDefiningOp() || !inner.hasOneUse())
        return;
      if (act->lo)
        actMin = math::quantize(static_cast<float>(*act->lo), outScale, outZp,
                                qmin, qmax);
      if (act->hi)
        actMax = math::quantize(static_cast<float>(*act->hi), outScale, outZp,
                                qmin, qmax);
      if (actMin > actMax)
        return;
      activation = producer;
      producer = inner.getDefiningOp();
    } else if (isa<TanhOp, LeakyReluOp>(producer)) {
      // linear -> leaky_relu / tanh under one output quantization (the
      // oneDNN config's patterns): an eltwise post-op of the linear.
      Value inner = producer->getOperand(0);
      if (!caps.linearPostOps || !inner.getDefiningOp<LinearOp>() ||
          !inner.hasOneUse())
        return;
      if (auto leaky = dyn_cast<LeakyReluOp>(producer)) {
        postOp = qp::PostOpKind::leaky_relu;
        postAlpha = static_cast<float>(leaky.getNegativeSlope().convertToDouble());
      } else {
        postOp = qp::PostOpKind::tanh;
      }
      activation = producer;
      producer = inner.getDefiningOp();
    }
    if (!producer->getResult(0).hasOneUse())
      return;
    OutputQ outQ{outScale, outZp, qmin, qmax, actMin, actMax};
    // The conv of a fused conv-add, erased after the add that uses it.
    Operation *innerProducer = nullptr;

    rewriter.setInsertionPoint(q);
    Location loc = q.getLoc();
    Value fused;
    auto f32 = [&](float v) { return rewriter.getF32FloatAttr(v); };
    auto i64 = [&](int64_t v) { return rewriter.getI64IntegerAttr(v); };
    if (auto conv = dyn_cast<ConvolutionOp>(producer)) {
      std::optional<ConvOperands> in = convOperands(conv, caps);
      if (!in)
        return;
      fused = buildQConv(rewriter, loc, outType, conv, in->x.input,
                         in->x.scale, in->x.zeroPoint, in->weight,
                         in->weightScales, outQ, std::nullopt);
    } else if (std::optional<std::pair<ConvolutionOp, ResidualQ>> convAdd =
                   floatConvAdd(producer, caps)) {
      // conv -> add(dq(r)) under one output quantization (the oneDNN
      // config's conv-add(-relu)): a residual sum post-op.
      ConvolutionOp conv = convAdd->first;
      ConvOperands in = *convOperands(conv, caps);
      fused = buildQConv(rewriter, loc, outType, conv, in.x.input, in.x.scale,
                         in.x.zeroPoint, in.weight, in.weightScales, outQ,
                         convAdd->second);
      innerProducer = conv;
    } else if (auto linear = dyn_cast<LinearOp>(producer)) {
      std::optional<ActQParams> x = activationDQ(linear.getInput(), caps);
      auto w = weightDQ(linear.getWeight());
      RankedTensorType inType = linear.getInput().getType();
      if (!x || !w || inType.getRank() < 2 ||
          (inType.getRank() > 2 && !inType.hasStaticShape()) ||
          !isFloatConstantOrNull(linear.getBias()))
        return;
      // [..., K] inputs (a transformer's tokens) run as [M, K]: the int8
      // values collapsed, the int8 result expanded back (exact reshapes).
      Value input = x->input;
      RankedTensorType fusedType = outType;
      SmallVector<ReassociationIndices> rows;
      if (inType.getRank() > 2) {
        rows.push_back(
            llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank() - 1)));
        rows.push_back({inType.getRank() - 1});
        input = tensor::CollapseShapeOp::create(rewriter, loc, input, rows);
        int64_t m = cast<RankedTensorType>(input.getType()).getDimSize(0);
        fusedType = RankedTensorType::get({m, outType.getShape().back()},
                                          outType.getElementType());
      }
      fused = qp::QLinearOp::create(
          rewriter, loc, fusedType, input, w->first, linear.getBias(),
          f32(x->scale), i64(x->zeroPoint),
          rewriter.getDenseF32ArrayAttr(w->second),
          postOp ? qp::PostOpKindAttr::get(&getContext(), *postOp)
                 : qp::PostOpKindAttr(),
          postOp ? f32(postAlpha) : FloatAttr(), f32(outScale), i64(outZp),
          i64(qmin), i64(qmax), i64(actMin), i64(actMax));
      if (!rows.empty()) {
        if (!caps.accepts(fused.getDefiningOp())) {
          rewriter.eraseOp(fused.getDefiningOp());
          rewriter.eraseOp(input.getDefiningOp());
          return;
        }
        fused =
            tensor::ExpandShapeOp::create(rewriter, loc, outType, fused, rows);
      }
    } else if (isa<AddOp, MulOp>(producer)) {
      Value lhs = producer->getOperand(0), rhs = producer->getOperand(1);
      auto alpha = producer->getAttrOfType<FloatAttr>("alpha");
      std::optional<ActQParams> a = activationDQ(lhs, caps);
      std::optional<ActQParams> b = activationDQ(rhs, caps);
      if (!a || !b || (alpha && alpha.getValueAsDouble() != 1.0) ||
          cast<RankedTensorType>(lhs.getType()).getShape() !=
              outType.getShape() ||
          cast<RankedTensorType>(rhs.getType()).getShape() !=
              outType.getShape())
        return;
      if (isa<AddOp>(producer))
        fused = qp::QAddOp::create(rewriter, loc, outType, a->input, b->input,
                                   f32(a->scale), i64(a->zeroPoint),
                                   f32(b->scale), i64(b->zeroPoint),
                                   f32(outScale), i64(outZp), i64(qmin),
                                   i64(qmax), i64(actMin), i64(actMax));
      else
        fused = qp::QMulOp::create(rewriter, loc, outType, a->input, b->input,
                                   f32(a->scale), i64(a->zeroPoint),
                                   f32(b->scale), i64(b->zeroPoint),
                                   f32(outScale), i64(outZp), i64(qmin),
                                   i64(qmax), i64(actMin), i64(actMax));
    } else if (std::optional<AvgWindow> window = avgWindowOf(producer)) {
      std::optional<ActQParams> x =
          activationDQ(producer->getOperand(0), caps);
      if (!x)
        return;
      fused = qp::QAvgPool2dOp::create(
          rewriter, loc, outType, x->input, f32(x->scale), i64(x->zeroPoint),
          f32(outScale), i64(outZp), i64(qmin), i64(qmax), i64(actMin),
          i64(actMax), rewriter.getDenseI64ArrayAttr(window->kernel),
          rewriter.getDenseI64ArrayAttr(window->stride),
          rewriter.getDenseI64ArrayAttr(window->padding),
          window->ceilMode ? rewriter.getUnitAttr() : UnitAttr(),
          window->countIncludePad ? rewriter.getUnitAttr() : UnitAttr());
    } else if (auto cat = dyn_cast<CatOp>(producer)) {
      SmallVector<Value> inputs;
      SmallVector<float> scales;
      SmallVector<int64_t> zps;
      for (Value v : cat.getInputs()) {
        std::optional<ActQParams> x = activationDQ(v, caps);
        if (!x || cast<RankedTensorType>(x->input.getType()).getElementType() !=
                      outType.getElementType())
          return;
        inputs.push_back(x->input);
        scales.push_back(x->scale);
        zps.push_back(x->zeroPoint);
      }
      int64_t dim = static_cast<int64_t>(cat.getDim());
      if (dim < 0)
        dim += outType.getRank();
      if (activation)
        return;
      fused = qp::QCatOp::create(
          rewriter, loc, outType, inputs, i64(dim),
          rewriter.getDenseF32ArrayAttr(scales),
          rewriter.getDenseI64ArrayAttr(zps), f32(outScale), i64(outZp),
          i64(qmin), i64(qmax));
    } else if (isa<ViewOp, ReshapeOp, FlattenOp>(producer)) {
      // q(view(dq(x))) with the qparams x was quantized with: the view of
      // the integers, exactly.
      auto dq = producer->getOperand(0).getDefiningOp<qp::DequantizeOp>();
      if (!caps.view || activation || !dq || dq.isDynamic() ||
          dq.isPerChannel() ||
          dq.getInput().getType().getElementType() !=
              outType.getElementType() ||
          dq.getScalesAttr() != q.getScalesAttr() ||
          dq.getZeroPointsAttr() != q.getZeroPointsAttr() ||
          dq.getQuantMin() != q.getQuantMin() ||
          dq.getQuantMax() != q.getQuantMax() || !outType.hasStaticShape())
        return;
      auto shapeType = RankedTensorType::get(
          {outType.getRank()}, rewriter.getI64Type());
      Value shape = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(shapeType, outType.getShape()));
      Value reshaped = tensor::ReshapeOp::create(rewriter, loc, outType,
                                                 dq.getInput(), shape);
      rewriter.replaceOp(q, reshaped);
      rewriter.eraseOp(producer);
      if (dq->use_empty())
        rewriter.eraseOp(dq);
      return;
    } else if (auto pool = dyn_cast<MaxPool2dOp>(producer)) {
      auto dq = pool.getInput().getDefiningOp<qp::DequantizeOp>();
      // Integer max pooling equals the reference only with the same qparams
      // on both sides (a shared spec) and no activation.
      if (activation || !dq || dq.isDynamic() ||
          dq.isPerChannel() || dq.getInput().getType().getElementType() !=
                                   outType.getElementType() ||
          dq.getScalesAttr() != q.getScalesAttr() ||
          dq.getZeroPointsAttr() != q.getZeroPointsAttr() ||
          dq.getQuantMin() != q.getQuantMin() ||
          dq.getQuantMax() != q.getQuantMax() ||
          pool.getInput().getType().getRank() != 4)
        return;
      fused = qp::QMaxPool2dOp::create(
          rewriter, loc, outType, dq.getInput(), pool.getKernelSizeAttr(),
          pool.getStrideAttr(), pool.getPaddingAttr(), pool.getDilationAttr(),
          pool.getCeilModeAttr());
    } else if (auto dq = dyn_cast<qp::DequantizeOp>(producer)) {
      // q(act(dq(y))) with the qparams y was quantized with, y the result of
      // a fused op (a shared-spec activation after it, as the XNNPACK
      // quantizer leaves relu6): dq then q is the identity on integers and
      // the activation a clamp, so it narrows the fused op's act range.
      if (!activation || dq.isDynamic() ||
          dq.isPerChannel() || dq.getScalesAttr() != q.getScalesAttr() ||
          dq.getZeroPointsAttr() != q.getZeroPointsAttr() ||
          dq.getQuantMin() != q.getQuantMin() ||
          dq.getQuantMax() != q.getQuantMax() ||
          dq.getInput().getType() != outType ||
          !dq.getInput().hasOneUse())
        return;
      Operation *source = dq.getInput().getDefiningOp();
      if (!source || !isa<qp::QConv2dOp, qp::QLinearOp, qp::QAddOp,
                          qp::QMulOp, qp::QAvgPool2dOp>(source))
        return;
      auto lo = cast<IntegerAttr>(source->getAttr("act_min")).getInt();
      auto hi = cast<IntegerAttr>(source->getAttr("act_max")).getInt();
      lo = std::max(lo, actMin);
      hi = std::min(hi, actMax);
      if (lo > hi || (caps.xnnpackLimits && lo >= hi))
        return;
      source->setAttr("act_min", i64(lo));
      source->setAttr("act_max", i64(hi));
      rewriter.replaceOp(q, source->getResult(0));
      rewriter.eraseOp(activation);
      rewriter.eraseOp(dq);
      return;
    } else {
      return;
    }
    if (!isa<tensor::ExpandShapeOp>(fused.getDefiningOp()) &&
        !caps.accepts(fused.getDefiningOp())) {
      rewriter.eraseOp(fused.getDefiningOp());
      return;
    }
    rewriter.replaceOp(q, fused);
    if (activation)
      rewriter.eraseOp(activation);
    eraseWithDeadDQs(rewriter, producer);
    if (innerProducer)
      eraseWithDeadDQs(rewriter, innerProducer);
  }

  /// Erases `op` and the dequantizes among its operands it leaves unused.
  static void eraseWithDeadDQs(IRRewriter &rewriter, Operation *op) {
    SmallVector<Value> operands(op->getOperands());
    rewriter.eraseOp(op);
    for (Value operand : operands)
      if (auto dq = operand.getDefiningOp<qp::DequantizeOp>())
        if (dq->use_empty())
          rewriter.eraseOp(dq);
  }

  /// add(conv(dq(x), dq(w), b), dq(r)) (either order, alpha 1, the conv
  /// result used only here): the conv and the residual.
  static std::optional<std::pair<ConvolutionOp, ResidualQ>>
  floatConvAdd(Operation *producer, const BackendCaps &caps) {
    auto add = dyn_cast<AddOp>(producer);
    if (!add || !caps.residual ||
        (add.getAlpha() && add.getAlpha()->convertToDouble() != 1.0))
      return std::nullopt;
    for (unsigned side : {0u, 1u}) {
      auto conv = add->getOperand(side).getDefiningOp<ConvolutionOp>();
      std::optional<ActQParams> r =
          activationDQ(add->getOperand(1 - side), caps);
      if (!conv || !r || !conv->hasOneUse() || !convOperands(conv, caps) ||
          add->getOperand(1 - side).getType() != conv.getType())
        continue;
      return std::make_pair(conv,
                            ResidualQ{r->input, r->scale, r->zeroPoint, {}});
    }
    return std::nullopt;
  }

  /// qadd(qconv2d(...), r) with the conv result used only by the add: one
  /// qconv2d with r as its residual sum, the conv's own output quantization
  /// kept as the intermediate `conv_output` (the XNNPACK quantizer's
  /// conv -> q -> dq -> add).
  void fuseResidual(qp::QAddOp add, const BackendCaps &caps,
                    IRRewriter &rewriter) {
    if (!caps.residual)
      return;
    for (unsigned side : {0u, 1u}) {
      Value convOut = add->getOperand(side);
      auto conv = convOut.getDefiningOp<qp::QConv2dOp>();
      if (!conv || conv.getResidual() || !convOut.hasOneUse())
        continue;
      // The add dequantizes the conv result with the qparams it was
      // quantized with.
      auto [scale, zp] =
          side == 0 ? std::pair(add.getLhsScale(), add.getLhsZeroPoint())
                    : std::pair(add.getRhsScale(), add.getRhsZeroPoint());
      if (scale != conv.getOutputScale() || zp != conv.getOutputZeroPoint())
        continue;
      auto [rScale, rZp] =
          side == 0 ? std::pair(add.getRhsScale(), add.getRhsZeroPoint())
                    : std::pair(add.getLhsScale(), add.getLhsZeroPoint());
      ResidualQ residual{add->getOperand(1 - side),
                         rScale.convertToFloat(),
                         static_cast<int64_t>(rZp),
                         conv.getOutputScale().convertToFloat(),
                         static_cast<int64_t>(conv.getOutputZeroPoint()),
                         static_cast<int64_t>(conv.getActMin()),
                         static_cast<int64_t>(conv.getActMax())};
      OutputQ out{add.getOutputScale().convertToFloat(),
                  static_cast<int64_t>(add.getOutputZeroPoint()),
                  static_cast<int64_t>(add.getQuantMin()),
                  static_cast<int64_t>(add.getQuantMax()),
                  static_cast<int64_t>(add.getActMin()),
                  static_cast<int64_t>(add.getActMax())};
      rewriter.setInsertionPoint(add);
      Value fused = buildQConv(
          rewriter, add.getLoc(), add.getOutput().getType(), conv,
          conv.getInput(), conv.getInputScale().convertToFloat(),
          static_cast<int64_t>(conv.getInputZeroPoint()), conv.getWeight(),
          conv.getWeightScales(), out, residual);
      if (!caps.accepts(fused.getDefiningOp())) {
        rewriter.eraseOp(fused.getDefiningOp());
        return;
      }
      rewriter.replaceOp(add, fused);
      rewriter.eraseOp(conv);
      return;
    }
  }
};

} // namespace
