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

/// convolution (1-d, 2-d, grouped, depthwise, transposed) and batch norm.
void populateAtenConvToLinalgPatterns(RewritePatternSet &patterns);
/// linear, addmm, mm, t.
void populateAtenLinearToLinalgPatterns(RewritePatternSet &patterns);
/// Element-wise arithmetic and activations.
void populateAtenElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// max/avg/adaptive pooling and mean.
void populateAtenPoolToLinalgPatterns(RewritePatternSet &patterns);
/// cat, permute, view/reshape/flatten/squeeze, pad.
void populateAtenShapeToLinalgPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateAtenToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_CONVERSION_ATENTOLINALG_ATENTOLINALG_H
