// RUN: quant-opt %s | quant-opt | FileCheck %s
// RUN: quant-opt %s --mlir-print-op-generic | quant-opt | FileCheck %s

// Every op of the aten dialect survives a round trip through the custom and
// the generic syntax.

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>,
                %b: tensor<16xf32>, %x1: tensor<2x4x10xf32>,
                %w1: tensor<8x2x3xf32>, %wt: tensor<3x5x3x3xf32>,
                %dw: tensor<3x1x3x3xf32>) {
  // CHECK: aten.convolution %{{.+}}, %{{.+}}, %{{.+}} stride [2, 2] padding [4, 4] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x7x7xf32>
  %0 = aten.convolution %x, %w, %b stride [2, 2] padding [4, 4] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x7x7xf32>
  // conv1d, groups 2, no bias, dilation 2
  // CHECK: aten.convolution %{{.+}}, %{{.+}} stride [1] padding [0] dilation [2] output_padding [0] groups 2 : (tensor<2x4x10xf32>, tensor<8x2x3xf32>) -> tensor<2x8x6xf32>
  %1 = aten.convolution %x1, %w1 stride [1] padding [0] dilation [2] output_padding [0] groups 2 : (tensor<2x4x10xf32>, tensor<8x2x3xf32>) -> tensor<2x8x6xf32>
  // transposed conv 3 -> 5 channels
  // CHECK: aten.convolution %{{.+}}, %{{.+}} stride [2, 2] padding [1, 1] dilation [1, 1] transposed output_padding [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x16x16xf32>
  %2 = aten.convolution %x, %wt stride [2, 2] padding [1, 1] dilation [1, 1] transposed output_padding [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x16x16xf32>
  // depthwise
  // CHECK: groups 3 : (tensor<1x3x8x8xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x8x8xf32>
  %3 = aten.convolution %x, %dw stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 3 : (tensor<1x3x8x8xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x8x8xf32>
  // dynamic batch
  // CHECK: -> tensor<?x16x6x6xf32>
  %xd = tensor.cast %x : tensor<1x3x8x8xf32> to tensor<?x3x8x8xf32>
  %4 = aten.convolution %xd, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<?x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<?x16x6x6xf32>
  return
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>,
                      %g: tensor<4xf32>, %b: tensor<4xf32>) {
  // CHECK: aten.batch_norm %{{.+}} mean %{{.+}} var %{{.+}} weight %{{.+}} bias %{{.+}} momentum(1.000000e-01) eps(1.000000e-05) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  %0 = aten.batch_norm %x mean %m var %v weight %g bias %b momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  // affine=False
  // CHECK: aten.batch_norm %{{.+}} mean %{{.+}} var %{{.+}} momentum(1.000000e-01) eps(1.000000e-03) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  %1 = aten.batch_norm %x mean %m var %v momentum(0.1) eps(1.0e-3) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  // CHECK: %{{.+}}, %{{.+}}, %{{.+}} = aten.batch_norm_training %{{.+}} mean %{{.+}} var %{{.+}} weight %{{.+}} bias %{{.+}} momentum(1.000000e-01) eps(1.000000e-05) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>)
  %2:3 = aten.batch_norm_training %x mean %m var %v weight %g bias %b momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// CHECK-LABEL: func.func @linear_algebra
func.func @linear_algebra(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>,
                          %x3: tensor<2x5x8xf32>) {
  // CHECK: aten.linear %{{.+}}, %{{.+}}, %{{.+}} : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %0 = aten.linear %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // CHECK: aten.linear %{{.+}}, %{{.+}} : (tensor<2x5x8xf32>, tensor<4x8xf32>) -> tensor<2x5x4xf32>
  %1 = aten.linear %x3, %w : (tensor<2x5x8xf32>, tensor<4x8xf32>) -> tensor<2x5x4xf32>
  // CHECK: %[[WT:.+]] = aten.t %{{.+}} : tensor<4x8xf32> -> tensor<8x4xf32>
  %wt = aten.t %w : tensor<4x8xf32> -> tensor<8x4xf32>
  // CHECK: aten.addmm %{{.+}}, %{{.+}}, %[[WT]] : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %2 = aten.addmm %b, %x, %wt : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  // CHECK: aten.addmm {{.+}} {alpha = 2.000000e+00 : f64, beta = 5.000000e-01 : f64}
  %3 = aten.addmm %b, %x, %wt {beta = 0.5 : f64, alpha = 2.0 : f64} : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  // CHECK: aten.mm %{{.+}}, %[[WT]] : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %4 = aten.mm %x, %wt : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  // CHECK: aten.t %{{.+}} : tensor<4xf32> -> tensor<4xf32>
  %5 = aten.t %b : tensor<4xf32> -> tensor<4xf32>
  return
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<2x4xf32>, %b: tensor<4xf32>, %c: tensor<2x1xf32>) {
  // CHECK: aten.add %{{.+}}, %{{.+}} : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
  %0 = aten.add %a, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
  // CHECK: aten.sub %{{.+}}, %{{.+}} alpha(2.000000e+00) : tensor<2x1xf32>, tensor<4xf32> -> tensor<2x4xf32>
  %1 = aten.sub %c, %b alpha(2.0) : tensor<2x1xf32>, tensor<4xf32> -> tensor<2x4xf32>
  // CHECK: aten.mul %{{.+}}, %{{.+}} : tensor<2x4xf32>, tensor<2x1xf32> -> tensor<2x4xf32>
  %2 = aten.mul %a, %c : tensor<2x4xf32>, tensor<2x1xf32> -> tensor<2x4xf32>
  // CHECK: aten.div %{{.+}}, %{{.+}} : tensor<2x4xf32>, tensor<2x1xf32> -> tensor<2x4xf32>
  %div = aten.div %a, %c : tensor<2x4xf32>, tensor<2x1xf32> -> tensor<2x4xf32>
  // CHECK: aten.sqrt %{{.+}} : tensor<4xf32>
  %sqrt = aten.sqrt %b : tensor<4xf32>
  // CHECK: aten.add_scalar %{{.+}}, 1.000000e+00 : tensor<2x4xf32>
  %3 = aten.add_scalar %a, 1.0 : tensor<2x4xf32>
  // CHECK: aten.sub_scalar %{{.+}}, 1.000000e+00 alpha(3.000000e+00) : tensor<2x4xf32>
  %4 = aten.sub_scalar %a, 1.0 alpha(3.0) : tensor<2x4xf32>
  // CHECK: aten.mul_scalar %{{.+}}, 5.000000e-01 : tensor<2x4xf32>
  %5 = aten.mul_scalar %a, 0.5 : tensor<2x4xf32>
  return
}

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<2x4xf32>) {
  // CHECK: aten.relu %{{.+}} : tensor<2x4xf32>
  %0 = aten.relu %x : tensor<2x4xf32>
  // CHECK: aten.relu6 %{{.+}} : tensor<2x4xf32>
  %1 = aten.relu6 %x : tensor<2x4xf32>
  // CHECK: aten.hardtanh %{{.+}} {max_val = 6.000000e+00 : f64, min_val = 0.000000e+00 : f64} : tensor<2x4xf32>
  %2 = aten.hardtanh %x {min_val = 0.0 : f64, max_val = 6.0 : f64} : tensor<2x4xf32>
  // CHECK: aten.hardtanh %{{.+}} : tensor<2x4xf32>
  %3 = aten.hardtanh %x : tensor<2x4xf32>
  // CHECK: aten.leaky_relu %{{.+}} {negative_slope = 1.000000e-01 : f64} : tensor<2x4xf32>
  %4 = aten.leaky_relu %x {negative_slope = 0.1 : f64} : tensor<2x4xf32>
  // CHECK: aten.elu %{{.+}} {alpha = 5.000000e-01 : f64} : tensor<2x4xf32>
  %5 = aten.elu %x {alpha = 0.5 : f64} : tensor<2x4xf32>
  // CHECK: aten.tanh %{{.+}} : tensor<2x4xf32>
  %6 = aten.tanh %x : tensor<2x4xf32>
  // CHECK: aten.sigmoid %{{.+}} : tensor<2x4xf32>
  %7 = aten.sigmoid %x : tensor<2x4xf32>
  // CHECK: aten.hardswish %{{.+}} : tensor<2x4xf32>
  %8 = aten.hardswish %x : tensor<2x4xf32>
  // CHECK: aten.hardsigmoid %{{.+}} : tensor<2x4xf32>
  %hs = aten.hardsigmoid %x : tensor<2x4xf32>
  // CHECK: aten.silu %{{.+}} : tensor<2x4xf32>
  %si = aten.silu %x : tensor<2x4xf32>
  // CHECK: aten.clamp %{{.+}} {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<2x4xf32>
  %9 = aten.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<2x4xf32>
  // CHECK: aten.clamp %{{.+}} {max = 1.000000e+00 : f64} : tensor<2x4xf32>
  %10 = aten.clamp %x {max = 1.0 : f64} : tensor<2x4xf32>
  // CHECK: aten.dropout %{{.+}} {p = 2.000000e-01 : f64} : tensor<2x4xf32>
  %11 = aten.dropout %x {p = 0.2 : f64} : tensor<2x4xf32>
  return
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x64x112x112xf32>, %y: tensor<1x8x7x7xf32>) {
  // CHECK: aten.max_pool2d %{{.+}} kernel [3, 3] stride [2, 2] padding [1, 1] dilation [1, 1] : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  %0 = aten.max_pool2d %x kernel [3, 3] stride [2, 2] padding [1, 1] dilation [1, 1] : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  // ceil_mode keeps the last partial window: 7 -> 4 (floor would give 3)
  // CHECK: aten.max_pool2d %{{.+}} kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] ceil_mode : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  %1 = aten.max_pool2d %y kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] ceil_mode : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  // CHECK: aten.avg_pool2d %{{.+}} kernel [2, 2] stride [2, 2] padding [0, 0] count_include_pad : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  %2 = aten.avg_pool2d %y kernel [2, 2] stride [2, 2] padding [0, 0] count_include_pad : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  // CHECK: aten.avg_pool2d %{{.+}} kernel [3, 3] stride [1, 1] padding [1, 1] ceil_mode divisor_override(9) : tensor<1x8x7x7xf32> -> tensor<1x8x7x7xf32>
  %3 = aten.avg_pool2d %y kernel [3, 3] stride [1, 1] padding [1, 1] ceil_mode divisor_override(9) : tensor<1x8x7x7xf32> -> tensor<1x8x7x7xf32>
  // CHECK: aten.adaptive_avg_pool2d %{{.+}} output_size [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  %4 = aten.adaptive_avg_pool2d %y output_size [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  // CHECK: aten.mean %{{.+}} dims [-1, -2] keepdim : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  %5 = aten.mean %y dims [-1, -2] keepdim : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  // CHECK: aten.mean %{{.+}} dims [2, 3] : tensor<1x8x7x7xf32> -> tensor<1x8xf32>
  %6 = aten.mean %y dims [2, 3] : tensor<1x8x7x7xf32> -> tensor<1x8xf32>
  return
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>, %x: tensor<1x8x2x2xf32>,
                  %s: tensor<1x8x1x1xf32>) {
  // CHECK: aten.cat %{{.+}}, %{{.+}} dim 1 : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %0 = aten.cat %a, %b dim 1 : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  // CHECK: aten.cat %{{.+}}, %{{.+}} dim -2 : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %1 = aten.cat %a, %b dim -2 : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  // CHECK: aten.permute %{{.+}} dims [0, 2, 3, 1] : tensor<1x8x2x2xf32> -> tensor<1x2x2x8xf32>
  %2 = aten.permute %x dims [0, 2, 3, 1] : tensor<1x8x2x2xf32> -> tensor<1x2x2x8xf32>
  // CHECK: aten.view %{{.+}} size [1, -1] : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  %3 = aten.view %x size [1, -1] : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  // CHECK: aten.reshape %{{.+}} size [4, 8] : tensor<1x8x2x2xf32> -> tensor<4x8xf32>
  %4 = aten.reshape %x size [4, 8] : tensor<1x8x2x2xf32> -> tensor<4x8xf32>
  // CHECK: aten.flatten %{{.+}} start_dim 1 end_dim -1 : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  %5 = aten.flatten %x start_dim 1 end_dim -1 : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  // CHECK: aten.squeeze %{{.+}} dims [2, 3] : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %6 = aten.squeeze %s dims [2, 3] : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  // CHECK: aten.squeeze %{{.+}} : tensor<1x8x1x1xf32> -> tensor<8xf32>
  %7 = aten.squeeze %s : tensor<1x8x1x1xf32> -> tensor<8xf32>
  // CHECK: aten.pad %{{.+}} pad [1, 1, 2, 2] mode <constant> value(5.000000e-01) : tensor<1x8x2x2xf32> -> tensor<1x8x6x4xf32>
  %8 = aten.pad %x pad [1, 1, 2, 2] mode <constant> value(0.5) : tensor<1x8x2x2xf32> -> tensor<1x8x6x4xf32>
  // CHECK: aten.pad %{{.+}} pad [1, 1] mode <reflect> value(0.000000e+00) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  %9 = aten.pad %x pad [1, 1] mode <reflect> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  // CHECK: aten.pad %{{.+}} pad [-1, 2] mode <constant> value(0.000000e+00) : tensor<1x8x2x2xf32> -> tensor<1x8x2x3xf32>
  %10 = aten.pad %x pad [-1, 2] mode <constant> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x3xf32>
  // CHECK: aten.pad %{{.+}} mode <replicate>
  %11 = aten.pad %x pad [3, 0] mode <replicate> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x5xf32>
  return
}

// CHECK-LABEL: func.func @embedding_layer_norm
func.func @embedding_layer_norm(%w: tensor<10x4xf32>, %idx: tensor<2x3xi64>,
                                %x: tensor<2x5x8xf32>, %g: tensor<8xf32>,
                                %b: tensor<8xf32>) {
  // CHECK: aten.embedding %{{.+}}, %{{.+}} : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %0 = aten.embedding %w, %idx : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  // CHECK: aten.embedding %{{.+}}, %{{.+}} {padding_idx = 0 : i64}
  %1 = aten.embedding %w, %idx {padding_idx = 0 : i64} : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  // CHECK: aten.layer_norm %{{.+}} normalized_shape [8] weight %{{.+}} bias %{{.+}} eps(1.000000e-05) : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
  %2 = aten.layer_norm %x normalized_shape [8] weight %g bias %b eps(1.0e-5) : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
  // CHECK: aten.layer_norm %{{.+}} normalized_shape [5, 8] eps(1.000000e-05) : (tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  %3 = aten.layer_norm %x normalized_shape [5, 8] eps(1.0e-5) : (tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return
}

// Module paths travel as discardable attributes.
// CHECK-LABEL: func.func @module_path
// CHECK: aten.relu %{{.+}} {aten.module_path = "features.0.relu", aten.module_type = "torch.nn.modules.activation.ReLU"}
func.func @module_path(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = aten.relu %x {aten.module_path = "features.0.relu", aten.module_type = "torch.nn.modules.activation.ReLU"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// The ops transformers, ConvNeXt and recurrent networks add.
// CHECK-LABEL: func.func @attention_ops
func.func @attention_ops(%a: tensor<2x4x8xf32>, %b: tensor<2x8x4xf32>,
                         %t: tensor<1x1x8xf32>) {
  // CHECK: aten.bmm %{{.+}}, %{{.+}} : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %0 = aten.bmm %a, %b : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  // CHECK: aten.softmax %{{.+}} dim -1 : tensor<2x4x4xf32>
  %1 = aten.softmax %0 dim -1 : tensor<2x4x4xf32>
  // CHECK: aten.gelu %{{.+}} : tensor<2x4x8xf32>
  %2 = aten.gelu %a : tensor<2x4x8xf32>
  // CHECK: aten.gelu %{{.+}} {approximate = "tanh"} : tensor<2x4x8xf32>
  %3 = aten.gelu %a {approximate = "tanh"} : tensor<2x4x8xf32>
  // CHECK: aten.div_scalar %{{.+}}, 2.000000e+00 : tensor<2x4x8xf32>
  %4 = aten.div_scalar %a, 2.0 : tensor<2x4x8xf32>
  // CHECK: aten.slice %{{.+}} dim 2 start 1 end 8 step 3 : tensor<2x4x8xf32> -> tensor<2x4x3xf32>
  %5 = aten.slice %a dim 2 start 1 end 8 step 3 : tensor<2x4x8xf32> -> tensor<2x4x3xf32>
  // CHECK: aten.slice %{{.+}} dim -2 start 2 end 2 step 1 : tensor<2x4x8xf32> -> tensor<2x0x8xf32>
  %6 = aten.slice %a dim -2 start 2 end 2 step 1 : tensor<2x4x8xf32> -> tensor<2x0x8xf32>
  // CHECK: aten.expand %{{.+}} size [3, 2, -1, 8] : tensor<1x1x8xf32> -> tensor<3x2x1x8xf32>
  %7 = aten.expand %t size [3, 2, -1, 8] : tensor<1x1x8xf32> -> tensor<3x2x1x8xf32>
  return
}
