// Weights in a binary side file: the `external_weights` resource entry of
// the quant_pt2e dialect gives every dense_resource its blob from the file
// (lib/Dialect/QuantPT2E/IR/ExternalWeights.cpp); printed as text they are
// the builtin hex blobs, and bytecode carries them on in binary. Paths are
// taken relative to the working directory.
// RUN: cd %S/Inputs && quant-opt %s | FileCheck %s
// RUN: cd %S/Inputs && quant-opt %s --emit-bytecode -o %t.mlirbc
// RUN: quant-opt %t.mlirbc | FileCheck %s
// The error cases: external-weights-invalid.mlir.

// CHECK: arith.constant dense_resource<w0> : tensor<4xf32>
// CHECK: arith.constant dense_resource<b0> : tensor<2xi64>
// CHECK: w0: "0x100000000000C03F000000C00000803E00008040"
// CHECK: b0: "0x100000000700000000000000F7FFFFFFFFFFFFFF"
func.func @forward() -> (tensor<4xf32>, tensor<2xi64>) {
  %w = arith.constant dense_resource<w0> : tensor<4xf32>
  %b = arith.constant dense_resource<b0> : tensor<2xi64>
  return %w, %b : tensor<4xf32>, tensor<2xi64>
}

{-#
  dialect_resources: {
    quant_pt2e: {
      external_weights: "weights.weights"
    }
  }
#-}
