//===- QuantPT2EToOneDNN.cpp - fused quantized ops -> oneDNN calls --------===//
//
// See the pass description and docs/Lowering.md. The runtime side is
// lib/Runtime/OneDNN.cpp; the parameter layouts are the enums of
// quant-pt2e/Runtime/SiteParams.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/CallSites.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Runtime/OneDNNRuntime.h"
#include "quant-pt2e/Target/TargetISA.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTQUANTPT2ETOONEDNN
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

class Lowering {
public:
  explicit Lowering(ModuleOp module) : sites(module) {}

  LogicalResult run() {
    return sites.lowerFusedOps("onednn", [&](Operation *op) -> LogicalResult {
      if (isa<QConv2dOp, QLinearOp>(op))
        return sites.lowerConvLike(op, "qpt2e_onednn_conv_init",
                                   "qpt2e_onednn_conv");
      return sites.lowerMaxPool(cast<QMaxPool2dOp>(op),
                                "qpt2e_onednn_max_pool_init",
                                "qpt2e_onednn_max_pool");
    });
  }

private:
  CallSiteBuilder sites;
};

struct ConvertQuantPT2EToOneDNNPass
    : quant_pt2e::impl::ConvertQuantPT2EToOneDNNBase<
          ConvertQuantPT2EToOneDNNPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<qpt2e::TargetISA> target =
        resolveTargetISAOption(getOperation(), targetISA.getValue());
    if (!target)
      return signalPassFailure();
    // Convolutions and linears are where oneDNN's arithmetic may differ.
    Operation *firstConv = nullptr;
    getOperation().walk([&](Operation *op) {
      if (!firstConv && isa<QConv2dOp, QLinearOp>(op))
        firstConv = op;
    });
    if (firstConv && !target->oneDNNExact())
      emitWarning(firstConv->getLoc(), qpt2e::oneDNNInexactReason(*target));
    Lowering lowering(getOperation());
    if (failed(lowering.run()))
      signalPassFailure();
  }
};

} // namespace
