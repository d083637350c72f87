//===- GeneralizeTransposes.cpp - transposes as fusable generics ----------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_GENERALIZETRANSPOSES
#include "quant-pt2e/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;

namespace {
struct GeneralizeTransposesPass
    : quant_pt2e::impl::GeneralizeTransposesBase<GeneralizeTransposesPass> {
  void runOnOperation() override {
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk([&](linalg::TransposeOp op) {
      if (op.hasPureTensorSemantics())
        transposes.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::TransposeOp op : transposes) {
      rewriter.setInsertionPoint(op);
      if (failed(linalg::generalizeNamedOp(
              rewriter, cast<linalg::LinalgOp>(op.getOperation())))) {
        op.emitOpError("could not be generalized");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
