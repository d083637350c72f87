// RUN: quant-opt %s -split-input-file -quant-pt2e-fuse-qdq | FileCheck %s
// RUN: quant-opt %s -split-input-file -quant-pt2e-fuse-qdq=backend=reference | FileCheck %s --check-prefix=REF
// RUN: not quant-opt %s -split-input-file -quant-pt2e-fuse-qdq=backend=tpu 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: quant-pt2e-fuse-qdq: unknown backend 'tpu' (onednn, reference)

// conv -> relu -> q: relu becomes act_range(zp, qmax); the per-channel
// weight scales and the float bias move into the fused op; the dq ops die.
// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[Q:.+]] = quant_pt2e.quantize %{{.+}} scales([5.000000e-02]) zero_points([3])
// CHECK: %[[C:.+]] = quant_pt2e.qconv2d %[[Q]], %{{.+}}, %{{.+}} input(5.000000e-02, 3) weight([0.00999999977, 4.000000e-02]) output(1.000000e-01, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1
// CHECK-NOT: aten.relu
// CHECK-NOT: aten.convolution
// CHECK: quant_pt2e.dequantize %[[C]]
// REF-LABEL: func.func @conv_relu
// REF-NOT: quant_pt2e.qconv2d
// REF: aten.convolution
func.func @conv_relu(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %wq = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> : tensor<2x2x1x1xi8>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %q0 = quant_pt2e.quantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %d0 = quant_pt2e.dequantize %q0 scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %wq axis(0) scales([0.01, 0.04]) zero_points([0, 0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %c = aten.convolution %d0, %wd, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = aten.relu %c : tensor<1x2x4x4xf32>
  %q1 = quant_pt2e.quantize %r scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %d1 = quant_pt2e.dequantize %q1 scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  return %d1 : tensor<1x2x4x4xf32>
}

// -----

// hardtanh(0, 6) with scale 0.05, zp -128: act_range(q(0), q(6)) =
// (-128, -8); linear with a per-tensor weight; add -> relu; max pool with
// the same qparams on both sides.
// CHECK-LABEL: func.func @linear_add_pool
// CHECK: quant_pt2e.qlinear %{{.+}}, %{{.+}} input(1.000000e-01, 0) weight([2.000000e-02]) output(5.000000e-02, -128) range(-128, 127) act_range(-128, -8)
// CHECK: quant_pt2e.qadd %{{.+}}, %{{.+}} lhs(1.000000e-01, 0) rhs(1.000000e-01, 0) output(2.000000e-01, 1) range(-128, 127) act_range(1, 127)
// CHECK: quant_pt2e.qmax_pool2d %{{.+}} kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1]
// CHECK-NOT: aten.
func.func @linear_add_pool(%v: tensor<2x4xi8>, %a: tensor<1x1x4x4xi8>) -> (tensor<2x3xi8>, tensor<1x1x4x4xi8>, tensor<1x1x2x2xi8>) {
  %w = arith.constant dense<1> : tensor<3x4xi8>
  %dv = quant_pt2e.dequantize %v scales([0.1]) zero_points([0]) range(-128, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %dw = quant_pt2e.dequantize %w scales([0.02]) zero_points([0]) range(-127, 127) : tensor<3x4xi8> -> tensor<3x4xf32>
  %l = aten.linear %dv, %dw : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %h = aten.hardtanh %l {min_val = 0.0 : f64, max_val = 6.0 : f64} : tensor<2x3xf32>
  %ql = quant_pt2e.quantize %h scales([0.05]) zero_points([-128]) range(-128, 127) : tensor<2x3xf32> -> tensor<2x3xi8>
  %da = quant_pt2e.dequantize %a scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xi8> -> tensor<1x1x4x4xf32>
  %s = aten.add %da, %da : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %r = aten.relu %s : tensor<1x1x4x4xf32>
  %qs = quant_pt2e.quantize %r scales([0.2]) zero_points([1]) range(-128, 127) : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xi8>
  %p = aten.max_pool2d %da kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %qp = quant_pt2e.quantize %p scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x1x2x2xf32> -> tensor<1x1x2x2xi8>
  return %ql, %qs, %qp : tensor<2x3xi8>, tensor<1x1x4x4xi8>, tensor<1x1x2x2xi8>
}

// -----

// No match: a transposed conv, an asymmetric weight (zero point 1), a conv
// whose result has a second user, a non-constant weight, a max pool that
// requantizes with other qparams, and a dynamic quantize.
// CHECK-LABEL: func.func @no_match
// CHECK-NOT: quant_pt2e.q{{conv2d|linear|add|max_pool2d}}
// CHECK: return
func.func @no_match(%x: tensor<1x2x4x4xi8>, %wv: tensor<2x2x1x1xi8>, %s: f32, %z: i64) -> (tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xi8>, tensor<1x2x2x2xi8>, tensor<1x2x4x4xi8>) {
  %w = arith.constant dense<3> : tensor<2x2x1x1xi8>
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %w scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %wa = quant_pt2e.dequantize %w scales([0.01]) zero_points([1]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %wn = quant_pt2e.dequantize %wv scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %t = aten.convolution %d, %wd stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %qt = quant_pt2e.quantize %t scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %a = aten.convolution %d, %wa stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %qa = quant_pt2e.quantize %a scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %u = aten.convolution %d, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %qu = quant_pt2e.quantize %u scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %n = aten.convolution %d, %wn stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %qn = quant_pt2e.quantize %n scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %p = aten.max_pool2d %d kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %qp = quant_pt2e.quantize %p scales([0.07]) zero_points([0]) range(-128, 127) : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  %r = aten.relu %d : tensor<1x2x4x4xf32>
  %qr = quant_pt2e.quantize %r qparams(%s, %z : f32, i64) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  return %qt, %qa, %qu, %u, %qn, %qp, %qr : tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xi8>, tensor<1x2x2x2xi8>, tensor<1x2x4x4xi8>
}

// -----

// A shared-spec relu6 after a fused conv (conv -> q -> dq -> hardtanh -> q,
// all with the conv's output qparams) narrows the conv's act range to
// (q(0), q(6)) = (-128, -8) and disappears.
// CHECK-LABEL: func.func @shared_relu6
// CHECK: %[[C:.+]] = quant_pt2e.qconv2d {{.*}} output(5.000000e-02, -128) range(-128, 127) act_range(-128, -8)
// CHECK-NOT: aten.hardtanh
// CHECK: return %[[C]]
func.func @shared_relu6(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %d0 = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %w scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %c = aten.convolution %d0, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %q1 = quant_pt2e.quantize %c scales([0.05]) zero_points([-128]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %d1 = quant_pt2e.dequantize %q1 scales([0.05]) zero_points([-128]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %h = aten.hardtanh %d1 {min_val = 0.0 : f64, max_val = 6.0 : f64} : tensor<1x2x4x4xf32>
  %q2 = quant_pt2e.quantize %h scales([0.05]) zero_points([-128]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  return %q2 : tensor<1x2x4x4xi8>
}

// -----

// No match for oneDNN: ui8 activations stay in reference form (its lowering
// takes i8 only), so they still run instead of failing the compile.
// CHECK-LABEL: func.func @unsigned
// CHECK-NOT: quant_pt2e.qconv2d
// CHECK: aten.convolution
func.func @unsigned(%x: tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xui8> {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(0, 255) : tensor<1x2x4x4xui8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %w scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %c = aten.convolution %d, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %q = quant_pt2e.quantize %c scales([0.1]) zero_points([0]) range(0, 255) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xui8>
  return %q : tensor<1x2x4x4xui8>
}
