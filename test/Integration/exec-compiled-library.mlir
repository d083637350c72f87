// Executable test: a model compiled ahead of time (quant-compile) and run
// through the C API by quant-run gives the JIT's outputs exactly, on each
// lowering the host runs; the library holds the lowering, target and thread
// count it was compiled for, and quant-run refuses the compile-time options
// for it. The model quantizes a float input, runs a per-channel conv-relu
// and returns the dequantized float output and the int8 one.
// RUN: rm -rf %t && mkdir -p %t
// The input, from the module's own input function.
// RUN: quant-run %s --entry make_input --output-dir %t/in
// RUN: quant-run %s --input %t/in/output_0.npy --output-dir %t/jit
// RUN: quant-compile %s -o %t/reference.so --header %t/reference.h | FileCheck %s --check-prefix=COMPILE
// RUN: quant-run %t/reference.so --input %t/in/output_0.npy --compare %t/jit --benchmark 3 | FileCheck %s --check-prefixes=LIB,SAME
// RUN: FileCheck %s --check-prefix=HEADER < %t/reference.h
// A library's kernels carry no timing calls: --profile refuses it.
// RUN: not quant-run %t/reference.so --benchmark 1 --profile 2>&1 | FileCheck %s --check-prefix=PROFILE-SO
// PROFILE-SO: error: --profile times the kernels of an MLIR model as quant-run compiles it; '{{.+}}reference.so' is a compiled library (compiled without timing calls)
// RUN: quant-compile %s -o %t/xnnpack.so --lowering xnnpack
// RUN: quant-run %t/xnnpack.so --input %t/in/output_0.npy --output-dir %t/xnnpack | FileCheck %s --check-prefix=XNNPACK
// RUN: quant-run %s --lowering xnnpack --input %t/in/output_0.npy --compare %t/xnnpack | FileCheck %s --check-prefix=SAME
// RUN: quant-compile %s -o %t/vector.so --lowering vector --num-threads 2
// RUN: quant-run %t/vector.so --num-threads 2 --input %t/in/output_0.npy --output-dir %t/vector | FileCheck %s --check-prefix=VECTOR
// RUN: quant-run %s --lowering vector --num-threads 2 --input %t/in/output_0.npy --compare %t/vector | FileCheck %s --check-prefix=SAME
// RUN: %if onednn-exact %{ quant-compile %s -o %t/onednn.so --lowering onednn && quant-run %t/onednn.so --input %t/in/output_0.npy --output-dir %t/onednn && quant-run %s --lowering onednn --input %t/in/output_0.npy --compare %t/onednn | FileCheck %s --check-prefix=SAME %}
// Compile-time options belong to quant-compile; wrong inputs are refused.
// RUN: not quant-run %t/vector.so --lowering onednn --input %t/in/output_0.npy 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not quant-run %t/vector.so --input %t/jit/output_1.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not quant-run %t/vector.so 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not quant-compile %s -o %t/bad.so --lowering fastest 2>&1 | FileCheck %s --check-prefix=BADLOWERING
// RUN: not quant-compile %s -o %t/bad.so --target-isa avx9 2>&1 | FileCheck %s --check-prefix=BADISA
// RUN: not quant-compile %s -o %t/bad.so --entry nope 2>&1 | FileCheck %s --check-prefix=NOENTRY
// RUN: not quant-compile %s 2>&1 | FileCheck %s --check-prefix=USAGE

