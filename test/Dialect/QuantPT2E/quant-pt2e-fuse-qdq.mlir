// RUN: quant-opt %s -split-input-file -verify-diagnostics -quant-pt2e-fuse-qdq | FileCheck %s
// RUN: quant-opt %s -split-input-file -verify-diagnostics -quant-pt2e-fuse-qdq=backend=reference | FileCheck %s --check-prefix=REF
// RUN: not quant-opt %s -split-input-file -quant-pt2e-fuse-qdq=backend=tpu 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: quant-opt %s -split-input-file -verify-diagnostics -quant-pt2e-fuse-qdq=backend=xnnpack | FileCheck %s --check-prefix=XNN

// BAD: quant-pt2e-fuse-qdq: unknown backend 'tpu' (onednn, xnnpack, vector, reference)

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

// ui8 activations: fused for oneDNN (u8 src/dst); no match for XNNPACK
// (its operators here are qs8), so they stay in reference form and still
// run instead of failing the compile.
// CHECK-LABEL: func.func @unsigned
// CHECK: quant_pt2e.qconv2d {{.+}} : (tensor<1x2x4x4xui8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xui8>
// XNN-LABEL: func.func @unsigned
// XNN-NOT: quant_pt2e.qconv2d
// XNN: aten.convolution
func.func @unsigned(%x: tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xui8> {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([3]) range(0, 255) : tensor<1x2x4x4xui8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %w scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %c = aten.convolution %d, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %q = quant_pt2e.quantize %c scales([0.1]) zero_points([0]) range(0, 255) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xui8>
  return %q : tensor<1x2x4x4xui8>
}

// -----

// mul, global mean, view and cat: fused for oneDNN and XNNPACK alike.
// CHECK-LABEL: func.func @mul_mean_view_cat
// CHECK: %[[M:.+]] = quant_pt2e.qmul %{{.+}}, %{{.+}} lhs(1.000000e-01, 0) rhs(2.000000e-01, 1) output(5.000000e-02, -3) range(-128, 127) act_range(-3, 127)
// CHECK: %[[P:.+]] = quant_pt2e.qavg_pool2d %[[M]] input(5.000000e-02, -3) output(2.500000e-02, 0) range(-128, 127) act_range(-128, 127) kernel [4, 4] stride [4, 4] padding [0, 0] count_include_pad
// CHECK: %[[V:.+]] = tensor.reshape %[[P]](%{{.+}}) : (tensor<1x2x1x1xi8>, tensor<2xi64>) -> tensor<1x2xi8>
// CHECK: quant_pt2e.qcat %[[V]], %{{.+}} dim 1 scales([2.500000e-02, 1.000000e-01]) zero_points([0, 0]) output(1.000000e-01, 0) range(-128, 127) : tensor<1x2xi8>, tensor<1x2xi8> -> tensor<1x4xi8>
// CHECK-NOT: aten.
// XNN-LABEL: func.func @mul_mean_view_cat
// XNN: quant_pt2e.qmul
// XNN: quant_pt2e.qavg_pool2d
// XNN: tensor.reshape
// XNN: quant_pt2e.qcat
// REF-LABEL: func.func @mul_mean_view_cat
// REF-NOT: quant_pt2e.q{{(mul|add|avg_pool2d|cat|linear|conv2d)}}
// REF-NOT: tensor.reshape
func.func @mul_mean_view_cat(%a: tensor<1x2x4x4xi8>, %b: tensor<1x2x4x4xi8>, %c: tensor<1x2xi8>) -> tensor<1x4xf32> {
  %da = quant_pt2e.dequantize %a scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %db = quant_pt2e.dequantize %b scales([0.2]) zero_points([1]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %m = aten.mul %da, %db : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %r = aten.relu %m : tensor<1x2x4x4xf32>
  %qm = quant_pt2e.quantize %r scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %dm = quant_pt2e.dequantize %qm scales([0.05]) zero_points([-3]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %p = aten.mean %dm dims [-1, -2] keepdim : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  %qp = quant_pt2e.quantize %p scales([0.025]) zero_points([0]) range(-128, 127) : tensor<1x2x1x1xf32> -> tensor<1x2x1x1xi8>
  %dp = quant_pt2e.dequantize %qp scales([0.025]) zero_points([0]) range(-128, 127) : tensor<1x2x1x1xi8> -> tensor<1x2x1x1xf32>
  %v = aten.view %dp size [1, 2] : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  %qv = quant_pt2e.quantize %v scales([0.025]) zero_points([0]) range(-128, 127) : tensor<1x2xf32> -> tensor<1x2xi8>
  %dv = quant_pt2e.dequantize %qv scales([0.025]) zero_points([0]) range(-128, 127) : tensor<1x2xi8> -> tensor<1x2xf32>
  %dc = quant_pt2e.dequantize %c scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x2xi8> -> tensor<1x2xf32>
  %cat = aten.cat %dv, %dc dim -1 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %qc = quant_pt2e.quantize %cat scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  %dq = quant_pt2e.dequantize %qc scales([0.1]) zero_points([0]) range(-128, 127) : tensor<1x4xi8> -> tensor<1x4xf32>
  return %dq : tensor<1x4xf32>
}

// -----

// What XNNPACK's 2022 build cannot take stays in reference form while
// oneDNN fuses it: a per-channel linear layer, an add whose input/output
// scale ratio is below 2^-10, a windowed average pool, a view whose
// qparams change (never fused) and a conv clamped to a single value.
// CHECK-LABEL: func.func @xnnpack_limits
// CHECK: quant_pt2e.qlinear
// CHECK: quant_pt2e.qadd
// CHECK: quant_pt2e.qavg_pool2d %{{.+}} kernel [2, 2] stride [2, 2] padding [1, 1] count_include_pad
// CHECK: aten.view
// CHECK: quant_pt2e.qconv2d {{.+}} act_range(0, 0)
// XNN-LABEL: func.func @xnnpack_limits
// XNN-NOT: quant_pt2e.q{{(mul|add|avg_pool2d|cat|linear|conv2d)}}
// XNN: aten.linear
// XNN: aten.add
// XNN: aten.avg_pool2d
// XNN: aten.view
// XNN: aten.convolution
// XNN-NOT: quant_pt2e.q{{(mul|add|avg_pool2d|cat|linear|conv2d)}}
func.func @xnnpack_limits(%x: tensor<2x4xi8>, %y: tensor<1x1x4x4xi8>, %z: tensor<1x1x4x4xi8>) -> (tensor<2x3xi8>, tensor<1x1x4x4xi8>, tensor<1x1x3x3xi8>, tensor<1x16xi8>, tensor<1x1x4x4xi8>) {
  %w = arith.constant dense<1> : tensor<3x4xi8>
  %dx = quant_pt2e.dequantize %x scales([0.1]) zero_points([0]) range(-128, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %dw = quant_pt2e.dequantize %w axis(0) scales([0.01, 0.02, 0.03]) zero_points([0, 0, 0]) range(-127, 127) : tensor<3x4xi8> -> tensor<3x4xf32>
  %l = aten.linear %dx, %dw : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %ql = quant_pt2e.quantize %l scales([0.05]) zero_points([0]) range(-128, 127) : tensor<2x3xf32> -> tensor<2x3xi8>
  %dy = quant_pt2e.dequantize %y scales([0.0001]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xi8> -> tensor<1x1x4x4xf32>
  %dz = quant_pt2e.dequantize %z scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xi8> -> tensor<1x1x4x4xf32>
  %s = aten.add %dy, %dz : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %qs = quant_pt2e.quantize %s scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xi8>
  %dz2 = quant_pt2e.dequantize %z scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xi8> -> tensor<1x1x4x4xf32>
  %p = aten.avg_pool2d %dz2 kernel [2, 2] stride [2, 2] padding [1, 1] count_include_pad : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  %qp = quant_pt2e.quantize %p scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x3x3xf32> -> tensor<1x1x3x3xi8>
  %dz3 = quant_pt2e.dequantize %z scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xi8> -> tensor<1x1x4x4xf32>
  %v = aten.view %dz3 size [1, 16] : tensor<1x1x4x4xf32> -> tensor<1x16xf32>
  %qv = quant_pt2e.quantize %v scales([0.25]) zero_points([0]) range(-128, 127) : tensor<1x16xf32> -> tensor<1x16xi8>
  %cw = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %dz4 = quant_pt2e.dequantize %z scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xi8> -> tensor<1x1x4x4xf32>
  %dcw = quant_pt2e.dequantize %cw scales([0.01]) zero_points([0]) range(-127, 127) : tensor<1x1x1x1xi8> -> tensor<1x1x1x1xf32>
  %c = aten.convolution %dz4, %dcw stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %h = aten.hardtanh %c {min_val = 0.0 : f64, max_val = 0.0 : f64} : tensor<1x1x4x4xf32>
  %qc = quant_pt2e.quantize %h scales([0.5]) zero_points([0]) range(-128, 127) : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xi8>
  return %ql, %qs, %qp, %qv, %qc : tensor<2x3xi8>, tensor<1x1x4x4xi8>, tensor<1x1x3x3xi8>, tensor<1x16xi8>, tensor<1x1x4x4xi8>
}

// -----

// Residual sums. @residual: conv -> q -> dq -> add(dq(r)) -> relu -> q
// (the XNNPACK quantizer) becomes one qconv2d whose conv_output keeps the
// intermediate quantization; the relu narrows the act range.
// @residual_float: conv -> add -> q under one output quantization (the
// oneDNN config), residual first. XNNPACK has no residual sum: the conv and
// the add stay separate fused ops, the float conv-add stays as it is.
// CHECK-LABEL: func.func @residual
// CHECK: %[[C:.+]] = quant_pt2e.qconv2d %arg0, %{{.+}} input(5.000000e-02, 0) weight([0.00999999977]) conv_output(1.000000e-01, -5) clamp(-128, 127) residual(%arg1 : tensor<1x2x4x4xi8>, 2.000000e-01, 1) output(2.500000e-01, -20) range(-128, 127) act_range(-20, 127)
// CHECK-NOT: qadd
// CHECK-NOT: aten.
// CHECK: return %[[C]]
// XNN-LABEL: func.func @residual
// XNN: %[[C:.+]] = quant_pt2e.qconv2d %arg0
// XNN-NOT: residual
// XNN: quant_pt2e.qadd %[[C]], %arg1
func.func @residual(%x: tensor<1x2x4x4xi8>, %r: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %wq = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> : tensor<2x2x1x1xi8>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %wq scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %c = aten.convolution %dx, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %qc = quant_pt2e.quantize %c scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %dc = quant_pt2e.dequantize %qc scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %dr = quant_pt2e.dequantize %r scales([0.2]) zero_points([1]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %s = aten.add %dc, %dr : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %a = aten.relu %s : tensor<1x2x4x4xf32>
  %y = quant_pt2e.quantize %a scales([0.25]) zero_points([-20]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  return %y : tensor<1x2x4x4xi8>
}

// CHECK-LABEL: func.func @residual_float
// CHECK-NOT: quant_pt2e.dequantize
// CHECK: %[[C:.+]] = quant_pt2e.qconv2d %arg0, %{{.+}} input(5.000000e-02, 0) weight([0.00999999977]) residual(%arg1 : tensor<1x2x4x4xi8>, 2.000000e-01, 1) output(2.500000e-01, -20) range(-128, 127) act_range(-128, 127)
// CHECK-NOT: aten.
// CHECK: return %[[C]]
// XNN-LABEL: func.func @residual_float
// XNN: aten.convolution
// XNN: aten.add
func.func @residual_float(%x: tensor<1x2x4x4xi8>, %r: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %wq = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> : tensor<2x2x1x1xi8>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %wq scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %c = aten.convolution %dx, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %dr = quant_pt2e.dequantize %r scales([0.2]) zero_points([1]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %s = aten.add %dr, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %y = quant_pt2e.quantize %s scales([0.25]) zero_points([-20]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  return %y : tensor<1x2x4x4xi8>
}

// No residual sum: the conv result has another user (%c2), the add has
// alpha 2 (float form).
// CHECK-LABEL: func.func @residual_no_match
// CHECK-NOT: residual(
// CHECK: quant_pt2e.qadd
// CHECK-NOT: residual(
// CHECK: aten.add
func.func @residual_no_match(%x: tensor<1x2x4x4xi8>, %r: tensor<1x2x4x4xi8>) -> (tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>) {
  %wq = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> : tensor<2x2x1x1xi8>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %wd = quant_pt2e.dequantize %wq scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x2x1x1xi8> -> tensor<2x2x1x1xf32>
  %dr = quant_pt2e.dequantize %r scales([0.2]) zero_points([1]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %c2 = aten.convolution %dx, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %qc2 = quant_pt2e.quantize %c2 scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %dc2 = quant_pt2e.dequantize %qc2 scales([0.1]) zero_points([-5]) range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>
  %s2 = aten.add %dc2, %dr : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %y2 = quant_pt2e.quantize %s2 scales([0.25]) zero_points([-20]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  %c4 = aten.convolution %dx, %wd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s4 = aten.add %c4, %dr {alpha = 2.0 : f64} : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %y4 = quant_pt2e.quantize %s4 scales([0.25]) zero_points([-20]) range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>
  return %qc2, %y2, %y4 : tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8>
}

// -----

// linear -> tanh / leaky_relu -> q: a float post-op of the qlinear (oneDNN);
// XNNPACK leaves the chain; tanh after a conv is no post-op.
// CHECK-LABEL: func.func @linear_post_ops
// CHECK: quant_pt2e.qlinear %arg0, %{{.+}} input(5.000000e-02, 0) weight([0.00999999977]) post_op(<tanh>, 0.000000e+00) output(7.812500e-03, 0)
// CHECK: quant_pt2e.qlinear %arg0, %{{.+}} input(5.000000e-02, 0) weight([0.00999999977]) post_op(<leaky_relu>, 2.000000e-01) output(5.000000e-02, -10)
// CHECK: aten.convolution
// CHECK: aten.tanh
// XNN-LABEL: func.func @linear_post_ops
// XNN-NOT: post_op
// XNN: aten.tanh
// XNN: aten.leaky_relu
func.func @linear_post_ops(%x: tensor<2x4xi8>, %y: tensor<1x4x1x1xi8>) -> (tensor<2x2xi8>, tensor<2x2xi8>, tensor<1x2x1x1xi8>) {
  %wq = arith.constant dense<[[100, -50, 20, 7], [50, 100, -3, 9]]> : tensor<2x4xi8>
  %cw = arith.constant dense<[[[[100]], [[-50]], [[20]], [[7]]], [[[50]], [[100]], [[-3]], [[9]]]]> : tensor<2x4x1x1xi8>
  %dx = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %wd = quant_pt2e.dequantize %wq scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %l1 = aten.linear %dx, %wd : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x2xf32>
  %t1 = aten.tanh %l1 : tensor<2x2xf32>
  %y1 = quant_pt2e.quantize %t1 scales([0.0078125]) zero_points([0]) range(-128, 127) : tensor<2x2xf32> -> tensor<2x2xi8>
  %l2 = aten.linear %dx, %wd : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x2xf32>
  %t2 = aten.leaky_relu %l2 {negative_slope = 0.2 : f64} : tensor<2x2xf32>
  %y2 = quant_pt2e.quantize %t2 scales([0.05]) zero_points([-10]) range(-128, 127) : tensor<2x2xf32> -> tensor<2x2xi8>
  %dy = quant_pt2e.dequantize %y scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4x1x1xi8> -> tensor<1x4x1x1xf32>
  %cwd = quant_pt2e.dequantize %cw scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x4x1x1xi8> -> tensor<2x4x1x1xf32>
  %c = aten.convolution %dy, %cwd stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x1x1xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x1x1xf32>
  %t3 = aten.tanh %c : tensor<1x2x1x1xf32>
  %y3 = quant_pt2e.quantize %t3 scales([0.0078125]) zero_points([0]) range(-128, 127) : tensor<1x2x1x1xf32> -> tensor<1x2x1x1xi8>
  return %y1, %y2, %y3 : tensor<2x2xi8>, tensor<2x2xi8>, tensor<1x2x1x1xi8>
}

// -----

// No match: dynamic shapes are refused up front (fused ops need static
// shapes).
func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{quant-pt2e-fuse-qdq: dynamic shapes are not supported, got 'tensor<?x4xi8>'}}
  %q = quant_pt2e.quantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<?x4xf32> -> tensor<?x4xi8>
  %d = quant_pt2e.dequantize %q scales([0.05]) zero_points([3]) range(-128, 127) : tensor<?x4xi8> -> tensor<?x4xf32>
  %r = aten.relu %d : tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

// q(f(dq(x))) with an element-wise f: a 256-entry table (every backend but
// reference). Entry 128 is x = 0: hardswish(0) = 0, quantized to zp -100;
// entry 0 is x = -128 * 0.05 = -6.4: hardswish 0 as well; entry 255 is
// 6.35: 6.35 / 0.02 - 100 = 217.5, clamped to 127.
// CHECK-LABEL: func.func @lookup
// CHECK: quant_pt2e.qlookup %{{.+}} table([-100, {{.*}}, 127]) : tensor<1x4xi8> -> tensor<1x4xi8>
// CHECK-NOT: aten.hardswish
// XNN-LABEL: func.func @lookup
// XNN: quant_pt2e.qlookup
// REF-LABEL: func.func @lookup
// REF: aten.hardswish
// REF-NOT: quant_pt2e.qlookup
func.func @lookup(%x: tensor<1x4xi8>) -> tensor<1x4xi8> {
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4xi8> -> tensor<1x4xf32>
  %h = aten.hardswish %d : tensor<1x4xf32>
  %q = quant_pt2e.quantize %h scales([0.02]) zero_points([-100]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  return %q : tensor<1x4xi8>
}

// -----

// No table: the float value has a second user; a per-channel dequantize;
// an op that is not element-wise (softmax).
// CHECK-LABEL: func.func @no_lookup
// CHECK-NOT: quant_pt2e.qlookup
// CHECK: aten.silu
// CHECK: aten.sigmoid
// CHECK: aten.softmax
// CHECK-NOT: quant_pt2e.qlookup
func.func @no_lookup(%x: tensor<1x4xi8>) -> (tensor<1x4xi8>, tensor<1x4xf32>, tensor<1x4xi8>, tensor<1x4xi8>) {
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4xi8> -> tensor<1x4xf32>
  %s = aten.silu %d : tensor<1x4xf32>
  %q = quant_pt2e.quantize %s scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  %dc = quant_pt2e.dequantize %x axis(1) scales([0.05, 0.04, 0.03, 0.02]) zero_points([0, 0, 0, 0]) range(-128, 127) : tensor<1x4xi8> -> tensor<1x4xf32>
  %g = aten.sigmoid %dc : tensor<1x4xf32>
  %qg = quant_pt2e.quantize %g scales([0.004]) zero_points([-128]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  %m = aten.softmax %d dim 1 : tensor<1x4xf32>
  %qm = quant_pt2e.quantize %m scales([0.004]) zero_points([-128]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  return %q, %s, %qg, %qm : tensor<1x4xi8>, tensor<1x4xf32>, tensor<1x4xi8>, tensor<1x4xi8>
}

// -----

// A linear on [..., K] tokens: the int8 input collapsed to [M, K], the
// result expanded back. Where the backend rejects the fused op (XNNPACK:
// per-channel weights), the linear stays, with no reshape left behind.
// CHECK-LABEL: func.func @linear_tokens
// CHECK: %[[C:.+]] = tensor.collapse_shape %{{.+}} {{\[\[}}0, 1], [2]] : tensor<1x3x4xi8> into tensor<3x4xi8>
// CHECK: %[[L:.+]] = quant_pt2e.qlinear %[[C]], %{{.+}} input(5.000000e-02, 0) {{.*}} : (tensor<3x4xi8>, tensor<2x4xi8>) -> tensor<3x2xi8>
// CHECK: tensor.expand_shape %[[L]] {{\[\[}}0, 1], [2]] output_shape [1, 3, 2] : tensor<3x2xi8> into tensor<1x3x2xi8>
// CHECK: quant_pt2e.qlinear
// XNN-LABEL: func.func @linear_tokens
// XNN: tensor.collapse_shape
// XNN: quant_pt2e.qlinear
// XNN: tensor.expand_shape
// XNN-NOT: tensor.collapse_shape
// XNN: aten.linear
// XNN-NOT: tensor.collapse_shape
func.func @linear_tokens(%x: tensor<1x3x4xi8>) -> (tensor<1x3x2xi8>, tensor<1x3x2xi8>) {
  %w = arith.constant dense<[[1, -2, 3, -4], [5, 6, -7, 8]]> : tensor<2x4xi8>
  %dw = quant_pt2e.dequantize %w scales([0.01]) zero_points([0]) range(-127, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %dc = quant_pt2e.dequantize %w axis(0) scales([0.01, 0.02]) zero_points([0, 0]) range(-127, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x3x4xi8> -> tensor<1x3x4xf32>
  %l = aten.linear %d, %dw : (tensor<1x3x4xf32>, tensor<2x4xf32>) -> tensor<1x3x2xf32>
  %q = quant_pt2e.quantize %l scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x3x2xf32> -> tensor<1x3x2xi8>
  %lc = aten.linear %d, %dc : (tensor<1x3x4xf32>, tensor<2x4xf32>) -> tensor<1x3x2xf32>
  %qc = quant_pt2e.quantize %lc scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x3x2xf32> -> tensor<1x3x2xi8>
  return %q, %qc : tensor<1x3x2xi8>, tensor<1x3x2xi8>
}

// -----

// A chain of element-wise ops (ViT's gelu then eval dropout) is one table;
// a chain whose middle value has another user is not.
// CHECK-LABEL: func.func @lookup_chain
// CHECK: quant_pt2e.qlookup
// CHECK-NOT: quant_pt2e.qlookup
// CHECK: aten.gelu
// CHECK: aten.mul_scalar
// CHECK-NOT: quant_pt2e.qlookup
func.func @lookup_chain(%x: tensor<1x4xi8>) -> (tensor<1x4xi8>, tensor<1x4xi8>, tensor<1x4xf32>) {
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x4xi8> -> tensor<1x4xf32>
  %g = aten.gelu %d : tensor<1x4xf32>
  %p = aten.dropout %g {p = 0.1 : f64} : tensor<1x4xf32>
  %q = quant_pt2e.quantize %p scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  %g2 = aten.gelu %d : tensor<1x4xf32>
  %m = aten.mul_scalar %g2, 2.0 : tensor<1x4xf32>
  %q2 = quant_pt2e.quantize %m scales([0.02]) zero_points([0]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  return %q, %q2, %g2 : tensor<1x4xi8>, tensor<1x4xi8>, tensor<1x4xf32>
}

// -----

// What is left of f(dq(x)) read as floats (an SE block's SiLU, quantized
// and averaged) on more than 256 elements: a gather from its 256 values
// tabulated at compile time, and its quantize a table of bytes (qlookup);
// not on 256 elements or fewer, not for the reference.
// CHECK-LABEL: func.func @float_table
// CHECK: %[[T:.+]] = arith.constant dense<{{.+}}> : tensor<256xf32>
// CHECK: %[[G:.+]] = linalg.generic {{.+}} ins(%arg0 : tensor<1x2x16x16xi8>)
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK: tensor.extract %[[T]][%{{.+}}] : tensor<256xf32>
// CHECK-NOT: aten.silu %{{.+}} : tensor<1x2x16x16xf32>
// CHECK-NOT: quant_pt2e.quantize
// CHECK: quant_pt2e.qlookup %arg0 table(
// CHECK: aten.mean %[[G]]
// CHECK: aten.silu %{{.+}} : tensor<1x256xf32>
// REF-LABEL: func.func @float_table
// REF-NOT: linalg.generic
// REF: aten.silu %{{.+}} : tensor<1x2x16x16xf32>
// REF-NOT: linalg.generic
func.func @float_table(%x: tensor<1x2x16x16xi8>, %y: tensor<1x256xi8>) -> (tensor<1x2x16x16xi8>, tensor<1x2x1x1xf32>, tensor<1x256xf32>) {
  %d = quant_pt2e.dequantize %x scales([0.05]) zero_points([-6]) range(-128, 127) : tensor<1x2x16x16xi8> -> tensor<1x2x16x16xf32>
  %s = aten.silu %d : tensor<1x2x16x16xf32>
  %q = quant_pt2e.quantize %s scales([0.025]) zero_points([-117]) range(-128, 127) : tensor<1x2x16x16xf32> -> tensor<1x2x16x16xi8>
  %m = aten.mean %s dims [-1, -2] keepdim : tensor<1x2x16x16xf32> -> tensor<1x2x1x1xf32>
  %dy = quant_pt2e.dequantize %y scales([0.05]) zero_points([0]) range(-128, 127) : tensor<1x256xi8> -> tensor<1x256xf32>
  %sy = aten.silu %dy : tensor<1x256xf32>
  return %q, %m, %sy : tensor<1x2x16x16xi8>, tensor<1x2x1x1xf32>, tensor<1x256xf32>
}
