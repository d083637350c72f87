//===- Passes.td - aten graph transforms -------------------*- tablegen -*-===//

#ifndef QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD
#define QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldConvBn : Pass<"quant-pt2e-fold-conv-bn", "func::FuncOp"> {
  let summary = "Fold inference batch norm into the preceding convolution "
                "(or linear)";
  let description = [{
    PT2E's `_fuse_conv_bn_` (run by prepare_pt2e before annotation) with
    `torch.nn.utils.fusion.fuse_conv_bn_weights` numerics, in float32:
    `rsqrt = 1 / sqrt(var + eps)`,
    `w' = w * (gamma * rsqrt)` along the weight's output-channel axis (0, or
    1 for a transposed convolution), `b' = (b - mean) * rsqrt * gamma + beta`
    (a missing conv bias is 0, missing gamma / beta are 1 / 0). The conv
    (1-d or 2-d, any groups, transposed) must have a single user, the batch
    norm, and constant weight, bias and statistics; the folded weight and
    bias become new constants. With `linear-bn` (the oneDNN backend
    config's linear-bn fusion), an `aten.linear` with a `[N, C]` result
    followed by batch norm is folded the same way
    (fuse_linear_bn_weights). Anything else is left alone.

    Example:

    ```mlir
    %c = aten.convolution %x, %w stride [1, 1] ... groups 1 : ...
    %y = aten.batch_norm %c mean %m var %v weight %g bias %b momentum(0.1)
        eps(1.0e-05) : ...
    // becomes
    %y = aten.convolution %x, %w2, %b2 stride [1, 1] ... groups 1 : ...
    ```
  }];
  let options = [
    Option<"linearBn", "linear-bn", "bool", "false",
           "Also fold batch norm into a preceding linear (oneDNN config)">
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

def FuseQDQ : Pass<"quant-pt2e-fuse-qdq", "func::FuncOp"> {
  let summary = "Fuse dequantize -> op -> quantize chains into quantized ops";
  let description = [{
    Rewrites reference-quantized chains into the fused ops of the
    `quant_pt2e` dialect that a backend accepts:

    * `dq(x) -> aten.convolution(dq(w), bias) [-> act] -> q` into
      `quant_pt2e.qconv2d` (2-d, not transposed, any groups);
    * `dq(x) -> aten.linear(dq(w), bias) [-> act] -> q` into
      `quant_pt2e.qlinear` (2-d input);
    * `dq(a), dq(b) -> aten.add / aten.mul [-> act] -> q` into
      `quant_pt2e.qadd` / `qmul` (same shapes, alpha 1);
    * `dq(x) -> aten.max_pool2d -> q` with equal qparams into
      `quant_pt2e.qmax_pool2d`;
    * `dq(x) -> aten.avg_pool2d / adaptive_avg_pool2d (output sizes dividing
      the input) / aten.mean over H, W with keepdim [-> act] -> q` into
      `quant_pt2e.qavg_pool2d`;
    * `dq(x0), dq(x1), ... -> aten.cat -> q` into `quant_pt2e.qcat`;
    * `dq(x) -> aten.view / reshape / flatten -> q` with equal qparams into
      `tensor.reshape` of the integers (exact);
    * `dq(y) -> act -> q` with the qparams of `y`, the result of a fused op
      (a shared-spec activation such as the relu6 the XNNPACK quantizer
      leaves after a conv), into that op's `act_range`.

    `act` is relu, relu6, hardtanh or clamp with a single user; it becomes
    the integer `act_range` of the fused op (exact: quantization is
    monotone). Activations must be per-tensor static i8 (ui8 only for a
    backend that takes it); weights constant int8 with zero points 0, per
    tensor or per output channel (axis 0); the bias a float constant or
    absent; intermediate values single-use.

    `backend` selects what is accepted. `onednn`: all of the above, i8 and
    ui8. `xnnpack` (the 2022 build's qs8 operators): i8 only; convolution
    (per tensor or per channel), linear per tensor only, add, mul, max
    pooling with windows of more than one element, global average pooling
    only, concat and views; requantization scales inside XNNPACK's ranges
    (convolution s_x * s_w / s_y in [2^-32, 256), add s_a / s_y and s_b /
    s_y in [2^-10, 256), mul s_a * s_b / s_y in [2^-16, 256), average
    pooling s_x / s_y in [2^-8, 256)) and act_min < act_max. `reference`:
    nothing. Chains that do not qualify stay as they are and run through
    the reference lowering (partial fallback, never a failed compile).

    Example: `quant-opt --quant-pt2e-fuse-qdq=backend=onednn`.
  }];
  let options = [
    Option<"backend", "backend", "std::string", "\"onednn\"",
           "Target backend whose fused ops to form (onednn, xnnpack, "
           "reference)">
  ];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect",
                           "arith::ArithDialect", "tensor::TensorDialect"];
}

#endif // QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD
