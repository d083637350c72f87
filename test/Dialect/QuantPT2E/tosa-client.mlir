// RUN: quant-opt %s -split-input-file --quant-pt2e-annotate | FileCheck %s --check-prefix=ANN
// RUN: quant-opt %s -split-input-file --quant-pt2e-fuse-qdq=backend=vector | FileCheck %s
// RUN: quant-opt %s -split-input-file --quant-pt2e-annotate --quant-pt2e-check-backend=backend=qnnpack | FileCheck %s --check-prefix=QNN
// RUN: not quant-opt %s -split-input-file --quant-pt2e-annotate --quant-pt2e-check-backend=backend=onednn 2>&1 | FileCheck %s --check-prefix=ONEDNN
// RUN: quant-opt %s -split-input-file --quant-pt2e-fuse-qdq=backend=reference | FileCheck %s --check-prefix=REF
// RUN: quant-opt %s -split-input-file --quant-pt2e-fuse-qdq=backend=xnnpack | FileCheck %s --check-prefix=XNN

// TOSA as a client of the quantization passes: QuantizableOpInterface
// attached to upstream's TOSA ops as external models
// (lib/Interfaces/Tosa). The XNNPACK quantizer sees conv2d -> clamp(0, max)
// as conv-relu: inputs on the conv (activation, symmetric weight along the
// OHWI weight's axis 0), the output on the clamp.
// ANN-LABEL: func.func @conv_relu
// ANN: tosa.conv2d {{.+}}quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, {{.+}}>, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric, ch_axis = 0, {{.+}}>, #quant_pt2e.none, #quant_pt2e.none, #quant_pt2e.none], annotated = true>
// ANN: tosa.clamp {{.+}}quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.spec<int8, [-128, 127]
// check-backend matches the TOSA ops by kind: QNNPACK's conv-relu pattern
// takes them; oneDNN's uint8 configs refuse the int8 specs, naming the op.
// QNN: quant_pt2e.backend = #quant_pt2e.backend_config<"qnnpack"
// QNN-LABEL: func.func @conv_relu
// QNN: tosa.conv2d {{.+}}quant_pt2e.annotation
// ONEDNN: error: annotation of 'tosa.conv2d' violates backend 'onednn': no dtype config accepts it (activation #0 has dtype i8, the config takes ui8)
// A clamp(0, 6) is a clamp, not a relu: the conv's output is quantized
// on its own.
// ANN-LABEL: func.func @conv_clamp6
// ANN: tosa.conv2d {{.+}}output = #quant_pt2e.spec<int8, [-128, 127]
func.func @conv_relu(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.5, -0.25, 1.0]]], [[[0.125, 0.75, -1.0]]]]> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  %b = "tosa.const"() {values = dense<[0.5, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}
func.func @conv_clamp6(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.5, -0.25, 1.0]]], [[[0.125, 0.75, -1.0]]]]> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  %b = "tosa.const"() {values = dense<[0.5, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// -----

// dq -> tosa.conv2d (NHWC, OHWI) -> relu -> q: a qconv2d on NCHW values
// between two transposes of the int8 bytes, its weight the OIHW copy of the
// OHWI constant made at compile time, the tosa.const bias an arith
// constant; the relu is the act range.
// CHECK-LABEL: func.func @fused_conv
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}1, 4]], {{\[\[}}2, 5]], {{\[\[}}3, 6]]], {{\[\[\[}}7, 10]], {{\[\[}}8, 11]], {{\[\[}}9, 12]]]]> : tensor<2x3x1x2xi8>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[XT:.+]] = linalg.transpose ins(%{{.+}} : tensor<1x4x4x3xi8>) outs(%{{.+}} : tensor<1x3x4x4xi8>) permutation = [0, 3, 1, 2]
// CHECK: %[[C:.+]] = quant_pt2e.qconv2d %[[XT]], %[[W]], %[[B]] input(5.000000e-02, 3) weight([7.812500e-03]) output(1.000000e-01, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x3x4x4xi8>, tensor<2x3x1x2xi8>, tensor<2xf32>) -> tensor<1x2x4x3xi8>
// CHECK: %[[Y:.+]] = linalg.transpose ins(%[[C]] : tensor<1x2x4x3xi8>) outs(%{{.+}} : tensor<1x4x3x2xi8>) permutation = [0, 2, 3, 1]
// CHECK-NOT: tosa.conv2d
// CHECK-NOT: tosa.clamp
// CHECK: return %[[Y]]
// REF-LABEL: func.func @fused_conv
// REF-NOT: quant_pt2e.qconv2d
// REF: tosa.conv2d
func.func @fused_conv(%x: tensor<1x4x4x3xi8>) -> tensor<1x4x3x2xi8> {
  %w = arith.constant dense<[[[[1, 2, 3], [4, 5, 6]]], [[[7, 8, 9], [10, 11, 12]]]]> : tensor<2x1x2x3xi8>
  %b = "tosa.const"() {values = dense<[0.5, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4x4x3xi8> -> tensor<1x4x4x3xf32>
  %dw = quant_pt2e.dequantize %w scales([0.0078125]) zero_points([0]) range(-127, 127) : tensor<2x1x2x3xi8> -> tensor<2x1x2x3xf32>
  %c = tosa.conv2d %dx, %dw, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x2x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x3x2xf32>) -> tensor<1x4x3x2xf32>
  %q = quant_pt2e.quantize %r scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x4x3x2xf32> -> tensor<1x4x3x2xi8>
  return %q : tensor<1x4x3x2xi8>
}

// -----

// Max pooling with one shared spec: a qmax_pool2d on NCHW bytes between
// transposes.
// CHECK-LABEL: func.func @fused_max_pool
// CHECK: %[[XT:.+]] = linalg.transpose ins(%{{.+}} : tensor<1x4x4x2xi8>) outs(%{{.+}} : tensor<1x2x4x4xi8>) permutation = [0, 3, 1, 2]
// CHECK: %[[P:.+]] = quant_pt2e.qmax_pool2d %[[XT]] kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x2x4x4xi8> -> tensor<1x2x2x2xi8>
// CHECK: linalg.transpose ins(%[[P]] : tensor<1x2x2x2xi8>) outs(%{{.+}} : tensor<1x2x2x2xi8>) permutation = [0, 2, 3, 1]
// CHECK-NOT: tosa.max_pool2d
func.func @fused_max_pool(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4x4x2xi8> -> tensor<1x4x4x2xf32>
  %p = tosa.max_pool2d %d {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %q = quant_pt2e.quantize %p scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  return %q : tensor<1x2x2x2xi8>
}

// -----

// No match: an asymmetric padding (no qconv2d padding expresses it) and a
// depthwise conv (its [KH, KW, C, M] weight is not OHWI) stay float; the
// attempt leaves nothing behind.
// CHECK-LABEL: func.func @not_fused
// CHECK-NOT: quant_pt2e.qconv2d
// CHECK-NOT: linalg.transpose
// CHECK: tosa.conv2d
// CHECK: tosa.depthwise_conv2d
func.func @not_fused(%x: tensor<1x4x4x3xi8>) -> (tensor<1x4x4x2xi8>, tensor<1x4x4x3xi8>) {
  %w = arith.constant dense<1> : tensor<2x2x2x3xi8>
  %wd = arith.constant dense<1> : tensor<1x1x3x1xi8>
  %b = "tosa.const"() {values = dense<[0.5, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %bd = "tosa.const"() {values = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4x4x3xi8> -> tensor<1x4x4x3xf32>
  %dw = quant_pt2e.dequantize %w scales([0.0078125]) zero_points([0]) range(-127, 127) : tensor<2x2x2x3xi8> -> tensor<2x2x2x3xf32>
  %dwd = quant_pt2e.dequantize %wd scales([0.0078125]) zero_points([0]) range(-127, 127) : tensor<1x1x3x1xi8> -> tensor<1x1x3x1xf32>
  %c = tosa.conv2d %dx, %dw, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x2x2x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %q = quant_pt2e.quantize %c scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xi8>
  %cd = tosa.depthwise_conv2d %dx, %dwd, %bd, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<1x1x3x1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %qd = quant_pt2e.quantize %cd scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x4x4x3xf32> -> tensor<1x4x4x3xi8>
  return %q, %qd : tensor<1x4x4x2xi8>, tensor<1x4x4x3xi8>
}

// -----

// A windowed average pool (TOSA divides by the valid count, as
// count_include_pad=False): a qavg_pool2d between transposes; XNNPACK has
// no windowed average pooling, so its attempt is undone and leaves nothing
// behind.
// CHECK-LABEL: func.func @avg_pool
// CHECK: %[[XT:.+]] = linalg.transpose ins(%{{.+}} : tensor<1x4x4x2xi8>) outs(%{{.+}} : tensor<1x2x4x4xi8>) permutation = [0, 3, 1, 2]
// CHECK: %[[P:.+]] = quant_pt2e.qavg_pool2d %[[XT]] input(5.000000e-02, 3) output(2.500000e-02, -7) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [1, 1] : tensor<1x2x4x4xi8> -> tensor<1x2x3x3xi8>
// CHECK-NOT: count_include_pad
// CHECK: linalg.transpose ins(%[[P]] : tensor<1x2x3x3xi8>) outs(%{{.+}} : tensor<1x3x3x2xi8>) permutation = [0, 2, 3, 1]
// XNN-LABEL: func.func @avg_pool
// XNN-NOT: linalg.transpose
// XNN-NOT: quant_pt2e.qavg_pool2d
// XNN: tosa.avg_pool2d
// XNN-NOT: linalg.transpose
func.func @avg_pool(%x: tensor<1x4x4x2xi8>) -> tensor<1x3x3x2xi8> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4x4x2xi8> -> tensor<1x4x4x2xf32>
  %p = tosa.avg_pool2d %d, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %q = quant_pt2e.quantize %p scales([0.025]) zero_points([-7]) range(-128, 127) : tensor<1x3x3x2xf32> -> tensor<1x3x3x2xi8>
  return %q : tensor<1x3x3x2xi8>
}
