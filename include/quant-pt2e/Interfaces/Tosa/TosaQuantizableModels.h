//===- TosaQuantizableModels.h - TOSA as a quantization client --*- C++ -*-===//
//
// QuantizableOpInterface as external models on upstream MLIR's TOSA ops:
// the second client of the quantization passes (the aten dialect is the
// first), proving that annotate, prepare, convert and fuse-qdq need nothing
// of a dialect but the interface. Covered: conv2d, depthwise_conv2d,
// transpose_conv2d, matmul, add, mul, clamp, max_pool2d, avg_pool2d,
// concat, reshape, transpose. Layouts are TOSA's: NHWC activations, OHWI
// conv weights (`channelsLast` in the fusion parameters).
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_INTERFACES_TOSA_TOSAQUANTIZABLEMODELS_H
#define QUANT_PT2E_INTERFACES_TOSA_TOSAQUANTIZABLEMODELS_H

namespace mlir {
class DialectRegistry;

namespace quant_pt2e {

/// Attaches the models when the TOSA dialect loads (a registry extension).
void registerTosaQuantizableModels(DialectRegistry &registry);

} // namespace quant_pt2e
} // namespace mlir

#endif // QUANT_PT2E_INTERFACES_TOSA_TOSAQUANTIZABLEMODELS_H
