// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate | FileCheck %s --check-prefix=PTQ
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate="per-channel=true" | FileCheck %s --check-prefix=PC
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate="qat=true per-channel=true" | FileCheck %s --check-prefix=QAT
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate="dynamic=true" | FileCheck %s --check-prefix=DYN
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate="act-qmin=-127 weight-qmin=-63 weight-qmax=63" | FileCheck %s --check-prefix=RANGE
// RUN: quant-opt %s -split-input-file -quant-pt2e-annotate="module-name=block=none module-type=torch.nn.modules.linear.Linear=per-channel operator-type=add=none" | FileCheck %s --check-prefix=CFG

// conv -> relu, a lone conv, a lone transposed conv (not in STATIC_OPS:
// stays float), linear, add -> relu, max pool, cat, mean (propagated),
// sigmoid and sub (never annotated).

// PTQ-LABEL: func.func @patterns
// PTQ: aten.convolution {{.*}}quant_pt2e.annotation = #quant_pt2e.annotation<inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4>>, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<min_max, eps = 2.44140625E-4>>, #quant_pt2e.none], annotated = true>
// PTQ-NEXT: aten.relu {{.*}}inputs = [#quant_pt2e.none], output = #quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<histogram, eps = 2.44140625E-4>>, annotated = true>
// PTQ-NEXT: aten.convolution {{.*}}inputs = [#quant_pt2e.spec<int8{{.*}}, output = #quant_pt2e.spec<int8, [-128, 127], per_tensor_affine
// PTQ-NEXT: aten.convolution
// PTQ-NOT: quant_pt2e.annotation
// PTQ-SAME: transposed
// PTQ-NEXT: aten.linear {{.*}}inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine{{.*}}, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric, ch_axis = 0{{.*}}>], output = #quant_pt2e.spec<int8
// PTQ-NEXT: aten.add {{.*}}inputs = [#quant_pt2e.spec<int8{{.*}}>, #quant_pt2e.spec<int8{{.*}}>], annotated = true>
// PTQ-NEXT: aten.relu {{.*}}output = #quant_pt2e.spec<int8
// PTQ-NEXT: aten.max_pool2d {{.*}}inputs = [#quant_pt2e.spec<int8{{.*}}>], output = #quant_pt2e.shared<operand = 0>, annotated = true>
// PTQ-NEXT: aten.cat {{.*}}inputs = [#quant_pt2e.spec<int8{{.*}}>, #quant_pt2e.shared<operand = 0>], output = #quant_pt2e.shared<operand = 0>, annotated = true>
// PTQ-NEXT: aten.mean {{.*}}inputs = [#quant_pt2e.shared<value = 0>], output = #quant_pt2e.shared<value = 0>, annotated = true>
// PTQ-NEXT: aten.sigmoid
// PTQ-NOT: quant_pt2e.annotation
// PTQ-NEXT: aten.sub
// PTQ-NOT: quant_pt2e.annotation
// PTQ: return

// Per-channel weights follow the op's output-channel axis: 0 for conv and
// linear, 1 for a transposed conv (followed by relu, so it is annotated).
// PC-LABEL: func.func @patterns
// PC: aten.convolution {{.*}}#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.observer<per_channel_min_max, eps = 2.44140625E-4>>
// PC: aten.linear {{.*}}per_channel_symmetric, ch_axis = 0
// PC-LABEL: func.func @transposed_relu
// PC: aten.convolution {{.*}}transposed {{.*}}#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 1,

// DYN-LABEL: func.func @patterns
// DYN: aten.convolution
// DYN-NOT: quant_pt2e.annotation
// DYN: aten.linear {{.*}}inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, is_dynamic = true, observer = #quant_pt2e.observer<placeholder, eps = 2.44140625E-4>>, #quant_pt2e.spec<int8, [-127, 127], per_tensor_symmetric, ch_axis = 0{{.*}}>], annotated = true>
// DYN-NOT: quant_pt2e.annotation
// DYN: return

// RANGE-LABEL: func.func @patterns
// RANGE: aten.convolution {{.*}}#quant_pt2e.spec<int8, [-127, 127], per_tensor_affine{{.*}}#quant_pt2e.spec<int8, [-63, 63], per_tensor_symmetric

