//===- Passes.td - quant-pt2e conversion passes ------------*- tablegen -*-===//

#ifndef QUANT_PT2E_CONVERSION_PASSES_TD
#define QUANT_PT2E_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAtenToLinalg : Pass<"convert-aten-to-linalg", "func::FuncOp"> {
  let summary = "Lower aten ops to linalg, tensor, arith and math (float)";
  let description = [{
    Rewrites every `aten` op into tensor-level upstream IR with PyTorch's
    float semantics: convolutions become linalg named convolutions
    (`linalg.conv_2d_nchw_fchw`, `linalg.depthwise_conv_2d_nchw_chw`,
    `linalg.conv_2d_ngchw_gfchw`; 1-d convolutions go through the 2-d forms
    with a unit dimension, transposed convolutions through a zero-inserted,
    padded input and a flipped kernel), matrix products become
    `linalg.matmul`, pooling `linalg.pooling_nchw_max` / `_sum`, element-wise
    ops `linalg.generic` with broadcasting maps, layout ops `tensor` ops.
    Batch norm (both forms) and layer norm become reductions and
    element-wise generics; embedding and reflect / replicate padding become
    generics that read their input at computed indices. An op with a form
    the lowering does not handle (grouped transposed or 3-d convolution,
    dynamic shapes) stays and the pass fails naming it.

    Example:

    ```mlir
    %y = aten.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.maximumf %in, %cst : f32
      linalg.yield %0 : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "arith::ArithDialect", "cf::ControlFlowDialect", "linalg::LinalgDialect",
    "math::MathDialect", "tensor::TensorDialect"
  ];
}

def ConvertQuantPT2EToLinalg
    : Pass<"convert-quant-pt2e-to-linalg", "ModuleOp"> {
  let summary = "Reference lowering of quantize / dequantize with PyTorch's "
                "exact numerics";
  let description = [{
    Rewrites `quant_pt2e.quantize` and `quant_pt2e.dequantize` (static or
    dynamic qparams, per tensor or per channel) into `linalg.generic` ops
    computing exactly what PyTorch 1.13's quantize_val / dequantize_val do:

    * quantize: `r = roundeven(x * (1.0f / scale))` (float32 reciprocal,
      ties to even), `v = float(zero_point) + r`, then the int64 cast and the
      clamp to `[quant_min, quant_max]`; a NaN, an infinity or a value beyond
      int64 becomes `quant_min`, as x86 PyTorch's cast yields INT64_MIN;
    * dequantize: `float(q - zero_point) * scale` with the subtraction in
      int32 (wrapping for qint32 near its limits, as dequantize_val does).

    `quant_pt2e.choose_qparams` becomes a min / max reduction over the
    whole tensor (NaN-propagating, as torch.aminmax) followed by the scalar
    MinMax formula of the quantization-math library, computed in float32:
    `scale = max((max(hi, 0) - min(lo, 0)) / float(qmax - qmin), eps)` and
    `zero_point = clamp(qmin - roundeven(min(lo, 0) / scale), qmin, qmax)`
    (affine), or the symmetric form; an empty tensor gives scale 1, zero
    point 0.

    `quant_pt2e.qlookup` (formed by quant-pt2e-fuse-qdq) becomes a generic
    reading its 256-byte table at the input byte's offset from the type's
    minimum.

    Integer tensors become signless: `ui8` values are carried as `i8` bits
    and dequantize zero-extends them. Function signatures are converted
    accordingly.

    The fused quantized ops are the backend lowerings' input; in a module
    given to this pass (hand-written, or lowered for no backend) `qadd`,
    `qmul`, `qavg_pool2d` and `qcat` run as their exact reference chains
    (dequantize, the float op, the act-range clamp, quantize: the backends'
    own fallback), and a `qconv2d`, `qlinear` or `qmax_pool2d` is an error
    naming it.

    Example:

    ```mlir
    %q = quant_pt2e.quantize %x scales([0.25]) zero_points([3])
        range(-128, 127) : tensor<4xf32> -> tensor<4xi8>
    // becomes a linalg.generic with math.roundeven, arith.fptosi, clamps
    // and arith.trunci
    ```
  }];
  let dependentDialects = [
    "arith::ArithDialect", "linalg::LinalgDialect", "math::MathDialect",
    "tensor::TensorDialect"
  ];
}

def ConvertObserversToRuntime
    : Pass<"convert-quant-pt2e-observers-to-runtime", "ModuleOp"> {
  let summary = "Lower observers, fake quantize and training state to the "
                "runtime";
  let description = [{
    * Every `quant_pt2e.observer` becomes a call to the runtime's
      `qpt2e_observe` (C interface) passing the observed tensor as an
      unranked tensor, the observer id, kind, channel axis, averaging
      constant and histogram bins; the observer's result becomes its input.
      The runtime keeps one statistics state per id (see QuantRuntime.h),
      which quant-run turns into qparams after calibration.
    * Every `quant_pt2e.fake_quantize` (the QAT forward) becomes a call to
      `qpt2e_fake_quant_observe`, which updates the id's moving-average
      statistics and computes this forward's qparams (ATen's
      ChooseQuantizationParams for `fused_moving_avg_obs`, the observer's
      formula for `fake_quantize`), then `quantize` -> `dequantize` with the
      qparams read back by `qpt2e_fake_quant_scale` / `_zero_point` (a
      `tensor.generate` of them per channel).
    * An `aten.batch_norm_training` with a `quant_pt2e.state_id` keeps its
      running statistics in the public mutable globals
      `qpt2e_state_<id>_mean` / `_var` (initialized with the constants):
      read at the start of the forward by every user of the constants, the
      updated statistics copied back after the batch norm. quant-run reads
      and writes them (--stats-in / --stats-out).

    Observing ops without an id (not made by quant-pt2e-prepare) and state
    that is not a static constant are rejected.

    Example:

    ```mlir
    %o = quant_pt2e.observer %x spec(...) id(3) : tensor<1x8xf32>
    // becomes
    %u = tensor.cast %x : tensor<1x8xf32> to tensor<*xf32>
    func.call @qpt2e_observe(%u, %c3, ...) : (tensor<*xf32>, i64, i64, i64, f32, i64) -> ()
    ```
  }];
  let dependentDialects = ["arith::ArithDialect", "func::FuncDialect",
                           "tensor::TensorDialect", "memref::MemRefDialect",
                           "bufferization::BufferizationDialect"];
}

def ConvertQuantPT2EToOneDNN
    : Pass<"convert-quant-pt2e-to-onednn", "ModuleOp"> {
  let summary = "Lower fused quantized ops to oneDNN calls (weights packed "
                "once at init)";
  let description = [{
    Every `quant_pt2e.qconv2d`, `qlinear` (a 1x1 convolution) and
    `qmax_pool2d` becomes a call site: the pass creates `func.func
    @qpt2e_init()` that registers each site once with its constant weight,
    bias and parameters (`qpt2e_onednn_*_init`: the runtime builds the
    primitive and reorders the weights there) and replaces the op by a call
    that only executes the cached primitive on NHWC int8 buffers.
    Operands are transposed NCHW -> NHWC and results back, reusing the NHWC
    value of a previous site, so chains of fused ops stay NHWC and
    transposes remain only at the borders of the int8 region. `qadd`,
    `qmul`, `qavg_pool2d` and `qcat` become their reference chains
    (dequantize, the float op as linalg, clamp, quantize; element-wise ops
    and concat on the NHWC values), which the reference lowering fuses into
    loops. What goes where is oneDNN's row of BackendCapabilities. u8 and
    s8 activations are both taken (ui8 tensors travel as bytes).
    Weights and biases must be constants (the fuse pass guarantees it).

    Exactness depends on the target ISA (`target-isa`, the host by
    default; see docs/Target.md): with AVX-512 VNNI or AMX oneDNN's int8
    arithmetic is exact, so results stay within one output step of the
    reference lowering. Without VNNI its kernels multiply u8 by s8 with the
    saturating `vpmaddubsw` and halve s8 weights; the pass then warns,
    naming the cause, and the `auto` lowering does not choose oneDNN.

    Example: `quant-opt --quant-pt2e-fuse-qdq=backend=onednn
    --convert-quant-pt2e-to-onednn`, or the `quant-pt2e-onednn-to-llvm`
    pipeline.
  }];
  let options = [
    Option<"targetISA", "target-isa", "std::string", /*default=*/"\"host\"",
           "Target ISA: host, generic, avx2, avxvnni, avx512, avx512vnni "
           "or amx (decides whether the convolutions are exact)">
  ];
  let dependentDialects = [
    "arith::ArithDialect", "bufferization::BufferizationDialect",
    "func::FuncDialect", "linalg::LinalgDialect", "memref::MemRefDialect",
    "tensor::TensorDialect"
  ];
}

def ConvertQuantPT2EToXNNPACK
    : Pass<"convert-quant-pt2e-to-xnnpack", "ModuleOp"> {
  let summary = "Lower fused quantized ops to XNNPACK operators (weights "
                "packed once at init)";
  let description = [{
    Every `quant_pt2e.qconv2d` (qs8 with one weight scale, qc8 with one per
    output channel; depthwise and grouped included), `qlinear` (qs8 fully
    connected, one weight scale), `qmax_pool2d`, `qadd`, `qmul` and global
    `qavg_pool2d` becomes a call site: `func.func @qpt2e_init()` registers
    each site once (`qpt2e_xnnpack_*_init`: the runtime creates the XNNPACK
    operator there, which packs the weights and the int32 bias) and the op
    becomes a call that only sets up and runs the operator on the thread
    pool (`qpt2e_xnnpack_run` / `run2`). Activations are NHWC inside the
    int8 region: operands are transposed from NCHW and results back,
    reusing a previous site's NHWC value, so transposes remain only at the
    borders. Non-global average pooling and `qcat` become their reference
    chains (on NHWC values for concat), as linalg. What goes where is
    XNNPACK's row of BackendCapabilities: a conv or linear it does not take
    (ui8 activations, per-channel linear, residual sums, post-ops) is an
    error that says why; `quant-pt2e-fuse-qdq{backend=xnnpack}` leaves such
    layers unfused, so they run on the reference path.

    Example: `quant-opt --quant-pt2e-fuse-qdq=backend=xnnpack
    --convert-quant-pt2e-to-xnnpack`, or the `quant-pt2e-xnnpack-to-llvm`
    pipeline.
  }];
  let dependentDialects = [
    "arith::ArithDialect", "bufferization::BufferizationDialect",
    "func::FuncDialect", "linalg::LinalgDialect", "memref::MemRefDialect",
    "tensor::TensorDialect"
  ];
}

def ConvertQuantPT2EToVector
    : Pass<"convert-quant-pt2e-to-vector", "ModuleOp"> {
  let summary = "Lower fused quantized ops to the compiler's own vectorized "
                "int8 micro-kernels (weights packed at compile time)";
  let description = [{
    Every `quant_pt2e.qconv2d` (any groups, kernel size, stride, padding
    and dilation) and `qlinear` (per tensor or per channel) becomes a call
    of a kernel function generated in this module: a direct convolution on
    NHWC activations (no im2col) in `scf`, `vector` and, for amx targets,
    upstream MLIR's `amx` dialect. Schemes per target ISA: AMX int8 tiles
    (`tdpbssd`, `tdpbusd` for ui8 inputs; int8 activations padded with
    their zero point, removed by a per-channel weight-sum correction in
    int32) for amx targets wherever groups is 1 and a reduction segment has at least 16
    contiguous bytes; otherwise register-tiled int16 pair dot products
    (`x - zp` prepared as int16, weights as int16 pairs) that LLVM selects
    as `vpdpwssd` (avx512vnni), `vpmaddwd` + `vpaddd` (avx512 zmm, avx2
    ymm), never the saturating `vpmaddubsw`, and plain `vector` arithmetic
    for any other target. The weights are packed at compile time into the
    kernel's layout as `memref.global` constants, with the requantization
    multipliers `s_x s_w[c] / s_y`, the biases `b[c] / s_y` and the
    corrections: nothing is packed at initialization or per inference
    (the AMX tile permission is requested once, in `qpt2e_init`).
    The epilogue requantizes with round half to even, clamps to the act
    range and adds the output zero point. A kernel's input form (padding,
    int16 `x - zp` or u8 bytes) is written by a generated input function,
    or, where the input is the output of a convolution kernel whose
    qconv2d (or max pool) readers share one layout, by that kernel's
    epilogue (plus a border function for the padding): no pass over the
    tensor between them; an input function reads a kernel's output padded
    to its vectors in place. AMX kernels compute blocks of two by two
    16 x 64-byte tiles (all eight tile registers), every tile 16 rows. Chains of fused ops stay NHWC
    (transposes only at the int8 region's borders); `qadd`, `qmul`,
    `qavg_pool2d` and `qcat` become their exact reference chains on the
    NHWC values.

    Example: `quant-opt --quant-pt2e-fuse-qdq=backend=vector
    --convert-quant-pt2e-to-vector=target-isa=avx2`, or the
    `quant-pt2e-vector-to-llvm` pipeline.
  }];
  let options = [
    Option<"targetISA", "target-isa", "std::string", /*default=*/"\"host\"",
           "Target ISA: host, generic, avx2, avxvnni, avx512, avx512vnni "
           "or amx (selects the micro-kernel scheme)">,
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "Threads the channel x pixel tiles of each kernel are split "
           "across (scf.parallel, OpenMP after lowering)">,
    Option<"profile", "profile", "bool", /*default=*/"false",
           "Time every kernel and input function call (not the "
           "residual's channel padding, nor the border of an input form "
           "a kernel writes) "
           "(qpt2e_profile_clock / qpt2e_profile_record of the runtime; "
           "quant-run --profile prints the figures per kernel)">
  ];
  let dependentDialects = [
    "arith::ArithDialect", "bufferization::BufferizationDialect",
    "func::FuncDialect", "linalg::LinalgDialect", "LLVM::LLVMDialect",
    "math::MathDialect", "memref::MemRefDialect", "scf::SCFDialect",
    "tensor::TensorDialect", "vector::VectorDialect", "amx::AMXDialect",
    "::mlir::qpt2e_x86::QPT2EX86Dialect"
  ];
}

#endif // QUANT_PT2E_CONVERSION_PASSES_TD
