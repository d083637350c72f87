//===- QuantPT2EOps.td - quant_pt2e operations -------------*- tablegen -*-===//
//
// observer, fake_quantize, quantize, dequantize, choose_qparams and the
// fused quantized compute ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EOPS_TD
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EOPS_TD

include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

class QuantPT2E_Op<string mnemonic, list<Trait> traits = []>
    : Op<QuantPT2E_Dialect, mnemonic, traits>;

def QuantPT2E_FloatTensor : RankedTensorOf<[F32, F16, BF16]>;
def QuantPT2E_IntTensor : RankedTensorOf<[I8, UI8, I32]>;

//===----------------------------------------------------------------------===//
// Observers and fake quantization
//===----------------------------------------------------------------------===//

/// Observers and fake-quants record statistics: they have a side effect so
/// that they are neither folded away nor deduplicated.
class QuantPT2E_ObservingOp<string mnemonic>
    : QuantPT2E_Op<mnemonic, [AllTypesMatch<["input", "output"]>,
                              MemoryEffects<[MemRead, MemWrite]>]> {
  let arguments = (ins QuantPT2E_FloatTensor:$input,
                       QuantPT2E_QuantSpecAttr:$spec,
                       OptionalAttr<I64Attr>:$id);
  let results = (outs QuantPT2E_FloatTensor:$output);
  let assemblyFormat = [{
    $input `spec` `(` $spec `)` (`id` `(` $id^ `)`)? attr-dict
        `:` type($input)
  }];
  let hasVerifier = 1;
}

def QuantPT2E_ObserverOp : QuantPT2E_ObservingOp<"observer"> {
  let summary = "Observe a tensor to compute its qparams";
  let description = [{
    Passes its input through unchanged and records the statistics the spec's
    observer (`min_max`, `moving_average_min_max`, `per_channel_min_max`,
    `moving_average_per_channel_min_max`, `histogram`, `placeholder`) keeps.
    `prepare` inserts observers; calibration runs them; `convert` replaces
    them with quantize/dequantize using the observed qparams.

    The spec's constructor must be a `#quant_pt2e.observer` (a spec without a
    constructor means `placeholder`); per-channel observers need a
    per-channel qscheme and a channel axis inside the input rank. Observers
    with the same `id` are one observer instance (PT2E's shared specs):
    their statistics are accumulated together and they get the same qparams.

    Example:

    ```mlir
    %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127],
        per_tensor_affine, observer = #quant_pt2e.observer<min_max>>)
        : tensor<1x3x8x8xf32>
    ```
  }];
}

