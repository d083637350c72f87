// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-vector=target-isa=avx2 -verify-diagnostics | FileCheck %s
// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-vector=target-isa=avx512vnni | FileCheck %s --check-prefix=VNNI
// RUN: quant-opt %s -split-input-file -convert-quant-pt2e-to-vector=target-isa=avx512vnni | grep -c memref.prefetch | FileCheck %s --check-prefix=PREFETCHES

// A 3x3 padded conv with groups 1 and dilation 1: the reduction runs over
// segments, each kernel row one run of kw * c = 9 contiguous NHWC int16
// elements (no channel padding): its 4 whole pairs read in place, its 9th
// element gathered per pixel with the other rows' (row kh's beside its
// steps, into the stack buffer of tail pairs, zeroed first) and reduced
// after the rows as 2 tail pairs (3 elements and a 0). Weights packed at
// compile time into int16 pair panels (8 output channels x 2 elements per
// AVX2 panel, 3 rows x 4 pairs + 2 tail pairs), multipliers and biases as
// constants; the activation is written in the kernel's form (int16 x - zp,
// padded with 0, no slack column: every step reads inside its row) by a
// generated vector function; the kernel is a module function called on
// the buffers. One channel vector: register tiles of 12 pixels; each row's
// 4 steps unrolled.
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<1x14x16xi16> = dense<{{.+}}> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_mult : memref<8xf32>
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_bias : memref<8xf32>
// CHECK-LABEL: func.func @conv
// CHECK: %[[SRC:.+]] = bufferization.to_buffer %{{.+}} read_only : tensor<1x4x4x3xi8> to memref<1x4x4x3xi8>
// CHECK: %[[X:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x6x6x3xi16>
// CHECK: call @qpt2e_vec_conv_0_input(%[[SRC]], %[[X]])
// CHECK: %[[Y:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x4x4x8xi8>
// CHECK: call @qpt2e_vec_conv_0(%[[X]], %[[Y]])
// CHECK: tensor.extract_slice
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: memref<1x6x6x3xi16>, %{{.+}}: memref<1x4x4x8xi8>)
// CHECK-SAME: qpt2e_kernel_isa = "avx2 (int16 pairs: vpmaddwd + vpaddd ymm)"
// CHECK: %[[ROWS:.+]] = memref.collapse_shape %{{.+}} {{\[\[}}0], [1], [2, 3]] : memref<1x6x6x3xi16> into memref<1x6x18xi16>
// CHECK: %[[TAILS:.+]] = memref.alloca() {alignment = 64 : i64} : memref<12x4xi16>
// CHECK: vector.store %{{.+}}, %[[TAILS]][%{{.+}}] : memref<12x4xi16>, vector<4xi16>
// CHECK: scf.for %{{.+}} = %c0{{(_[0-9]+)?}} to %c3{{(_[0-9]+)?}} step
// CHECK-COUNT-12: memref.store %{{.+}}, %[[TAILS]][%{{.+}}] : memref<12x4xi16>
// CHECK-COUNT-4: vector.load %{{.+}} : memref<1x14x16xi16>, vector<16xi16>
// CHECK-NOT: memref<1x14x16xi16>, vector<16xi16>
// CHECK: scf.for %{{.+}} = %c0{{(_[0-9]+)?}} to %c2{{(_[0-9]+)?}} step
// CHECK: vector.load %{{.+}} : memref<1x14x16xi16>, vector<16xi16>
// CHECK-COUNT-12: vector.load %[[TAILS]][%{{.+}}] : memref<12x4xi16>, vector<2xi16>
// CHECK: arith.muli %{{.+}} : vector<16xi32>
// Every real result is far inside int32: rounded first, then clamped on
// int32 (the float clamp is in @float_clamp).
// CHECK-NOT: arith.maximumf
// CHECK: %[[R:.+]] = llvm.intr.lrint(%{{.+}}) : (vector<8xf32>) -> vector<8xi32>
// CHECK: %[[LO:.+]] = arith.maxsi %[[R]], %{{.+}} : vector<8xi32>
// CHECK: arith.minsi %[[LO]], %{{.+}} : vector<8xi32>
// CHECK: vector.store %{{.+}} : memref<1x16x8xi8>, vector<8xi8>
// The input function: 3 channels per pixel copied as x - zp (zp 3), the
// border 0.
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0_input(
// CHECK-SAME: memref<1x4x4x3xi8>, %{{.+}}: memref<1x6x6x3xi16>)
// CHECK: memref.load %{{.+}} : memref<48xi8>
// CHECK: arith.extsi %{{.+}} : i8 to i16
// CHECK: arith.subi %{{.+}}, %c3_i16 : i16
// CHECK: memref.store %{{.+}} : memref<108xi16>
func.func @conv(%x: tensor<1x3x4x4xi8>) -> tensor<1x5x4x4xi8> {
  %w = arith.constant dense<[[[[1, -2, 3], [4, -5, 6], [7, 8, -9]], [[10, -11, 12], [13, 14, -15], [16, 17, 18]], [[-19, 20, 21], [22, 23, 24], [25, 26, -27]]], [[[-1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, 127]]], [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, -127]]], [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, 27]]], [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, 27]]]]> : tensor<5x3x3x3xi8>
  %b = arith.constant dense<[0.5, -1.0, 0.25, 2.0, -0.75]> : tensor<5xf32>
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x4x4xi8>, tensor<5x3x3x3xi8>, tensor<5xf32>) -> tensor<1x5x4x4xi8>
  return %0 : tensor<1x5x4x4xi8>
}

// -----

