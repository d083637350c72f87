// RUN: quant-opt %s | quant-opt | FileCheck %s
// RUN: quant-opt %s --mlir-print-op-generic | quant-opt | FileCheck %s

// Every op and attribute of the quant_pt2e dialect survives a round trip
// through the custom and the generic syntax.

// CHECK-LABEL: func.func @observers
func.func @observers(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>)
    -> (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) {
  // CHECK: %[[MM:.+]] = quant_pt2e.observer %{{.+}} spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) : tensor<1x3x8x8xf32>
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) : tensor<1x3x8x8xf32>
  // CHECK: quant_pt2e.observer %[[MM]] spec(<uint8, [0, 255], per_tensor_affine, observer = #quant_pt2e.observer<moving_average_min_max, averaging_constant = 1.000000e+00>>) id(7) : tensor<1x3x8x8xf32>
  %1 = quant_pt2e.observer %0 spec(#quant_pt2e.spec<uint8, [0, 255], per_tensor_affine, observer = #quant_pt2e.observer<moving_average_min_max, averaging_constant = 1.0>>) id(7) : tensor<1x3x8x8xf32>
  // CHECK: quant_pt2e.observer %{{.+}} spec(<int8, [-128, 127], per_tensor_symmetric, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4, bins = 1024>>)
  %2 = quant_pt2e.observer %1 spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_symmetric, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4, bins = 1024>>) : tensor<1x3x8x8xf32>
  // CHECK: quant_pt2e.observer %{{.+}} spec(<int8, [-128, 127], per_tensor_affine, is_dynamic = true, observer = #quant_pt2e.observer<placeholder>>)
  %3 = quant_pt2e.observer %2 spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, is_dynamic = true, observer = #quant_pt2e.observer<placeholder>>) : tensor<1x3x8x8xf32>
  // A spec without a constructor is a placeholder.
  // CHECK: quant_pt2e.observer %{{.+}} spec(<int32, [-2147483648, 2147483647], per_tensor_symmetric>)
  %4 = quant_pt2e.observer %3 spec(#quant_pt2e.spec<int32, [-2147483648, 2147483647], per_tensor_symmetric>) : tensor<1x3x8x8xf32>
  // CHECK: quant_pt2e.observer %{{.+}} spec(<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max, eps = 2.44140625E-4>>) : tensor<16x3x3x3xf32>
  %5 = quant_pt2e.observer %w spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max, eps = 2.44140625E-4>>) : tensor<16x3x3x3xf32>
  // CHECK: quant_pt2e.observer %{{.+}} spec(<uint8, [0, 255], per_channel_affine, ch_axis = 1, observer = #quant_pt2e.observer<moving_average_per_channel_min_max>>)
  %6 = quant_pt2e.observer %5 spec(#quant_pt2e.spec<uint8, [0, 255], per_channel_affine, ch_axis = 1, observer = #quant_pt2e.observer<moving_average_per_channel_min_max>>) : tensor<16x3x3x3xf32>
  return %4, %6 : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>
}

// CHECK-LABEL: func.func @fake_quantize
func.func @fake_quantize(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>)
    -> (tensor<2x4xf32>, tensor<4x4xf32>) {
  // CHECK: quant_pt2e.fake_quantize %{{.+}} spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max, eps = 2.44140625E-4>>>) : tensor<2x4xf32>
  %0 = quant_pt2e.fake_quantize %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max, eps = 2.44140625E-4>>>) : tensor<2x4xf32>
  // CHECK: quant_pt2e.fake_quantize %{{.+}} spec(<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <moving_average_per_channel_min_max>>>) : tensor<4x4xf32>
  %1 = quant_pt2e.fake_quantize %w spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <moving_average_per_channel_min_max>>>) : tensor<4x4xf32>
  // CHECK: quant_pt2e.fake_quantize %{{.+}} spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <min_max>>>)
  %2 = quant_pt2e.fake_quantize %0 spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <min_max>>>) : tensor<2x4xf32>
  return %2, %1 : tensor<2x4xf32>, tensor<4x4xf32>
}

