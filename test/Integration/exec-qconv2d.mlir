// Executable test: the same reference-quantized graph through the reference
// lowering, the oneDNN pipeline and the XNNPACK pipeline; each backend's
// int8 outputs are compared with the reference (at most 1 quantization
// step, histogram printed). The IR checks show what each backend fused.
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
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// The compiler's own kernels (convert-quant-pt2e-to-vector), exact int32
// sums on every ISA: at most 1 step(s), for the host's ISA and for the AVX2
// and generic kernels (both run on any x86-64 host of this project).
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa avx2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa generic --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// --profile: the timed runs' calls of each generated function, per call;
// only for the vector lowering, only with --benchmark.
// RUN: quant-run %s --lowering vector --benchmark 3 --warmup 1 --profile | FileCheck %s --check-prefix=PROFILE
// PROFILE: benchmark: 3 runs
// PROFILE: profile: qpt2e_vec_conv_0 3 calls, median {{[0-9]+\.[0-9]+}} ms
// PROFILE: profile: qpt2e_vec_conv_0_input 3 calls
// RUN: not quant-run %s --lowering xnnpack --benchmark 1 --profile 2>&1 | FileCheck %s --check-prefix=PROFILE-XNN
// PROFILE-XNN: error: --profile times the vector lowering's kernels, but this run lowers with xnnpack: give --lowering vector
// RUN: not quant-run %s --lowering vector --profile 2>&1 | FileCheck %s --check-prefix=PROFILE-NOBENCH
// PROFILE-NOBENCH: error: --profile needs --benchmark N and --lowering vector
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}),convert-quant-pt2e-to-onednn)' | FileCheck %s --check-prefix=ONEDNN
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=xnnpack}),convert-quant-pt2e-to-xnnpack)' | FileCheck %s --check-prefix=XNNPACK