// A per-channel linear: [M, K] as M pixels of a 1x1 convolution; no
// padding, 8 output channels fill one AVX2 vector (no slice).
// CHECK-LABEL: func.func @linear
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 3, 4] : tensor<3x4xi8> into tensor<1x1x3x4xi8>
// CHECK: call @qpt2e_vec_conv_0_input(
// CHECK: call @qpt2e_vec_conv_0(
// CHECK-NOT: tensor.extract_slice
// CHECK: tensor.collapse_shape %{{.+}} {{\[\[}}0, 1, 2], [3]] : tensor<1x1x3x8xi8> into tensor<3x8xi8>
// Its 4-element row ends on a pair: no tail buffer.
// CHECK-NOT: memref.alloca() {alignment = 64 : i64} : memref<{{[0-9]+}}x{{[0-9]+}}xi16>
func.func @linear(%x: tensor<3x4xi8>) -> tensor<3x8xi8> {
  %w = arith.constant dense<[[1, 2, 3, 4], [-1, -2, -3, -4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24], [25, 26, 27, 127]]> : tensor<8x4xi8>
  %0 = quant_pt2e.qlinear %x, %w input(0.02, 0) weight([0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<3x4xi8>, tensor<8x4xi8>) -> tensor<3x8xi8>
  return %0 : tensor<3x8xi8>
}

// -----

// A grouped conv (groups 2, 2 input and 2 output channels per group):
// every output channel vector reads a window of input channels, here both
// groups' 4 channels in 2 pairs per tap, with weight 0 across groups
// (output channels 0-1 see input channels 0-1 only, 2-3 see 2-3). The
// reduction runs per tap (kernel rows x columns x window pairs).
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<1x2x16xi16> = dense<{{\[\[\[}}1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0]]]>
// CHECK-LABEL: func.func @grouped
// CHECK: call @qpt2e_vec_conv_0(%{{.+}}, %{{.+}}) : (memref<1x4x4x4xi16>, memref<1x4x4x8xi8>) -> ()
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-NOT: memref.collapse_shape %arg0
// CHECK: scf.for %{{.+}} = %c0{{(_[0-9]+)?}} to %c2{{(_[0-9]+)?}} step
// CHECK-COUNT-12: vector.load %{{.+}} : memref<1x4x4x4xi16>, vector<2xi16>
func.func @grouped(%x: tensor<1x4x4x4xi8>) -> tensor<1x4x4x4xi8> {
  %w = arith.constant dense<[[[[1]], [[2]]], [[[3]], [[4]]], [[[5]], [[6]]], [[[7]], [[8]]]]> : tensor<4x2x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 2 : (tensor<1x4x4x4xi8>, tensor<4x2x1x1xi8>) -> tensor<1x4x4x4xi8>
  return %0 : tensor<1x4x4x4xi8>
}

// -----

// No match: ops other than the fused quantized ones stay as they are.
// CHECK-LABEL: func.func @not_fused
// CHECK-NEXT: quant_pt2e.quantize
// CHECK-NOT: call @qpt2e_vec
// CHECK: return
func.func @not_fused(%x: tensor<1x4xf32>) -> tensor<1x4xi8> {
  %0 = quant_pt2e.quantize %x scales([0.05]) zero_points([3]) range(-128, 127) : tensor<1x4xf32> -> tensor<1x4xi8>
  return %0 : tensor<1x4xi8>
}

// -----

// A depthwise conv (groups == channels): the taps of a kernel row in
// int16 pairs, (0, 1) and (2, 0), per channel ([3 rows][2 pairs][16
// channels x 2]: 4 channels padded to two AVX2 vectors), the input as
// int16 x - zp with the output's channel padding; per pair of input
// columns, their in-lane interleaves (vpunpcklwd / vpunpckhwd: channels
// 0-3 and 8-11, 4-7 and 12-15) summed by the int16 pair dot product (sign
// extension, multiply, even + odd lanes: vpmaddwd) over a loop of kernel
// rows; the accumulators back in channel order before the epilogue.
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<3x2x32xi16>
// CHECK-LABEL: func.func @depthwise
// CHECK: call @qpt2e_vec_conv_0_input(%{{.+}}, %{{.+}}) : (memref<1x6x6x4xi8>, memref<1x8x8x16xi16>) -> ()
// CHECK: call @qpt2e_vec_conv_0(%{{.+}}, %{{.+}}) : (memref<1x8x8x16xi16>, memref<1x3x3x16xi8>) -> ()
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "avx2 (int16 pairs: vpmaddwd + vpaddd ymm), depthwise"
// CHECK: scf.for %{{.+}} = %c0{{(_[0-9]+)?}} to %c3{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args(
// CHECK: vector.load %{{.+}} : memref<1x8x8x16xi16>, vector<16xi16>
// CHECK: vector.shuffle %{{.+}}, %{{.+}} [0, 16, 1, 17, 2, 18, 3, 19, 8, 24, 9, 25, 10, 26, 11, 27] : vector<16xi16>, vector<16xi16>
// CHECK: arith.extsi %{{.+}} : vector<16xi16> to vector<16xi32>
// CHECK: arith.muli %{{.+}} : vector<16xi32>
// CHECK: vector.shuffle %{{.+}}, %{{.+}} [0, 2, 4, 6, 8, 10, 12, 14] : vector<16xi32>, vector<16xi32>
// CHECK: scf.yield
// CHECK: vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 8, 9, 10, 11] : vector<8xi32>, vector<8xi32>
func.func @depthwise(%x: tensor<1x4x6x6xi8>) -> tensor<1x4x3x3xi8> {
  %w = arith.constant dense<[[[[68, 23, -44], [-61, 12, -20], [86, -94, -112]]], [[[105, 62, -37], [102, -10, 42], [22, 81, 104]]], [[[5, -20, 84], [107, 97, 1], [-94, 9, -89]]], [[[7, 3, -123], [96, -15, 71], [-81, 28, -126]]]]> : tensor<4x1x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.03, -128) range(-128, 127) act_range(-128, 72) stride [2, 2] padding [1, 1] dilation [1, 1] groups 4 : (tensor<1x4x6x6xi8>, tensor<4x1x3x3xi8>) -> tensor<1x4x3x3xi8>
  return %0 : tensor<1x4x3x3xi8>
}

// -----

// Input forms written by the producing kernel: the 1x1 expand's kernel
// writes no NHWC output, only the depthwise reader's int16 form (x - zp,
// zp -20 of its output) into the interior of the padded buffer, whose
// border a generated function fills (with the slack column of the
// depthwise kernel's zero-weight tap partner); the depthwise kernel writes the 1x1
// project's form (no padding: no border function) and the project's
// output is returned, NHWC. No input function runs between the kernels.
// CHECK-LABEL: func.func @chain
// CHECK: %[[F0:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x8x9x16xi16>
// CHECK: call @qpt2e_vec_conv_0_border(%[[F0]])
// CHECK: call @qpt2e_vec_conv_0_input(
// CHECK: call @qpt2e_vec_conv_0(%{{.+}}, %[[F0]]) : (memref<1x6x6x8xi16>, memref<1x8x9x16xi16>) -> ()
// CHECK-NOT: qpt2e_vec_conv_1_input
// CHECK: %[[F1:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x6x6x16xi16>
// CHECK-NOT: qpt2e_vec_conv_1_border
// CHECK: call @qpt2e_vec_conv_1(%[[F0]], %[[F1]]) : (memref<1x8x9x16xi16>, memref<1x6x6x16xi16>) -> ()
// CHECK-NOT: qpt2e_vec_conv_2_input
// CHECK: %[[Y:.+]] = memref.alloc() {alignment = 64 : i64} : memref<1x6x6x8xi8>
// CHECK: call @qpt2e_vec_conv_2(%[[F1]], %[[Y]]) : (memref<1x6x6x16xi16>, memref<1x6x6x8xi8>) -> ()
// CHECK-NOT: tensor<1x16x6x6xi8>
// CHECK: return
// The border function: only the padding of the form (a 0 of int16).
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0_border(
// CHECK-SAME: %{{.+}}: memref<1x8x9x16xi16>)
// CHECK-NOT: memref.load
// CHECK: vector.store
// The expand's epilogue: the requantized steps from the zero point -20
// (x - zp of the form) truncated to int16, stored at (oh + 1, ow + 1); no
// bytes, no NHWC store.
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-NOT: xi8>, vector<8xi8>
// CHECK: %[[R:.+]] = llvm.intr.lrint(%{{.+}}) : (vector<8xf32>) -> vector<8xi32>
// CHECK: %[[LO:.+]] = arith.maxsi %[[R]]
// CHECK: %[[STEPS:.+]] = arith.minsi %[[LO]]
// CHECK-NOT: vector<8xi8>
// CHECK: %[[FORM:.+]] = arith.trunci %[[STEPS]] : vector<8xi32> to vector<8xi16>
// CHECK: vector.store %[[FORM]], %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : memref<1x8x9x16xi16>, vector<8xi16>
// CHECK-NOT: xi8>, vector<8xi8>
// CHECK: return
// With AVX-512 VNNI the depthwise kernel reads blocks of two 16-lane
// vectors: the expand's form has 32 channels, the border function filling
// the 16 past the expand's (0); the depthwise output's 32 channels are
// more than its reader's 16, which keeps its input function.
// VNNI-LABEL: func.func @chain
// VNNI: call @qpt2e_vec_conv_0_border(%[[F:.+]]) : (memref<1x8x9x32xi16>) -> ()
// VNNI: call @qpt2e_vec_conv_0(%{{.+}}, %[[F]]) : (memref<1x6x6x8xi8>, memref<1x8x9x32xi16>) -> ()
// VNNI-NOT: qpt2e_vec_conv_1_input
// VNNI: call @qpt2e_vec_conv_1(%[[F]], %{{.+}}) : (memref<1x8x9x32xi16>, memref<1x6x6x32xi8>) -> ()
// VNNI: call @qpt2e_vec_conv_2_input(
// VNNI-LABEL: func.func private @qpt2e_vec_conv_0_border(
// VNNI: scf.for
// VNNI: vector.store %{{.+}} : memref<{{[0-9]+}}xi16>, vector<32xi16>
func.func @chain(%x: tensor<1x8x6x6xi8>) -> tensor<1x8x6x6xi8> {
  %w0 = arith.constant dense<3> : tensor<16x8x1x1xi8>
  %w1 = arith.constant dense<-2> : tensor<16x1x3x3xi8>
  %w2 = arith.constant dense<5> : tensor<8x16x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w0 input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x8x6x6xi8>, tensor<16x8x1x1xi8>) -> tensor<1x16x6x6xi8>
  %1 = quant_pt2e.qconv2d %0, %w1 input(0.1, -20) weight([0.01]) output(0.1, 4) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 16 : (tensor<1x16x6x6xi8>, tensor<16x1x3x3xi8>) -> tensor<1x16x6x6xi8>
  %2 = quant_pt2e.qconv2d %1, %w2 input(0.1, 4) weight([0.01]) output(0.2, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x16x6x6xi8>, tensor<8x16x1x1xi8>) -> tensor<1x8x6x6xi8>
  return %2 : tensor<1x8x6x6xi8>
}

// -----