def QuantPT2E_FakeQuantizeOp : QuantPT2E_ObservingOp<"fake_quantize"> {
  let summary = "Observe and fake-quantize a tensor (QAT)";
  let description = [{
    Updates the wrapped observer with its input and returns
    dequantize(quantize(input)) with the observer's current qparams, as
    torch.ao.quantization.FakeQuantize (`fake_quantize`) or
    FusedMovingAvgObsFakeQuantize (`fused_moving_avg_obs`) do in training.

    The spec's constructor must be a `#quant_pt2e.fake_quant`.

    Example:

    ```mlir
    %0 = quant_pt2e.fake_quantize %w spec(#quant_pt2e.spec<int8, [-127, 127],
        per_channel_symmetric, ch_axis = 0,
        observer = #quant_pt2e.fake_quant<fused_moving_avg_obs,
          observer = <moving_average_per_channel_min_max>>>)
        : tensor<16x3x3x3xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Quantize / dequantize
//===----------------------------------------------------------------------===//

/// Scale operand of dynamic qparams: a scalar (per tensor) or one value per
/// channel.
def QuantPT2E_ScaleValue : AnyTypeOf<[F32, 1DTensorOf<[F32]>]>;
def QuantPT2E_ZeroPointValue : AnyTypeOf<[I64, 1DTensorOf<[I64]>]>;

class QuantPT2E_QDQOp<string mnemonic, Type inType, Type outType>
    : QuantPT2E_Op<mnemonic, [Pure, AttrSizedOperandSegments]> {
  let arguments = (ins
    inType:$input,
    Optional<QuantPT2E_ScaleValue>:$scale,
    Optional<QuantPT2E_ZeroPointValue>:$zero_point,
    OptionalAttr<DenseF32ArrayAttr>:$scales,
    OptionalAttr<DenseI64ArrayAttr>:$zero_points,
    I64Attr:$quant_min,
    I64Attr:$quant_max,
    OptionalAttr<I64Attr>:$axis
  );
  let results = (outs outType:$output);
  let assemblyFormat = [{
    $input (`axis` `(` $axis^ `)`)?
        custom<ExactScales>($scales) (`zero_points` `(` $zero_points^ `)`)?
        (`qparams` `(` $scale^ `,` $zero_point `:` type($scale) `,`
                       type($zero_point) `)`)?
        `range` `(` $quant_min `,` $quant_max `)`
        attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
  code commonDescription = [{
    Qparams are static (`scales` / `zero_points` attributes; scales print
    so that they parse back to the same float32, which MLIR's generic
    `array<f32>` printing does not guarantee) or dynamic
    (`qparams(%scale, %zero_point)` operands, e.g. from `choose_qparams`).
    Without `axis` the op is per tensor (one scale and zero point); with
    `axis` it is per channel (one per index of that dimension).
    `range(quant_min, quant_max)` must lie inside the integer element type
    (`i8`, `ui8`, `i32`); scales must be positive and finite, zero points
    inside the range.
  }];
  let extraClassDeclaration = [{
    /// True when the qparams are operands rather than attributes.
    bool isDynamic() { return getScale() != nullptr; }
    /// True when the op has one scale per channel along `axis`.
    bool isPerChannel() { return getAxis().has_value(); }
  }];
}

def QuantPT2E_QuantizeOp
    : QuantPT2E_QDQOp<"quantize", QuantPT2E_FloatTensor, QuantPT2E_IntTensor> {
  let summary = "Quantize a float tensor (quantize_per_tensor / _per_channel)";
  let description = !strconcat([{
    Computes `clamp(nearbyint(x * (1.0f / scale)) + zero_point, quant_min,
    quant_max)` element-wise, rounding half to even, as PyTorch's
    quantize_per_tensor / quantize_per_channel.
  }], commonDescription, [{

    Example:

    ```mlir
    %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3])
        range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
    %w = quant_pt2e.quantize %f axis(0) scales([0.5, 0.25])
        zero_points([0, 0]) range(-127, 127)
        : tensor<2x3xf32> -> tensor<2x3xi8>
    %d = quant_pt2e.quantize %x qparams(%s, %zp : f32, i64) range(-128, 127)
        : tensor<4xf32> -> tensor<4xi8>
    ```
  }]);
}

def QuantPT2E_DequantizeOp
    : QuantPT2E_QDQOp<"dequantize", QuantPT2E_IntTensor, QuantPT2E_FloatTensor> {
  let summary = "Dequantize an integer tensor";
  let description = !strconcat([{
    Computes `(float(q) - zero_point) * scale` element-wise. When the input is
    produced by a `quantize`, both must agree on the integer range, axis,
    static qparams and float element type.
  }], commonDescription, [{

    Example:

    ```mlir
    %x = quant_pt2e.dequantize %q scales([0.25]) zero_points([3])
        range(-128, 127) : tensor<4xi8> -> tensor<4xf32>
    ```
  }]);
}

def QuantPT2E_ChooseQParamsOp : QuantPT2E_Op<"choose_qparams", [Pure]> {
  let summary = "Compute per-tensor qparams at run time (dynamic quantization)";
  let description = [{
    Computes the scale and zero point of its input with the MinMax formula of
    the given qscheme (`per_tensor_affine` or `per_tensor_symmetric`), range
    and eps, as quantized_decomposed.choose_qparams. The results feed the
    `qparams(...)` operands of `quantize` / `dequantize`.

    Example:

    ```mlir
    %s, %zp = quant_pt2e.choose_qparams %x dtype <int8> range(-128, 127)
        qscheme <per_tensor_affine> eps(1.1920929E-7) : tensor<1x16xf32>
    ```
  }];
  let arguments = (ins
    QuantPT2E_FloatTensor:$input,
    QuantPT2E_QuantDTypeAttr:$dtype,
    I64Attr:$quant_min,
    I64Attr:$quant_max,
    QuantPT2E_QSchemeAttr:$qscheme,
    F32Attr:$eps
  );
  let results = (outs F32:$scale, I64:$zero_point);
  let assemblyFormat = [{
    $input `dtype` $dtype `range` `(` $quant_min `,` $quant_max `)`
        `qscheme` $qscheme `eps` `(` $eps `)` attr-dict
        `:` type($input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Fused quantized compute ops (produced by quant-pt2e-fuse-qdq)
//===----------------------------------------------------------------------===//

def QuantPT2E_ActTensor : RankedTensorOf<[I8, UI8]>;

class QuantPT2E_FusedOp<string mnemonic, list<Trait> traits = []>
    : QuantPT2E_Op<mnemonic, !listconcat([Pure], traits)> {
  code commonFusedDescription = [{
    Activations are quantized per tensor (`scale`, `zero_point`); the result
    is quantized with `output(scale, zero_point)` into `range(quant_min,
    quant_max)` and then clamped to `act_range(lo, hi)`, a sub-range that
    expresses a fused relu / hardtanh exactly (quantization is monotone and
    maps 0 to the zero point).
  }];
}

def QuantPT2E_QConv2dOp : QuantPT2E_FusedOp<"qconv2d",
    [AttrSizedOperandSegments]> {
  let summary = "Quantized 2-d convolution with fused activation and residual";
  let description = !strconcat([{
    `q(act(conv2d(dq(input), dq(weight)) + bias))` as one op, in PyTorch's
    layouts (input NCHW, weight OIHW). The weight is int8 and symmetric
    (zero point 0), per tensor (one scale) or per output channel (one scale
    per output channel); the bias, if any, stays float.
  }], commonFusedDescription, [{

    With a `residual` operand (the oneDNN config's conv-add(-relu), a
    residual sum post-op) the op computes `q(act(c + dq(residual)))`, the
    residual having the output's shape and its own per-tensor qparams. `c`
    is the float convolution result (conv and add fused under one output
    quantization, as the oneDNN backend config annotates them), or, with
    `conv_output(scale, zero_point) clamp(lo, hi)`, that result quantized
    with these qparams, clamped to `[lo, hi]` and dequantized again (the
    XNNPACK quantizer quantizes the conv output before the add: the fused op
    keeps that intermediate rounding exactly).

    Example:

    ```mlir
    %y = quant_pt2e.qconv2d %x, %w, %b input(0.02, -3) weight([0.01, 0.02])
        output(0.05, -128) range(-128, 127) act_range(-128, 127)
        stride [1, 1] padding [1, 1] dilation [1, 1] groups 1
        : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<2xf32>)
        -> tensor<1x2x8x8xi8>
    %z = quant_pt2e.qconv2d %x, %w input(0.02, -3) weight([0.01])
        conv_output(0.04, 2) clamp(-128, 127)
        residual(%r : tensor<1x2x8x8xi8>, 0.03, -1)
        output(0.05, -128) range(-128, 127) act_range(-128, 127)
        stride [1, 1] padding [1, 1] dilation [1, 1] groups 1
        : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
    ```
  }]);
  let arguments = (ins
    QuantPT2E_ActTensor:$input,
    RankedTensorOf<[I8]>:$weight,
    Optional<RankedTensorOf<[F32]>>:$bias,
    Optional<QuantPT2E_ActTensor>:$residual,
    F32Attr:$input_scale, I64Attr:$input_zero_point,
    DenseF32ArrayAttr:$weight_scales,
    OptionalAttr<F32Attr>:$conv_output_scale,
    OptionalAttr<I64Attr>:$conv_output_zero_point,
    OptionalAttr<I64Attr>:$conv_output_min,
    OptionalAttr<I64Attr>:$conv_output_max,
    OptionalAttr<F32Attr>:$residual_scale,
    OptionalAttr<I64Attr>:$residual_zero_point,
    F32Attr:$output_scale, I64Attr:$output_zero_point,
    I64Attr:$quant_min, I64Attr:$quant_max,
    I64Attr:$act_min, I64Attr:$act_max,
    DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
    DenseI64ArrayAttr:$dilation, I64Attr:$groups
  );
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
        `input` `(` $input_scale `,` $input_zero_point `)`
        `weight` `(` custom<ExactF32Array>($weight_scales) `)`
        (`conv_output` `(` $conv_output_scale^ `,` $conv_output_zero_point
         `)` `clamp` `(` $conv_output_min `,` $conv_output_max `)`)?
        (`residual` `(` $residual^ `:` type($residual) `,` $residual_scale
         `,` $residual_zero_point `)`)?
        `output` `(` $output_scale `,` $output_zero_point `)`
        `range` `(` $quant_min `,` $quant_max `)`
        `act_range` `(` $act_min `,` $act_max `)`
        `stride` $stride `padding` $padding `dilation` $dilation
        `groups` $groups attr-dict
        `:` `(` type($input) `,` type($weight) (`,` type($bias)^)? `)`
        `->` type($output)
  }];
  let hasVerifier = 1;
}

def QuantPT2E_QLinearOp : QuantPT2E_FusedOp<"qlinear"> {
  let summary = "Quantized linear layer with fused activation";
  let description = !strconcat([{
    `q(act(linear(dq(input), dq(weight), bias)))` for a 2-d input `[M, K]`
    and an int8 symmetric weight `[N, K]`, per tensor or per output channel.
  }], commonFusedDescription, [{

    `post_op` fuses a float activation that is not a clamp (the oneDNN
    config's linear-leaky_relu and linear-tanh patterns): `leaky_relu` with
    `alpha` the negative slope, or `tanh`; it applies to the float result
    before the output quantization.

    Example:

    ```mlir
    %y = quant_pt2e.qlinear %x, %w input(0.02, 0) weight([0.01])
        output(0.1, 5) range(-128, 127) act_range(5, 127)
        : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
    %t = quant_pt2e.qlinear %x, %w input(0.02, 0) weight([0.01])
        post_op(<tanh>, 0.0)
        output(0.0078125, 0) range(-128, 127) act_range(-128, 127)
        : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
    ```
  }]);
  let arguments = (ins
    QuantPT2E_ActTensor:$input,
    RankedTensorOf<[I8]>:$weight,
    Optional<RankedTensorOf<[F32]>>:$bias,
    F32Attr:$input_scale, I64Attr:$input_zero_point,
    DenseF32ArrayAttr:$weight_scales,
    OptionalAttr<QuantPT2E_PostOpKindAttr>:$post_op,
    OptionalAttr<F32Attr>:$post_op_alpha,
    F32Attr:$output_scale, I64Attr:$output_zero_point,
    I64Attr:$quant_min, I64Attr:$quant_max,
    I64Attr:$act_min, I64Attr:$act_max
  );
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
        `input` `(` $input_scale `,` $input_zero_point `)`
        `weight` `(` custom<ExactF32Array>($weight_scales) `)`
        (`post_op` `(` $post_op^ `,` $post_op_alpha `)`)?
        `output` `(` $output_scale `,` $output_zero_point `)`
        `range` `(` $quant_min `,` $quant_max `)`
        `act_range` `(` $act_min `,` $act_max `)` attr-dict
        `:` `(` type($input) `,` type($weight) (`,` type($bias)^)? `)`
        `->` type($output)
  }];
  let hasVerifier = 1;
}

class QuantPT2E_QBinaryOp<string mnemonic, string what, string torchOp>
    : QuantPT2E_FusedOp<mnemonic> {
  let summary = "Quantized element-wise " # what # " with fused activation";
  let description = !strconcat([{
    `q(act(}], torchOp, [{(dq(lhs), dq(rhs))))` for two tensors of the same
    shape, each with its own per-tensor qparams.
  }], commonFusedDescription, [{

    Example:

    ```mlir
    %y = quant_pt2e.}], mnemonic, [{ %a, %b lhs(0.1, 0) rhs(0.2, 3)
        output(0.25, -2) range(-128, 127) act_range(-2, 127)
        : tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8> -> tensor<1x4x8x8xi8>
    ```
  }]);
  let arguments = (ins
    QuantPT2E_ActTensor:$lhs, QuantPT2E_ActTensor:$rhs,
    F32Attr:$lhs_scale, I64Attr:$lhs_zero_point,
    F32Attr:$rhs_scale, I64Attr:$rhs_zero_point,
    F32Attr:$output_scale, I64Attr:$output_zero_point,
    I64Attr:$quant_min, I64Attr:$quant_max,
    I64Attr:$act_min, I64Attr:$act_max
  );
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs `lhs` `(` $lhs_scale `,` $lhs_zero_point `)`
        `rhs` `(` $rhs_scale `,` $rhs_zero_point `)`
        `output` `(` $output_scale `,` $output_zero_point `)`
        `range` `(` $quant_min `,` $quant_max `)`
        `act_range` `(` $act_min `,` $act_max `)` attr-dict
        `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QuantPT2E_QAddOp : QuantPT2E_QBinaryOp<"qadd", "add", "add">;
def QuantPT2E_QMulOp : QuantPT2E_QBinaryOp<"qmul", "multiply", "mul">;

def QuantPT2E_QAvgPool2dOp : QuantPT2E_FusedOp<"qavg_pool2d"> {
  let summary = "Quantized 2-d average pooling (global included)";
  let description = !strconcat([{
    `q(act(avg_pool2d(dq(input))))` on an NCHW tensor, window arguments as
    aten.avg_pool2d (no divisor override). Global average pooling
    (aten.mean over H and W with keepdim, adaptive_avg_pool2d to 1x1) is
    the window covering the whole input.
  }], commonFusedDescription, [{

    Example:

    ```mlir
    %y = quant_pt2e.qavg_pool2d %x input(0.05, -128) output(0.05, -128)
        range(-128, 127) act_range(-128, 127) kernel [7, 7] stride [7, 7]
        padding [0, 0] : tensor<1x512x7x7xi8> -> tensor<1x512x1x1xi8>
    ```
  }]);
  let arguments = (ins
    QuantPT2E_ActTensor:$input,
    F32Attr:$input_scale, I64Attr:$input_zero_point,
    F32Attr:$output_scale, I64Attr:$output_zero_point,
    I64Attr:$quant_min, I64Attr:$quant_max,
    I64Attr:$act_min, I64Attr:$act_max,
    DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride,
    DenseI64ArrayAttr:$padding, UnitAttr:$ceil_mode,
    UnitAttr:$count_include_pad
  );
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $input `input` `(` $input_scale `,` $input_zero_point `)`
        `output` `(` $output_scale `,` $output_zero_point `)`
        `range` `(` $quant_min `,` $quant_max `)`
        `act_range` `(` $act_min `,` $act_max `)`
        `kernel` $kernel `stride` $stride `padding` $padding
        (`ceil_mode` $ceil_mode^)? (`count_include_pad` $count_include_pad^)?
        attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QuantPT2E_QCatOp : QuantPT2E_Op<"qcat", [Pure]> {
  let summary = "Quantized concatenation with requantization";
  let description = [{
    `q(cat([dq(x0), dq(x1), ...], dim))`: each input with its own per-tensor
    qparams (`inputs(scale, zero_point)` lists, in operand order), one
    output quantization. Inputs whose qparams equal the output's are
    copied unchanged.

    Example:

    ```mlir
    %y = quant_pt2e.qcat %a, %b dim 1 scales([0.1, 0.2]) zero_points([0, 3])
        output(0.2, 0) range(-128, 127)
        : tensor<1x4x8x8xi8>, tensor<1x2x8x8xi8> -> tensor<1x6x8x8xi8>
    ```
  }];
  let arguments = (ins
    Variadic<QuantPT2E_ActTensor>:$inputs, I64Attr:$dim,
    DenseF32ArrayAttr:$input_scales, DenseI64ArrayAttr:$input_zero_points,
    F32Attr:$output_scale, I64Attr:$output_zero_point,
    I64Attr:$quant_min, I64Attr:$quant_max
  );
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $inputs `dim` $dim `scales` `(` custom<ExactF32Array>($input_scales) `)`
        `zero_points` `(` $input_zero_points `)`
        `output` `(` $output_scale `,` $output_zero_point `)`
        `range` `(` $quant_min `,` $quant_max `)` attr-dict
        `:` type($inputs) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QuantPT2E_QMaxPool2dOp : QuantPT2E_Op<"qmax_pool2d", [Pure]> {
  let summary = "Integer 2-d max pooling of a quantized NCHW tensor";
  let description = [{
    `q(max_pool2d(dq(x)))` when the quantize uses the dequantize's qparams
    (a shared spec): integer max pooling, exactly the same values. Window
    arguments as aten.max_pool2d.

    Example:

    ```mlir
    %y = quant_pt2e.qmax_pool2d %x kernel [3, 3] stride [2, 2]
        padding [1, 1] dilation [1, 1]
        : tensor<1x8x16x16xi8> -> tensor<1x8x8x8xi8>
    ```
  }];
  let arguments = (ins
    QuantPT2E_ActTensor:$input,
    DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride,
    DenseI64ArrayAttr:$padding, DenseI64ArrayAttr:$dilation,
    UnitAttr:$ceil_mode
  );
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $input `kernel` $kernel `stride` $stride `padding` $padding
        `dilation` $dilation (`ceil_mode` $ceil_mode^)? attr-dict
        `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QuantPT2E_QLookupOp : QuantPT2E_Op<"qlookup", [Pure]> {
  let summary = "Element-wise 8-bit table lookup: a float unary op between Q/DQ";
  let description = [{
    `q(f(dq(x)))` for an element-wise float op `f` (hardswish, silu,
    sigmoid, gelu, tanh, ...) between a per-tensor dequantize and quantize:
    an 8-bit input has 256 values, so quant-pt2e-fuse-qdq evaluates the
    chain on each of them at compile time, with the float lowering's own
    formulas (AtenScalarFormulas.h) and the quantization math of
    `QuantMath.h`, and the op reads the result from `table`: exactly the
    reference lowering's result, with no float arithmetic at run time.

    `table` holds 256 bytes, the results' bit patterns (a ui8 result above
    127 reads as a negative i8 entry), indexed by the input's offset from
    its type's minimum (entry 0 is the result for -128 with i8 input, for
    0 with ui8). Input and output
    have the same shape; their element types may differ.

    Example:

    ```mlir
    %y = quant_pt2e.qlookup %x table(array<i8: ...256 entries...>)
        : tensor<1x16x8x8xi8> -> tensor<1x16x8x8xi8>
    ```
  }];
  let arguments = (ins QuantPT2E_ActTensor:$input, DenseI8ArrayAttr:$table);
  let results = (outs QuantPT2E_ActTensor:$output);
  let assemblyFormat = [{
    $input `table` `(` $table `)` attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EOPS_TD
