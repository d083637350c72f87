//===- Passes.td - aten graph transforms -------------------*- tablegen -*-===//

#ifndef QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD
#define QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldConvBn : Pass<"quant-pt2e-fold-conv-bn", "func::FuncOp"> {
  let summary = "Fold inference batch norm into the preceding convolution";
  let description = [{
    PT2E's `_fuse_conv_bn_` (run by prepare_pt2e before annotation) with
    `torch.nn.utils.fusion.fuse_conv_bn_weights` numerics, in float32:
    `rsqrt = 1 / sqrt(var + eps)`,
    `w' = w * (gamma * rsqrt)` along the weight's output-channel axis (0, or
    1 for a transposed convolution), `b' = (b - mean) * rsqrt * gamma + beta`
    (a missing conv bias is 0, missing gamma / beta are 1 / 0). The conv
    (1-d or 2-d, any groups, transposed) must have a single user, the batch
    norm, and constant weight, bias and statistics; the folded weight and
    bias become new constants. Anything else is left alone.

    Example:

    ```mlir
    %c = aten.convolution %x, %w stride [1, 1] ... groups 1 : ...
    %y = aten.batch_norm %c mean %m var %v weight %g bias %b momentum(0.1)
        eps(1.0e-05) : ...
    // becomes
    %y = aten.convolution %x, %w2, %b2 stride [1, 1] ... groups 1 : ...
    ```
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

#endif // QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD
