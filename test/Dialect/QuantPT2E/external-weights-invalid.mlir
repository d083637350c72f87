// The error cases of the external_weights resource (external-weights.mlir):
// a missing file, a file of another format, a truncated index, a blob
// outside the file, an unknown resource key.
// RUN: cd %S/Inputs && not quant-opt %s --split-input-file 2>&1 | FileCheck %s --check-prefix=ERR

// ERR: cannot read the weights file 'missing.weights'
func.func @f() -> tensor<4xf32> {
  %w = arith.constant dense_resource<w0> : tensor<4xf32>
  return %w : tensor<4xf32>
}
{-#
  dialect_resources: {
    quant_pt2e: {
      external_weights: "missing.weights"
    }
  }
#-}

// -----

// ERR: 'weights-bad-magic.weights' is not a quant-pt2e weights file (version 1)
func.func @f() -> tensor<4xf32> {
  %w = arith.constant dense_resource<w0> : tensor<4xf32>
  return %w : tensor<4xf32>
}
{-#
  dialect_resources: {
    quant_pt2e: {
      external_weights: "weights-bad-magic.weights"
    }
  }
#-}

// -----

// ERR: 'weights-truncated.weights': truncated index
func.func @f() -> tensor<4xf32> {
  %w = arith.constant dense_resource<w0> : tensor<4xf32>
  return %w : tensor<4xf32>
}
{-#
  dialect_resources: {
    quant_pt2e: {
      external_weights: "weights-truncated.weights"
    }
  }
#-}

// -----

// ERR: 'weights-outside.weights': blob 'w0' lies outside the file or is misaligned
func.func @f() -> tensor<4xf32> {
  %w = arith.constant dense_resource<w0> : tensor<4xf32>
  return %w : tensor<4xf32>
}
{-#
  dialect_resources: {
    quant_pt2e: {
      external_weights: "weights-outside.weights"
    }
  }
#-}

// -----

// ERR: unknown 'resource' key 'weights' for dialect 'quant_pt2e'
func.func @f() -> tensor<4xf32> {
  %w = arith.constant dense_resource<w0> : tensor<4xf32>
  return %w : tensor<4xf32>
}
{-#
  dialect_resources: {
    quant_pt2e: {
      weights: "weights.weights"
    }
  }
#-}
