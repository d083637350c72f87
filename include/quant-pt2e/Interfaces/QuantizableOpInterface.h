//===- QuantizableOpInterface.h - what quantization sees --------*- C++ -*-===//
//
// Declares QuantizableOpInterface, the view quantization passes have of ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_H
#define QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_H

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

#include "quant-pt2e/Interfaces/QuantizableOpInterfaceEnums.h.inc"

namespace mlir::quant_pt2e {

/// Convolution geometry per spatial dimension. Layouts: NCHW activations
/// with OIHW weights (PyTorch's), or with `channelsLast` NHWC activations
/// with OHWI weights (TOSA's).
struct ConvGeometry {
  llvm::SmallVector<int64_t> stride, padding, dilation, outputPadding;
  int64_t groups = 1;
  bool transposed = false;
  bool channelsLast = false;
};

/// clamp(x, lo, hi); a missing bound is none (relu: lo 0, no hi).
struct ClampBounds {
  std::optional<double> lo, hi;
};

/// An element-wise function a linear's epilogue can apply.
enum class EltwiseFunction { leaky_relu, tanh };
struct EltwisePostOp {
  EltwiseFunction function;
  float alpha = 0.0f; ///< leaky_relu's negative slope
};

/// A 2-d pooling window over H and W of an NCHW input (NHWC with
/// `channelsLast`).
struct PoolWindow {
  llvm::SmallVector<int64_t> kernel, stride, padding, dilation;
  bool ceilMode = false, countIncludePad = false;
  bool channelsLast = false;
};

/// A batch norm's statistics and affine operands (indices) and epsilon.
struct BatchNormParams {
  unsigned runningMean = 0, runningVar = 0;
  std::optional<unsigned> weight, bias; ///< absent for affine=False
  double eps = 1e-5;
  bool training = false; ///< batch statistics (else the running ones)
  /// Training form: the results holding the updated running mean and
  /// variance (QAT keeps them as state between runs).
  unsigned updatedMean = 1, updatedVar = 2;
};

/// What the fusion passes (fuse-qdq, fold-conv-bn) need of an op beyond its
/// kind and operands.
struct QuantOpParams {
  std::optional<ConvGeometry> conv;         ///< conv, conv_transpose
  std::optional<ClampBounds> clamp;         ///< relu, relu6, hardtanh, clamp
  std::optional<EltwisePostOp> postOp;      ///< leaky_relu, tanh
  std::optional<PoolWindow> avgWindow;      ///< avg / adaptive / global mean
  std::optional<PoolWindow> maxWindow;      ///< max pooling
  std::optional<int64_t> concatDim;         ///< cat (non-negative)
  std::optional<BatchNormParams> batchNorm; ///< batch_norm
  /// lhs + rhsFactor * rhs for add / sub (aten's alpha); 1 elsewhere.
  double rhsFactor = 1.0;
};

} // namespace mlir::quant_pt2e

#include "quant-pt2e/Interfaces/QuantizableOpInterface.h.inc"

#endif // QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_H
