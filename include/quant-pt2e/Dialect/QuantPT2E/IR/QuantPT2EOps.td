//===- QuantPT2EOps.td - quant_pt2e operations -------------*- tablegen -*-===//
//
// observer, fake_quantize, quantize, dequantize and choose_qparams.
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

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EOPS_TD
