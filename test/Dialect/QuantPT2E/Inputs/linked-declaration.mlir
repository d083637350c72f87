// A submodule module that calls an external function.
func.func private @external(tensor<2x4xf32>) -> tensor<2x3xf32>
func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %y = call @external(%x) : (tensor<2x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
