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

// -----

// No match: a nest that uses an AMX tile defined outside it stays in the
// entry (a tile cannot be a call argument); the other nest is outlined.
// CHECK-LABEL: func.func private @tiles_nest_0(
// CHECK-NOT: amx.tile
// CHECK: scf.for
// CHECK-LABEL: func.func @tiles
// CHECK: amx.tile_zero
// CHECK: scf.for {{.+}} iter_args
// CHECK: amx.tile_muli
// CHECK: func.call @tiles_nest_0(
func.func @tiles(%buf: memref<16x16xi32>, %a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %t = amx.tile_zero : !amx.tile<16x64xi8>
  %z = amx.tile_zero : !amx.tile<16x16xi32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (!amx.tile<16x16xi32>) {
    %d = amx.tile_muli %t, %t, %acc : !amx.tile<16x64xi8>, !amx.tile<16x64xi8>, !amx.tile<16x16xi32>
    scf.yield %d : !amx.tile<16x16xi32>
  }
  amx.tile_store %buf[%c0, %c0], %r : memref<16x16xi32>, !amx.tile<16x16xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a[%i] : memref<4xf32>
    memref.store %v, %a[%i] : memref<4xf32>
  }
  return
}
