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

// Linear layers: per tensor with bias (XNNPACK's qs8 fully connected) and
// per channel with relu (oneDNN fuses it; XNNPACK has no per-channel fully
// connected, so it falls back to the reference chain and still runs), and
// per tensor on [1, 3, 16] tokens (a transformer's linear: the int8 input
// collapsed to [3, 16], the result expanded back).
// REF: wrote {{.+}}output_0.npy [3, 5]
// CMP: output 0: max |difference| {{[01]}}
// CMP: output 1: max |difference| {{[01]}}
// CMP: output 2: max |difference| {{[01]}}
// ONEDNN-COUNT-3: call @qpt2e_onednn_conv(
// ONEDNN: tensor.expand_shape {{.+}} : tensor<3x5xi8> into tensor<1x3x5xi8>
// XNNPACK: call @qpt2e_xnnpack_run(
// XNNPACK: aten.linear
// XNNPACK: call @qpt2e_xnnpack_run(
// XNNPACK-NOT: call @qpt2e_xnnpack_run(
func.func @forward() -> (tensor<3x5xi8>, tensor<3x5xi8>, tensor<1x3x5xi8>) {
  %v = arith.constant dense<[[-52, -40, -56, 114, -67, -97, 38, 119, -74, -99, -1, -31, 13, -107, -78, 103], [-114, -96, 98, 38, -26, 13, 103, 116, -2, 4, -25, 101, -58, 85, -66, 72], [98, 33, -91, -5, 91, -91, -20, 27, -66, -49, 59, -55, 1, -58, 111, -16]]> : tensor<3x16xi8>
  %lw = arith.constant dense<[[64, 116, -103, -26, 99, -3, -86, 126, 43, 86, -70, -86, 53, -17, 127, 4], [-24, -41, -20, -77, -36, -46, -104, 57, -34, -123, -41, 14, -10, -15, 53, -123], [-29, -43, 5, 32, -52, 4, 118, -111, -99, 125, 108, 74, -69, 121, 97, -101], [-106, -60, -58, -117, 104, 72, -81, -58, 66, -94, 82, -19, 90, 106, 46, 82], [115, -61, -24, -89, 10, 108, 4, 19, -1, 52, -44, -105, -56, -113, 77, 49]]> : tensor<5x16xi8>
  %lb = arith.constant dense<[0.1, -0.2, 0.3, 0.0, 1.5]> : tensor<5xf32>
  %dv = quant_pt2e.dequantize %v scales([0.1]) zero_points([-4]) range(-128, 127) : tensor<3x16xi8> -> tensor<3x16xf32>
  %dlw = quant_pt2e.dequantize %lw scales([0.003]) zero_points([0]) range(-127, 127) : tensor<5x16xi8> -> tensor<5x16xf32>
  %dlc = quant_pt2e.dequantize %lw axis(0) scales([0.003, 0.002, 0.004, 0.001, 0.005]) zero_points([0, 0, 0, 0, 0]) range(-127, 127) : tensor<5x16xi8> -> tensor<5x16xf32>
  %l1 = aten.linear %dv, %dlw, %lb : (tensor<3x16xf32>, tensor<5x16xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %q1 = quant_pt2e.quantize %l1 scales([0.2]) zero_points([7]) range(-128, 127) : tensor<3x5xf32> -> tensor<3x5xi8>
  %l2 = aten.linear %dv, %dlc : (tensor<3x16xf32>, tensor<5x16xf32>) -> tensor<3x5xf32>
  %r2 = aten.relu %l2 : tensor<3x5xf32>
  %q2 = quant_pt2e.quantize %r2 scales([0.15]) zero_points([-128]) range(-128, 127) : tensor<3x5xf32> -> tensor<3x5xi8>
  %t = tensor.expand_shape %v [[0, 1], [2]] output_shape [1, 3, 16] : tensor<3x16xi8> into tensor<1x3x16xi8>
  %dt = quant_pt2e.dequantize %t scales([0.1]) zero_points([-4]) range(-128, 127) : tensor<1x3x16xi8> -> tensor<1x3x16xf32>
  %l3 = aten.linear %dt, %dlw, %lb : (tensor<1x3x16xf32>, tensor<5x16xf32>, tensor<5xf32>) -> tensor<1x3x5xf32>
  %q3 = quant_pt2e.quantize %l3 scales([0.2]) zero_points([7]) range(-128, 127) : tensor<1x3x5xf32> -> tensor<1x3x5xi8>
  return %q1, %q2, %q3 : tensor<3x5xi8>, tensor<3x5xi8>, tensor<1x3x5xi8>
}
