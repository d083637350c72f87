//===- QuantPT2EToXNNPACK.cpp - fused quantized ops -> XNNPACK calls ------===//
//
// See the pass description and docs/Lowering.md. The runtime side is
// lib/Runtime/XNNPACK.cpp; the parameter layouts are the enums of
// quant-pt2e/Runtime/SiteParams.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/CallSites.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Runtime/SiteParams.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTQUANTPT2ETOXNNPACK
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

class Lowering {
public:
  explicit Lowering(ModuleOp module) : sites(module), b(sites.builder()) {}

  LogicalResult run() {
    // The capability table sends only what XNNPACK's qs8 operators take
    // here (i8 activations; no residual sums, linear post-ops or
    // per-channel fully connected; global average pooling only).
    return sites.lowerFusedOps("xnnpack", [&](Operation *op) -> LogicalResult {
      return TypeSwitch<Operation *, LogicalResult>(op)
          .Case<QConv2dOp, QLinearOp>([&](Operation *conv) {
            return sites.lowerConvLike(conv, "qpt2e_xnnpack_conv_init",
                                       "qpt2e_xnnpack_run");
          })
          .Case<QMaxPool2dOp>([&](QMaxPool2dOp pool) {
            return sites.lowerMaxPool(pool, "qpt2e_xnnpack_max_pool_init",
                                      "qpt2e_xnnpack_run");
          })
          .Case<QAddOp>(
              [&](QAddOp add) { return lowerBinary(add, QPT2E_BINARY_ADD); })
          .Case<QMulOp>(
              [&](QMulOp mul) { return lowerBinary(mul, QPT2E_BINARY_MUL); })
          .Case<QAvgPool2dOp>(
              [&](QAvgPool2dOp pool) { return lowerGlobalAvgPool(pool); })
          .Default([&](Operation *other) {
            return other->emitOpError() << "has no XNNPACK operator";
          });
    });
  }

private:
  CallSiteBuilder sites;
  OpBuilder &b;

  /// Element-wise on whatever layout the operands have (NHWC when a site
  /// produced one of them).
  template <typename OpTy>
  LogicalResult lowerBinary(OpTy op, int64_t kind) {
    b.setInsertionPoint(op);
    Value lhs = op.getLhs(), rhs = op.getRhs();
    RankedTensorType out = op.getOutput().getType();
    bool nhwc =
        out.getRank() == 4 && (sites.hasNHWC(lhs) || sites.hasNHWC(rhs));
    if (nhwc) {
      lhs = sites.toNHWC(lhs);
      rhs = sites.toNHWC(rhs);
    }
    SmallVector<int64_t> p(QPT2E_BINARY_NUM_PARAMS, 0);
    p[QPT2E_BINARY_KIND] = kind;
    p[QPT2E_BINARY_LHS_ZP] = static_cast<int64_t>(op.getLhsZeroPoint());
    p[QPT2E_BINARY_RHS_ZP] = static_cast<int64_t>(op.getRhsZeroPoint());
    p[QPT2E_BINARY_DST_ZP] = static_cast<int64_t>(op.getOutputZeroPoint());
    p[QPT2E_BINARY_ACT_MIN] = static_cast<int64_t>(op.getActMin());
    p[QPT2E_BINARY_ACT_MAX] = static_cast<int64_t>(op.getActMax());
    p[QPT2E_BINARY_COUNT] = out.getNumElements();
    SmallVector<float> f{op.getLhsScale().convertToFloat(),
                         op.getRhsScale().convertToFloat(),
                         op.getOutputScale().convertToFloat()};
    int64_t site = sites.nextSite();
    sites.addIntParamsInit("qpt2e_xnnpack_binary_init", site, p,
                           ArrayRef<float>(f), op.getLoc());
    auto dstType = cast<RankedTensorType>(lhs.getType());
    Value dst = sites.emitRunCall("qpt2e_xnnpack_run2", op.getLoc(), site,
                                  {lhs, rhs}, dstType);
    op.getOutput().replaceAllUsesWith(nhwc ? sites.toNCHW(dst) : dst);
    op.erase();
    return success();
  }

  LogicalResult lowerGlobalAvgPool(QAvgPool2dOp op) {
    b.setInsertionPoint(op);
    RankedTensorType in = op.getInput().getType(),
                     out = op.getOutput().getType();
    SmallVector<int64_t> p(QPT2E_GAVG_NUM_PARAMS, 0);
    p[QPT2E_GAVG_N] = in.getDimSize(0);
    p[QPT2E_GAVG_C] = in.getDimSize(1);
    p[QPT2E_GAVG_HW] = in.getDimSize(2) * in.getDimSize(3);
    p[QPT2E_GAVG_SRC_ZP] = static_cast<int64_t>(op.getInputZeroPoint());
    p[QPT2E_GAVG_DST_ZP] = static_cast<int64_t>(op.getOutputZeroPoint());
    p[QPT2E_GAVG_ACT_MIN] = static_cast<int64_t>(op.getActMin());
    p[QPT2E_GAVG_ACT_MAX] = static_cast<int64_t>(op.getActMax());
    SmallVector<float> f{op.getInputScale().convertToFloat(),
                         op.getOutputScale().convertToFloat()};
    int64_t site = sites.nextSite();
    sites.addIntParamsInit("qpt2e_xnnpack_global_avg_pool_init", site, p,
                           ArrayRef<float>(f), op.getLoc());
    // [N, 1, 1, C] in NHWC is [N, C, 1, 1] in NCHW: the same bytes.
    Value dst =
        sites.emitRunCall("qpt2e_xnnpack_run", op.getLoc(), site,
                          sites.toNHWC(op.getInput()),
                          out.clone({out.getDimSize(0), 1, 1,
                                     out.getDimSize(1)}));
    op.getOutput().replaceAllUsesWith(sites.toNCHW(dst));
    op.erase();
    return success();
  }
};

struct ConvertQuantPT2EToXNNPACKPass
    : quant_pt2e::impl::ConvertQuantPT2EToXNNPACKBase<
          ConvertQuantPT2EToXNNPACKPass> {
  void runOnOperation() override {
    Lowering lowering(getOperation());
    if (failed(lowering.run()))
      signalPassFailure();
  }
};

} // namespace
