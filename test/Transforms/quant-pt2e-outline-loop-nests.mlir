// RUN: quant-opt %s --quant-pt2e-outline-loop-nests --split-input-file | FileCheck %s

// Each top-level nest of a public function becomes a noinline function;
// the entry keeps the glue and is not optimized (optnone).
// CHECK-LABEL: func.func private @forward_nest_0(%{{.+}}: memref<4xf32>, {{.+}}) attributes {passthrough = ["noinline"]}
// CHECK: scf.for
// CHECK-LABEL: func.func private @forward_nest_1({{.+}}) -> f32 attributes {passthrough = ["noinline"]}
// CHECK: scf.for {{.+}} iter_args
// CHECK-LABEL: func.func @forward
// CHECK-SAME: passthrough = ["noinline", "optnone"]
// CHECK-NOT: scf.for
// CHECK: func.call @forward_nest_0(%arg0
// CHECK: %[[S:.+]] = func.call @forward_nest_1(
// CHECK: scf.yield %[[S]] : f32
// CHECK-NOT: scf.for
// CHECK: return
func.func @forward(%a: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a[%i] : memref<4xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %a[%i] : memref<4xf32>
  }
  %sum = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %a[%i] : memref<4xf32>
    %n = arith.addf %acc, %v : f32
    scf.yield %n : f32
  }
  return %sum : f32
}

// -----

// No match: private functions (kernels) and entries without loops stay.
// CHECK-LABEL: func.func private @kernel
// CHECK-NOT: passthrough
// CHECK: scf.for
// CHECK-LABEL: func.func @no_loops
// CHECK-NOT: passthrough
// CHECK-NOT: func.call
func.func private @kernel(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a[%i] : memref<4xf32>
    memref.store %v, %a[%i] : memref<4xf32>
  }
  return
}
func.func @no_loops(%x: f32) -> f32 {
  %y = arith.addf %x, %x : f32
  return %y : f32
}
