//===- ObserversToRuntime.cpp - observers as runtime calls ----------------===//

#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTOBSERVERSTORUNTIME
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

constexpr llvm::StringLiteral kObserveFn = "qpt2e_observe";

func::FuncOp declareObserve(ModuleOp module) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(kObserveFn))
    return existing;
  OpBuilder b(module.getBodyRegion());
  MLIRContext *ctx = module.getContext();
  Type unranked = UnrankedTensorType::get(Float32Type::get(ctx));
  Type i64 = b.getI64Type();
  auto type = b.getFunctionType({unranked, i64, i64, i64, b.getF32Type(), i64},
                                {});
  auto fn = func::FuncOp::create(b, module.getLoc(), kObserveFn, type);
  fn.setPrivate();
  fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  // The runtime only reads the tensor: no copy needed at bufferization.
  fn.setArgAttr(0, "bufferization.access", b.getStringAttr("read"));
  return fn;
}

struct ConvertObserversToRuntimePass
    : quant_pt2e::impl::ConvertObserversToRuntimeBase<
          ConvertObserversToRuntimePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ObserverOp> observers;
    module.walk([&](ObserverOp op) { observers.push_back(op); });
    if (observers.empty())
      return;
    func::FuncOp observe = declareObserve(module);
    IRRewriter rewriter(&getContext());
    for (ObserverOp op : observers) {
      if (!op.getId()) {
        op.emitOpError() << "needs an id (run quant-pt2e-prepare) to be "
                            "calibrated";
        return signalPassFailure();
      }
      if (op.getInput().getType().getElementType() != rewriter.getF32Type()) {
        op.emitOpError() << "only f32 tensors are calibrated";
        return signalPassFailure();
      }
      QuantSpecAttr spec = op.getSpec();
      auto ctor = dyn_cast_if_present<ObserverAttr>(spec.getObserver());
      float averaging = ctor ? ctor.getAveragingConstant().convertToFloat()
                             : 0.01f;
      int64_t bins = ctor ? ctor.getBins() : 2048;
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      auto i64 = [&](int64_t v) -> Value {
        return arith::ConstantOp::create(rewriter, loc,
                                         rewriter.getI64IntegerAttr(v));
      };
      Value unranked = tensor::CastOp::create(
          rewriter, loc,
          UnrankedTensorType::get(rewriter.getF32Type()), op.getInput());
      Value averagingValue = arith::ConstantOp::create(
          rewriter, loc, rewriter.getF32FloatAttr(averaging));
      func::CallOp::create(
          rewriter, loc, observe,
          ValueRange{unranked, i64(static_cast<int64_t>(*op.getId())),
                     i64(static_cast<int64_t>(spec.getObserverKind())),
                     i64(spec.getChAxis().value_or(0)), averagingValue,
                     i64(bins)});
      rewriter.replaceOp(op, op.getInput());
    }
  }
};

} // namespace
