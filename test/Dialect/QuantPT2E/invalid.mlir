// RUN: quant-opt %s -split-input-file -verify-diagnostics

// One expected error per verifier branch of the quant_pt2e dialect: the
// dialect's attribute hooks, every attribute verifier and every op verifier.

func.func @f() {
  // expected-error @+1 {{unknown quant_pt2e attribute 'quant_pt2e.foo'}}
  func.call @f() {quant_pt2e.foo = 1 : i32} : () -> ()
  return
}

// -----

func.func @f(%x: tensor<1x2x2x2xf32>, %m: tensor<2xf32>) {
  // expected-error @+1 {{'quant_pt2e.state_id' must be a non-negative integer}}
  %0:3 = aten.batch_norm_training %x mean %m var %m momentum(0.1) eps(1.0e-5) {quant_pt2e.state_id = -1 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @f(%x: tensor<1x2x2x2xf32>, %m: tensor<2xf32>) {
  // expected-error @+1 {{'quant_pt2e.state_id' belongs on a batch norm in training form}}
  %0 = aten.batch_norm %x mean %m var %m momentum(0.1) eps(1.0e-5) {quant_pt2e.state_id = 0 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return
}

// -----

// expected-error @+1 {{'quant_pt2e.submodule' must be a non-empty string (the submodule name)}}
func.func private @sub(tensor<4xf32>) -> tensor<4xf32> attributes {quant_pt2e.submodule = 3 : i64}

// -----

// expected-error @+1 {{'quant_pt2e.submodule' must be a non-empty string (the submodule name)}}
func.func private @sub(tensor<4xf32>) -> tensor<4xf32> attributes {quant_pt2e.submodule = ""}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'quant_pt2e.submodule' belongs on a function}}
  %0 = aten.relu %x {quant_pt2e.submodule = "head"} : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'quant_pt2e.qat_conv_bn' must be a unit attribute}}
  %0 = aten.relu %x {quant_pt2e.qat_conv_bn = 1 : i64} : tensor<4xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'quant_pt2e.annotation' must be a #quant_pt2e.annotation}}
  func.call @f() {quant_pt2e.annotation = 1 : i32} : () -> ()
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{eps must be positive and finite, got 0.000000e+00}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max, eps = 0.0>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{averaging_constant must be in (0, 1], got 1.5}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<moving_average_min_max, averaging_constant = 1.5>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{averaging_constant applies only to moving-average observers, not 'min_max'}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max, averaging_constant = 0.5>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{bins must be positive, got 0}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, bins = 0>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{bins applies only to the histogram observer, not 'min_max'}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max, bins = 16>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{expected ','}}
  %0 = quant_pt2e.fake_quantize %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{fused_moving_avg_obs requires a moving-average observer, got 'min_max'}}
  %0 = quant_pt2e.fake_quantize %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <min_max>>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_QuantSpecAttr parameter 'observer'}}
  // expected-error @+1 {{fake_quant requires an observer that computes qparams, got 'placeholder'}}
  %0 = quant_pt2e.fake_quantize %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <placeholder>>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{quant_min (10) must be less than quant_max (-10)}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [10, -10], per_tensor_affine>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A single-value range has no scale: rejected as PyTorch's observers do.
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{quant_min (5) must be less than quant_max (5)}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [5, 5], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{range [-1, 255] is outside the range of uint8 [0, 255]}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<uint8, [-1, 255], per_tensor_affine>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ch_axis must be non-negative, got -1}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, ch_axis = -1>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{qscheme 'per_channel_symmetric' requires ch_axis}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{observer must be a #quant_pt2e.observer or #quant_pt2e.fake_quant, got "min_max"}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = "min_max">) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{observer 'per_channel_min_max' does not match qscheme 'per_tensor_symmetric'}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric, observer = #quant_pt2e.observer<per_channel_min_max>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{observer 'histogram' does not match qscheme 'per_channel_symmetric'}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<histogram>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'inputs'}}
  // expected-error @+1 {{shared operand index must be non-negative, got -1}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.shared<operand = -1>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+3 {{failed to parse QuantPT2E_DerivedSpecAttr parameter 'derived_from'}}
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'inputs'}}
  // expected-error @+1 {{expected integer value}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.derived<from = [], int32, [-2147483648, 2147483647], per_tensor_symmetric>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'inputs'}}
  // expected-error @+1 {{derived_from index must be non-negative, got -1}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.derived<from = [-1], int32, [-2147483648, 2147483647], per_tensor_symmetric>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'inputs'}}
  // expected-error @+1 {{range [-2147483648, 2147483647] is outside the range of int8 [-128, 127]}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.derived<from = [0], int8, [-2147483648, 2147483647], per_tensor_symmetric>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'inputs'}}
  // expected-error @+1 {{qscheme 'per_channel_symmetric' requires ch_axis}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.derived<from = [0], int32, [-2147483648, 2147483647], per_channel_symmetric>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'output'}}
  // expected-error @+1 {{range [0, 256] is outside the range of uint8 [0, 255]}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.fixed<uint8, [0, 256], per_tensor_affine, scale = 0.5>>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'output'}}
  // expected-error @+1 {{fixed qparams must be per tensor, got 'per_channel_affine'}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.fixed<uint8, [0, 255], per_channel_affine, scale = 0.5>>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'output'}}
  // expected-error @+1 {{scale must be positive and finite, got -5.000000e-01}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = -0.5>>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{failed to parse QuantPT2E_AnnotationAttr parameter 'output'}}
  // expected-error @+1 {{zero_point 300 is outside [0, 255]}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 0.5, zero_point = 300>>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input spec #0 must be a quantization spec or #quant_pt2e.none, got 1 : i32}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [1 : i32]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{output spec must be a quantization spec, got "int8"}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = "int8">} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{annotation has 2 input specs but the op has 1 operands}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none, #quant_pt2e.none]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{output spec shares with operand 1 but the op has 1 operands}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.shared<operand = 1>>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input spec #0 shares with itself}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.shared<operand = 0>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input spec #0 derives from operand 3 but the op has 1 operands}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.derived<from = [0, 3], int32, [-2147483648, 2147483647], per_tensor_symmetric>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ch_axis 1 of input spec #0 is outside the rank 1 of its tensor}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 1>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ch_axis 2 of output spec is outside the rank 1 of its tensor}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.derived<from = [0], int32, [-2147483648, 2147483647], per_channel_symmetric, ch_axis = 2>>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f() {
  // expected-error @+1 {{annotation has an output spec but the op has no result}}
  func.call @f() {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [], output = #quant_pt2e.none>} : () -> ()
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{constraints apply only to integer dtypes, not 'f32'}}
  config = #quant_pt2e.dtype<f32, quant_min_lower_bound = 0>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{dtype must be i8, ui8, i32 or a float type, got 'i16'}}
  config = #quant_pt2e.dtype<i16>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{range [-1, 255] is outside the range of ui8 [0, 255]}}
  config = #quant_pt2e.dtype<ui8, quant_min_lower_bound = -1>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{scale constraints must be positive and finite, got 0.000000e+00}}
  config = #quant_pt2e.dtype<i8, scale_min_lower_bound = 0.0>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{scale_min_lower_bound 1.000000e+00 exceeds scale_max_upper_bound 5.000000e-01}}
  config = #quant_pt2e.dtype<i8, scale_min_lower_bound = 1.0, scale_max_upper_bound = 0.5>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{zero_point_exact_match -128 is outside [-127, 127]}}
  config = #quant_pt2e.dtype<i8, quant_min_lower_bound = -127, quant_max_upper_bound = 127, zero_point_exact_match = -128>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{pattern needs at least one op}}
  config = #quant_pt2e.pattern<[], output_use_different_observer_as_input, []>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{pattern ops must be non-empty op names, got 3 : i32}}
  config = #quant_pt2e.pattern<["aten.relu", 3 : i32], output_use_different_observer_as_input, []>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{dtype_configs must hold #quant_pt2e.dtype_config, got #quant_pt2e.dtype<i8>}}
  config = #quant_pt2e.pattern<["aten.relu"], output_use_different_observer_as_input, [#quant_pt2e.dtype<i8>]>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{a fused pattern needs at least two ops}}
  config = #quant_pt2e.pattern<["aten.relu"], output_use_different_observer_as_input, [], fused = true>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{backend config needs a name}}
  config = #quant_pt2e.backend_config<"", []>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{patterns must hold #quant_pt2e.pattern, got #quant_pt2e.dtype<i8>}}
  config = #quant_pt2e.backend_config<"qnnpack", [#quant_pt2e.dtype<i8>]>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+1 {{pattern ["aten.relu"] appears twice in backend 'qnnpack'}}
  config = #quant_pt2e.backend_config<"qnnpack", [#quant_pt2e.pattern<["aten.relu"], output_use_different_observer_as_input, []>, #quant_pt2e.pattern<["aten.relu"], output_share_observer_with_input, []>]>} {
  return
}

