// RUN: quant-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(convert-aten-to-linalg))' -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @conv2d_bias_padding
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK-DAG: %[[INIT:.+]] = linalg.generic {{.*}} ins(%[[B]] : tensor<4xf32>) outs(%{{.+}} : tensor<1x4x4x4xf32>)
// CHECK-DAG: %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[P]], %[[W]] : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
// CHECK-NOT: aten.
func.func @conv2d_bias_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = aten.convolution %x, %w, %b stride [2, 2] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// conv1d runs as conv2d with a unit height.
// CHECK-LABEL: func.func @conv1d
// CHECK: tensor.expand_shape %{{.+}} {{\[}}[0], [1], [2, 3]] output_shape [2, 4, 1, 10] : tensor<2x4x10xf32> into tensor<2x4x1x10xf32>
// CHECK: %[[C:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
// CHECK: tensor.collapse_shape %[[C]] {{\[}}[0], [1], [2, 3]] : tensor<2x8x1x6xf32> into tensor<2x8x6xf32>
func.func @conv1d(%x: tensor<2x4x10xf32>, %w: tensor<8x4x3xf32>) -> tensor<2x8x6xf32> {
  %0 = aten.convolution %x, %w stride [1] padding [0] dilation [2] output_padding [0] groups 1 : (tensor<2x4x10xf32>, tensor<8x4x3xf32>) -> tensor<2x8x6xf32>
  return %0 : tensor<2x8x6xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise
// CHECK: %[[K:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3]] : tensor<3x1x3x3xf32> into tensor<3x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%{{.+}}, %[[K]] : tensor<1x3x8x8xf32>, tensor<3x3x3xf32>)
func.func @depthwise(%x: tensor<1x3x8x8xf32>, %w: tensor<3x1x3x3xf32>) -> tensor<1x3x6x6xf32> {
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 3 : (tensor<1x3x8x8xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x6x6xf32>
  return %0 : tensor<1x3x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @grouped
// CHECK: linalg.conv_2d_ngchw_gfchw {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x2x2x8x8xf32>, tensor<2x3x2x3x3xf32>) outs(%{{.+}} : tensor<1x2x3x6x6xf32>)
func.func @grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 2 : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// Transposed: zeros inserted (stride 2), padded by k - 1 - p (+ output
// padding at the end), kernel flipped with its channel axes swapped.
// CHECK-DAG: #[[FLIP:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, -d2 + 2, -d3 + 2)>
// CHECK-LABEL: func.func @transposed
// CHECK: %[[Z:.+]] = tensor.insert_slice %{{.+}} into %{{.+}}[0, 0, 0, 0] [1, 3, 4, 4] [1, 1, 2, 2] : tensor<1x3x4x4xf32> into tensor<1x3x7x7xf32>
// CHECK: %[[K:.+]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.+}}]} ins(%{{.+}} : tensor<3x5x3x3xf32>) outs(%{{.+}} : tensor<5x3x3x3xf32>)
// CHECK: %[[P:.+]] = tensor.pad %[[Z]] low[0, 0, 1, 1] high[0, 0, 2, 2]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[P]], %[[K]] : tensor<1x3x10x10xf32>, tensor<5x3x3x3xf32>) {{.*}} -> tensor<1x5x8x8xf32>
func.func @transposed(%x: tensor<1x3x4x4xf32>, %w: tensor<3x5x3x3xf32>) -> tensor<1x5x8x8xf32> {
  %0 = aten.convolution %x, %w stride [2, 2] padding [1, 1] dilation [1, 1] transposed output_padding [1, 1] groups 1 : (tensor<1x3x4x4xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x8x8xf32>
  return %0 : tensor<1x5x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[INVSTD:.+]] = linalg.generic {{.+}} ins(%{{[a-z0-9]+}} : tensor<4xf32>)
// CHECK: %[[EPS:.+]] = arith.constant 9.99999974E-6 : f32
// CHECK: arith.addf %{{.+}}, %[[EPS]]
// CHECK: math.sqrt
// CHECK: %[[ALPHA:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[INVSTD]], %{{.+}}, %{{.+}} : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[BETA:.+]] = linalg.generic
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[ALPHA]], %[[BETA]] : tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @batch_norm(%x: tensor<2x4x3x3xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x3x3xf32> {
  %0 = aten.batch_norm %x mean %m var %v weight %g bias %b momentum(0.1) eps(1.0e-5) : (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3x3xf32>
  return %0 : tensor<2x4x3x3xf32>
}

// -----

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[BCAST:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @elementwise
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[BCAST]], #[[ID]]]
// CHECK: %[[S:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK: arith.subf %{{.+}}, %[[S]] : f32
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.exp
// CHECK: math.tanh
func.func @elementwise(%a: tensor<2x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = aten.sub %a, %b alpha(2.0) : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
  %1 = aten.hardtanh %0 {min_val = 0.0 : f64, max_val = 6.0 : f64} : tensor<2x4xf32>
  %2 = aten.sigmoid %1 : tensor<2x4xf32>
  %3 = aten.tanh %2 : tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @linear_addmm
// CHECK: linalg.transpose ins(%{{.+}} : tensor<4x8xf32>) {{.*}} permutation = [1, 0]
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<2x8xf32>, tensor<8x4xf32>)
// CHECK: linalg.matmul
func.func @linear_addmm(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %wt: tensor<8x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = aten.linear %x, %w, %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = aten.addmm %b, %x, %wt : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// ceil_mode: 7 -> 4 windows of 2 need one -inf column at the end.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.+}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK-NEXT: ^bb0
// CHECK-NEXT: tensor.yield %[[NINF]]
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
func.func @max_pool_ceil(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x4x4xf32> {
  %0 = aten.max_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] ceil_mode : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Without count_include_pad the corner windows divide by 4, edges by 6.
// CHECK-LABEL: func.func @avg_pool
// CHECK: linalg.pooling_nchw_sum
// CHECK: arith.constant dense<{{\[}}[4.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 6.000000e+00], [4.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<3x3xf32>
// CHECK: arith.divf
func.func @avg_pool(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = aten.avg_pool2d %x kernel [3, 3] stride [1, 1] padding [1, 1] : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @mean_keepdim
// CHECK: linalg.reduce ins(%{{.+}} : tensor<1x8x7x7xf32>) outs(%{{.+}} : tensor<1x8xf32>) dimensions = [2, 3]
// CHECK: arith.constant 4.900000e+01 : f32
// CHECK: tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2, 3]] output_shape [1, 8, 1, 1] : tensor<1x8xf32> into tensor<1x8x1x1xf32>
func.func @mean_keepdim(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32> {
  %0 = aten.mean %x dims [-1, -2] keepdim : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @layout
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 2, 0] [1, 3, 4] [1, 1, 1]
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 1]
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0, 1, 2]] : tensor<1x4x5xf32> into tensor<20xf32>
// CHECK: tensor.pad %{{.+}} low[1] high[2]
func.func @layout(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>) -> tensor<23xf32> {
  %0 = aten.cat %a, %b dim 1 : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %1 = aten.permute %0 dims [0, 2, 1] : tensor<1x5x4xf32> -> tensor<1x4x5xf32>
  %2 = aten.view %1 size [-1] : tensor<1x4x5xf32> -> tensor<20xf32>
  %3 = aten.pad %2 pad [1, 2] mode <constant> value(0.0) : tensor<20xf32> -> tensor<23xf32>
  return %3 : tensor<23xf32>
}

// -----

// Reflect padding gathers from mirrored indices.
// CHECK-LABEL: func.func @reflect_pad
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x8x2x4xf32>)
// CHECK: linalg.index 3
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %{{.+}}[
func.func @reflect_pad(%x: tensor<1x8x2x2xf32>) -> tensor<1x8x2x4xf32> {
  %0 = aten.pad %x pad [1, 1] mode <reflect> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  return %0 : tensor<1x8x2x4xf32>
}

// -----

// No match: dynamic shapes are refused up front, with a message that says so.
func.func @dynamic_view(%x: tensor<?x8xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{convert-aten-to-linalg: dynamic shapes are not supported, got 'tensor<?xf32>'}}
  %0 = aten.view %x size [-1] : tensor<?x8xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// No match: a tensor above the supported size (1 GiB) is refused before
// anything allocates it.
func.func @huge(%x: tensor<268435456x2xf32>) -> tensor<268435456x2xf32> {
  // expected-error @+1 {{convert-aten-to-linalg: 'tensor<268435456x2xf32>' is larger than the 1073741824 bytes supported}}
  %0 = aten.relu %x : tensor<268435456x2xf32>
  return %0 : tensor<268435456x2xf32>
}

// -----

// No match: grouped transposed convolution.
func.func @grouped_transposed(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error @+1 {{failed to legalize operation 'aten.convolution'}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 2 : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @norms
// Training batch norm: two reductions over (n, h, w) for the moments.
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "parallel", "reduction", "reduction"]
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "parallel", "reduction", "reduction"]
// CHECK: arith.subf
// CHECK: arith.mulf
// Layer norm reduces the trailing normalized dimensions.
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK-NOT: aten.
func.func @norms(%x: tensor<2x4x3x3xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4x3x3xf32>) {
  %0:3 = aten.batch_norm_training %x mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>)
  %1 = aten.layer_norm %x normalized_shape [3, 3] eps(1.0e-5) : (tensor<2x4x3x3xf32>) -> tensor<2x4x3x3xf32>
  return %0#0, %0#1, %0#2, %1 : tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[W:.+]]: tensor<10x4xf32>, %[[I:.+]]: tensor<2x3xi64>)
// CHECK: linalg.generic {{.*}} ins(%[[I]] : tensor<2x3xi64>) outs(%{{.+}} : tensor<2x3x4xf32>)
// CHECK: %[[ROW:.+]] = arith.index_cast
// CHECK: cf.assert %{{.+}}, "aten.embedding: index out of range"
// CHECK: %[[COL:.+]] = linalg.index 2
// CHECK: tensor.extract %[[W]][%[[ROW]], %[[COL]]]
func.func @embedding(%w: tensor<10x4xf32>, %i: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %0 = aten.embedding %w, %i : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Uneven adaptive windows (7 -> 3: [0,3), [2,5), [4,7)) as a masked sum.
// CHECK-LABEL: func.func @adaptive_avg_pool
// CHECK: arith.constant dense<{{.+}}> : tensor<3x1x7x7xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.constant dense<2.100000e+01> : tensor<3x1xf32>
// CHECK: arith.divf
func.func @adaptive_avg_pool(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x3x1xf32> {
  %0 = aten.adaptive_avg_pool2d %x output_size [3, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x3x1xf32>
  return %0 : tensor<1x8x3x1xf32>
}

// -----

// CHECK-LABEL: func.func @small_ops
// CHECK-SAME: (%[[A:.+]]: tensor<4x2xf32>, %[[B:.+]]: tensor<2x3xf32>)
// CHECK: linalg.transpose ins(%[[B]] : tensor<2x3xf32>) outs(%{{.+}} : tensor<3x2xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<4x2xf32>, tensor<2x3xf32>)
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.mulf
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: arith.maximumf
// CHECK-NOT: arith.minimumf
func.func @small_ops(%a: tensor<4x2xf32>, %b: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<4x3xf32>) {
  %t = aten.t %b : tensor<2x3xf32> -> tensor<3x2xf32>
  %0 = aten.mm %a, %b : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %1 = aten.mul_scalar %0, 0.5 : tensor<4x3xf32>
  %2 = aten.leaky_relu %1 {negative_slope = 0.1 : f64} : tensor<4x3xf32>
  %3 = aten.clamp %2 {min = -1.0 : f64} : tensor<4x3xf32>
  return %t, %3 : tensor<3x2xf32>, tensor<4x3xf32>
}

// -----

// Eval-mode dropout is the identity.
// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:.+]]: tensor<2x8xf32>)
// CHECK-NEXT: return %[[X]] : tensor<2x8xf32>
func.func @dropout(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = aten.dropout %x {p = 0.5 : f64} : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// hardsigmoid: clamp(x + 3, 0, 6) / 6; silu: x / (1 + exp(-x)), as
// PyTorch's CPU kernels compute them.
// CHECK-LABEL: func.func @hardsigmoid_silu
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.divf
// CHECK: linalg.generic
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK-NOT: aten.
func.func @hardsigmoid_silu(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = aten.hardsigmoid %x : tensor<2x4xf32>
  %1 = aten.silu %x : tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// softmax as _vec_softmax_lastdim: max (from -inf), exp(x - max), the sum,
// then a multiplication by its reciprocal.
// CHECK-LABEL: func.func @softmax
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<2x4xf32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape
// CHECK: linalg.generic
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK-NOT: aten.
func.func @softmax(%x: tensor<2x4x5xf32>) -> tensor<2x4x5xf32> {
  %0 = aten.softmax %x dim -1 : tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

// gelu: erf by ATen's Abramowitz-Stegun polynomial with fused multiply-adds;
// the tanh form as GeluKernelImpl.
// CHECK-LABEL: func.func @gelu
// CHECK: linalg.generic
// CHECK: math.absf
// CHECK: math.fma
// CHECK: arith.divf
// CHECK-COUNT-4: math.fma
// CHECK: math.exp
// CHECK: math.fma
// CHECK: math.copysign
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK-NOT: aten.
func.func @gelu(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = aten.gelu %x : tensor<2x4xf32>
  %1 = aten.gelu %x {approximate = "tanh"} : tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @bmm_div_scalar
// CHECK: %[[ZERO:.+]] = linalg.fill
// CHECK: linalg.batch_matmul ins(%{{.+}}, %{{.+}} : tensor<2x4x8xf32>, tensor<2x8x3xf32>) outs(%[[ZERO]] : tensor<2x4x3xf32>)
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK-NOT: aten.
func.func @bmm_div_scalar(%a: tensor<2x4x8xf32>, %b: tensor<2x8x3xf32>) -> tensor<2x4x3xf32> {
  %0 = aten.bmm %a, %b : (tensor<2x4x8xf32>, tensor<2x8x3xf32>) -> tensor<2x4x3xf32>
  %1 = aten.div_scalar %0, 2.0 : tensor<2x4x3xf32>
  return %1 : tensor<2x4x3xf32>
}

// -----

// CHECK-DAG: #[[EXPAND:.+]] = affine_map<(d0, d1, d2, d3) -> (0, d2, d3)>
// CHECK-LABEL: func.func @slice_expand
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 1] [2, 4, 3] [1, 1, 3] : tensor<2x4x8xf32> to tensor<2x4x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[EXPAND]], #{{.+}}]
// CHECK-NOT: aten.
func.func @slice_expand(%a: tensor<2x4x8xf32>, %t: tensor<1x1x8xf32>) -> (tensor<2x4x3xf32>, tensor<3x2x1x8xf32>) {
  %0 = aten.slice %a dim 2 start 1 end 8 step 3 : tensor<2x4x8xf32> -> tensor<2x4x3xf32>
  %1 = aten.expand %t size [3, 2, -1, 8] : tensor<1x1x8xf32> -> tensor<3x2x1x8xf32>
  return %0, %1 : tensor<2x4x3xf32>, tensor<3x2x1x8xf32>
}
