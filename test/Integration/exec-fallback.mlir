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
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}),convert-quant-pt2e-to-onednn)' | FileCheck %s --check-prefix=ONEDNN
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=xnnpack}),convert-quant-pt2e-to-xnnpack)' | FileCheck %s --check-prefix=XNNPACK

// Partial fallback: a concat that requantizes one input and a windowed
// average pool (XNNPACK has no qs8 windowed average: reference path), and
// a conv on ui8 activations (quantized from a float input) (oneDNN takes u8; XNNPACK's operators here
// are qs8, so the conv stays in dq -> float -> q form). Everything runs.
// A concat whose inputs share the output's qparams stays an int8 concat
// (tensor.concat: dq -> q with one scale and zero point is the identity),
// and is exact.
// CMP: output 0: max |difference| {{[01]}}
// CMP: output 1: max |difference| {{[01]}}
// CMP: output 2: max |difference| {{[01]}}
// CMP: output 3: max |difference| 0,
// REF: wrote {{.+}}output_0.npy
// ONEDNN: tensor.insert_slice
// ONEDNN: linalg.pooling_nchw_sum
// ONEDNN: call @qpt2e_onednn_conv(
// ONEDNN: tensor.concat
// XNNPACK-NOT: call @qpt2e_xnnpack
// XNNPACK: tensor.insert_slice
// XNNPACK: aten.avg_pool2d
// XNNPACK: aten.convolution
// XNNPACK: tensor.concat
// XNNPACK-NOT: call @qpt2e_xnnpack
func.func @forward() -> (tensor<1x5x4x4xi8>, tensor<1x3x3x3xi8>, tensor<1x3x4x4xui8>, tensor<1x5x4x4xi8>) {
  %c1 = arith.constant dense<[[[[-97, 127, 14, 56], [-64, -18, -81, 10], [-1, 68, 76, 100], [93, 31, -117, -63]], [[-112, 89, 114, 122], [-128, -91, 72, 111], [101, -1, -73, -14], [-49, -51, -73, 106]]]]> : tensor<1x2x4x4xi8>
  %c2 = arith.constant dense<[[[[-85, -108, -128, -64], [-9, -109, 27, -63], [0, 95, -71, -78], [-92, 25, -30, 70]], [[5, -14, -128, -123], [26, 107, 14, 33], [-4, 115, -8, -2], [-114, 82, 29, -100]], [[-117, -29, 127, 87], [-87, 3, -12, 89], [61, -12, 124, -111], [45, 87, 57, 74]]]]> : tensor<1x3x4x4xi8>
  %uf = arith.constant dense<[[[[0.3640, 0.6248, -0.5883, 0.4134], [0.5443, -2.0990, 0.6970, 2.4666], [1.8990, 1.1410, -0.5578, 1.1752], [0.4048, -0.2974, 1.6919, -2.0811]], [[1.2511, -2.3511, 0.5064, -0.0952], [-1.3489, 0.9917, -0.0137, 0.5725], [2.1023, -1.2208, -2.4435, -0.9948], [0.8907, -1.4871, -1.6520, 2.0286]]]]> : tensor<1x2x4x4xf32>
  %u = quant_pt2e.quantize %uf scales([0.02]) zero_points([128]) range(0, 255) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xui8>
  %uw = arith.constant dense<[[[[-12]], [[102]]], [[[55]], [[99]]], [[[-47]], [[60]]]]> : tensor<3x2x1x1xi8>
  %d1 = quant_pt2e.dequantize %c1 scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %d2 = quant_pt2e.dequantize %c2 scales([0.05]) zero_points([4]) range(-128, 127) : tensor<1x3x4x4xi8> -> tensor<1x3x4x4xf32>
  %cat = aten.cat %d1, %d2 dim 1 : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  %q1 = quant_pt2e.quantize %cat scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x5x4x4xf32> -> tensor<1x5x4x4xi8>
  %ap = aten.avg_pool2d %d2 kernel [2, 2] stride [2, 2] padding [1, 1] count_include_pad : tensor<1x3x4x4xf32> -> tensor<1x3x3x3xf32>
  %q2 = quant_pt2e.quantize %ap scales([0.04]) zero_points([-3]) range(-128, 127) : tensor<1x3x3x3xf32> -> tensor<1x3x3x3xi8>
  %du = quant_pt2e.dequantize %u scales([0.02]) zero_points([128]) range(0, 255) : tensor<1x2x4x4xui8> -> tensor<1x2x4x4xf32>
  %duw = quant_pt2e.dequantize %uw scales([0.01]) zero_points([0]) range(-127, 127) : tensor<3x2x1x1xi8> -> tensor<3x2x1x1xf32>
  %uc = aten.convolution %du, %duw stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %q3 = quant_pt2e.quantize %uc scales([0.03]) zero_points([120]) range(0, 255) : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xui8>
  %e1 = quant_pt2e.dequantize %c1 scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %e2 = quant_pt2e.dequantize %c2 scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x3x4x4xi8> -> tensor<1x3x4x4xf32>
  %cat2 = aten.cat %e1, %e2 dim 1 : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  %q4 = quant_pt2e.quantize %cat2 scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x5x4x4xf32> -> tensor<1x5x4x4xi8>
  return %q1, %q2, %q3, %q4 : tensor<1x5x4x4xi8>, tensor<1x3x3x3xi8>, tensor<1x3x4x4xui8>, tensor<1x5x4x4xi8>
}