// No form where a reader reads another layout: a 20-channel output (the
// kernel's 24 channels) read by a 1x1 conv on 20 channels, and the output
// returned as well: the NHWC output and the reader's input function,
// which reads the kernel's 24-channel buffer in place (the first 20 of
// each pixel), not a copy cut to 20 channels; the function argument is
// read as it is (8 channels).
// CHECK-LABEL: func.func @other_layout
// CHECK: call @qpt2e_vec_conv_0_input(%{{.+}}, %{{.+}}) : (memref<1x4x4x8xi8>, memref<1x4x4x8xi16>) -> ()
// CHECK: call @qpt2e_vec_conv_0(%{{.+}}, %[[Y:.+]]) : (memref<1x4x4x8xi16>, memref<1x4x4x24xi8>) -> ()
// CHECK: call @qpt2e_vec_conv_1_input(%[[Y]], %{{.+}}) : (memref<1x4x4x24xi8>, memref<1x4x4x20xi16>) -> ()
// CHECK: call @qpt2e_vec_conv_1(
// CHECK-NOT: _border
func.func @other_layout(%x: tensor<1x8x4x4xi8>) -> (tensor<1x20x4x4xi8>, tensor<1x8x4x4xi8>) {
  %w0 = arith.constant dense<3> : tensor<20x8x1x1xi8>
  %w1 = arith.constant dense<-1> : tensor<8x20x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w0 input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x8x4x4xi8>, tensor<20x8x1x1xi8>) -> tensor<1x20x4x4xi8>
  %1 = quant_pt2e.qconv2d %0, %w1 input(0.1, -20) weight([0.01]) output(0.1, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x20x4x4xi8>, tensor<8x20x1x1xi8>) -> tensor<1x8x4x4xi8>
  return %0, %1 : tensor<1x20x4x4xi8>, tensor<1x8x4x4xi8>
}

// -----

// 16 output channels: a register tile of two AVX2 channel vectors, whose
// NHWC bytes per pixel are one 16-byte store of the joined steps (two packs
// after LLVM's lowering, not four shuffles per vector).
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-NOT: vector.store %{{.+}} : memref<1x36x16xi8>, vector<8xi8>
// CHECK: %[[J:.+]] = vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xi32>, vector<8xi32>
// CHECK: %[[Q:.+]] = arith.addi %[[J]], %{{.+}} : vector<16xi32>
// CHECK: %[[B:.+]] = arith.trunci %[[Q]] : vector<16xi32> to vector<16xi8>
// CHECK: vector.store %[[B]], %{{.+}} : memref<1x36x16xi8>, vector<16xi8>
func.func @joined(%x: tensor<1x8x6x6xi8>) -> tensor<1x16x6x6xi8> {
  %w = arith.constant dense<3> : tensor<16x8x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x8x6x6xi8>, tensor<16x8x1x1xi8>) -> tensor<1x16x6x6xi8>
  return %0 : tensor<1x16x6x6xi8>
}

// -----

// The u8 form of a vpdpbusd reader (AVX-512 VNNI): the producer's bytes
// with the sign bit flipped (x + 128), no input function for the reader.
// VNNI-LABEL: func.func @u8_form
// VNNI-NOT: qpt2e_vec_conv_1_input
// VNNI: call @qpt2e_vec_conv_0(%{{.+}}, %[[B:.+]]) : (memref<1x6x6x8xi8>, memref<1x6x6x32xi8>) -> ()
// VNNI: call @qpt2e_vec_conv_1(%[[B]], %{{.+}}) : (memref<1x6x6x32xi8>, memref<1x6x6x16xi8>) -> ()
// VNNI-LABEL: func.func private @qpt2e_vec_conv_0(
// VNNI: %[[Q:.+]] = arith.trunci %{{.+}} : vector<16xi32> to vector<16xi8>
// VNNI: %[[U:.+]] = arith.xori %[[Q]], %{{.+}} : vector<16xi8>
// VNNI: vector.store %[[U]], %{{.+}} : memref<1x6x6x32xi8>, vector<16xi8>
func.func @u8_form(%x: tensor<1x8x6x6xi8>) -> tensor<1x16x6x6xi8> {
  %w0 = arith.constant dense<3> : tensor<32x8x1x1xi8>
  %w1 = arith.constant dense<-2> : tensor<16x32x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w0 input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x8x6x6xi8>, tensor<32x8x1x1xi8>) -> tensor<1x32x6x6xi8>
  %1 = quant_pt2e.qconv2d %0, %w1 input(0.1, -20) weight([0.01]) output(0.2, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x32x6x6xi8>, tensor<16x32x1x1xi8>) -> tensor<1x16x6x6xi8>
  return %1 : tensor<1x16x6x6xi8>
}

// -----

// A 3x3 stride-1 conv on 16 channels: integer Winograd F(2x2, 3x3) on the
// int16 pair kernels. The input form is the padded int16 x - zp with the
// channels padded to the transform's 16-lane vectors; the weights are
// transformed and packed at compile time as [channel tile][16 positions]
// [8 channel pairs][two 8-lane panels x 2]; the 3 x 3 blocks of 2 x 2
// outputs (5 rows: the last block row starts one row early) are two
// groups of 6, whose input transforms go to a [part, 12 blocks, 16
// positions, 16 channels] buffer; the output transform ends in a shift by
// 2 (the doubled G's factor 4) before the shared epilogue.
// CHECK-DAG: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<1x16x8x32xi16>
// CHECK-LABEL: func.func @winograd
// CHECK: call @qpt2e_vec_conv_0_input(%{{.+}}, %[[X:.+]]) : (memref<1x5x6x16xi8>, memref<1x7x8x16xi16>) -> ()
// CHECK: call @qpt2e_vec_conv_0(%[[X]], %{{.+}}) : (memref<1x7x8x16xi16>, memref<1x5x6x16xi8>) -> ()
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "avx2 (int16 pairs: vpmaddwd + vpaddd ymm), winograd F(2x2, 3x3)"
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<1x12x16x16xi16>
// CHECK: arith.subi %{{.+}}, %{{.+}} : vector<16xi16>
// CHECK: arith.shrsi %{{.+}}, %{{.+}} : vector<8xi32>
// CHECK: vector.store %{{.+}} : memref<1x30x16xi8>, vector<16xi8>
// The u8 x s8 quads of AVX-512 VNNI keep the direct kernel (the transformed
// input is not bytes).
// VNNI-LABEL: func.func private @qpt2e_vec_conv_0(
// VNNI-NOT: winograd
// VNNI-SAME: qpt2e_kernel_isa = "avx512vnni (u8 x s8 quads: vpdpbusd zmm)"
func.func @winograd(%x: tensor<1x16x5x6xi8>) -> tensor<1x16x5x6xi8> {
  %w = arith.constant dense<-3> : tensor<16x16x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x16x5x6xi8>, tensor<16x16x3x3xi8>) -> tensor<1x16x5x6xi8>
  return %0 : tensor<1x16x5x6xi8>
}

// -----

// No Winograd for a 3x3 with stride 2, nor for one on 4 input channels
// (its 16 pair steps per block on channels padded to 16 exceed 3/4 of the
// direct kernel's 3 x 6 per pixel): the direct kernel.
// CHECK-LABEL: func.func @no_winograd
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: qpt2e_kernel_isa = "avx2 (int16 pairs: vpmaddwd + vpaddd ymm)"
// CHECK-LABEL: func.func private @qpt2e_vec_conv_1(
// CHECK-SAME: qpt2e_kernel_isa = "avx2 (int16 pairs: vpmaddwd + vpaddd ymm)"
// CHECK-NOT: winograd
func.func @no_winograd(%x: tensor<1x16x6x6xi8>, %y: tensor<1x4x6x6xi8>) -> (tensor<1x16x3x3xi8>, tensor<1x16x6x6xi8>) {
  %w = arith.constant dense<-3> : tensor<16x16x3x3xi8>
  %w4 = arith.constant dense<2> : tensor<16x4x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [2, 2] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x16x6x6xi8>, tensor<16x16x3x3xi8>) -> tensor<1x16x3x3xi8>
  %1 = quant_pt2e.qconv2d %y, %w4 input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x4x6x6xi8>, tensor<16x4x3x3xi8>) -> tensor<1x16x6x6xi8>
  return %0, %1 : tensor<1x16x3x3xi8>, tensor<1x16x6x6xi8>
}

// -----

