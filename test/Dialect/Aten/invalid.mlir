// RUN: quant-opt %s -split-input-file -verify-diagnostics

// One expected error per verifier branch of the aten dialect.

func.func @f(%x: tensor<3x8xf32>, %w: tensor<16x3x3xf32>) {
  // expected-error @+1 {{'aten.convolution' op input must have rank 3 to 5 ([N, C, *spatial]), got 2}}
  %0 = aten.convolution %x, %w stride [1] padding [0] dilation [1] output_padding [0] groups 1 : (tensor<3x8xf32>, tensor<16x3x3xf32>) -> tensor<1x16x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3xf32>) {
  // expected-error @+1 {{weight rank 3 must equal the input rank 4}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{stride must have 2 entries, got 1}}
  %0 = aten.convolution %x, %w stride [1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{stride entries must be at least 1, got 0}}
  %0 = aten.convolution %x, %w stride [0, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{padding entries must be at least 0, got -1}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, -1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{groups must be positive, got 0}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 0 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{output_padding applies only to transposed convolutions}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [1, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<3x5x3x3xf32>) {
  // expected-error @+1 {{output_padding must be smaller than stride or dilation}}
  %0 = aten.convolution %x, %w stride [2, 2] padding [0, 0] dilation [1, 1] transposed output_padding [2, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x19x17xf32>
  return
}

// -----

func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{weight output channels 3 are not divisible by groups 2}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 2 : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<16x3x3x3xf32>) {
  // expected-error @+1 {{input has 4 channels but the weight expects 3 x 1 groups}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<3x5x3x3xf32>) {
  // expected-error @+1 {{input channels 3 are not divisible by groups 2}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 2 : (tensor<1x3x8x8xf32>, tensor<3x5x3x3xf32>) -> tensor<1x10x10x10xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<4x5x3x3xf32>) {
  // expected-error @+1 {{input has 3 channels but the transposed weight expects 4}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x5x3x3xf32>) -> tensor<1x5x10x10xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{bias shape [8] does not match the expected shape [16]}}
  %0 = aten.convolution %x, %w, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<8xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<1x16xf32>) {
  // expected-error @+1 {{bias must be 1-d, got rank 2}}
  %0 = aten.convolution %x, %w, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<1x16xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x2x2xf32>, %w: tensor<16x3x3x3xf32>) {
  // expected-error @+1 {{kernel size 3 (dilation 1) does not fit spatial dimension 0 of size 2 with padding 0}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x2x2xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x1x1xf32>
  return
}

// -----

// Output sizes are computed without overflow: a huge dilation is an error,
// not a wrapped (negative) size.
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) {
  // expected-error @+1 {{output size of spatial dimension 0 overflows int64 (input 8, kernel 3, stride 1, dilation 9223372036854775807, padding 0)}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [9223372036854775807, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return
}

// -----

func.func @f(%x: tensor<1x4611686018427387904x8x8xf32>, %w: tensor<4611686018427387904x5x3x3xf32>) {
  // expected-error @+1 {{output channels 5 x 4611686018427387904 groups overflow int64}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 4611686018427387904 : (tensor<1x4611686018427387904x8x8xf32>, tensor<4611686018427387904x5x3x3xf32>) -> tensor<1x5x10x10xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{result shape [1, 16, 8, 8] does not match the expected shape [1, 16, 6, 6]}}
  %0 = aten.convolution %x, %w stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{input must have rank >= 2 ([N, C, ...]), got 1}}
  %0 = aten.batch_norm %x1 mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{running_mean shape [3] does not match the expected shape [4]}}
  %0 = aten.batch_norm %x mean %m3 var %v momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{weight shape [3] does not match the expected shape [4]}}
  %0 = aten.batch_norm %x mean %m var %v weight %m3 momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<2x4x8x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{bias shape [3] does not match the expected shape [4]}}
  %0 = aten.batch_norm %x mean %m var %v weight %m bias %m3 momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<2x4x8x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{eps must be positive, got 0}}
  %0 = aten.batch_norm %x mean %m var %v momentum(0.1) eps(0.0) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{momentum must be in [0, 1], got 1.5}}
  %0 = aten.batch_norm %x mean %m var %v momentum(1.5) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>) {
  // expected-error @+1 {{result type must equal the input type}}
  %0 = aten.batch_norm %x mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8x8xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %m3: tensor<3xf32>, %x1: tensor<4xf32>, %v1: tensor<?xf32>) {
  // expected-error @+1 {{updated running statistics must have the types of the running statistics}}
  %0:3 = aten.batch_norm_training %x mean %m var %v momentum(0.1) eps(1.0e-5) : (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x4x8x8xf32>, tensor<4xf32>, tensor<?xf32>)
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{input must have rank >= 1}}
  %0 = aten.linear %s, %w : (tensor<f32>, tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{weight must be 2-d, got rank 3}}
  %0 = aten.linear %x, %w3 : (tensor<2x8xf32>, tensor<4x8x1xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{inner dimensions differ: 8 vs 4}}
  %0 = aten.linear %x, %m : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{bias must be 1-d, got rank 2}}
  %0 = aten.linear %x, %w, %x : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<2x8xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{result shape [2, 5] does not match the expected shape [2, 4]}}
  %0 = aten.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{mat1 must be 2-d, got rank 1}}
  %0 = aten.addmm %b, %b, %m : (tensor<4xf32>, tensor<4xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{inner dimensions differ: 8 vs 4}}
  %0 = aten.addmm %b, %x, %w : (tensor<4xf32>, tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{input must have rank <= 2}}
  %0 = aten.addmm %r3, %x, %m : (tensor<1x2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{operand shapes are not broadcastable: size 3 vs 2 at dimension 0}}
  %0 = aten.addmm %c, %x, %m : (tensor<3x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{inner dimensions differ: 8 vs 4}}
  %0 = aten.mm %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{result shape [2, 5] does not match the expected shape [2, 4]}}
  %0 = aten.mm %x, %m : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{expects a tensor of rank <= 2, got rank 3}}
  %0 = aten.t %w3 : tensor<4x8x1xf32> -> tensor<1x8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %s: tensor<f32>, %w3: tensor<4x8x1xf32>, %m: tensor<8x4xf32>, %c: tensor<3x4xf32>, %r3: tensor<1x2x4xf32>) {
  // expected-error @+1 {{result shape [4, 8] does not match the expected shape [8, 4]}}
  %0 = aten.t %w : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{'aten.mul' op does not take alpha}}
  %0 = aten.mul %a, %a alpha(2.0) : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>) {
  // expected-error @+1 {{'aten.div' op does not take alpha}}
  %0 = aten.div %a, %a alpha(2.0) : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{operands and result must have the same element type}}
  %0 = aten.add %a, %h : tensor<2x4xf32>, tensor<2x4xf16> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{operand shapes are not broadcastable: size 4 vs 3 at dimension 1}}
  %0 = aten.add %a, %b : tensor<2x4xf32>, tensor<3xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{result shape [2, 1] does not match the expected shape [2, 4]}}
  %0 = aten.sub %a, %a : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x1xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{'aten.mul_scalar' op does not take alpha}}
  %0 = aten.mul_scalar %a, 2.0 alpha(2.0) : tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{min_val 1.000000e+00 exceeds max_val -1.000000e+00}}
  %0 = aten.hardtanh %a {min_val = 1.0 : f64, max_val = -1.0 : f64} : tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4xf32>, %b: tensor<3xf32>, %h: tensor<2x4xf16>) {
  // expected-error @+1 {{requires at least one of min and max}}
  %0 = aten.clamp %a : tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{input must be [C, H, W] or [N, C, H, W], got rank 2}}
  %0 = aten.max_pool2d %y kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<7x7xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{kernel_size must have 2 entries, got 1}}
  %0 = aten.max_pool2d %x kernel [2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

// An empty dilation list is an error (the lowering reads two entries).
func.func @f(%x: tensor<1x8x7x7xf32>) {
  // expected-error @+1 {{dilation must have 2 entries, got 0}}
  %0 = aten.max_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [] : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>) {
  // expected-error @+1 {{output size of spatial dimension 0 overflows (input 7, kernel 9223372036854775807, dilation 1)}}
  %0 = aten.max_pool2d %x kernel [9223372036854775807, 2] stride [1, 1] padding [4611686018427387903, 0] dilation [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{padding 2 must be at most half of kernel size 2}}
  %0 = aten.max_pool2d %x kernel [2, 2] stride [2, 2] padding [2, 0] dilation [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x5x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{output size -1 of spatial dimension 0 is too small (input 7)}}
  %0 = aten.max_pool2d %x kernel [9, 3] stride [1, 1] padding [0, 0] dilation [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x0x5xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{result shape [1, 8, 4, 4] does not match the expected shape [1, 8, 3, 3]}}
  %0 = aten.max_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{divisor_override must be positive}}
  %0 = aten.avg_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0] divisor_override(0) : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{input must be [C, H, W] or [N, C, H, W], got rank 2}}
  %0 = aten.adaptive_avg_pool2d %y output_size [1, 1] : tensor<7x7xf32> -> tensor<1x1xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{output_size entries must be at least 1, got 0}}
  %0 = aten.adaptive_avg_pool2d %x output_size [0, 1] : tensor<1x8x7x7xf32> -> tensor<1x8x0x1xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{requires at least one dimension to reduce}}
  %0 = aten.mean %x dims [] : tensor<1x8x7x7xf32> -> tensor<1x8x7x7xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{dim 4 is out of range for rank 4}}
  %0 = aten.mean %x dims [4] : tensor<1x8x7x7xf32> -> tensor<1x8x7xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{dim -1 appears more than once}}
  %0 = aten.mean %x dims [3, -1] : tensor<1x8x7x7xf32> -> tensor<1x8x7xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x7x7xf32>, %y: tensor<7x7xf32>) {
  // expected-error @+1 {{result shape [1, 8, 1, 1] does not match the expected shape [1, 8]}}
  %0 = aten.mean %x dims [2, 3] : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{requires at least one input}}
  %0 = aten.cat dim 0 : () -> tensor<1xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{input #1 must have the rank and element type of input #0}}
  %0 = aten.cat %a, %c dim 1 : (tensor<1x2x4xf32>, tensor<2x4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{input #1 has size 5 in dimension 2, expected 4}}
  %0 = aten.cat %a, %b dim 1 : (tensor<1x2x4xf32>, tensor<1x3x5xf32>) -> tensor<1x5x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{dim 3 is out of range for rank 3}}
  %0 = aten.cat %a, %a dim 3 : (tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{dims has 2 entries but the input has rank 4}}
  %0 = aten.permute %x dims [0, 1] : tensor<1x8x2x2xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{dims is not a permutation: 1 repeats}}
  %0 = aten.permute %x dims [0, 1, 1, 2] : tensor<1x8x2x2xf32> -> tensor<1x8x8x2xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{size has more than one -1}}
  %0 = aten.view %x size [-1, -1] : tensor<1x8x2x2xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{size entries must be >= -1, got -2}}
  %0 = aten.view %x size [-2, 16] : tensor<1x8x2x2xf32> -> tensor<2x16xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{cannot infer the -1 size: 32 elements do not divide into 5}}
  %0 = aten.reshape %x size [-1, 5] : tensor<1x8x2x2xf32> -> tensor<6x5xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{size has 16 elements but the input has 32}}
  %0 = aten.reshape %x size [4, 4] : tensor<1x8x2x2xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{result shape [8, 4] does not match the expected shape [4, 8]}}
  %0 = aten.view %x size [4, 8] : tensor<1x8x2x2xf32> -> tensor<8x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{start_dim must not come after end_dim}}
  %0 = aten.flatten %x start_dim 2 end_dim 1 : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{end_dim 4 is out of range for rank 4}}
  %0 = aten.flatten %x start_dim 1 end_dim 4 : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{cannot squeeze dimension 0 of unknown size}}
  %0 = aten.squeeze %d : tensor<?x8xf32> -> tensor<8xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{result shape [1, 8, 2, 2] does not match the expected shape [8, 2, 2]}}
  %0 = aten.squeeze %x dims [0] : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{pad must hold (before, after) pairs for at most 4 dimensions, got 3 entries}}
  %0 = aten.pad %x pad [1, 1, 1] mode <constant> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x3x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{value applies only to constant padding}}
  %0 = aten.pad %x pad [1, 1] mode <reflect> value(1.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{negative padding is only allowed in constant mode}}
  %0 = aten.pad %x pad [-1, 1] mode <replicate> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{reflect padding (2, 0) must be smaller than dimension 3 of size 2}}
  %0 = aten.pad %x pad [2, 0] mode <reflect> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{replicate padding needs a non-empty dimension}}
  %0 = aten.pad %e pad [0, 0, 1, 1] mode <replicate> value(0.0) : tensor<1x0x2xf32> -> tensor<1x2x2xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{padding makes dimension 3 negative}}
  %0 = aten.pad %x pad [-2, -1] mode <constant> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x0xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+1 {{result shape [1, 8, 2, 5] does not match the expected shape [1, 8, 2, 4]}}
  %0 = aten.pad %x pad [1, 1] mode <constant> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x5xf32>
  return
}

