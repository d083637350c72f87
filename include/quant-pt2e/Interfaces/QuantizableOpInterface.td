//===- QuantizableOpInterface.td - what quantization sees --*- tablegen -*-===//
//
// The only view quantization passes have of an op: which operands are
// activations, weight and bias, the weight's output-channel axis, whether the
// result shares qparams with the input, the op's pattern kind, the
// parameters a fusion needs (conv geometry, clamp bounds, pooling window,
// ...), its float formula for one element, and the model module it came
// from.
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
      I32EnumAttrCase<"other", 22>,
      I32EnumAttrCase<"dropout", 23>
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
    * kind: the op's pattern kind (`conv`, `linear`, `add`, `relu`, ...);
    * fusion parameters (`QuantOpParams`): what quant-pt2e-fuse-qdq needs
      to build a fused op in place of this one: the convolution geometry,
      the op as a clamp (relu, relu6, hardtanh, clamp), as an element-wise
      post-op of a linear (leaky_relu, tanh), as an average or max pooling
      window (avg_pool2d, adaptive_avg_pool2d, a global mean), its concat
      dimension, the factor on a binary op's second operand (alpha), a
      batch norm's statistics operands and epsilon;
    * rebuilding a weighted op with a new weight and bias
      (quant-pt2e-fold-conv-bn folds a batch norm into them);
    * element-wise formula: the op's float32 result for one element, for
      unary element-wise ops, computed exactly as the op's float lowering
      computes it (quant-pt2e-fuse-qdq tabulates q(f(dq(x))) with it);
    * module path and types: the model submodule the op came from, for
      the module filters of quant-pt2e-annotate and check-backend.

    Example: an external model for a dialect of another compiler,
    registered with `MyConvOp::attachInterface<MyConvQuantModel>(*ctx)`:

    ```c++
    struct MyConvQuantModel
        : QuantizableOpInterface::ExternalModel<MyConvQuantModel, MyConvOp> {
      QuantOpKind getQuantOpKind(Operation *) const { return QuantOpKind::conv; }
      SmallVector<unsigned> getActivationOperandIndices(Operation *) const {
        return {0};
      }
      std::optional<unsigned> getWeightOperandIndex(Operation *) const {
        return 1;
      }
      ...
    };
    ```
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
      }]>,
    InterfaceMethod<[{Returns the parameters a fusion needs of this op (empty
      fields where the op has none).}],
      "::mlir::quant_pt2e::QuantOpParams", "getQuantOpParams", (ins), [{}], [{
        return {};
      }]>,
    InterfaceMethod<[{Creates, at the builder's insertion point, a copy of
      this weighted op (conv, linear) that reads `weight` and `bias` instead
      of its own (a bias is added where the op has none); returns null when
      the op cannot take them.}],
      "::mlir::Operation *", "cloneWithWeightAndBias",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$weight,
           "::mlir::Value":$bias), [{}], [{
        return nullptr;
      }]>,
    InterfaceMethod<[{Returns the op's float32 result for the element `x`
      when it is a unary element-wise op with a known formula (the float
      lowering's, rounding step by step); nullopt otherwise.}],
      "std::optional<float>", "evaluateElementwise", (ins "float":$x), [{}], [{
        return std::nullopt;
      }]>,
    InterfaceMethod<[{Returns the dotted path of the model submodule the op
      came from ("layer1.0.conv1"), if recorded.}],
      "std::optional<::llvm::StringRef>", "getModulePath", (ins), [{}], [{
        return std::nullopt;
      }]>,
    InterfaceMethod<[{Returns the class names of the submodules enclosing the
      op ("torch.nn.modules.conv.Conv2d", ...), outermost first.}],
      "::llvm::SmallVector<::llvm::StringRef>", "getModuleTypes", (ins), [{}], [{
        return {};
      }]>
  ];
}

#endif // QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_TD
