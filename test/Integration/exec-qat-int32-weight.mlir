// The seed's test_qat_per_channel_weight_custom_dtype (ConvBnInt32WeightQuantizer):
// uint8 activations with FakeQuantize (moving-average min-max), the conv
// weight fake-quantized per channel to int32 [0, 2^31 - 1] with the fused
// fake quant. After the QAT rewrite, a training-mode run and the fold, the
// weight is an int32 constant with a per-channel (axis 0) dequantize.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-opt %s --quant-pt2e-qat-conv-bn --quant-pt2e-prepare -o %t/prepared.mlir
// RUN: quant-run %t/prepared.mlir --stats-out %t/stats.json | FileCheck %s --check-prefix=FORWARD
// RUN: quant-opt %t/prepared.mlir --quant-pt2e-qat-fold-conv-bn=stats=%t/stats.json --quant-pt2e-convert=stats=%t/stats.json | FileCheck %s

// FORWARD: (3 observers, 1 running statistics, 1 samples)
// CHECK: %[[XD:.+]] = quant_pt2e.dequantize %{{.+}} range(0, 255) : tensor<1x1x2x2xui8> -> tensor<1x1x2x2xf32>
// CHECK: %[[W:.+]] = arith.constant dense_resource<quantized_{{[0-9]+}}> : tensor<2x1x1x1xi32>
// CHECK: %[[WD:.+]] = quant_pt2e.dequantize %[[W]] axis(0) scales({{.+}}) zero_points({{.+}}) range(0, 2147483647) : tensor<2x1x1x1xi32> -> tensor<2x1x1x1xf32>
// CHECK: aten.convolution %[[XD]], %[[WD]], %{{.+}}
// CHECK: quant_pt2e.quantize %{{.+}} range(0, 255) : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xui8>
// CHECK-NOT: fake_quantize
func.func @forward() -> tensor<1x2x2x2xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0], [2.0, 3.0]]]]> : tensor<1x1x2x2xf32>
  %w = arith.constant dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<uint8, [0, 255], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <moving_average_min_max>>>, #quant_pt2e.spec<int32, [0, 2147483647], per_channel_affine, ch_axis = 0, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_per_channel_min_max>>>], annotated = true>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v momentum(0.1) eps(1.0e-5) {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none, #quant_pt2e.none, #quant_pt2e.none], output = #quant_pt2e.spec<uint8, [0, 255], per_tensor_affine, observer = #quant_pt2e.fake_quant<fake_quantize, observer = <moving_average_min_max>>>, annotated = true>} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %1#0 : tensor<1x2x2x2xf32>
}
