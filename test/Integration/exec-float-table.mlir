// Executable test: f(dq(x)) whose float result other ops read (an SE
// block's SiLU: quantized and averaged) becomes, under every backend's
// fuse-qdq, a gather from its 256 values tabulated at compile time with
// the float lowering's formulas, and its quantize a qlookup. The floats must equal the reference
// lowering's bit for bit: the returned SiLU values (every int8 value 4
// times), the means over them (their summation unchanged) and the
// quantized outputs, 0 difference. Output 3 is a chain (sigmoid, then
// tanh) averaged and quantized; output 5 is a ui8 chain, which keeps its
// float code.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering onednn --compare %t/ref --tolerance 0 | FileCheck %s --check-prefix=CMP
// RUN: quant-opt %s --quant-pt2e-fuse-qdq=backend=vector | FileCheck %s --check-prefix=TABLES
// RUN: quant-opt %s --quant-pt2e-fuse-qdq=backend=reference | FileCheck %s --check-prefix=REFNONE
// REF: wrote {{.+}}output_5.npy
// CMP: output 0: max |difference| 0, histogram {0: 1024} of 1024, {{[1-9][0-9]+}} distinct reference values
// CMP: output 1: max |difference| 0.000000e+00 of 4
// CMP: output 2: max |difference| 0.000000e+00 of 1024
// CMP: output 3: max |difference| 0, histogram {0: 1024} of 1024, {{[1-9][0-9]+}} distinct reference values
// CMP: output 4: max |difference| 0.000000e+00 of 4
// CMP: output 5: max |difference| 0.000000e+00 of 4
// Two float tables (the SiLU, the sigmoid -> tanh chain; the returned SiLU is
// the first one's), no exp left but the ui8 chain's; their quantizes are
// tables of bytes.
// TABLES-LABEL: func.func @forward
// TABLES: arith.constant dense<{{.+}}> : tensor<256xf32>
// TABLES: linalg.generic
// TABLES: tensor.extract %{{.+}}[%{{.+}}] : tensor<256xf32>
// TABLES-COUNT-2: quant_pt2e.qlookup
// TABLES-NOT: aten.sigmoid
// TABLES-NOT: aten.tanh
// TABLES: aten.silu %{{.+}} : tensor<1x4x16x16xf32>
// TABLES-NOT: aten.silu
// REFNONE-NOT: tensor<256xf32>
func.func @forward() -> (tensor<1x4x16x16xi8>, tensor<1x4x1x1xf32>, tensor<1x4x16x16xf32>, tensor<1x4x16x16xi8>, tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>) {
  %x = arith.constant dense<[[[[-117, -80, -43, -6, 31, 68, 105, -114, -77, -40, -3, 34, 71, 108, -111, -74], [-37, 0, 37, 74, 111, -108, -71, -34, 3, 40, 77, 114, -105, -68, -31, 6], [43, 80, 117, -102, -65, -28, 9, 46, 83, 120, -99, -62, -25, 12, 49, 86], [123, -96, -59, -22, 15, 52, 89, 126, -93, -56, -19, 18, 55, 92, -127, -90], [-53, -16, 21, 58, 95, -124, -87, -50, -13, 24, 61, 98, -121, -84, -47, -10], [27, 64, 101, -118, -81, -44, -7, 30, 67, 104, -115, -78, -41, -4, 33, 70], [107, -112, -75, -38, -1, 36, 73, 110, -109, -72, -35, 2, 39, 76, 113, -106], [-69, -32, 5, 42, 79, 116, -103, -66, -29, 8, 45, 82, 119, -100, -63, -26], [11, 48, 85, 122, -97, -60, -23, 14, 51, 88, 125, -94, -57, -20, 17, 54], [91, -128, -91, -54, -17, 20, 57, 94, -125, -88, -51, -14, 23, 60, 97, -122], [-85, -48, -11, 26, 63, 100, -119, -82, -45, -8, 29, 66, 103, -116, -79, -42], [-5, 32, 69, 106, -113, -76, -39, -2, 35, 72, 109, -110, -73, -36, 1, 38], [75, 112, -107, -70, -33, 4, 41, 78, 115, -104, -67, -30, 7, 44, 81, 118], [-101, -64, -27, 10, 47, 84, 121, -98, -61, -24, 13, 50, 87, 124, -95, -58], [-21, 16, 53, 90, 127, -92, -55, -18, 19, 56, 93, -126, -89, -52, -15, 22], [59, 96, -123, -86, -49, -12, 25, 62, 99, -120, -83, -46, -9, 28, 65, 102]], [[-117, -80, -43, -6, 31, 68, 105, -114, -77, -40, -3, 34, 71, 108, -111, -74], [-37, 0, 37, 74, 111, -108, -71, -34, 3, 40, 77, 114, -105, -68, -31, 6], [43, 80, 117, -102, -65, -28, 9, 46, 83, 120, -99, -62, -25, 12, 49, 86], [123, -96, -59, -22, 15, 52, 89, 126, -93, -56, -19, 18, 55, 92, -127, -90], [-53, -16, 21, 58, 95, -124, -87, -50, -13, 24, 61, 98, -121, -84, -47, -10], [27, 64, 101, -118, -81, -44, -7, 30, 67, 104, -115, -78, -41, -4, 33, 70], [107, -112, -75, -38, -1, 36, 73, 110, -109, -72, -35, 2, 39, 76, 113, -106], [-69, -32, 5, 42, 79, 116, -103, -66, -29, 8, 45, 82, 119, -100, -63, -26], [11, 48, 85, 122, -97, -60, -23, 14, 51, 88, 125, -94, -57, -20, 17, 54], [91, -128, -91, -54, -17, 20, 57, 94, -125, -88, -51, -14, 23, 60, 97, -122], [-85, -48, -11, 26, 63, 100, -119, -82, -45, -8, 29, 66, 103, -116, -79, -42], [-5, 32, 69, 106, -113, -76, -39, -2, 35, 72, 109, -110, -73, -36, 1, 38], [75, 112, -107, -70, -33, 4, 41, 78, 115, -104, -67, -30, 7, 44, 81, 118], [-101, -64, -27, 10, 47, 84, 121, -98, -61, -24, 13, 50, 87, 124, -95, -58], [-21, 16, 53, 90, 127, -92, -55, -18, 19, 56, 93, -126, -89, -52, -15, 22], [59, 96, -123, -86, -49, -12, 25, 62, 99, -120, -83, -46, -9, 28, 65, 102]], [[-117, -80, -43, -6, 31, 68, 105, -114, -77, -40, -3, 34, 71, 108, -111, -74], [-37, 0, 37, 74, 111, -108, -71, -34, 3, 40, 77, 114, -105, -68, -31, 6], [43, 80, 117, -102, -65, -28, 9, 46, 83, 120, -99, -62, -25, 12, 49, 86], [123, -96, -59, -22, 15, 52, 89, 126, -93, -56, -19, 18, 55, 92, -127, -90], [-53, -16, 21, 58, 95, -124, -87, -50, -13, 24, 61, 98, -121, -84, -47, -10], [27, 64, 101, -118, -81, -44, -7, 30, 67, 104, -115, -78, -41, -4, 33, 70], [107, -112, -75, -38, -1, 36, 73, 110, -109, -72, -35, 2, 39, 76, 113, -106], [-69, -32, 5, 42, 79, 116, -103, -66, -29, 8, 45, 82, 119, -100, -63, -26], [11, 48, 85, 122, -97, -60, -23, 14, 51, 88, 125, -94, -57, -20, 17, 54], [91, -128, -91, -54, -17, 20, 57, 94, -125, -88, -51, -14, 23, 60, 97, -122], [-85, -48, -11, 26, 63, 100, -119, -82, -45, -8, 29, 66, 103, -116, -79, -42], [-5, 32, 69, 106, -113, -76, -39, -2, 35, 72, 109, -110, -73, -36, 1, 38], [75, 112, -107, -70, -33, 4, 41, 78, 115, -104, -67, -30, 7, 44, 81, 118], [-101, -64, -27, 10, 47, 84, 121, -98, -61, -24, 13, 50, 87, 124, -95, -58], [-21, 16, 53, 90, 127, -92, -55, -18, 19, 56, 93, -126, -89, -52, -15, 22], [59, 96, -123, -86, -49, -12, 25, 62, 99, -120, -83, -46, -9, 28, 65, 102]], [[-117, -80, -43, -6, 31, 68, 105, -114, -77, -40, -3, 34, 71, 108, -111, -74], [-37, 0, 37, 74, 111, -108, -71, -34, 3, 40, 77, 114, -105, -68, -31, 6], [43, 80, 117, -102, -65, -28, 9, 46, 83, 120, -99, -62, -25, 12, 49, 86], [123, -96, -59, -22, 15, 52, 89, 126, -93, -56, -19, 18, 55, 92, -127, -90], [-53, -16, 21, 58, 95, -124, -87, -50, -13, 24, 61, 98, -121, -84, -47, -10], [27, 64, 101, -118, -81, -44, -7, 30, 67, 104, -115, -78, -41, -4, 33, 70], [107, -112, -75, -38, -1, 36, 73, 110, -109, -72, -35, 2, 39, 76, 113, -106], [-69, -32, 5, 42, 79, 116, -103, -66, -29, 8, 45, 82, 119, -100, -63, -26], [11, 48, 85, 122, -97, -60, -23, 14, 51, 88, 125, -94, -57, -20, 17, 54], [91, -128, -91, -54, -17, 20, 57, 94, -125, -88, -51, -14, 23, 60, 97, -122], [-85, -48, -11, 26, 63, 100, -119, -82, -45, -8, 29, 66, 103, -116, -79, -42], [-5, 32, 69, 106, -113, -76, -39, -2, 35, 72, 109, -110, -73, -36, 1, 38], [75, 112, -107, -70, -33, 4, 41, 78, 115, -104, -67, -30, 7, 44, 81, 118], [-101, -64, -27, 10, 47, 84, 121, -98, -61, -24, 13, 50, 87, 124, -95, -58], [-21, 16, 53, 90, 127, -92, -55, -18, 19, 56, 93, -126, -89, -52, -15, 22], [59, 96, -123, -86, -49, -12, 25, 62, 99, -120, -83, -46, -9, 28, 65, 102]]]]> : tensor<1x4x16x16xi8>
  %d0 = quant_pt2e.dequantize %x scales([0.0432346873]) zero_points([-6]) range(-128, 127) : tensor<1x4x16x16xi8> -> tensor<1x4x16x16xf32>
  %s0 = aten.silu %d0 : tensor<1x4x16x16xf32>
  %q0 = quant_pt2e.quantize %s0 scales([0.0248728916]) zero_points([-117]) range(-128, 127) : tensor<1x4x16x16xf32> -> tensor<1x4x16x16xi8>
  %m0 = aten.mean %s0 dims [-1, -2] keepdim : tensor<1x4x16x16xf32> -> tensor<1x4x1x1xf32>
  %d1 = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4x16x16xi8> -> tensor<1x4x16x16xf32>
  %g1 = aten.sigmoid %d1 : tensor<1x4x16x16xf32>
  %t1 = aten.tanh %g1 : tensor<1x4x16x16xf32>
  %q1 = quant_pt2e.quantize %t1 scales([0.003]) zero_points([-128]) range(-128, 127) : tensor<1x4x16x16xf32> -> tensor<1x4x16x16xi8>
  %m1 = aten.mean %t1 dims [-1, -2] keepdim : tensor<1x4x16x16xf32> -> tensor<1x4x1x1xf32>
  %xf = quant_pt2e.dequantize %x scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x4x16x16xi8> -> tensor<1x4x16x16xf32>
  %u = quant_pt2e.quantize %xf scales([0.02]) zero_points([128]) range(0, 255) : tensor<1x4x16x16xf32> -> tensor<1x4x16x16xui8>
  %du = quant_pt2e.dequantize %u scales([0.02]) zero_points([128]) range(0, 255) : tensor<1x4x16x16xui8> -> tensor<1x4x16x16xf32>
  %su = aten.silu %du : tensor<1x4x16x16xf32>
  %mu = aten.mean %su dims [-1, -2] keepdim : tensor<1x4x16x16xf32> -> tensor<1x4x1x1xf32>
  return %q0, %m0, %s0, %q1, %m1, %mu : tensor<1x4x16x16xi8>, tensor<1x4x1x1xf32>, tensor<1x4x16x16xf32>, tensor<1x4x16x16xi8>, tensor<1x4x1x1xf32>, tensor<1x4x1x1xf32>
}
