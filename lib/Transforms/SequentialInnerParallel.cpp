//===- SequentialInnerParallel.cpp - only outer scf.parallel stays --------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_SEQUENTIALINNERPARALLEL
#include "quant-pt2e/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;

namespace {
struct SequentialInnerParallelPass
    : quant_pt2e::impl::SequentialInnerParallelBase<
          SequentialInnerParallelPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> inner;
    getOperation().walk([&](scf::ParallelOp op) {
      if (op->getParentOfType<scf::ParallelOp>() && op.getNumReductions() == 0)
        inner.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // Innermost first, so that rewritten loops are never revisited.
    for (scf::ParallelOp op : llvm::reverse(inner)) {
      rewriter.setInsertionPoint(op);
      scf::buildLoopNest(
          rewriter, op.getLoc(), op.getLowerBound(), op.getUpperBound(),
          op.getStep(), [&](OpBuilder &b, Location, ValueRange ivs) {
            IRMapping mapping;
            mapping.map(op.getInductionVars(), ivs);
            for (Operation &nested : op.getBody()->without_terminator())
              b.clone(nested, mapping);
          });
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
