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
