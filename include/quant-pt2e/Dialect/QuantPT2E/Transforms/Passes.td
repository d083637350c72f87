//===- Passes.td - quant_pt2e quantization passes ----------*- tablegen -*-===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_PASSES_TD
#define QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Annotate : Pass<"quant-pt2e-annotate", "ModuleOp"> {
  let summary = "Annotate ops with quantization specs (the PT2E quantizer)";
  let description = [{
    Runs a quantizer over every function and attaches `quant_pt2e.annotation`
    to the ops it selects. The built-in quantizer is the seed's
    XNNPACKQuantizer:

    * specs from `get_symmetric_quantization_config(is_per_channel, is_qat,
      is_dynamic, act_qmin, act_qmax, weight_qmin, weight_qmax)`: int8
      activations (histogram observer, or fused moving-average fake-quant for
      QAT, placeholder for dynamic), symmetric int8 weights (min-max,
      per-channel min-max or fake-quant), eps 2^-12, float bias;
    * patterns in the quantizer's order: (QAT only: conv_bn_relu, conv_bn,
      conv_transpose_bn_relu, conv_transpose_bn), linear_relu, linear,
      conv_relu, conv, conv_transpose_relu, adaptive_avg_pool2d,
      max_pool2d, add_relu, add, mul_relu, mul, cat; dynamic: linear only;
      an op already annotated is never annotated again;
    * configurations by module name, then module type, then operator type
      (QuantOpKind), then the global one for everything not listed; `none`
      leaves the selected ops float;
    * propagate_annotation: shape and share-qparams ops (hardtanh, mean,
      permute, view/flatten/squeeze, adaptive_avg_pool2d) after an
      annotated output share its qparams.

    Ops are seen only through `QuantizableOpInterface`; module filters read
    the `aten.module_path` / `aten.module_stack_types` attributes.

    Example: `quant-opt --quant-pt2e-annotate="per-channel=true
    module-name=linears=none"`.
  }];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect"];
  let options = [
    Option<"quantizer", "quantizer", "std::string", "\"xnnpack\"",
           "Quantizer to run (xnnpack)">,
    Option<"perChannel", "per-channel", "bool", "false",
           "Per-channel symmetric weights">,
    Option<"qat", "qat", "bool", "false",
           "Quantization-aware training (fake-quantize specs)">,
    Option<"dynamic", "dynamic", "bool", "false",
           "Dynamic quantization of activations">,
    Option<"actQMin", "act-qmin", "int64_t", "-128", "Activation quant_min">,
    Option<"actQMax", "act-qmax", "int64_t", "127", "Activation quant_max">,
    Option<"weightQMin", "weight-qmin", "int64_t", "-127", "Weight quant_min">,
    Option<"weightQMax", "weight-qmax", "int64_t", "127", "Weight quant_max">,
    ListOption<"moduleNames", "module-name", "std::string",
               "name=config (config: global, per-channel, per-tensor, none)">,
    ListOption<"moduleTypes", "module-type", "std::string",
               "type=config, the type as in aten.module_stack_types">,
    ListOption<"operatorTypes", "operator-type", "std::string",
               "kind=config, the kind a QuantOpKind (linear, conv, add, ...)">
  ];
}

def Prepare : Pass<"quant-pt2e-prepare", "ModuleOp"> {
  let summary = "Insert observers or fake-quants for the annotations";
  let description = [{
    PT2E's prepare_pt2e: every annotated input edge and output becomes a
    quantization target. Targets are merged (union-find) when a spec shares
    with an edge (`shared<operand = N>`) or a value (`shared<value = N>`),
    and implicitly when an input edge's spec equals its producer's output
    spec (unless the consumer disallows implicit sharing). Each group gets
    one observer id; an output target is observed right after its producer
    and all users read the observed value, an input edge that is not in its
    producer's group gets its own observer in front of the consumer.
    `#quant_pt2e.observer` constructors give `quant_pt2e.observer`,
    `#quant_pt2e.fake_quant` ones `quant_pt2e.fake_quantize` (QAT). Derived
    specs (int32 bias) are resolved by convert and get no observer.
    Batch norms in training form (QAT) are numbered with a
    `quant_pt2e.state_id`: the runtime keeps their running statistics
    between forwards under it.

    Example: `conv -> relu -> conv` with the XNNPACK quantizer's specs gets
    an observer on the input, one on each weight, and one on the relu output
    that the second conv reads (implicit sharing).
  }];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect"];
}

