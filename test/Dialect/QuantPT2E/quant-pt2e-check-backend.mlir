// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate -quant-pt2e-check-backend=backend=qnnpack | FileCheck %s --check-prefix=QNNPACK
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate -quant-pt2e-check-backend=backend=executorch | FileCheck %s --check-prefix=EXECUTORCH
// RUN: not quant-opt %s -split-input-file -quant-pt2e-annotate -quant-pt2e-check-backend=backend=onednn 2>&1 | FileCheck %s --check-prefix=ONEDNN
// RUN: not quant-opt %s -split-input-file -quant-pt2e-annotate="weight-qmin=-128" -quant-pt2e-check-backend=backend=qnnpack 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not quant-opt %s -split-input-file -quant-pt2e-check-backend=backend=tensorrt 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// The XNNPACK quantizer's int8 symmetric specs fit QNNPACK's and
// ExecuTorch's qint8 symmetric dtype configs; the chosen config is recorded.
// QNNPACK: module attributes {quant_pt2e.backend = #quant_pt2e.backend_config<"qnnpack", [#quant_pt2e.pattern<["conv"], output_use_different_observer_as_input, [#quant_pt2e.dtype_config<input = <i8, scale_min_lower_bound = 2.44140625E-4>, output = <i8, scale_min_lower_bound = 2.44140625E-4>, weight = <i8, quant_min_lower_bound = -127, quant_max_upper_bound = 127, scale_min_lower_bound = 2.44140625E-4>, bias = <f32>>, #quant_pt2e.dtype_config<input = <ui8>, output = <ui8>, weight = <i8>, bias = <f32>>]>
// QNNPACK-SAME: #quant_pt2e.pattern<["conv", "relu"], output_use_different_observer_as_input
// QNNPACK-SAME: fused = true>
// QNNPACK-SAME: #quant_pt2e.pattern<["max_pool"], output_share_observer_with_input
// QNNPACK-LABEL: func.func @conv_relu_pool
// QNNPACK: aten.convolution {{.*}}quant_pt2e.annotation
// EXECUTORCH: module attributes {quant_pt2e.backend = #quant_pt2e.backend_config<"executorch"
// EXECUTORCH-LABEL: func.func @conv_relu_pool

// oneDNN takes uint8 activations only.
// ONEDNN: error: annotation of 'aten.convolution' (module 'block.conv') violates backend 'onednn': no dtype config accepts it (activation #0 has dtype i8, the config takes ui8)
// ONEDNN: error: annotation of 'aten.relu' violates backend 'onednn': no dtype config accepts it (output has dtype i8, the config takes ui8)

// QNNPACK's weights are restricted to [-127, 127].
// RANGE: error: annotation of 'aten.convolution' (module 'block.conv') violates backend 'qnnpack': no dtype config accepts it (weight quant_min -128 is below -127; activation #0 has dtype i8, the config takes ui8)

// UNKNOWN: error: unknown backend 'tensorrt' (available: qnnpack, executorch, onednn)
func.func @conv_relu_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x3x3xf32>
  %0 = aten.convolution %x, %w stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 {aten.module_path = "block.conv"} : (tensor<1x3x8x8xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  %1 = aten.relu %0 : tensor<1x3x8x8xf32>
  %2 = aten.max_pool2d %1 kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %2 : tensor<1x3x4x4xf32>
}

// -----

// No match: nothing annotated, nothing to check (the config is recorded).
// QNNPACK-LABEL: func.func @float_only
// QNNPACK-NOT: quant_pt2e.annotation
func.func @float_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aten.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
