// RUN: quant-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(func.func(quant-pt2e-qat-conv-bn))' | FileCheck %s

// conv (with bias, literal stride / padding) -> batch norm: the scale factor
// gamma / sqrt(var + eps) scales the weight along axis 0 and is divided out
// of the conv's output along axis 1; the bias is added back; the conv keeps
// its literal arguments, module path and annotation (operand positions
// unchanged) and gets a zero bias.
// CHECK-DAG: #[[ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[AXIS0:.+]] = affine_map<(d0, d1, d2, d3) -> (d0)>
// CHECK-DAG: #[[AXIS1:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @conv_bn
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x5x5xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>, %[[B:.+]]: tensor<4xf32>, %[[M:.+]]: tensor<4xf32>, %[[V:.+]]: tensor<4xf32>, %[[G:.+]]: tensor<4xf32>, %[[BETA:.+]]: tensor<4xf32>)
// The scale factor in linalg, with the float lowering's arithmetic:
// running_std = sqrt(var + eps), scale_factor = gamma / running_std.
// CHECK: %[[E:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]]], {{.+}} ins(%[[V]] : tensor<4xf32>)
// CHECK: arith.constant 9.99999974E-6 : f32
// CHECK: arith.addf
// CHECK: %[[STD:.+]] = linalg.generic {{.+}} ins(%[[E]] : tensor<4xf32>)
// CHECK: math.sqrt
// CHECK: %[[SF:.+]] = linalg.generic {{.+}} ins(%[[G]], %[[STD]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: arith.divf
// The weight scaled along its output channels (axis 0).
// CHECK: %[[WS:.+]] = linalg.generic {indexing_maps = [#[[ID4]], #[[AXIS0]], #[[ID4]]], {{.+}} ins(%[[W]], %[[SF]] : tensor<4x3x3x3xf32>, tensor<4xf32>)
// CHECK: arith.mulf
// CHECK: %[[ZERO:.+]] = arith.constant dense_resource<zero_bias> : tensor<4xf32>
// CHECK: %[[C:.+]] = aten.convolution %[[X]], %[[WS]], %[[ZERO]] stride [2, 2] padding [4, 4] dilation [1, 1] output_padding [0, 0] groups 1 {aten.module_path = "conv", quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric>, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_tensor_symmetric>], annotated = true>, quant_pt2e.qat_conv_bn}
// The output divided by the scale factor, the bias added, along axis 1.
// CHECK: %[[D:.+]] = linalg.generic {indexing_maps = [#[[ID4]], #[[AXIS1]], #[[ID4]]], {{.+}} ins(%[[C]], %[[SF]] : tensor<2x4x6x6xf32>, tensor<4xf32>)
// CHECK: arith.divf
// CHECK: %[[A:.+]] = linalg.generic {indexing_maps = [#[[ID4]], #[[AXIS1]], #[[ID4]]], {{.+}} ins(%[[D]], %[[B]] : tensor<2x4x6x6xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: aten.batch_norm_training %[[A]] mean %[[M]] var %[[V]] weight %[[G]] bias %[[BETA]]
// CHECK-NOT: aten.convolution
// CHECK: zero_bias: "0x0400000000000000000000000000000000000000"
func.func @conv_bn(%x: tensor<2x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %g: tensor<4xf32>, %beta: tensor<4xf32>) -> tensor<2x4x6x6xf32> {
  %0 = aten.convolution %x, %w, %b stride [2, 2] padding [4, 4] dilation [1, 1] output_padding [0, 0] groups 1 {aten.module_path = "conv", quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric>, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_tensor_symmetric>], annotated = true>} : (tensor<2x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v weight %g bias %beta momentum(0.1) eps(1.0e-5) : (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>)
  return %1#0 : tensor<2x4x6x6xf32>
}

// -----

