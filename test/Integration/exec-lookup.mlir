// Executable test: q(f(dq(x))) for element-wise float f becomes a 256-entry
// quant_pt2e.qlookup under every backend's fuse-qdq (tabulated at compile
// time with the float lowering's formulas and the quantization math). The
// input holds every int8 value (and, quantized to ui8, every ui8 value):
// the tables must equal the reference lowering exactly, 0 steps, on
// outputs of at least 10 distinct values (77 to 192). Output 1
// is a chain (gelu, then eval dropout): one table.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// Output 0 is conv -> hardswish -> conv: the convolutions are the
// backend's (at most 1 step), the table reads the first conv's NHWC result.
// RUN: %if onednn-exact %{ quant-run %s --lowering onednn --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=onednn}),convert-quant-pt2e-to-onednn,canonicalize)' | FileCheck %s --check-prefix=NHWC
// NHWC: call @qpt2e_onednn_conv(
// NHWC-NOT: linalg.transpose
// NHWC: quant_pt2e.qlookup %{{.+}} table({{.*}}) : tensor<1x8x8x4xi8> -> tensor<1x8x8x4xi8>
// NHWC-NOT: linalg.transpose
// NHWC: call @qpt2e_onednn_conv(
// RUN: quant-opt %s --quant-pt2e-fuse-qdq=backend=onednn | FileCheck %s --check-prefix=FUSED
// XNNPACK's operators are qs8: the ui8 chain stays float there.
// RUN: quant-opt %s --quant-pt2e-fuse-qdq=backend=xnnpack | FileCheck %s --check-prefix=XNN
// RUN: quant-opt %s --quant-pt2e-fuse-qdq=backend=vector | FileCheck %s --check-prefix=FUSED
// REF: wrote {{.+}}output_0.npy
// CMP: output 0: max |difference| {{[01]}}, {{.*}} {{[1-9][0-9]+}} distinct reference values
// CMP: output 1: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 2: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 3: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 4: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 5: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 6: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 7: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 8: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 9: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 10: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 11: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 12: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// CMP: output 13: max |difference| 0, histogram {0: 256} of 256, {{[1-9][0-9]+}} distinct reference values
// FUSED-COUNT-14: quant_pt2e.qlookup
// FUSED-NOT: aten.
// XNN-COUNT-13: quant_pt2e.qlookup
// XNN-NOT: quant_pt2e.qlookup
// XNN: aten.hardswish
// XNN-NOT: quant_pt2e.qlookup
func.func @forward() -> (tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xui8>) {
  %x = arith.constant dense<[[[[-128, -127, -126, -125, -124, -123, -122, -121], [-120, -119, -118, -117, -116, -115, -114, -113], [-112, -111, -110, -109, -108, -107, -106, -105], [-104, -103, -102, -101, -100, -99, -98, -97], [-96, -95, -94, -93, -92, -91, -90, -89], [-88, -87, -86, -85, -84, -83, -82, -81], [-80, -79, -78, -77, -76, -75, -74, -73], [-72, -71, -70, -69, -68, -67, -66, -65]], [[-64, -63, -62, -61, -60, -59, -58, -57], [-56, -55, -54, -53, -52, -51, -50, -49], [-48, -47, -46, -45, -44, -43, -42, -41], [-40, -39, -38, -37, -36, -35, -34, -33], [-32, -31, -30, -29, -28, -27, -26, -25], [-24, -23, -22, -21, -20, -19, -18, -17], [-16, -15, -14, -13, -12, -11, -10, -9], [-8, -7, -6, -5, -4, -3, -2, -1]], [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15], [16, 17, 18, 19, 20, 21, 22, 23], [24, 25, 26, 27, 28, 29, 30, 31], [32, 33, 34, 35, 36, 37, 38, 39], [40, 41, 42, 43, 44, 45, 46, 47], [48, 49, 50, 51, 52, 53, 54, 55], [56, 57, 58, 59, 60, 61, 62, 63]], [[64, 65, 66, 67, 68, 69, 70, 71], [72, 73, 74, 75, 76, 77, 78, 79], [80, 81, 82, 83, 84, 85, 86, 87], [88, 89, 90, 91, 92, 93, 94, 95], [96, 97, 98, 99, 100, 101, 102, 103], [104, 105, 106, 107, 108, 109, 110, 111], [112, 113, 114, 115, 116, 117, 118, 119], [120, 121, 122, 123, 124, 125, 126, 127]]]]> : tensor<1x4x8x8xi8>
  %xf = arith.constant dense<[[[[-2.56, -2.54, -2.52, -2.50, -2.48, -2.46, -2.44, -2.42], [-2.40, -2.38, -2.36, -2.34, -2.32, -2.30, -2.28, -2.26], [-2.24, -2.22, -2.20, -2.18, -2.16, -2.14, -2.12, -2.10], [-2.08, -2.06, -2.04, -2.02, -2.00, -1.98, -1.96, -1.94], [-1.92, -1.90, -1.88, -1.86, -1.84, -1.82, -1.80, -1.78], [-1.76, -1.74, -1.72, -1.70, -1.68, -1.66, -1.64, -1.62], [-1.60, -1.58, -1.56, -1.54, -1.52, -1.50, -1.48, -1.46], [-1.44, -1.42, -1.40, -1.38, -1.36, -1.34, -1.32, -1.30]], [[-1.28, -1.26, -1.24, -1.22, -1.20, -1.18, -1.16, -1.14], [-1.12, -1.10, -1.08, -1.06, -1.04, -1.02, -1.00, -0.98], [-0.96, -0.94, -0.92, -0.90, -0.88, -0.86, -0.84, -0.82], [-0.80, -0.78, -0.76, -0.74, -0.72, -0.70, -0.68, -0.66], [-0.64, -0.62, -0.60, -0.58, -0.56, -0.54, -0.52, -0.50], [-0.48, -0.46, -0.44, -0.42, -0.40, -0.38, -0.36, -0.34], [-0.32, -0.30, -0.28, -0.26, -0.24, -0.22, -0.20, -0.18], [-0.16, -0.14, -0.12, -0.10, -0.08, -0.06, -0.04, -0.02]], [[0.00, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.14], [0.16, 0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30], [0.32, 0.34, 0.36, 0.38, 0.40, 0.42, 0.44, 0.46], [0.48, 0.50, 0.52, 0.54, 0.56, 0.58, 0.60, 0.62], [0.64, 0.66, 0.68, 0.70, 0.72, 0.74, 0.76, 0.78], [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94], [0.96, 0.98, 1.00, 1.02, 1.04, 1.06, 1.08, 1.10], [1.12, 1.14, 1.16, 1.18, 1.20, 1.22, 1.24, 1.26]], [[1.28, 1.30, 1.32, 1.34, 1.36, 1.38, 1.40, 1.42], [1.44, 1.46, 1.48, 1.50, 1.52, 1.54, 1.56, 1.58], [1.60, 1.62, 1.64, 1.66, 1.68, 1.70, 1.72, 1.74], [1.76, 1.78, 1.80, 1.82, 1.84, 1.86, 1.88, 1.90], [1.92, 1.94, 1.96, 1.98, 2.00, 2.02, 2.04, 2.06], [2.08, 2.10, 2.12, 2.14, 2.16, 2.18, 2.20, 2.22], [2.24, 2.26, 2.28, 2.30, 2.32, 2.34, 2.36, 2.38], [2.40, 2.42, 2.44, 2.46, 2.48, 2.50, 2.52, 2.54]]]]> : tensor<1x4x8x8xf32>
  %u = quant_pt2e.quantize %xf scales([0.02]) zero_points([128]) range(0, 255) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xui8>
  %d0 = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f0 = aten.hardswish %d0 : tensor<1x4x8x8xf32>
  %q0 = quant_pt2e.quantize %f0 scales([0.02]) zero_points([-100]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d1 = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f1 = aten.silu %d1 : tensor<1x4x8x8xf32>
  %q1 = quant_pt2e.quantize %f1 scales([0.03]) zero_points([-90]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d2 = quant_pt2e.dequantize %x scales([0.06]) zero_points([3]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f2 = aten.sigmoid %d2 : tensor<1x4x8x8xf32>
  %q2 = quant_pt2e.quantize %f2 scales([0.00390625]) zero_points([-128]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d3 = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f3 = aten.hardsigmoid %d3 : tensor<1x4x8x8xf32>
  %q3 = quant_pt2e.quantize %f3 scales([0.00390625]) zero_points([-128]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d4 = quant_pt2e.dequantize %x scales([0.04]) zero_points([-2]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f4 = aten.gelu %d4 : tensor<1x4x8x8xf32>
  %q4 = quant_pt2e.quantize %f4 scales([0.025]) zero_points([-40]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d5 = quant_pt2e.dequantize %x scales([0.04]) zero_points([-2]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f5 = aten.gelu %d5 {approximate = "tanh"} : tensor<1x4x8x8xf32>
  %q5 = quant_pt2e.quantize %f5 scales([0.025]) zero_points([-40]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d6 = quant_pt2e.dequantize %x scales([0.03]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f6 = aten.tanh %d6 : tensor<1x4x8x8xf32>
  %q6 = quant_pt2e.quantize %f6 scales([0.0078125]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d7 = quant_pt2e.dequantize %x scales([0.05]) zero_points([10]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f7 = aten.elu %d7 {alpha = 0.7 : f64} : tensor<1x4x8x8xf32>
  %q7 = quant_pt2e.quantize %f7 scales([0.04]) zero_points([-20]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d8 = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f8 = aten.leaky_relu %d8 {negative_slope = 0.1 : f64} : tensor<1x4x8x8xf32>
  %q8 = quant_pt2e.quantize %f8 scales([0.03]) zero_points([-30]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d9 = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f9 = aten.relu %d9 : tensor<1x4x8x8xf32>
  %q9 = quant_pt2e.quantize %f9 scales([0.02]) zero_points([-128]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %d10 = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %f10 = aten.mul_scalar %d10, 0.3 : tensor<1x4x8x8xf32>
  %q10 = quant_pt2e.quantize %f10 scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %w1 = arith.constant dense<[[[[-67]], [[24]], [[12]], [[-94]]], [[[-33]], [[107]], [[27]], [[-6]]], [[[33]], [[21]], [[-111]], [[28]]], [[[-124]], [[105]], [[87]], [[-7]]]]> : tensor<4x4x1x1xi8>
  %w2 = arith.constant dense<[[[[-61]], [[14]], [[-68]], [[-78]]], [[[127]], [[56]], [[-7]], [[11]]], [[[87]], [[13]], [[-6]], [[-26]]], [[[36]], [[93]], [[-89]], [[-68]]]]> : tensor<4x4x1x1xi8>
  %dw1 = quant_pt2e.dequantize %w1 scales([0.01]) zero_points([0]) range(-127, 127) : tensor<4x4x1x1xi8> -> tensor<4x4x1x1xf32>
  %dw2 = quant_pt2e.dequantize %w2 scales([0.01]) zero_points([0]) range(-127, 127) : tensor<4x4x1x1xi8> -> tensor<4x4x1x1xf32>
  %cx = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %c1 = aten.convolution %cx, %dw1 stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %cq1 = quant_pt2e.quantize %c1 scales([0.04]) zero_points([2]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %cd1 = quant_pt2e.dequantize %cq1 scales([0.04]) zero_points([2]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %ch = aten.hardswish %cd1 : tensor<1x4x8x8xf32>
  %cq2 = quant_pt2e.quantize %ch scales([0.03]) zero_points([-60]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %cd2 = quant_pt2e.dequantize %cq2 scales([0.03]) zero_points([-60]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %c2 = aten.convolution %cd2, %dw2 stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %cq3 = quant_pt2e.quantize %c2 scales([0.02]) zero_points([5]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %dg = quant_pt2e.dequantize %x scales([0.04]) zero_points([3]) range(-128, 127) : tensor<1x4x8x8xi8> -> tensor<1x4x8x8xf32>
  %gg = aten.gelu %dg : tensor<1x4x8x8xf32>
  %gd = aten.dropout %gg {p = 0.1 : f64} : tensor<1x4x8x8xf32>
  %qg = quant_pt2e.quantize %gd scales([0.02]) zero_points([-50]) range(-128, 127) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xi8>
  %du = quant_pt2e.dequantize %u scales([0.02]) zero_points([128]) range(0, 255) : tensor<1x4x8x8xui8> -> tensor<1x4x8x8xf32>
  %fu = aten.hardswish %du : tensor<1x4x8x8xf32>
  %qu = quant_pt2e.quantize %fu scales([0.015]) zero_points([20]) range(0, 255) : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xui8>
  return %cq3, %qg, %q0, %q1, %q2, %q3, %q4, %q5, %q6, %q7, %q8, %q9, %q10, %qu : tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xi8>, tensor<1x4x8x8xui8>
}
