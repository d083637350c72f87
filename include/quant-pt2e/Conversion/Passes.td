//===- Passes.td - quant-pt2e conversion passes ------------*- tablegen -*-===//

#ifndef QUANT_PT2E_CONVERSION_PASSES_TD
#define QUANT_PT2E_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAtenToLinalg : Pass<"convert-aten-to-linalg", "func::FuncOp"> {
  let summary = "Lower aten ops to linalg, tensor, arith and math (float)";
  let description = [{
    Rewrites every `aten` op into tensor-level upstream IR with PyTorch's
    float semantics: convolutions become linalg named convolutions
    (`linalg.conv_2d_nchw_fchw`, `linalg.depthwise_conv_2d_nchw_chw`,
    `linalg.conv_2d_ngchw_gfchw`; 1-d convolutions go through the 2-d forms
    with a unit dimension, transposed convolutions through a zero-inserted,
    padded input and a flipped kernel), matrix products become
    `linalg.matmul`, pooling `linalg.pooling_nchw_max` / `_sum`, element-wise
    ops `linalg.generic` with broadcasting maps, layout ops `tensor` ops.
    Batch norm (both forms) and layer norm become reductions and
    element-wise generics; embedding and reflect / replicate padding become
    generics that read their input at computed indices. An op with a form
    the lowering does not handle (grouped transposed or 3-d convolution,
    dynamic shapes) stays and the pass fails naming it.

    Example:

    ```mlir
    %y = aten.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.maximumf %in, %cst : f32
      linalg.yield %0 : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "arith::ArithDialect", "cf::ControlFlowDialect", "linalg::LinalgDialect",
    "math::MathDialect", "tensor::TensorDialect"
  ];
}

#endif // QUANT_PT2E_CONVERSION_PASSES_TD