// COMPILE: wrote {{.+}}reference.so (lowering reference, target {{[a-z0-9]+}}, 1 thread, compile {{[0-9.]+}} ms)
// LIB: library: lowering reference, target {{[a-z0-9]+}}, compiled for 1 thread
// LIB: benchmark: 3 runs after 3 warm-up
// SAME: output 0: max |difference| 0.000000e+00 of 216
// SAME: output 1: max |difference| 0, histogram {{.}}0: 216{{.}} of 216, {{[1-9][0-9]+}} distinct reference values
// HEADER: #define REFERENCE_NUM_INPUTS 1
// HEADER: #define REFERENCE_INPUT_0_DTYPE QPT2E_F32
// HEADER: #define REFERENCE_INPUT_0_SHAPE {{.}}1, 4, 6, 6{{.}}
// HEADER: #define REFERENCE_NUM_OUTPUTS 2
// HEADER: #define REFERENCE_OUTPUT_1_DTYPE QPT2E_I8
// XNNPACK: library: lowering xnnpack
// VECTOR: library: lowering vector, target {{[a-z0-9]+}}, compiled for 2 threads
// OPTION: error: '{{.+}}vector.so' is a compiled model library: --lowering, --target-isa, --pipeline, --calibrate-dir and --stats-in belong to quant-compile or to a run of the .mlir
// DTYPE: error: input 0 has dtype int8 but the model's is float32
// COUNT: error: '{{.+}}vector.so' takes 1 inputs, 0 given
// BADLOWERING: error: unknown --lowering 'fastest'
// BADISA: error: unknown target-isa 'avx9'
// NOENTRY: error: no function 'nope'
// USAGE: error: usage: quant-compile <model.mlir> -o <model.so> [options]

func.func @make_input() -> tensor<1x4x6x6xf32> {
  %x = arith.constant dense<[[[[0.7509999871253967, 2.382999897003174, 1.6540000438690186, -1.6490000486373901, -1.1990000009536743, 2.240999937057495], [-2.9679999351501465, 1.9270000457763672, 1.781999945640564, -0.19200000166893005, -1.1820000410079956, -1.3289999961853027], [-1.4709999561309814, -0.33000001311302185, 0.027000000700354576, 0.32100000977516174, 2.9730000495910645, 1.75600004196167], [0.7329999804496765, 2.934000015258789, -1.7079999446868896, -2.0390000343322754, 0.675000011920929, -2.7360000610351562], [-2.7860000133514404, 0.08900000154972076, -0.2029999941587448, 2.503000020980835, 0.7749999761581421, 0.08500000089406967], [-0.01899999938905239, -1.5149999856948853, -2.928999900817871, -1.8459999561309814, 1.1519999504089355, -1.7960000038146973]], [[-0.7829999923706055, -2.9779999256134033, 1.9800000190734863, -2.072999954223633, -1.3940000534057617, 2.2820000648498535], [0.05900000035762787, 2.0829999446868896, 0.8379999995231628, 1.4509999752044678, -2.4509999752044678, 0.24699999392032623], [0.04699999839067459, 2.2279999256134033, -0.8320000171661377, 0.5889999866485596, -2.6440000534057617, -0.6740000247955322], [-1.062000036239624, -2.0989999771118164, 1.8980000019073486, -0.7229999899864197, 2.871999979019165, 0.5400000214576721], [0.6299999952316284, 0.828000009059906, 1.059000015258789, -2.0950000286102295, -0.3580000102519989, -1.562999963760376], [-0.5849999785423279, -2.4200000762939453, 2.806999921798706, -1.7100000381469727, 1.031000018119812, -1.1970000267028809]], [[2.24399995803833, 0.9729999899864197, -2.2100000381469727, 2.069999933242798, 2.6700000762939453, 2.4240000247955322], [0.4180000126361847, -2.127000093460083, -1.8450000286102295, 2.566999912261963, 0.3140000104904175, -1.9170000553131104], [2.303999900817871, 0.8489999771118164, 0.4180000126361847, -0.7419999837875366, -0.5339999794960022, -1.562999963760376], [-2.7720000743865967, 2.256999969482422, -0.1940000057220459, 0.28600001335144043, -1.0670000314712524, 1.5080000162124634], [-2.8489999771118164, -0.7670000195503235, -2.818000078201294, -2.263000011444092, 2.802999973297119, 0.9470000267028809], [-0.4309999942779541, 0.1420000046491623, 2.236999988555908, -0.9350000023841858, 0.5419999957084656, 1.1019999980926514]], [[-0.8679999709129333, 0.11500000208616257, 1.590999960899353, 2.4549999237060547, -2.0940001010894775, 2.6010000705718994], [-2.9690001010894775, 1.5180000066757202, 1.8630000352859497, -2.178999900817871, -0.4869999885559082, 1.8919999599456787], [-2.9140000343322754, 0.7710000276565552, 1.7580000162124634, 0.07800000160932541, 1.3550000190734863, -1.6410000324249268], [-1.809000015258789, -0.8209999799728394, -1.9240000247955322, -0.9240000247955322, 2.688999891281128, 0.4399999976158142], [-0.9599999785423279, -1.371000051498413, 2.7119998931884766, -0.3330000042915344, 2.881999969482422, 0.09300000220537186], [0.12700000405311584, 2.378999948501587, 1.4570000171661377, 0.48399999737739563, -0.4399999976158142, 2.2690000534057617]]]]> : tensor<1x4x6x6xf32>
  return %x : tensor<1x4x6x6xf32>
}

