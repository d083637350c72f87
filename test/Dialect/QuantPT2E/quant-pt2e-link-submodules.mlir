// RUN: quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-head.mlir" --quant-pt2e-annotate | FileCheck %s
// RUN: quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-head.mlir" | FileCheck %s --check-prefix=OTHER
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=tail=%S/Inputs/linked-head.mlir" 2>&1 | FileCheck %s --check-prefix=NODECL
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/missing.mlir" 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-unconverted.mlir" 2>&1 | FileCheck %s --check-prefix=UNCONVERTED
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-global.mlir" 2>&1 | FileCheck %s --check-prefix=GLOBAL
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-no-forward.mlir" 2>&1 | FileCheck %s --check-prefix=NOFORWARD
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=head" 2>&1 | FileCheck %s --check-prefix=ENTRY
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-declaration.mlir" 2>&1 | FileCheck %s --check-prefix=DECL
// RUN: quant-opt %s --quant-pt2e-link-submodules="submodule=head=%S/Inputs/linked-nested.mlir" | FileCheck %s --check-prefix=NESTED
// RUN: not quant-opt %s --quant-pt2e-link-submodules="submodule=other=%S/Inputs/linked-head.mlir" 2>&1 | FileCheck %s --check-prefix=TYPE

// The importer's form of a model with a separately quantized submodule
// `head`: a call of a private declaration marked with its name. Linking
// defines it with the converted module's @forward (its helper renamed with
// the same prefix, both marked); the quantizer then annotates the model's
// own conv but nothing inside the submodule.
// CHECK-LABEL: func.func @forward
// CHECK: aten.convolution {{.+}}quant_pt2e.annotation
// CHECK: call @qpt2e_submodule_head(%{{.+}}) : (tensor<2x4xf32>) -> tensor<2x3xf32>
// CHECK: call @qpt2e_submodule_other
// CHECK-LABEL: func.func private @qpt2e_submodule_head(%{{.+}}: tensor<2x4xf32>) -> tensor<2x3xf32> attributes {quant_pt2e.submodule = "head"}
// CHECK-NOT: quant_pt2e.annotation
// CHECK: quant_pt2e.dequantize %{{.+}} axis(0) scales([0.00999999977, 2.000000e-02, 3.000000e-02])
// CHECK: call @qpt2e_submodule_head_helper(
// CHECK-LABEL: func.func private @qpt2e_submodule_head_helper
// CHECK-SAME: attributes {quant_pt2e.submodule = "head"}
// CHECK-NOT: quant_pt2e.annotation
// CHECK-NOT: func.func private @qpt2e_submodule_head(
// No match: a declaration of a submodule that is not linked stays as it is.
// OTHER: func.func private @qpt2e_submodule_other(tensor<2x3xf32>) -> tensor<2x3xf32> attributes {quant_pt2e.submodule = "other"}{{$}}

// NODECL: error: the model has no call of submodule 'tail' to link
// NOFILE: error: cannot parse the module of submodule 'head'
// UNCONVERTED: error: submodule 'head' ({{.+}}linked-unconverted.mlir) is not converted: it still has observers or fake quantizes
// GLOBAL: error: submodule 'head' ({{.+}}linked-global.mlir) holds a 'memref.global': only functions can be linked
// NOFORWARD: error: submodule 'head' ({{.+}}linked-no-forward.mlir) has no function @forward
// ENTRY: error: submodule entry 'head' is not name=path
// DECL: error: submodule 'head' ({{.+}}linked-declaration.mlir) declares @external without a body: only self-contained converted modules can be linked
// A converted module that itself holds a linked submodule: the inner one
// keeps its own mark.
// NESTED: func.func private @qpt2e_submodule_head(%{{.+}}) -> tensor<2x3xf32> attributes {quant_pt2e.submodule = "head"}
// NESTED: call @qpt2e_submodule_head_qpt2e_submodule_inner(
// NESTED: func.func private @qpt2e_submodule_head_qpt2e_submodule_inner({{.+}} attributes {quant_pt2e.submodule = "inner"}
// TYPE: error: submodule 'other' ({{.+}}linked-head.mlir) computes '(tensor<2x4xf32>) -> tensor<2x3xf32>' but the model calls it as '(tensor<2x3xf32>) -> tensor<2x3xf32>'
func.func @forward(%x: tensor<1x2x4x4xf32>, %v: tensor<2x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<2x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %h = func.call @qpt2e_submodule_head(%v) : (tensor<2x4xf32>) -> tensor<2x3xf32>
  %o = func.call @qpt2e_submodule_other(%h) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %c, %o : tensor<1x2x4x4xf32>, tensor<2x3xf32>
}
func.func private @qpt2e_submodule_head(tensor<2x4xf32>) -> tensor<2x3xf32> attributes {quant_pt2e.submodule = "head"}
func.func private @qpt2e_submodule_other(tensor<2x3xf32>) -> tensor<2x3xf32> attributes {quant_pt2e.submodule = "other"}
