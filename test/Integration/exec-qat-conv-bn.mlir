// Executable QAT flow: annotate (QAT) -> quant-pt2e-qat-conv-bn -> prepare
// -> two training-mode forwards (the second continues from the first's
// state through --stats-in) -> fold the trained batch norm -> convert.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-opt %s --quant-pt2e-annotate='qat=true per-channel=true' --quant-pt2e-qat-conv-bn --quant-pt2e-prepare -o %t/prepared.mlir
// RUN: FileCheck %s --check-prefix=PREPARED --input-file %t/prepared.mlir
// RUN: quant-run %t/prepared.mlir --output-dir %t/step1 --stats-out %t/step1.json | FileCheck %s --check-prefix=FORWARD
// RUN: FileCheck %s --check-prefix=STEP1 --input-file %t/step1.json
// RUN: quant-run %t/prepared.mlir --stats-in %t/step1.json --stats-out %t/step2.json
// RUN: FileCheck %s --check-prefix=STEP2 --input-file %t/step2.json
// RUN: quant-opt %t/prepared.mlir --quant-pt2e-qat-fold-conv-bn=stats=%t/step2.json --quant-pt2e-convert=stats=%t/step2.json | FileCheck %s --check-prefix=CONVERTED
// RUN: not quant-opt %t/prepared.mlir --quant-pt2e-convert=stats=%t/step2.json 2>&1 | FileCheck %s --check-prefix=UNFOLDED

// Fake quantize on the input, the scaled weight (per channel) and the batch
// norm's output; the batch norm is training state 0.
// PREPARED: quant_pt2e.fake_quantize %{{.+}} spec(<int8, [-128, 127], per_tensor_affine
// PREPARED: %[[WS:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<1x1x1x1xf32>, tensor<1xf32>)
// PREPARED: arith.mulf
// PREPARED: quant_pt2e.fake_quantize %[[WS]] spec(<int8, [-127, 127], per_channel_symmetric, ch_axis = 0
// PREPARED: aten.convolution {{.*}}quant_pt2e.qat_conv_bn
// PREPARED: aten.batch_norm_training {{.*}}quant_pt2e.state_id = 0
// PREPARED: quant_pt2e.fake_quantize

// FORWARD: wrote {{.+}}output_0.npy [1, 1, 2, 2]
// FORWARD: (3 observers, 1 running statistics, 1 samples)

// x = [0, 1, 2, 3.984375] (exact on the input fake quant's grid: scale
// 2^-6) through a 1x1 conv of weight 1: batch mean 1.74609375, unbiased
// variance 2.89329; momentum 0.1 from (0, 1): mean 0.174609, var 1.189329.
// STEP1: "running_mean": [0.17460
// STEP1-SAME: "running_var": [1.18932
// Second step from the first's state: the scale factor is now
// 1 / sqrt(1.189329), the weight's fake quant keeps its moving-average max
// 0.999995 -> 0.99917, so the scaled weight 0.917 fake-quantizes to
// 233 * 0.99917 / 254 and the batch mean becomes 1.74527:
// 0.9 * 0.174609 + 0.1 * 1.74527.
// STEP2: "running_mean": [0.33168

// Converted: the (constant) input folded to int8 with its dequantize, the
// folded weight as int8 constant with per-channel dequantize, the folded
// bias, the conv, output Q/DQ; no training ops or dead constants left.
// CONVERTED: %[[X:.+]] = arith.constant dense_resource<quantized_0> : tensor<1x1x2x2xi8>
// CONVERTED: quant_pt2e.dequantize %[[X]] scales([1.562500e-02]) zero_points([-128])
// CONVERTED-NOT: zero_bias
// CONVERTED: %[[W:.+]] = arith.constant dense_resource<quantized_1> : tensor<1x1x1x1xi8>
// CONVERTED: %[[DW:.+]] = quant_pt2e.dequantize %[[W]] axis(0)
// CONVERTED: %[[B:.+]] = arith.constant dense_resource<folded_bias>
// CONVERTED: aten.convolution %{{.+}}, %[[DW]], %[[B]]
// CONVERTED-NOT: qat_conv_bn
// CONVERTED: quant_pt2e.quantize
// CONVERTED: quant_pt2e.dequantize
// CONVERTED-NOT: batch_norm
// CONVERTED-NOT: fake_quantize
// CONVERTED-NOT: linalg.generic
// CONVERTED: return

// UNFOLDED: error: is a QAT conv-bn: fold the trained batch norm first (quant-pt2e-qat-fold-conv-bn)

func.func @forward() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[0.0, 1.0], [2.0, 3.984375]]]]> : tensor<1x1x2x2xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.0> : tensor<1xf32>
  %m = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<1.0> : tensor<1xf32>
  %beta = arith.constant dense<0.0> : tensor<1xf32>
  %0 = aten.convolution %x, %w, %b stride [1, 1] padding [0, 0] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1:3 = aten.batch_norm_training %0 mean %m var %v weight %g bias %beta momentum(0.1) eps(1.0e-5) : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>)
  return %1#0 : tensor<1x1x2x2xf32>
}