// -----

func.func @f() attributes {
  // expected-error @+2 {{failed to parse QuantPT2E_ObservationTypeAttr parameter 'value'}}
  // expected-error @+1 {{expected ::mlir::quant_pt2e::ObservationType to be one of}}
  config = #quant_pt2e.observation_type<bogus>} {
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{spec has a fake-quant constructor; use quant_pt2e.fake_quantize}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <min_max>>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{requires a #quant_pt2e.fake_quant constructor in its spec}}
  %0 = quant_pt2e.fake_quantize %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{ch_axis 2 is outside the rank 2 of the input}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 2, observer = #quant_pt2e.observer<per_channel_min_max>>) : tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{input and output shapes differ}}
  %0 = quant_pt2e.quantize %x scales([0.5]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<5xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{quant_min (127) must be less than quant_max (-128)}}
  %0 = quant_pt2e.quantize %x scales([0.5]) zero_points([0]) range(127, -128) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{range [-128, 127] is outside the range of ui8 [0, 255]}}
  %0 = quant_pt2e.quantize %x scales([0.5]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xui8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{axis 1 is outside the rank 1 of the tensor}}
  %0 = quant_pt2e.quantize %x axis(1) scales([0.5]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{requires static scales/zero_points or dynamic qparams}}
  %0 = "quant_pt2e.quantize"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>, quant_min = -128 : i64, quant_max = 127 : i64}> : (tensor<4xf32>) -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{dynamic qparams need both a scale and a zero point}}
  %0 = "quant_pt2e.quantize"(%x, %s) <{operandSegmentSizes = array<i32: 1, 1, 0>, quant_min = -128 : i64, quant_max = 127 : i64}> : (tensor<4xf32>, f32) -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{qparams must be either static (scales, zero_points) or dynamic (operands), not both}}
  %0 = "quant_pt2e.quantize"(%x, %s, %zp) <{operandSegmentSizes = array<i32: 1, 1, 1>, scales = array<f32: 0.5>, zero_points = array<i64: 0>, quant_min = -128 : i64, quant_max = 127 : i64}> : (tensor<4xf32>, f32, i64) -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{scales and zero_points must be given together}}
  %0 = "quant_pt2e.quantize"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>, scales = array<f32: 0.5>, quant_min = -128 : i64, quant_max = 127 : i64}> : (tensor<4xf32>) -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{per-tensor dynamic scale must be a scalar}}
  %0 = quant_pt2e.quantize %x qparams(%cs, %czp : tensor<4xf32>, tensor<4xi64>) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{per-channel dynamic scale must be a 1-d tensor}}
  %0 = quant_pt2e.quantize %x axis(0) qparams(%s, %zp : f32, i64) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{per-channel dynamic zero point has 3 elements but the channel dimension has 4}}
  %0 = quant_pt2e.quantize %x axis(0) qparams(%cs, %czp3 : tensor<4xf32>, tensor<3xi64>) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{has 1 scales but 2 zero points}}
  %0 = quant_pt2e.quantize %x scales([0.5]) zero_points([0, 0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{per-tensor qparams need exactly one scale and zero point, got 2}}
  %0 = quant_pt2e.quantize %x scales([0.5, 0.5]) zero_points([0, 0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{has 2 per-channel scales but dimension 0 has size 4}}
  %0 = quant_pt2e.quantize %x axis(0) scales([0.5, 0.5]) zero_points([0, 0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{scale #0 must be positive and finite, got 0.000000e+00}}
  %0 = quant_pt2e.quantize %x scales([0.0]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{scale #0 must be positive and finite, got -5.000000e-01}}
  %0 = quant_pt2e.quantize %x scales([-0.5]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{zero point #0 (128) is outside [-128, 127]}}
  %0 = quant_pt2e.quantize %x scales([0.5]) zero_points([128]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{range [0, 255] is outside the range of int8 [-128, 127]}}
  %s2, %zp2 = quant_pt2e.choose_qparams %x dtype <int8> range(0, 255) qscheme <per_tensor_affine> eps(1.0e-5) : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{computes per-tensor qparams; qscheme 'per_channel_affine' is per channel}}
  %s2, %zp2 = quant_pt2e.choose_qparams %x dtype <int8> range(-128, 127) qscheme <per_channel_affine> eps(1.0e-5) : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %s: f32, %zp: i64, %cs: tensor<4xf32>, %czp: tensor<4xi64>, %czp3: tensor<3xi64>) {
  // expected-error @+1 {{eps must be positive and finite}}
  %s2, %zp2 = quant_pt2e.choose_qparams %x dtype <int8> range(-128, 127) qscheme <per_tensor_affine> eps(0.0) : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  %q = quant_pt2e.quantize %x scales([0.5]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  // expected-error @+1 {{result element type 'f16' differs from the element type 'f32' its quantize started from}}
  %d = quant_pt2e.dequantize %q scales([0.5]) zero_points([0]) range(-128, 127) : tensor<4xi8> -> tensor<4xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  %q = quant_pt2e.quantize %x scales([0.5]) zero_points([0]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  // expected-error @+1 {{qparams differ from those of the quantize that produced its input}}
  %d = quant_pt2e.dequantize %q scales([0.25]) zero_points([0]) range(-128, 127) : tensor<4xi8> -> tensor<4xf32>
  return
}

// -----

func.func @f(%q: tensor<4xi8>) {
  // expected-error @+1 {{zero point #0 (-1) is outside [0, 127]}}
  %d = quant_pt2e.dequantize %q scales([0.25]) zero_points([-1]) range(0, 127) : tensor<4xi8> -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input spec #0 shares with value 2 but the op has 1 operands}}
  %0 = aten.relu %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.shared<value = 2>]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'quant_pt2e.observer' op id must be non-negative}}
  %0 = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>) id(-1) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{'quant_pt2e.backend' must be a #quant_pt2e.backend_config}}
module attributes {quant_pt2e.backend = "qnnpack"} {}

// -----
// Fused quantized ops.

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{residual qparams need a residual operand}}
  %0 = "quant_pt2e.qconv2d"(%x, %w) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>, input_scale = 0.02 : f32, input_zero_point = 0 : i64, weight_scales = array<f32: 0.01>, output_scale = 0.05 : f32, output_zero_point = 0 : i64, quant_min = -128 : i64, quant_max = 127 : i64, act_min = -128 : i64, act_max = 127 : i64, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, residual_scale = 0.1 : f32, residual_zero_point = 0 : i64}> : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{conv_output needs a residual operand (it quantizes the conv result before the residual sum)}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) conv_output(0.04, 0) clamp(-128, 127) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{residual 'tensor<1x2x4x4xi8>' must have the result's shape}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) residual(%s : tensor<1x2x4x4xi8>, 0.1, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{residual needs a scale and a zero point}}
  %0 = "quant_pt2e.qconv2d"(%x, %w, %r) <{operandSegmentSizes = array<i32: 1, 1, 0, 1>, input_scale = 0.02 : f32, input_zero_point = 0 : i64, weight_scales = array<f32: 0.01>, output_scale = 0.05 : f32, output_zero_point = 0 : i64, quant_min = -128 : i64, quant_max = 127 : i64, act_min = -128 : i64, act_max = 127 : i64, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, residual_scale = 0.1 : f32}> : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<1x2x8x8xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{residual scale must be positive and finite, got 0}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) residual(%r : tensor<1x2x8x8xi8>, 0.0, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{residual zero point 200 is outside the range of 'i8'}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) residual(%r : tensor<1x2x8x8xi8>, 0.1, 200) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{conv_output needs a scale, a zero point and a clamp range}}
  %0 = "quant_pt2e.qconv2d"(%x, %w, %r) <{operandSegmentSizes = array<i32: 1, 1, 0, 1>, input_scale = 0.02 : f32, input_zero_point = 0 : i64, weight_scales = array<f32: 0.01>, output_scale = 0.05 : f32, output_zero_point = 0 : i64, quant_min = -128 : i64, quant_max = 127 : i64, act_min = -128 : i64, act_max = 127 : i64, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, residual_scale = 0.1 : f32, residual_zero_point = 0 : i64, conv_output_scale = 0.04 : f32}> : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<1x2x8x8xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{conv_output scale must be positive and finite, got -4.000000e-02}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) conv_output(-0.04, 0) clamp(-128, 127) residual(%r : tensor<1x2x8x8xi8>, 0.1, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %r: tensor<1x2x8x8xi8>, %s: tensor<1x2x4x4xi8>) {
  // expected-error @+1 {{conv_output clamp(10, 5) must be a non-empty int32 range}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) conv_output(0.04, 0) clamp(10, 5) residual(%r : tensor<1x2x8x8xi8>, 0.1, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%v: tensor<4x16xi8>, %w: tensor<8x16xi8>) {
  // expected-error @+1 {{post_op and its alpha come together}}
  %0 = "quant_pt2e.qlinear"(%v, %w) <{operandSegmentSizes = array<i32: 1, 1, 0>, input_scale = 0.02 : f32, input_zero_point = 0 : i64, weight_scales = array<f32: 0.01>, post_op = #quant_pt2e.post_op<tanh>, output_scale = 0.1 : f32, output_zero_point = 5 : i64, quant_min = -128 : i64, quant_max = 127 : i64, act_min = 5 : i64, act_max = 127 : i64}> : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  return
}

// -----

func.func @f(%v: tensor<4x16xi8>, %w: tensor<8x16xi8>) {
  // expected-error @+1 {{tanh takes no alpha (0.0)}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) post_op(<tanh>, 0.5) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  return
}

// -----

func.func @f(%v: tensor<4x16xi8>, %w: tensor<8x16xi8>) {
  // expected-error @+1 {{post_op alpha must be finite}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) post_op(<leaky_relu>, 0x7F800000) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{input, weight and result must be 4-d (NCHW, OIHW)}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{stride, padding and dilation need 2 values}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{stride and dilation must be >= 1 and padding >= 0}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [0, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{do not match groups 2}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 2 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

// qconv2d window larger than the padded input: an error, not a negative size
func.func @f(%x: tensor<1x3x2x2xi8>, %w: tensor<2x3x5x5xi8>) {
  // expected-error @+1 {{window 5 (dilation 1) exceeds spatial dimension 0 of size 2 padded by 0}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x3x2x2xi8>, tensor<2x3x5x5xi8>) -> tensor<1x2x1x1xi8>
  return
}

// -----

// qconv2d output size overflow
func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{output size of spatial dimension 0 overflows int64}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [9223372036854775807, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{result shape must be 'tensor<1x2x8x8xi8>', got 'tensor<1x2x6x6xi8>'}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x6x6xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{input scale must be positive and finite, got 0}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.0, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{input zero point 200 is outside the range of 'i8'}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 200) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{needs 1 weight scale or one per output channel (2), got 3}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01, 0.01, 0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{weight scale #1 must be positive and finite, got -1}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01, -1.0]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>, %b: tensor<3xf32>) {
  // expected-error @+1 {{bias must be [2], got 'tensor<3xf32>'}}
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>, tensor<3xf32>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{range [0, 300] is outside the range of i8 [-128, 127]}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(0, 300) act_range(0, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{output scale must be positive and finite, got INF}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0x7F800000, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{output zero point -100 is outside [0, 127]}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, -100) range(0, 127) act_range(0, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{act_range(10, 5) must be a non-empty sub-range of [-128, 127]}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(10, 5) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%x: tensor<?x3x8x8xi8>, %w: tensor<2x3x3x3xi8>) {
  // expected-error @+1 {{needs static shapes}}
  %0 = quant_pt2e.qconv2d %x, %w input(0.02, 0) weight([0.01]) output(0.05, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<?x3x8x8xi8>, tensor<2x3x3x3xi8>) -> tensor<1x2x8x8xi8>
  return
}

// -----

func.func @f(%v: tensor<4x16xi8>, %w: tensor<8x16xi8>) {
  // expected-error @+1 {{input [M, K], weight [N, K] and result [M, N] must be 2-d}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x16xi8>) -> tensor<32xi8>
  return
}

// -----

func.func @f(%v: tensor<?x16xi8>, %w: tensor<8x16xi8>) {
  // expected-error @+1 {{needs static shapes}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<?x16xi8>, tensor<8x16xi8>) -> tensor<4x8xi8>
  return
}

// -----

func.func @f(%v: tensor<4x16xi8>, %w: tensor<8x12xi8>) {
  // expected-error @+1 {{do not form a linear layer}}
  %0 = quant_pt2e.qlinear %v, %w input(0.02, 0) weight([0.01]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<4x16xi8>, tensor<8x12xi8>) -> tensor<4x8xi8>
  return
}

// -----

func.func @f(%a: tensor<1x3xi8>, %b: tensor<1x4xi8>) {
  // expected-error @+1 {{operands and result must have the same shape}}
  %0 = quant_pt2e.qadd %a, %b lhs(0.1, 0) rhs(0.2, 3) output(0.25, -2) range(-128, 127) act_range(-128, 127) : tensor<1x3xi8>, tensor<1x4xi8> -> tensor<1x3xi8>
  return
}

// -----

func.func @f(%a: tensor<?x3xi8>) {
  // expected-error @+1 {{needs static shapes}}
  %0 = quant_pt2e.qadd %a, %a lhs(0.1, 0) rhs(0.2, 3) output(0.25, -2) range(-128, 127) act_range(-128, 127) : tensor<?x3xi8>, tensor<?x3xi8> -> tensor<?x3xi8>
  return
}

// -----

func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{rhs scale must be positive and finite, got -2}}
  %0 = quant_pt2e.qadd %a, %a lhs(0.1, 0) rhs(-2.0, 3) output(0.25, -2) range(-128, 127) act_range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<1x3xi8>
  return
}

// -----

func.func @f(%x: tensor<3x8x8xi8>) {
  // expected-error @+1 {{input and result must be 4-d (NCHW)}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<3x8x8xi8> -> tensor<3x4x4xi8>
  return
}

// -----

func.func @f(%x: tensor<?x3x8x8xi8>) {
  // expected-error @+1 {{needs static shapes}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<?x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{input and result element types differ}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xui8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{needs a 2-d kernel, stride, padding, dilation}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

// qmax_pool2d kernel entries
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{kernel must be >= 1 and padding in [0, kernel / 2]}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [0, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{batch and channels must be preserved}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xi8> -> tensor<1x4x4x4xi8>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{spatial dimension 1 must be 4, got 5}}
  %0 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xi8> -> tensor<1x3x4x5xi8>
  return
}

// -----

// qmul: same shapes
func.func @f(%a: tensor<1x3xi8>, %b: tensor<1x4xi8>) {
  // expected-error @+1 {{operands and result must have the same shape}}
  %0 = quant_pt2e.qmul %a, %b lhs(0.1, 0) rhs(0.2, 3) output(0.25, -2) range(-128, 127) act_range(-128, 127) : tensor<1x3xi8>, tensor<1x4xi8> -> tensor<1x3xi8>
  return
}

// -----

// qavg_pool2d rank
func.func @f(%x: tensor<3x8x8xi8>) {
  // expected-error @+1 {{input and result must be 4-d (NCHW)}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<3x8x8xi8> -> tensor<3x4x4xi8>
  return
}

// -----

// qavg_pool2d static
func.func @f(%x: tensor<?x3x8x8xi8>) {
  // expected-error @+1 {{needs static shapes}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<?x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

// qavg_pool2d 2-d window
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{needs a 2-d kernel, stride and padding}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2] stride [2, 2] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

// qavg_pool2d channels
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{batch and channels must be preserved}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x4x4x4xi8>
  return
}

// -----

// qavg_pool2d padding
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{kernel and stride must be >= 1 and padding in [0, kernel / 2]}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [2, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x6x4xi8>
  return
}

// -----

// qavg_pool2d window too large
func.func @f(%x: tensor<1x3x2x2xi8>) {
  // expected-error @+1 {{window 3 (dilation 1) exceeds spatial dimension 0 of size 2 padded by 0}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [3, 1] stride [1, 1] padding [0, 0] : tensor<1x3x2x2xi8> -> tensor<1x3x1x2xi8>
  return
}

// -----

// qavg_pool2d size
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{spatial dimension 1 must be 4, got 5}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x4x5xi8>
  return
}

// -----

// qavg_pool2d input scale
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{input scale must be positive and finite, got 0}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.0, 0) output(0.05, 0) range(-128, 127) act_range(-128, 127) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

