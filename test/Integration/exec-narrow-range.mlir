// Executable test: a quantization range narrower than the storage type
// (int8 [-127, 127], as a symmetric activation spec may use). oneDNN and
// XNNPACK saturate to the storage type only, so the lowering must clip to
// the range: with a tiny output scale every output saturates, and the
// backends must match the reference exactly (-127, never -128).
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// oneDNN is exact with AVX-512 VNNI or AMX only (docs/Target.md): the
// 0-step bound is asserted where it holds, on the host's kernels and on
// the VNNI kernels without AMX.
// RUN: %if onednn-exact %{ quant-run %s --lowering onednn --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP %}
// RUN: %if onednn-exact %{ env ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI quant-run %s --lowering onednn --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP %}
// Without VNNI (any host restricted to AVX2: the path of an AVX2-only CPU)
// no bound holds for oneDNN's convolutions (saturating vpmaddubsw, halved
// s8 weights): the compile warns, and auto takes an exact backend.
// RUN: env ONEDNN_MAX_CPU_ISA=AVX2 quant-run %s --lowering onednn --output-dir %t/avx2 2>&1 | FileCheck %s --check-prefix=AVX2-ONEDNN
// RUN: env ONEDNN_MAX_CPU_ISA=AVX2 quant-run %s --lowering auto --compare %t/ref --tolerance 0 | FileCheck %s --check-prefixes=CMP,AUTO-AVX2
// AVX2-ONEDNN-DAG: target: avx2 ({{.*}}restricted by ONEDNN_MAX_CPU_ISA=AVX2), lowering: onednn
// AVX2-ONEDNN-DAG: warning: oneDNN 2.6 on avx2 (no AVX-512 VNNI) is not exact
// AUTO-AVX2: lowering: vector (auto)
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// The compiler's own kernels (convert-quant-pt2e-to-vector), exact int32
// sums on every ISA: at most 0 step(s), for the host's ISA and for the AVX2
// and generic kernels (both run on any x86-64 host of this project).
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa avx2 --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa generic --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}))' | FileCheck %s --check-prefix=FUSED

// REF: wrote {{.+}}output_0.npy [3, 5]
// CMP: output 0: max |difference| 0
// FUSED: quant_pt2e.qlinear {{.+}} range(-127, 127) act_range(-127, 127)
func.func @forward() -> tensor<3x5xi8> {
  %x = arith.constant dense<[[-94, -96, 76, -1, 23, 25, 54, -121, -4, -91, -26, 109, 12, -110, 10, -95], [65, 114, 122, 31, 94, -34, -91, 2, -15, 41, 126, -58, 91, -93, -39, 73], [-65, 43, -11, 3, 112, 81, 86, 12, 123, 123, -94, -76, -50, 13, 82, -5]]> : tensor<3x16xi8>
  %w = arith.constant dense<[[123, -37, 109, 23, 56, -67, 23, 77, 99, 94, 119, -95, 71, -8, 47, -57], [-124, -106, 121, 101, -50, -18, -66, -90, 91, 44, -108, -76, 16, 102, 126, -72], [28, -119, -83, -76, -15, -39, 58, -8, -41, 104, 32, 50, 63, -41, 100, -123], [-49, -87, -126, 127, -105, -10, 82, 49, 91, -114, -1, -119, -79, 88, -109, 22], [-122, -49, 110, -47, -49, -105, 70, -83, 0, -121, -122, 86, -126, -9, -19, -95]]> : tensor<5x16xi8>
  %dx = quant_pt2e.dequantize %x scales([0.02]) zero_points([4]) range(-128, 127) : tensor<3x16xi8> -> tensor<3x16xf32>
  %dw = quant_pt2e.dequantize %w scales([0.003]) zero_points([0]) range(-127, 127) : tensor<5x16xi8> -> tensor<5x16xf32>
  %l = aten.linear %dx, %dw : (tensor<3x16xf32>, tensor<5x16xf32>) -> tensor<3x5xf32>
  %y = quant_pt2e.quantize %l scales([0.0001]) zero_points([0]) range(-127, 127) : tensor<3x5xf32> -> tensor<3x5xi8>
  return %y : tensor<3x5xi8>
}
