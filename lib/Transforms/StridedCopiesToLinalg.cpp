//===- StridedCopiesToLinalg.cpp - strided copies as loop nests -----------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_STRIDEDCOPIESTOLINALG
#include "quant-pt2e/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;

namespace {
/// Whether `memref.copy` lowers to one memcpy: a static, contiguous
/// row-major memref (any other goes through the strided runtime copy).
bool isContiguous(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && memref::isStaticShapeAndContiguousRowMajor(type);
}

struct StridedCopiesToLinalgPass
    : quant_pt2e::impl::StridedCopiesToLinalgBase<StridedCopiesToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp op) {
      if (isa<MemRefType>(op.getSource().getType()) &&
          isa<MemRefType>(op.getTarget().getType()) &&
          !(isContiguous(op.getSource()) && isContiguous(op.getTarget())))
        copies.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp op : copies) {
      rewriter.setInsertionPoint(op);
      Value src = op.getSource(), dst = op.getTarget();
      // The outer dimensions as one where both sides allow it (a channel
      // slice of NHWC: [n * h * w, c] rows `stride` apart): a 2-d nest,
      // less for LLVM to compile than the 4-d one, the same inner loop.
      auto srcType = cast<MemRefType>(src.getType());
      int64_t rank = srcType.getRank();
      if (rank > 2) {
        SmallVector<ReassociationIndices> outer(2);
        for (int64_t d = 0; d + 1 < rank; ++d)
          outer[0].push_back(d);
        outer[1].push_back(rank - 1);
        auto dstType = cast<MemRefType>(dst.getType());
        if (memref::CollapseShapeOp::isGuaranteedCollapsible(srcType, outer) &&
            memref::CollapseShapeOp::isGuaranteedCollapsible(dstType, outer)) {
          src = memref::CollapseShapeOp::create(rewriter, op.getLoc(), src,
                                                outer);
          dst = memref::CollapseShapeOp::create(rewriter, op.getLoc(), dst,
                                                outer);
        }
      }
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, src, dst);
    }
  }
};
} // namespace
