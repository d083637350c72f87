// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-xnnpack -verify-diagnostics | FileCheck %s

// A conv -> add -> max pool -> global average pool chain: one call site
// each, registered once in qpt2e_init (the operator, weights packed, is
// created there); the chain stays NHWC (one transpose in, one out). A qc8
// conv passes its per-channel scales; the global pool yields [N, 1, 1, C].
// CHECK-LABEL: func.func @chain
// CHECK-COUNT-1: linalg.transpose
// CHECK: call @qpt2e_xnnpack_run(%{{.+}}) : (i64, memref<*xi8>, memref<*xi8>) -> ()
// CHECK: call @qpt2e_xnnpack_run2(%{{.+}}) : (i64, memref<*xi8>, memref<*xi8>, memref<*xi8>) -> ()
// CHECK: call @qpt2e_xnnpack_run(
// CHECK: call @qpt2e_xnnpack_run(
// CHECK-SAME: memref<*xi8>
// CHECK: bufferization.to_tensor %{{.+}} : memref<1x1x1x2xi8>
// CHECK-COUNT-1: linalg.transpose
// CHECK-NOT: linalg.transpose
// CHECK: func.func @qpt2e_init()
// CHECK: arith.constant dense<[1, 2, 4, 4, 2, 1, 1, 4, 4, 1, 1, 0, 0, 1, 1, 1, 3, -5, -5, 127, -128, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<34xi64>
// CHECK: arith.constant dense<[5.000000e-02, 1.000000e-01, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.00999999977, 4.000000e-02]> : tensor<7xf32>
// CHECK: call @qpt2e_xnnpack_conv_init(
// CHECK: arith.constant dense<[0, -5, -5, 1, 1, 127, 32]> : tensor<7xi64>
// CHECK: call @qpt2e_xnnpack_binary_init(
// CHECK: call @qpt2e_xnnpack_max_pool_init(
// CHECK: arith.constant dense<[1, 2, 9, 1, 0, 1, 127]> : tensor<7xi64>
// CHECK: call @qpt2e_xnnpack_global_avg_pool_init(
// CHECK-NOT: qpt2e_xnnpack_run
// CHECK: return
func.func @chain(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x1x1xi8> {
  %w = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> : tensor<2x2x1x1xi8>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %c = quant_pt2e.qconv2d %x, %w, %b input(0.05, 3) weight([0.01, 0.04]) output(0.1, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>, tensor<2xf32>) -> tensor<1x2x4x4xi8>
  %s = quant_pt2e.qadd %c, %c lhs(0.1, -5) rhs(0.1, -5) output(0.2, 1) range(-128, 127) act_range(1, 127) : tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8> -> tensor<1x2x4x4xi8>
  %p = quant_pt2e.qmax_pool2d %s kernel [2, 2] stride [1, 1] padding [0, 0] dilation [1, 1] : tensor<1x2x4x4xi8> -> tensor<1x2x3x3xi8>
  %g = quant_pt2e.qavg_pool2d %p input(0.2, 1) output(0.1, 0) range(-128, 127) act_range(1, 127) kernel [3, 3] stride [3, 3] padding [0, 0] : tensor<1x2x3x3xi8> -> tensor<1x2x1x1xi8>
  return %g : tensor<1x2x1x1xi8>
}

// -----

// A per-tensor linear layer is a qs8 fully connected site (QPT2E_CONV_LINEAR
// set) on the [M, K] input itself; a windowed average pool and a concat
// become their reference chains.
// CHECK-LABEL: func.func @linear_and_reference
// CHECK: call @qpt2e_xnnpack_run(
// CHECK-NOT: linalg.transpose
// CHECK-NOT: aten.
// CHECK: linalg.pooling_nchw_sum
// CHECK: tensor.insert_slice
// CHECK: func.func @qpt2e_init()
// CHECK: arith.constant dense<[4, 16, 1, 1, 8, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 5, 5, 127, -128, 127, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<34xi64>
// CHECK: call @qpt2e_xnnpack_conv_init(
func.func @linear_and_reference(%v: tensor<4x16xi8>, %x: tensor<1x1x4x4xi8>) -> (tensor<4x8xi8>, tensor<1x1x2x2xi8>, tensor<8x8xi8>) {
  %w = arith.constant dense<1> : tensor<8x16xi8>
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  %1 = quant_pt2e.qavg_pool2d %x input(0.2, 1) output(0.2, 1) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<1x1x4x4xi8> -> tensor<1x1x2x2xi8>
  %2 = quant_pt2e.qcat %0, %0 dim 0 scales([0.1, 0.1]) zero_points([5, 5]) output(0.2, 0) range(-128, 127) : tensor<4x8xi8>, tensor<4x8xi8> -> tensor<8x8xi8>
  return %0, %1, %2 : tensor<4x8xi8>, tensor<1x1x2x2xi8>, tensor<8x8xi8>
}

// -----

// Rejected: XNNPACK's operators here are qs8 and its fully connected has
// no per-channel variant (fuse-qdq{backend=xnnpack} never forms these).
func.func @unsigned(%x: tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xui8> {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  // expected-error @+1 {{is not taken by the xnnpack lowering: it takes i8 activations only, got 'tensor<1x2x4x4xui8>' (quant-pt2e-fuse-qdq{backend=xnnpack} leaves such ops unfused)}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, 5) range(0, 255) act_range(0, 255) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xui8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xui8>
  return %0 : tensor<1x2x4x4xui8>
}

// -----

func.func @per_channel_linear(%v: tensor<4x16xi8>) -> tensor<4x2xi8> {
  %w = arith.constant dense<1> : tensor<2x16xi8>
  // expected-error @+1 {{is not taken by the xnnpack lowering: no per-channel fully connected operator}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01, 0.02]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<2x16xi8>) -> tensor<4x2xi8>
  return %0 : tensor<4x2xi8>
}

// -----

func.func @residual(%x: tensor<1x2x4x4xi8>, %r: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  // expected-error @+1 {{is not taken by the xnnpack lowering: no residual sum post-op}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) residual(%r : tensor<1x2x4x4xi8>, 0.1, 0) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

func.func @linear_tanh(%v: tensor<4x16xi8>) -> tensor<4x2xi8> {
  %w = arith.constant dense<1> : tensor<2x16xi8>
  // expected-error @+1 {{is not taken by the xnnpack lowering: no fused tanh}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) post_op(<tanh>, 0.0) output(0.0078125, 0) range(-128, 127) act_range(-128, 127) : (tensor<4x16xi8>, tensor<2x16xi8>) -> tensor<4x2xi8>
  return %0 : tensor<4x2xi8>
}

// -----

func.func @weight_not_constant(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8> {
  // expected-error @+1 {{needs constant weight and bias to be packed at initialization}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

// No fused ops: the module is left alone (no qpt2e_init).
// CHECK-LABEL: func.func @float
// CHECK-NOT: qpt2e_init
func.func @float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aten.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