// -----

func.func @f(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>, %c: tensor<2x4xf32>, %x: tensor<1x8x2x2xf32>, %d: tensor<?x8xf32>, %e: tensor<1x0x2xf32>) {
  // expected-error @+2 {{failed to parse Aten_PadModeAttr parameter 'value' which is to be a `::mlir::aten::PadMode`}}
  // expected-error @+1 {{expected ::mlir::aten::PadMode to be one of: constant, reflect, replicate}}
  %0 = aten.pad %x pad [1, 1] mode <wrap> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{weight must be [num_embeddings, embedding_dim], got rank 3}}
  %0 = aten.embedding %w3, %i : (tensor<10x4x1xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{padding_idx 10 is outside the 10 embeddings}}
  %0 = aten.embedding %w, %i {padding_idx = 10 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{result shape [3, 10] does not match the expected shape [3, 4]}}
  %0 = aten.embedding %w, %i : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x10xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{normalized_shape must have 1 to 3 entries}}
  %0 = aten.layer_norm %x normalized_shape [1, 2, 5, 8] eps(1.0e-5) : (tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{trailing input dimensions do not match normalized_shape}}
  %0 = aten.layer_norm %x normalized_shape [5] eps(1.0e-5) : (tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{weight/bias shape [5] does not match the expected shape [8]}}
  %0 = aten.layer_norm %x normalized_shape [8] weight %g5 eps(1.0e-5) : (tensor<2x5x8xf32>, tensor<5xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{eps must be positive}}
  %0 = aten.layer_norm %x normalized_shape [8] eps(0.0) : (tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %w3: tensor<10x4x1xf32>, %i: tensor<3xi64>, %x: tensor<2x5x8xf32>, %g: tensor<8xf32>, %g5: tensor<5xf32>) {
  // expected-error @+1 {{result type must equal the input type}}
  %0 = aten.layer_norm %x normalized_shape [8] eps(1.0e-5) : (tensor<2x5x8xf32>) -> tensor<2x5x1xf32>
  return
}

