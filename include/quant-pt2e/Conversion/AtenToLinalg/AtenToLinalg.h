//===- AtenToLinalg.h - aten to linalg patterns -----------------*- C++ -*-===//
//
// Pattern populate functions of convert-aten-to-linalg, one per op family.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_CONVERSION_ATENTOLINALG_ATENTOLINALG_H
#define QUANT_PT2E_CONVERSION_ATENTOLINALG_ATENTOLINALG_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::quant_pt2e {

/// convolution (1-d, 2-d, grouped, depthwise, transposed).
void populateAtenConvToLinalgPatterns(RewritePatternSet &patterns);
/// batch norm (inference and training forms) and layer norm.
void populateAtenNormToLinalgPatterns(RewritePatternSet &patterns);
/// embedding and reflect / replicate padding (index-computed reads).
void populateAtenGatherToLinalgPatterns(RewritePatternSet &patterns);
/// linear, addmm, mm, t.
void populateAtenLinearToLinalgPatterns(RewritePatternSet &patterns);
/// Element-wise arithmetic and activations.
void populateAtenElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// max/avg/adaptive pooling and mean.
void populateAtenPoolToLinalgPatterns(RewritePatternSet &patterns);
/// cat, permute, view/reshape/flatten/squeeze, constant pad.
void populateAtenShapeToLinalgPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateAtenToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_CONVERSION_ATENTOLINALG_ATENTOLINALG_H
