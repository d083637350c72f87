// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-vector=target-isa=amx | FileCheck %s
// The machine code (compiles on any host): tile loads, the signed and the
// u8 x s8 tile dot products, the tile configuration LLVM inserts, and no
// tile spilled to the stack (1024-byte spills and reloads).
// RUN: quant-opt %s --pass-pipeline='builtin.module(quant-pt2e-vector-to-llvm{target-isa=amx})' | mlir-translate --mlir-to-llvmir | llc -O3 -mattr=+avx512f,+avx512bw,+avx512vl,+avx512vnni,+amx-tile,+amx-int8 | FileCheck %s --check-prefix=ASM --implicit-check-not=vpmaddubsw --implicit-check-not="1024-byte Folded"
// ASM-DAG: ldtilecfg
// ASM-DAG: tileloadd
// ASM-DAG: tdpbssd
// ASM-DAG: tdpbusd
// ASM-DAG: tilestored

// A 3x3 conv of 32 channels: AMX tiles. Weights packed at compile time as
// [block][kernel row][chunk][16][64] bytes (3 rows of 96 bytes: 2 chunks),
// the zero-point correction -zp * sum(w) per channel; the input written
// as int8 with the zero point (3) around the image and slack rows below
// it (stride 1: the pixels flattened over the padded width, 6 x 6 = 36,
// one block of two 16-row A tiles read 32 bytes apart: 8 rows in all);
// the AMX state requested once in qpt2e_init. Every tile has 16 rows;
// the epilogue keeps the block's pixels inside the image (q / 6 < 4,
// q % 6 < 4).
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<6144xi8>
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_corr : memref<16xi32>
// CHECK-LABEL: func.func @conv
// CHECK: %[[X:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x8x6x32xi8>
// CHECK: call @qpt2e_vec_conv_0_input(%{{.+}}, %[[X]])
// CHECK: call @qpt2e_vec_conv_0(%[[X]], %{{.+}}) : (memref<1x8x6x32xi8>, memref<1x4x4x16xi8>) -> ()
// CHECK-LABEL: func.func @qpt2e_init()
// CHECK: call @qpt2e_request_amx()
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "amx (int8 tiles: tdpbssd)"
// CHECK-COUNT-2: amx.tile_zero : !amx.tile<16x16xi32>
// CHECK-NOT: amx.tile_zero
// CHECK: amx.tile_load %{{.+}}[%{{.+}}], %c32{{.*}} : memref<1536xi8> into !amx.tile<16x64xi8>
// CHECK: amx.tile_load %{{.+}}[%{{.+}}], %c32{{.*}} : memref<1536xi8> into !amx.tile<16x64xi8>
// CHECK: amx.tile_load %{{.+}}[%{{.+}}], %c64{{.*}} : memref<6144xi8> into !amx.tile<16x64xi8>
// CHECK-COUNT-2: amx.tile_muli %{{.+}}, %{{.+}}, %{{.+}} : !amx.tile<16x64xi8>, !amx.tile<16x64xi8>, !amx.tile<16x16xi32>
// CHECK-COUNT-2: amx.tile_store
// CHECK: arith.divui %{{.+}}, %c6
// CHECK: arith.remui %{{.+}}, %c6
// CHECK: scf.if
// CHECK-NOT: arith.maximumf
// CHECK: %[[R:.+]] = llvm.intr.lrint(%{{.+}}) : (vector<16xf32>) -> vector<16xi32>
// CHECK: arith.maxsi %[[R]], %{{.+}} : vector<16xi32>
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0_input(
// CHECK: vector.store %{{.+}} : memref<1536xi8>, vector<64xi8>
func.func @conv(%x: tensor<1x32x4x4xi8>) -> tensor<1x5x4x4xi8> {
  %w = arith.constant dense<7> : tensor<5x32x3x3xi8>
  %b = arith.constant dense<[0.5, -1.0, 0.25, 2.0, -0.75]> : tensor<5xf32>
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x32x4x4xi8>, tensor<5x32x3x3xi8>, tensor<5xf32>) -> tensor<1x5x4x4xi8>
  return %0 : tensor<1x5x4x4xi8>
}

// -----

// A ui8 input: tdpbusd (zero-extended left operand).
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "amx (int8 tiles: tdpbusd)"
// CHECK: amx.tile_muli %{{.+}} zext, %{{.+}}, %{{.+}} : !amx.tile<16x64xi8>
func.func @u8(%x: tensor<1x16x2x2xui8>) -> tensor<1x16x2x2xi8> {
  %w = arith.constant dense<-3> : tensor<16x16x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 130) weight([0.01]) output(0.1, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x16x2x2xui8>, tensor<16x16x1x1xi8>) -> tensor<1x16x2x2xi8>
  return %0 : tensor<1x16x2x2xi8>
}

// -----

