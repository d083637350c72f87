//===- ObserversToRuntime.cpp - observing ops and training state ----------===//
//
// Observers become calls that record calibration statistics; fake-quantize
// ops (the QAT forward) become a call that observes and computes qparams,
// then quantize -> dequantize with the qparams read back; batch norms in
// training form with a state id keep their running statistics in mutable
// globals, which quant-run reads and writes between runs.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/IR/ShapeLimits.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"
#include "quant-pt2e/Math/QuantMath.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTOBSERVERSTORUNTIME
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

constexpr llvm::StringLiteral kObserveFn = "qpt2e_observe";
constexpr llvm::StringLiteral kFakeQuantObserveFn = "qpt2e_fake_quant_observe";
constexpr llvm::StringLiteral kFakeQuantScaleFn = "qpt2e_fake_quant_scale";
constexpr llvm::StringLiteral kFakeQuantZeroPointFn =
    "qpt2e_fake_quant_zero_point";

/// A private declaration of a runtime function; `tensorArgs` leading
/// arguments are tensors the runtime only reads (C interface).
func::FuncOp declare(ModuleOp module, StringRef name, FunctionType type,
                     unsigned tensorArgs) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b(module.getBodyRegion());
  auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
  fn.setPrivate();
  if (tensorArgs) {
    fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    // The runtime only reads the tensor: no copy needed at bufferization.
    for (unsigned i = 0; i < tensorArgs; ++i)
      fn.setArgAttr(i, "bufferization.access", b.getStringAttr("read"));
  }
  return fn;
}

