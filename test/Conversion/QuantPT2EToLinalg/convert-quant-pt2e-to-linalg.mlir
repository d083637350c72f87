// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-linalg -verify-diagnostics | FileCheck %s

// Per-tensor quantize: 1/0.25 folded to 4.0, round half to even, zero point
// added in float, NaN / inf / beyond int64 to qmin (x86's int64 cast of
// them, then the clamp), clamp; for 8-bit results the clamp in float
// and an i32 conversion (32-bit lanes vectorize on AVX2), then the
// truncation.
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
// CHECK: %[[A:.+]] = math.absf %[[V]]
// CHECK: %[[OK:.+]] = arith.cmpf olt, %[[A]], %{{.+}} : f32
// CHECK-DAG: %[[LO:.+]] = arith.constant -1.280000e+02 : f32
// CHECK-DAG: %[[HI:.+]] = arith.constant 1.270000e+02 : f32
// CHECK: %[[B:.+]] = arith.cmpf olt, %[[V]], %[[LO]] : f32
// CHECK: %[[C:.+]] = arith.select %[[B]], %[[LO]], %[[V]] : f32
// CHECK: %[[D:.+]] = arith.cmpf ogt, %[[C]], %[[HI]] : f32
// CHECK: %[[E:.+]] = arith.select %[[D]], %[[HI]], %[[C]] : f32
// CHECK: %[[I:.+]] = arith.fptosi %[[E]] : f32 to i32
// CHECK: %[[QMIN:.+]] = arith.constant -128 : i32
// CHECK: %[[Q:.+]] = arith.select %[[OK]], %[[I]], %[[QMIN]] : i32
// CHECK: arith.trunci %[[Q]] : i32 to i8
// CHECK-NOT: i64
// CHECK: linalg.yield
func.func @quantize_per_tensor(%x: tensor<4xf32>) -> tensor<4xi8> {
  %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3]) range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
  return %q : tensor<4xi8>
}

// -----

// A 32-bit result keeps the int64 conversion and clamp (2^31 - 1 is not
// exact in f32).
// CHECK-LABEL: func.func @quantize_int32
// CHECK: math.roundeven
// CHECK: arith.fptosi %{{.+}} : f32 to i64
// CHECK: arith.maxsi
// CHECK: arith.minsi %{{.+}}, %{{.+}} : i64
// CHECK: arith.trunci %{{.+}} : i64 to i32
func.func @quantize_int32(%x: tensor<4xf32>) -> tensor<4xi32> {
  %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3]) range(-2147483648, 2147483647) : tensor<4xf32> -> tensor<4xi32>
  return %q : tensor<4xi32>
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

// -----

// qlookup: the table as a 256-byte constant, read at x + 128 (i8) or at x
// (ui8, zero-extended); ui8 results are carried as i8 bits.
// CHECK-LABEL: func.func @qlookup
// CHECK: %[[T:.+]] = arith.constant dense<"0x808182{{.*}}7E7F"> : tensor<256xi8>
// CHECK: linalg.generic
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK: arith.addi
// CHECK: arith.index_castui
// CHECK: tensor.extract %[[T]]
// CHECK: linalg.generic
// CHECK: arith.extui %{{.+}} : i8 to i32
// CHECK-NOT: arith.addi
// CHECK: tensor.extract
// CHECK-NOT: quant_pt2e.
func.func @qlookup(%x: tensor<2x3xi8>, %u: tensor<2x3xui8>) -> (tensor<2x3xui8>, tensor<2x3xi8>) {
  %0 = quant_pt2e.qlookup %x table([-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127]) : tensor<2x3xi8> -> tensor<2x3xui8>
  %1 = quant_pt2e.qlookup %u table([-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127]) : tensor<2x3xui8> -> tensor<2x3xi8>
  return %0, %1 : tensor<2x3xui8>, tensor<2x3xi8>
}
