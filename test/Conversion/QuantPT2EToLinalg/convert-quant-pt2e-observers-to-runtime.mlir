// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-observers-to-runtime -verify-diagnostics | FileCheck %s

// An observer becomes a qpt2e_observe call (id, kind, axis, averaging
// constant, bins) and passes its input through.
// CHECK: func.func private @qpt2e_observe(tensor<*xf32> {bufferization.access = "read"}, i64, i64, i64, f32, i64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @observer
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>)
// CHECK: %[[U:.+]] = tensor.cast %[[X]] : tensor<1x4xf32> to tensor<*xf32>
// CHECK: call @qpt2e_observe(%[[U]], %c3_i64, %c1_i64, %c0_i64, %{{.+}}, %c2048_i64)
// CHECK: return %[[X]]
func.func @observer(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = quant_pt2e.observer %x spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<moving_average_min_max>>) id(3) : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// A per-tensor fake quantize: observe + qparams in the runtime (fused = 1,
// qmin, qmax, symmetric = 0, unsigned = 0, eps), then Q/DQ with the scale
// and zero point read back.
// CHECK-LABEL: func.func @fake_quantize
// CHECK: call @qpt2e_fake_quant_observe(%cast, %c5_i64, %c1_i64, %c0_i64, %cst, %c1_i64_0, %c-128_i64, %c127_i64, %c0_i64_1, %c0_i64_2, %cst_3)
// CHECK: %[[S:.+]] = call @qpt2e_fake_quant_scale(%{{.+}}, %{{.+}}) : (i64, i64) -> f32
// CHECK: %[[Z:.+]] = call @qpt2e_fake_quant_zero_point(%{{.+}}, %{{.+}}) : (i64, i64) -> i64
// CHECK: %[[Q:.+]] = quant_pt2e.quantize %{{.+}} {{ *}}qparams(%[[S]], %[[Z]] : f32, i64) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
// CHECK: %[[D:.+]] = quant_pt2e.dequantize %[[Q]] {{ *}}qparams(%[[S]], %[[Z]] : f32, i64) range(-128, 127)
// CHECK: return %[[D]]
func.func @fake_quantize(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = quant_pt2e.fake_quantize %x spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max>>>) id(5) : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Per channel: the qparams are read back into a tensor per channel.
// CHECK-LABEL: func.func @fake_quantize_per_channel
// CHECK: call @qpt2e_fake_quant_observe
// CHECK: %[[S:.+]] = tensor.generate
// CHECK: call @qpt2e_fake_quant_scale
// CHECK: %[[Z:.+]] = tensor.generate
// CHECK: call @qpt2e_fake_quant_zero_point
// CHECK: quant_pt2e.quantize %{{.+}} axis(0) {{ *}}qparams(%[[S]], %[[Z]] : tensor<3xf32>, tensor<3xi64>) range(-127, 127)
func.func @fake_quantize_per_channel(%w: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = quant_pt2e.fake_quantize %w spec(<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_per_channel_min_max>>>) id(1) : tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Training state: the running statistics of a batch norm with a state id
// live in public mutable globals read at the start of the forward (by every
// user of the constants) and written after the batch norm. A batch norm
// without a state id keeps its constants.
// CHECK: memref.global "public" @qpt2e_state_7_var : memref<2xf32> = dense<1.000000e+00>
// CHECK: memref.global "public" @qpt2e_state_7_mean : memref<2xf32> = dense<[5.000000e-01, 0.000000e+00]>
// CHECK-LABEL: func.func @running_stats
// CHECK: %[[GV:.+]] = memref.get_global @qpt2e_state_7_var
// CHECK: %[[V:.+]] = bufferization.to_tensor %[[GV]] restrict
// CHECK: %[[GM:.+]] = memref.get_global @qpt2e_state_7_mean
// CHECK: %[[M:.+]] = bufferization.to_tensor %[[GM]] restrict
// CHECK: aten.add_scalar %[[V]]
// CHECK: %[[Y:.+]], %[[NM:.+]], %[[NV:.+]] = aten.batch_norm_training %{{.+}} mean %[[M]] var %[[V]]
// CHECK: %[[BV:.+]] = bufferization.to_buffer %[[NV]] read_only
// CHECK: memref.copy %[[BV]], %[[GV]]
// CHECK: %[[BM:.+]] = bufferization.to_buffer %[[NM]] read_only
// CHECK: memref.copy %[[BM]], %[[GM]]
// CHECK: aten.batch_norm_training %{{.+}} mean %cst_1 var %cst_1
// CHECK-NOT: memref.copy
func.func @running_stats(%x: tensor<2x2x2x2xf32>) -> (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2x2x2x2xf32>) {
  %m = arith.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %m2 = arith.constant dense<0.0> : tensor<2xf32>
  %e = aten.add_scalar %v, 1.0e-5 : tensor<2xf32>
  %0:3 = aten.batch_norm_training %x mean %m var %v momentum(0.1) eps(1.0e-5) {quant_pt2e.state_id = 7 : i64} : (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  %1:3 = aten.batch_norm_training %x mean %m2 var %m2 momentum(0.1) eps(1.0e-5) : (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %0#0, %e, %1#0 : tensor<2x2x2x2xf32>, tensor<2xf32>, tensor<2x2x2x2xf32>
}

// -----

func.func @no_id(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'quant_pt2e.fake_quantize' op needs an id (run quant-pt2e-prepare) to be run}}
  %0 = quant_pt2e.fake_quantize %x spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max>>>) : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @state_not_constant(%x: tensor<1x2x2x2xf32>, %m: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{running mean must be a constant of static shape to be kept as training state}}
  %0:3 = aten.batch_norm_training %x mean %m var %m momentum(0.1) eps(1.0e-5) {quant_pt2e.state_id = 0 : i64} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %0#0 : tensor<1x2x2x2xf32>
}

// -----

// No match: dynamic shapes are refused up front.
func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{convert-quant-pt2e-observers-to-runtime: dynamic shapes are not supported, got 'tensor<?x4xf32>'}}
  %0 = quant_pt2e.observer %x spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) id(3) : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
