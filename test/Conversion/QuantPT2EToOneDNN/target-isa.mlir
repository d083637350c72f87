// The oneDNN conversion's target ISA (docs/Target.md): oneDNN's int8
// convolutions are exact with AVX-512 VNNI or AMX; for any other target the
// conversion warns with the cause, and still lowers (the lowering stays
// selectable). Pooling alone is exact everywhere: no warning. The exact
// targets are in target-isa-exact.mlir.
// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-onednn=target-isa=avx2 -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-onednn=target-isa=avx512 -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// RUN: not quant-opt %s -split-input-file -convert-quant-pt2e-to-onednn=target-isa=pentium 2>&1 | FileCheck %s --check-prefix=BAD

// LOWERED-LABEL: func.func @conv
// LOWERED: call @qpt2e_onednn_conv(
// BAD: error: unknown target-isa 'pentium' (expected host, generic, avx2, avxvnni, avx512, avx512vnni or amx)
func.func @conv(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %w = arith.constant dense<[[[[3]], [[-7]]], [[[100]], [[-127]]]]> : tensor<2x2x1x1xi8>
  // expected-warning @+1 {{(no AVX-512 VNNI) is not exact: its int8 kernels multiply u8 by s8 with vpmaddubsw, whose int16 pair sums saturate, and halve s8 weights (scale_adjust 0.5) for s8 sources}}
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
