//===- QuantPT2EBase.td - quant_pt2e dialect definition ----*- tablegen -*-===//
//
// The quant_pt2e dialect: PyTorch PT2E quantization (observers, fake-quant,
// quantize/dequantize, quantization specs and backend configs) in MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EBASE_TD
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def QuantPT2E_Dialect : Dialect {
  let name = "quant_pt2e";
  let cppNamespace = "::mlir::quant_pt2e";
  let summary = "PyTorch PT2E quantization: observers, fake-quant, Q/DQ, specs";
  let description = [{
    The `quant_pt2e` dialect models PyTorch's PT2E quantization flow. It holds

    * quantization specs (`#quant_pt2e.spec`, `#quant_pt2e.shared`,
      `#quant_pt2e.derived`, `#quant_pt2e.fixed`) and the per-op annotation
      (`#quant_pt2e.annotation`) a quantizer attaches to the ops it selects,
      under the discardable attribute name `quant_pt2e.annotation`;
    * backend-config data (`#quant_pt2e.dtype`, `#quant_pt2e.dtype_config`,
      `#quant_pt2e.pattern`, `#quant_pt2e.backend_config`), the MLIR form of
      `torch.ao.quantization.backend_config`;
    * the ops of the flow: `observer`, `fake_quantize`, `quantize`,
      `dequantize` and `choose_qparams`.

    Integer tensors use `i8` for torch.int8 / qint8, `ui8` for torch.uint8 /
    quint8 and `i32` for torch.int32 / qint32. Floating-point parameters
    (scales, eps, averaging constants) are float32, as in PyTorch's observers.

    Example:

    ```mlir
    %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3]) range(-128, 127)
        : tensor<4xf32> -> tensor<4xi8>
    ```
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes (defined in QuantPT2EAttrs.cpp).
    void registerAttributes();

    /// Name of the discardable attribute that carries a
    /// `#quant_pt2e.annotation` on an annotated op.
    static constexpr ::llvm::StringLiteral getAnnotationAttrName() {
      return ::llvm::StringLiteral("quant_pt2e.annotation");
    }

    /// Name of the module attribute holding the target backend config.
    static constexpr ::llvm::StringLiteral getBackendAttrName() {
      return ::llvm::StringLiteral("quant_pt2e.backend");
    }
  }];
}

/// A float32 attribute parameter (held as an APFloat so that it hashes),
/// printed so that it round-trips exactly.
class F32Parameter<string desc, string default>
    : AttrOrTypeParameter<"::llvm::APFloat", desc> {
  let parser = "::mlir::quant_pt2e::attr_param::parseF32Param($_parser)";
  let printer =
      "::mlir::quant_pt2e::attr_param::printF32Param($_printer, $_self)";
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let defaultValue = "::llvm::APFloat(" # default # ")";
}

/// An optional float32 attribute parameter.
class OptionalF32Parameter<string desc>
    : AttrOrTypeParameter<"std::optional<::llvm::APFloat>", desc> {
  let parser =
      "::mlir::quant_pt2e::attr_param::parseOptionalF32Param($_parser)";
  let printer =
      "::mlir::quant_pt2e::attr_param::printF32Param($_printer, *$_self)";
  let comparator = "$_lhs.has_value() == $_rhs.has_value() && "
                   # "(!$_lhs || $_lhs->bitwiseIsEqual(*$_rhs))";
  let defaultValue = "std::optional<::llvm::APFloat>()";
}

/// A boolean attribute parameter printed as `true` / `false`.
class BoolParameter<string desc, string default>
    : AttrOrTypeParameter<"bool", desc> {
  let parser = "::mlir::quant_pt2e::attr_param::parseBoolParam($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
  let defaultValue = default;
}

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2EBASE_TD
