// A submodule module that already holds a linked submodule.
func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %y = call @qpt2e_submodule_inner(%x) : (tensor<2x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
func.func private @qpt2e_submodule_inner(%x: tensor<2x4xf32>) -> tensor<2x3xf32> attributes {quant_pt2e.submodule = "inner"} {
  %w = arith.constant dense<1.0> : tensor<3x4xf32>
  %y = aten.linear %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
