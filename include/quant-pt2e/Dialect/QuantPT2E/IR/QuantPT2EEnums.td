//===- QuantPT2EEnums.td - quant_pt2e enums ----------------*- tablegen -*-===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EENUMS_TD
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EENUMS_TD

include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EBase.td"
include "mlir/IR/EnumAttr.td"

def QuantPT2E_QuantDType : I32EnumAttr<"QuantDType",
    "quantized integer dtype (torch.int8, torch.uint8, torch.int32)", [
      I32EnumAttrCase<"int8", 0>,
      I32EnumAttrCase<"uint8", 1>,
      I32EnumAttrCase<"int32", 2>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}
def QuantPT2E_QuantDTypeAttr : EnumAttr<QuantPT2E_Dialect, QuantPT2E_QuantDType,
                                        "qdtype"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "Quantized integer dtype";
  let description = [{
    The storage dtype of a quantized tensor: `int8` (`i8`), `uint8` (`ui8`)
    or `int32` (`i32`), as torch.int8 / torch.uint8 / torch.int32.

    Example: `#quant_pt2e.qdtype<int8>`
  }];
}

def QuantPT2E_QScheme : I32EnumAttr<"QScheme", "quantization scheme", [
      I32EnumAttrCase<"per_tensor_affine", 0>,
      I32EnumAttrCase<"per_tensor_symmetric", 1>,
      I32EnumAttrCase<"per_channel_affine", 2>,
      I32EnumAttrCase<"per_channel_symmetric", 3>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}
def QuantPT2E_QSchemeAttr : EnumAttr<QuantPT2E_Dialect, QuantPT2E_QScheme,
                                     "qscheme"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "Quantization scheme (torch.qscheme)";
  let description = [{
    One of torch.per_tensor_affine, torch.per_tensor_symmetric,
    torch.per_channel_affine and torch.per_channel_symmetric.

    Example: `#quant_pt2e.qscheme<per_channel_symmetric>`
  }];
}

def QuantPT2E_ObserverKind : I32EnumAttr<"ObserverKind", "observer class", [
      I32EnumAttrCase<"min_max", 0>,
      I32EnumAttrCase<"moving_average_min_max", 1>,
      I32EnumAttrCase<"per_channel_min_max", 2>,
      I32EnumAttrCase<"moving_average_per_channel_min_max", 3>,
      I32EnumAttrCase<"histogram", 4>,
      I32EnumAttrCase<"placeholder", 5>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}

def QuantPT2E_FakeQuantKind : I32EnumAttr<"FakeQuantKind",
    "fake-quantize class", [
      I32EnumAttrCase<"fake_quantize", 0>,
      I32EnumAttrCase<"fused_moving_avg_obs", 1>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}

def QuantPT2E_SharedTarget : I32EnumAttr<"SharedTarget",
    "what a shared spec shares with", [
      I32EnumAttrCase<"operand", 0>,
      I32EnumAttrCase<"value", 1>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}

def QuantPT2E_ObservationType : I32EnumAttr<"ObservationType",
    "how a backend pattern's output is observed", [
      I32EnumAttrCase<"output_use_different_observer_as_input", 0>,
      I32EnumAttrCase<"output_share_observer_with_input", 1>,
      I32EnumAttrCase<"input_output_not_observed", 2>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}
def QuantPT2E_ObservationTypeAttr : EnumAttr<QuantPT2E_Dialect,
    QuantPT2E_ObservationType, "observation_type"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "Backend-config observation type";
  let description = [{
    torch.ao.quantization.backend_config.ObservationType: whether a pattern's
    output gets its own observer, shares the input's observer, or is not
    observed.

    Example: `#quant_pt2e.observation_type<output_share_observer_with_input>`
  }];
}

def QuantPT2E_PostOpKind : I32EnumAttr<"PostOpKind",
    "float activation fused into a quantized op", [
      I32EnumAttrCase<"leaky_relu", 0>,
      I32EnumAttrCase<"tanh", 1>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quant_pt2e";
}
def QuantPT2E_PostOpKindAttr : EnumAttr<QuantPT2E_Dialect, QuantPT2E_PostOpKind,
                                        "post_op"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "Float activation fused into a quantized op";
  let description = [{
    `leaky_relu` (the op's `post_op_alpha` is the negative slope) or `tanh`:
    activations that are not a clamp of the quantized result, applied to the
    float result before the output quantization (oneDNN eltwise post-ops).

    Example: `#quant_pt2e.post_op<tanh>`
  }];
}

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EENUMS_TD
