//===- Convert.cpp - the quant-pt2e-convert pass --------------------------===//
//
// Observers become quantize -> dequantize; observed constants are quantized
// at compile time with the math library (the formulas the runtime used
// during calibration) and folded into integer constants.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/StatsFile.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/Math/Histogram.h"
#include "quant-pt2e/Math/QuantMath.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERT
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;
namespace math = qpt2e::math;

namespace {

/// An observer or a fake quantize (QAT, after training): convert treats
/// both alike.
struct Observing {
  Operation *op;
  operator Operation *() const { return op; }
  QuantSpecAttr getSpec() const {
    if (auto o = dyn_cast<ObserverOp>(op))
      return o.getSpec();
    return cast<FakeQuantizeOp>(op).getSpec();
  }
  std::optional<uint64_t> getId() const {
    if (auto o = dyn_cast<ObserverOp>(op))
      return o.getId();
    return cast<FakeQuantizeOp>(op).getId();
  }
  TypedValue<RankedTensorType> getInput() const {
    return cast<TypedValue<RankedTensorType>>(op->getOperand(0));
  }
  Value getOutput() const { return op->getResult(0); }
  Location getLoc() const { return op->getLoc(); }
  InFlightDiagnostic emitError() const { return op->emitError(); }
  void erase() const { op->erase(); }
};

struct QParamSet {
  SmallVector<float> scales;
  SmallVector<int64_t> zeroPoints;
};

/// id -> qparams from a quant-run --stats-out file.
FailureOr<std::map<int64_t, QParamSet>> readStats(StringRef path,
                                                  Operation *anchor) {
  std::map<int64_t, QParamSet> result;
  if (path.empty())
    return result;
  llvm::Expected<StatsFile> file = readStatsFile(path);
  if (!file)
    return anchor->emitError() << "calibration statistics "
                               << llvm::toString(file.takeError());
  for (auto &[id, stats] : file->observers)
    result[id] = {SmallVector<float>(stats.scales.begin(), stats.scales.end()),
                  SmallVector<int64_t>(stats.zeroPoints.begin(),
                                       stats.zeroPoints.end())};
  return result;
}

/// Index along `axis` of each element of a row-major tensor.
std::vector<int64_t> channelOf(ArrayRef<int64_t> shape, int64_t axis) {
  int64_t inner = 1;
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t count = 1;
  for (int64_t s : shape)
    count *= s;
  std::vector<int64_t> channel(count);
  for (int64_t i = 0; i < count; ++i)
    channel[i] = (i / inner) % shape[axis];
  return channel;
}

math::MinMaxOptions optionsOf(QuantSpecAttr spec) {
  auto ctor = spec.getObserverAttr();
  return {spec.getQuantMin(),
          spec.getQuantMax(),
          isSymmetric(spec.getQscheme()),
          spec.getDtype() == QuantDType::uint8,
          /*customizedRange=*/true,
          ctor ? ctor.getEps().convertToFloat() : math::kDefaultEps};
}

/// The qparams an observer would compute over constant data.
QParamSet qparamsOfConstant(QuantSpecAttr spec, ArrayRef<float> values,
                            ArrayRef<int64_t> shape) {
  math::MinMaxOptions options = optionsOf(spec);
  QParamSet set;
  if (spec.getObserverKind() == ObserverKind::histogram) {
    math::HistogramObserver observer;
    observer.observe(values.data(), values.size());
    math::QParams q = observer.calculateQParams(options);
    return {{q.scale}, {q.zeroPoint}};
  }
  int64_t channels = spec.isPerChannel() ? shape[*spec.getChAxis()] : 1;
  std::vector<int64_t> channel = spec.isPerChannel()
                                     ? channelOf(shape, *spec.getChAxis())
                                     : std::vector<int64_t>(values.size(), 0);
  std::vector<float> lo(channels, std::numeric_limits<float>::infinity());
  std::vector<float> hi(channels, -std::numeric_limits<float>::infinity());
  for (size_t i = 0; i < values.size(); ++i) {
    lo[channel[i]] = std::min(lo[channel[i]], values[i]);
    hi[channel[i]] = std::max(hi[channel[i]], values[i]);
  }
  for (int64_t c = 0; c < channels; ++c) {
    math::QParams q = math::calculateQParams(lo[c], hi[c], options);
    set.scales.push_back(q.scale);
    set.zeroPoints.push_back(q.zeroPoint);
  }
  return set;
}

/// An integer constant holding the quantized values (dense_resource blob).
Value quantizedConstant(OpBuilder &b, Location loc, RankedTensorType type,
                        ArrayRef<float> values, const QParamSet &q,
                        std::optional<int64_t> axis, QuantSpecAttr spec,
                        int64_t blobIndex) {
  std::vector<int64_t> channel =
      axis ? channelOf(type.getShape(), *axis)
           : std::vector<int64_t>(values.size(), 0);
  Type elem = getElementType(b.getContext(), spec.getDtype());
  auto intType = RankedTensorType::get(type.getShape(), elem);
  size_t width = spec.getDtype() == QuantDType::int32 ? 4 : 1;
  std::vector<char> bytes(values.size() * width);
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t c = channel[i];
    int64_t v = math::quantize(values[i], q.scales[c], q.zeroPoints[c],
                               spec.getQuantMin(), spec.getQuantMax());
    if (width == 4) {
      auto v32 = static_cast<int32_t>(v);
      std::memcpy(&bytes[i * 4], &v32, 4);
    } else {
      bytes[i] = static_cast<char>(static_cast<uint8_t>(v));
    }
  }
  // The blob carries its element alignment (1 for int8, 4 for int32).
  return createResourceConstant(b, loc, intType, bytes,
                                "quantized_" + std::to_string(blobIndex), width);
}

