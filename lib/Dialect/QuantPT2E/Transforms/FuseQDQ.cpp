//===- FuseQDQ.cpp - the quant-pt2e-fuse-qdq pass -------------------------===//
//
// dq -> op [-> act] -> q chains become fused quantized ops (see the pass
// description and docs/Lowering.md). The float ops are seen only through
// QuantizableOpInterface (kind, operands, QuantOpParams, element-wise
// formula): the pass names no op of an input dialect. What a backend takes
// is BackendCapabilities' table.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"

#include "quant-pt2e/Dialect/QuantPT2E/IR/BackendCapabilities.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ByteLayouts.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/ShapeLimits.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"
#include "quant-pt2e/Math/QuantMath.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/ScopeExit.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_FUSEQDQ
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;
namespace qp = mlir::quant_pt2e;
namespace math = qpt2e::math;

namespace {

using BackendCaps = BackendCapabilities;

/// The op's kind, if it implements the interface.
std::optional<QuantOpKind> kindOf(Operation *op) {
  if (auto iface = dyn_cast_or_null<QuantizableOpInterface>(op))
    return iface.getQuantOpKind();
  return std::nullopt;
}

bool hasKind(Operation *op, QuantOpKind kind) { return kindOf(op) == kind; }

QuantOpParams paramsOf(Operation *op) {
  if (auto iface = dyn_cast_or_null<QuantizableOpInterface>(op))
    return iface.getQuantOpParams();
  return {};
}

/// The operand at the interface's weight / bias index, or null.
Value weightOf(QuantizableOpInterface op) {
  std::optional<unsigned> i = op.getWeightOperandIndex();
  return i ? op->getOperand(*i) : Value();
}
Value biasOf(QuantizableOpInterface op) {
  std::optional<unsigned> i = op.getBiasOperandIndex();
  return i ? op->getOperand(*i) : Value();
}

/// The single activation operand of a weighted op (conv, linear), or null.
Value activationOf(QuantizableOpInterface op) {
  SmallVector<unsigned> acts = op.getActivationOperandIndices();
  return acts.size() == 1 ? op->getOperand(acts[0]) : Value();
}

/// A static per-tensor activation dequantize of an i8 (or, when the backend
/// takes it, ui8) tensor.
struct ActQParams {
  Value input;
  float scale;
  int64_t zeroPoint;
};

std::optional<ActQParams> activationDQ(Value value, const BackendCaps &caps) {
  auto dq = value.getDefiningOp<qp::DequantizeOp>();
  if (!dq || dq.isDynamic() || dq.isPerChannel() ||
      !caps.takesActivation(dq.getInput().getType().getElementType()))
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
  return std::make_pair(dq.getInput(),
                        SmallVector<float>(dq.getScalesAttr().asArrayRef()));
}

/// A float bias the fused op can take: absent, or constant (of any
/// constant-like op: it is rebuilt as an arith.constant).
bool isFloatConstantOrNull(Value bias) {
  return !bias || getF32ConstantValues(bias).has_value();
}

/// The float bias as an arith.constant (the fused ops' weights and bias are
/// arith constants the backends pack at initialization).
Value arithBias(IRRewriter &rewriter, Location loc, Value bias) {
  if (!bias || bias.getDefiningOp<arith::ConstantOp>())
    return bias;
  auto type = cast<RankedTensorType>(bias.getType());
  std::vector<float> values = *getF32ConstantValues(bias);
  return arith::ConstantOp::create(
      rewriter, loc, type, DenseElementsAttr::get(type, ArrayRef(values)));
}

/// An OHWI int8 constant weight as OIHW, at compile time.
Value ohwiToOihw(IRRewriter &rewriter, Location loc, Value weight) {
  auto type = cast<RankedTensorType>(weight.getType());
  std::vector<int8_t> values = *getI8ConstantValues(weight);
  int64_t o = type.getDimSize(0), h = type.getDimSize(1),
          w = type.getDimSize(2), i = type.getDimSize(3);
  std::vector<int8_t> oihw(values.size());
  for (int64_t a = 0; a < o; ++a)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        for (int64_t c = 0; c < i; ++c)
          oihw[((a * i + c) * h + y) * w + x] =
              values[((a * h + y) * w + x) * i + c];
  auto outType = RankedTensorType::get({o, i, h, w}, type.getElementType());
  return arith::ConstantOp::create(
      rewriter, loc, outType,
      DenseElementsAttr::get(outType, ArrayRef<int8_t>(oihw)));
}

/// Records the ops a fusion attempt creates, to erase them when the
/// backend does not take the result.
struct CreatedOps : RewriterBase::Listener {
  SmallVector<Operation *> ops;
  void notifyOperationInserted(Operation *op, OpBuilder::InsertPoint) override {
    ops.push_back(op);
  }
};

/// The integer operands of a conv(dq(x), dq(w), bias) when it is a 2-d,
/// non-transposed convolution with its weight's output channels on axis 0
/// that a qconv2d can take, and its geometry.
struct ConvOperands {
  ActQParams x;
  Value weight, bias;
  SmallVector<float> weightScales;
  ConvGeometry geometry;
};

std::optional<ConvOperands> convOperands(Operation *op,
                                         const BackendCaps &caps) {
  auto conv = dyn_cast_or_null<QuantizableOpInterface>(op);
  if (!conv || conv.getQuantOpKind() != QuantOpKind::conv ||
      conv.getWeightOutputChannelAxis() != 0 || op->getNumResults() != 1)
    return std::nullopt;
  std::optional<ConvGeometry> geometry = conv.getQuantOpParams().conv;
  Value input = activationOf(conv), weight = weightOf(conv);
  if (!geometry || geometry->transposed || !input || !weight ||
      geometry->stride.size() != 2 || geometry->padding.size() != 2 ||
      geometry->dilation.size() != 2 ||
      cast<RankedTensorType>(input.getType()).getRank() != 4)
    return std::nullopt;
  std::optional<ActQParams> x = activationDQ(input, caps);
  auto w = weightDQ(weight);
  Value bias = biasOf(conv);
  if (!x || !w || !isFloatConstantOrNull(bias))
    return std::nullopt;
  return ConvOperands{*x, w->first, bias, w->second, *geometry};
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

/// A qconv2d with the given geometry and bias.
Value buildQConv(IRRewriter &rewriter, Location loc, RankedTensorType outType,
                 Value bias, ArrayRef<int64_t> stride,
                 ArrayRef<int64_t> padding, ArrayRef<int64_t> dilation,
                 int64_t groups, Value x, float xScale, int64_t xZp,
                 Value weight, ArrayRef<float> weightScales, const OutputQ &out,
                 const std::optional<ResidualQ> &residual) {
  auto f32 = [&](float v) { return rewriter.getF32FloatAttr(v); };
  auto i64 = [&](int64_t v) { return rewriter.getI64IntegerAttr(v); };
  bool mid = residual && residual->midScale;
  return qp::QConv2dOp::create(
      rewriter, loc, outType, x, weight, bias,
      residual ? residual->value : Value(), f32(xScale), i64(xZp),
      rewriter.getDenseF32ArrayAttr(weightScales),
      mid ? f32(*residual->midScale) : FloatAttr(),
      mid ? i64(residual->midZeroPoint) : IntegerAttr(),
      mid ? i64(residual->midMin) : IntegerAttr(),
      mid ? i64(residual->midMax) : IntegerAttr(),
      residual ? f32(residual->scale) : FloatAttr(),
      residual ? i64(residual->zeroPoint) : IntegerAttr(), f32(out.scale),
      i64(out.zeroPoint), i64(out.qmin), i64(out.qmax), i64(out.actMin),
      i64(out.actMax), rewriter.getDenseI64ArrayAttr(stride),
      rewriter.getDenseI64ArrayAttr(padding),
      rewriter.getDenseI64ArrayAttr(dilation), i64(groups));
}

/// The qconv2d of `in`; a channels-last conv (NHWC, OHWI) runs on NCHW
/// values transposed around it and an OIHW copy of its weight. Sets
/// `fusedOp` to the qconv2d.
Value buildQConv(IRRewriter &rewriter, Location loc, RankedTensorType outType,
                 const ConvOperands &in, const OutputQ &out,
                 std::optional<ResidualQ> residual, Operation *&fusedOp) {
  const ConvGeometry &g = in.geometry;
  Value x = in.x.input, weight = in.weight;
  RankedTensorType convType = outType;
  if (g.channelsLast) {
    x = transposeBytes(rewriter, loc, x, kToNCHW);
    weight = ohwiToOihw(rewriter, loc, weight);
    convType = permutedType(outType, kToNCHW);
    if (residual)
      residual->value = transposeBytes(rewriter, loc, residual->value, kToNCHW);
  }
  Value conv =
      buildQConv(rewriter, loc, convType, arithBias(rewriter, loc, in.bias),
                 g.stride, g.padding, g.dilation, g.groups, x, in.x.scale,
                 in.x.zeroPoint, weight, in.weightScales, out, residual);
  fusedOp = conv.getDefiningOp();
  return g.channelsLast ? transposeBytes(rewriter, loc, conv, kToNHWC) : conv;
}

/// A unary op with one result (an activation between the op and q).
bool isUnary(Operation *op) {
  return op->getNumOperands() == 1 && op->getNumResults() == 1;
}

struct FuseQDQPass : qp::impl::FuseQDQBase<FuseQDQPass> {
  using FuseQDQBase::FuseQDQBase;

  void runOnOperation() override {
    std::optional<BackendCaps> caps = BackendCaps::get(backend);
    if (!caps) {
      getOperation().emitError()
          << "quant-pt2e-fuse-qdq: unknown backend '" << backend << "' ("
          << BackendCaps::knownBackends() << ")";
      return signalPassFailure();
    }
    if (failed(
            quant_pt2e::verifySupportedShapes(getOperation(), getArgument())))
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
    // What is left of f(dq(x)) read as floats: a float table.
    SmallVector<qp::DequantizeOp> dqs;
    getOperation().walk([&](qp::DequantizeOp dq) { dqs.push_back(dq); });
    for (qp::DequantizeOp dq : dqs)
      tabulateFloat(dq, *caps, rewriter);
  }

  /// f_n(...f_1(dq(b))) for the 256 stored values b of dq's 8-bit input
  /// (b = -128 .. 127, or 0 .. 255 for ui8), `chain` f_1 first: the float
  /// lowering's formulas on the quantization math's dequantized values.
  static SmallVector<float> floatTable(qp::DequantizeOp dq,
                                       ArrayRef<Operation *> chain) {
    bool unsignedIn =
        dq.getInput().getType().getElementType().isUnsignedInteger(8);
    float scale = dq.getScalesAttr().asArrayRef()[0];
    int64_t zp = dq.getZeroPointsAttr().asArrayRef()[0];
    SmallVector<float> table;
    for (int64_t i = 0; i < 256; ++i) {
      float x = math::dequantize(unsignedIn ? i : i - 128, scale, zp);
      for (Operation *f : chain)
        x = *cast<QuantizableOpInterface>(f).evaluateElementwise(x);
      table.push_back(x);
    }
    return table;
  }

  /// The bytes the static per-tensor quantize `q` makes of `values`.
  static SmallVector<int8_t> byteTable(qp::QuantizeOp q,
                                       ArrayRef<float> values) {
    float scale = q.getScalesAttr().asArrayRef()[0];
    int64_t zp = q.getZeroPointsAttr().asArrayRef()[0];
    auto qmin = static_cast<int64_t>(q.getQuantMin());
    auto qmax = static_cast<int64_t>(q.getQuantMax());
    SmallVector<int8_t> bytes;
    for (float v : values) {
      int64_t y = math::quantize(v, scale, zp, qmin, qmax);
      bytes.push_back(static_cast<int8_t>(static_cast<uint8_t>(y & 0xff)));
    }
    return bytes;
  }

  /// Whether `f` is a unary element-wise op with a formula on `type`.
  static bool tabulable(Operation *f, Type type) {
    auto iface = dyn_cast<QuantizableOpInterface>(f);
    return iface && isUnary(f) && f->getOperand(0).getType() == type &&
           f->getResult(0).getType() == type && iface.evaluateElementwise(0.0f);
  }

  /// f_n(...f_1(dq(x))) whose float result is read by other ops than one
  /// quantize (an SE block's mean next to its quantize, so no qlookup),
  /// each f_i a unary element-wise op with a formula and f_1 .. f_{n-1}
  /// single-use, dq per tensor, static, i8 -> f32: the result gathered
  /// from its 256 values, tabulated with the float lowering's formulas
  /// (the floats the lowered chain computes, bit for bit), instead of an
  /// exp per element (EfficientNet-B0's SiLUs). Not for the reference.
  static void tabulateFloat(qp::DequantizeOp dq, const BackendCaps &caps,
                            IRRewriter &rewriter) {
    if (caps.lookup == Support::None || dq.isDynamic() || dq.isPerChannel())
      return;
    auto inType = dyn_cast<RankedTensorType>(dq.getInput().getType());
    auto type = dyn_cast<RankedTensorType>(dq.getOutput().getType());
    if (!inType || !type || !inType.getElementType().isSignlessInteger(8) ||
        !type.getElementType().isF32() || !type.hasStaticShape() ||
        type.getNumElements() <= 256)
      return;
    SmallVector<Operation *> users(dq.getOutput().getUsers());
    for (Operation *first : users) {
      if (!tabulable(first, type))
        continue;
      SmallVector<Operation *> chain{first};
      while (chain.back()->getResult(0).hasOneUse() &&
             tabulable(*chain.back()->getResult(0).getUsers().begin(), type))
        chain.push_back(*chain.back()->getResult(0).getUsers().begin());
      SmallVector<float> table = floatTable(dq, chain);
      Operation *last = chain.back();
      Location loc = last->getLoc();
      rewriter.setInsertionPoint(last);
      auto tableType = RankedTensorType::get({256}, rewriter.getF32Type());
      Value values = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(tableType, ArrayRef<float>(table)));
      Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
      AffineMap id =
          AffineMap::getMultiDimIdentityMap(type.getRank(), dq.getContext());
      SmallVector<utils::IteratorType> parallel(type.getRank(),
                                                utils::IteratorType::parallel);
      auto gather = linalg::GenericOp::create(
          rewriter, loc, TypeRange{type}, ValueRange{dq.getInput()},
          ValueRange{init}, ArrayRef<AffineMap>{id, id}, parallel,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value wide = arith::ExtSIOp::create(b, l, b.getI32Type(), args[0]);
            wide = arith::AddIOp::create(
                b, l, wide, arith::ConstantIntOp::create(b, l, 128, 32));
            Value index =
                arith::IndexCastOp::create(b, l, b.getIndexType(), wide);
            linalg::YieldOp::create(
                b, l,
                ValueRange{tensor::ExtractOp::create(b, l, values, index)});
          });
      rewriter.replaceAllUsesWith(last->getResult(0), gather.getResult(0));
      for (Operation *f : llvm::reverse(chain))
        rewriter.eraseOp(f);
      // Its quantizes: q(table[x]) is a table of bytes, a qlookup of x.
      SmallVector<Operation *> readers(gather.getResult(0).getUsers());
      for (Operation *reader : readers) {
        auto q = dyn_cast<qp::QuantizeOp>(reader);
        if (!q || q.isDynamic() || q.isPerChannel() ||
            !caps.takesActivation(q.getOutput().getType().getElementType()))
          continue;
        rewriter.setInsertionPoint(q);
        rewriter.replaceOp(
            q, qp::QLookupOp::create(
                   rewriter, q.getLoc(), q.getOutput().getType(), dq.getInput(),
                   rewriter.getDenseI8ArrayAttr(byteTable(q, table))));
      }
      if (gather.getResult(0).use_empty())
        rewriter.eraseOp(gather);
    }
    if (dq.getOutput().use_empty())
      rewriter.eraseOp(dq);
  }

