// RUN: quant-opt %s -convert-quant-pt2e-to-vector="target-isa=avx2 profile=true" | FileCheck %s
// RUN: quant-opt %s -convert-quant-pt2e-to-vector=target-isa=avx2 | FileCheck %s --check-prefix=PLAIN

// With `profile`, each generated function call is timed: the runtime's
// clock before it, a record of the site after it (2 k for kernel k, 2 k + 1
// for its input function, the pool base 1000000 for max pooling kernels;
// the pool reads the argument, so it has an input function of its own).
// CHECK-DAG: func.func private @qpt2e_profile_clock() -> i64
// CHECK-DAG: func.func private @qpt2e_profile_record(i64, i64)
// CHECK-LABEL: func.func @profiled
// CHECK: %[[T0:.+]] = call @qpt2e_profile_clock() : () -> i64
// CHECK-NEXT: call @qpt2e_vec_conv_0_input(
// CHECK-NEXT: %[[S1:.+]] = arith.constant 1 : i64
// CHECK-NEXT: call @qpt2e_profile_record(%[[S1]], %[[T0]])
// CHECK: %[[T1:.+]] = call @qpt2e_profile_clock() : () -> i64
// CHECK-NEXT: call @qpt2e_vec_conv_0(
// CHECK-NEXT: %[[S0:.+]] = arith.constant 0 : i64
// CHECK-NEXT: call @qpt2e_profile_record(%[[S0]], %[[T1]])
// CHECK: %[[T2:.+]] = call @qpt2e_profile_clock() : () -> i64
// CHECK-NEXT: call @qpt2e_vec_maxpool_0_input(
// CHECK-NEXT: %[[S3:.+]] = arith.constant 1000001 : i64
// CHECK-NEXT: call @qpt2e_profile_record(%[[S3]], %[[T2]])
// CHECK: call @qpt2e_profile_clock()
// CHECK-NEXT: call @qpt2e_vec_maxpool_0(
// CHECK-NEXT: arith.constant 1000000 : i64
// No match: without the option, no timing calls.
// PLAIN-LABEL: func.func @profiled
// PLAIN-NOT: qpt2e_profile
// PLAIN: call @qpt2e_vec_conv_0(
// PLAIN-NOT: qpt2e_profile
// PLAIN: return
func.func @profiled(%x: tensor<1x8x4x4xi8>) -> (tensor<1x8x4x4xi8>, tensor<1x8x2x2xi8>) {
  %w = arith.constant dense<3> : tensor<8x8x1x1xi8>
  %0 = quant_pt2e.qconv2d %x, %w input(0.05, 3) weight([0.01]) output(0.1, -5) range(-128, 127) act_range(-128, 127) stride [1, 1] padding [0, 0] dilation [1, 1] groups 1 : (tensor<1x8x4x4xi8>, tensor<8x8x1x1xi8>) -> tensor<1x8x4x4xi8>
  %1 = quant_pt2e.qmax_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x8x4x4xi8> -> tensor<1x8x2x2xi8>
  return %0, %1 : tensor<1x8x4x4xi8>, tensor<1x8x2x2xi8>
}
