// RUN: quant-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(quant-pt2e-sequential-inner-parallel))' | FileCheck %s

// CHECK-LABEL: func.func @nested
// CHECK: scf.parallel (%[[I:.+]]) =
// CHECK-NOT: scf.parallel
// CHECK: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step
// CHECK: scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[I]], %[[J]], %[[K]]]
func.func @nested(%m: memref<4x5x6xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.parallel (%j, %k) = (%c0, %c0) to (%c5, %c6) step (%c1, %c1) {
      memref.store %v, %m[%i, %j, %k] : memref<4x5x6xf32>
    }
  }
  return
}

// -----

// No match: an outermost parallel loop stays parallel.
// CHECK-LABEL: func.func @outer_only
// CHECK: scf.parallel
// CHECK-NOT: scf.for
func.func @outer_only(%m: memref<4xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %v, %m[%i] : memref<4xf32>
  }
  return
}

// -----

// An outermost multi-dimensional loop keeps parallel the leading dimensions
// that give at least 64 iterations (1 x 3 x 224 here: 672), the rest run as
// scf.for rows inside (a transpose or an element-wise op over NCHW).
// CHECK-LABEL: func.func @outer_rows
// CHECK: scf.parallel (%[[N:.+]], %[[C:.+]], %[[H:.+]]) = (%{{.+}}, %{{.+}}, %{{.+}}) to (%{{.+}}, %{{.+}}, %{{.+}})
// CHECK: scf.for %[[W:.+]] = %{{.+}} to %{{.+}} step
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[N]], %[[C]], %[[H]], %[[W]]]
func.func @outer_rows(%m: memref<1x3x224x224xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c224 = arith.constant 224 : index
  scf.parallel (%n, %c, %h, %w) = (%c0, %c0, %c0, %c0) to (%c1, %c3, %c224, %c224) step (%c1, %c1, %c1, %c1) {
    memref.store %v, %m[%n, %c, %h, %w] : memref<1x3x224x224xf32>
  }
  return
}

// -----

// No match: a leading dynamic trip count is enough iterations (dimension 0
// stays parallel, the rest inside), and a loop whose dimensions are all
// needed stays whole.
// CHECK-LABEL: func.func @dynamic_and_small
// CHECK: scf.parallel (%{{[^,]+}}) = (%{{[^,]+}}) to (%{{[^,]+}}) step
// CHECK: scf.for
// CHECK: scf.parallel (%{{.+}}, %{{.+}}) = (%{{.+}}, %{{.+}}) to (%{{.+}}, %{{.+}})
// CHECK-NOT: scf.for
func.func @dynamic_and_small(%m: memref<?x8xf32>, %s: memref<4x8xf32>, %n: index, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c8) step (%c1, %c1) {
    memref.store %v, %m[%i, %j] : memref<?x8xf32>
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    memref.store %v, %s[%i, %j] : memref<4x8xf32>
  }
  return
}