template <typename OpTy>
Value buildQDQ(OpBuilder &b, Location loc, Value input, Value quantized,
               RankedTensorType intType, const QParamSet &q,
               std::optional<int64_t> axis, QuantSpecAttr spec) {
  auto scales = b.getDenseF32ArrayAttr(q.scales);
  auto zps = b.getDenseI64ArrayAttr(q.zeroPoints);
  IntegerAttr axisAttr = axis ? b.getI64IntegerAttr(*axis) : IntegerAttr();
  if (!quantized)
    quantized = QuantizeOp::create(b, loc, intType, input, Value(), Value(),
                                   scales, zps, spec.getQuantMin(),
                                   spec.getQuantMax(), axisAttr);
  return DequantizeOp::create(b, loc, input.getType(), quantized, Value(),
                              Value(), scales, zps, spec.getQuantMin(),
                              spec.getQuantMax(), axisAttr);
}

struct ConvertPass : quant_pt2e::impl::ConvertBase<ConvertPass> {
  using ConvertBase::ConvertBase;

  /// DerivedQuantizationSpec (the int32 bias of the seeds): scale = product
  /// of the scales of the observers feeding the derived_from operands (per
  /// channel when one of them is), zero point 0. The operand is quantized
  /// and dequantized with them; a constant is folded.
  LogicalResult convertDerivedSpecs(ModuleOp module,
                                    DenseMap<Operation *, QParamSet> &qparamsOf,
                                    OpBuilder &b, int64_t &blobs) {
    WalkResult result = module.walk([&](Operation *op) {
      auto annotation = op->getAttrOfType<AnnotationAttr>(
          QuantPT2EDialect::getAnnotationAttrName());
      if (!annotation)
        return WalkResult::advance();
      for (auto [index, attr] : llvm::enumerate(annotation.getInputs())) {
        auto derived = dyn_cast<DerivedSpecAttr>(attr);
        if (!derived)
          continue;
        QParamSet product;
        for (int64_t from : derived.getDerivedFrom()) {
          Operation *source = op->getOperand(from).getDefiningOp();
          auto it = source ? qparamsOf.find(source) : qparamsOf.end();
          if (it == qparamsOf.end()) {
            op->emitError() << "derived spec of operand " << index
                            << " needs an observer on operand " << from;
            return WalkResult::interrupt();
          }
          const SmallVector<float> &scales = it->second.scales;
          if (product.scales.empty()) {
            product.scales = scales;
            continue;
          }
          size_t n = std::max(product.scales.size(), scales.size());
          SmallVector<float> next(n);
          for (size_t c = 0; c < n; ++c)
            next[c] = product.scales[product.scales.size() == 1 ? 0 : c] *
                      scales[scales.size() == 1 ? 0 : c];
          product.scales = std::move(next);
        }
        product.zeroPoints.assign(product.scales.size(), 0);
        Value operand = op->getOperand(index);
        auto type = cast<RankedTensorType>(operand.getType());
        std::optional<int64_t> axis;
        if (product.scales.size() > 1)
          axis = derived.getChAxis().value_or(0);
        auto spec = QuantSpecAttr::get(
            op->getContext(), derived.getDtype(), derived.getQuantMin(),
            derived.getQuantMax(), derived.getQscheme(), derived.getChAxis(),
            false, Attribute());
        b.setInsertionPoint(op);
        auto intType = RankedTensorType::get(
            type.getShape(), getElementType(b.getContext(), spec.getDtype()));
        std::optional<std::vector<float>> values = getF32ConstantValues(operand);
        Value folded = values ? quantizedConstant(b, op->getLoc(), type,
                                                  *values, product, axis, spec,
                                                  blobs++)
                              : Value();
        op->setOperand(index, buildQDQ<QuantizeOp>(b, op->getLoc(), operand,
                                                   folded, intType, product,
                                                   axis, spec));
      }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  /// Dynamic quantization (PT2E's convert for an is_dynamic placeholder):
  /// choose_qparams over the value at run time, then quantize -> dequantize
  /// with those qparams (quantized_decomposed.choose_qparams.tensor).
  static void convertDynamic(ObserverOp op, OpBuilder &b) {
    QuantSpecAttr spec = op.getSpec();
    auto ctor = spec.getObserverAttr();
    float eps = ctor ? ctor.getEps().convertToFloat() : math::kDefaultEps;
    b.setInsertionPoint(op);
    Location loc = op.getLoc();
    RankedTensorType type = op.getInput().getType();
    auto choose = ChooseQParamsOp::create(
        b, loc, b.getF32Type(), b.getI64Type(), op.getInput(), spec.getDtype(),
        spec.getQuantMin(), spec.getQuantMax(), spec.getQscheme(),
        llvm::APFloat(eps));
    auto intType = RankedTensorType::get(
        type.getShape(), getElementType(b.getContext(), spec.getDtype()));
    Value q = QuantizeOp::create(b, loc, intType, op.getInput(),
                                 choose.getScale(), choose.getZeroPoint(),
                                 DenseF32ArrayAttr(), DenseI64ArrayAttr(),
                                 spec.getQuantMin(), spec.getQuantMax(),
                                 IntegerAttr());
    Value dq = DequantizeOp::create(b, loc, type, q, choose.getScale(),
                                    choose.getZeroPoint(), DenseF32ArrayAttr(),
                                    DenseI64ArrayAttr(), spec.getQuantMin(),
                                    spec.getQuantMax(), IntegerAttr());
    op.getOutput().replaceAllUsesWith(dq);
    op.erase();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<std::map<int64_t, QParamSet>> calibrated = readStats(stats, module);
    if (failed(calibrated))
      return signalPassFailure();
    WalkResult unsupported = module.walk([&](Operation *op) {
      if (op->hasAttr(kQatConvBnAttrName)) {
        op->emitError() << "is a QAT conv-bn: fold the trained batch norm "
                           "first (quant-pt2e-qat-fold-conv-bn)";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (unsupported.wasInterrupted())
      return signalPassFailure();

    SmallVector<Observing> observers;
    module.walk([&](Operation *op) {
      if (isa<ObserverOp, FakeQuantizeOp>(op))
        observers.push_back({op});
    });
    // Qparams of every observer first: derived specs read them.
    DenseMap<Operation *, QParamSet> qparamsOf;
    SmallVector<ObserverOp> dynamicObservers;
    for (Observing op : observers) {
      QuantSpecAttr spec = op.getSpec();
      if (spec.getObserverKind() == ObserverKind::placeholder) {
        if (!spec.getIsDynamic() || spec.isPerChannel()) {
          op.emitError() << "a placeholder observer is converted only for "
                            "dynamic per-tensor quantization (is_dynamic = "
                            "true, per_tensor_affine or per_tensor_symmetric)";
          return signalPassFailure();
        }
        dynamicObservers.push_back(cast<ObserverOp>(op.op));
        continue;
      }
      if (spec.getIsDynamic()) {
        op.emitError() << "dynamic quantization needs a placeholder observer; "
                       << stringifyObserverKind(spec.getObserverKind())
                       << " observers compute static qparams";
        return signalPassFailure();
      }
      RankedTensorType type = op.getInput().getType();
      std::optional<std::vector<float>> values = getF32ConstantValues(op.getInput());
      auto found = op.getId() ? calibrated->find(static_cast<int64_t>(*op.getId()))
                              : calibrated->end();
      QParamSet q;
      if (found != calibrated->end())
        q = found->second;
      else if (values)
        q = qparamsOfConstant(spec, *values, type.getShape());
      else {
        InFlightDiagnostic diag = op.emitError();
        diag << "observer ";
        if (op.getId())
          diag << *op.getId() << " ";
        diag << "has no calibration statistics (run quant-run --calibrate-dir "
                "... --stats-out FILE and pass stats=FILE)";
        return signalPassFailure();
      }
      int64_t expected = spec.isPerChannel()
                             ? type.getDimSize(*spec.getChAxis())
                             : 1;
      if (static_cast<int64_t>(q.scales.size()) != expected) {
        op.emitError() << "calibration statistics have " << q.scales.size()
                       << " qparams for an observer that needs " << expected;
        return signalPassFailure();
      }
      for (auto [c, scale] : llvm::enumerate(q.scales)) {
        int64_t zp = q.zeroPoints[c];
        if (math::isValidScale(scale) && zp >= spec.getQuantMin() &&
            zp <= spec.getQuantMax())
          continue;
        op.emitError() << "calibration statistics give channel " << c
                       << " scale " << scale << " and zero point " << zp
                       << ", not a positive finite scale and a zero point in ["
                       << spec.getQuantMin() << ", " << spec.getQuantMax()
                       << "] (an infinite value in the calibration data gives "
                          "an infinite scale)";
        return signalPassFailure();
      }
      qparamsOf[op] = std::move(q);
    }
    OpBuilder b(&getContext());
    int64_t blobs = 0;
    if (failed(convertDerivedSpecs(module, qparamsOf, b, blobs)))
      return signalPassFailure();
    for (ObserverOp op : dynamicObservers)
      convertDynamic(op, b);
    for (Observing op : observers) {
      if (!qparamsOf.count(op))
        continue; // dynamic, converted above
      QuantSpecAttr spec = op.getSpec();
      RankedTensorType type = op.getInput().getType();
      std::optional<std::vector<float>> values = getF32ConstantValues(op.getInput());
      const QParamSet &q = qparamsOf[op];
      std::optional<int64_t> axis;
      if (spec.isPerChannel())
        axis = *spec.getChAxis();
      b.setInsertionPoint(op);
      auto intType = RankedTensorType::get(
          type.getShape(), getElementType(b.getContext(), spec.getDtype()));
      Value folded = values ? quantizedConstant(b, op.getLoc(), type, *values,
                                                q, axis, spec, blobs++)
                            : Value();
      Value result = buildQDQ<QuantizeOp>(b, op.getLoc(), op.getInput(),
                                          folded, intType, q, axis, spec);
      op.getOutput().replaceAllUsesWith(result);
      op.erase();
    }
    module.walk([](Operation *op) {
      op->removeAttr(QuantPT2EDialect::getAnnotationAttrName());
    });
    // The float weights folded into int8 constants above are left without
    // users: drop them, or their blobs would travel on in every later file.
    SmallVector<Operation *> dead;
    module.walk([&](Operation *op) {
      if (op->hasTrait<OpTrait::ConstantLike>() && op->use_empty())
        dead.push_back(op);
    });
    for (Operation *op : dead)
      op->erase();
  }
};

} // namespace
