// Executable test of linear with a float post-op (the oneDNN config's
// linear-tanh and linear-leaky_relu): the same reference-quantized graph
// through the reference lowering, the oneDNN pipeline (eltwise post-ops in
// the real domain, then times 1 / s_y) and the XNNPACK pipeline (no such
// fusion: the chains fall back to the reference and still run).
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// oneDNN is exact with AVX-512 VNNI or AMX only (docs/Target.md): the
// 1-step bound is asserted where it holds, on the host's kernels and on
// the VNNI kernels without AMX.
// RUN: %if onednn-exact %{ quant-run %s --lowering onednn --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: %if onednn-exact %{ env ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI quant-run %s --lowering onednn --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// Without VNNI (any host restricted to AVX2: the path of an AVX2-only CPU)
// no bound holds for oneDNN's convolutions (saturating vpmaddubsw, halved
// s8 weights): the compile warns, and auto takes an exact backend.
// RUN: env ONEDNN_MAX_CPU_ISA=AVX2 quant-run %s --lowering onednn --output-dir %t/avx2 2>&1 | FileCheck %s --check-prefix=AVX2-ONEDNN
// RUN: env ONEDNN_MAX_CPU_ISA=AVX2 quant-run %s --lowering auto --compare %t/ref --tolerance 1 | FileCheck %s --check-prefixes=CMP,AUTO-AVX2
// AVX2-ONEDNN-DAG: target: avx2 ({{.*}}restricted by ONEDNN_MAX_CPU_ISA=AVX2), lowering: onednn
// AVX2-ONEDNN-DAG: warning: oneDNN 2.6 on avx2 (no AVX-512 VNNI) is not exact
// AUTO-AVX2: lowering: vector (auto)
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// The compiler's own kernels (convert-quant-pt2e-to-vector) fuse the
// post-ops into their epilogue (on the real result, then 1 / s_y, as
// oneDNN's eltwise post-op): exact int32 sums on every ISA, at most 1 step
// (float rounding near .5), for the host's ISA, AVX-512 VNNI where the host
// has it, and the AVX2 and generic kernels (any x86-64 host).
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: %if host-avx512vnni %{ quant-run %s --lowering vector --target-isa avx512vnni --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: quant-run %s --lowering vector --target-isa avx2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa generic --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}),convert-quant-pt2e-to-vector{target-isa=avx2})' | FileCheck %s --check-prefix=VECTOR
// VECTOR-NOT: aten.
// VECTOR-COUNT-3: call @qpt2e_vec_conv_{{[0-9]}}(
// VECTOR: math.tanh %{{.+}} : vector<8xf32>
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}))' | FileCheck %s --check-prefix=FUSED
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}),convert-quant-pt2e-to-onednn)' | FileCheck %s --check-prefix=ONEDNN
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=xnnpack}),convert-quant-pt2e-to-xnnpack)' | FileCheck %s --check-prefix=XNNPACK

// REF: wrote {{.+}}output_0.npy [3, 5]
// CMP: output 0: max |difference| {{[01]}}
// CMP: output 1: max |difference| {{[01]}}
// CMP: output 2: max |difference| {{[01]}}
// FUSED-NOT: aten.
// FUSED: quant_pt2e.qlinear {{.+}} post_op(<tanh>, 0.000000e+00) output(7.812500e-03, 0)
// FUSED: quant_pt2e.qlinear {{.+}} post_op(<leaky_relu>, 1.000000e-01) output(2.000000e-02, -20)
// FUSED: quant_pt2e.qlinear {{.+}} post_op(<tanh>, 0.000000e+00) output(7.812500e-03, 128) range(0, 255)
// ONEDNN-COUNT-3: call @qpt2e_onednn_conv(
// ONEDNN-NOT: aten.
// XNNPACK-NOT: call @qpt2e_xnnpack_run
// XNNPACK: aten.tanh
// XNNPACK: aten.leaky_relu
// XNNPACK: aten.tanh
func.func @forward() -> (tensor<3x5xi8>, tensor<3x5xi8>, tensor<3x5xui8>) {
  %x = arith.constant dense<[[-94, -96, 76, -1, 23, 25, 54, -121, -4, -91, -26, 109, 12, -110, 10, -95], [65, 114, 122, 31, 94, -34, -91, 2, -15, 41, 126, -58, 91, -93, -39, 73], [-65, 43, -11, 3, 112, 81, 86, 12, 123, 123, -94, -76, -50, 13, 82, -5]]> : tensor<3x16xi8>
  %w = arith.constant dense<[[123, -37, 109, 23, 56, -67, 23, 77, 99, 94, 119, -95, 71, -8, 47, -57], [-124, -106, 121, 101, -50, -18, -66, -90, 91, 44, -108, -76, 16, 102, 126, -72], [28, -119, -83, -76, -15, -39, 58, -8, -41, 104, 32, 50, 63, -41, 100, -123], [-49, -87, -126, 127, -105, -10, 82, 49, 91, -114, -1, -119, -79, 88, -109, 22], [-122, -49, 110, -47, -49, -105, 70, -83, 0, -121, -122, 86, -126, -9, -19, -95]]> : tensor<5x16xi8>
  %b = arith.constant dense<[0.1 , -0.26, 0.18, -0.03, 0.15]> : tensor<5xf32>
  %dx = quant_pt2e.dequantize %x scales([0.02]) zero_points([4]) range(-128, 127) : tensor<3x16xi8> -> tensor<3x16xf32>
  %dwc = quant_pt2e.dequantize %w axis(0) scales([0.003, 0.002, 0.004, 0.001, 0.005]) zero_points([0, 0, 0, 0, 0]) range(-127, 127) : tensor<5x16xi8> -> tensor<5x16xf32>
  %dwt = quant_pt2e.dequantize %w scales([0.003]) zero_points([0]) range(-127, 127) : tensor<5x16xi8> -> tensor<5x16xf32>
  // linear -> tanh -> q (per channel, bias)
  %l1 = aten.linear %dx, %dwc, %b : (tensor<3x16xf32>, tensor<5x16xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %t1 = aten.tanh %l1 : tensor<3x5xf32>
  %y1 = quant_pt2e.quantize %t1 scales([0.0078125]) zero_points([0]) range(-128, 127) : tensor<3x5xf32> -> tensor<3x5xi8>
  // linear -> leaky_relu(0.1) -> q (per tensor, no bias)
  %l2 = aten.linear %dx, %dwt : (tensor<3x16xf32>, tensor<5x16xf32>) -> tensor<3x5xf32>
  %t2 = aten.leaky_relu %l2 {negative_slope = 0.1 : f64} : tensor<3x5xf32>
  %y2 = quant_pt2e.quantize %t2 scales([0.02]) zero_points([-20]) range(-128, 127) : tensor<3x5xf32> -> tensor<3x5xi8>
  // linear -> tanh -> q into ui8
  %l3 = aten.linear %dx, %dwc, %b : (tensor<3x16xf32>, tensor<5x16xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %t3 = aten.tanh %l3 : tensor<3x5xf32>
  %y3 = quant_pt2e.quantize %t3 scales([0.0078125]) zero_points([128]) range(0, 255) : tensor<3x5xf32> -> tensor<3x5xui8>
  return %y1, %y2, %y3 : tensor<3x5xi8>, tensor<3x5xi8>, tensor<3x5xui8>
}
