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