// Stride 2: one output row per A tile (rows 2 x 11 x 32 bytes apart in the
// input, pixels 64 bytes apart), the 5 pixels of a row in one 16-row tile
// (rows past 5 computed and dropped), output rows in pairs (the third
// pair's second row, 5, dropped), 48 channels as a pair of 16-channel
// blocks (four C tiles) and one block (two), each 16-row tile: no tile
// shape of its own for a tail, which would make LLVM spill tiles.
// CHECK-LABEL: func.func @strided
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x16x11x32xi8>
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-COUNT-4: amx.tile_zero : !amx.tile<16x16xi32>
// CHECK: amx.tile_load %{{.+}}[%{{.+}}], %c64{{.*}} : memref<5632xi8> into !amx.tile<16x64xi8>
// CHECK-COUNT-4: amx.tile_muli
// CHECK-COUNT-4: amx.tile_store
// CHECK: arith.cmpi ult, %{{.+}}, %c5
// CHECK: scf.if
// CHECK: scf.for %{{.+}} = %c0{{.*}} to %c5
// CHECK-COUNT-2: amx.tile_zero : !amx.tile<16x16xi32>
// CHECK-NOT: amx.tile_zero
// CHECK-COUNT-2: amx.tile_muli
// CHECK-NOT: amx.tile_muli
func.func @strided(%x: tensor<1x32x9x9xi8>) -> tensor<1x48x5x5xi8> {
  %w = arith.constant dense<3> : tensor<48x32x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 0) weight([0.01]) output(0.1, 0) range(-128, 127) act_range(-128, 127) stride [2, 2] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x32x9x9xi8>, tensor<48x32x3x3xi8>) -> tensor<1x48x5x5xi8>
  return %0 : tensor<1x48x5x5xi8>
}

// -----

// No AMX match: a 1x1 conv of 4 channels has 4-byte segments (most of each
// 64-byte tile row wasted); the AVX-512 VNNI (vpdpbusd) kernel takes it,
// and no AMX state is requested.
// CHECK-LABEL: func.func @narrow
// CHECK-NOT: qpt2e_request_amx
// CHECK: qpt2e_kernel_isa = "avx512vnni (u8 x s8 quads: vpdpbusd zmm)"
// CHECK-NOT: amx.
func.func @narrow(%x: tensor<1x4x2x2xi8>) -> tensor<1x16x2x2xi8> {
  %w = arith.constant dense<5> : tensor<16x4x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 0) weight([0.01]) output(0.1, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x4x2x2xi8>, tensor<16x4x1x1xi8>) -> tensor<1x16x2x2xi8>
  return %0 : tensor<1x16x2x2xi8>
}

// -----

// A 3x3 stride-2 stem on 3 channels (9-byte kernel rows, no AMX kernel
// as pixels): on 2 x 2 pixel blocks of 12 channels. The 8 x 8 image padded
// by 1 is 10 x 10 pixels, 5 x 5 blocks (plus slack rows); the convolution
// on them is a stride-1 2x2 one with 24-byte block rows (one chunk per
// row: 2 per output, packed [block][row][chunk][16][64] = 2048 bytes),
// its tiles flat over the 5 block columns (4 x 5 = 20 pixels: one block
// of 32). The input function fills the blocks with the zero point's byte
// and copies each source row's pixels: pixel 0 alone (odd left padding,
// 3 bytes), then pairs of 6 bytes.
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<2048xi8>
// CHECK-LABEL: func.func @stem_blocks
// CHECK: call @qpt2e_vec_conv_0_input(%{{.+}}, %[[X:.+]]) : (memref<1x8x8x3xi8>, memref<1x[[H:[0-9]+]]x5x12xi8>) -> ()
// CHECK: call @qpt2e_vec_conv_0(%[[X]], %{{.+}}) : (memref<1x[[H]]x5x12xi8>, memref<1x4x4x16xi8>) -> ()
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "amx (int8 tiles: tdpbssd, 2x2 space to depth)"
// CHECK: amx.tile_load %{{.+}}[%{{.+}}], %c12{{.*}} : memref<{{[0-9]+}}xi8> into !amx.tile<16x64xi8>
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0_input(
// CHECK: vector.store %{{.+}} : memref<{{[0-9]+}}xi8>, vector<64xi8>
// CHECK: scf.for
// CHECK: vector.load %{{.+}} : memref<192xi8>, vector<3xi8>
// CHECK: scf.for
// CHECK: vector.load %{{.+}} : memref<192xi8>, vector<6xi8>
func.func @stem_blocks(%x: tensor<1x3x8x8xi8>) -> tensor<1x16x4x4xi8> {
  %w = arith.constant dense<5> : tensor<16x3x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 2) weight([0.01]) output(0.1, 0) range(-128, 127) act_range(-128, 127) stride [2, 2] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x8x8xi8>, tensor<16x3x3x3xi8>) -> tensor<1x16x4x4xi8>
  return %0 : tensor<1x16x4x4xi8>
}

// -----

// No pixel blocks: a 3x3 stride-2 conv on 16 channels has 48-byte kernel
// rows (3 chunks per output); its 2 x 2 blocks' rows of 128 bytes would
// take 4. The AMX kernel reads pixels.
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "amx (int8 tiles: tdpbssd)"
// CHECK-NOT: space to depth
func.func @strided_pixels(%x: tensor<1x16x8x8xi8>) -> tensor<1x16x4x4xi8> {
  %w = arith.constant dense<5> : tensor<16x16x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 2) weight([0.01]) output(0.1, 0) range(-128, 127) act_range(-128, 127) stride [2, 2] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x16x8x8xi8>, tensor<16x16x3x3xi8>) -> tensor<1x16x4x4xi8>
  return %0 : tensor<1x16x4x4xi8>
}
