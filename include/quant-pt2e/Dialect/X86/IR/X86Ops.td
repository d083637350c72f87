//===- X86Ops.td - qpt2e_x86 dialect ----------------------*- tablegen -*-===//
//
// The x86 instructions the compiler's own int8 kernels need and upstream
// MLIR's x86vector dialect does not have, as ops with value semantics that
// convert-to-llvm lowers to LLVM's x86 intrinsics.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_X86_IR_X86OPS_TD
#define QUANT_PT2E_DIALECT_X86_IR_X86OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def QPT2EX86_Dialect : Dialect {
  let name = "qpt2e_x86";
  let cppNamespace = "::mlir::qpt2e_x86";
  let summary = "x86 int8 dot-product instructions for the generated kernels";
  let description = [{
    Ops for the x86 instructions that `convert-quant-pt2e-to-vector`
    emits in its micro-kernels and that upstream MLIR's `x86vector`
    dialect lacks (it has the AVX-VNNI-INT8 `vpdpbssd`, not the AVX-512
    VNNI / AVX-VNNI `vpdpbusd`). They are pure value ops on vectors, so
    bufferization and buffer deallocation see no memory effect, and
    `convert-to-llvm` lowers them to LLVM's intrinsics (the dialect
    implements the ConvertToLLVMPatternInterface).

    Example:

    ```mlir
    %acc2 = qpt2e_x86.vpdpbusd %acc, %a, %b : vector<64xi8> -> vector<16xi32>
    ```
  }];
}

def QPT2EX86_VpdpbusdOp : Op<QPT2EX86_Dialect, "vpdpbusd",
    [Pure, AllTypesMatch<["acc", "res"]>, AllTypesMatch<["a", "b"]>,
     TypesMatchWith<"`a` has four bytes per lane of `acc`", "acc", "a",
                    "::mlir::VectorType::get({::llvm::cast<::mlir::VectorType>"
                    "($_self).getShape()[0] * 4}, "
                    "::mlir::IntegerType::get($_self.getContext(), 8))">]> {
  let summary = "u8 x s8 dot products of 4-byte groups, accumulated in int32";
  let description = [{
    For each 32-bit lane `i`: `res[i] = acc[i] + sum_j zext(a.u8[4i+j]) *
    sext(b.i8[4i+j])` over the lane's four bytes, in exact int32 arithmetic
    (no saturation: this is `vpdpbusd`, not `vpdpbusds`). `a` (the
    unsigned activations) and `b` (the signed weights) hold four bytes per
    lane of `acc`. 16 lanes (zmm) need AVX-512 VNNI; 8 lanes (ymm)
    AVX-512 VNNI with AVX-512 VL, or AVX-VNNI (the same LLVM intrinsic, VEX
    encoded when the target has avxvnni).

    Example:

    ```mlir
    %r = qpt2e_x86.vpdpbusd %acc, %a, %b : vector<64xi8> -> vector<16xi32>
    ```
  }];
  let arguments = (ins VectorOfLengthAndType<[8, 16], [I32]>:$acc,
                       VectorOfLengthAndType<[32, 64], [I8]>:$a,
                       VectorOfLengthAndType<[32, 64], [I8]>:$b);
  let results = (outs VectorOfLengthAndType<[8, 16], [I32]>:$res);
  let assemblyFormat =
      "$acc `,` $a `,` $b attr-dict `:` type($a) `->` type($res)";
  let extraClassDeclaration = [{
    /// llvm.x86.avx512.vpdpbusd.512 or .256.
    std::string getIntrinsicName();
  }];
}

#endif // QUANT_PT2E_DIALECT_X86_IR_X86OPS_TD
