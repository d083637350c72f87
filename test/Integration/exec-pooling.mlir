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

// Pooling: 3x3/2 max pooling in ceil mode with the same qparams on both
// sides (integer max pooling) and a global average (aten.mean over H, W),
// requantized (XNNPACK's global_average_pooling_nwc_qs8; oneDNN runs the
// average as its reference chain).
// CMP: output 0: max |difference| 0,
// CMP: output 1: max |difference| {{[01]}}
// REF: wrote {{.+}}output_0.npy
// ONEDNN: call @qpt2e_onednn_max_pool(
// ONEDNN: linalg.pooling_nchw_sum
// XNNPACK-COUNT-2: call @qpt2e_xnnpack_run(
// XNNPACK: call @qpt2e_xnnpack_max_pool_init(
// XNNPACK: call @qpt2e_xnnpack_global_avg_pool_init(
func.func @forward() -> (tensor<1x3x5x5xi8>, tensor<1x3x1x1xi8>) {
  %p = arith.constant dense<[[[[103, 110, 103, -31, -34, 115, -33, -80], [100, 27, -56, -82, -107, 74, 103, -48], [-121, -96, -98, -110, -31, -5, -113, 109], [39, 97, -28, -9, 22, 127, -126, -85], [106, 14, 80, -86, 2, 33, -11, 19], [-113, -93, -73, 77, -73, 20, 69, -94], [-120, -128, -19, -21, -102, 112, 64, 75], [86, -91, -27, 10, 44, -84, 31, 42]], [[-121, 81, -68, -60, -2, -77, -123, -98], [110, 121, -38, -32, 101, -31, -61, 86], [68, -69, 74, 87, -20, -128, 10, 27], [-118, -21, -33, 73, -77, -107, -54, -19], [98, 4, -124, 40, 23, 69, -91, -90], [-82, -22, -4, -121, 60, 62, 104, -63], [119, -59, 69, -35, -50, 31, -12, -1], [-31, -47, -28, 70, 119, -88, 87, -104]], [[-75, -73, -109, 2, -6, 72, 3, 87], [123, 22, -39, -93, -64, -12, 117, -91], [15, -20, -24, -120, -93, 9, 82, 100], [-1, -98, -105, -38, 16, 60, -61, -81], [57, -58, 102, 41, -57, -111, -119, 115], [55, 31, -111, -118, -90, 118, -94, 31], [35, -59, -91, -90, 103, 60, -106, -62], [46, 52, -85, 114, -89, 85, -113, 127]]]]> : tensor<1x3x8x8xi8>
  %dp = quant_pt2e.dequantize %p scales([0.05]) zero_points([-10]) range(-128, 127) : tensor<1x3x8x8xi8> -> tensor<1x3x8x8xf32>
  %m = aten.max_pool2d %dp kernel [3, 3] stride [2, 2] padding [1, 1] dilation [1, 1] ceil_mode : tensor<1x3x8x8xf32> -> tensor<1x3x5x5xf32>
  %q1 = quant_pt2e.quantize %m scales([0.05]) zero_points([-10]) range(-128, 127) : tensor<1x3x5x5xf32> -> tensor<1x3x5x5xi8>
  %g = aten.mean %dp dims [2, 3] keepdim : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  %q2 = quant_pt2e.quantize %g scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x3x1x1xf32> -> tensor<1x3x1x1xi8>
  return %q1, %q2 : tensor<1x3x5x5xi8>, tensor<1x3x1x1xi8>
}