struct ConvertObserversToRuntimePass
    : quant_pt2e::impl::ConvertObserversToRuntimeBase<
          ConvertObserversToRuntimePass> {
  ModuleOp module;

  Value i64(OpBuilder &b, Location loc, int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  }
  Value f32(OpBuilder &b, Location loc, float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }

  template <typename OpTy>
  LogicalResult checkObservable(OpTy op) {
    if (!op.getId())
      return op.emitOpError() << "needs an id (run quant-pt2e-prepare) to be "
                                 "run";
    if (op.getInput().getType().getElementType() !=
        Float32Type::get(op.getContext()))
      return op.emitOpError() << "only f32 tensors are observed";
    return success();
  }

  LogicalResult lowerObserver(ObserverOp op, IRRewriter &rewriter) {
    if (failed(checkObservable(op)))
      return failure();
    MLIRContext *ctx = op.getContext();
    Type unranked = UnrankedTensorType::get(Float32Type::get(ctx));
    Type i64Type = rewriter.getI64Type();
    func::FuncOp observe = declare(
        module, kObserveFn,
        rewriter.getFunctionType(
            {unranked, i64Type, i64Type, i64Type, rewriter.getF32Type(), i64Type},
            {}),
        1);
    QuantSpecAttr spec = op.getSpec();
    auto ctor = spec.getObserverAttr();
    float averaging = ctor ? ctor.getAveragingConstant().convertToFloat()
                           : 0.01f;
    int64_t bins = ctor ? ctor.getBins() : 2048;
    rewriter.setInsertionPoint(op);
    Location loc = op.getLoc();
    Value cast = tensor::CastOp::create(rewriter, loc, unranked, op.getInput());
    func::CallOp::create(
        rewriter, loc, observe,
        ValueRange{cast, i64(rewriter, loc, static_cast<int64_t>(*op.getId())),
                   i64(rewriter, loc,
                       static_cast<int64_t>(spec.getObserverKind())),
                   i64(rewriter, loc, spec.getChAxis().value_or(0)),
                   f32(rewriter, loc, averaging), i64(rewriter, loc, bins)});
    rewriter.replaceOp(op, op.getInput());
    return success();
  }

  /// observe (+ qparams in the runtime) -> quantize -> dequantize with the
  /// qparams read back (a tensor of them per channel).
  LogicalResult lowerFakeQuantize(FakeQuantizeOp op, IRRewriter &rewriter) {
    if (failed(checkObservable(op)))
      return failure();
    MLIRContext *ctx = op.getContext();
    QuantSpecAttr spec = op.getSpec();
    auto fq = cast<FakeQuantAttr>(spec.getObserver());
    ObserverAttr ctor = fq.getObserver();
    Type unranked = UnrankedTensorType::get(Float32Type::get(ctx));
    Type i64Type = rewriter.getI64Type(), f32Type = rewriter.getF32Type();
    func::FuncOp observe = declare(
        module, kFakeQuantObserveFn,
        rewriter.getFunctionType({unranked, i64Type, i64Type, i64Type, f32Type,
                                  i64Type, i64Type, i64Type, i64Type, i64Type,
                                  f32Type},
                                 {}),
        1);
    func::FuncOp getScale =
        declare(module, kFakeQuantScaleFn,
                rewriter.getFunctionType({i64Type, i64Type}, {f32Type}), 0);
    func::FuncOp getZeroPoint =
        declare(module, kFakeQuantZeroPointFn,
                rewriter.getFunctionType({i64Type, i64Type}, {i64Type}), 0);

    rewriter.setInsertionPoint(op);
    Location loc = op.getLoc();
    auto id = static_cast<int64_t>(*op.getId());
    bool perChannel = spec.isPerChannel();
    int64_t axis = spec.getChAxis().value_or(0);
    Value cast = tensor::CastOp::create(rewriter, loc, unranked, op.getInput());
    func::CallOp::create(
        rewriter, loc, observe,
        ValueRange{
            cast, i64(rewriter, loc, id),
            i64(rewriter, loc, static_cast<int64_t>(ctor.getKind())),
            i64(rewriter, loc, axis),
            f32(rewriter, loc, ctor.getAveragingConstant().convertToFloat()),
            i64(rewriter, loc,
                fq.getKind() == FakeQuantKind::fused_moving_avg_obs ? 1 : 0),
            i64(rewriter, loc, spec.getQuantMin()),
            i64(rewriter, loc, spec.getQuantMax()),
            i64(rewriter, loc, isSymmetric(spec.getQscheme()) ? 1 : 0),
            i64(rewriter, loc, spec.getDtype() == QuantDType::uint8 ? 1 : 0),
            f32(rewriter, loc, ctor.getEps().convertToFloat())});

    Value idValue = i64(rewriter, loc, id);
    Value scale, zeroPoint;
    if (!perChannel) {
      Value zero = i64(rewriter, loc, 0);
      scale = func::CallOp::create(rewriter, loc, getScale, ValueRange{idValue, zero})
                  .getResult(0);
      zeroPoint = func::CallOp::create(rewriter, loc, getZeroPoint,
                                       ValueRange{idValue, zero})
                      .getResult(0);
    } else {
      int64_t channels = op.getInput().getType().getDimSize(axis);
      auto generate = [&](func::FuncOp fn, Type elementType) -> Value {
        auto type = RankedTensorType::get({channels}, elementType);
        return tensor::GenerateOp::create(
            rewriter, loc, type, ValueRange{},
            [&](OpBuilder &b, Location l, ValueRange indices) {
              Value channel = arith::IndexCastOp::create(b, l, b.getI64Type(),
                                                         indices[0]);
              Value v = func::CallOp::create(b, l, fn,
                                             ValueRange{idValue, channel})
                            .getResult(0);
              tensor::YieldOp::create(b, l, v);
            });
      };
      scale = generate(getScale, f32Type);
      zeroPoint = generate(getZeroPoint, i64Type);
    }
    RankedTensorType type = op.getInput().getType();
    auto intType = RankedTensorType::get(
        type.getShape(), getElementType(ctx, spec.getDtype()));
    IntegerAttr axisAttr =
        perChannel ? rewriter.getI64IntegerAttr(axis) : IntegerAttr();
    Value q = QuantizeOp::create(rewriter, loc, intType, op.getInput(), scale,
                                 zeroPoint, DenseF32ArrayAttr(),
                                 DenseI64ArrayAttr(), spec.getQuantMin(),
                                 spec.getQuantMax(), axisAttr);
    Value dq = DequantizeOp::create(rewriter, loc, type, q, scale, zeroPoint,
                                    DenseF32ArrayAttr(), DenseI64ArrayAttr(),
                                    spec.getQuantMin(), spec.getQuantMax(),
                                    axisAttr);
    rewriter.replaceOp(op, dq);
    return success();
  }

  /// Running statistics of a batch norm in training form with a state id
  /// (any op whose QuantizableOpInterface parameters say so): read from a
  /// mutable global before, the updated ones stored after.
  LogicalResult lowerRunningStats(Operation *op, const BatchNormParams &bn,
                                  IRRewriter &rewriter) {
    auto id = op->getAttrOfType<IntegerAttr>(kStateIdAttrName);
    if (!id)
      return success();
    Location loc = op->getLoc();
    std::string base = runningStatGlobalName(id.getInt());
    for (auto [operandIndex, result, suffix] :
         {std::tuple{bn.runningMean, bn.updatedMean, "mean"},
          std::tuple{bn.runningVar, bn.updatedVar, "var"}}) {
      Value init = op->getOperand(operandIndex);
      auto type = cast<RankedTensorType>(init.getType());
      std::optional<std::vector<float>> values = getF32ConstantValues(init);
      if (!values || !type.hasStaticShape())
        return op->emitOpError() << "running " << suffix
                                 << " must be a constant of static shape to be "
                                    "kept as training state";
      auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
      std::string name = base + "_" + suffix;
      if (!module.lookupSymbol(name)) {
        OpBuilder b(module.getBodyRegion());
        b.setInsertionPointToStart(module.getBody());
        memref::GlobalOp::create(
            b, loc, name, b.getStringAttr("public"), memrefType,
            DenseElementsAttr::get(type, ArrayRef<float>(*values)),
            /*constant=*/false, /*alignment=*/IntegerAttr());
      }
      // Read once at the start of the forward: the scale factor of a QAT
      // conv-bn reads the running variance before the batch norm does.
      rewriter.setInsertionPointToStart(op->getBlock());
      Value global = memref::GetGlobalOp::create(rewriter, loc, memrefType, name);
      Value current = bufferization::ToTensorOp::create(
          rewriter, loc, type, global, /*restrict=*/true, /*writable=*/false);
      // Every reader of the constant (the QAT scale factor too) reads the
      // state.
      rewriter.replaceUsesWithIf(init, current, [&](OpOperand &use) {
        return use.getOwner()->getBlock() == op->getBlock();
      });
      rewriter.setInsertionPointAfter(op);
      Value updated = bufferization::ToBufferOp::create(
          rewriter, loc, memrefType, op->getResult(result), /*read_only=*/true);
      memref::CopyOp::create(rewriter, loc, updated, global);
    }
    return success();
  }

  /// A batch norm in training form (its parameters), or nullopt.
  static std::optional<BatchNormParams> trainingBatchNorm(Operation *op) {
    auto iface = dyn_cast<QuantizableOpInterface>(op);
    if (!iface || iface.getQuantOpKind() != QuantOpKind::batch_norm)
      return std::nullopt;
    std::optional<BatchNormParams> bn = iface.getQuantOpParams().batchNorm;
    if (!bn || !bn->training ||
        op->getNumResults() <= std::max(bn->updatedMean, bn->updatedVar))
      return std::nullopt;
    return bn;
  }

  void runOnOperation() override {
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    module = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<ObserverOp, FakeQuantizeOp>(op) || trainingBatchNorm(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      LogicalResult result =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case([&](ObserverOp o) { return lowerObserver(o, rewriter); })
              .Case([&](FakeQuantizeOp o) {
                return lowerFakeQuantize(o, rewriter);
              })
              .Default([&](Operation *bn) {
                return lowerRunningStats(bn, *trainingBatchNorm(bn), rewriter);
              });
      if (failed(result))
        return signalPassFailure();
    }
  }
};

} // namespace