// CHECK-LABEL: func.func @qdq_static
func.func @qdq_static(%x: tensor<4xf32>, %w: tensor<2x3xf32>)
    -> (tensor<4xf32>, tensor<2x3xf32>, tensor<4xi32>) {
  // CHECK: %[[Q:.+]] = quant_pt2e.quantize %{{.+}} scales([2.500000e-01]) zero_points([3]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  // CHECK: quant_pt2e.dequantize %[[Q]] scales([2.500000e-01]) zero_points([3]) range(-128, 127) : tensor<4xi8> -> tensor<4xf32>
  %d = quant_pt2e.dequantize %q scales([0.25]) zero_points([3]) range(-128, 127) : tensor<4xi8> -> tensor<4xf32>
  // CHECK: %[[QW:.+]] = quant_pt2e.quantize %{{.+}} axis(0) scales([5.000000e-01, 1.250000e-01]) zero_points([0, 0]) range(-127, 127) : tensor<2x3xf32> -> tensor<2x3xi8>
  %qw = quant_pt2e.quantize %w axis(0) scales([0.5, 0.125]) zero_points([0, 0]) range(-127, 127) : tensor<2x3xf32> -> tensor<2x3xi8>
  // CHECK: quant_pt2e.dequantize %[[QW]] axis(0)
  %dw = quant_pt2e.dequantize %qw axis(0) scales([0.5, 0.125]) zero_points([0, 0]) range(-127, 127) : tensor<2x3xi8> -> tensor<2x3xf32>
  // CHECK: quant_pt2e.quantize %{{.+}} scales([1.000000e-01]) zero_points([128]) range(0, 255) : tensor<4xf32> -> tensor<4xui8>
  %u = quant_pt2e.quantize %x scales([0.1]) zero_points([128]) range(0, 255) : tensor<4xf32> -> tensor<4xui8>
  // CHECK: quant_pt2e.quantize %{{.+}} scales([1.000000e-03]) zero_points([0]) range(-2147483648, 2147483647) : tensor<4xf32> -> tensor<4xi32>
  %b = quant_pt2e.quantize %x scales([0.001]) zero_points([0]) range(-2147483648, 2147483647) : tensor<4xf32> -> tensor<4xi32>
  return %d, %dw, %b : tensor<4xf32>, tensor<2x3xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @qdq_dynamic
func.func @qdq_dynamic(%x: tensor<1x16xf32>, %w: tensor<4x16xf32>,
                       %cs: tensor<4xf32>, %czp: tensor<4xi64>)
    -> (tensor<1x16xf32>, tensor<4x16xi8>) {
  // CHECK: %[[S:.+]], %[[ZP:.+]] = quant_pt2e.choose_qparams %{{.+}} dtype <int8> range(-128, 127) qscheme <per_tensor_affine> eps(1.1920929E-7) : tensor<1x16xf32>
  %s, %zp = quant_pt2e.choose_qparams %x dtype <int8> range(-128, 127) qscheme <per_tensor_affine> eps(1.1920929E-7) : tensor<1x16xf32>
  // CHECK: %[[Q:.+]] = quant_pt2e.quantize %{{.+}} qparams(%[[S]], %[[ZP]] : f32, i64) range(-128, 127) : tensor<1x16xf32> -> tensor<1x16xi8>
  %q = quant_pt2e.quantize %x qparams(%s, %zp : f32, i64) range(-128, 127) : tensor<1x16xf32> -> tensor<1x16xi8>
  // CHECK: quant_pt2e.dequantize %[[Q]] qparams(%[[S]], %[[ZP]] : f32, i64) range(-128, 127)
  %d = quant_pt2e.dequantize %q qparams(%s, %zp : f32, i64) range(-128, 127) : tensor<1x16xi8> -> tensor<1x16xf32>
  // CHECK: quant_pt2e.choose_qparams %{{.+}} dtype <uint8> range(0, 255) qscheme <per_tensor_symmetric> eps(2.44140625E-4)
  %s2, %zp2 = quant_pt2e.choose_qparams %x dtype <uint8> range(0, 255) qscheme <per_tensor_symmetric> eps(2.44140625E-4) : tensor<1x16xf32>
  // CHECK: quant_pt2e.quantize %{{.+}} axis(0) qparams(%{{.+}}, %{{.+}} : tensor<4xf32>, tensor<4xi64>) range(-127, 127)
  %qw = quant_pt2e.quantize %w axis(0) qparams(%cs, %czp : tensor<4xf32>, tensor<4xi64>) range(-127, 127) : tensor<4x16xf32> -> tensor<4x16xi8>
  return %d, %qw : tensor<1x16xf32>, tensor<4x16xi8>
}

// Annotations as a quantizer attaches them; aten ops carry them here, but
// any op may.
// CHECK-LABEL: func.func @annotations
func.func @annotations(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>,
                       %b: tensor<4xf32>, %y: tensor<1x4x6x6xf32>)
    -> (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) {
  // CHECK: aten.convolution
  // CHECK-SAME: quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4>>, #quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max, eps = 2.44140625E-4>>, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_channel_symmetric, ch_axis = 0>], output = #quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, annotated = true>
  %c = aten.convolution %x, %w, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4>>, #quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max, eps = 2.44140625E-4>>, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_channel_symmetric, ch_axis = 0>], output = #quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, annotated = true>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  // CHECK: aten.hardtanh
  // CHECK-SAME: quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.shared<operand = 0>, allow_implicit_sharing = false>
  %h = aten.hardtanh %c {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.shared<operand = 0>, allow_implicit_sharing = false>} : tensor<1x4x6x6xf32>
  // CHECK: aten.max_pool2d
  // CHECK-SAME: quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.shared<value = 0>], output = #quant_pt2e.shared<operand = 0>>
  // CHECK: aten.add
  // CHECK-SAME: quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, #quant_pt2e.shared<operand = 0>]>
  %p = aten.max_pool2d %h kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.shared<value = 0>], output = #quant_pt2e.shared<operand = 0>>} : tensor<1x4x6x6xf32> -> tensor<1x4x3x3xf32>
  %a = aten.add %h, %y {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, #quant_pt2e.shared<operand = 0>]>} : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32> -> tensor<1x4x6x6xf32>
  // CHECK: aten.sigmoid
  // CHECK-SAME: output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 3.906250e-03>
  %s = aten.sigmoid %a {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<uint8, [0, 255], per_tensor_affine>], output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 0.00390625, zero_point = 0>>} : tensor<1x4x6x6xf32>
  // CHECK: aten.tanh
  // CHECK-SAME: output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 7.812500e-03, zero_point = 128>
  %t = aten.tanh %s {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 0.0078125, zero_point = 128>>} : tensor<1x4x6x6xf32>
  // An empty annotation (no specs at all) is legal on an op without operands.
  // CHECK: arith.constant
  // CHECK-SAME: quant_pt2e.annotation = #quant_pt2e.annotation<inputs = []>
  %k = arith.constant {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = []>} dense<1.0> : tensor<1x4x6x6xf32>
  return %h, %t, %k : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>
}

