//===- AtenBase.td - aten input dialect definition ---------*- tablegen -*-===//

#ifndef QUANT_PT2E_DIALECT_ATEN_IR_ATENBASE_TD
#define QUANT_PT2E_DIALECT_ATEN_IR_ATENBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Aten_Dialect : Dialect {
  let name = "aten";
  let cppNamespace = "::mlir::aten";
  let summary = "The ATen core ops that PT2E quantization works on";
  let description = [{
    A small input dialect for the ATen-level graphs `make_fx` produces:
    convolution, batch norm, linear/addmm/mm/t, element-wise arithmetic,
    activations, pooling, cat, layout ops, pad, clamp, embedding and
    layer norm. Tensors keep PyTorch layouts (NCHW activations, OIHW conv
    weights, IOHW transposed-conv weights, `[out, in]` linear weights) and
    literal arguments (stride, padding, ...) are attributes. Every op is pure,
    verifies its operand and result shapes, and implements
    `QuantizableOpInterface`, through which the quantization passes see it.

    Importers record the PyTorch module path of each op in the discardable
    attributes `aten.module_path` (qualified name) and `aten.module_type`.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Attribute holding the qualified name of the nn.Module an op came from.
    static constexpr ::llvm::StringLiteral getModulePathAttrName() {
      return ::llvm::StringLiteral("aten.module_path");
    }
    /// Attribute holding the type name of that nn.Module.
    static constexpr ::llvm::StringLiteral getModuleTypeAttrName() {
      return ::llvm::StringLiteral("aten.module_type");
    }
  }];
}

def Aten_PadMode : I32EnumAttr<"PadMode", "padding mode", [
      I32EnumAttrCase<"constant", 0>,
      I32EnumAttrCase<"reflect", 1>,
      I32EnumAttrCase<"replicate", 2>
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::aten";
}
def Aten_PadModeAttr : EnumAttr<Aten_Dialect, Aten_PadMode, "pad_mode"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "Padding mode of aten.pad";
  let description = [{
    `constant`, `reflect` or `replicate`, as torch.nn.functional.pad.

    Example: `#aten.pad_mode<reflect>`
  }];
}

#endif // QUANT_PT2E_DIALECT_ATEN_IR_ATENBASE_TD