// qavg_pool2d act range
func.func @f(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{act_range(5, 4) must be a non-empty sub-range of [-128, 127]}}
  %0 = quant_pt2e.qavg_pool2d %x input(0.05, 0) output(0.05, 0) range(-128, 127) act_range(5, 4) kernel [2, 2] stride [2, 2] padding [0, 0] : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  return
}

// -----

// qcat dim
func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{dim 2 is outside [0, 2)}}
  %0 = quant_pt2e.qcat %a, %a dim 2 scales([0.1, 0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<1x6xi8>
  return
}

// -----

// qcat qparam count
func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{needs one scale and zero point per input (2), got 1 and 2}}
  %0 = quant_pt2e.qcat %a, %a dim 1 scales([0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<1x6xi8>
  return
}

// -----

// qcat static
func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{needs static shapes}}
  %0 = quant_pt2e.qcat %a, %a dim 1 scales([0.1, 0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<?x6xi8>
  return
}

// -----

// qcat input rank
func.func @f(%a: tensor<1x3xi8>, %b: tensor<3xi8>) {
  // expected-error @+1 {{input #1 must be a static 2-d tensor, got 'tensor<3xi8>'}}
  %0 = quant_pt2e.qcat %a, %b dim 1 scales([0.1, 0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<3xi8> -> tensor<1x6xi8>
  return
}

// -----

// qcat other dims
func.func @f(%a: tensor<1x3xi8>, %b: tensor<2x3xi8>) {
  // expected-error @+1 {{input #1 'tensor<2x3xi8>' does not match the result 'tensor<1x6xi8>' outside dim 1}}
  %0 = quant_pt2e.qcat %a, %b dim 1 scales([0.1, 0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<2x3xi8> -> tensor<1x6xi8>
  return
}

// -----

// qcat input qparams
func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{input #1 zero point 300 is outside the range of 'i8'}}
  %0 = quant_pt2e.qcat %a, %a dim 1 scales([0.1, 0.1]) zero_points([0, 300]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<1x6xi8>
  return
}

// -----

// qcat total overflow
func.func @f(%a: tensor<9223372036854775807xi8>) {
  // expected-error @+1 {{the inputs' sizes along dim 0 overflow int64}}
  %0 = quant_pt2e.qcat %a, %a dim 0 scales([0.1, 0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<9223372036854775807xi8>, tensor<9223372036854775807xi8> -> tensor<1xi8>
  return
}

// -----

// qcat total
func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{result size 7 along dim 1 must be the sum 6 of the inputs'}}
  %0 = quant_pt2e.qcat %a, %a dim 1 scales([0.1, 0.1]) zero_points([0, 0]) output(0.1, 0) range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<1x7xi8>
  return
}

// -----

// qcat output
func.func @f(%a: tensor<1x3xi8>) {
  // expected-error @+1 {{output scale must be positive and finite, got -1}}
  %0 = quant_pt2e.qcat %a, %a dim 1 scales([0.1, 0.1]) zero_points([0, 0]) output(-1.0, 0) range(-128, 127) : tensor<1x3xi8>, tensor<1x3xi8> -> tensor<1x6xi8>
  return
}

// -----

// qcat without inputs (only expressible in the generic form)
func.func @f() {
  // expected-error @+1 {{needs at least one input}}
  %0 = "quant_pt2e.qcat"() <{dim = 0 : i64, input_scales = array<f32>, input_zero_points = array<i64>, output_scale = 1.000000e-01 : f32, output_zero_point = 0 : i64, quant_max = 127 : i64, quant_min = -128 : i64}> : () -> tensor<0xi8>
  return
}

// -----

func.func @f(%x: tensor<1x4xi8>) {
  // expected-error @+1 {{'quant_pt2e.qlookup' op input and result shapes differ}}
  %0 = quant_pt2e.qlookup %x table([-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127]) : tensor<1x4xi8> -> tensor<4x1xi8>
  return
}

// -----

func.func @f(%x: tensor<1x4xi8>) {
  // expected-error @+1 {{table must have 256 entries (one per 8-bit input value), got 255}}
  %0 = quant_pt2e.qlookup %x table([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) : tensor<1x4xi8> -> tensor<1x4xi8>
  return
}