func.func @forward(%arg0: tensor<1x4x6x6xf32>) -> (tensor<1x6x6x6xf32>, tensor<1x6x6x6xi8>) {
  %w = arith.constant dense<[[[[-32, -23, 55], [108, -103, -110], [-64, -18, -86]], [[5, 11, 115], [63, -63, 73], [78, 46, 45]], [[-48, 55, -93], [33, 107, 120], [-51, -43, 30]], [[-26, 59, -76], [-84, -115, -8], [-73, -51, 106]]], [[[80, 87, 24], [-99, 63, 26], [104, -5, -83]], [[24, -11, 41], [-32, -49, -96], [118, 65, -9]], [[-68, 33, -22], [34, -104, -81], [60, -112, 45]], [[-23, -127, 67], [51, 80, 101], [59, 87, -99]]], [[[107, 105, 49], [77, 62, 96], [99, 6, 81]], [[106, -52, -116], [-84, -120, -17], [-122, -61, -63]], [[53, -64, 115], [-80, 120, 17], [-65, -118, -50]], [[23, -100, -85], [-98, 45, -105], [-122, -11, -48]]], [[[18, 112, 91], [10, 36, 79], [-16, 40, -72]], [[28, -67, -79], [67, 19, -31], [-117, -67, 77]], [[-8, 117, 102], [90, -123, -115], [20, -41, 87]], [[-46, -88, -99], [-51, 32, -95], [76, -50, -48]]], [[[42, 93, -16], [76, -50, -95], [84, 68, 64]], [[98, 0, -77], [22, 19, -29], [35, -60, 28]], [[75, -103, -12], [41, -114, 34], [105, 83, 47]], [[77, -35, -44], [-106, 57, -47], [94, -9, 100]]], [[[-92, -86, -39], [-121, -2, 38], [41, -73, -86]], [[16, 34, 113], [101, -31, -86], [-63, 97, -11]], [[126, 40, 24], [-102, 23, -30], [88, -93, -79]], [[41, 46, 84], [6, -31, -49], [-33, 42, 10]]]]> : tensor<6x4x3x3xi8>
  %b = arith.constant dense<[0.5, -1.0, 0.25, 2.0, -0.75, 0.0]> : tensor<6xf32>
  %qx = quant_pt2e.quantize %arg0 scales([0.025]) zero_points([2]) range(-128, 127) : tensor<1x4x6x6xf32> -> tensor<1x4x6x6xi8>
  %dx = quant_pt2e.dequantize %qx scales([0.025]) zero_points([2]) range(-128, 127) : tensor<1x4x6x6xi8> -> tensor<1x4x6x6xf32>
  %dw = quant_pt2e.dequantize %w axis(0) scales([0.002, 0.004, 0.003, 0.001, 0.0025, 0.005]) zero_points([0, 0, 0, 0, 0, 0]) range(-127, 127) : tensor<6x4x3x3xi8> -> tensor<6x4x3x3xf32>
  %c = aten.convolution %dx, %dw, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x4x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %r = aten.relu %c : tensor<1x6x6x6xf32>
  %q = quant_pt2e.quantize %r scales([0.02]) zero_points([-128]) range(-128, 127) : tensor<1x6x6x6xf32> -> tensor<1x6x6x6xi8>
  %y = quant_pt2e.dequantize %q scales([0.02]) zero_points([-128]) range(-128, 127) : tensor<1x6x6x6xi8> -> tensor<1x6x6x6xf32>
  return %y, %q : tensor<1x6x6x6xf32>, tensor<1x6x6x6xi8>
}
