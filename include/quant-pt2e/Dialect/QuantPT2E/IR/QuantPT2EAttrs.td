//===- QuantPT2EAttrs.td - quant_pt2e attributes -----------*- tablegen -*-===//
//
// Quantization specs, the per-op annotation and backend-config data.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EATTRS_TD
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EATTRS_TD

include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EBase.td"
include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EEnums.td"

class QuantPT2E_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QuantPT2E_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Observer and fake-quant constructors
//===----------------------------------------------------------------------===//

def QuantPT2E_ObserverAttr : QuantPT2E_Attr<"Observer", "observer"> {
  let summary = "An observer class with its arguments";
  let description = [{
    The observer constructor of a quantization spec
    (`observer_or_fake_quant_ctr` in PyTorch): the observer class and the
    arguments that are not part of the spec itself.

    * `eps`: lower bound of the scale (default float32 machine epsilon; the
      XNNPACK quantizer uses 2^-12);
    * `averaging_constant`: moving-average factor, only for the
      moving-average observers (default 0.01);
    * `bins`: histogram bins, only for the histogram observer (default 2048).

    Arguments equal to their default are not printed.

    Example:

    ```mlir
    #quant_pt2e.observer<moving_average_min_max, averaging_constant = 1.0>
    #quant_pt2e.observer<histogram, eps = 2.44140625E-4>
    ```
  }];
  let parameters = (ins
    EnumParameter<QuantPT2E_ObserverKind>:$kind,
    F32Parameter<"scale lower bound", "1.1920928955078125e-07f">:$eps,
    F32Parameter<"moving-average factor", "0.01f">:$averaging_constant,
    DefaultValuedParameter<"int64_t", "2048", "histogram bins">:$bins
  );
  let assemblyFormat = [{
    `<` $kind (`,` struct($eps, $averaging_constant, $bins)^)? `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// True for the observers that keep one min/max pair per channel.
    bool isPerChannel() const;
    /// True for the moving-average observers.
    bool isMovingAverage() const;
  }];
}

def QuantPT2E_FakeQuantAttr : QuantPT2E_Attr<"FakeQuant", "fake_quant"> {
  let summary = "A fake-quantize class with its observer";
  let description = [{
    The fake-quantize constructor of a quantization spec: `fake_quantize`
    (torch.ao.quantization.FakeQuantize) or `fused_moving_avg_obs`
    (FusedMovingAvgObsFakeQuantize), with the observer it wraps.
    The fused flavour requires a moving-average observer.

    Example:

    ```mlir
    #quant_pt2e.fake_quant<fused_moving_avg_obs,
        observer = <moving_average_per_channel_min_max, eps = 2.44140625E-4>>
    ```
  }];
  let parameters = (ins
    EnumParameter<QuantPT2E_FakeQuantKind>:$kind,
    "ObserverAttr":$observer
  );
  let assemblyFormat = "`<` $kind `,` struct($observer) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Quantization specs
//===----------------------------------------------------------------------===//

def QuantPT2E_QuantSpecAttr : QuantPT2E_Attr<"QuantSpec", "spec"> {
  let summary = "A quantization spec (torch.ao.quantization.QuantizationSpec)";
  let description = [{
    How one tensor (an edge into an op, or an op's output) is quantized:
    the dtype, the integer range `[quant_min, quant_max]`, the qscheme, the
    channel axis for per-channel schemes, whether the qparams are computed
    at run time (`is_dynamic`), and the observer or fake-quant constructor.

    Example:

    ```mlir
    #quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric,
        ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max>>
    ```
  }];
  let parameters = (ins
    EnumParameter<QuantPT2E_QuantDType>:$dtype,
    "int64_t":$quant_min,
    "int64_t":$quant_max,
    EnumParameter<QuantPT2E_QScheme>:$qscheme,
    OptionalParameter<"std::optional<int64_t>", "channel axis">:$ch_axis,
    BoolParameter<"qparams computed at run time", "false">:$is_dynamic,
    OptionalParameter<"::mlir::Attribute",
                      "#quant_pt2e.observer or #quant_pt2e.fake_quant">:$observer
  );
  let assemblyFormat = [{
    `<` $dtype `,` `[` $quant_min `,` $quant_max `]` `,` $qscheme
        (`,` struct($ch_axis, $is_dynamic, $observer)^)? `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// True for per_channel_affine and per_channel_symmetric.
    bool isPerChannel() const;
    /// The observer kind, looking through a fake-quant constructor;
    /// placeholder when the spec has no constructor.
    ObserverKind getObserverKind() const;
    /// The observer constructor, looking through a fake-quant one; null
    /// when the spec has no constructor.
    ObserverAttr getObserverAttr() const;
  }];
}