// Weights above 64 KB (a 3x3/2 conv, 128 x 64 x 3 x 3: 72 KB as bytes, 144 KB as int16
// pairs) come from L3 or memory, once per inference: while a channel tile
// is reduced, the next channel tile's panels (contiguous after its own) are
// prefetched into L2, one line per reduction step spread over the channel
// tile's pixel tiles (stride 64 bytes for VNNI's 2 tiles of 144 steps, 10
// int16 for AVX2's 3 tiles of 288). The small kernels above prefetch
// nothing: one prefetch in the whole file.
// PREFETCHES: {{^}}1{{$}}
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK: memref.collapse_shape %{{.+}} {{\[\[}}0, 1, 2]] : memref<16x288x16xi16> into memref<73728xi16>
// CHECK: arith.minui %{{.+}}, %c14{{(_[0-9]+)?}} : index
// CHECK: scf.for
// CHECK: arith.constant 10 : index
// CHECK: memref.prefetch %{{.+}}[%{{.+}}], read, locality<2>, data : memref<73728xi16>
// VNNI-LABEL: func.func private @qpt2e_vec_conv_0(
// VNNI: memref.collapse_shape %{{.+}} {{\[\[}}0, 1, 2]] : memref<8x144x64xi8> into memref<73728xi8>
// VNNI: arith.minui %{{.+}}, %c6{{(_[0-9]+)?}} : index
// VNNI: memref.prefetch %{{.+}}[%{{.+}}], read, locality<2>, data : memref<73728xi8>
func.func @prefetch(%x: tensor<1x64x8x8xi8>) -> tensor<1x128x4x4xi8> {
  %w = arith.constant dense<5> : tensor<128x64x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [2, 2] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x64x8x8xi8>, tensor<128x64x3x3xi8>) -> tensor<1x128x4x4xi8>
  return %0 : tensor<1x128x4x4xi8>
}

// -----

// The Winograd kernel (AVX2) prefetches the next channel tile's
// transformed weights (4 tiles of 16 positions x 32 pair steps x 2 panels
// of 16 int16: 128 KB in all) over its groups: 8x8 outputs are 16 blocks,
// 3 groups of 6 in one chunk, so 32 / 3 = 10 int16 per step; after the last
// tile, the first. The direct kernel's bytes on VNNI (36 KB) are not
// prefetched.
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK-SAME: winograd F(2x2, 3x3)
// CHECK: memref.collapse_shape %{{.+}} {{\[\[}}0, 1, 2, 3]] : memref<4x16x32x32xi16> into memref<65536xi16>
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.constant 10 : index
// CHECK: memref.prefetch %{{.+}}[%{{.+}}], read, locality<2>, data : memref<65536xi16>
func.func @prefetch_winograd(%x: tensor<1x64x8x8xi8>) -> tensor<1x64x8x8xi8> {
  %w = arith.constant dense<-2> : tensor<64x64x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -20) range(-128, 127) act_range(-20, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x64x8x8xi8>, tensor<64x64x3x3xi8>) -> tensor<1x64x8x8xi8>
  return %0 : tensor<1x64x8x8xi8>
}

// -----

// Output steps that can reach past int32 (input scale 1, output scale
// 1e-6: up to 27 x 255 x 127 x 10^6 steps): clamped in float before the
// rounding, as lrint's out-of-range value would pass an int32 clamp as
// INT_MIN; no integer clamp.
// CHECK-LABEL: func.func private @qpt2e_vec_conv_0(
// CHECK: arith.maximumf %{{.+}} fastmath<nnan,nsz> : vector<8xf32>
// CHECK: arith.minimumf %{{.+}} fastmath<nnan,nsz> : vector<8xf32>
// CHECK: llvm.intr.lrint(%{{.+}}) : (vector<8xf32>) -> vector<8xi32>
// CHECK-NOT: arith.maxsi
// CHECK: return
func.func @float_clamp(%x: tensor<1x3x4x4xi8>) -> tensor<1x8x4x4xi8> {
  %w = arith.constant dense<127> : tensor<8x3x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(1.0, 0) weight([1.0]) output(0.000001, 0) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x4x4xi8>, tensor<8x3x3x3xi8>) -> tensor<1x8x4x4xi8>
  return %0 : tensor<1x8x4x4xi8>
}

// -----

