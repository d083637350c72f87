//===- ConvertAtenToLinalg.cpp - the convert-aten-to-linalg pass ----------===//

#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/IR/ShapeLimits.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTATENTOLINALG
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

void mlir::quant_pt2e::populateAtenToLinalgPatterns(
    RewritePatternSet &patterns) {
  populateAtenConvToLinalgPatterns(patterns);
  populateAtenNormToLinalgPatterns(patterns);
  populateAtenGatherToLinalgPatterns(patterns);
  populateAtenLinearToLinalgPatterns(patterns);
  populateAtenElementwiseToLinalgPatterns(patterns);
  populateAtenPoolToLinalgPatterns(patterns);
  populateAtenShapeToLinalgPatterns(patterns);
}

namespace {
struct ConvertAtenToLinalgPass
    : quant_pt2e::impl::ConvertAtenToLinalgBase<ConvertAtenToLinalgPass> {
  void runOnOperation() override {
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect>();
    target.addIllegalDialect<aten::AtenDialect>();
    RewritePatternSet patterns(ctx);
    populateAtenToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
