// Executable test of the residual sum (conv-add(-relu), oneDNN's sum
// post-op): the same reference-quantized graph through the reference
// lowering, the oneDNN pipeline and the XNNPACK pipeline; each backend's
// outputs are compared with the reference (at most 1 quantization step,
// histogram printed). The IR checks show what each backend fused.
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
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}))' | FileCheck %s --check-prefix=FUSED
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}),convert-quant-pt2e-to-onednn)' | FileCheck %s --check-prefix=ONEDNN
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=xnnpack}),convert-quant-pt2e-to-xnnpack)' | FileCheck %s --check-prefix=XNNPACK

// Four residual sums of one conv (per-channel weight, bias) with an i8 or
// ui8 residual: (1) the XNNPACK quantizer's conv -> q -> dq -> add -> relu
// -> q, whose intermediate rounding oneDNN reproduces with round / clip /
// linear post-ops before the sum, and whose relu narrows the act range;
// (2) the oneDNN config's conv-add under one output quantization, residual
// as the first operand; (3) the same with a ui8 residual, relu and a ui8
// output; (4) conv -> relu -> q -> dq -> add (a clamped intermediate).
// REF: wrote {{.+}}output_0.npy [1, 6, 6, 6]
// CMP: output 0: max |difference| {{[01]}}
// CMP: output 1: max |difference| {{[01]}}
// CMP: output 2: max |difference| {{[01]}}
// CMP: output 3: max |difference| {{[01]}}
// FUSED-NOT: aten.
// FUSED: conv_output(1.400000e-01, -24) clamp(-128, 127) residual(%{{.+}} : tensor<1x6x6x6xi8>, 1.000000e-01, 5) output(2.000000e-01, -50) range(-128, 127) act_range(-50, 127)
// FUSED: input(5.000000e-02, -3) {{.+}}]) residual(%{{.+}} : tensor<1x6x6x6xi8>, 1.000000e-01, 5) output(2.500000e-01, 0)
// FUSED: residual(%{{.+}} : tensor<1x6x6x6xui8>, 8.000000e-02, 128) output(1.200000e-01, 0) range(0, 255)
// FUSED: conv_output(9.000000e-02, -60) clamp(-60, 127) residual(%{{.+}} : tensor<1x6x6x6xi8>, 1.000000e-01, 5) output(1.500000e-01, -30)
// FUSED-NOT: qadd
// ONEDNN-COUNT-4: call @qpt2e_onednn_conv_residual(
// ONEDNN-NOT: aten.add
// XNNPACK: call @qpt2e_xnnpack_run(
// XNNPACK: call @qpt2e_xnnpack_run2(
// XNNPACK: aten.convolution
// XNNPACK: aten.add
// XNNPACK: aten.convolution
// XNNPACK: aten.add
// XNNPACK: call @qpt2e_xnnpack_run(
// XNNPACK: call @qpt2e_xnnpack_run2(
func.func @forward() -> (tensor<1x6x6x6xi8>, tensor<1x6x6x6xi8>, tensor<1x6x6x6xui8>, tensor<1x6x6x6xi8>) {
  %x = arith.constant dense<[[[[113, 32, 47, 101, 20, 70], [85, -71, -114, -52, -56, 95], [105, -127, -1, 82, -95, 76], [-98, -9, 81, -51, -41, -57], [56, -63, 125, -15, -6, 1], [21, 13, 2, 126, 78, 74]], [[51, 31, -41, 125, -9, -73], [88, -87, 91, 28, -99, -117], [-15, -119, -92, 3, 120, -9], [78, 106, 82, 33, -16, 3], [-60, -1, -31, -65, 126, -125], [-104, -79, 120, 49, 97, -77]], [[56, -34, -3, -128, 30, 84], [41, -89, 8, -60, 119, 97], [-81, 2, 112, 88, 53, 35], [-118, 61, -7, -105, -66, 10], [58, 1, 28, 95, 47, -36], [36, 25, -101, -113, 41, -29]], [[25, -46, -71, -90, -31, 80], [-26, -31, 19, 122, -28, 23], [-16, 26, -14, 35, 12, 45], [116, -90, 15, -16, -37, -67], [-115, -25, 83, -104, -25, 119], [115, -73, -127, 43, -125, -52]]]]> : tensor<1x4x6x6xi8>
  %w = arith.constant dense<[[[[-1, 95, -104], [41, 8, -94], [88, 88, -4]], [[113, 27, 103], [117, 18, -56], [-90, 16, -78]], [[64, 109, -65], [13, -115, -81], [-31, 98, 120]], [[36, 21, 18], [-112, -32, 123], [-23, -73, -66]]], [[[54, -118, 120], [96, 17, -8], [67, 12, -6]], [[-45, -14, 64], [-113, -121, 56], [-33, 77, -120]], [[104, -96, -21], [119, -100, 40], [58, -18, -107]], [[6, -17, 95], [46, -40, -113], [23, -56, 47]]], [[[93, -37, 103], [5, 8, 68], [74, 104, 127]], [[-89, -22, 111], [-49, -126, 19], [65, 62, 79]], [[37, -93, 89], [-21, 89, 80], [120, -124, 93]], [[33, -4, 75], [115, 3, -105], [58, -69, -70]]], [[[-78, -77, 105], [-35, -100, -82], [-27, -39, -48]], [[114, 93, 19], [124, -41, -92], [-58, -105, 115]], [[-72, -14, -76], [123, -87, 4], [115, 5, 102]], [[101, 68, 62], [20, 21, 84], [-19, 114, 96]]], [[[-32, -23, 55], [108, -103, -110], [-64, -18, -86]], [[5, 11, 115], [63, -63, 73], [78, 46, 45]], [[-48, 55, -93], [33, 107, 120], [-51, -43, 30]], [[-26, 59, -76], [-84, -115, -8], [-73, -51, 106]]], [[[80, 87, 24], [-99, 63, 26], [104, -5, -83]], [[24, -11, 41], [-32, -49, -96], [118, 65, -9]], [[-68, 33, -22], [34, -104, -81], [60, -112, 45]], [[-23, -127, 67], [51, 80, 101], [59, 87, -99]]]]> : tensor<6x4x3x3xi8>
  %b = arith.constant dense<[-0.04, -0.12, -0.1 , -0.39, -0.43, 0.24]> : tensor<6xf32>
  %r = arith.constant dense<[[[[107, 105, 49, 77, 61, 96], [99, 5, 80, 106, -52, -117], [-85, -121, -17, -123, -62, -64], [52, -65, 115, -80, 120, 17], [-66, -119, -50, 23, -101, -86], [-99, 45, -106, -123, -12, -49]], [[17, 112, 91, 9, 36, 79], [-17, 40, -73, 28, -68, -80], [66, 19, -32, -118, -68, 77], [-9, 117, 102, 90, -124, -116], [20, -42, 87, -47, -89, -100], [-51, 32, -96, 76, -51, -48]], [[41, 92, -17, 76, -50, -95], [84, 68, 64, 97, -1, -78], [21, 18, -30, 35, -61, 27], [75, -104, -12, 41, -115, 33], [105, 82, 47, 77, -36, -45], [-107, 56, -48, 94, -9, 100]], [[-93, -87, -40, -122, -3, 38], [41, -74, -86, 16, 34, 113], [101, -31, -87, -64, 97, -12], [126, 40, 24, -103, 23, -31], [87, -94, -79, 41, 46, 84], [6, -32, -50, -33, 41, 10]], [[-53, -73, 53, -65, -75, -44], [90, -11, 24, -108, -40, 64], [69, 20, 96, -52, -86, -109], [-77, 67, 103, -95, 0, -94], [88, -95, 35, -108, 60, 104], [59, -60, 87, -50, 64, 85]], [[-4, 30, 90, -81, -123, -17], [-82, 98, 93, -32, -49, 53], [-12, -104, 41, 58, -111, 70], [8, 83, 89, 44, -43, -34], [57, -112, -69, 4, 113, 65], [80, -80, -57, -60, 63, 9]]]]> : tensor<1x6x6x6xi8>
  %ru = arith.constant dense<[[[[54, 191, 163, 229, 143, 32], [227, 47, 14, 204, 115, 164], [33, 184, 103, 255, 162, 240], [202, 215, 22, 198, 154, 101], [79, 164, 50, 47, 223, 194], [151, 193, 82, 184, 52, 113]], [[37, 96, 87, 107, 121, 8], [87, 216, 110, 138, 26, 99], [248, 140, 5, 184, 197, 97], [8, 212, 64, 235, 93, 99], [203, 35, 7, 194, 237, 254], [32, 37, 86, 182, 233, 211]], [[95, 235, 65, 31, 111, 23], [173, 252, 27, 29, 45, 45], [136, 147, 243, 114, 237, 192], [218, 48, 116, 234, 192, 55], [216, 196, 37, 17, 66, 121], [39, 8, 28, 80, 99, 79]], [[114, 184, 63, 116, 186, 14], [240, 254, 74, 227, 64, 234], [168, 63, 15, 100, 190, 58], [131, 31, 108, 8, 252, 128], [215, 31, 42, 45, 145, 220], [155, 123, 241, 47, 42, 171]], [[218, 68, 66, 134, 199, 72], [210, 132, 180, 160, 123, 137], [254, 101, 241, 202, 46, 223], [98, 45, 64, 34, 86, 28], [139, 250, 246, 241, 62, 59], [173, 248, 211, 53, 188, 129]], [[113, 127, 139, 234, 202, 10], [195, 80, 86, 153, 251, 16], [131, 60, 233, 119, 218, 225], [25, 194, 202, 212, 252, 194], [213, 181, 75, 217, 179, 174], [249, 188, 86, 77, 83, 42]]]]> : tensor<1x6x6x6xui8>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x4x6x6xi8> -> tensor<1x4x6x6xf32>
  %dw = quant_pt2e.dequantize %w axis(0) scales([0.004000000189989805, 0.003000000026077032, 0.004999999888241291, 0.0020000000949949026, 0.006000000052154064, 0.0035000001080334187]) zero_points([0, 0, 0, 0, 0, 0]) range(-127, 127) : tensor<6x4x3x3xi8> -> tensor<6x4x3x3xf32>
  %dr = quant_pt2e.dequantize %r scales([0.1]) zero_points([5]) range(-128, 127) : tensor<1x6x6x6xi8> -> tensor<1x6x6x6xf32>
  %dru = quant_pt2e.dequantize %ru scales([0.08]) zero_points([128]) range(0, 255) : tensor<1x6x6x6xui8> -> tensor<1x6x6x6xf32>
  // conv -> q -> dq -> add -> relu -> q (XNNPACK quantizer)
  %c1 = aten.convolution %dx, %dw, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %qc1 = quant_pt2e.quantize %c1 scales([0.14]) zero_points([-24]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  %dc1 = quant_pt2e.dequantize %qc1 scales([0.14]) zero_points([-24]) range(-128, 127) : tensor<1x6x6x6xi8> -> tensor<1x6x6x6xf32>
  %s1 = aten.add %dc1, %dr : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32> -> tensor<1x6x6x6xf32>
  %a1 = aten.relu %s1 : tensor<1x6x6x6xf32>
  %y1 = quant_pt2e.quantize %a1 scales([0.2]) zero_points([-50]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  // dq(r) + conv -> q (oneDNN config: one output quantization)
  %c2 = aten.convolution %dx, %dw, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %s2 = aten.add %dr, %c2 : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32> -> tensor<1x6x6x6xf32>
  %y2 = quant_pt2e.quantize %s2 scales([0.25]) zero_points([0]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  // conv + dq(ui8 r) -> relu -> q to ui8
  %c3 = aten.convolution %dx, %dw, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %s3 = aten.add %c3, %dru : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32> -> tensor<1x6x6x6xf32>
  %a3 = aten.relu %s3 : tensor<1x6x6x6xf32>
  %y3 = quant_pt2e.quantize %a3 scales([0.12]) zero_points([0]) range(0, 255) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xui8>
  // conv -> relu -> q -> dq -> add -> q (clamped intermediate)
  %c4 = aten.convolution %dx, %dw, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %a4 = aten.relu %c4 : tensor<1x6x6x6xf32>
  %qc4 = quant_pt2e.quantize %a4 scales([0.09]) zero_points([-60]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  %dc4 = quant_pt2e.dequantize %qc4 scales([0.09]) zero_points([-60]) range(-128, 127) : tensor<1x6x6x6xi8> -> tensor<1x6x6x6xf32>
  %s4 = aten.add %dc4, %dr : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32> -> tensor<1x6x6x6xf32>
  %y4 = quant_pt2e.quantize %s4 scales([0.15]) zero_points([-30]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  return %y1, %y2, %y3, %y4 : tensor<1x6x6x6xi8>, tensor<1x6x6x6xi8>, tensor<1x6x6x6xui8>, tensor<1x6x6x6xi8>
}
