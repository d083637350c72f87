// Executable test of the TOSA client: a reference-quantized TOSA graph
// (NHWC activations, OHWI weights; QuantizableOpInterface as external
// models) through the reference lowering and every backend, each compared
// with the reference (at most 1 quantization step, histogram printed).
// conv 3x3 (padding 1) -> relu; a padded 3x3 average pool (TOSA divides
// by the valid count); a padded max pool with a shared spec; add; concat.
// fuse-qdq runs the fused ops on NCHW values between byte transposes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-run %s --output-dir %t/ref | FileCheck %s --check-prefix=REF
// RUN: %if onednn-exact %{ quant-run %s --lowering onednn --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP %}
// RUN: quant-run %s --lowering xnnpack --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-run %s --lowering vector --target-isa avx2 --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: env ONEDNN_MAX_CPU_ISA=AVX2 quant-run %s --lowering auto --compare %t/ref --tolerance 1 | FileCheck %s --check-prefix=CMP
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(quant-pt2e-fuse-qdq{backend=vector}))' | FileCheck %s --check-prefix=FUSED
// REF: wrote {{.+}}output_0.npy [1, 6, 6, 6]
// REF: wrote {{.+}}output_1.npy [1, 6, 6, 8]
// Non-degenerate: dozens of distinct int8 values per output (74 and 93).
// CMP: output 0: max |difference| {{[01]}}, {{.+}} of 216, {{[1-9][0-9]+}} distinct reference values
// CMP: output 1: max |difference| {{[01]}}, {{.+}} of 288, {{[1-9][0-9]+}} distinct reference values
// FUSED-COUNT-1: quant_pt2e.qconv2d
// FUSED: quant_pt2e.qavg_pool2d
// FUSED: quant_pt2e.qmax_pool2d
// FUSED: quant_pt2e.qadd
// FUSED: quant_pt2e.qcat
// FUSED-NOT: tosa.conv2d
// FUSED-NOT: tosa.avg_pool2d
// FUSED-NOT: tosa.max_pool2d
func.func @forward() -> (tensor<1x6x6x6xi8>, tensor<1x6x6x8xi8>) {
  %x = arith.constant dense<[[[[ -94,  -96,   76,   -1],   [  23,   25,   54, -121],   [  -4,  -91,  -26,  109],   [  12, -110,   10,  -95],   [  65,  114,  122,   31],   [  94,  -34,  -91,    2]],  [[ -15,   41,  126,  -58],   [  91,  -93,  -39,   73],   [ -65,   43,  -11,    3],   [ 112,   81,   86,   12],   [ 123,  123,  -94,  -76],   [ -50,   13,   82,   -5]],  [[ 123,  -38,  109,   23],   [  56,  -68,   23,   77],   [  98,   94,  119,  -96],   [  71,   -9,   47,  -58],   [-125, -107,  121,  101],   [ -51,  -18,  -67,  -91]],  [[  91,   44, -109,  -77],   [  16,  102,  126,  -73],   [  28, -120,  -84,  -77],   [ -15,  -40,   58,   -8],   [ -42,  103,   32,   50],   [  62,  -42,  100, -124]],  [[ -50,  -88, -127,  127],   [-106,  -11,   81,   48],   [  91, -115,   -1, -120],   [ -79,   88, -110,   22],   [-123,  -49,  110,  -47],   [ -49, -106,   70,  -84]],  [[  -1, -122, -123,   86],   [-126,   -9,  -19,  -96],   [  37,   61,  124,  -78],   [ 108, -113,  -92,   25],   [  94,  101,   61, -122],   [ -22,   78,    7,  -80]]]]> : tensor<1x6x6x4xi8>
  %w = arith.constant dense<[[[[  46, -104,   50, -123],   [ -36,  -53,  112,   58],   [  40,   -2,  -54,   90]],  [[ 114,  -72,  -65,  -47],   [  -6,  -62,  -24,  122],   [ -34,  112,    1,  -41]],  [[ 111,  -16,   70,  -47],   [ 127,   63,   96, -117],   [-100, -110,    8,  -24]]], [[[ 122,  -65,  -84,   88],   [ -50,   62,  -54,   12],   [-107,   41,  106,   49]],  [[  97,   72,   17,  109],   [  -5,  -89,   14,   32],   [ -83,  -91,   42,  -15]],  [[  -5,   73,   47,  101],   [ -85,   66,   10, -118],   [-110,  -36,   36,  -86]]], [[[  11,  127,  -91,  -91],   [ 119,  -65,   96,  -36],   [  65, -112,   34,   94]],  [[ -41,   35,  -73,  -87],   [-127,    0,    5, -107],   [ -69,   28,  -35,  -68]],  [[-126, -118,   35,  -98],   [  88,   14,  -63,   35],   [ -86,  -45,   -1,   37]]], [[[ -92,  -38, -104,  -94],   [ -70,  -47,  104,  -27],   [-100,  105,   18,  -98]],  [[-106, -106,  105,   16],   [  46,  118,  -25,  104],   [ -25,   51,   83, -110]],  [[  60,   78,  120,   47],   [  -3,  -91,   68,   -9],   [  78, -115,  -39,   77]]], [[[  28,   56,   23,   78],   [  84,   66,   42,  -59],   [-108,   74,  -38,  -64]],  [[-127,  -92, -118,  -28],   [ -52,   -1,   19,  -55],   [   9,   27,   44,   26]],  [[-119,  -66,   75,   31],   [ -52,  -36,  109,   60],   [ -32,  -53,  -95,   76]]], [[[  33,  -22,   49,   14],   [   8,   44,   68,    5],   [ -22,  -62,  -50,  122]],  [[ -80, -103,   30,  -45],   [-103,   13,   64, -120],   [  -3,  -88,   19,   76]],  [[  77,   72,  -52,   35],   [  38,  102,   50,   65],   [-102,  -51,  -34,   37]]]]> : tensor<6x3x3x4xi8>
  %b = "tosa.const"() {values = dense<[-0.15,  0.12,  0.  ,  0.17, -0.4 ,  0.27]> : tensor<6xf32>} : () -> tensor<6xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x6x6x4xi8> -> tensor<1x6x6x4xf32>
  %dw = quant_pt2e.dequantize %w scales([0.004]) zero_points([0]) range(-127, 127) : tensor<6x3x3x4xi8> -> tensor<6x3x3x4xf32>
  %c = tosa.conv2d %dx, %dw, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<6x3x3x4xf32>, tensor<6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x6xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  %q = quant_pt2e.quantize %r scales([0.09]) zero_points([-128]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x6x6x4xi8> -> tensor<1x6x6x4xf32>
  %a = tosa.avg_pool2d %d, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %qa = quant_pt2e.quantize %a scales([0.03]) zero_points([2]) range(-128, 127) : tensor<1x6x6x4xf32> -> tensor<1x6x6x4xi8>
  %m = tosa.max_pool2d %d {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %qm = quant_pt2e.quantize %m scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x6x6x4xf32> -> tensor<1x6x6x4xi8>
  %da = quant_pt2e.dequantize %qa scales([0.03]) zero_points([2]) range(-128, 127) : tensor<1x6x6x4xi8> -> tensor<1x6x6x4xf32>
  %dm = quant_pt2e.dequantize %qm scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x6x6x4xi8> -> tensor<1x6x6x4xf32>
  %s = tosa.add %da, %dm : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %qs = quant_pt2e.quantize %s scales([0.06]) zero_points([-10]) range(-128, 127) : tensor<1x6x6x4xf32> -> tensor<1x6x6x4xi8>
  %ds = quant_pt2e.dequantize %qs scales([0.06]) zero_points([-10]) range(-128, 127) : tensor<1x6x6x4xi8> -> tensor<1x6x6x4xf32>
  %o = tosa.concat %ds, %dm {axis = 3 : i32} : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x8xf32>
  %qo = quant_pt2e.quantize %o scales([0.06]) zero_points([-10]) range(-128, 127) : tensor<1x6x6x8xf32> -> tensor<1x6x6x8xi8>
  return %q, %qo : tensor<1x6x6x6xi8>, tensor<1x6x6x8xi8>
}
