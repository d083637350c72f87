//===- Passes.td - aten graph transforms -------------------*- tablegen -*-===//

#ifndef QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD
#define QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QatConvBn : Pass<"quant-pt2e-qat-conv-bn", "func::FuncOp"> {
  let summary = "Rewrite conv -> training batch norm into PT2E's QAT form";
  let description = [{
    PT2E's `_fuse_conv_bn_qat` (prepare_qat_pt2e, after annotation), the
    approximate QAT conv-bn of `nniqat.ConvBn*d._forward_approximate`, for
    1-d / 2-d convolutions (grouped too) and ungrouped transposed ones:

    ```
    running_std  = sqrt(running_var + eps)
    scale_factor = gamma / running_std
    w'   = w * scale_factor   (weight axis 0; 1 when transposed)
    y    = conv(x, w', zero bias) / scale_factor   (channel axis 1)
    y    = y + conv_bias
    out  = batch_norm_training(y, ...)
    ```

    The new conv keeps the old one's literal arguments (stride, padding,
    ...), its discardable attributes and its annotation, whose operand
    positions are unchanged, so input / weight / derived-bias specs and
    shared specs keep pointing at the right values; it is marked
    `quant_pt2e.qat_conv_bn`. A conv bias is replaced by zeros in the conv
    and added back after the division; without one, none is added. A
    missing gamma is ones. Channels whose (constant) gamma is 0 divide by 1
    instead of 0, so the output is the batch norm's beta and never NaN.
    Batch norms whose input is not a single-use convolution are left alone.

    Example:

    ```mlir
    %c = aten.convolution %x, %w, %b stride [1, 1] ... : ...
    %y:3 = aten.batch_norm_training %c mean %m var %v weight %g bias %beta ...
    // becomes
    %e = aten.add_scalar %v, 1.0e-05 : tensor<3xf32>
    %s = aten.sqrt %e : tensor<3xf32>
    %f = aten.div %g, %s : ...
    %w2 = aten.mul %w, (view %f) : ...
    %c2 = aten.convolution %x, %w2, %zeros ... {quant_pt2e.qat_conv_bn}
    %d = aten.div %c2, (view %f) : ...
    %a = aten.add %d, (view %b) : ...
    %y:3 = aten.batch_norm_training %a mean %m var %v weight %g bias %beta ...
    ```
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

def QatFoldConvBn : Pass<"quant-pt2e-qat-fold-conv-bn", "ModuleOp"> {
  let summary = "Fold the trained batch norm of QAT conv-bn into the conv";
  let description = [{
    Convert for QAT (PT2E's `_fold_conv_bn_qat`), before
    `quant-pt2e-convert`: each conv marked `quant_pt2e.qat_conv_bn` by
    `quant-pt2e-qat-conv-bn`, with its weight's fake-quantize, scale-factor
    division, bias add and training batch norm, becomes
    `conv(x, fake_quantize(w_folded), b_folded)` with
    `fuse_conv_bn_weights` numerics over the running statistics after
    training: read from the `running_stats` of the statistics file
    (`stats`, written by `quant-run --stats-out`) by the batch norm's
    `quant_pt2e.state_id`, or the constants when the model was never run.
    The weight's fake-quantize keeps its id, so convert quantizes the folded
    weight with the qparams the trained fake quant observed (not
    re-observed). The conv's annotation moves to the folded conv (a derived
    bias spec then quantizes the folded bias); whatever followed the batch
    norm (relu, hardtanh, the output fake-quantize) reads the folded conv.
    A marked conv whose pattern is broken is an error.
  }];
  let options = [
    Option<"stats", "stats", "std::string", "",
           "Statistics file with the trained running statistics">
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

#endif // QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_TD