// A grouped conv of 4 channels per group in and out (ResNeXt's 32 x 4d) on
// AVX-512 VNNI, on 16-lane quads: one step per tap (9 per block, the weights
// 2 blocks x 9 steps x 64 bytes), each pixel's 16-channel window broadcast
// to every 128-bit lane by one byte shuffle of a 16-byte load (LLVM's
// vbroadcasti32x4), lane l computing channel 4 (l % 4) + l / 4 of the
// block; the accumulators back in channel order before the epilogue. The
// int16 pair targets keep a broadcast per window group.
// VNNI: memref.global "private" constant @qpt2e_vec_conv_0_w : memref<2x9x64xi8>
// VNNI-LABEL: func.func @quad_lanes
// VNNI: func.func private @qpt2e_vec_conv_0(
// VNNI: %[[Q:.+]] = vector.load %{{.+}} : memref<1x6x6x32xi8>, vector<16xi8>
// VNNI: vector.shuffle %[[Q]], %[[Q]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<16xi8>, vector<16xi8>
// VNNI: qpt2e_x86.vpdpbusd
// VNNI: vector.shuffle %[[A:.+]], %[[A]] [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15] : vector<16xi32>, vector<16xi32>
// CHECK-LABEL: func.func @quad_lanes
// CHECK-NOT: vector<16xi8>, vector<16xi8>
// CHECK: func.func private @qpt2e_vec_conv_0_input(
func.func @quad_lanes(%x: tensor<1x32x4x4xi8>) -> tensor<1x32x4x4xi8> {
  %w = arith.constant dense<[[[[  44,   78, -122],   [  79,   -8,    4],   [  33,  -55,  122]],  [[-114,  -57,  -30],   [  18,  -23,  -94],   [-116, -127, -115]],  [[ -90,  127,  -79],   [  39,   64,  -68],   [ -56,  -17,  -60]],  [[ 121,  -82,  101],   [  76,   88,  -98],   [ -27,   33,   -2]]], [[[  42,   45,   42],   [-112,  117,   14],   [ 103,  -58,  -35]],  [[  97,  -80, -111],   [ -32,   46,  -96],   [  94,  -41,  -70]],  [[  11,  101,   98],   [  95,  -49, -123],   [  71,   53,   69]],  [[-127, -118,    1],   [ -42,  -16,  110],   [ -76,    7,  -45]]], [[[ -52,   78,  -88],   [ -47,  -97,  -89],   [ -56,   51,   20]],  [[ -13,  -84,   76],   [  76,  -67, -112],   [ -46,  -90,   76]],  [[   5,    2,  -53],   [   2,  119,  -67],   [  68, -124,  -47]],  [[ 110,   95, -106],   [  87,   88,  -12],   [ -34,  122,  115]]], [[[  45,  -26,  -74],   [ 111,  -59,   14],   [  45,  -66,  -47]],  [[  62,  -77,   44],   [ 113,   47,   37],   [  -9,  119,  -71]],  [[ -37,   36,   39],   [-100,  -86,   49],   [  87,   35,  111]],  [[ -31,  -43,   76],   [-117,  -78,  -78],   [ -28,  -87,   76]]], [[[  88,  -30, -120],   [  54, -100,   29],   [ -84,  112,   45]],  [[ 125,   30,   57],   [ -32,   79,  -99],   [ -89,  -36,   54]],  [[  -4,   89,  113],   [ -25,  -19,   14],   [  37,   -5,   26]],  [[ 117,   60,  -47],   [ -19,  -25,  -89],   [-127,   74,  -20]]], [[[ -38,   34,   16],   [ 111,   29,  108],   [  20,  -44,  -45]],  [[ 125,   22,  -80],   [  84,   82, -125],   [ -87,   49,  -24]],  [[ -41, -109,  -79],   [  91,   85,   84],   [  18,  -92,  -45]],  [[   7,  126,  -62],   [  12,   -2,    1],   [  14,   52, -100]]], [[[ 123,   93,   68],   [ -56,  -15,  -13],   [ -49, -113,   62]],  [[-127,   67,  -78],   [  36,  -40,  -67],   [ 109,   -6,   99]],  [[ -79,   -5,  -39],   [ -12, -124,   43],   [ -40,   91,  -73]],  [[ -41, -116,   75],   [   9,  -26,  106],   [  24,  118,   61]]], [[[  22,    0,  -76],   [  49,   74,   50],   [ -22, -126,   60]],  [[-118,   77,  -89],   [ -49,  -73,   10],   [ -76,  -62, -115]],  [[ 123,  -72,  -79],   [  26,  -91,   98],   [  72,  -38,  -25]],  [[ -34,   60,  -21],   [ -55,   46,  -92],   [  73,  -19,  112]]], [[[ -61,  -32,   95],   [  53, -117,  -40],   [-123,   83,  -21]],  [[ -69,   58,   95],   [-101,    1,  -34],   [  57,  110,    9]],  [[  64,  -47,   20],   [  -1,   59, -115],   [ -67, -117,  122]],  [[   8,   -3,   -6],   [-119,   85,   88],   [-122,   31,   15]]], [[[ -30,   -2,   97],   [  25,   -3,   59],   [  49,    6,   84]],  [[  16,   30,   -2],   [  23,   29,  102],   [ -64,  -35,   13]],  [[ -41,   44,   83],   [ -79, -113,  125],   [   2,   63,   66]],  [[ 116, -119,  -53],   [ 123,  -14,  -26],   [ -61, -122, -116]]], [[[ 121, -123,  -92],   [ -65,  -55,   92],   [ -45,  -86,  -27]],  [[  48,  -13,  -64],   [ -97, -111,   -2],   [ -78,   22,   45]],  [[ -30,    0, -113],   [  13,  -82,  -12],   [-100,  -58,  -21]],  [[  -3, -120,  108],   [ -20,  -76,  -77],   [  59,  -16,  -63]]], [[[ -13,  -78,  -86],   [ -45,  118, -104],   [  12,  111,  -10]],  [[ -34,   15,  -83],   [  50, -127,   17],   [-112, -122,  -73]],  [[  56,  -21,  -20],   [  26, -110,  123],   [  -4,  100,   65]],  [[ -66,  -50,   28],   [  87,  107,   -3],   [-102,  126,   90]]], [[[  55,  -27,  -93],   [  72,  -75,  -45],   [  94,   32,  -51]],  [[   2,   29, -101],   [ -58,   66,   33],   [  82,   60,   -4]],  [[ -51,  -29,  -76],   [ 114, -120,  -32],   [-110,   97,   39]],  [[ -21,   74,  -32],   [  -9,  -35,   66],   [-112,   12,  -57]]], [[[ 121,  -69,  -26],   [-112,    0,   11],   [  64,  -15,  -64]],  [[-121,  106,  -88],   [  70,  107,  -45],   [ -93,   49,  -32]],  [[-118,  115,  104],   [ -99,   58,  -23],   [-111,   77,   90]],  [[-123, -101, -110],   [ 117,  110,   86],   [  47, -104,  -61]]], [[[   4,   -5, -101],   [ -64,   51,  100],   [-100,  115,  -47]],  [[-109,  106,    6],   [  42,  -81,  104],   [ -24,  -33,   62]],  [[  65,   54,  -68],   [ -79,   17,  -43],   [-119,  -19,   70]],  [[ -29,  -22,   46],   [ 120,   74,  -90],   [ -42,   10,  -15]]], [[[ -69, -110,   38],   [ -34,  -46,  114],   [  84,    1,  104]],  [[  15,  107,   27],   [ -37,   17,   50],   [  78,  120,  -61]],  [[-101,  -47,   20],   [  99,  105,    0],   [-116,  117,  -69]],  [[ -92,  -71,   72],   [   8,   -7,  -38],   [  -7,   55,   97]]], [[[ 115,  -94,   61],   [   4,  -33,  -64],   [-111,  -40,  -68]],  [[  81,  100,  -26],   [ -28,   73,  -88],   [-124,  -74,  127]],  [[ -14,  116, -119],   [  46,  -60,  -77],   [  35,   40,   72]],  [[ -79,   87,  -32],   [-112, -119, -105],   [-110,   38,  -87]]], [[[   8,  -81,   64],   [  86,   86,  -65],   [ -15,   83,   79]],  [[-126,   42, -113],   [  34, -112,   20],   [ 110,  -24,   81]],  [[ -52, -124,    5],   [ 110,   56,  -70],   [ -61,  -60,   17]],  [[  22,   24,  -75],   [  60,  121,  -76],   [ -34,  -10,   18]]], [[[  99,   18,  120],   [ -56,   40,   60],   [  86,  126,   -7]],  [[  24,   62, -106],   [  58,   79,   15],   [  43,   77,   -3]],  [[-110,   39,   29],   [ -61,  -18,  -50],   [ -96,    4,  -20]],  [[-110,  -54,   22],   [-113,  -81,  -58],   [ -63,  127,  102]]], [[[ -42,   22,  -14],   [ -65,  -87,   51],   [  54,  127,  -38]],  [[ 101,  108,   76],   [  80,  -43,   26],   [  21,  -21,   22]],  [[ -14, -105,  -17],   [  49,   87,    5],   [-123,    6,  -31]],  [[  61,   44, -108],   [ 112,  -73,    8],   [ 124, -105,  -51]]], [[[  76,  -62,   35],   [-109,  -91,  -48],   [   0,   15,  -13]],  [[-118,   21,  -54],   [ -18,  -62, -122],   [ -88,  -36,   74]],  [[  82,  118,  -55],   [ 106,  -21,  -15],   [ -70, -111,   71]],  [[ -39,   41,    6],   [ -12,  -31,  -97],   [  59,  100,   62]]], [[[  -6,  101,  126],   [  -8,  -94,  -67],   [  41,  105,  -11]],  [[  98, -100,  -95],   [  -8,  -74,  -50],   [  41,  111,   82]],  [[ -64,  117, -124],   [-122,   90,  -79],   [  79,  -20,   16]],  [[  13,   14,   71],   [  53,   14,   87],   [   5, -105,  -66]]], [[[-125,   38,  -64],   [  21, -110,  114],   [  83,  -79,   16]],  [[ -96,   49,  -37],   [  18,  -44,    7],   [ -12,  -31,  -84]],  [[ -71,   53,   99],   [  82,   25, -126],   [  75,  105,  -49]],  [[-104,  -71,  -49],   [ -33,   -3,  -40],   [ -19,  -33,  -73]]], [[[  31,   58,   23],   [  86,  -88,  -69],   [ -86,  -85,  -53]],  [[   5,  -74,  -90],   [-126,  112,  -48],   [  90,   28,   85]],  [[-120,  -23,   72],   [  73,  -76,  -28],   [ 113,  -11,   71]],  [[-100,   45, -118],   [  42,   43,  -82],   [ -78,  -65,  116]]], [[[ 111,   17,  102],   [  20,   25,  101],   [ -38,  -52,   26]],  [[-125,  -39,  -71],   [-124,  -11,   13],   [ -89,   18,  -56]],  [[ -87,   61,  -12],   [ -31,  113,  -40],   [  90,  -68,   32]],  [[   8,  -85,  126],   [ 119,  -84,  -37],   [  88, -103,   70]]], [[[ -52,   26,    0],   [  11,  -54,    5],   [   7, -101,   59]],  [[  18,   -6,  125],   [ -64,   58,  -83],   [  -9,   99,  -15]],  [[ -17,   94,  -48],   [-126, -117,  -77],   [  15,  117,  117]],  [[  39,  -53,   84],   [ -33,    9,   75],   [-117,    7,    9]]], [[[ -65,   33,   56],   [-105,  112,   -5],   [  51,  113,   87]],  [[-112,    2, -116],   [ 123, -101,  -99],   [  46,  -28,  100]],  [[ -49,  -88,   -1],   [  88,   27,  -71],   [  60,   10,   34]],  [[  67,   57,  -97],   [-108,   -6,  -25],   [  93,  -76,  -37]]], [[[ -73,   76,  -43],   [ -12,   69,  113],   [ -92,  -25,   76]],  [[  82,   77, -108],   [  41,  -41,  -75],   [ -90,  122,  -25]],  [[  49,  -24,  111],   [ -66,   98,  -21],   [  88,   46,   39]],  [[  20, -105,  -65],   [ -98,   54,  -88],   [  53, -127,  -20]]], [[[  68,  -10,  121],   [ -83,  -25,   85],   [  42,  -37,  -22]],  [[ -53,   72,  109],   [  15,  -50, -127],   [ -77,   91,  -30]],  [[ 116,    4,   65],   [  29,   56,  -26],   [  -3,   47,  -29]],  [[-122,  -64,  109],   [ -83,  -10,   -3],   [ -13,   39,  -14]]], [[[  87,  -57,   19],   [  80,  121,  -12],   [  79, -103,   19]],  [[ -38,   92,   -4],   [ -18,  -36,  -42],   [-101,   -6,   99]],  [[   8,  -89,   91],   [  58, -118,  -19],   [  40,   -1,  -39]],  [[  45,  114, -123],   [ -45,   -3,  -91],   [ -10,  -18,  -18]]], [[[  39, -127,  -11],   [-125,   50,   -3],   [ -75,  -11,  111]],  [[ -42,  -52,  -98],   [   3,  -35,  114],   [  44,    0,   81]],  [[  70,   67,   41],   [-127, -127,  -41],   [  25,   -3,   36]],  [[  80,   55,   16],   [  86,   77,  117],   [  48,   53, -109]]], [[[ 101,  123,  125],   [  15,  -51,   26],   [  74,  -61,  -96]],  [[ 103,   65,  127],   [ 120,  -40,  -29],   [  -3, -116, -111]],  [[  81,   67,  -98],   [  37,   39,  -68],   [ 114,   84,  -75]],  [[  12,   12,  109],   [  13,   82,  103],   [-102, -120,  -67]]]]> : tensor<32x4x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 8 : (tensor<1x32x4x4xi8>, tensor<32x4x3x3xi8>) -> tensor<1x32x4x4xi8>
  return %0 : tensor<1x32x4x4xi8>
}