def Convert : Pass<"quant-pt2e-convert", "ModuleOp"> {
  let summary = "Replace observers by quantize / dequantize (convert_pt2e)";
  let description = [{
    Turns every `quant_pt2e.observer`, and every `quant_pt2e.fake_quantize`
    after QAT training, into `quantize` -> `dequantize` with
    the qparams its statistics give: from the calibration file written by
    `quant-run --calibrate-dir ... --stats-out FILE` (option `stats`), or,
    for an observer of a constant (a weight), computed at compile time with
    the observer's formula. Observed constants are folded: the quantized
    integers become an `i8` / `ui8` / `i32` constant followed by
    `dequantize`. Derived specs (the int32 bias) take the product of the
    scales they derive from. A dynamic placeholder observer (`is_dynamic`)
    becomes `choose_qparams` -> `quantize` -> `dequantize` with run-time
    qparams (quantized_decomposed.choose_qparams.tensor). Annotations are
    dropped. Observers without statistics, static placeholders and a QAT
    conv-bn whose batch norm was not folded first
    (`quant-pt2e-qat-fold-conv-bn`) are reported.

    Example: `quant-opt --quant-pt2e-convert="stats=calibration.json"`.
  }];
  let options = [
    Option<"stats", "stats", "std::string", "\"\"",
           "Calibration statistics (JSON from quant-run --stats-out)">
  ];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect",
                           "arith::ArithDialect"];
}

def CheckBackend : Pass<"quant-pt2e-check-backend", "ModuleOp"> {
  let summary = "Check annotations against a backend config";
  let description = [{
    Records the chosen built-in backend config (`qnnpack`, `executorch`,
    `onednn`: the seeds' BackendConfigs as `#quant_pt2e.backend_config`
    data) on the module as `quant_pt2e.backend`, and checks every annotated
    op that carries a quantization spec: the backend needs a pattern rooted
    at the op's kind (`QuantizableOpInterface`: the patterns name kinds,
    `conv`, `relu`, ..., so any dialect's ops are checked alike), and one
    of that pattern's dtype configs must accept the
    annotation's activation, weight, bias and output specs (dtype, static or
    dynamic, quant_min / quant_max bounds, and the observer's eps against
    scale_min_lower_bound, as FX's constraint check does). A violation is an
    error naming the op, its module and why each dtype config refuses it.

    Example: `quant-opt --quant-pt2e-annotate --quant-pt2e-check-backend=backend=qnnpack`.
  }];
  let options = [
    Option<"backend", "backend", "std::string", "\"qnnpack\"",
           "Backend config (qnnpack, executorch, onednn)">
  ];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect"];
}

def LinkSubmodules : Pass<"quant-pt2e-link-submodules", "ModuleOp"> {
  let summary = "Link separately quantized submodules into the model";
  let description = [{
    Mixing a QAT submodule into a PTQ model (the seed's
    TestQuantizeMixQATAndPTQ): the submodule is QAT-prepared, trained and
    converted on its own; when the whole model is imported with it, the
    importer turns each of its calls into a call of a private declaration
    marked `quant_pt2e.submodule = "<name>"`. For each `name=path` entry,
    this pass parses the converted module at `path`, checks that its
    `forward` has the declaration's type and that it is converted (no
    observers or fake quantizes left), moves its functions into the model
    under unique names and makes `forward` the definition of the
    declaration. Every linked function keeps the `quant_pt2e.submodule`
    mark: the quantizer does not annotate inside it, so its trained
    quantization stays as it is while the rest of the model is annotated,
    calibrated and converted around it.

    Example: `quant-opt model.mlir
    --quant-pt2e-link-submodules="submodule=linears=linears.mlir"`.
  }];
  let options = [
    ListOption<"submodules", "submodule", "std::string",
               "name=path of a converted module for submodule `name`">
  ];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect"];
}

