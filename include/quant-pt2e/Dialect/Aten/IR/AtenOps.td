//===- AtenOps.td - aten input dialect operations ----------*- tablegen -*-===//
//
// The ATen core ops PT2E quantizers and the seed backend configs name.
// Every op implements QuantizableOpInterface; the common answers come from
// the Aten_Op base class, weighted ops answer the rest in C++.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_ATEN_IR_ATENOPS_TD
#define QUANT_PT2E_DIALECT_ATEN_IR_ATENOPS_TD

include "quant-pt2e/Dialect/Aten/IR/AtenBase.td"
include "quant-pt2e/Interfaces/QuantizableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Aten_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Aten_IndexTensor : RankedTensorOf<[I32, I64]>;

/// Base of all aten ops.
///   kind: the QuantOpKind case;
///   activations: C++ expression for the activation operand indices;
///   shares: result shares qparams with the first activation;
///   weighted: the op answers the weight/bias interface methods in C++.
class Aten_Op<string mnemonic, string kind, list<Trait> traits = [],
              string activations = "{0}", bit shares = 0, bit weighted = 0>
    : Op<Aten_Dialect, mnemonic, !listconcat([Pure,
        DeclareOpInterfaceMethods<QuantizableOpInterface,
          !listconcat(["sharesQParamsWithInput", "getQuantOpParams",
                       "cloneWithWeightAndBias", "evaluateElementwise",
                       "getModulePath", "getModuleTypes"],
                      !if(weighted, ["getWeightOperandIndex",
                                     "getWeightOutputChannelAxis",
                                     "getBiasOperandIndex"], []))>],
        traits)> {
  /// C++ expression giving the op's QuantOpKind.
  string quantOpKind = "::mlir::quant_pt2e::QuantOpKind::" # kind;
  let extraClassDefinition = [{
    ::mlir::quant_pt2e::QuantOpKind $cppClass::getQuantOpKind() {
      return }] # quantOpKind # [{;
    }
    ::llvm::SmallVector<unsigned> $cppClass::getActivationOperandIndices() {
      return }] # activations # [{;
    }
    bool $cppClass::sharesQParamsWithInput() { return }]
      # !if(shares, "true", "false") # [{; }
    ::mlir::quant_pt2e::QuantOpParams $cppClass::getQuantOpParams() {
      return ::mlir::aten::quantOpParams(getOperation());
    }
    ::mlir::Operation *$cppClass::cloneWithWeightAndBias(
        ::mlir::OpBuilder &builder, ::mlir::Value weight, ::mlir::Value bias) {
      return ::mlir::aten::cloneWithWeightAndBias(getOperation(), builder,
                                                  weight, bias);
    }
    std::optional<float> $cppClass::evaluateElementwise(float x) {
      return ::mlir::aten::evaluateElementwise(getOperation(), x);
    }
    std::optional<::llvm::StringRef> $cppClass::getModulePath() {
      return ::mlir::aten::modulePath(getOperation());
    }
    ::llvm::SmallVector<::llvm::StringRef> $cppClass::getModuleTypes() {
      return ::mlir::aten::moduleTypes(getOperation());
    }
  }];
}

//===----------------------------------------------------------------------===//
// Convolution, batch norm, linear algebra
//===----------------------------------------------------------------------===//

