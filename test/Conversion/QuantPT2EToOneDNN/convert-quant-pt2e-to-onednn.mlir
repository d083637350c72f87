// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-onednn=target-isa=avx512vnni -verify-diagnostics | FileCheck %s

// Two convolutions and an add: one NCHW -> NHWC transpose at the start, the
// second conv and the add take the first conv's NHWC result directly; the
// weights are registered once in qpt2e_init with their parameters, the
// entry only runs the sites.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xi8>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x4x4xi8>) outs(%{{.+}} : tensor<1x4x4x2xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[B0:.+]] = bufferization.to_buffer %[[T]] read_only
// CHECK: %[[A0:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x4x4x2xi8>
// CHECK: call @qpt2e_onednn_conv(%{{.+}}, %{{.+}}, %{{.+}}) : (i64, memref<*xi8>, memref<*xi8>) -> ()
// CHECK: %[[Y0:.+]] = bufferization.to_tensor %[[A0]] restrict writable
// CHECK-NOT: permutation = [0, 2, 3, 1]
// CHECK: bufferization.to_buffer %[[Y0]] read_only
// CHECK: call @qpt2e_onednn_conv(
// CHECK: %[[Y1:.+]] = bufferization.to_tensor
// CHECK: quant_pt2e.dequantize %[[Y0]] scales([1.000000e-01]) zero_points([-5]) range(-128, 127) : tensor<1x4x4x2xi8> -> tensor<1x4x4x2xf32>
// CHECK: quant_pt2e.dequantize %[[Y1]]
// CHECK-NOT: aten.
// CHECK: arith.addf
// CHECK: arith.maximumf %{{.+}}, %{{.+}} : f32
// CHECK: %[[S:.+]] = quant_pt2e.quantize %{{.+}} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xi8>
// CHECK: linalg.transpose ins(%[[S]] : tensor<1x4x4x2xi8>) outs(%{{.+}} : tensor<1x2x4x4xi8>) permutation = [0, 3, 1, 2]
// CHECK-LABEL: func.func @qpt2e_init()
// CHECK: %[[W:.+]] = arith.constant dense<{{.+}}> : tensor<2x2x1x1xi8>
// CHECK: tensor.cast %[[W]] : tensor<2x2x1x1xi8> to tensor<*xi8>
// CHECK: arith.constant dense<[1, 2, 4, 4, 2, 1, 1, 4, 4, 1, 1, 0, 0, 1, 1, 1, 3, -5, -5, 127, -128, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<34xi64>
// CHECK: arith.constant dense<[5.000000e-02, 1.000000e-01, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.00999999977, 4.000000e-02]> : tensor<7xf32>
// CHECK: call @qpt2e_onednn_conv_init(
// CHECK: call @qpt2e_onednn_conv_init(
// CHECK: return
func.func @chain(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %w = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> : tensor<2x2x1x1xi8>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.05, 3) weight([0.01, 0.04]) output(0.1, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>, tensor<2xf32>) -> tensor<1x2x4x4xi8>
  %1 = quant_pt2e.qconv2d %0, %w input(0.1, -5) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  %2 = quant_pt2e.qadd %0, %1 lhs(0.1, -5) rhs(0.1, -5) output(0.2, 0) range(-128, 127) act_range(0, 127) : tensor<1x2x4x4xi8>, tensor<1x2x4x4xi8> -> tensor<1x2x4x4xi8>
  return %2 : tensor<1x2x4x4xi8>
}

// -----

// A linear layer runs as a 1x1 convolution on its [M, K] buffer (no
// transposes); a max pool gets its own site.
// CHECK-LABEL: func.func @linear_pool
// CHECK-NOT: permutation
// CHECK: call @qpt2e_onednn_conv(
// CHECK: linalg.transpose
// CHECK: call @qpt2e_onednn_max_pool(
// CHECK: func.func @qpt2e_init()
// CHECK: arith.constant dense<[4, 16, 1, 1, 8, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 5, 5, 127, -128, 127, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<34xi64>
// CHECK: call @qpt2e_onednn_conv_init(
// CHECK: arith.constant dense<[1, 3, 8, 8, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 0]> : tensor<15xi64>
// CHECK: call @qpt2e_onednn_max_pool_init(
func.func @linear_pool(%v: tensor<4x16xi8>, %x: tensor<1x3x8x8xi8>) -> (tensor<4x8xi8>, tensor<1x3x5x5xi8>) {
  %w = arith.constant dense<1> : tensor<8x16xi8>
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  %1 = quant_pt2e.qmax_pool2d %x kernel [3, 3] stride [2, 2] padding [1, 1] dilation [1, 1] ceil_mode : tensor<1x3x8x8xi8> -> tensor<1x3x5x5xi8>
  return %0, %1 : tensor<4x8xi8>, tensor<1x3x5x5xi8>
}

