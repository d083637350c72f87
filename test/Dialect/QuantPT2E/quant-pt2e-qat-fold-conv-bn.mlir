// RUN: quant-opt %s -split-input-file -verify-diagnostics --quant-pt2e-qat-fold-conv-bn="stats=%S/Inputs/qat-stats.json" | FileCheck %s --check-prefix=FOLD
// RUN: quant-opt %s -split-input-file -verify-diagnostics --quant-pt2e-qat-fold-conv-bn="stats=%S/Inputs/qat-stats.json" --quant-pt2e-convert="stats=%S/Inputs/qat-stats.json" | FileCheck %s --check-prefix=CONVERT

// A prepared QAT conv-bn (quant-pt2e-qat-conv-bn + prepare: the scale
// factor's linalg, the conv marked, the batch norm in training form) with a derived
// int32 bias spec (the seed's ConvBnDerivedBiasQuantizer). Trained running
// statistics (stats file): mean 1, var 3; eps 1 -> rsqrt 0.5, gamma 2 ->
// scale 1: w' = w = 1, b' = (1 - 1) * 0.5 * 2 + 3 = 3.
// FOLD-LABEL: func.func @forward
// FOLD: %[[XF:.+]] = quant_pt2e.fake_quantize %{{.+}} {{.*}} id(0)
// FOLD: %[[W:.+]] = arith.constant dense_resource<folded_weight>
// FOLD: %[[WF:.+]] = quant_pt2e.fake_quantize %[[W]] {{.*}} id(1)
// FOLD: %[[B:.+]] = arith.constant dense_resource<folded_bias>
// FOLD: %[[C:.+]] = aten.convolution %[[XF]], %[[WF]], %[[B]] stride [1, 1] {{.*}}quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [{{.+}}, #quant_pt2e.derived<from = [0, 1], int32
// FOLD-NOT: qat_conv_bn
// FOLD: quant_pt2e.fake_quantize %[[C]] {{.*}} id(2)
// FOLD-NOT: aten.batch_norm_training
// FOLD-NOT: linalg.generic
// FOLD-NOT: math.sqrt
// FOLD: folded_weight: "0x040000000000803F"
// FOLD: folded_bias: "0x0400000000004040"

// Convert: the derived bias scale is input scale x weight scale = 0.125
// (zero point 0, int32 range): 3 -> 24; the weight 1 / 0.25 -> 4.
// CONVERT-LABEL: func.func @forward
// CONVERT: quant_pt2e.quantize %{{.+}} scales([5.000000e-01]) zero_points([0]) range(-128, 127)
// CONVERT: %[[XD:.+]] = quant_pt2e.dequantize
// CONVERT-DAG: %[[BQ:.+]] = arith.constant dense_resource<quantized_0> : tensor<1xi32>
// CONVERT-DAG: %[[BD:.+]] = quant_pt2e.dequantize %[[BQ]] scales([1.250000e-01]) zero_points([0]) range(-2147483648, 2147483647)
// CONVERT-DAG: %[[WQ:.+]] = arith.constant dense_resource<quantized_1> : tensor<1x1x1x1xi8>
// CONVERT-DAG: %[[WD:.+]] = quant_pt2e.dequantize %[[WQ]] scales([2.500000e-01]) zero_points([0]) range(-127, 127)
// CONVERT: %[[C:.+]] = aten.convolution %[[XD]], %[[WD]], %[[BD]]
// CONVERT: quant_pt2e.quantize %[[C]] scales([1.000000e+00])
// CONVERT-DAG: quantized_0: "0x0400000018000000"
// CONVERT-DAG: quantized_1: "0x0100000004"
#id1 = affine_map<(d0) -> (d0)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#axis0 = affine_map<(d0, d1, d2, d3) -> (d0)>
#axis1 = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @forward(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %m = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<3.0> : tensor<1xf32>
  %xf = quant_pt2e.fake_quantize %x spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max>>>) id(0) : tensor<1x1x2x2xf32>
  %e_init = tensor.empty() : tensor<1xf32>
  %e = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%v : tensor<1xf32>) outs(%e_init : tensor<1xf32>) {
  ^bb0(%in0: f32, %out: f32):
    %eps = arith.constant 1.0 : f32
    %r = arith.addf %in0, %eps : f32
    linalg.yield %r : f32
  } -> tensor<1xf32>
  %s_init = tensor.empty() : tensor<1xf32>
  %s = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%e : tensor<1xf32>) outs(%s_init : tensor<1xf32>) {
  ^bb0(%in0: f32, %out: f32):
    %r = math.sqrt %in0 : f32
    linalg.yield %r : f32
  } -> tensor<1xf32>
  %f_init = tensor.empty() : tensor<1xf32>
  %f = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]} ins(%g, %s : tensor<1xf32>, tensor<1xf32>) outs(%f_init : tensor<1xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %r = arith.divf %in0, %in1 : f32
    linalg.yield %r : f32
  } -> tensor<1xf32>
  %ws_init = tensor.empty() : tensor<1x1x1x1xf32>
  %ws = linalg.generic {indexing_maps = [#id4, #axis0, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%w, %f : tensor<1x1x1x1xf32>, tensor<1xf32>) outs(%ws_init : tensor<1x1x1x1xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %r = arith.mulf %in0, %in1 : f32
    linalg.yield %r : f32
  } -> tensor<1x1x1x1xf32>
  %wf = quant_pt2e.fake_quantize %ws spec(<int8, [-127, 127], per_tensor_symmetric, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max>>>) id(1) : tensor<1x1x1x1xf32>
  %zb = arith.constant dense<0.0> : tensor<1xf32>
  %c = aten.convolution %xf, %wf, %zb stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine>, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric>, #quant_pt2e.derived<from = [0, 1], int32, [-2147483648, 2147483647], per_tensor_symmetric>], annotated = true>, quant_pt2e.qat_conv_bn} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %d_init = tensor.empty() : tensor<1x1x2x2xf32>
  %d = linalg.generic {indexing_maps = [#id4, #axis1, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %f : tensor<1x1x2x2xf32>, tensor<1xf32>) outs(%d_init : tensor<1x1x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %r = arith.divf %in0, %in1 : f32
    linalg.yield %r : f32
  } -> tensor<1x1x2x2xf32>
  %a_init = tensor.empty() : tensor<1x1x2x2xf32>
  %a = linalg.generic {indexing_maps = [#id4, #axis1, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%d, %b : tensor<1x1x2x2xf32>, tensor<1xf32>) outs(%a_init : tensor<1x1x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %r = arith.addf %in0, %in1 : f32
    linalg.yield %r : f32
  } -> tensor<1x1x2x2xf32>
  %y:3 = aten.batch_norm_training %a mean %m var %v weight %g bias %beta momentum(0.1) eps(1.0) {quant_pt2e.state_id = 0 : i64} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>)
  %o = quant_pt2e.fake_quantize %y#0 spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max>>>) id(2) : tensor<1x1x2x2xf32>
  return %o : tensor<1x1x2x2xf32>
}

// -----

// A marked conv whose weight is not the scaled weight.
func.func @broken(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{is marked quant_pt2e.qat_conv_bn but its weight is not the scaled weight}}
  %c = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.qat_conv_bn} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %c : tensor<1x1x2x2xf32>
}

// -----

// No match: dynamic shapes are refused up front.
// expected-error @+1 {{quant-pt2e-qat-fold-conv-bn: dynamic shapes are not supported, got 'tensor<?x2xf32>'}}
func.func @dynamic(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  return %x : tensor<?x2xf32>
}
