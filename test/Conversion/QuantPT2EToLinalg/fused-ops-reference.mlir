// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-linalg -verify-diagnostics
// RUN: not quant-opt %s -split-input-file -convert-quant-pt2e-to-linalg 2>/dev/null | FileCheck %s

// The fused quantized ops are the backend lowerings' input. In a module
// given to the reference lowering, an add runs as its exact reference
// chain (dequantize both operands, add, clamp to the act range, quantize):
// linalg generics, no quant_pt2e op left.
// CHECK-LABEL: func.func @qadd
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: math.roundeven
// CHECK-NOT: quant_pt2e.
func.func @qadd(%x: tensor<1x4xi8>) -> tensor<1x4xi8> {
  %0 = quant_pt2e.qadd %x, %x lhs(0.1, 0) rhs(0.1, 0) output(0.25, -2) range(-128, 127) act_range(-128, 127) : tensor<1x4xi8>, tensor<1x4xi8> -> tensor<1x4xi8>
  return %0 : tensor<1x4xi8>
}

// -----

// A linear (or conv, or max pool) has no reference chain here: an error
// naming it, and no module printed.
// CHECK-NOT: func.func @qlinear
func.func @qlinear(%x: tensor<3x4xi8>) -> tensor<3x2xi8> {
  %w = arith.constant dense<[[1, 2, 3, 4], [-1, -2, -3, -4]]> : tensor<2x4xi8>
  // expected-error @+1 {{'quant_pt2e.qlinear' op is a fused quantized op without a reference chain here: the backend lowerings take it (onednn, xnnpack, vector); the reference lowering runs dequantize -> op -> quantize chains}}
  %0 = quant_pt2e.qlinear %x, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(-128, 127) : (tensor<3x4xi8>, tensor<2x4xi8>) -> tensor<3x2xi8>
  return %0 : tensor<3x2xi8>
}
