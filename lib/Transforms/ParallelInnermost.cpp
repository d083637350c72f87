//===- ParallelInnermost.cpp - reductions outside the innermost loop ------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_PARALLELINNERMOST
#include "quant-pt2e/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;

namespace {
struct ParallelInnermostPass
    : quant_pt2e::impl::ParallelInnermostBase<ParallelInnermostPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() > 0 && op.getNumParallelLoops() > 0 &&
          op.hasPureTensorSemantics())
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue; // e.g. linalg.reduce: left in its loop order.
        generic = *generalized;
      }
      SmallVector<unsigned> parallel, reduction;
      for (auto [index, type] :
           llvm::enumerate(generic.getIteratorTypesArray()))
        (type == utils::IteratorType::parallel ? parallel : reduction)
            .push_back(index);
      SmallVector<unsigned> order(parallel.begin(), parallel.end() - 1);
      llvm::append_range(order, reduction);
      order.push_back(parallel.back());
      (void)linalg::interchangeGenericOp(rewriter, generic, order);
    }
  }
};
} // namespace
