// A prepared, not converted, submodule (still observing).
func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %o = quant_pt2e.observer %x spec(#quant_pt2e.spec<int8, [-128, 127], per_tensor_affine, observer = #quant_pt2e.observer<min_max>>) : tensor<2x4xf32>
  %w = arith.constant dense<1.0> : tensor<3x4xf32>
  %y = aten.linear %o, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
