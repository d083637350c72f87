// RUN: quant-opt %s -split-input-file -quant-pt2e-check-backend=backend=onednn -verify-diagnostics

// An op the backend has no pattern for (embedding is weight-only in the
// seeds and not part of these tables).
func.func @embedding(%w: tensor<10x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'aten.embedding' is annotated for quantization but backend 'onednn' has no pattern rooted at its kind 'embedding'}}
  %0 = aten.embedding %w, %i {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<uint8, [0, 255], per_tensor_affine>, #quant_pt2e.none], annotated = true>} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Patterns name op kinds: an annotated op that does not implement
// QuantizableOpInterface has none to look up.
func.func @no_interface(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'arith.addf' is annotated for quantization but does not implement QuantizableOpInterface}}
  %0 = arith.addf %a, %a {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<uint8, [0, 255], per_tensor_affine>, #quant_pt2e.none], annotated = true>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
