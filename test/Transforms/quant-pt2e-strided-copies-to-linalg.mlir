// RUN: quant-opt %s -split-input-file -quant-pt2e-strided-copies-to-linalg | FileCheck %s
// RUN: quant-opt %s -split-input-file -quant-pt2e-strided-copies-to-linalg -convert-linalg-to-loops | FileCheck %s --check-prefix=LOOPS

// A concat along NHWC channels, bufferized: each input copied into a
// channel slice of the output. Strided targets: linalg.copy on the pixels
// as rows (both sides collapse to [25, 64], rows 128 bytes apart in the
// output), which becomes a 2-d loop nest whose inner loop runs over the 64
// contiguous channels (not a call of the strided runtime copy).
// CHECK-LABEL: func.func @concat
// CHECK-NOT: memref.copy
// CHECK: %[[A:.+]] = memref.collapse_shape %arg0 {{\[\[}}0, 1, 2], [3]] : memref<1x5x5x64xi8> into memref<25x64xi8>
// CHECK: %[[S0:.+]] = memref.collapse_shape %{{.+}} {{\[\[}}0, 1, 2], [3]] : memref<1x5x5x64xi8, strided<[3200, 640, 128, 1]>> into memref<25x64xi8, strided<[128, 1]>>
// CHECK: linalg.copy ins(%[[A]] : memref<25x64xi8>) outs(%[[S0]] : memref<25x64xi8, strided<[128, 1]>>)
// CHECK: linalg.copy ins(%{{.+}} : memref<25x64xi8>) outs(%{{.+}} : memref<25x64xi8, strided<[128, 1], offset: 64>>)
// LOOPS-LABEL: func.func @concat
// LOOPS-COUNT-2: scf.for
// LOOPS: memref.load %{{.+}} : memref<25x64xi8>
// LOOPS: memref.store %{{.+}} : memref<25x64xi8, strided<[128, 1]>>
// LOOPS-NOT: memref.copy
func.func @concat(%a: memref<1x5x5x64xi8>, %b: memref<1x5x5x64xi8>) -> memref<1x5x5x128xi8> {
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<1x5x5x128xi8>
  %s0 = memref.subview %alloc[0, 0, 0, 0] [1, 5, 5, 64] [1, 1, 1, 1] : memref<1x5x5x128xi8> to memref<1x5x5x64xi8, strided<[3200, 640, 128, 1]>>
  memref.copy %a, %s0 : memref<1x5x5x64xi8> to memref<1x5x5x64xi8, strided<[3200, 640, 128, 1]>>
  %s1 = memref.subview %alloc[0, 0, 0, 64] [1, 5, 5, 64] [1, 1, 1, 1] : memref<1x5x5x128xi8> to memref<1x5x5x64xi8, strided<[3200, 640, 128, 1], offset: 64>>
  memref.copy %b, %s1 : memref<1x5x5x64xi8> to memref<1x5x5x64xi8, strided<[3200, 640, 128, 1], offset: 64>>
  return %alloc : memref<1x5x5x128xi8>
}

// -----

// Contiguous copies (a concat along the outermost dimension: contiguous
// halves) stay memref.copy, one memcpy each.
// CHECK-LABEL: func.func @contiguous
// CHECK-NOT: linalg.copy
// CHECK-COUNT-2: memref.copy
// CHECK-NOT: linalg.copy
// LOOPS-LABEL: func.func @contiguous
// LOOPS-NOT: scf.for
// LOOPS-COUNT-2: memref.copy
func.func @contiguous(%a: memref<4x8xf32>, %b: memref<4x8xf32>) -> memref<8x8xf32> {
  %alloc = memref.alloc() : memref<8x8xf32>
  %s0 = memref.subview %alloc[0, 0] [4, 8] [1, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[8, 1]>>
  memref.copy %a, %s0 : memref<4x8xf32> to memref<4x8xf32, strided<[8, 1]>>
  %s1 = memref.subview %alloc[4, 0] [4, 8] [1, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 32>>
  memref.copy %b, %s1 : memref<4x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 32>>
  return %alloc : memref<8x8xf32>
}

// -----

// A slice whose outer dimensions do not collapse (every other row of the
// target): the copy keeps its rank.
// CHECK-LABEL: func.func @rows_apart
// CHECK-NOT: memref.collapse_shape
// CHECK: linalg.copy ins(%arg0 : memref<2x3x4xi8>) outs(%{{.+}} : memref<2x3x4xi8, strided<[48, 8, 1]>>)
func.func @rows_apart(%a: memref<2x3x4xi8>) -> memref<2x6x8xi8> {
  %alloc = memref.alloc() : memref<2x6x8xi8>
  %s = memref.subview %alloc[0, 0, 0] [2, 3, 4] [1, 1, 1] : memref<2x6x8xi8> to memref<2x3x4xi8, strided<[48, 8, 1]>>
  memref.copy %a, %s : memref<2x3x4xi8> to memref<2x3x4xi8, strided<[48, 8, 1]>>
  return %alloc : memref<2x6x8xi8>
}

