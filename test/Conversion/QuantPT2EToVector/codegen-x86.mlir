// The machine code the vector lowering emits per x86 target (compiles on
// any host): exact int16-pair dot products, vpmaddwd on AVX2 (ymm) and
// AVX-512 (zmm); exact u8 x s8 quads, vpdpbusd, with AVX-512 VNNI (zmm)
// and AVX-VNNI (ymm, VEX encoded); never the saturating vpmaddubsw or
// vpdpbusds.
// RUN: quant-opt %s --pass-pipeline='builtin.module(quant-pt2e-vector-to-llvm{target-isa=avx2})' 2>/dev/null | mlir-translate --mlir-to-llvmir | llc -O3 -mattr=+avx2,+fma | FileCheck %s --check-prefix=AVX2 --implicit-check-not=vpmaddubsw --implicit-check-not=vroundps
// RUN: quant-opt %s --pass-pipeline='builtin.module(quant-pt2e-vector-to-llvm{target-isa=avx512})' 2>/dev/null | mlir-translate --mlir-to-llvmir | llc -O3 -mattr=+avx512f,+avx512bw,+avx512vl,+avx512dq | FileCheck %s --check-prefix=AVX512 --implicit-check-not=vpmaddubsw --implicit-check-not="64-byte Spill" --implicit-check-not="64-byte Reload" --implicit-check-not="64-byte Folded"
// RUN: quant-opt %s --pass-pipeline='builtin.module(quant-pt2e-vector-to-llvm{target-isa=avx512vnni})' 2>/dev/null | mlir-translate --mlir-to-llvmir | llc -O3 -mattr=+avx512f,+avx512bw,+avx512vl,+avx512dq,+avx512vnni | FileCheck %s --check-prefix=VNNI --implicit-check-not=vpmaddubsw --implicit-check-not=vpdpbusds --implicit-check-not="64-byte Spill" --implicit-check-not="64-byte Reload" --implicit-check-not="64-byte Folded"
// RUN: quant-opt %s --pass-pipeline='builtin.module(quant-pt2e-vector-to-llvm{target-isa=avxvnni})' 2>/dev/null | mlir-translate --mlir-to-llvmir | llc -O3 -mattr=+avx2,+fma,+avxvnni | FileCheck %s --check-prefix=AVXVNNI --implicit-check-not=vpmaddubsw --implicit-check-not=vpdpbusds

// AVX2: vpmaddwd {{.*}}%ymm
// The epilogue rounds half to even in one conversion (vcvtps2dq, the
// default rounding mode), not vroundps + vcvttps2dq.
// AVX2: vcvtps2dq {{.*}}%ymm
// AVX512: vpmaddwd {{.*}}%zmm
// VNNI: vpdpbusd {{.*}}%zmm
// AVXVNNI: {vex} vpdpbusd {{.*}}%ymm
func.func @conv(%x: tensor<1x3x4x4xi8>) -> tensor<1x5x4x4xi8> {
  %w = arith.constant dense<[[[[1, -2, 3], [4, -5, 6], [7, 8, -9]], [[10, -11, 12], [13, 14, -15], [16, 17, 18]], [[-19, 20, 21], [22, 23, 24], [25, 26, -27]]], [[[-1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, 127]]], [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, -127]]], [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, 27]]], [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[10, 11, 12], [13, 14, 15], [16, 17, 18]], [[19, 20, 21], [22, 23, 24], [25, 26, 27]]]]> : tensor<5x3x3x3xi8>
  %b = arith.constant dense<[0.5, -1.0, 0.25, 2.0, -0.75]> : tensor<5xf32>
  %0 = quant_pt2e.qconv2d %x, %w, %b input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-5, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x3x4x4xi8>, tensor<5x3x3x3xi8>, tensor<5xf32>) -> tensor<1x5x4x4xi8>
  return %0 : tensor<1x5x4x4xi8>
}

func.func @linear(%x: tensor<3x4xi8>) -> tensor<3x8xi8> {
  %w = arith.constant dense<[[1, 2, 3, 4], [-1, -2, -3, -4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24], [25, 26, 27, 127]]> : tensor<8x4xi8>
  %0 = quant_pt2e.qlinear %x, %w input(0.02, 0) weight([0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02]) output(0.1, 5) range(-128, 127) act_range(5, 127) : (tensor<3x4xi8>, tensor<8x4xi8>) -> tensor<3x8xi8>
  return %0 : tensor<3x8xi8>
}