def FuseQDQ : Pass<"quant-pt2e-fuse-qdq", "func::FuncOp"> {
  let summary = "Fuse dequantize -> op -> quantize chains into quantized ops";
  let description = [{
    Rewrites reference-quantized chains into the fused ops of the
    `quant_pt2e` dialect that a backend accepts. The float ops are seen
    through `QuantizableOpInterface` only (their kind, operands and
    `QuantOpParams`), so the chains below hold for any dialect whose ops
    implement it; the aten names are the aten dialect's members of each
    kind:

    * `dq(x) -> conv (aten.convolution)(dq(w), bias) [-> act] -> q` into
      `quant_pt2e.qconv2d` (2-d, not transposed, any groups);
    * `dq(x) -> linear (aten.linear: weight [N, K], output-channel axis 0)(dq(w),
      bias) [-> act] -> q` into
      `quant_pt2e.qlinear` (a static `[..., K]` input collapsed to `[M, K]`
      and the result expanded back, exact reshapes of the integers);
    * `dq(a), dq(b) -> add / mul (aten.add, aten.mul) [-> act] -> q` into
      `quant_pt2e.qadd` / `qmul` (same shapes, alpha 1);
    * `dq(x) -> max_pool (aten.max_pool2d) -> q` with equal qparams into
      `quant_pt2e.qmax_pool2d`;
    * `dq(x) -> an average pooling window (aten.avg_pool2d,
      adaptive_avg_pool2d with output sizes dividing the input, aten.mean
      over H, W with keepdim) [-> act] -> q` into
      `quant_pt2e.qavg_pool2d`;
    * `dq(x0), dq(x1), ... -> cat -> q` into `quant_pt2e.qcat`;
    * `dq(x) -> reshape (aten.view, reshape, flatten, squeeze) -> q` with equal qparams into
      `tensor.reshape` of the integers (exact);
    * `dq(y) -> act -> q` with the qparams of `y`, the result of a fused op
      (a shared-spec activation such as the relu6 the XNNPACK quantizer
      leaves after a conv), into that op's `act_range`;
    * residual sums (backends with a sum post-op): `conv -> add(dq(r))
      [-> act] -> q` under one output quantization (the
      oneDNN config's conv-add-relu) into a `qconv2d` with `residual`; and
      a `qadd` of a `qconv2d` result used only there (the XNNPACK
      quantizer's conv -> q -> dq -> add) into a `qconv2d` with `residual`
      and `conv_output` (the intermediate quantization kept exactly);
    * `dq(x) -> linear -> tanh / leaky_relu (an element-wise post-op) -> q` into a
      `qlinear` with `post_op` (backends with float post-ops);
    * what is left of `dq(x) -> f -> q`, `f` a chain of unary element-wise ops
      with a formula (`evaluateElementwise`: aten's hardswish, silu,
      sigmoid, gelu, tanh, elu, scalar arithmetic, ...),
      per-tensor 8-bit on both sides, into `quant_pt2e.qlookup`: the 256
      results tabulated at compile time with the float lowering's formulas
      (AtenScalarFormulas.h) and the quantization math, exactly the
      reference's (every backend but `reference`);
    * what is left of `dq(x) -> f` whose float result other ops read (an
      SE block's SiLU, quantized and averaged), `f` such a chain, `dq` per
      tensor and static on i8 (more than 256 elements): a `linalg.generic`
      gathering from the 256 results tabulated with the float lowering's
      formulas (the same floats, without an exp per element; every
      backend but `reference`), and each static per-tensor quantize of
      them a `quant_pt2e.qlookup` of `x`.

    `act` is an op with clamp bounds (relu, relu6, hardtanh, clamp) and a
    single user; it becomes
    the integer `act_range` of the fused op (exact: quantization is
    monotone). Activations must be per-tensor static i8 (ui8 only for a
    backend that takes it); weights constant int8 with zero points 0, per
    tensor or per output channel (axis 0); the bias a float constant or
    absent; intermediate values single-use.

    `backend` selects what is accepted. `onednn`: all of the above, i8 and
    ui8. `xnnpack` (the 2022 build's qs8 operators): i8 only; no residual
    sums or linear post-ops (the add stays a `qadd`); convolution
    (per tensor or per channel), linear per tensor only, add, mul, max
    pooling with windows of more than one element, global average pooling
    only, concat and views; requantization scales inside XNNPACK's ranges
    (convolution s_x * s_w / s_y in [2^-32, 256), add s_a / s_y and s_b /
    s_y in [2^-10, 256), mul s_a * s_b / s_y in [2^-16, 256), average
    pooling s_x / s_y in [2^-8, 256)) and act_min < act_max. `reference`:
    nothing. What each backend takes is the capability table of
    `quant-pt2e/Dialect/QuantPT2E/IR/BackendCapabilities.h`, which the
    conversions read too. Chains that do not qualify stay as they are and run through
    the reference lowering (partial fallback, never a failed compile).

    Example: `quant-opt --quant-pt2e-fuse-qdq=backend=onednn`.
  }];
  let options = [
    Option<"backend", "backend", "std::string", "\"onednn\"",
           "Target backend whose fused ops to form (onednn, xnnpack, "
           "vector, reference)">
  ];
  let dependentDialects = ["::mlir::quant_pt2e::QuantPT2EDialect",
                           "arith::ArithDialect", "tensor::TensorDialect",
                           "linalg::LinalgDialect"];
}

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
    bias become new constants. With `linear-bn`, or a `backend` config that
    fuses linear-bn (oneDNN's; BackendConfigs.h decides), a linear with a
    `[N, C]` result followed by batch norm is folded the same way
    (fuse_linear_bn_weights). Anything else is left alone; an unknown
    `backend` is an error.

    The ops are seen through `QuantizableOpInterface`: a `batch_norm` kind
    in inference form (`QuantOpParams::batchNorm`) after a `conv`,
    `conv_transpose` or `linear` kind, rebuilt with
    `cloneWithWeightAndBias`; aten.convolution, aten.linear and
    aten.batch_norm are the aten dialect's.

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
           "Also fold batch norm into a preceding linear">,
    Option<"backend", "backend", "std::string", "\"\"",
           "Backend config whose prepare-time fusions to follow (qnnpack, "
           "executorch, onednn: onednn also folds linear-bn)">
  ];
  let dependentDialects = ["arith::ArithDialect"];
}

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
    The conv and the batch norm are seen through `QuantizableOpInterface`
    (a `conv` / `conv_transpose` kind, a `batch_norm` kind in training form,
    `cloneWithWeightAndBias`); the scale-factor arithmetic is linalg built
    with the float lowering's builders (`FloatOps.h`), any client alike.

    Example:

    ```mlir
    %c = aten.convolution %x, %w, %b stride [1, 1] ... : ...
    %y:3 = aten.batch_norm_training %c mean %m var %v weight %g bias %beta ...
    // becomes
    // linalg.generic element-wise ops (the float lowering's arithmetic):
    %e = var + 1.0e-05 ; %s = sqrt(%e) ; %f = %g / %s
    %w2 = %w * %f[c]                    // along the weight's channel axis
    %c2 = aten.convolution %x, %w2, %zeros ... {quant_pt2e.qat_conv_bn}
    %d = %c2 / %f[c] ; %a = %d + %b[c]  // along the output's channel axis
    %y:3 = aten.batch_norm_training %a mean %m var %v weight %g bias %beta ...
    ```
  }];
  let dependentDialects = ["arith::ArithDialect", "linalg::LinalgDialect",
                           "math::MathDialect", "tensor::TensorDialect"];
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

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_PASSES_TD