// -----

// Shape arithmetic overflow: an error, never a wrapped size.
func.func @f(%a: tensor<9223372036854775807xf32>) {
  // expected-error @+1 {{the concatenated size of dimension 0 overflows int64}}
  %0 = aten.cat %a, %a dim 0 : (tensor<9223372036854775807xf32>, tensor<9223372036854775807xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{the number of elements of size overflows int64}}
  %0 = aten.view %x size [4611686018427387904, 4] : tensor<1x8x2x2xf32> -> tensor<4611686018427387904x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+1 {{the number of elements of the input overflows int64}}
  %0 = aten.view %x size [-1] : tensor<4611686018427387904x4xf32> -> tensor<16xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4611686018427387904x4xf32>) {
  // expected-error @+1 {{the number of elements of the flattened dimensions overflows int64}}
  %0 = aten.flatten %x start_dim 1 end_dim 2 : tensor<2x4611686018427387904x4xf32> -> tensor<2x16xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{padding dimension 3 overflows int64}}
  %0 = aten.pad %x pad [1, 9223372036854775807] mode <constant> value(0.0) : tensor<1x8x2x2xf32> -> tensor<1x8x2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x8xf32>, %b: tensor<2x8x4xf32>) {
  // expected-error @+1 {{'aten.bmm' op lhs must be 3-d, got rank 2}}
  %0 = aten.bmm %a, %b : (tensor<4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x8xf32>, %b: tensor<2x8xf32>) {
  // expected-error @+1 {{'aten.bmm' op rhs must be 3-d, got rank 2}}
  %0 = aten.bmm %a, %b : (tensor<2x4x8xf32>, tensor<2x8xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x8xf32>, %b: tensor<3x8x4xf32>) {
  // expected-error @+1 {{batch sizes differ: 2 vs 3}}
  %0 = aten.bmm %a, %b : (tensor<2x4x8xf32>, tensor<3x8x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x8xf32>, %b: tensor<2x7x4xf32>) {
  // expected-error @+1 {{inner dimensions differ: 8 vs 7}}
  %0 = aten.bmm %a, %b : (tensor<2x4x8xf32>, tensor<2x7x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x8xf32>, %b: tensor<2x8x4xf32>) {
  // expected-error @+1 {{result shape [2, 4, 5] does not match the expected shape [2, 4, 4]}}
  %0 = aten.bmm %a, %b : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{approximate must be "none" or "tanh", got "erf"}}
  %0 = aten.gelu %x {approximate = "erf"} : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{dim 2 is out of range for rank 2}}
  %0 = aten.softmax %x dim 2 : tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'aten.softmax' op requires an input of rank >= 1}}
  %0 = aten.softmax %x dim 0 : tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'aten.div_scalar' op does not take alpha}}
  %0 = aten.div_scalar %x, 2.0 alpha(2.0) : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'aten.slice' op requires an input of rank >= 1}}
  %0 = aten.slice %x dim 0 start 0 end 0 step 1 : tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{dim -3 is out of range for rank 2}}
  %0 = aten.slice %x dim -3 start 0 end 1 step 1 : tensor<2x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{step must be >= 1, got 0}}
  %0 = aten.slice %x dim 1 start 0 end 4 step 0 : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{requires 0 <= start <= end, got start 5 and end 4}}
  %0 = aten.slice %x dim 1 start 5 end 4 step 1 : tensor<2x8xf32> -> tensor<2x0xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{end 9 exceeds the size 8 of dimension 1}}
  %0 = aten.slice %x dim 1 start 0 end 9 step 1 : tensor<2x8xf32> -> tensor<2x9xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{result shape [2, 4] does not match the expected shape [2, 3]}}
  %0 = aten.slice %x dim 1 start 0 end 8 step 3 : tensor<2x8xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{size has 1 entries, fewer than the input's rank 2}}
  %0 = aten.expand %x size [8] : tensor<1x8xf32> -> tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{new leading dimension 0 must have a size >= 0, got -1}}
  %0 = aten.expand %x size [-1, 1, 8] : tensor<1x8xf32> -> tensor<1x1x8xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{size entries must be >= -1, got -2}}
  %0 = aten.expand %x size [-2, 8] : tensor<1x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{cannot expand dimension 1 of size 8 to 4}}
  %0 = aten.expand %x size [2, 4] : tensor<1x8xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x8xf32>) {
  // expected-error @+1 {{result shape [3, 8] does not match the expected shape [2, 8]}}
  %0 = aten.expand %x size [2, 8] : tensor<1x8xf32> -> tensor<3x8xf32>
  return
}
