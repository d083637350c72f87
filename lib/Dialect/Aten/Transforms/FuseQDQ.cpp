//===- FuseQDQ.cpp - the quant-pt2e-fuse-qdq pass -------------------------===//
//
// dq -> op [-> act] -> q chains become fused quantized ops (see the pass
// description and docs/Lowering.md).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Math/QuantMath.h"
#include "mlir/IR/PatternMatch.h"

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
  bool conv2d = false, linear = false, add = false, maxPool = false;
  /// ui8 activations (else only i8).
  bool unsignedActivations = false;
};

std::optional<BackendCaps> capsOf(StringRef backend) {
  // oneDNN itself takes u8, but its lowering handles i8 only so far: ui8
  // chains stay in reference form.
  if (backend == "onednn")
    return BackendCaps{true, true, true, true, false};
  if (backend == "reference")
    return BackendCaps{};
  return std::nullopt;
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

struct FuseQDQPass : aten::impl::FuseQDQBase<FuseQDQPass> {
  using FuseQDQBase::FuseQDQBase;

  void runOnOperation() override {
    std::optional<BackendCaps> caps = capsOf(backend);
    if (!caps) {
      getOperation().emitError() << "quant-pt2e-fuse-qdq: unknown backend '"
                                 << backend << "' (onednn, reference)";
      return signalPassFailure();
    }
    SmallVector<qp::QuantizeOp> quantizes;
    getOperation().walk([&](qp::QuantizeOp q) { quantizes.push_back(q); });
    IRRewriter rewriter(&getContext());
    for (qp::QuantizeOp q : quantizes)
      fuse(q, *caps, rewriter);
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
    }
    if (!producer->getResult(0).hasOneUse())
      return;

    rewriter.setInsertionPoint(q);
    Location loc = q.getLoc();
    Value fused;
    auto f32 = [&](float v) { return rewriter.getF32FloatAttr(v); };
    auto i64 = [&](int64_t v) { return rewriter.getI64IntegerAttr(v); };
    if (auto conv = dyn_cast<ConvolutionOp>(producer)) {
      std::optional<ActQParams> x = activationDQ(conv.getInput(), caps);
      auto w = weightDQ(conv.getWeight());
      if (!caps.conv2d || !x || !w || conv.getTransposed() ||
          conv.getInput().getType().getRank() != 4 ||
          !isFloatConstantOrNull(conv.getBias()))
        return;
      fused = qp::QConv2dOp::create(
          rewriter, loc, outType, x->input, w->first, conv.getBias(),
          f32(x->scale), i64(x->zeroPoint),
          rewriter.getDenseF32ArrayAttr(w->second), f32(outScale), i64(outZp),
          i64(qmin), i64(qmax), i64(actMin), i64(actMax),
          conv.getStrideAttr(), conv.getPaddingAttr(), conv.getDilationAttr(),
          i64(conv.getGroups()));
    } else if (auto linear = dyn_cast<LinearOp>(producer)) {
      std::optional<ActQParams> x = activationDQ(linear.getInput(), caps);
      auto w = weightDQ(linear.getWeight());
      if (!caps.linear || !x || !w ||
          linear.getInput().getType().getRank() != 2 ||
          !isFloatConstantOrNull(linear.getBias()))
        return;
      fused = qp::QLinearOp::create(
          rewriter, loc, outType, x->input, w->first, linear.getBias(),
          f32(x->scale), i64(x->zeroPoint),
          rewriter.getDenseF32ArrayAttr(w->second), f32(outScale), i64(outZp),
          i64(qmin), i64(qmax), i64(actMin), i64(actMax));
    } else if (auto add = dyn_cast<AddOp>(producer)) {
      std::optional<ActQParams> a = activationDQ(add.getLhs(), caps);
      std::optional<ActQParams> b = activationDQ(add.getRhs(), caps);
      if (!caps.add || !a || !b ||
          (add.getAlpha() && add.getAlpha()->convertToDouble() != 1.0) ||
          add.getLhs().getType().getShape() != outType.getShape() ||
          add.getRhs().getType().getShape() != outType.getShape())
        return;
      fused = qp::QAddOp::create(rewriter, loc, outType, a->input, b->input,
                                 f32(a->scale), i64(a->zeroPoint),
                                 f32(b->scale), i64(b->zeroPoint),
                                 f32(outScale), i64(outZp), i64(qmin),
                                 i64(qmax), i64(actMin), i64(actMax));
    } else if (auto pool = dyn_cast<MaxPool2dOp>(producer)) {
      auto dq = pool.getInput().getDefiningOp<qp::DequantizeOp>();
      // Integer max pooling equals the reference only with the same qparams
      // on both sides (a shared spec) and no activation.
      if (!caps.maxPool || activation || !dq || dq.isDynamic() ||
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
      if (!source || !isa<qp::QConv2dOp, qp::QLinearOp, qp::QAddOp>(source))
        return;
      auto lo = cast<IntegerAttr>(source->getAttr("act_min")).getInt();
      auto hi = cast<IntegerAttr>(source->getAttr("act_max")).getInt();
      lo = std::max(lo, actMin);
      hi = std::min(hi, actMax);
      if (lo > hi)
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
    rewriter.replaceOp(q, fused);
    if (activation)
      rewriter.eraseOp(activation);
    SmallVector<Value> operands(producer->getOperands());
    rewriter.eraseOp(producer);
    for (Value operand : operands)
      if (auto dq = operand.getDefiningOp<qp::DequantizeOp>())
        if (dq->use_empty())
          rewriter.eraseOp(dq);
  }
};

} // namespace
