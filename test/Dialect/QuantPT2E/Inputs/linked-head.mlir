// A converted submodule for quant-pt2e-link-submodules.mlir: a quantized
// linear layer (per-channel weight) and a helper function it calls.
func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[100, -50, 20, 7], [50, 100, -3, 9], [1, 2, 3, 4]]> : tensor<3x4xi8>
  %q = quant_pt2e.quantize %x scales([0.05]) zero_points([0]) range(-128, 127) : tensor<2x4xf32> -> tensor<2x4xi8>
  %dq = quant_pt2e.dequantize %q scales([0.05]) zero_points([0]) range(-128, 127) : tensor<2x4xi8> -> tensor<2x4xf32>
  %dw = quant_pt2e.dequantize %w axis(0) scales([0.01, 0.02, 0.03]) zero_points([0, 0, 0]) range(-127, 127) : tensor<3x4xi8> -> tensor<3x4xf32>
  %y = aten.linear %dq, %dw : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %r = call @helper(%y) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @helper(%y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = quant_pt2e.quantize %y scales([0.1]) zero_points([3]) range(-128, 127) : tensor<2x3xf32> -> tensor<2x3xi8>
  %dq = quant_pt2e.dequantize %q scales([0.1]) zero_points([3]) range(-128, 127) : tensor<2x3xi8> -> tensor<2x3xf32>
  return %dq : tensor<2x3xf32>
}
