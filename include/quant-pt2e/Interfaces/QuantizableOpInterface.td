//===- QuantizableOpInterface.td - what quantization sees --*- tablegen -*-===//
//
// The only view quantization passes have of an op: which operands are
// activations, weight and bias, the weight's output-channel axis, whether the
// result shares qparams with the input, and the op's pattern kind.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_TD
#define QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"

def QuantOpKind : I32EnumAttr<"QuantOpKind",
    "what an op is, for quantizer patterns and backend configs", [
      I32EnumAttrCase<"conv", 0>,
      I32EnumAttrCase<"conv_transpose", 1>,
      I32EnumAttrCase<"linear", 2>,
      I32EnumAttrCase<"matmul", 3>,
      I32EnumAttrCase<"batch_norm", 4>,
      I32EnumAttrCase<"add", 5>,
      I32EnumAttrCase<"sub", 6>,
      I32EnumAttrCase<"mul", 7>,
      I32EnumAttrCase<"relu", 8>,
      I32EnumAttrCase<"hardtanh", 9>,
      I32EnumAttrCase<"activation", 10>,
      I32EnumAttrCase<"max_pool", 11>,
      I32EnumAttrCase<"avg_pool", 12>,
      I32EnumAttrCase<"adaptive_avg_pool", 13>,
      I32EnumAttrCase<"mean", 14>,
      I32EnumAttrCase<"cat", 15>,
      I32EnumAttrCase<"reshape", 16>,
      I32EnumAttrCase<"permute", 17>,
      I32EnumAttrCase<"pad", 18>,
      I32EnumAttrCase<"clamp", 19>,
      I32EnumAttrCase<"embedding", 20>,
      I32EnumAttrCase<"layer_norm", 21>,
      I32EnumAttrCase<"other", 22>
    ]> {
  let cppNamespace = "::mlir::quant_pt2e";
  let genSpecializedAttr = 0;
}

def QuantizableOpInterface : OpInterface<"QuantizableOpInterface"> {
  let cppNamespace = "::mlir::quant_pt2e";
  let description = [{
    Everything the quantization passes (annotate, prepare, convert, fusions)
    need to know about a compute op. The passes never look at concrete op
    classes, so any dialect (torch-mlir, TOSA, a user's own) can attach this
    interface, e.g. as an external model, and reuse every pass.

    * activations: the operands that carry activation tensors;
    * weight: the weight operand, if any, and its output-channel axis
      (0 for conv and linear, 1 for transposed conv);
    * bias: the bias operand, if any;
    * shares qparams with input: the result keeps the qparams of the first
      activation (max pool, cat, reshape, hardtanh, ...);
    * kind: the op's pattern kind (`conv`, `linear`, `add`, `relu`, ...).
  }];

  let methods = [
    InterfaceMethod<"Returns the pattern kind of this op.",
      "::mlir::quant_pt2e::QuantOpKind", "getQuantOpKind">,
    InterfaceMethod<"Returns the indices of the activation operands.",
      "::llvm::SmallVector<unsigned>", "getActivationOperandIndices">,
    InterfaceMethod<"Returns the index of the weight operand, if any.",
      "std::optional<unsigned>", "getWeightOperandIndex", (ins), [{}], [{
        return std::nullopt;
      }]>,
    InterfaceMethod<"Returns the output-channel axis of the weight operand.",
      "int64_t", "getWeightOutputChannelAxis", (ins), [{}], [{
        return 0;
      }]>,
    InterfaceMethod<"Returns the index of the bias operand, if present.",
      "std::optional<unsigned>", "getBiasOperandIndex", (ins), [{}], [{
        return std::nullopt;
      }]>,
    InterfaceMethod<[{Returns true when the result must use the qparams of
      the first activation operand.}],
      "bool", "sharesQParamsWithInput", (ins), [{}], [{
        return false;
      }]>
  ];
}

#endif // QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_TD