  /// q(f_n(...f_1(dq(x)))), each f_i a unary element-wise op with a
  /// formula (QuantizableOpInterface::evaluateElementwise) used only by the
  /// next (gelu then eval dropout, as ViT's MLP), both quantizations per
  /// tensor and static, 8-bit: the 256 results tabulated with the float
  /// lowering's formulas and the quantization math.
  static void fuseLookup(qp::QuantizeOp q, const BackendCaps &caps,
                         IRRewriter &rewriter) {
    if (caps.lookup == Support::None || q.isDynamic() || q.isPerChannel())
      return;
    auto outType = q.getOutput().getType();
    if (!caps.takesActivation(outType.getElementType()))
      return;
    // The chain, last op first.
    SmallVector<Operation *> chain;
    Value value = q.getInput();
    qp::DequantizeOp dq;
    while (Operation *f = value.getDefiningOp()) {
      if ((dq = dyn_cast<qp::DequantizeOp>(f)))
        break;
      auto iface = dyn_cast<QuantizableOpInterface>(f);
      if (!iface || !isUnary(f) || !value.hasOneUse() ||
          !iface.evaluateElementwise(0.0f) ||
          f->getOperand(0).getType() != value.getType())
        return;
      chain.push_back(f);
      value = f->getOperand(0);
    }
    if (chain.empty() || !dq || dq.isDynamic() || dq.isPerChannel() ||
        !caps.takesActivation(dq.getInput().getType().getElementType()) ||
        !dq.getOutput().getType().getElementType().isF32())
      return;
    SmallVector<Operation *> order(llvm::reverse(chain));
    rewriter.setInsertionPoint(q);
    Value lookup = qp::QLookupOp::create(
        rewriter, q.getLoc(), outType, dq.getInput(),
        rewriter.getDenseI8ArrayAttr(byteTable(q, floatTable(dq, order))));
    rewriter.replaceOp(q, lookup);
    for (Operation *f : ArrayRef<Operation *>(chain).drop_back())
      rewriter.eraseOp(f);
    eraseWithDeadDQs(rewriter, chain.back());
  }

