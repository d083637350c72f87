// RUN: quant-opt %s -split-input-file -quant-pt2e-generalize-transposes | FileCheck %s
// RUN: quant-opt %s -split-input-file -quant-pt2e-generalize-transposes -linalg-fuse-elementwise-ops | FileCheck %s --check-prefix=FUSED

// An NHWC -> NCHW transpose on tensors becomes a generic reading its input
// through the permutation; the matmul beside it stays a named op.
// CHECK-DAG: #[[PERM:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @transpose
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[PERM]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%{{.+}} : tensor<1x4x4x8xi8>) outs(%{{.+}} : tensor<1x8x4x4xi8>)
// CHECK: linalg.yield %{{.+}} : i8
// CHECK: linalg.matmul
// Then element-wise fusion folds it into the generic that reads it: one
// generic reading the NHWC bytes, no tensor of NCHW bytes.
// FUSED-LABEL: func.func @transpose
// FUSED: linalg.generic {{.+}} ins(%arg0 : tensor<1x4x4x8xi8>) outs(%{{.+}} : tensor<1x8x4x4xf32>)
// FUSED: arith.sitofp
// FUSED-NOT: linalg.generic
// FUSED: linalg.matmul
func.func @transpose(%x: tensor<1x4x4x8xi8>, %a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> (tensor<1x8x4x4xf32>, tensor<2x2xf32>) {
  %e = tensor.empty() : tensor<1x8x4x4xi8>
  %t = linalg.transpose ins(%x : tensor<1x4x4x8xi8>) outs(%e : tensor<1x8x4x4xi8>) permutation = [0, 3, 1, 2]
  %ef = tensor.empty() : tensor<1x8x4x4xf32>
  %f = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t : tensor<1x8x4x4xi8>) outs(%ef : tensor<1x8x4x4xf32>) {
  ^bb0(%in: i8, %out: f32):
    %v = arith.sitofp %in : i8 to f32
    linalg.yield %v : f32
  } -> tensor<1x8x4x4xf32>
  %z = tensor.empty() : tensor<2x2xf32>
  %m = linalg.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %f, %m : tensor<1x8x4x4xf32>, tensor<2x2xf32>
}

// -----

// On buffers it stays a transpose (nothing to fuse there).
// CHECK-LABEL: func.func @buffers
// CHECK: linalg.transpose
// CHECK-NOT: linalg.generic
func.func @buffers(%x: memref<2x3xi8>, %y: memref<3x2xi8>) {
  linalg.transpose ins(%x : memref<2x3xi8>) outs(%y : memref<3x2xi8>) permutation = [1, 0]
  return
}
