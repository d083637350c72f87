// RUN: quant-opt %s --quant-pt2e-flatten-constant-globals --split-input-file | FileCheck %s

// A rank-2 dense constant becomes 1-D; its reader reshapes it back.
// CHECK-LABEL: memref.global "private" constant @w : memref<6xi8> = dense<[1, 2, 3, 4, 5, 6]>
// CHECK-LABEL: func.func @reads_w
// CHECK: %[[FLAT:.+]] = memref.get_global @w : memref<6xi8>
// CHECK: %[[SHAPED:.+]] = memref.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [2, 3] : memref<6xi8> into memref<2x3xi8>
// CHECK: return %[[SHAPED]]
memref.global "private" constant @w : memref<2x3xi8> = dense<[[1, 2, 3], [4, 5, 6]]>
func.func @reads_w() -> memref<2x3xi8> {
  %0 = memref.get_global @w : memref<2x3xi8>
  return %0 : memref<2x3xi8>
}

// -----

// A dense_resource constant keeps its blob under the 1-D type.
// CHECK-LABEL: memref.global "private" constant @r : memref<4xf32> = dense_resource<blob>
// CHECK: memref.get_global @r : memref<4xf32>
// CHECK: memref.expand_shape {{.+}} output_shape [2, 1, 2] : memref<4xf32> into memref<2x1x2xf32>
memref.global "private" constant @r : memref<2x1x2xf32> = dense_resource<blob>
func.func @reads_r() -> memref<2x1x2xf32> {
  %0 = memref.get_global @r : memref<2x1x2xf32>
  return %0 : memref<2x1x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F0000004000004040000080C0"
    }
  }
#-}

// -----

// Left alone: 1-D constants, mutable globals (training state), globals
// without an initial value, and layouts other than the identity.
// CHECK-LABEL: memref.global "private" constant @flat : memref<3xi8> = dense<[1, 2, 3]>
// CHECK: memref.global "private" @state : memref<2x2xf32> = dense<0.000000e+00>
// CHECK: memref.global "private" constant @external : memref<2x2xf32>
// CHECK: memref.global "private" constant @strided : memref<2x2xf32, strided<[1, 2]>> = dense<1.000000e+00>
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: memref.expand_shape
memref.global "private" constant @flat : memref<3xi8> = dense<[1, 2, 3]>
memref.global "private" @state : memref<2x2xf32> = dense<0.0>
memref.global "private" constant @external : memref<2x2xf32>
memref.global "private" constant @strided : memref<2x2xf32, strided<[1, 2]>> = dense<1.0>
func.func @untouched() -> (memref<3xi8>, memref<2x2xf32>, memref<2x2xf32>) {
  %0 = memref.get_global @flat : memref<3xi8>
  %1 = memref.get_global @state : memref<2x2xf32>
  %2 = memref.get_global @external : memref<2x2xf32>
  return %0, %1, %2 : memref<3xi8>, memref<2x2xf32>, memref<2x2xf32>
}

// -----

// Elements wider than a byte are stored as their bytes (little-endian, as
// the target's): the code generator writes an i8 array as one string,
// wider ones element by element. Readers view the bytes as the element
// type, then reshape: a rank-2 i16 array and a 1-D f32 one.
// CHECK-LABEL: memref.global "private" constant @pairs : memref<8xi8> = dense<[1, 0, -2, -1, 3, 0, 0, 1]> {alignment = 64 : i64}
// CHECK-LABEL: memref.global "private" constant @scales : memref<8xi8> = dense<[0, 0, -128, 63, 0, 0, 0, -64]>
// CHECK-LABEL: func.func @reads_wide
// CHECK: %[[RAW:.+]] = memref.get_global @pairs : memref<8xi8>
// CHECK: %[[VIEW:.+]] = memref.view %[[RAW]][%{{.+}}][] : memref<8xi8> to memref<4xi16>
// CHECK: %[[SHAPED:.+]] = memref.expand_shape %[[VIEW]] {{\[}}[0, 1]] output_shape [2, 2] : memref<4xi16> into memref<2x2xi16>
// CHECK: %[[RAWF:.+]] = memref.get_global @scales : memref<8xi8>
// CHECK: %[[VIEWF:.+]] = memref.view %[[RAWF]][%{{.+}}][] : memref<8xi8> to memref<2xf32>
// CHECK: return %[[SHAPED]], %[[VIEWF]]
memref.global "private" constant @pairs : memref<2x2xi16> = dense<[[1, -2], [3, 256]]> {alignment = 64 : i64}
memref.global "private" constant @scales : memref<2xf32> = dense<[1.0, -2.0]>
func.func @reads_wide() -> (memref<2x2xi16>, memref<2xf32>) {
  %0 = memref.get_global @pairs : memref<2x2xi16>
  %1 = memref.get_global @scales : memref<2xf32>
  return %0, %1 : memref<2x2xi16>, memref<2xf32>
}
