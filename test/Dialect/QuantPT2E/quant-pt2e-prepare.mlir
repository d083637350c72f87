// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate -quant-pt2e-prepare -verify-diagnostics | FileCheck %s
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate="qat=true" -quant-pt2e-prepare -verify-diagnostics | FileCheck %s --check-prefix=QAT

// conv -> relu -> conv -> max pool -> cat: the second conv reads the relu
// output's observer (implicit sharing), the pool output and both cat inputs
// share it (explicit sharing), so one id serves all of them.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>, %[[W:.+]]: tensor<3x3x3x3xf32>)
// Observers of arguments sit at the block start; each consumer's weight
// edge has its own observer, as in PT2E.
// CHECK-DAG: %[[XO:.+]] = quant_pt2e.observer %[[X]] spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4>>) id(0)
// CHECK-DAG: %[[WO:.+]] = quant_pt2e.observer %[[W]] spec(<int8, [-127, 127], per_tensor_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<min_max, eps = 2.44140625E-4>>) id(1)
// CHECK-DAG: %[[WO2:.+]] = quant_pt2e.observer %[[W]] {{.+}} id(3)
// CHECK: %[[C1:.+]] = aten.convolution %[[XO]], %[[WO]]
// CHECK: %[[R:.+]] = aten.relu %[[C1]]
// CHECK: %[[RO:.+]] = quant_pt2e.observer %[[R]] spec({{.+}}) id(2)
// CHECK: %[[C2:.+]] = aten.convolution %[[RO]], %[[WO2]]
// CHECK: %[[C2O:.+]] = quant_pt2e.observer %[[C2]] {{.+}} id(4)
// CHECK: %[[P:.+]] = aten.max_pool2d %[[C2O]]
// CHECK: %[[PO:.+]] = quant_pt2e.observer %[[P]] {{.+}} id(4)
// CHECK: %[[CAT:.+]] = aten.cat %[[PO]], %[[PO]]
// CHECK: quant_pt2e.observer %[[CAT]] {{.+}} id(4)
// CHECK: aten.sigmoid
// CHECK-NOT: quant_pt2e.observer
// CHECK: return
// QAT-LABEL: func.func @chain
// QAT-DAG: quant_pt2e.fake_quantize %{{.+}} spec(<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs
// QAT-DAG: quant_pt2e.fake_quantize %{{.+}} spec(<int8, [-127, 127], per_tensor_symmetric
// QAT-NOT: quant_pt2e.observer
func.func @chain(%x: tensor<1x3x8x8xf32>, %w: tensor<3x3x3x3xf32>) -> (tensor<1x6x4x4xf32>, tensor<1x6x4x4xf32>) {
  %0 = aten.convolution %x, %w stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  %1 = aten.relu %0 : tensor<1x3x8x8xf32>
  %2 = aten.convolution %1, %w stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  %3 = aten.max_pool2d %2 kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  %4 = aten.cat %3, %3 dim 1 : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x6x4x4xf32>
  %5 = aten.sigmoid %4 : tensor<1x6x4x4xf32>
  return %4, %5 : tensor<1x6x4x4xf32>, tensor<1x6x4x4xf32>
}

// -----

// No match: nothing annotated, nothing observed.
// CHECK-LABEL: func.func @float_only
// CHECK-NOT: quant_pt2e.observer
func.func @float_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aten.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Fixed-qparams specs are reported, not silently dropped.
func.func @fixed(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{quant-pt2e-prepare does not support fixed-qparams specs yet}}
  %0 = aten.sigmoid %x {quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.none], output = #quant_pt2e.fixed<uint8, [0, 255], per_tensor_affine, scale = 0.00390625>, annotated = true>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
