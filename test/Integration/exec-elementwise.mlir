// Executable test: the same reference-quantized graph through the reference
// lowering, the oneDNN pipeline and the XNNPACK pipeline; each backend's
// int8 outputs are compared with the reference (at most 1 quantization
// step, histogram printed). The IR checks show what each backend fused.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// No convolution here: oneDNN's pooling is integer max and the element-wise
// ops run their reference chains, exact on every ISA (docs/Target.md), so
// the bound holds on the host's kernels and restricted to AVX2 alike.
// RUN: quant-run %s --lowering onednn --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: env ONEDNN_MAX_CPU_ISA=AVX2 quant-run %s --lowering onednn --compare %t/ref --tolerance 1 2>&1 | FileCheck %s --check-prefixes=CMP,AVX2-NOWARN
// AVX2-NOWARN-NOT: warning
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// The compiler's own kernels (convert-quant-pt2e-to-vector), exact int32
// sums on every ISA: at most 1 step(s), for the host's ISA and for the AVX2
// and generic kernels (both run on any x86-64 host of this project).
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa avx2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa generic --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}),convert-quant-pt2e-to-onednn)' | FileCheck %s --check-prefix=ONEDNN
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=xnnpack}),convert-quant-pt2e-to-xnnpack)' | FileCheck %s --check-prefix=XNNPACK

// Element-wise: add -> relu (act_range) and mul, each operand with its own
// qparams (XNNPACK's add_nd_qs8 / multiply_nd_qs8; oneDNN runs them as
// their reference chains on the same layout).
// CMP: output 0: max |difference| {{[01]}}
// CMP: output 1: max |difference| {{[01]}}
// REF: wrote {{.+}}output_0.npy
// ONEDNN-NOT: aten.
// ONEDNN: arith.addf
// ONEDNN: arith.mulf
// XNNPACK-COUNT-2: call @qpt2e_xnnpack_run2(
// XNNPACK: call @qpt2e_xnnpack_binary_init(
// XNNPACK: call @qpt2e_xnnpack_binary_init(
func.func @forward() -> (tensor<1x3x5x5xi8>, tensor<1x3x5x5xi8>) {
  %a = arith.constant dense<[[[[-35, 89, -91, 9, -120], [-83, 5, -86, -15, -94], [7, -66, 104, -123, 45], [85, 9, -62, -106, -6], [-72, -46, 6, -103, -36]], [[-25, 31, 28, -23, 20], [100, -37, 10, 49, -119], [0, -110, -121, -119, -31], [115, -3, 100, -74, 93], [125, 73, 29, -18, -11]], [[47, -27, -57, 79, 49], [-101, -62, -121, -92, 2], [92, -45, -100, -85, 67], [16, -4, 22, -105, 107], [-34, -48, 9, 100, -127]]]]> : tensor<1x3x5x5xi8>
  %b = arith.constant dense<[[[[6, 58, 40, 37, -3], [-111, 30, -17, 54, -35], [-128, 43, 67, -86, 115], [14, -26, -1, -126, -82], [7, -83, -55, 76, -107]], [[73, -117, 25, 27, -9], [-85, -49, 71, 38, 125], [-52, 17, -54, -106, 91], [-57, -120, -11, -85, -113], [-107, -60, 56, -75, 64]], [[103, -103, -119, -3, 122], [7, -127, 105, -93, -81], [-95, 114, 1, -90, 7], [-8, -23, -10, 107, 124], [67, -89, 117, 19, -105]]]]> : tensor<1x3x5x5xi8>
  %da = quant_pt2e.dequantize %a scales([0.04]) zero_points([2]) range(-128, 127) : tensor<1x3x5x5xi8> -> tensor<1x3x5x5xf32>
  %db = quant_pt2e.dequantize %b scales([0.06]) zero_points([-7]) range(-128, 127) : tensor<1x3x5x5xi8> -> tensor<1x3x5x5xf32>
  %s = aten.add %da, %db : tensor<1x3x5x5xf32>, tensor<1x3x5x5xf32> -> tensor<1x3x5x5xf32>
  %r = aten.relu %s : tensor<1x3x5x5xf32>
  %q1 = quant_pt2e.quantize %r scales([0.07]) zero_points([-100]) range(-128, 127) : tensor<1x3x5x5xf32> -> tensor<1x3x5x5xi8>
  %m = aten.mul %da, %db : tensor<1x3x5x5xf32>, tensor<1x3x5x5xf32> -> tensor<1x3x5x5xf32>
  %q2 = quant_pt2e.quantize %m scales([0.09]) zero_points([5]) range(-128, 127) : tensor<1x3x5x5xf32> -> tensor<1x3x5x5xi8>
  return %q1, %q2 : tensor<1x3x5x5xi8>, tensor<1x3x5x5xi8>
}
