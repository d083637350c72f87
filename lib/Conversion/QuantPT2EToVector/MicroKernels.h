//===- MicroKernels.h - register-tiled int8 kernels per ISA -----*- C++ -*-===//
//
// The compiler's own int8 convolution kernels, emitted as MLIR (scf loops,
// vector ops and, on x86, the dot-product intrinsics through
// llvm.call_intrinsic). Weights are packed here, at compile time, into the
// kernel's panel layout as module constants, with the per-channel
// requantization multipliers, biases and zero-point corrections. See
// docs/VectorCodegen.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_LIB_CONVERSION_QUANTPT2ETOVECTOR_MICROKERNELS_H
#define QUANT_PT2E_LIB_CONVERSION_QUANTPT2ETOVECTOR_MICROKERNELS_H

#include "quant-pt2e/Target/TargetISA.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <vector>

namespace mlir::quant_pt2e::vec {

/// The dot-product scheme of a kernel: how many output channels one vector
/// holds (`lanes`), how many input channels one lane sums per instruction
/// (`group`), and the element type the activations are prepared in.
struct KernelISA {
  enum Kind {
    VPDPWSSD512, ///< zmm, int16 pairs (vpdpwssd with AVX-512 VNNI)
    PMADDWD512,  ///< zmm, int16 pairs (vpmaddwd + vpaddd, AVX-512 BW)
    PMADDWD256,  ///< ymm, int16 pairs (vpmaddwd + vpaddd, AVX2)
    Generic,     ///< 8 lanes, int16 pairs, no x86 assumption
  } kind;
  /// Output channels per vector; input channels summed per lane and step.
  int64_t lanes, group = 2;
  /// Register tile: output pixels x output-channel vectors.
  int64_t tilePixels, tileBlocks;

  static KernelISA forTarget(const qpt2e::TargetISA &isa);
  const char *name() const;
};

/// A convolution in NHWC with its weights as host data: what one kernel
/// computes. A linear layer is the 1x1 case with H = 1 and W = M rows.
struct ConvProblem {
  int64_t n, c, h, w, o, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw;
  int64_t srcZp, dstZp, actMin, actMax;
  bool srcUnsigned;
  float srcScale, dstScale;
  std::vector<float> weightScales; ///< one, or one per output channel
  std::vector<int8_t> weights;     ///< OIHW
  std::vector<float> bias;         ///< empty or o values
};

/// The padded shapes the kernel reads and writes.
struct KernelShapes {
  int64_t cp;     ///< input channels padded to the ISA's group
  int64_t hp, wp; ///< spatially padded input
  int64_t op;     ///< output channels padded to the ISA's lanes
};

KernelShapes kernelShapes(const ConvProblem &p, const KernelISA &isa);

/// Emits `func.func private @<name>(%x: memref<N x Hp x Wp x Cp x i16>,
/// %y: memref<N x OH x OW x Op x i8>)` and its constant globals into
/// `module`. `threads` > 1 makes the pixel-tile loop an scf.parallel.
func::FuncOp emitConvKernel(OpBuilder &b, ModuleOp module, Location loc,
                            StringRef name, const ConvProblem &p,
                            const KernelISA &isa, unsigned threads);

} // namespace mlir::quant_pt2e::vec

#endif // QUANT_PT2E_LIB_CONVERSION_QUANTPT2ETOVECTOR_MICROKERNELS_H
