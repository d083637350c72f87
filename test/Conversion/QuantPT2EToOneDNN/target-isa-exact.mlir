// The oneDNN conversion for the targets where oneDNN's int8 convolutions
// are exact (AVX-512 VNNI, AMX: docs/Target.md): no warning.
// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-onednn=target-isa=avx512vnni 2>&1 | FileCheck %s --check-prefix=LOWERED --implicit-check-not=warning
// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-onednn=target-isa=amx 2>&1 | FileCheck %s --check-prefix=LOWERED --implicit-check-not=warning

// LOWERED-LABEL: func.func @conv
// LOWERED: call @qpt2e_onednn_conv(
func.func @conv(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %w = arith.constant dense<[[[[3]], [[-7]]], [[[100]], [[-127]]]]> : tensor<2x2x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

// LOWERED-LABEL: func.func @pool
// LOWERED: call @qpt2e_onednn_max_pool(
func.func @pool(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x2x2xi8> {
  %0 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x2x4x4xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}
