// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-linalg -verify-diagnostics | FileCheck %s

// Per-tensor quantize: 1/0.25 folded to 4.0, round half to even, zero point
// added in float, int64 cast guarded against NaN/inf, clamp, truncation.
// CHECK-LABEL: func.func @quantize_per_tensor
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>) -> tensor<4xi8>
// CHECK-DAG: %[[INV:.+]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG: %[[ZP:.+]] = arith.constant 3 : i64
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>) outs(%{{.+}} : tensor<4xi8>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: i8):
// CHECK: %[[MUL:.+]] = arith.mulf %[[IN]], %[[INV]] : f32
// CHECK: %[[R:.+]] = math.roundeven %[[MUL]] : f32
// CHECK: %[[Z:.+]] = arith.sitofp %[[ZP]] : i64 to f32
// CHECK: %[[V:.+]] = arith.addf %[[Z]], %[[R]] : f32
// CHECK: math.absf %[[V]]
// CHECK: arith.cmpf olt
// CHECK: arith.fptosi %{{.+}} : f32 to i64
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.select
// CHECK: arith.trunci %{{.+}} : i64 to i8
func.func @quantize_per_tensor(%x: tensor<4xf32>) -> tensor<4xi8> {
  %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// -----

// ui8 becomes i8 at the function boundary; dequantize zero-extends it.
// CHECK-DAG: #[[CH:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @dequantize_uint8
// CHECK-SAME: (%{{.+}}: tensor<2x3xi8>) -> tensor<2x3xf32>
// CHECK: arith.constant dense<[5.000000e-01, 2.500000e-01, 1.250000e-01]> : tensor<3xf32>
// CHECK: arith.constant dense<[128, 0, 7]> : tensor<3xi64>
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[CH]], #[[CH]], #{{.+}}]
// CHECK: arith.extui %{{.+}} : i8 to i32
// CHECK: arith.subi
// CHECK: arith.sitofp %{{.+}} : i32 to f32
// CHECK: arith.mulf
// CHECK-NOT: quant_pt2e.
func.func @dequantize_uint8(%q: tensor<2x3xui8>) -> tensor<2x3xf32> {
  %d = quant_pt2e.dequantize %q axis(1) scales([0.5, 0.25, 0.125]) zero_points([128, 0, 7]) range(0, 255) : tensor<2x3xui8> -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// Dynamic per-tensor qparams: the reciprocal is computed at run time.
// CHECK-LABEL: func.func @quantize_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[S:.+]]: f32, %[[Z:.+]]: i64)
// CHECK: %[[INV:.+]] = arith.divf %{{.+}}, %[[S]] : f32
// CHECK: linalg.generic
// CHECK: arith.mulf %{{.+}}, %[[INV]]
// CHECK: arith.sitofp %[[Z]]
func.func @quantize_dynamic(%x: tensor<4xf32>, %s: f32, %z: i64) -> tensor<4xi8> {
  %q = quant_pt2e.quantize %x qparams(%s, %z : f32, i64) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// -----

// No match: half-precision inputs have no reference lowering.
func.func @quantize_f16(%x: tensor<4xf16>) -> tensor<4xi8> {
  // expected-error @+1 {{failed to legalize operation 'quant_pt2e.quantize' that was explicitly marked illegal}}
  %q = quant_pt2e.quantize %x scales([0.25]) zero_points([0]) range(-128, 127) : tensor<4xf16> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// -----

// choose_qparams (affine int8, eps 2^-12): one reduction generic for min and
// max (NaN-propagating), then the MinMax formula on scalars: span 255,
// scale = max((max(hi,0) - min(lo,0)) / 255, eps), zero point = clamp(-128 -
// roundeven(min(lo,0) / scale)), and scale 1 / zero point 0 for an empty
// tensor.
// CHECK-LABEL: func.func @choose_qparams_affine
// CHECK: %[[R:.+]]:2 = linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: %[[LO:.+]] = tensor.extract %[[R]]#0[]
// CHECK: %[[HI:.+]] = tensor.extract %[[R]]#1[]
// CHECK-DAG: %[[EPS:.+]] = arith.constant 2.44140625E-4 : f32
// CHECK-DAG: %[[SPAN:.+]] = arith.constant 2.550000e+02 : f32
// CHECK-DAG: %[[NEG:.+]] = arith.minimumf %[[LO]]
// CHECK-DAG: %[[POS:.+]] = arith.maximumf %[[HI]]
// CHECK: %[[DIFF:.+]] = arith.subf %[[POS]], %[[NEG]]
// CHECK: %[[RAW:.+]] = arith.divf %[[DIFF]], %[[SPAN]]
// CHECK: %[[S:.+]] = arith.maximumf %[[RAW]], %[[EPS]]
// CHECK: %[[RATIO:.+]] = arith.divf %[[NEG]], %[[S]]
// CHECK: math.roundeven %[[RATIO]]
// CHECK: arith.subi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.select
// CHECK: arith.select
// CHECK-NOT: quant_pt2e.choose_qparams
func.func @choose_qparams_affine(%x: tensor<2x4xf32>) -> (f32, i64) {
  %s, %zp = quant_pt2e.choose_qparams %x dtype <int8> range(-128, 127) qscheme <per_tensor_affine> eps(2.44140625E-4) : tensor<2x4xf32>
  return %s, %zp : f32, i64
}

// -----

// Symmetric uint8: scale from max(-min, max) / 127.5, zero point 128.
// CHECK-LABEL: func.func @choose_qparams_symmetric
// CHECK: arith.negf
// CHECK: arith.divf %{{.+}}, %{{.+}} : f32
// CHECK: %[[ZP:.+]] = arith.constant 128 : i64
// CHECK-NOT: math.roundeven
// CHECK: arith.select %{{.+}}, %{{.+}}, %[[ZP]] : i64
func.func @choose_qparams_symmetric(%x: tensor<8xf32>) -> (f32, i64) {
  %s, %zp = quant_pt2e.choose_qparams %x dtype <uint8> range(0, 255) qscheme <per_tensor_symmetric> eps(1.0e-5) : tensor<8xf32>
  return %s, %zp : f32, i64
}

// -----

func.func @choose_qparams_f16(%x: tensor<4xf16>) -> (f32, i64) {
  // expected-error @+1 {{failed to legalize operation 'quant_pt2e.choose_qparams' that was explicitly marked illegal}}
  %s, %zp = quant_pt2e.choose_qparams %x dtype <int8> range(-128, 127) qscheme <per_tensor_affine> eps(1.0e-5) : tensor<4xf16>
  return %s, %zp : f32, i64
}

// -----

// No match: dynamic shapes are refused up front.
func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xi8> {
  // expected-error @+1 {{convert-quant-pt2e-to-linalg: dynamic shapes are not supported, got 'tensor<?xi8>'}}
  %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3]) range(-128, 127) : tensor<?xf32> -> tensor<?xi8>
  return %q : tensor<?xi8>
}