// -----

// 8 channels per group: not on quad lanes (a broadcast per quad of the
// block's window, as for every other grouped conv).
// VNNI-LABEL: func.func @eight_per_group
// VNNI-NOT: vector<16xi8>, vector<16xi8>
// VNNI: func.func private @qpt2e_vec_conv_0_input(
func.func @eight_per_group(%x: tensor<1x32x4x4xi8>) -> tensor<1x32x4x4xi8> {
  %w = arith.constant dense<[[[[-104,   89,  115],   [-119,   61,  -94],   [ -27,  107,  -61]],  [[  79,  -82,  -62],   [ -52,  -41,   61],   [-118,  118,  -95]],  [[ 127, -125,   67],   [  22,   -3,   28],   [ -41,  -91,   72]],  [[  85, -112,   -3],   [  13,   25,   21],   [  41,   22,  -75]],  [[ -77,   77,  100],   [ -23, -110,   -1],   [ -87,  -95,   79]],  [[ -63,  -66,  -11],   [ 116,   57,   94],   [ -11, -116,   15]],  [[  86,   66,  -55],   [ -25,  -51, -123],   [-104,   16,  -48]],  [[ 113,   74, -118],   [  74,   -9,   62],   [  39,  116,   -3]]], [[[ -81, -101,  -63],   [   4, -113, -107],   [-122, -110,  -40]],  [[ -41, -101,  -82],   [ -20,    1,   13],   [ 113,  -98,  -73]],  [[-111,  125,   61],   [ -38, -115,   86],   [ -75,    6,  -23]],  [[  72,   61,   93],   [-124,   87,    4],   [ -90,   75,  100]],  [[  16,  -97,  113],   [  60,    2, -116],   [ -37,  -51,  113]],  [[ -94,   99,   31],   [  73,  -47,   12],   [  17,  -51,  -72]],  [[  51,  -26,  118],   [ 102,  -77,   25],   [  58,   -3,  -60]],  [[  58,   78,  126],   [ -68,  -42,   17],   [-100,  -19,  -66]]], [[[  -7,  -88,  -39],   [ -24, -101,   62],   [ -43,   68,   78]],  [[-100,   56,  -86],   [ -84,  -36, -112],   [  88,   82,   -4]],  [[   3,   10,   59],   [ -53,   17,   13],   [  49,   27,  -67]],  [[ -42,  123,   26],   [  96,   65, -112],   [ -37, -102,  -11]],  [[  91,  -94,  -35],   [ -61,  -20, -117],   [   6, -113,   45]],  [[-106, -121,  101],   [  16,   59,  -16],   [  22,   20,   76]],  [[ -79,  -83,   31],   [ -38,  102,   21],   [  89,   91,   28]],  [[  10, -109,  -95],   [  53, -116,   55],   [-119,   31,   65]]], [[[  17,  101,   44],   [ -90,   39,   79],   [ -16, -117,  -10]],  [[  85,   -6,   52],   [ 116,   -7,   13],   [  -6,   22,  -72]],  [[ 118,  110,   63],   [ -58, -126,  -60],   [   6,   69,   48]],  [[  20, -126,    4],   [ -27,   18,   75],   [ -99,  -23, -100]],  [[  29,  122,   65],   [  52,  -67,   29],   [-105,   15,  -66]],  [[ -68,  -92,  -88],   [ 108,   21,   23],   [-125,    4, -120]],  [[-102,  -40,  -93],   [  22,  123,  110],   [  36,  -12,   57]],  [[ -50,  -18,  116],   [-124,  -52,  110],   [  -5,   85,   -6]]], [[[ -26, -116,  -32],   [-101,  -55, -125],   [  -4,   75,  -48]],  [[ -31,   62,   46],   [ 126,  -14,  -96],   [  -1,  -53,   93]],  [[  68,  -27,   54],   [-102, -112,   43],   [-117, -120,  -50]],  [[   4,   30,  -33],   [ 102,  -19,  -73],   [  58,  111,   86]],  [[ -63,  118,   -7],   [  71,  -54,   82],   [ -32,  111,   94]],  [[ -29,  -48,  -40],   [ -66, -120,   62],   [ -12,  113, -113]],  [[ -82,  -73,  -59],   [ -22,   44,  -23],   [ 106,   68,    7]],  [[  -9,  -17,   53],   [ -87, -122,  103],   [  56,  -98,   67]]], [[[ 108, -124,  -31],   [ -38,    1,   35],   [ -96,  -92,  -40]],  [[  78,  -27,  121],   [ -83,   72,  -42],   [  31,  -64,   72]],  [[-100,  112,   77],   [ 116,   71,  -43],   [ -84,   38, -119]],  [[-103,  125,  106],   [-106, -113, -106],   [ -54,   74,   19]],  [[ -83,  -71, -122],   [ -20,  -27,  -38],   [ -16,   42, -124]],  [[   5,  -49,   84],   [ -18,   31,  -36],   [  56,  115, -123]],  [[ -41,   45, -107],   [ 105,  -83,  -93],   [   4,   72,  117]],  [[  73,   74, -106],   [-109,   29,   67],   [ -48,  112,  -33]]], [[[  14,  126,   77],   [  18,   76,   -6],   [   1,   76,  108]],  [[ -28,  -37,  -94],   [-108,  123,   -9],   [ -86,   89,  102]],  [[ 123,  122,  103],   [  -8,   44,  -97],   [ 102,  -10,  -35]],  [[  11,  -83,   73],   [  81,  127,  -77],   [ -65,  -37, -119]],  [[ -79,  123,   50],   [-127,   29,  118],   [-110,  100, -106]],  [[ 102,  125,  -25],   [ -20,  -76,  -89],   [  25,  109,  -17]],  [[  -1,   53,  105],   [ -79, -124,   -8],   [  18,  105, -116]],  [[  23,  -71,  109],   [  59,   64,  114],   [ -93,  -29,   37]]], [[[  28,  -80, -124],   [-109,  -86,   26],   [ -42, -125,  101]],  [[-114, -118,  -28],   [  38,  -81,  -61],   [  42,  121,  -57]],  [[ -44,  -66,   26],   [  13,   78,    6],   [   4,   88,    9]],  [[  82,   61,  111],   [ 110,  -99,  -43],   [-113,  107,   64]],  [[ 100,  -25,  125],   [-114,   -5,    8],   [  93,  -46,  -83]],  [[ -73,   35,   42],   [ -13,   60,   75],   [ -61,   91,   42]],  [[  88,  -70,   52],   [  98,   71,  -26],   [-112,   -7,   47]],  [[ -85,    0,   -9],   [ 121,  -57,   57],   [  72,  -29,  -93]]], [[[  45,    9,  104],   [ -24,  -51,  105],   [ -24,   39,  -69]],  [[  16,    6,  -90],   [ 127, -101,  -47],   [  27,  -64,  107]],  [[ -30, -107, -108],   [ -20,  -82,  -33],   [   7, -122,   61]],  [[  32,  111,   -9],   [  50,   -4,  -80],   [  84,   48,   31]],  [[  28,  -66,  -31],   [ 117,   64,  108],   [ -46,   49,   60]],  [[ -96,   11,   34],   [-124, -127, -127],   [ -54,    4,  -17]],  [[ -28,  -10, -122],   [  74,    9,   15],   [ -95,   38,   26]],  [[ -13, -100,   59],   [  24,  -80,  -62],   [ 101,  -61,   87]]], [[[  64,  105,  104],   [ 115,  105,   72],   [-127,  -53,  -95]],  [[ 106,  -81,   79],   [  93,   -7,   10],   [-102,  120,  121]],  [[  15,  -73,  -77],   [ -83,  -26,   14],   [ 118,   92,   47]],  [[ -59,  110,  -74],   [ -66,   73,   47],   [  17,  106,   17]],  [[-110,   24,  -99],   [  79,  -50,   71],   [ 107,  -60,  103]],  [[ -35,  -33,  127],   [ 111,   86, -117],   [  10,  -79,  -46]],  [[ -16,  102,   76],   [ -55,  116,   -9],   [  51,   24,  -87]],  [[  68,   15,   53],   [-125,   48,  -84],   [ -75,   98,  -41]]], [[[ 123,   64,   66],   [  20,   63,  105],   [ -75, -110,   10]],  [[ 123,   55,   -2],   [   3,  -52,    1],   [-102, -119, -110]],  [[  91,  125,   73],   [  73,  -15,  122],   [  28,   89,   71]],  [[ -18,   -2,  -78],   [  57,    9,   43],   [ -66, -117,  -87]],  [[  -4,   14,  -87],   [  18,  111,  124],   [ 114,   78,  -87]],  [[-123, -106,  -84],   [ 115,   15, -103],   [  53,   19,  125]],  [[ -99,   13,  -79],   [  -8,   37, -125],   [ -39,  -17, -104]],  [[  92,  -62, -113],   [ 103,    6,   31],   [ 115,  -51,  118]]], [[[  75, -123, -107],   [ -49,   90,  -78],   [  44,  123,  -43]],  [[  76,  -97,  -59],   [  -5,  -29, -118],   [  45,  119, -121]],  [[ -67,  -85,  -86],   [  74,  -96,  -50],   [ 120,  -67,   70]],  [[ 105,  -19,   56],   [  -2,   91,   27],   [  72, -121,    3]],  [[  81,  -80,  -14],   [  50,    8,   12],   [-123,   58,   65]],  [[  45,  -98,   74],   [ -13, -113,   -4],   [ -85, -108,   98]],  [[ -68,   47,   61],   [  94,   90, -113],   [  88,    5,  103]],  [[-124,  109,  -87],   [  10, -115, -120],   [ -79,  110,  -62]]], [[[ -95, -109, -126],   [  38,   80,   22],   [  13,   47,  121]],  [[ 122,   55,  -56],   [ -87,  -65,  -99],   [ -50,   49,   80]],  [[ 119,   39,  -21],   [  64,  -43,  -67],   [  15,  -93,   41]],  [[  -7,  -54,  103],   [  20,  -61,  -29],   [  67,    6,   52]],  [[  -5,  -34,  105],   [  51,  -21,  107],   [ 115,  -74,  -39]],  [[ -61, -112,  -28],   [ 106,  -77,  -81],   [ -25, -109,   59]],  [[ -69,   91,   86],   [  42,   33,   11],   [ -15,  107,  -68]],  [[ -80, -126,   50],   [ 103,  -31, -118],   [ 111,  -88,  -78]]], [[[  40,  -62,   35],   [ -98,   90,  -12],   [ -67,   48, -120]],  [[ -53,  -18,  101],   [  28,   77,  109],   [ -58,   61,   26]],  [[ -36,   40, -119],   [ -93,  -52,   38],   [ -96,   32,    5]],  [[  95,  -41,  -52],   [ -41,  -92,  115],   [  11,  -32,   91]],  [[  82,  -97,  -24],   [ -75,   95, -101],   [  66,  124,   55]],  [[  66,    5, -104],   [  97,   89,  -69],   [ -16,  -37, -121]],  [[ -84, -112,  107],   [ -64,  -27, -118],   [ -48,  -85,   83]],  [[-111,  -76,  -92],   [ 118, -102,  125],   [ -19,  -12,   83]]], [[[  90,   72,  113],   [   8,  -33, -112],   [  29,  114,    3]],  [[-111, -121, -124],   [-110,   63,  -50],   [  32,  -85,   66]],  [[ 111,  -57,  -86],   [ 100,   22,   95],   [-125, -116,  -74]],  [[ 116,   37,   69],   [ -94,   90,   97],   [  -5,   80,   75]],  [[  65,  105,   39],   [ 101,   10,  -57],   [ -84,  -84,   20]],  [[  38,  100,  -14],   [  50,   92,   24],   [ -12,  105,  -87]],  [[  82,  -32,   24],   [ 118,   42,   51],   [ -67,  -85, -110]],  [[ -80,   65,  -29],   [ -65,  112,  -17],   [   4,   96,  -59]]], [[[-104,  -74,  -59],   [ -64,   67,    9],   [ -36,  -73,   29]],  [[-100, -116,   82],   [  21,   40,   22],   [  24,  101,  -62]],  [[ -68,  -20, -107],   [  97,   29,  -61],   [ 110,  -17,  -35]],  [[-103,  105,  -28],   [ -61, -106,  -62],   [  69,  -23,  127]],  [[-116, -108,  -12],   [ -36,  -68,  115],   [ -58,  -97,  -70]],  [[  79,  108,  -99],   [ 100,  -10,   37],   [  72,  -20,   74]],  [[ -23,   77,  115],   [ -45, -104,   10],   [  31,  -95,  -80]],  [[ 126,  100,   60],   [ -30,  -27,   92],   [  -2, -123,   21]]], [[[ -74,  -36,   19],   [ -43,   52,  104],   [-110,  -87,   21]],  [[ 115, -108,   12],   [  64,  -10, -125],   [  -8,  -75, -124]],  [[ 104,  -45,   74],   [ -10,    6, -116],   [  75, -124,   45]],  [[-126,   52,   30],   [-120, -126,   73],   [ 115,   19,   32]],  [[  32,   56,  110],   [-117,   58,    2],   [ -32,  -75,  100]],  [[ 107,  -87,  -37],   [-103,  -77,   87],   [ -18,  -87,  -45]],  [[  10,  -91,  -27],   [  71, -106,  -72],   [  44,  104,  -66]],  [[  60,  -56,   92],   [  20,   58,  117],   [  98,   36,  117]]], [[[  46, -125,  -38],   [ -62,  -22,  103],   [ 117,   12,  -82]],  [[ 107, -127,  -10],   [  18,  -40,   65],   [  85,  -84,  -60]],  [[-121,  -24,  101],   [  83,  -23,  -28],   [ -45,   40,   25]],  [[ -89,  108,  -74],   [  11,  122,   34],   [ -78,   90,  -86]],  [[  97, -123, -101],   [-108,  -99,  -26],   [  44,   30,    7]],  [[  97,  -43,  124],   [-107,  -37,  -81],   [  -1,   98,  -25]],  [[  44,   -9,  -72],   [  90,   98,  -22],   [-108,   62,  -43]],  [[  91,  100,  -23],   [ -36,  -41,   74],   [-104,    3,   44]]], [[[  59,   76,  -14],   [  34,   50,  -57],   [  75,   52,  -78]],  [[ -70,    5,   78],   [ -87,  113,  -21],   [ -44,   48,   27]],  [[ -88,  -12, -109],   [ -43,   30,  100],   [  11,  -47, -117]],  [[  75,  -70,   65],   [  64,  -99,  118],   [  84,    8,  -32]],  [[  38,  -34, -106],   [ -14,   28,  -26],   [-121,  -20, -112]],  [[  65,  -42,  -48],   [  46,  -87,   31],   [  65,  114,  -18]],  [[ -81,   10,   78],   [ -83,   11,   45],   [  87,   29,   98]],  [[  35,   80,  110],   [  77, -108,   65],   [   5,   69, -116]]], [[[ 105,  -34,  126],   [  37,  -84,   80],   [  -2,  -57, -102]],  [[ 101,   99,  107],   [  60,  107,   82],   [ -16,   39,   32]],  [[ -33,   -6,   79],   [-110,   93,  -58],   [ -70,   86,  -37]],  [[ -81, -116,  -14],   [  27,   45,   54],   [ -22, -103,   21]],  [[ 113,   17, -102],   [ -95, -109, -118],   [  87,    6,  -29]],  [[  34,   85,   15],   [ -34,  121,  -23],   [ -89,    3, -105]],  [[  57,   85,   23],   [ 100,  104,  120],   [ -19,  100, -111]],  [[ -26,  -65,   17],   [  48,   35,   21],   [  18,  -96,  -20]]], [[[ 119,   83,  -31],   [  69,  -14, -119],   [ -24,  106,   97]],  [[ -20,   43,   59],   [  -9,  120,   51],   [  38,  -39,  -60]],  [[ 106,   27,   24],   [ -18,   56,  -81],   [ -49,  -89,  -29]],  [[  68, -100,  -18],   [ -72,  -16,   24],   [ -36,  -23,   28]],  [[ -16,   32,  100],   [  75,   25,  -50],   [ -15,   26,   53]],  [[   2,   35, -103],   [ -23,   92,   92],   [  28,  -54,   -4]],  [[  43,    5,   93],   [   6,   29,  -23],   [   1,    3,   44]],  [[  83,  121,  -31],   [ -11,   66,  -62],   [-124,   85,  -46]]], [[[-115,   62,  -63],   [  39,  -99, -103],   [ -94,  -36,  -98]],  [[ -15,  -39,   80],   [ 102, -100,   78],   [ -89,  -47,  -50]],  [[  74,  -24,  -83],   [  53,  -65,  -27],   [  62,   56,   48]],  [[ -69,  -59,  -35],   [   9,   70, -123],   [ -17,   48,    2]],  [[-114,  -19,   91],   [-103,   29,    2],   [  85, -116,   78]],  [[ -87,   33,   60],   [  47,   62,   82],   [ 120,  -22,   64]],  [[ 120,  -26,  122],   [ -75,  115,  -74],   [ -96,  -63,  -96]],  [[ 105,   -4,  -18],   [-127,    7,  -87],   [   4,   90,  -98]]], [[[  34,   27,  -11],   [-126,  119,   35],   [  81,  -69,  -85]],  [[ 117,  104,   33],   [  17,   -1,   92],   [ -97,  -30,  -58]],  [[ -29,  -56,   24],   [ 110,   52,    4],   [ 109,    3,   78]],  [[  -7,  -61,  -37],   [ -68,   43,   -1],   [  -8,   15,   16]],  [[  98,   54,   35],   [  37,  -31,  -82],   [  53,  104,  -42]],  [[ -84,   17,   16],   [ -83,  106,  -41],   [ 123,  100,  -37]],  [[ -85,   14,  -21],   [  38,  122,  -68],   [  20,  -22,  105]],  [[  26,  -56,  -74],   [  99,   65,  100],   [ 127,  -46, -126]]], [[[  12,  127,  -71],   [  -2, -116,   74],   [  84,   -1,  -12]],  [[  -8,   16, -107],   [ 113,  -59,   54],   [-118,  -12,   10]],  [[  -8,   41,  -11],   [ -25, -115,  102],   [  16,  116,  -82]],  [[ -65,  -38,  -44],   [  15,  -77,   31],   [ -72,   -1,   46]],  [[  64,   68,   78],   [ 120,    2,    5],   [ -87,  -24,   46]],  [[ 114,  -39, -114],   [   9,    6,  127],   [ -51,   39,   59]],  [[  25,  -44,   67],   [ -95,  -99,  115],   [ -38,  117,   -3]],  [[ 110,  -11,  -86],   [  86,  -45,  108],   [ -31,   78,  -24]]], [[[ 126,    7,  -53],   [  82, -119,  127],   [  45,   65,  -38]],  [[  68,   74,   -8],   [ -37,  -52,   85],   [ 120,   97,  -27]],  [[   5,  118,  125],   [  62,   32,  -43],   [   2,  -75,   56]],  [[  56,   15,   43],   [ -40,   20,  -59],   [  11,  110,  -57]],  [[ -88,  106, -114],   [   2,   98,  106],   [  86,   78,  -42]],  [[  63,   61,  -85],   [ -88,  -92,  -82],   [ -34,   94,  115]],  [[ -30,  -94,  -25],   [-112,  -72,  -77],   [ -36,  -63,   55]],  [[  23,   87,  -96],   [ -36,   66,   34],   [  21,  -75,   25]]], [[[ -34,   83,   63],   [ -41,  -30,  114],   [ -36,  -10,  -57]],  [[  40,   26,   74],   [-123,  -32,  -17],   [  82,  -67, -117]],  [[   3,    9,   98],   [   6,   65, -105],   [ -40,   18,   23]],  [[ 123,   64,   49],   [  69,  -46,   -2],   [  27,   20,   71]],  [[  11,   64,    3],   [  63,   60,   78],   [ 103,  -25, -118]],  [[  63,   98,   -3],   [ -76,  -38, -119],   [ -14, -121,  121]],  [[  -8,   59,  -62],   [  -2,   -4,  124],   [ 121,   38,   75]],  [[  17,  103,   39],   [  93,  -18,   62],   [-117,  -34,  -17]]], [[[ 110,  -64,  -26],   [ 113,   45,   58],   [ -58,  -97,   58]],  [[ -82,   -7, -117],   [  70,   74,  117],   [  61,  -27,  -43]],  [[ 115,  -84, -104],   [ -61,   98,   24],   [  50,  -93, -121]],  [[-119,  102,  -54],   [ -90,  127,  -61],   [ -92,  121,   43]],  [[ 118,  111,  -88],   [  99, -115,   37],   [ 125,   -8,    3]],  [[  60,   89,   95],   [ -34,  -30,  115],   [  15,   26,    9]],  [[  65, -125,   95],   [  94, -106,   88],   [  81,   95, -126]],  [[ -84,  124,  -67],   [  11,   -1,  -61],   [ -51, -104,  -87]]], [[[ 106, -126,   64],   [ -84,  -69,  -84],   [ -73,    1,  -28]],  [[ 100,   14, -113],   [  97, -116,  -23],   [ 121,  125, -125]],  [[ -38,  -78,   45],   [  63,  118,   24],   [-112,  -21,  120]],  [[ 116,   34,  -99],   [ 101,   21,   49],   [  87,  -33,  101]],  [[  46, -103,   82],   [  18,   20,  -66],   [  91,  -36,  -36]],  [[ -98,  122, -105],   [  41,  123,  100],   [ -38,  -67,   -8]],  [[  59,   47,  -84],   [ 103,  -89,   85],   [ -57,   30,   33]],  [[ 115,  -14,  -59],   [  49,   82,  -15],   [-106,   66,   60]]], [[[-115,   65,   46],   [  52,  -63,   39],   [  41,  121, -115]],  [[ -79, -124,   -1],   [  71,  -50,    5],   [  -7,  -27,   67]],  [[  35,   76,  -71],   [ -12,  -79, -105],   [-125,  -80, -107]],  [[  34,  -67,   40],   [  62,   74, -113],   [ -30,  -92,   25]],  [[  85,  -53,  121],   [  63,   35,  -96],   [-126,  -24, -125]],  [[  99,   -2,   46],   [-126,    3,   16],   [  -3,  -32,  -99]],  [[  36, -114,  126],   [  97, -111,  -71],   [-120,   23,   84]],  [[ -73,   41,  115],   [ 124,   16,  -98],   [ -58,   59,   32]]], [[[  54,  -39,  104],   [ -76,   -3,  -94],   [ -38,  -46,  -47]],  [[ 122,   98,   -7],   [ -18,  -22,   88],   [ -13,  -56, -107]],  [[  63,   96,  -34],   [  36,  -16,  -35],   [ -64,  -23,  -70]],  [[  93,  -48,   26],   [  22,  -44,   -9],   [ -91,  -35,  123]],  [[  92,   14,  -19],   [  48,   66,  -22],   [ -44,  -34, -104]],  [[ -69,   -9,    0],   [  -8,   86, -117],   [-117, -103,   13]],  [[  22,   16,  -58],   [ -87,  -78, -115],   [ -97,   13,   77]],  [[ -18,   13,   63],   [ -99,   21,   69],   [ -29,  -82,   30]]], [[[-124,   31,  -26],   [ -53,   86,  -66],   [  44,   97,   36]],  [[  10,  -90,  -55],   [  33,   97,   52],   [ -32,  -87,  -85]],  [[  35,  -73,   11],   [ -55,  -63,   61],   [ -68,  -58,   30]],  [[ 108,   67,  -96],   [  73,  -21,   63],   [  54,   64,  121]],  [[ -50,   83,  -64],   [ -36,   41,  -46],   [  29, -121,   91]],  [[ -83,   86,  -99],   [ -98,   41, -107],   [-114, -121, -116]],  [[  -1,   68,  -27],   [-115,  -75,   23],   [  69, -116,  101]],  [[ -16,   91,  126],   [   6,  -50,   20],   [ 124,   36,   25]]], [[[ -15,   72,   43],   [ -56,  -55,   15],   [  72,  -37,   44]],  [[ -87,  -92,  104],   [ -28,  126,   51],   [ -31,  -49,  -56]],  [[  40,   53,  110],   [-110,  -95,  -91],   [-117, -116,  105]],  [[  31,  116,  111],   [  34,   10, -101],   [-117, -105,    7]],  [[  59,   79,  -59],   [ -88,   43,  -34],   [  34,  -15,  -92]],  [[ -30,   36,  124],   [  51,   54,   39],   [  26,  -53, -105]],  [[  28,  -57,   93],   [ -31,  -81,    2],   [-117,    3,   52]],  [[  -9, -120,   50],   [ 121,  -11,  -52],   [ -21,  -96, -100]]]]> : tensor<32x8x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 4 : (tensor<1x32x4x4xi8>, tensor<32x8x3x3xi8>) -> tensor<1x32x4x4xi8>
  return %0 : tensor<1x32x4x4xi8>
}