// A per-channel 3x3 conv with bias and relu (qc8 on XNNPACK) and a
// per-tensor depthwise stride-2 conv with hardtanh(0, 6) (qs8 depthwise).
// REF: wrote {{.+}}output_0.npy [1, 6, 6, 6]
// REF: wrote {{.+}}output_1.npy [1, 4, 3, 3]
// CMP: output 0: max |difference| {{[01]}}, histogram {0: {{[0-9]+}}{{(, 1: [0-9]+)?}}} of 216
// CMP: output 1: max |difference| {{[01]}}, histogram {0: {{[0-9]+}}{{(, 1: [0-9]+)?}}} of 36
// ONEDNN-COUNT-2: call @qpt2e_onednn_conv(
// XNNPACK-COUNT-2: call @qpt2e_xnnpack_run(
// XNNPACK: call @qpt2e_xnnpack_conv_init(
// XNNPACK: call @qpt2e_xnnpack_conv_init(
func.func @forward() -> (tensor<1x6x6x6xi8>, tensor<1x4x3x3xi8>) {
  %x = arith.constant dense<[[[[37, -51, 74, -104, -91, -80], [59, -99, -19, -109, -84, 94], [86, -93, -5, -82, 89, -98], [-65, -14, -97, 75, -103, -15], [-105, -60, 20, 86, -55, -68], [29, -36, -76, -32, 62, -79]], [[-96, -98, -23, 126, 90, 32], [110, 104, 57, 25, -1, -36], [-4, -87, 25, 125, 47, 101], [19, -91, -68, 86, -44, 47], [-51, 122, 87, -108, -89, 32], [46, 51, 126, 105, -93, -81]], [[10, 114, -95, -97, 30, 100], [17, 69, 49, -117, 108, 53], [-42, -69, 124, -98, -17, 19], [-62, -2, 75, 72, 126, -87], [-43, 101, 77, 14, -58, 92], [14, 84, 55, 66, -10, -51]], [[-86, -38, -51, -10, -9, -122], [120, -35, 6, 16, -126, -54], [86, 61, 35, -64, -101, 105], [72, 75, 76, 73, -75, 118], [77, -97, -31, -94, -22, 97], [-45, -72, 46, -102, -76, -128]]]]> : tensor<1x4x6x6xi8>
  %w = arith.constant dense<[[[[18, -89, 10], [-102, 115, -34], [30, -121, -109]], [[96, -74, 30], [-31, -89, 35], [-63, 117, -39]], [[27, -34, -6], [-96, -98, 90], [-3, 127, 123]], [[-8, -5, -4], [-48, -106, -91], [-101, 64, -40]]], [[[62, -60, -5], [85, 50, -86], [5, -122, -75]], [[116, 116, 8], [-35, -90, 49], [12, 107, -121]], [[67, 8, -51], [123, 37, 94], [-104, 51, 89]], [[-61, 5, -34], [105, -85, -36], [70, -70, 9]]], [[[11, 72, 1], [-43, 35, -70], [29, 80, 74]], [[125, 67, 91], [-78, 79, -66], [82, -25, 62]], [[78, -69, -76], [5, -1, -36], [60, -120, 126]], [[-120, 75, -56], [-7, -61, -78], [50, 27, 117]]], [[[-39, -13, 79], [112, 58, 125], [-38, 117, 122]], [[-34, -107, -71], [-101, -69, -7], [-77, -41, -75]], [[-4, 32, 125], [103, 29, 88], [-127, -5, 105]], [[40, -39, 77], [37, -106, 86], [42, -97, 105]]], [[[-28, 73, 55], [65, -76, -5], [100, -82, -16]], [[75, 35, -42], [-105, 78, 115], [121, 57, -26]], [[-9, -25, 63], [115, -106, 58], [-87, -84, 127]], [[-95, -120, -89], [24, 104, -8], [79, 40, -90]]], [[[29, 84, 25], [123, -6, 41], [112, -38, -88]], [[13, 13, -94], [-122, -124, 77], [121, 58, 39]], [[-101, 7, 64], [112, -92, -16], [125, 96, -78]], [[84, 96, -73], [-120, -63, -73], [-53, 1, -66]]]]> : tensor<6x4x3x3xi8>
  %dw = arith.constant dense<[[[[68, 23, -44], [-61, 12, -20], [86, -94, -112]]], [[[105, 62, -37], [102, -10, 42], [22, 81, 104]]], [[[5, -20, 84], [107, 97, 1], [-94, 9, -89]]], [[[7, 3, -123], [96, -15, 71], [-81, 28, -126]]]]> : tensor<4x1x3x3xi8>
  %b = arith.constant dense<[0.5, -1.0, 0.25, 2.0, -0.75, 0.0]> : tensor<6xf32>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4x6x6xi8> -> tensor<1x4x6x6xf32>
  %dwq = quant_pt2e.dequantize %w axis(0) scales([0.002, 0.004, 0.003, 0.001, 0.0025, 0.005]) zero_points([0, 0, 0, 0, 0, 0]) range(-127, 127) : tensor<6x4x3x3xi8> -> tensor<6x4x3x3xf32>
  %ddw = quant_pt2e.dequantize %dw scales([0.01]) zero_points([0]) range(-127, 127) : tensor<4x1x3x3xi8> -> tensor<4x1x3x3xf32>
  %c = aten.convolution %dx, %dwq, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %r = aten.relu %c : tensor<1x6x6x6xf32>
  %q1 = quant_pt2e.quantize %r scales([0.08]) zero_points([-20]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  %d = aten.convolution %dx, %ddw stride [2, 2] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 4 : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x3x3xf32>
  %h = aten.hardtanh %d {min_val = 0.0 : f64, max_val = 6.0 : f64} : tensor<1x4x3x3xf32>
  %q2 = quant_pt2e.quantize %h scales([0.03]) zero_points([-128]) range(-128, 127) : tensor<1x4x3x3xf32> -> tensor<1x4x3x3xi8>
  return %q1, %q2 : tensor<1x6x6x6xi8>, tensor<1x4x3x3xi8>
}