// -----

// No match: a module without fused ops is untouched (no qpt2e_init).
// CHECK-LABEL: func.func @float
// CHECK-NOT: qpt2e_init
// CHECK: return
func.func @float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aten.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @weight_not_constant(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8> {
  // expected-error @+1 {{needs constant weight and bias to be packed at initialization}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

// ui8 activations travel as bytes: bitcast around the call.
// CHECK-LABEL: func.func @unsigned
// CHECK: tensor.bitcast %{{.*}} : tensor<1x4x4x2xui8> to tensor<1x4x4x2xi8>
// CHECK: call @qpt2e_onednn_conv(
// CHECK: tensor.bitcast %{{.*}} : tensor<1x4x4x2xi8> to tensor<1x4x4x2xui8>
func.func @unsigned(%x: tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xui8> {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, 5) range(0, 255) act_range(0, 255) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xui8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xui8>
  return %0 : tensor<1x2x4x4xui8>
}

// -----

// expected-error @+1 {{the module already has a 'qpt2e_init' function}}
func.func @qpt2e_init() {
  return
}
func.func @clash(%v: tensor<4x16xi8>) -> tensor<4x8xi8> {
  %w = arith.constant dense<1> : tensor<8x16xi8>
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  return %0 : tensor<4x8xi8>
}

// -----

// A residual sum: the residual goes to the site as a second NHWC source
// (the runtime copies it into the destination the sum post-op accumulates
// into); its zero point / signedness and the conv_output quantization are
// site parameters, their scales float parameters. A linear post-op is a
// parameter too (2 = tanh, alpha 0).
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xi8>, %[[R:.+]]: tensor<1x2x4x4xui8>
// CHECK: linalg.transpose ins(%[[X]]
// CHECK: tensor.bitcast %[[R]] : tensor<1x2x4x4xui8> to tensor<1x2x4x4xi8>
// CHECK: linalg.transpose
// CHECK: call @qpt2e_onednn_conv_residual(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) : (i64, memref<*xi8>, memref<*xi8>, memref<*xi8>) -> ()
// CHECK: call @qpt2e_onednn_conv(
// CHECK-LABEL: func.func @qpt2e_init()
// CHECK: arith.constant dense<[1, 2, 4, 4, 2, 1, 1, 4, 4, 1, 1, 0, 0, 1, 1, 1, 3, -5, -128, 127, -128, 127, 0, 0, 0, 0, 1, 128, 1, 1, 2, 0, 127, 0]> : tensor<34xi64>
// CHECK: arith.constant dense<[5.000000e-02, 1.000000e-01, 2.000000e-01, 4.000000e-02, 0.000000e+00, 0.00999999977]> : tensor<6xf32>
// CHECK: call @qpt2e_onednn_conv_init(
// CHECK: arith.constant dense<[4, 16, 1, 1, 2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, -128, 127, -128, 127, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]> : tensor<34xi64>
// CHECK: call @qpt2e_onednn_conv_init(
func.func @residual(%x: tensor<1x2x4x4xi8>, %r: tensor<1x2x4x4xui8>, %v: tensor<4x16xi8>) -> (tensor<1x2x4x4xi8>, tensor<4x2xi8>) {
  %w = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %lw = arith.constant dense<1> : tensor<2x16xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) conv_output(0.04, 2) clamp(0, 127) residual(%r : tensor<1x2x4x4xui8>, 0.2, 128) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi8>
  %1 = quant_pt2e.qlinear %v, %lw input(0.02, 0) weight([0.01]) post_op(<tanh>, 0.0) output(0.0078125, 0) range(-128, 127) act_range(-128, 127) : (tensor<4x16xi8>, tensor<2x16xi8>) -> tensor<4x2xi8>
  return %0, %1 : tensor<1x2x4x4xi8>, tensor<4x2xi8>
}