// conv1d without bias and batch norm without affine parameters: gamma is
// ones, no zero bias, no bias add.
// CHECK-LABEL: func.func @conv1d_no_bias
// CHECK: %[[ONES:.+]] = arith.constant dense_resource<bn_gamma> : tensor<2xf32>
// CHECK: %[[SF:.+]] = linalg.generic {{.+}} ins(%[[ONES]], %{{.+}} : tensor<2xf32>, tensor<2xf32>)
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[SF]] : tensor<2x3x3xf32>, tensor<2xf32>)
// CHECK: %[[C:.+]] = aten.convolution %{{.+}}, %{{.+}} stride [1]
// CHECK-SAME: quant_pt2e.qat_conv_bn
// CHECK: %[[D:.+]] = linalg.generic {{.+}} ins(%[[C]], %[[SF]] : tensor<1x2x3xf32>, tensor<2xf32>)
// CHECK-NOT: arith.addf
// CHECK: aten.batch_norm_training %[[D]]
// CHECK: bn_gamma: "0x040000000000803F0000803F"
func.func @conv1d_no_bias(%x: tensor<1x3x5xf32>, %w: tensor<2x3x3xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x3xf32> {
  %0 = aten.convolution %x, %w stride [1] padding [0] dilation [1] output_padding [0] groups 1 : (tensor<1x3x5xf32>, tensor<2x3x3xf32>) -> tensor<1x2x3xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>)
  return %1#0 : tensor<1x2x3xf32>
}

// -----

// Transposed conv (3 -> 5 channels): the weight's output channels are axis 1.
// CHECK-DAG: #[[AXIS1:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @conv_transpose_bn
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[AXIS1]], #{{.+}}], {{.+}} ins(%{{.+}}, %{{.+}} : tensor<3x5x3x3xf32>, tensor<5xf32>)
// CHECK: arith.mulf
// CHECK: aten.convolution {{.*}} transposed
func.func @conv_transpose_bn(%x: tensor<1x3x5x5xf32>, %w: tensor<3x5x3x3xf32>, %m: tensor<5xf32>, %v: tensor<5xf32>, %g: tensor<5xf32>, %beta: tensor<5xf32>) -> tensor<1x5x7x7xf32> {
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x3x5x5xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x7x7xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v weight %g bias %beta momentum(0.1) eps(1.0e-5) : (tensor<1x5x7x7xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<1x5x7x7xf32>, tensor<5xf32>, tensor<5xf32>)
  return %1#0 : tensor<1x5x7x7xf32>
}

// -----

// A zero gamma: the weight is scaled by gamma / std (0 there), the output
// divided by gamma' / std with gamma' = 1 where gamma = 0 (no 0 / 0).
// CHECK-LABEL: func.func @zero_gamma
// CHECK: %[[G:.+]] = arith.constant dense<[0.000000e+00, 2.000000e+00]>
// CHECK: %[[E:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<2xf32>)
// CHECK: arith.addf
// CHECK: %[[STD:.+]] = linalg.generic {{.+}} ins(%[[E]] : tensor<2xf32>)
// CHECK: math.sqrt
// CHECK: %[[SF:.+]] = linalg.generic {{.+}} ins(%[[G]], %[[STD]] : tensor<2xf32>, tensor<2xf32>)
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[SF]] : tensor<2x1x1x1xf32>, tensor<2xf32>)
// CHECK: %[[SAFE:.+]] = arith.constant dense_resource<bn_gamma_nonzero>
// CHECK: %[[SFO:.+]] = linalg.generic {{.+}} ins(%[[SAFE]], %[[STD]] : tensor<2xf32>, tensor<2xf32>)
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[SFO]] : tensor<1x2x3x3xf32>, tensor<2xf32>)
// CHECK: bn_gamma_nonzero: "0x040000000000803F00000040"
func.func @zero_gamma(%x: tensor<1x1x3x3xf32>, %w: tensor<2x1x1x1xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %g = arith.constant dense<[0.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v weight %g bias %beta momentum(0.1) eps(1.0e-5) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>)
  return %1#0 : tensor<1x2x3x3xf32>
}

// -----

// No match: the conv has a second user, a batch norm on a relu, an
// inference batch norm (PTQ folds those).
// CHECK-LABEL: func.func @no_match
// CHECK-NOT: math.sqrt
// CHECK-NOT: quant_pt2e.qat_conv_bn
// CHECK: return
func.func @no_match(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>)
  %2 = aten.relu %x : tensor<1x2x3x3xf32>
  %3:3 = aten.batch_norm_training %2 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>)
  %4 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %5 = aten.batch_norm %4 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1#0, %3#0, %5 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// No match: dynamic shapes are refused up front.
func.func @dynamic(%x: tensor<?x1x2x2xf32>, %w: tensor<2x1x1x1xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<?x2x2x2xf32> {
  // expected-error @+1 {{quant-pt2e-qat-conv-bn: dynamic shapes are not supported, got 'tensor<?x2x2x2xf32>'}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<?x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<?x2x2x2xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<?x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<?x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %1#0 : tensor<?x2x2x2xf32>
}
