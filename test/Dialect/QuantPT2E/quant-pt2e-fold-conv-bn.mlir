// RUN: quant-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(func.func(quant-pt2e-fold-conv-bn))' | FileCheck %s
// RUN: quant-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(func.func(quant-pt2e-fold-conv-bn{linear-bn=true}))' | FileCheck %s --check-prefix=LINEAR
// The backend config decides: oneDNN's folds linear-bn, QNNPACK's does not.
// RUN: quant-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(func.func(quant-pt2e-fold-conv-bn{backend=onednn}))' | FileCheck %s --check-prefix=LINEAR
// RUN: quant-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(func.func(quant-pt2e-fold-conv-bn{backend=qnnpack}))' | FileCheck %s
// RUN: not quant-opt %s -pass-pipeline='builtin.module(func.func(quant-pt2e-fold-conv-bn{backend=tpu}))' 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: quant-pt2e-fold-conv-bn: unknown backend 'tpu' (available: qnnpack, executorch, onednn)

// var + eps = 4 -> rsqrt 0.5; gamma 2 -> scale 1: w' = w; bias (0 - 1) *
// 0.5 * 2 + 3 = 2 for the first channel, (0 - 0) * 0.5 * 4 + 1 = 1 (gamma 4
// -> w' = 2 w) for the second.
// CHECK-LABEL: func.func @conv_bn
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>)
// CHECK: %[[W:.+]] = arith.constant dense_resource<folded_weight> : tensor<2x1x1x1xf32>
// CHECK: %[[B:.+]] = arith.constant dense_resource<folded_bias> : tensor<2xf32>
// CHECK: %[[C:.+]] = aten.convolution %[[X]], %[[W]], %[[B]] stride [1, 1] {{.*}} {aten.module_path = "conv"}
// CHECK-NOT: aten.batch_norm
// CHECK: return %[[C]]
// Weights [1, 3] -> [1, 6]; bias [2, 1] (float32 little-endian).
// CHECK: folded_weight: "0x040000000000803F0000C040"
// CHECK: folded_bias: "0x04000000000000400000803F"
func.func @conv_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %m = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 3.0]> : tensor<2xf32>
  %g = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %b = arith.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {aten.module_path = "conv"} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = aten.batch_norm %0 mean %m var %v weight %g bias %b momentum(0.1) eps(1.0) : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Transposed: output channels are weight axis 1.
// CHECK-LABEL: func.func @transposed
// CHECK: aten.convolution {{.*}} transposed
// CHECK-NOT: aten.batch_norm
// [[1, 1]] scaled by [1, 2] along axis 1.
// CHECK: folded_weight: "0x040000000000803F00000040"
func.func @transposed(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[1.0]]]]> : tensor<1x2x1x1xf32>
  %m = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 3.0]> : tensor<2xf32>
  %g = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x1x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = aten.batch_norm %0 mean %m var %v weight %g momentum(0.1) eps(1.0) : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// No match: the conv result has another user.
// CHECK-LABEL: func.func @shared_conv
// CHECK: aten.batch_norm
func.func @shared_conv(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w0 = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %m0 = arith.constant dense<0.0> : tensor<2xf32>
  %0 = aten.convolution %x, %w0 stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = aten.batch_norm %0 mean %m0 var %m0 momentum(0.1) eps(1.0) : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// No match: statistics that are not constants (e.g. function arguments).
// CHECK-LABEL: func.func @dynamic_stats
// CHECK: aten.batch_norm
func.func @dynamic_stats(%x: tensor<1x1x2x2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %w0 = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = aten.convolution %x, %w0 stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = aten.batch_norm %0 mean %m var %v momentum(0.1) eps(1.0) : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Linear + batch norm folds only with linear-bn (the oneDNN config's
// fusion): var + eps = 4 -> rsqrt 0.5; gamma 2 -> w' = w, b' = (1 - 1) * 1 + 5.
// LINEAR-LABEL: func.func @linear_bn
// LINEAR: %[[W:.+]] = arith.constant dense_resource<folded_weight> : tensor<1x2xf32>
// LINEAR: %[[B:.+]] = arith.constant dense_resource<folded_bias> : tensor<1xf32>
// LINEAR: aten.linear %{{.+}}, %[[W]], %[[B]]
// LINEAR-NOT: aten.batch_norm
// LINEAR: folded_weight: "0x040000000000803F00000040"
// LINEAR: folded_bias: "0x040000000000A040"
// CHECK-LABEL: func.func @linear_bn
// CHECK: aten.linear
// CHECK: aten.batch_norm
func.func @linear_bn(%x: tensor<4x2xf32>) -> tensor<4x1xf32> {
  %w = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %b0 = arith.constant dense<[1.0]> : tensor<1xf32>
  %m = arith.constant dense<[1.0]> : tensor<1xf32>
  %v = arith.constant dense<[3.0]> : tensor<1xf32>
  %g = arith.constant dense<[2.0]> : tensor<1xf32>
  %b = arith.constant dense<[5.0]> : tensor<1xf32>
  %0 = aten.linear %x, %w, %b0 : (tensor<4x2xf32>, tensor<1x2xf32>, tensor<1xf32>) -> tensor<4x1xf32>
  %1 = aten.batch_norm %0 mean %m var %v weight %g bias %b momentum(0.1) eps(1.0) : (tensor<4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<4x1xf32>
  return %1 : tensor<4x1xf32>
}

// -----

// No match: a splat weight above the supported size (1 GiB) is refused, not
// expanded into a folded constant.
func.func @huge_splat(%x: tensor<1x1x16384x16384xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{quant-pt2e-fold-conv-bn: 'tensor<2x1x16384x16384xf32>' is larger than the 1073741824 bytes supported}}
  %w = arith.constant dense<1.0> : tensor<2x1x16384x16384xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x16384x16384xf32>, tensor<2x1x16384x16384xf32>) -> tensor<1x2x1x1xf32>
  %1 = aten.batch_norm %0 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<1x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  return %1 : tensor<1x2x1x1xf32>
}

// -----

// No match: dynamic shapes are refused up front.
func.func @dynamic(%x: tensor<?x1x2x2xf32>) -> tensor<?x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{quant-pt2e-fold-conv-bn: dynamic shapes are not supported, got 'tensor<?x2x2x2xf32>'}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<?x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<?x2x2x2xf32>
  %1 = aten.batch_norm %0 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<?x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2x2x2xf32>
  return %1 : tensor<?x2x2x2xf32>
}