  /// Fuses the chain ending in `q`, if the backend takes it.
  void fuse(qp::QuantizeOp q, const BackendCaps &caps, IRRewriter &rewriter) {
    if (q.isDynamic() || q.isPerChannel() || narrowActRange(q, caps, rewriter))
      return;
    auto outType = q.getOutput().getType();
    if (!caps.takesActivation(outType.getElementType()))
      return;
    Operation *producer = q.getInput().getDefiningOp();
    if (!producer || !q.getInput().hasOneUse())
      return;
    float outScale = q.getScalesAttr().asArrayRef()[0];
    int64_t outZp = q.getZeroPointsAttr().asArrayRef()[0];
    auto qmin = static_cast<int64_t>(q.getQuantMin());
    auto qmax = static_cast<int64_t>(q.getQuantMax());

    // Peel a fused activation: its clamp bounds become the integer act
    // range; a linear's element-wise post-op its post_op.
    int64_t actMin = qmin, actMax = qmax;
    Operation *activation = nullptr;
    std::optional<qp::PostOpKind> postOp;
    float postAlpha = 0.0f;
    QuantOpParams producerParams = paramsOf(producer);
    if (std::optional<ClampBounds> act = producerParams.clamp;
        act && isUnary(producer)) {
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
    } else if (std::optional<EltwisePostOp> post = producerParams.postOp;
               post && isUnary(producer)) {
      // linear -> leaky_relu / tanh under one output quantization (the
      // oneDNN config's patterns): an eltwise post-op of the linear.
      Value inner = producer->getOperand(0);
      if (caps.linearPostOp == Support::None ||
          !hasKind(inner.getDefiningOp(), QuantOpKind::linear) ||
          !inner.hasOneUse())
        return;
      postOp = post->function == EltwiseFunction::leaky_relu
                   ? qp::PostOpKind::leaky_relu
                   : qp::PostOpKind::tanh;
      postAlpha = post->alpha;
      activation = producer;
      producer = inner.getDefiningOp();
    }
    if (producer->getNumResults() != 1 || !producer->getResult(0).hasOneUse())
      return;
    OutputQ outQ{outScale, outZp, qmin, qmax, actMin, actMax};
    // The conv of a fused conv-add, erased after the add that uses it.
    Operation *innerProducer = nullptr;

    rewriter.setInsertionPoint(q);
    Location loc = q.getLoc();
    Value fused;
    // The fused quant_pt2e op (fused may be a reshape or transpose of it).
    Operation *fusedOp = nullptr;
    CreatedOps created;
    OpBuilder::Listener *previous = rewriter.getListener();
    rewriter.setListener(&created);
    llvm::scope_exit restore([&] { rewriter.setListener(previous); });
    auto f32 = [&](float v) { return rewriter.getF32FloatAttr(v); };
    auto i64 = [&](int64_t v) { return rewriter.getI64IntegerAttr(v); };
    std::optional<QuantOpKind> kind = kindOf(producer);
    QuantOpParams params = paramsOf(producer);
    /// q(op(dq(x))) with the qparams x was quantized with, both per tensor
    /// and static, the same element type: the integers pass unchanged.
    auto sameQParamsDQ = [&](Value v) -> qp::DequantizeOp {
      auto dq = v.getDefiningOp<qp::DequantizeOp>();
      if (!dq || dq.isDynamic() || dq.isPerChannel() ||
          dq.getInput().getType().getElementType() !=
              outType.getElementType() ||
          dq.getScalesAttr() != q.getScalesAttr() ||
          dq.getZeroPointsAttr() != q.getZeroPointsAttr() ||
          dq.getQuantMin() != q.getQuantMin() ||
          dq.getQuantMax() != q.getQuantMax())
        return {};
      return dq;
    };
    if (!kind) {
      return;
    } else if (*kind == QuantOpKind::conv) {
      std::optional<ConvOperands> in = convOperands(producer, caps);
      if (!in)
        return;
      fused =
          buildQConv(rewriter, loc, outType, *in, outQ, std::nullopt, fusedOp);
    } else if (std::optional<std::pair<Operation *, ResidualQ>> convAdd =
                   floatConvAdd(producer, caps)) {
      // conv -> add(dq(r)) under one output quantization (the oneDNN
      // config's conv-add(-relu)): a residual sum post-op.
      ConvOperands in = *convOperands(convAdd->first, caps);
      fused = buildQConv(rewriter, loc, outType, in, outQ, convAdd->second,
                         fusedOp);
      innerProducer = convAdd->first;
    } else if (*kind == QuantOpKind::linear) {
      auto linear = cast<QuantizableOpInterface>(producer);
      Value input = activationOf(linear), weight = weightOf(linear);
      if (!input || !weight || linear.getWeightOutputChannelAxis() != 0 ||
          cast<RankedTensorType>(weight.getType()).getRank() != 2)
        return;
      std::optional<ActQParams> x = activationDQ(input, caps);
      auto w = weightDQ(weight);
      auto inType = cast<RankedTensorType>(input.getType());
      Value bias = biasOf(linear);
      if (!x || !w || inType.getRank() < 2 ||
          (inType.getRank() > 2 && !inType.hasStaticShape()) ||
          !isFloatConstantOrNull(bias))
        return;
      // [..., K] inputs (a transformer's tokens) run as [M, K]: the int8
      // values collapsed, the int8 result expanded back (exact reshapes).
      Value intInput = x->input;
      RankedTensorType fusedType = outType;
      SmallVector<ReassociationIndices> rows;
      if (inType.getRank() > 2) {
        rows.push_back(
            llvm::to_vector(llvm::seq<int64_t>(0, inType.getRank() - 1)));
        rows.push_back({inType.getRank() - 1});
        intInput =
            tensor::CollapseShapeOp::create(rewriter, loc, intInput, rows);
        int64_t m = cast<RankedTensorType>(intInput.getType()).getDimSize(0);
        fusedType = RankedTensorType::get({m, outType.getShape().back()},
                                          outType.getElementType());
      }
      fused = qp::QLinearOp::create(
          rewriter, loc, fusedType, intInput, w->first,
          arithBias(rewriter, loc, bias), f32(x->scale), i64(x->zeroPoint),
          rewriter.getDenseF32ArrayAttr(w->second),
          postOp ? qp::PostOpKindAttr::get(&getContext(), *postOp)
                 : qp::PostOpKindAttr(),
          postOp ? f32(postAlpha) : FloatAttr(), f32(outScale), i64(outZp),
          i64(qmin), i64(qmax), i64(actMin), i64(actMax));
      fusedOp = fused.getDefiningOp();
      if (!rows.empty())
        fused =
            tensor::ExpandShapeOp::create(rewriter, loc, outType, fused, rows);
    } else if (*kind == QuantOpKind::add || *kind == QuantOpKind::mul) {
      auto binary = cast<QuantizableOpInterface>(producer);
      if (binary.getActivationOperandIndices().size() != 2 ||
          producer->getNumOperands() != 2 || params.rhsFactor != 1.0)
        return;
      Value lhs = producer->getOperand(0), rhs = producer->getOperand(1);
      std::optional<ActQParams> a = activationDQ(lhs, caps);
      std::optional<ActQParams> b = activationDQ(rhs, caps);
      if (!a || !b ||
          cast<RankedTensorType>(lhs.getType()).getShape() !=
              outType.getShape() ||
          cast<RankedTensorType>(rhs.getType()).getShape() !=
              outType.getShape())
        return;
      if (*kind == QuantOpKind::add)
        fused = qp::QAddOp::create(
            rewriter, loc, outType, a->input, b->input, f32(a->scale),
            i64(a->zeroPoint), f32(b->scale), i64(b->zeroPoint), f32(outScale),
            i64(outZp), i64(qmin), i64(qmax), i64(actMin), i64(actMax));
      else
        fused = qp::QMulOp::create(
            rewriter, loc, outType, a->input, b->input, f32(a->scale),
            i64(a->zeroPoint), f32(b->scale), i64(b->zeroPoint), f32(outScale),
            i64(outZp), i64(qmin), i64(qmax), i64(actMin), i64(actMax));
    } else if (std::optional<PoolWindow> window = params.avgWindow) {
      // One activation (TOSA's pool also takes zero-point operands).
      Value pooled = activationOf(cast<QuantizableOpInterface>(producer));
      if (!pooled || producer->getNumResults() != 1)
        return;
      std::optional<ActQParams> x = activationDQ(pooled, caps);
      if (!x || cast<RankedTensorType>(x->input.getType()).getRank() != 4)
        return;
      // A channels-last pool runs on NCHW values transposed around it.
      Value input = x->input;
      RankedTensorType poolType = outType;
      if (window->channelsLast) {
        input = transposeBytes(rewriter, loc, input, kToNCHW);
        poolType = permutedType(outType, kToNCHW);
      }
      fused = qp::QAvgPool2dOp::create(
          rewriter, loc, poolType, input, f32(x->scale), i64(x->zeroPoint),
          f32(outScale), i64(outZp), i64(qmin), i64(qmax), i64(actMin),
          i64(actMax), rewriter.getDenseI64ArrayAttr(window->kernel),
          rewriter.getDenseI64ArrayAttr(window->stride),
          rewriter.getDenseI64ArrayAttr(window->padding),
          window->ceilMode ? rewriter.getUnitAttr() : UnitAttr(),
          window->countIncludePad ? rewriter.getUnitAttr() : UnitAttr());
      fusedOp = fused.getDefiningOp();
      if (window->channelsLast)
        fused = transposeBytes(rewriter, loc, fused, kToNHWC);
    } else if (*kind == QuantOpKind::cat && params.concatDim) {
      if (activation)
        return;
      SmallVector<Value> inputs;
      SmallVector<float> scales;
      SmallVector<int64_t> zps;
      for (Value v : producer->getOperands()) {
        std::optional<ActQParams> x = activationDQ(v, caps);
        if (!x || cast<RankedTensorType>(x->input.getType()).getElementType() !=
                      outType.getElementType())
          return;
        inputs.push_back(x->input);
        scales.push_back(x->scale);
        zps.push_back(x->zeroPoint);
      }
      fused = qp::QCatOp::create(
          rewriter, loc, outType, inputs, i64(*params.concatDim),
          rewriter.getDenseF32ArrayAttr(scales),
          rewriter.getDenseI64ArrayAttr(zps), f32(outScale), i64(outZp),
          i64(qmin), i64(qmax));
    } else if (*kind == QuantOpKind::reshape) {
      // q(reshape(dq(x))) with the qparams x was quantized with: the
      // reshape of the integers, exactly (a reshape keeps element order).
      if (!caps.view || activation || !isUnary(producer) ||
          !outType.hasStaticShape())
        return;
      qp::DequantizeOp dq = sameQParamsDQ(producer->getOperand(0));
      if (!dq)
        return;
      auto shapeType =
          RankedTensorType::get({outType.getRank()}, rewriter.getI64Type());
      Value shape = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(shapeType, outType.getShape()));
      Value reshaped = tensor::ReshapeOp::create(rewriter, loc, outType,
                                                 dq.getInput(), shape);
      rewriter.replaceOp(q, reshaped);
      rewriter.eraseOp(producer);
      if (dq->use_empty())
        rewriter.eraseOp(dq);
      return;
    } else if (std::optional<PoolWindow> window = params.maxWindow) {
      // Integer max pooling equals the reference only with the same qparams
      // on both sides (a shared spec) and no activation.
      if (activation || !isUnary(producer))
        return;
      qp::DequantizeOp dq = sameQParamsDQ(producer->getOperand(0));
      if (!dq || dq.getInput().getType().getRank() != 4)
        return;
      Value input = dq.getInput();
      RankedTensorType poolType = outType;
      if (window->channelsLast) {
        input = transposeBytes(rewriter, loc, input, kToNCHW);
        poolType = permutedType(outType, kToNCHW);
      }
      fused = qp::QMaxPool2dOp::create(
          rewriter, loc, poolType, input,
          rewriter.getDenseI64ArrayAttr(window->kernel),
          rewriter.getDenseI64ArrayAttr(window->stride),
          rewriter.getDenseI64ArrayAttr(window->padding),
          rewriter.getDenseI64ArrayAttr(window->dilation),
          window->ceilMode ? rewriter.getUnitAttr() : UnitAttr());
      fusedOp = fused.getDefiningOp();
      if (window->channelsLast)
        fused = transposeBytes(rewriter, loc, fused, kToNHWC);
    } else {
      return;
    }
    if (!fusedOp)
      fusedOp = fused.getDefiningOp();
    if (!caps.takes(fusedOp)) {
      // Everything this attempt built, last first (ops built inside a
      // built op's region go with it).
      llvm::SmallPtrSet<Operation *, 16> built(created.ops.begin(),
                                               created.ops.end());
      SmallVector<Operation *> outermost;
      for (Operation *op : created.ops)
        if (!built.contains(op->getParentOp()))
          outermost.push_back(op);
      for (Operation *op : llvm::reverse(outermost))
        rewriter.eraseOp(op);
      return;
    }
    rewriter.replaceOp(q, fused);
    if (activation)
      rewriter.eraseOp(activation);
    eraseWithDeadDQs(rewriter, producer);
    if (innerProducer)
      eraseWithDeadDQs(rewriter, innerProducer);
  }

  /// q(act(dq(y))) with the qparams y was quantized with, y the result of a
  /// fused op (a shared-spec activation after it, as the XNNPACK quantizer
  /// leaves relu6): dq then q is the identity on integers and the
  /// activation a clamp, so it narrows the fused op's act range.
  static bool narrowActRange(qp::QuantizeOp q, const BackendCaps &caps,
                             IRRewriter &rewriter) {
    if (q.isDynamic() || q.isPerChannel() || !q.getInput().hasOneUse())
      return false;
    Operation *activation = q.getInput().getDefiningOp();
    if (!activation || !isUnary(activation))
      return false;
    std::optional<ClampBounds> act = paramsOf(activation).clamp;
    auto dq = activation->getOperand(0).getDefiningOp<qp::DequantizeOp>();
    if (!act || !dq || dq.isDynamic() || dq.isPerChannel() ||
        dq.getScalesAttr() != q.getScalesAttr() ||
        dq.getZeroPointsAttr() != q.getZeroPointsAttr() ||
        dq.getQuantMin() != q.getQuantMin() ||
        dq.getQuantMax() != q.getQuantMax() ||
        dq.getInput().getType() != q.getOutput().getType() ||
        !dq.getInput().hasOneUse() || !dq->hasOneUse())
      return false;
    Operation *source = dq.getInput().getDefiningOp();
    if (!source || !isa<qp::QConv2dOp, qp::QLinearOp, qp::QAddOp, qp::QMulOp,
                        qp::QAvgPool2dOp>(source))
      return false;
    float outScale = q.getScalesAttr().asArrayRef()[0];
    int64_t outZp = q.getZeroPointsAttr().asArrayRef()[0];
    auto qmin = static_cast<int64_t>(q.getQuantMin());
    auto qmax = static_cast<int64_t>(q.getQuantMax());
    int64_t lo = cast<IntegerAttr>(source->getAttr("act_min")).getInt();
    int64_t hi = cast<IntegerAttr>(source->getAttr("act_max")).getInt();
    if (act->lo)
      lo = std::max(lo, math::quantize(static_cast<float>(*act->lo), outScale,
                                       outZp, qmin, qmax));
    if (act->hi)
      hi = std::min(hi, math::quantize(static_cast<float>(*act->hi), outScale,
                                       outZp, qmin, qmax));
    if (lo > hi || (caps.xnnpackLimits && lo >= hi))
      return false;
    rewriter.modifyOpInPlace(source, [&] {
      source->setAttr("act_min", rewriter.getI64IntegerAttr(lo));
      source->setAttr("act_max", rewriter.getI64IntegerAttr(hi));
    });
    rewriter.replaceOp(q, source->getResult(0));
    rewriter.eraseOp(activation);
    rewriter.eraseOp(dq);
    return true;
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

  /// add(conv(dq(x), dq(w), b), dq(r)) (either order, factor 1, the conv
  /// result used only here): the conv and the residual.
  static std::optional<std::pair<Operation *, ResidualQ>>
  floatConvAdd(Operation *producer, const BackendCaps &caps) {
    if (!hasKind(producer, QuantOpKind::add) ||
        caps.residualConv == Support::None || producer->getNumOperands() != 2 ||
        paramsOf(producer).rhsFactor != 1.0)
      return std::nullopt;
    for (unsigned side : {0u, 1u}) {
      Operation *conv = producer->getOperand(side).getDefiningOp();
      std::optional<ActQParams> r =
          activationDQ(producer->getOperand(1 - side), caps);
      if (!conv || !r || !hasKind(conv, QuantOpKind::conv) ||
          !conv->hasOneUse() || !convOperands(conv, caps) ||
          producer->getOperand(1 - side).getType() !=
              conv->getResult(0).getType())
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
    if (caps.residualConv == Support::None)
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
      Value fused =
          buildQConv(rewriter, add.getLoc(), add.getOutput().getType(),
                     conv.getBias(), conv.getStride(), conv.getPadding(),
                     conv.getDilation(), static_cast<int64_t>(conv.getGroups()),
                     conv.getInput(), conv.getInputScale().convertToFloat(),
                     static_cast<int64_t>(conv.getInputZeroPoint()),
                     conv.getWeight(), conv.getWeightScales(), out, residual);
      if (!caps.takes(fused.getDefiningOp())) {
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