def QuantPT2E_SharedSpecAttr : QuantPT2E_Attr<"SharedSpec", "shared"> {
  let summary = "Share qparams with an edge or a value (SharedQuantizationSpec)";
  let description = [{
    The annotated tensor uses the same observer, and so the same qparams, as

    * `operand = N`: the edge from operand `N` into the annotated op
      (PT2E's `SharedQuantizationSpec((input_node, node))`), or
    * `value = N`: the value feeding operand `N`, i.e. its producer's output
      (PT2E's `SharedQuantizationSpec(input_node)`).

    Used for ops whose output keeps the input's qparams (max pool, cat,
    hardtanh, ...). An input spec may not share with its own edge.

    Example: `#quant_pt2e.shared<operand = 0>`, `#quant_pt2e.shared<value = 0>`
  }];
  let parameters = (ins EnumParameter<QuantPT2E_SharedTarget>:$target,
                        "int64_t":$index);
  let assemblyFormat = "`<` $target `=` $index `>`";
  let genVerifyDecl = 1;
}

def QuantPT2E_DerivedSpecAttr : QuantPT2E_Attr<"DerivedSpec", "derived"> {
  let summary = "Qparams derived from other edges (DerivedQuantizationSpec)";
  let description = [{
    Qparams computed from the qparams of the edges from the listed operands of
    the annotated op: scale = product of their scales (per channel when one of
    them is per channel), zero point 0. This is the int32 bias spec of the
    seed test `test_qat_conv_bn_bias_derived_qspec`.

    Example:

    ```mlir
    #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647],
        per_tensor_symmetric>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t", "operands the qparams derive from">:$derived_from,
    EnumParameter<QuantPT2E_QuantDType>:$dtype,
    "int64_t":$quant_min,
    "int64_t":$quant_max,
    EnumParameter<QuantPT2E_QScheme>:$qscheme,
    OptionalParameter<"std::optional<int64_t>", "channel axis">:$ch_axis
  );
  let assemblyFormat = [{
    `<` `from` `=` `[` $derived_from `]` `,` $dtype `,` `[` $quant_min `,`
        $quant_max `]` `,` $qscheme (`,` struct($ch_axis)^)? `>`
  }];
  let genVerifyDecl = 1;
}

def QuantPT2E_FixedQParamsSpecAttr
    : QuantPT2E_Attr<"FixedQParamsSpec", "fixed"> {
  let summary = "Fixed qparams (FixedQParamsQuantizationSpec)";
  let description = [{
    Qparams that do not depend on data, e.g. sigmoid's output
    (scale 1/256, zero point 0 for uint8).

    Example:

    ```mlir
    #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 3.906250e-03,
        zero_point = 0>
    ```
  }];
  let parameters = (ins
    EnumParameter<QuantPT2E_QuantDType>:$dtype,
    "int64_t":$quant_min,
    "int64_t":$quant_max,
    EnumParameter<QuantPT2E_QScheme>:$qscheme,
    F32Parameter<"scale", "1.0f">:$scale,
    DefaultValuedParameter<"int64_t", "0", "zero point">:$zero_point
  );
  let assemblyFormat = [{
    `<` $dtype `,` `[` $quant_min `,` $quant_max `]` `,` $qscheme `,`
        struct($scale, $zero_point) `>`
  }];
  let genVerifyDecl = 1;
}

def QuantPT2E_NoSpecAttr : QuantPT2E_Attr<"NoSpec", "none"> {
  let summary = "An edge that is not quantized";
  let description = [{
    Placeholder in an annotation's input list for an operand that stays in
    floating point.

    Example: `#quant_pt2e.none`
  }];
}

def QuantPT2E_AnnotationAttr : QuantPT2E_Attr<"Annotation", "annotation"> {
  let summary = "Per-op quantization annotation (QuantizationAnnotation)";
  let description = [{
    What a quantizer decided for one op: one spec per operand (`#quant_pt2e.none`
    for operands that stay float) and an optional spec for the result.
    It is attached to the op as the discardable attribute
    `quant_pt2e.annotation`; the dialect verifies that the input list has one
    entry per operand, that shared/derived specs name existing operands and
    that channel axes fit the operand rank.

    Example:

    ```mlir
    %y = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<
        inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>],
        output = #quant_pt2e.shared<operand = 0>>} : tensor<4xf32>
    ```
  }];
  let parameters = (ins
    "::mlir::ArrayAttr":$inputs,
    OptionalParameter<"::mlir::Attribute", "output spec">:$output,
    BoolParameter<"allow implicit sharing", "true">:$allow_implicit_sharing,
    BoolParameter<"set by a quantizer (_annotated)", "false">:$annotated
  );
  let assemblyFormat = [{
    `<` `inputs` `=` $inputs
        (`,` struct($output, $allow_implicit_sharing, $annotated)^)? `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Checks this annotation against the op it is attached to.
    ::llvm::LogicalResult verifyForOp(::mlir::Operation *op) const;
  }];
}

//===----------------------------------------------------------------------===//
// Backend config data
//===----------------------------------------------------------------------===//

def QuantPT2E_DTypeWithConstraintsAttr
    : QuantPT2E_Attr<"DTypeWithConstraints", "dtype"> {
  let summary = "A dtype with backend constraints (DTypeWithConstraints)";
  let description = [{
    A dtype a backend accepts, and the limits it puts on the qparams:
    range bounds (`quant_min_lower_bound`, `quant_max_upper_bound`), scale
    bounds (`scale_min_lower_bound`, `scale_max_upper_bound`) and exact
    qparams (`scale_exact_match`, `zero_point_exact_match`). `float` stands
    for an unquantized (torch.float) operand.

    Example:

    ```mlir
    #quant_pt2e.dtype<int8, quant_min_lower_bound = -127,
        quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>
    ```
  }];
  let parameters = (ins
    "::mlir::Type":$dtype,
    OptionalParameter<"std::optional<int64_t>">:$quant_min_lower_bound,
    OptionalParameter<"std::optional<int64_t>">:$quant_max_upper_bound,
    OptionalF32Parameter<"smallest allowed scale">:$scale_min_lower_bound,
    OptionalF32Parameter<"largest allowed scale">:$scale_max_upper_bound,
    OptionalF32Parameter<"required scale">:$scale_exact_match,
    OptionalParameter<"std::optional<int64_t>">:$zero_point_exact_match
  );
  let assemblyFormat = [{
    `<` $dtype (`,` struct($quant_min_lower_bound, $quant_max_upper_bound,
        $scale_min_lower_bound, $scale_max_upper_bound, $scale_exact_match,
        $zero_point_exact_match)^)? `>`
  }];
  let genVerifyDecl = 1;
}

def QuantPT2E_DTypeConfigAttr : QuantPT2E_Attr<"DTypeConfig", "dtype_config"> {
  let summary = "Dtypes a backend pattern supports (DTypeConfig)";
  let description = [{
    The input, output, weight and bias dtypes of one supported configuration
    of a backend pattern, each with its constraints, and whether it is a
    dynamic-quantization configuration.

    Example:

    ```mlir
    #quant_pt2e.dtype_config<input = <i8>, output = <i8>, weight = <i8>,
        bias = <f32>>
    ```
  }];
  let parameters = (ins
    OptionalParameter<"DTypeWithConstraintsAttr">:$input,
    OptionalParameter<"DTypeWithConstraintsAttr">:$output,
    OptionalParameter<"DTypeWithConstraintsAttr">:$weight,
    OptionalParameter<"DTypeWithConstraintsAttr">:$bias,
    BoolParameter<"dynamic quantization", "false">:$is_dynamic
  );
  let assemblyFormat = "`<` struct(params) `>`";
}

def QuantPT2E_PatternConfigAttr : QuantPT2E_Attr<"PatternConfig", "pattern"> {
  let summary = "A backend pattern (BackendPatternConfig)";
  let description = [{
    A chain of ops, named by their `QuantOpKind` (QuantizableOpInterface's
    kind: `conv`, `relu`, `batch_norm`, ...) in dataflow order (root
    first), with its observation type and the dtype configs the backend
    supports for it: any dialect's ops match it through the interface.
    `fused` marks patterns the backend executes as one fused kernel (e.g.
    conv + relu).

    Example:

    ```mlir
    #quant_pt2e.pattern<["conv", "relu"],
        output_use_different_observer_as_input,
        [#quant_pt2e.dtype_config<input = <i8>, output = <i8>, weight = <i8>>],
        fused = true>
    ```
  }];
  let parameters = (ins
    "::mlir::ArrayAttr":$ops,
    EnumParameter<QuantPT2E_ObservationType>:$observation,
    "::mlir::ArrayAttr":$dtype_configs,
    BoolParameter<"executed as one fused kernel", "false">:$fused
  );
  let assemblyFormat = [{
    `<` $ops `,` $observation `,` $dtype_configs (`,` struct($fused)^)? `>`
  }];
  let genVerifyDecl = 1;
}

def QuantPT2E_BackendConfigAttr
    : QuantPT2E_Attr<"BackendConfig", "backend_config"> {
  let summary = "A named backend config (BackendConfig)";
  let description = [{
    A backend's name and its list of pattern configs.

    Example:

    ```mlir
    #quant_pt2e.backend_config<"qnnpack", [#quant_pt2e.pattern<...>]>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"backend name">:$name,
    "::mlir::ArrayAttr":$patterns
  );
  let assemblyFormat = "`<` $name `,` $patterns `>`";
  let genVerifyDecl = 1;
}

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EATTRS_TD
