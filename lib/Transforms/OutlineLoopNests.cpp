//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_OUTLINELOOPNESTS
#include "quant-pt2e/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;

namespace {

/// Whether a value of this type can be a function argument or result once
/// lowered to LLVM: scalars, vectors, memrefs and tensors. Register-only
/// types (AMX tiles) cannot cross a call: their nests stay where they are.
bool passable(Type t) {
  return isa<IntegerType, IndexType, FloatType, VectorType, BaseMemRefType,
             TensorType>(t);
}

bool outlinable(Operation *nest) {
  if (!llvm::all_of(nest->getResultTypes(), passable))
    return false;
  llvm::SetVector<Value> captured;
  for (Region &r : nest->getRegions())
    getUsedValuesDefinedAbove(r, captured);
  for (Value v : nest->getOperands())
    captured.insert(v);
  return llvm::all_of(captured, [](Value v) { return passable(v.getType()); });
}

struct OutlineLoopNestsPass
    : quant_pt2e::impl::OutlineLoopNestsBase<OutlineLoopNestsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> entries;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal())
        entries.push_back(fn);
    IRRewriter rewriter(&getContext());
    SymbolTable symbols(module);
    for (func::FuncOp fn : entries) {
      SmallVector<Operation *> nests;
      for (Block &block : fn.getBody())
        for (Operation &op : block)
          if (isa<scf::ForOp, scf::ParallelOp>(op) && outlinable(&op))
            nests.push_back(&op);
      int64_t count = 0;
      for (Operation *nest : nests) {
        // Wrap the nest in a single-block region, then outline that.
        rewriter.setInsertionPoint(nest);
        auto region = scf::ExecuteRegionOp::create(rewriter, nest->getLoc(),
                                                   nest->getResultTypes());
        Block *body = rewriter.createBlock(&region.getRegion());
        nest->replaceAllUsesWith(region.getResults());
        nest->moveBefore(body, body->end());
        rewriter.setInsertionPointToEnd(body);
        scf::YieldOp::create(rewriter, nest->getLoc(), nest->getResults());
        std::string name;
        do {
          name = (fn.getName() + "_nest_" + llvm::Twine(count++)).str();
        } while (symbols.lookup(name));
        FailureOr<func::FuncOp> outlined = outlineSingleBlockRegion(
            rewriter, nest->getLoc(), region.getRegion(), name);
        if (failed(outlined)) {
          region.emitError("cannot outline this loop nest");
          return signalPassFailure();
        }
        outlined->setPrivate();
        outlined->getOperation()->setAttr(
            "passthrough",
            rewriter.getArrayAttr({rewriter.getStringAttr("noinline")}));
        symbols.insert(*outlined);
      }
      // What stays is glue (allocations, descriptors, calls): no -O3 for
      // it, whose cost grows with its size.
      if (count > 0)
        fn->setAttr("passthrough",
                    rewriter.getArrayAttr({rewriter.getStringAttr("noinline"),
                                           rewriter.getStringAttr("optnone")}));
    }
  }
};

} // namespace