def Aten_ConvolutionOp : Aten_Op<"convolution", "conv", [], "{0}", 0, 1> {
  let summary = "N-d convolution or transposed convolution (aten.convolution)";
  let description = [{
    aten.convolution with all literal arguments. Input `[N, C, *spatial]`,
    weight `[Cout, C/groups, *kernel]` (transposed: `[C, Cout/groups,
    *kernel]`), optional bias `[Cout]`; 1 to 3 spatial dimensions. The
    verifier checks the channel/group arithmetic and the output shape.
    For quantization the weight's output-channel axis is 0, or 1 when
    transposed, and the op's kind is `conv` or `conv_transpose`.

    Example:

    ```mlir
    %y = aten.convolution %x, %w, %b stride [2, 2] padding [4, 4]
        dilation [1, 1] output_padding [0, 0] groups 1
        : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x7x7xf32>
    ```
  }];
  let arguments = (ins
    Aten_FloatTensor:$input,
    Aten_FloatTensor:$weight,
    Optional<Aten_FloatTensor>:$bias,
    DenseI64ArrayAttr:$stride,
    DenseI64ArrayAttr:$padding,
    DenseI64ArrayAttr:$dilation,
    UnitAttr:$transposed,
    DenseI64ArrayAttr:$output_padding,
    I64Attr:$groups
  );
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `stride` $stride `padding` $padding
        `dilation` $dilation (`transposed` $transposed^)?
        `output_padding` $output_padding `groups` $groups attr-dict
        `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let quantOpKind = "getTransposed() ? "
      # "::mlir::quant_pt2e::QuantOpKind::conv_transpose : "
      # "::mlir::quant_pt2e::QuantOpKind::conv";
}

class Aten_BatchNormBase<string mnemonic, dag resultList>
    : Aten_Op<mnemonic, "batch_norm", [AttrSizedOperandSegments]> {
  let arguments = (ins
    Aten_FloatTensor:$input,
    Aten_FloatTensor:$running_mean,
    Aten_FloatTensor:$running_var,
    Optional<Aten_FloatTensor>:$weight,
    Optional<Aten_FloatTensor>:$bias,
    F64Attr:$momentum,
    F64Attr:$eps
  );
  let results = resultList;
  let assemblyFormat = [{
    $input `mean` $running_mean `var` $running_var
        (`weight` $weight^)? (`bias` $bias^)?
        `momentum` `(` $momentum `)` `eps` `(` $eps `)` attr-dict
        `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Aten_BatchNormOp : Aten_BatchNormBase<"batch_norm",
    (outs Aten_FloatTensor:$result)> {
  let summary = "Batch norm, inference form (running statistics)";
  let description = [{
    `(x - running_mean) / sqrt(running_var + eps) * weight + bias` per channel
    (dimension 1), as aten._native_batch_norm_legit_no_training. `weight` and
    `bias` are absent for `affine=False`. Statistics and parameters are `[C]`.

    Example:

    ```mlir
    %y = aten.batch_norm %x mean %m var %v weight %g bias %b
        momentum(0.1) eps(1.0e-05)
        : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
           tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
}

def Aten_BatchNormTrainingOp : Aten_BatchNormBase<"batch_norm_training",
    (outs Aten_FloatTensor:$result, Aten_FloatTensor:$new_running_mean,
          Aten_FloatTensor:$new_running_var)> {
  let summary = "Batch norm, training form (batch statistics)";
  let description = [{
    Normalizes with the statistics of the batch (biased variance) and returns
    the updated running statistics as well:
    `running = (1 - momentum) * running + momentum * batch` (unbiased batch
    variance for `running_var`), as aten.native_batch_norm with
    `training=True`, in functional form.

    Example:

    ```mlir
    %y, %m2, %v2 = aten.batch_norm_training %x mean %m var %v weight %g
        bias %b momentum(0.1) eps(1.0e-05)
        : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
           tensor<4xf32>) -> (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>)
    ```
  }];
}

def Aten_LinearOp : Aten_Op<"linear", "linear", [], "{0}", 0, 1> {
  let summary = "Fully connected layer (aten.linear)";
  let description = [{
    `y = x W^T + b` with input `[..., in]`, weight `[out, in]` and optional
    bias `[out]`; the result is `[..., out]`.

    Example:

    ```mlir
    %y = aten.linear %x, %w, %b
        : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, Aten_FloatTensor:$weight,
                       Optional<Aten_FloatTensor>:$bias);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict
        `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Aten_AddmmOp : Aten_Op<"addmm", "linear", [], "{1}", 0, 1> {
  let summary = "beta * input + alpha * (mat1 @ mat2) (aten.addmm)";
  let description = [{
    The form `make_fx` gives a linear layer: `addmm(bias, x, t(W))`.
    `mat1` is `[n, k]`, `mat2` `[k, m]`, `input` broadcasts to `[n, m]`.
    For quantization `mat1` is the activation, `mat2` the weight (its output
    channels are axis 1) and `input` the bias.

    Example:

    ```mlir
    %y = aten.addmm %b, %x, %wt
        : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, Aten_FloatTensor:$mat1,
                       Aten_FloatTensor:$mat2,
                       DefaultValuedAttr<F64Attr, "1.0">:$beta,
                       DefaultValuedAttr<F64Attr, "1.0">:$alpha);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $mat1 `,` $mat2 attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Aten_MmOp : Aten_Op<"mm", "matmul", [], "{0}", 0, 1> {
  let summary = "Matrix product of two 2-d tensors (aten.mm)";
  let description = [{
    `[n, k] @ [k, m] -> [n, m]`. The second operand is treated as the weight
    (output channels on axis 1).

    Example:

    ```mlir
    %y = aten.mm %a, %b : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$lhs, Aten_FloatTensor:$rhs);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Aten_BmmOp : Aten_Op<"bmm", "other", [], "{0, 1}"> {
  let summary = "Batched matrix product of two 3-d tensors (aten.bmm)";
  let description = [{
    `[b, n, k] @ [b, k, m] -> [b, n, m]`: attention's score and context
    products. Both operands are activations; no quantizer pattern of the
    seed quantizer takes it, so it stays float between Q/DQ.

    Example:

    ```mlir
    %y = aten.bmm %a, %b
        : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$lhs, Aten_FloatTensor:$rhs);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Aten_TOp : Aten_Op<"t", "permute", [], "{0}", 1> {
  let summary = "Transpose a tensor of rank <= 2 (aten.t)";
  let description = [{
    Swaps the two dimensions of a 2-d tensor; 0-d and 1-d tensors are
    returned unchanged.

    Example:

    ```mlir
    %wt = aten.t %w : tensor<4x8xf32> -> tensor<8x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise arithmetic
//===----------------------------------------------------------------------===//

class Aten_BinaryOp<string mnemonic, string kind>
    : Aten_Op<mnemonic, kind, [], "{0, 1}"> {
  let arguments = (ins Aten_FloatTensor:$lhs, Aten_FloatTensor:$rhs,
                       OptionalAttr<F64Attr>:$alpha);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`alpha` `(` $alpha^ `)`)? attr-dict
        `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

class Aten_ScalarOp<string mnemonic, string kind>
    : Aten_Op<mnemonic, kind, [AllTypesMatch<["input", "result"]>]> {
  let arguments = (ins Aten_FloatTensor:$input, F64Attr:$other,
                       OptionalAttr<F64Attr>:$alpha);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $other (`alpha` `(` $alpha^ `)`)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def Aten_AddOp : Aten_BinaryOp<"add", "add"> {
  let summary = "lhs + alpha * rhs, broadcasting (aten.add.Tensor)";
  let description = [{
    Example:
    ```mlir
    %y = aten.add %a, %b : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
        -> tensor<1x4x8x8xf32>
    ```
  }];
}
def Aten_SubOp : Aten_BinaryOp<"sub", "sub"> {
  let summary = "lhs - alpha * rhs, broadcasting (aten.sub.Tensor)";
  let description = [{
    Example:
    ```mlir
    %y = aten.sub %a, %b alpha(2.0) : tensor<4xf32>, tensor<1xf32> -> tensor<4xf32>
    ```
  }];
}
def Aten_MulOp : Aten_BinaryOp<"mul", "mul"> {
  let summary = "lhs * rhs, broadcasting (aten.mul.Tensor)";
  let description = [{
    `alpha` is not allowed.

    Example:
    ```mlir
    %y = aten.mul %a, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
    ```
  }];
}
def Aten_DivOp : Aten_BinaryOp<"div", "other"> {
  let summary = "lhs / rhs, broadcasting (aten.div.Tensor)";
  let description = [{
    True division in float (IEEE, as PyTorch's CPU kernel). `alpha` is not
    allowed.

    Example:
    ```mlir
    %y = aten.div %a, %b : tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>
        -> tensor<1x4x8x8xf32>
    ```
  }];
}
def Aten_DivScalarOp : Aten_ScalarOp<"div_scalar", "other"> {
  let summary = "input / other for a scalar other (aten.div.Tensor, aten.div.Scalar)";
  let description = [{
    True division by the scalar rounded to the element type, as PyTorch's
    CPU kernel (attention scales its queries so). `alpha` is not allowed.

    Example:
    ```mlir
    %y = aten.div_scalar %x, 2.0 : tensor<4xf32>
    ```
  }];
}
def Aten_AddScalarOp : Aten_ScalarOp<"add_scalar", "add"> {
  let summary = "input + alpha * other for a scalar other (aten.add.Scalar)";
  let description = [{
    Example:
    ```mlir
    %y = aten.add_scalar %x, 1.0 : tensor<4xf32>
    ```
  }];
}
def Aten_SubScalarOp : Aten_ScalarOp<"sub_scalar", "sub"> {
  let summary = "input - alpha * other for a scalar other (aten.sub.Scalar)";
  let description = [{
    Example:
    ```mlir
    %y = aten.sub_scalar %x, 1.0 alpha(2.0) : tensor<4xf32>
    ```
  }];
}
def Aten_MulScalarOp : Aten_ScalarOp<"mul_scalar", "mul"> {
  let summary = "input * other for a scalar other (aten.mul.Scalar)";
  let description = [{
    `alpha` is not allowed.

    Example:
    ```mlir
    %y = aten.mul_scalar %x, 0.5 : tensor<4xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

class Aten_UnaryOp<string mnemonic, string kind, bit shares = 0,
                   dag attrs = (ins)>
    : Aten_Op<mnemonic, kind, [AllTypesMatch<["input", "result"]>], "{0}", shares> {
  let arguments = !con((ins Aten_FloatTensor:$input), attrs);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Aten_ReluOp : Aten_UnaryOp<"relu", "relu", 1> {
  let summary = "max(x, 0) (aten.relu)";
  let description = [{
    Example: `%y = aten.relu %x : tensor<4xf32>`
  }];
}
def Aten_Relu6Op : Aten_UnaryOp<"relu6", "hardtanh", 1> {
  let summary = "min(max(x, 0), 6) (aten.relu6)";
  let description = [{
    Example: `%y = aten.relu6 %x : tensor<4xf32>`
  }];
}
def Aten_HardtanhOp : Aten_UnaryOp<"hardtanh", "hardtanh", 1,
    (ins DefaultValuedAttr<F64Attr, "-1.0">:$min_val,
         DefaultValuedAttr<F64Attr, "1.0">:$max_val)> {
  let summary = "clamp(x, min_val, max_val) (aten.hardtanh)";
  let description = [{
    `min_val` must not exceed `max_val`.

    Example:
    `%y = aten.hardtanh %x {min_val = 0.0 : f64, max_val = 6.0 : f64} : tensor<4xf32>`
  }];
  let hasVerifier = 1;
}
def Aten_LeakyReluOp : Aten_UnaryOp<"leaky_relu", "activation", 0,
    (ins DefaultValuedAttr<F64Attr, "0.01">:$negative_slope)> {
  let summary = "x if x > 0 else negative_slope * x (aten.leaky_relu)";
  let description = [{
    Example: `%y = aten.leaky_relu %x {negative_slope = 0.1 : f64} : tensor<4xf32>`
  }];
}
def Aten_EluOp : Aten_UnaryOp<"elu", "activation", 0,
    (ins DefaultValuedAttr<F64Attr, "1.0">:$alpha,
         DefaultValuedAttr<F64Attr, "1.0">:$scale,
         DefaultValuedAttr<F64Attr, "1.0">:$input_scale)> {
  let summary = "Exponential linear unit (aten.elu)";
  let description = [{
    `scale * (x if x > 0 else alpha * (exp(x * input_scale) - 1))`.

    Example: `%y = aten.elu %x : tensor<4xf32>`
  }];
}
def Aten_TanhOp : Aten_UnaryOp<"tanh", "activation"> {
  let summary = "Hyperbolic tangent (aten.tanh)";
  let description = [{
    Example: `%y = aten.tanh %x : tensor<4xf32>`
  }];
}
def Aten_SqrtOp : Aten_UnaryOp<"sqrt", "other"> {
  let summary = "Square root (aten.sqrt)";
  let description = [{
    Correctly rounded, as PyTorch's CPU kernel.

    Example: `%y = aten.sqrt %x : tensor<4xf32>`
  }];
}
def Aten_SigmoidOp : Aten_UnaryOp<"sigmoid", "activation"> {
  let summary = "1 / (1 + exp(-x)) (aten.sigmoid)";
  let description = [{
    Example: `%y = aten.sigmoid %x : tensor<4xf32>`
  }];
}
def Aten_HardswishOp : Aten_UnaryOp<"hardswish", "activation"> {
  let summary = "x * relu6(x + 3) / 6 (aten.hardswish)";
  let description = [{
    Example: `%y = aten.hardswish %x : tensor<4xf32>`
  }];
}
def Aten_HardsigmoidOp : Aten_UnaryOp<"hardsigmoid", "other"> {
  let summary = "min(max(x + 3, 0), 6) / 6 (aten.hardsigmoid)";
  let description = [{
    Computed as PyTorch's CPU kernel: the clamp, then a division by 6 (not
    a multiplication by 1/6). MobileNetV3's squeeze-excitation gates.
    No quantizer pattern takes it: it stays float between Q/DQ.

    Example: `%y = aten.hardsigmoid %x : tensor<4xf32>`
  }];
}
def Aten_SiluOp : Aten_UnaryOp<"silu", "other"> {
  let summary = "x * sigmoid(x) (aten.silu)";
  let description = [{
    Computed as PyTorch's CPU kernel: `x / (1 + exp(-x))`. EfficientNet's
    activation. No quantizer pattern takes it: it stays float between Q/DQ.

    Example: `%y = aten.silu %x : tensor<4xf32>`
  }];
}
def Aten_GeluOp : Aten_UnaryOp<"gelu", "other", 0,
    (ins DefaultValuedAttr<StrAttr, "\"none\"">:$approximate)> {
  let summary = "Gaussian error linear unit (aten.gelu)";
  let description = [{
    `approximate` is `"none"`, `x * 0.5 * (1 + erf(x / sqrt(2)))`, or
    `"tanh"`, `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))`.
    Computed as PyTorch's vectorized CPU kernel: erf by the
    Abramowitz-Stegun polynomial (7.1.26) with fused multiply-adds, as
    ATen's `Vectorized<float>::erf`. ConvNeXt's and ViT's activation; no
    quantizer pattern takes it: it stays float between Q/DQ.

    Example: `%y = aten.gelu %x {approximate = "tanh"} : tensor<4xf32>`
  }];
  let hasVerifier = 1;
}
def Aten_DropoutOp : Aten_UnaryOp<"dropout", "dropout", 0,
    (ins DefaultValuedAttr<F64Attr, "0.5">:$p)> {
  let summary = "Eval-mode dropout: the identity (aten.dropout, train=False)";
  let description = [{
    Kept as an op rather than folded away because quantization sees it: it
    does not share its input's qparams (torch.nn.Dropout and F.dropout are
    among the backend configs' default ops, whose output gets its own
    observer, and PT2E quantizers leave it unannotated, so the next op's
    input is observed after it). Only the eval form exists; `p` is kept for
    the record.

    Example: `%y = aten.dropout %x {p = 0.2 : f64} : tensor<1x8xf32>`
  }];
}
def Aten_ClampOp : Aten_UnaryOp<"clamp", "clamp", 1,
    (ins OptionalAttr<F64Attr>:$min, OptionalAttr<F64Attr>:$max)> {
  let summary = "Clamp to [min, max] (aten.clamp)";
  let description = [{
    At least one bound is required, as in PyTorch.

    Example: `%y = aten.clamp %x {min = 0.0 : f64} : tensor<4xf32>`
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

def Aten_MaxPool2dOp : Aten_Op<"max_pool2d", "max_pool", [], "{0}", 1> {
  let summary = "2-d max pooling (aten.max_pool2d)";
  let description = [{
    Input `[N, C, H, W]` (or `[C, H, W]`); output size
    `floor_or_ceil((H + 2p - d*(k-1) - 1) / s) + 1`, with PyTorch's rule that
    the last window must start inside the input or left padding. Padding
    must be at most half the kernel.

    Example:

    ```mlir
    %y = aten.max_pool2d %x kernel [3, 3] stride [2, 2] padding [1, 1]
        dilation [1, 1] : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_size,
                       DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation,
                       UnitAttr:$ceil_mode);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `kernel` $kernel_size `stride` $stride `padding` $padding
        `dilation` $dilation (`ceil_mode` $ceil_mode^)? attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_AvgPool2dOp : Aten_Op<"avg_pool2d", "avg_pool", [], "{0}", 1> {
  let summary = "2-d average pooling (aten.avg_pool2d)";
  let description = [{
    As max_pool2d without dilation; `count_include_pad` counts padded
    elements in the divisor, `divisor_override` replaces the divisor.

    Example:

    ```mlir
    %y = aten.avg_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0]
        count_include_pad : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input,
                       DenseI64ArrayAttr:$kernel_size,
                       DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$padding,
                       UnitAttr:$ceil_mode,
                       UnitAttr:$count_include_pad,
                       OptionalAttr<I64Attr>:$divisor_override);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `kernel` $kernel_size `stride` $stride `padding` $padding
        (`ceil_mode` $ceil_mode^)? (`count_include_pad` $count_include_pad^)?
        (`divisor_override` `(` $divisor_override^ `)`)? attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_AdaptiveAvgPool2dOp
    : Aten_Op<"adaptive_avg_pool2d", "adaptive_avg_pool", [], "{0}", 1> {
  let summary = "2-d adaptive average pooling (aten._adaptive_avg_pool2d)";
  let description = [{
    Averages over PyTorch's adaptive windows to `output_size`.

    Example:

    ```mlir
    %y = aten.adaptive_avg_pool2d %x output_size [1, 1]
        : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input,
                       DenseI64ArrayAttr:$output_size);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `output_size` $output_size attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_MeanOp : Aten_Op<"mean", "mean", [], "{0}", 1> {
  let summary = "Mean over dimensions (aten.mean.dim)";
  let description = [{
    Negative dimensions count from the end; `keepdim` keeps reduced
    dimensions as size 1.

    Example:

    ```mlir
    %y = aten.mean %x dims [-1, -2] keepdim
        : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, DenseI64ArrayAttr:$dims,
                       UnitAttr:$keepdim);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dims` $dims (`keepdim` $keepdim^)? attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_SoftmaxOp : Aten_Op<"softmax", "other",
                             [AllTypesMatch<["input", "result"]>]> {
  let summary = "Softmax along a dimension (aten._softmax)";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` along `dim` (negative counts from
    the end), computed as PyTorch's CPU kernel: the maximum, the
    exponentials and their sum, then a multiplication by the sum's
    reciprocal. Attention's weights; it stays float between Q/DQ.

    Example: `%y = aten.softmax %x dim -1 : tensor<2x4x4xf32>`
  }];
  let arguments = (ins Aten_FloatTensor:$input, I64Attr:$dim);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = "$input `dim` $dim attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def Aten_CatOp : Aten_Op<"cat", "cat", [],
    "::llvm::to_vector(::llvm::seq<unsigned>(0, getNumOperands()))", 1> {
  let summary = "Concatenate along a dimension (aten.cat)";
  let description = [{
    All inputs have the same rank and agree on every dimension but `dim`
    (negative counts from the end).

    Example:

    ```mlir
    %y = aten.cat %a, %b dim 1
        : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Aten_FloatTensor>:$inputs, I64Attr:$dim);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs `dim` $dim attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

def Aten_PermuteOp : Aten_Op<"permute", "permute", [], "{0}", 1> {
  let summary = "Permute dimensions (aten.permute)";
  let description = [{
    Result dimension `i` is input dimension `dims[i]`.

    Example:

    ```mlir
    %y = aten.permute %x dims [0, 2, 3, 1]
        : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, DenseI64ArrayAttr:$dims);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dims` $dims attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_SliceOp : Aten_Op<"slice", "other"> {
  let summary = "Strided slice along one dimension (aten.slice.Tensor)";
  let description = [{
    Elements `start, start + step, ...` below `end` along `dim`, with
    `0 <= start <= end <= size` and `step >= 1`: the importer resolves
    PyTorch's negative and out-of-range bounds. aten.select, split,
    unsafe_split and unbind import as slices (and squeezes).

    Example:

    ```mlir
    %y = aten.slice %x dim 1 start 2 end 6 step 2
        : tensor<1x8x4xf32> -> tensor<1x2x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, I64Attr:$dim, I64Attr:$start,
                       I64Attr:$end, I64Attr:$step);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dim` $dim `start` $start `end` $end `step` $step attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_ExpandOp : Aten_Op<"expand", "other"> {
  let summary = "Broadcast to a larger shape (aten.expand)";
  let description = [{
    `size` has at least the input's rank; the input's dimensions align with
    its trailing entries, each equal to the input's size or expanding a
    size-1 dimension, and `-1` keeps the input's size. Leading entries are
    new dimensions (no `-1`). ViT's class token.

    Example:

    ```mlir
    %y = aten.expand %x size [2, -1, 8] : tensor<1x1x8xf32> -> tensor<2x1x8xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, DenseI64ArrayAttr:$size);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `size` $size attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

class Aten_ReshapeLikeOp<string mnemonic> : Aten_Op<mnemonic, "reshape", [],
                                                    "{0}", 1> {
  let arguments = (ins Aten_FloatTensor:$input, DenseI64ArrayAttr:$size);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `size` $size attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_ViewOp : Aten_ReshapeLikeOp<"view"> {
  let summary = "Reshape a contiguous tensor (aten.view)";
  let description = [{
    `size` may hold one `-1`, inferred from the element count.

    Example:

    ```mlir
    %y = aten.view %x size [1, -1] : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
    ```
  }];
}
def Aten_ReshapeOp : Aten_ReshapeLikeOp<"reshape"> {
  let summary = "Reshape (aten.reshape)";
  let description = [{
    As `aten.view`.

    Example:

    ```mlir
    %y = aten.reshape %x size [4, 2] : tensor<8xf32> -> tensor<4x2xf32>
    ```
  }];
}

def Aten_FlattenOp : Aten_Op<"flatten", "reshape", [], "{0}", 1> {
  let summary = "Flatten dimensions start_dim..end_dim (aten.flatten)";
  let description = [{
    Example:

    ```mlir
    %y = aten.flatten %x start_dim 1 end_dim -1
        : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, I64Attr:$start_dim,
                       I64Attr:$end_dim);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `start_dim` $start_dim `end_dim` $end_dim attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_SqueezeOp : Aten_Op<"squeeze", "reshape", [], "{0}", 1> {
  let summary = "Remove size-1 dimensions (aten.squeeze)";
  let description = [{
    Without `dims` every size-1 dimension is removed; with `dims` only
    those listed that have size 1.

    Example:

    ```mlir
    %y = aten.squeeze %x dims [2, 3] : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input,
                       OptionalAttr<DenseI64ArrayAttr>:$dims);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`dims` $dims^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_PadOp : Aten_Op<"pad", "pad"> {
  let summary = "Pad trailing dimensions (aten.pad / constant_pad_nd)";
  let description = [{
    `pad` lists (before, after) pairs starting from the last dimension, as
    torch.nn.functional.pad. `constant` mode fills with `value` and accepts
    negative pads (cropping); `reflect` needs pads smaller than the
    dimension, `replicate` a non-empty dimension.

    Example:

    ```mlir
    %y = aten.pad %x pad [1, 1, 2, 2] mode <constant> value(0.0)
        : tensor<1x3x4x4xf32> -> tensor<1x3x8x6xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input, DenseI64ArrayAttr:$pad,
                       Aten_PadModeAttr:$mode,
                       DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `pad` $pad `mode` $mode `value` `(` $value `)` attr-dict
        `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aten_EmbeddingOp : Aten_Op<"embedding", "embedding", [], "{}", 0, 1> {
  let summary = "Look up rows of a table (aten.embedding)";
  let description = [{
    `weight` is `[num_embeddings, dim]`; the result has the indices' shape
    followed by `dim`. The weight is the quantizable operand (axis 0).

    Example:

    ```mlir
    %y = aten.embedding %w, %idx
        : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$weight, Aten_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "-1">:$padding_idx);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $weight `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Aten_LayerNormOp : Aten_Op<"layer_norm", "layer_norm",
                               [AttrSizedOperandSegments]> {
  let summary = "Layer normalization (aten.layer_norm)";
  let description = [{
    Normalizes over the trailing `normalized_shape` dimensions; `weight` and
    `bias`, when present, have that shape.

    Example:

    ```mlir
    %y = aten.layer_norm %x normalized_shape [8] weight %g bias %b eps(1.0e-05)
        : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Aten_FloatTensor:$input,
                       Optional<Aten_FloatTensor>:$weight,
                       Optional<Aten_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$normalized_shape,
                       F64Attr:$eps);
  let results = (outs Aten_FloatTensor:$result);
  let assemblyFormat = [{
    $input `normalized_shape` $normalized_shape (`weight` $weight^)?
        (`bias` $bias^)? `eps` `(` $eps `)` attr-dict
        `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // QUANT_PT2E_DIALECT_ATEN_IR_ATENOPS_TD