// Backend-config data and standalone enum attributes.
// CHECK-LABEL: func.func @backend_config
// CHECK-SAME: backend = #quant_pt2e.backend_config<"qnnpack", [#quant_pt2e.pattern<["aten.convolution", "aten.relu"], output_use_different_observer_as_input, [#quant_pt2e.dtype_config<input = <i8, quant_min_lower_bound = -128, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>, output = <i8, quant_min_lower_bound = -128, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>, weight = <i8, quant_min_lower_bound = -127, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>, bias = <f32>>], fused = true>, #quant_pt2e.pattern<["aten.max_pool2d"], output_share_observer_with_input, [#quant_pt2e.dtype_config<input = <ui8>, output = <ui8>>]>, #quant_pt2e.pattern<["aten.linear"], output_use_different_observer_as_input, [#quant_pt2e.dtype_config<input = <ui8>, output = <f32>, weight = <i8>, bias = <f32>, is_dynamic = true>]>, #quant_pt2e.pattern<["aten.sigmoid"], output_use_different_observer_as_input, [#quant_pt2e.dtype_config<input = <ui8>, output = <ui8, scale_exact_match = 3.906250e-03, zero_point_exact_match = 0>>]>, #quant_pt2e.pattern<["aten.embedding"], input_output_not_observed, []>]>
// CHECK-SAME: kinds = [#quant_pt2e.qdtype<uint8>, #quant_pt2e.qscheme<per_channel_affine>, #quant_pt2e.observation_type<output_share_observer_with_input>]
// CHECK-SAME: scale_max = #quant_pt2e.dtype<i32, scale_max_upper_bound = 1.000000e+00>
func.func @backend_config() attributes {
  backend = #quant_pt2e.backend_config<"qnnpack", [
    #quant_pt2e.pattern<["aten.convolution", "aten.relu"], output_use_different_observer_as_input,
      [#quant_pt2e.dtype_config<input = <i8, quant_min_lower_bound = -128, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>,
                                output = <i8, quant_min_lower_bound = -128, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>,
                                weight = <i8, quant_min_lower_bound = -127, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>,
                                bias = <f32>>], fused = true>,
    #quant_pt2e.pattern<["aten.max_pool2d"], output_share_observer_with_input,
      [#quant_pt2e.dtype_config<input = <ui8>, output = <ui8>>]>,
    #quant_pt2e.pattern<["aten.linear"], output_use_different_observer_as_input,
      [#quant_pt2e.dtype_config<input = <ui8>, output = <f32>, weight = <i8>, bias = <f32>, is_dynamic = true>]>,
    #quant_pt2e.pattern<["aten.sigmoid"], output_use_different_observer_as_input,
      [#quant_pt2e.dtype_config<input = <ui8>, output = <ui8, scale_exact_match = 0.00390625, zero_point_exact_match = 0>>]>,
    #quant_pt2e.pattern<["aten.embedding"], input_output_not_observed, []>]>,
  scale_max = #quant_pt2e.dtype<i32, scale_max_upper_bound = 1.0>,
  kinds = [#quant_pt2e.qdtype<uint8>, #quant_pt2e.qscheme<per_channel_affine>, #quant_pt2e.observation_type<output_share_observer_with_input>]
} {
  return
}

// Residual sums (float conv result, or with the intermediate conv_output
// quantization; ui8 residual) and linear post-ops.
// CHECK-LABEL: func.func @post_ops_fused
// CHECK: quant_pt2e.qconv2d %{{.+}}, %{{.+}}, %{{.+}} input(2.000000e-02, -3) weight([0.00999999977]) residual(%{{.+}} : tensor<1x2x8x8xi8>, 3.000000e-02, -1) output(5.000000e-02, -128) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<2xf32>) -> tensor<1x2x8x8xi8>
// CHECK: quant_pt2e.qconv2d %{{.+}}, %{{.+}} input(2.000000e-02, -3) weight([0.00999999977]) conv_output(4.000000e-02, 2) clamp(2, 127) residual(%{{.+}} : tensor<1x2x8x8xui8>, 3.000000e-02, 128) output(5.000000e-02, -128) range(-128, 127) act_range(-100, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
// CHECK: quant_pt2e.qlinear %{{.+}}, %{{.+}} input(2.000000e-02, 0) weight([0.00999999977]) post_op(<tanh>, 0.000000e+00) output(7.812500e-03, 0)
// CHECK: quant_pt2e.qlinear %{{.+}}, %{{.+}} input(2.000000e-02, 0) weight([0.00999999977]) post_op(<leaky_relu>, 1.000000e-01) output(1.000000e-01, 5)
func.func @post_ops_fused(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %b: tensor<2xf32>, %r: tensor<1x2x8x8xi8>,
                          %ru: tensor<1x2x8x8xui8>, %v: tensor<4x16xi8>, %lw: tensor<8x16xi8>) {
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.02, -3) weight([0.01]) residual(%r : tensor<1x2x8x8xi8>, 0.03, -1) output(0.05, -128) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<2xf32>) -> tensor<1x2x8x8xi8>
  %1 = quant_pt2e.qconv2d %x, %w input(0.02, -3) weight([0.01]) conv_output(0.04, 2) clamp(2, 127) residual(%ru : tensor<1x2x8x8xui8>, 0.03, 128) output(0.05, -128) range(-128, 127) act_range(-100, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  %2 = quant_pt2e.qlinear %v, %lw input(0.02, 0) weight([0.01]) post_op(<tanh>, 0.0) output(0.0078125, 0) range(-128, 127) act_range(-128, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  %3 = quant_pt2e.qlinear %v, %lw input(0.02, 0) weight([0.01]) post_op(<leaky_relu>, 0.1) output(0.1, 5) range(-128, 127) act_range(-128, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  return
}

// Fused quantized compute ops; weight scales print exactly.
// CHECK-LABEL: func.func @fused
// CHECK: quant_pt2e.qconv2d %{{.+}}, %{{.+}}, %{{.+}} input(2.000000e-02, -3) weight([0.00787401571, 2.000000e-02]) output(5.000000e-02, -128) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<2xf32>) -> tensor<1x2x8x8xi8>
// CHECK: quant_pt2e.qconv2d %{{.+}}, %{{.+}} input(2.000000e-02, -3) weight([0.00999999977]) output(5.000000e-02, 0) range(-128, 127) act_range(0, 127) stride [2, 2] padding [0, 0] dilation [1, 1] groups 3 : (tensor<1x3x8x8xi8>, tensor<3x1x3x3xi8>) -> tensor<1x3x3x3xi8>
// CHECK: quant_pt2e.qlinear %{{.+}}, %{{.+}} input(2.000000e-02, 0) weight([0.00999999977]) output(1.000000e-01, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
// CHECK: quant_pt2e.qadd %{{.+}}, %{{.+}} lhs(1.000000e-01, 0) rhs(2.000000e-01, 3) output(2.500000e-01, -2) range(-128, 127) act_range(-2, 127) : tensor<1x3x8x8xi8>, tensor<1x3x8x8xi8> -> tensor<1x3x8x8xi8>
// CHECK: quant_pt2e.qmax_pool2d %{{.+}} kernel [3, 3] stride [2, 2] padding [1, 1] dilation [1, 1] ceil_mode : tensor<1x3x8x8xi8> -> tensor<1x3x5x5xi8>
// CHECK: quant_pt2e.qmul %{{.+}}, %{{.+}} lhs(1.000000e-01, 0) rhs(2.000000e-01, 3) output(2.500000e-01, -2) range(-128, 127) act_range(-128, 127) : tensor<1x3x8x8xi8>, tensor<1x3x8x8xi8> -> tensor<1x3x8x8xi8>
// CHECK: quant_pt2e.qavg_pool2d %{{.+}} input(5.000000e-02, -128) output(5.000000e-02, -128) range(-128, 127) act_range(-128, 127) kernel [8, 8] stride [8, 8] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x1x1xi8>
// CHECK: quant_pt2e.qavg_pool2d %{{.+}} kernel [3, 3] stride [2, 2] padding [1, 1] ceil_mode count_include_pad : tensor<1x3x8x8xi8> -> tensor<1x3x5x5xi8>
// CHECK: quant_pt2e.qcat %{{.+}}, %{{.+}} dim 1 scales([1.000000e-01, 0.0333333351]) zero_points([0, 3]) output(2.000000e-01, 0) range(-128, 127) : tensor<1x3x8x8xi8>, tensor<1x3x8x8xi8> -> tensor<1x6x8x8xi8>
func.func @fused(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %b: tensor<2xf32>, %dw: tensor<3x1x3x3xi8>,
                 %v: tensor<4x16xi8>, %lw: tensor<8x16xi8>) {
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.02, -3) weight([0.00787401571, 0.02]) output(0.05, -128) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<2xf32>) -> tensor<1x2x8x8xi8>
  %1 = quant_pt2e.qconv2d %x, %dw input(0.02, -3) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(0, 127) stride [2, 2] padding [0, 0] dilation [1, 1] groups 3 : (tensor<1x3x8x8xi8>, tensor<3x1x3x3xi8>) -> tensor<1x3x3x3xi8>
  %2 = quant_pt2e.qlinear %v, %lw input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  %3 = quant_pt2e.qadd %x, %x lhs(0.1, 0) rhs(0.2, 3) output(0.25, -2) range(-128, 127) act_range(-2, 127) : tensor<1x3x8x8xi8>, tensor<1x3x8x8xi8> -> tensor<1x3x8x8xi8>
  %4 = quant_pt2e.qmax_pool2d %x kernel [3, 3] stride [2, 2] padding [1, 1] dilation [1, 1] ceil_mode : tensor<1x3x8x8xi8> -> tensor<1x3x5x5xi8>
  %5 = quant_pt2e.qmul %x, %x lhs(0.1, 0) rhs(0.2, 3) output(0.25, -2) range(-128, 127) act_range(-128, 127) : tensor<1x3x8x8xi8>, tensor<1x3x8x8xi8> -> tensor<1x3x8x8xi8>
  %6 = quant_pt2e.qavg_pool2d %x input(0.05, -128) output(0.05, -128) range(-128, 127) act_range(-128, 127) kernel [8, 8] stride [8, 8] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x1x1xi8>
  %7 = quant_pt2e.qavg_pool2d %x input(0.05, -128) output(0.05, -128) range(-128, 127) act_range(-128, 127) kernel [3, 3] stride [2, 2] padding [1, 1] ceil_mode count_include_pad : tensor<1x3x8x8xi8> -> tensor<1x3x5x5xi8>
  %8 = quant_pt2e.qcat %x, %x dim 1 scales([0.1, 0.0333333351]) zero_points([0, 3]) output(0.2, 0) range(-128, 127) : tensor<1x3x8x8xi8>, tensor<1x3x8x8xi8> -> tensor<1x6x8x8xi8>
  return
}

// CHECK-LABEL: func.func @qlookup
// CHECK: quant_pt2e.qlookup %{{.+}} table([-128, -127, -126{{.*}}, 127]) : tensor<1x4x2x2xi8> -> tensor<1x4x2x2xui8>
func.func @qlookup(%x: tensor<1x4x2x2xi8>) -> tensor<1x4x2x2xui8> {
  %0 = quant_pt2e.qlookup %x table([-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127]) : tensor<1x4x2x2xi8> -> tensor<1x4x2x2xui8>
  return %0 : tensor<1x4x2x2xui8>
}
