// RUN: quant-opt %s -split-input-file -quant-pt2e-convert="stats=%S/Inputs/convert-stats.json" -verify-diagnostics | FileCheck %s

// Activations take the calibrated qparams; the weight's observer is
// evaluated at compile time (per channel, symmetric [-127, 127]: scale =
// max |w| / 127) and the weight folded into an i8 constant:
// [1.0, -0.5] / (1/127) = [127, -63.5 -> -64 (ties to even)],
// [2.0, 4.0] / (4/127) = [63.5 -> 64, 127].
// The float weight, folded, is gone (no dead constant left).
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x3xf32>)
// CHECK-NOT: tensor<2x2x1x1xf32>
// CHECK: %[[Q:.+]] = quant_pt2e.quantize %[[X]] scales([2.500000e-01]) zero_points([3]) range(-128, 127) : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xi8>
// CHECK: %[[DQ:.+]] = quant_pt2e.dequantize %[[Q]] scales([2.500000e-01]) zero_points([3]) range(-128, 127)
// CHECK: %[[WQ:.+]] = arith.constant dense_resource<quantized_0> : tensor<2x2x1x1xi8>
// CHECK: %[[WDQ:.+]] = quant_pt2e.dequantize %[[WQ]] axis(0) scales([0.00787401571, 0.0314960629]) zero_points([0, 0]) range(-127, 127)
// CHECK: %[[C:.+]] = aten.convolution %[[DQ]], %[[WDQ]]
// CHECK-NOT: quant_pt2e.annotation
// CHECK: quant_pt2e.quantize %[[C]] scales([5.000000e-01]) zero_points([-1])
// CHECK-NOT: quant_pt2e.observer
// CHECK: quantized_0: "0x010000007FC0407F"
func.func @conv(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[-0.5]]], [[[2.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4>>) id(0) : tensor<1x2x3x3xf32>
  %1 = quant_pt2e.observer %w spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max, eps = 2.44140625E-4>>) id(1) : tensor<2x2x1x1xf32>
  %2 = aten.convolution %0, %1 stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none, #quant_pt2e.none], annotated = true>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = quant_pt2e.observer %2 spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) id(2) : tensor<1x2x3x3xf32>
  return %3 : tensor<1x2x3x3xf32>
}

// -----

// No match: a module without observers is left as it is.
// CHECK-LABEL: func.func @float
// CHECK-NEXT: aten.relu
// CHECK-NEXT: return
func.func @float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aten.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @uncalibrated(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{observer 7 has no calibration statistics}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) id(7) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A fake quantize after training converts like an observer, with the
// qparams of its trained statistics.
// CHECK-LABEL: func.func @qat
// CHECK: %[[Q:.+]] = quant_pt2e.quantize %{{.+}} scales([2.500000e-01]) zero_points([3]) range(-128, 127)
// CHECK: quant_pt2e.dequantize %[[Q]] scales([2.500000e-01]) zero_points([3])
// CHECK-NOT: fake_quantize
func.func @qat(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = quant_pt2e.fake_quantize %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max>>>) id(0) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A QAT conv-bn whose batch norm was not folded after training.
func.func @qat_conv_bn(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{is a QAT conv-bn: fold the trained batch norm first (quant-pt2e-qat-fold-conv-bn)}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.qat_conv_bn} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Derived int32 bias: scale = input scale (0.25, calibrated) x per-channel
// weight scale ([1, 4] / 127), zero point 0: [0.5, -1.0] -> [254, -127].
// CHECK-LABEL: func.func @derived_bias
// CHECK: %[[BQ:.+]] = arith.constant dense_resource<quantized_0> : tensor<2xi32>
// CHECK: %[[BDQ:.+]] = quant_pt2e.dequantize %[[BQ]] axis(0) scales([0.00196850393, 0.00787401571]) zero_points([0, 0]) range(-2147483648, 2147483647) : tensor<2xi32> -> tensor<2xf32>
// CHECK: aten.convolution %{{.+}}, %{{.+}}, %[[BDQ]]
// CHECK: quantized_0: "0x04000000FE00000081FFFFFF"
func.func @derived_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[-0.5]]], [[[2.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram>>) id(0) : tensor<1x2x3x3xf32>
  %1 = quant_pt2e.observer %w spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max>>) id(1) : tensor<2x2x1x1xf32>
  %2 = aten.convolution %0, %1, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none, #quant_pt2e.none, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_channel_symmetric, ch_axis = 0>], annotated = true>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}

// -----

func.func @derived_without_observer(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  // expected-error @+1 {{derived spec of operand 2 needs an observer on operand 0}}
  %2 = aten.convolution %x, %w, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none, #quant_pt2e.none, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_tensor_symmetric>], annotated = true>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}

// -----

// Dynamic quantization: the placeholder observer becomes choose_qparams at
// run time, its qparams feed both quantize and dequantize; the weight is
// still folded statically ([2, -1] / (2/127) = [127, -63.5 -> -64]).
// CHECK-LABEL: func.func @dynamic_linear
// CHECK-SAME: (%[[X:.+]]: tensor<2x2xf32>)
// CHECK: %[[S:.+]], %[[ZP:.+]] = quant_pt2e.choose_qparams %[[X]] dtype <int8> range(-128, 127) qscheme <per_tensor_affine> eps(2.44140625E-4) : tensor<2x2xf32>
// CHECK: %[[Q:.+]] = quant_pt2e.quantize %[[X]] qparams(%[[S]], %[[ZP]] : f32, i64) range(-128, 127) : tensor<2x2xf32> -> tensor<2x2xi8>
// CHECK: %[[DQ:.+]] = quant_pt2e.dequantize %[[Q]] qparams(%[[S]], %[[ZP]] : f32, i64) range(-128, 127) : tensor<2x2xi8> -> tensor<2x2xf32>
// CHECK: %[[WDQ:.+]] = quant_pt2e.dequantize %{{.+}} scales([0.0157480314]) zero_points([0]) range(-127, 127)
// CHECK: aten.linear %[[DQ]], %[[WDQ]]
// CHECK-NOT: quant_pt2e.quantize
// CHECK: return
// CHECK: quantized_0: "0x010000007FC07FC0"
func.func @dynamic_linear(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[2.0, -1.0], [2.0, -1.0]]> : tensor<2x2xf32>
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, is_dynamic = true, observer = #quant_pt2e.observer<placeholder, eps = 2.44140625E-4>>) id(0) : tensor<2x2xf32>
  %1 = quant_pt2e.observer %w spec(#quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric, observer = #quant_pt2e.observer<min_max, eps = 2.44140625E-4>>) id(1) : tensor<2x2xf32>
  %2 = aten.linear %0, %1 : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %2 : tensor<2x2xf32>
}

// -----

func.func @static_placeholder(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{a placeholder observer is converted only for dynamic per-tensor quantization}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<placeholder>>) id(0) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dynamic_min_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{dynamic quantization needs a placeholder observer; min_max observers compute static qparams}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, is_dynamic = true, observer = #quant_pt2e.observer<min_max>>) id(0) : tensor<4xf32>
  return %0 : tensor<4xf32>
}