// CFG-LABEL: func.func @patterns
// CFG: aten.convolution {{.*}}module_path = "block.conv"
// CFG-NOT: quant_pt2e.annotation
// CFG-SAME: : (
// CFG: aten.linear {{.*}}#quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0
// CFG: aten.add
// CFG-NOT: quant_pt2e.annotation
// CFG-SAME: ->
// CFG: aten.max_pool2d {{.*}}quant_pt2e.annotation

func.func @patterns(%x: tensor<1x3x8x8xf32>, %w: tensor<3x3x3x3xf32>, %b: tensor<3xf32>,
                    %wt: tensor<3x3x3x3xf32>, %v: tensor<2x8xf32>, %lw: tensor<8x8xf32>) -> (tensor<1x3x8x8xf32>, tensor<1x3x10x10xf32>, tensor<2x8xf32>, tensor<1x6x4x4xf32>, tensor<1x6x1x1xf32>) {
  %0 = aten.convolution %x, %w, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 {aten.module_path = "block.conv", aten.module_stack_types = ["m.Block", "torch.nn.modules.conv.Conv2d"], aten.module_type = "torch.nn.modules.conv.Conv2d"} : (tensor<1x3x8x8xf32>, tensor<3x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x8x8xf32>
  %1 = aten.relu %0 {aten.module_path = "block.relu", aten.module_stack_types = ["m.Block", "torch.nn.modules.activation.ReLU"], aten.module_type = "torch.nn.modules.activation.ReLU"} : tensor<1x3x8x8xf32>
  %2 = aten.convolution %1, %w stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  %3 = aten.convolution %2, %wt stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x10x10xf32>
  %4 = aten.linear %v, %lw {aten.module_path = "fc", aten.module_stack_types = ["torch.nn.modules.linear.Linear"], aten.module_type = "torch.nn.modules.linear.Linear"} : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %5 = aten.add %2, %1 : tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %6 = aten.relu %5 : tensor<1x3x8x8xf32>
  %7 = aten.max_pool2d %6 kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  %8 = aten.cat %7, %7 dim 1 : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x6x4x4xf32>
  %9 = aten.mean %8 dims [2, 3] keepdim : tensor<1x6x4x4xf32> -> tensor<1x6x1x1xf32>
  %10 = aten.sigmoid %4 : tensor<2x8xf32>
  %11 = aten.sub %10, %4 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  return %1, %3, %11, %8, %9 : tensor<1x3x8x8xf32>, tensor<1x3x10x10xf32>, tensor<2x8xf32>, tensor<1x6x4x4xf32>, tensor<1x6x1x1xf32>
}

// -----

func.func @transposed_relu(%x: tensor<1x3x8x8xf32>, %wt: tensor<3x5x3x3xf32>) -> tensor<1x5x10x10xf32> {
  %0 = aten.convolution %x, %wt stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x10x10xf32>
  %1 = aten.relu %0 : tensor<1x5x10x10xf32>
  return %1 : tensor<1x5x10x10xf32>
}

// -----

// Under qat=true, conv -> batch norm -> relu is one pattern; batch norm is
// marked annotated without specs.
// QAT-LABEL: func.func @conv_bn_relu
// QAT: aten.convolution {{.*}}inputs = [#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_min_max, eps = 2.44140625E-4>>>, #quant_pt2e.spec<int8, [-127, 127], per_channel_symmetric, ch_axis = 0, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs, observer = <moving_average_per_channel_min_max, eps = 2.44140625E-4>>>], annotated = true>
// QAT-NEXT: aten.batch_norm_training {{.*}}inputs = [#quant_pt2e.none, #quant_pt2e.none, #quant_pt2e.none], annotated = true>
// QAT-NEXT: aten.relu {{.*}}output = #quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.fake_quant<fused_moving_avg_obs
// PTQ-LABEL: func.func @conv_bn_relu
// PTQ: aten.convolution {{.*}}output = #quant_pt2e.spec
// PTQ-NEXT: aten.batch_norm_training
// PTQ-NOT: quant_pt2e.annotation
// PTQ-NEXT: aten.relu
// PTQ-NOT: quant_pt2e.annotation
func.func @conv_bn_relu(%x: tensor<2x3x8x8xf32>, %w: tensor<3x3x3x3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x6x6xf32> {
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<2x3x8x8xf32>, tensor<3x3x3x3xf32>) -> tensor<2x3x6x6xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<2x3x6x6xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x6x6xf32>, tensor<3xf32>, tensor<3xf32>)
  %2 = aten.relu %1#0 : tensor<2x3x6x6xf32>
  return %2 : tensor<2x3x6x6xf32>
}