// A grouped conv (groups 4, 4 channels per group): the same exact dot
// product on the output vectors' input channel windows, on every target;
// with AVX-512 VNNI on 16-lane quads, each pixel's 16-channel window one
// vbroadcasti32x4 per tap and the accumulators put back in channel order
// by one vpermd each.
// AVX2: qpt2e_vec_conv_2:
// AVX2: vpmaddwd {{.*}}%ymm
// The epilogue rounds half to even in one conversion (vcvtps2dq, the
// default rounding mode), not vroundps + vcvttps2dq.
// AVX2: vcvtps2dq {{.*}}%ymm
// AVX512: qpt2e_vec_conv_2:
// AVX512: vpmaddwd {{.*}}%zmm
// VNNI: qpt2e_vec_conv_2:
// VNNI: vbroadcasti32x4 {{.*}}%zmm
// VNNI: vpdpbusd {{.*}}%zmm
// VNNI: vpermd {{.*}}%zmm
// The epilogue clamps after the rounding, on int32; with the output
// type's own bounds the clamp and the narrowing are one saturating
// vpmovsdb (no vmaxps / vminps, no vpmaxsd / vpminsd).
// VNNI: vcvtps2dq {{.*}}%zmm
// VNNI-NOT: {{vmaxps|vminps|vpmaxsd|vpminsd}}
// VNNI: vpmovsdb %zmm
// AVXVNNI: qpt2e_vec_conv_2:
// AVXVNNI: {vex} vpdpbusd {{.*}}%ymm
func.func @grouped(%x: tensor<1x16x6x6xi8>) -> tensor<1x16x6x6xi8> {
  %w = arith.constant dense<7> : tensor<16x4x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 4 : (tensor<1x16x6x6xi8>, tensor<16x4x3x3xi8>) -> tensor<1x16x6x6xi8>
  return %0 : tensor<1x16x6x6xi8>
}

// A 3x3 stride-1 conv on 32 channels: integer Winograd F(2x2, 3x3) on the
// int16 pair targets (the transforms in vpaddw / vpsubw, the products in
// vpmaddwd, the output transform's exact division by 4 in vpsrad); the
// u8 x s8 quads keep the direct kernel.
// AVX2: qpt2e_vec_conv_3:
// AVX2: vpsubw {{.*}}%ymm
// AVX2: vpmaddwd {{.*}}%ymm
// AVX2: vpsrad $2, {{.*}}%ymm
// AVX512: qpt2e_vec_conv_3:
// AVX512: vpsubw {{.*}}%zmm
// AVX512: vpmaddwd {{.*}}%zmm
// AVX512: vpsrad $2, {{.*}}%zmm
// VNNI: qpt2e_vec_conv_3:
// VNNI-NOT: vpsrad $2
// VNNI: vpdpbusd {{.*}}%zmm
// AVXVNNI: qpt2e_vec_conv_3:
// AVXVNNI-NOT: vpsrad $2
// AVXVNNI: {vex} vpdpbusd {{.*}}%ymm
func.func @winograd(%x: tensor<1x32x8x8xi8>) -> tensor<1x16x8x8xi8> {
  %w = arith.constant dense<-5> : tensor<16x32x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x32x8x8xi8>, tensor<16x32x3x3xi8>) -> tensor<1x16x8x8xi8>
  return %0 : tensor<1x16x8x8xi8>
}

// A 3x3/2 conv from 64 to 128 channels (ResNet-18's layer2.0 conv1): two
// channel vectors per register tile on the zmm targets, 10 pixels x 2
// vectors (at 12 x 2 the int16 pair tile spilled seven accumulators inside
// the reduction loop here, which the RUN lines' implicit checks reject).
// AVX2: qpt2e_vec_conv_4:
// AVX2: vpmaddwd {{.*}}%ymm
// AVX512: qpt2e_vec_conv_4:
// AVX512-COUNT-20: vpmaddwd {{.*}}%zmm
// VNNI: qpt2e_vec_conv_4:
// VNNI-COUNT-20: vpdpbusd {{.*}}%zmm
func.func @two_vectors(%x: tensor<1x64x56x56xi8>) -> tensor<1x128x28x28xi8> {
  %w = arith.constant dense<3> : tensor<128x64x3x3xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-5, 127) stride [2, 2] padding [1, 1] dilation [1, 1] groups 1 : (tensor<1x64x56x56xi8>, tensor<128x64x3x3xi8>) -> tensor<1x128x28x28xi8>
  return %0 : tensor<1x128x28x28xi8>
}
