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
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::quant_pt2e::vec {

/// The dot-product scheme of a kernel: how many output channels one vector
/// holds (`lanes`), how many input channels one lane sums per instruction
/// (`group`), and the element type the activations are prepared in.
struct KernelISA {
  enum Kind {
    VPDPBUSD512, ///< zmm, u8 x s8 quads (vpdpbusd, AVX-512 VNNI)
    VPDPBUSD256, ///< ymm, u8 x s8 quads (vpdpbusd, AVX-VNNI)
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
  /// Activations as u8 bytes (s8 shifted by 128) and weights as s8 quads,
  /// else int16 x - zp and int16 pairs.
  bool bytes() const { return group == 4; }
};

/// How a kernel wants its input: an NHWC int8 tensor [n, h, w, c] placed
/// at (top, left) of an [n, hp, wp, cp] buffer, every other element (the
/// spatial padding, channels c..cp) set to `fill`. As int8 the bytes are
/// copied (`fill` is the zero point's byte); as int16 each element becomes
/// x - zp (sign- or zero-extended) and `fill` is 0.
struct ActivationLayout {
  int64_t n, h, w, c, hp, wp, cp, top, left;
  bool int16, srcUnsigned;
  int64_t zp, fill;
  /// int8 only: s8 bytes shifted to u8 (x + 128, the sign bit flipped).
  bool toUnsigned = false;
  /// The input function's source: channels per pixel (0: c). A kernel's
  /// output padded to its vectors is read in place, its first c channels.
  int64_t srcStride = 0;
  /// int8 only (the AMX stems): the padded image stored as 2 x 2 pixel
  /// blocks, padded pixel (y, x) channel ic at (y / 2, x / 2, ((y % 2) * 2
  /// + x % 2) * c + ic) of the [n, hp, wp, cp = 4 c] buffer (hp and wp in
  /// blocks); top and left stay in pixels. Only input functions write it.
  bool spaceToDepth = false;
};

/// The element form of `v` (int8 bits, scalar or vector) in layout `l`:
/// int16 x - zp (sign- or zero-extended), the bytes with the sign bit
/// flipped (`toUnsigned`), or the bytes themselves.
Value convertActivation(OpBuilder &b, Location loc, const ActivationLayout &l,
                        Value v);
/// What a kernel writes. `nhwc`: the NHWC int8 output (argument y).
/// `form`: fused into the epilogue, the next kernel's input form, so that
/// no separate input function reads the output again: output element
/// (n, oh, ow, c) goes to (n, top + oh, left + ow, c) of an [n, hp, wp, cp]
/// buffer (cp at least the kernel's padded output channels), converted as
/// the layout says; the rest is filled by emitBorderKernel.
struct KernelOutputs {
  bool nhwc = true;
  std::optional<ActivationLayout> form;
};
/// The memref type of a layout's buffer: [n, hp, wp, cp] of i16 or i8.
MemRefType layoutType(OpBuilder &b, const ActivationLayout &l);
/// A convolution in NHWC with its weights as host data: what one kernel
/// computes. A linear layer is the 1x1 case with H = 1 and W = M rows.
struct ConvProblem {
  int64_t n, c, h, w, o, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw;
  int64_t groups = 1;
  int64_t srcZp, dstZp, actMin, actMax;
  bool srcUnsigned;
  float srcScale, dstScale;
  std::vector<float> weightScales; ///< one, or one per output channel
  std::vector<int8_t> weights;     ///< OIHW
  std::vector<float> bias;         ///< empty or o values
  /// The conv result quantized first (the XNNPACK quantizer's conv-add):
  /// round(acc * M_mid + B_mid) clamped to [midMin, midMax] - midZp, in
  /// steps of midScale.
  bool hasMid = false;
  float midScale = 1.0f;
  int64_t midZp = 0, midMin = 0, midMax = 0;
  /// A residual sum: + (resScale / dstScale) * (res - resZp), the residual
  /// an NHWC int8 tensor of the output's shape (conv-add(-relu) as one
  /// kernel).
  bool hasResidual = false, resUnsigned = false;
  float resScale = 1.0f;
  int64_t resZp = 0;
  /// A float post-op on the real result (linear -> leaky_relu / tanh):
  /// quant-pt2e/Runtime/SiteParams.h's QPT2E_POST_OP_*.
  int64_t postOp = 0;
  float postAlpha = 0.0f;
  /// Whether every real result in output steps, |acc| M + |B| (+ the
  /// residual's), stays below 2^30 for any input: then the epilogue rounds
  /// to int32 first and clamps in integers (requantizeSteps). Computed once
  /// from the weights, on first use.
  bool stepsFitInt32() const;
  mutable std::optional<bool> stepsFitCache; ///< stepsFitInt32's answer
};

/// The padded shapes the kernel reads and writes, and how its reduction
/// walks the input.
struct KernelShapes {
  int64_t cp;     ///< input channels (taps: padded to the ISA's group and
                  ///< the last window; segments: unpadded)
  int64_t hp, wp; ///< spatially padded input (segments: plus slack columns)
  int64_t op;     ///< output channels padded to the ISA's lanes
  /// Segments (groups 1, dw 1): a kernel row is one run of kw * c
  /// contiguous NHWC elements, reduced `steps` groups at a time, so a
  /// 3-channel stem wastes no channel padding and the inner loop is long.
  /// Taps otherwise: per kernel tap, `steps` groups of the output block's
  /// input channel window (all channels, or for grouped convolutions the
  /// groups the block's output channels read).
  bool segment;
  int64_t steps;
  /// Segments whose rows end mid-group (a 3-channel stem's 21-element
  /// rows): each row's whole groups are its `steps`, and the `tail`
  /// elements left in every row are gathered per pixel into `tailSteps`
  /// groups reduced after the rows (7 rows of 1 byte: 2 quads where padded
  /// rows take 7); 0 where no gather saves a step.
  int64_t tail, tailSteps;
  /// Grouped convolutions of 2 or 4 channels per group in and out (ResNeXt's
  /// 32 x 4d) on 16-lane quads: one step per tap broadcasts the block's
  /// 16-channel window as four quads, so that lane l reads quad l % 4, and
  /// lane l computes output channel 16 cb + 4 (l % 4) + l / 4, one of the
  /// quad's groups (the accumulators are put back in channel order before
  /// the epilogue): a quarter of the steps of a quad per step, every lane's
  /// products in its own group.
  bool quadLanes;
  /// Grouped convolutions: input / output channels per group (c / o with
  /// groups 1). A block of output channels starting at `oc` reads the
  /// window from (oc / cgo) * cgi.
  int64_t cgi, cgo;
  /// Output-channel vectors per register tile, pixels per tile.
  int64_t tileBlocks, tilePixels;
};

KernelShapes kernelShapes(const ConvProblem &p, const KernelISA &isa);

/// Emits `func.func private @<name>(%x: memref<N x Hp x Wp x Cp x i16 (i8
/// for u8 x s8 quads)>[, %y: memref<N x OH x OW x Op x i8>][, %res:
/// memref<N x OH x OW x Op x i8>][, %form])` and its constant globals into
/// `module` (y with `out.nhwc`, the residual argument when `p.hasResidual`,
/// the next kernel's input form with `out.form`). `threads` > 1 splits the
/// flattened channel tile x pixel tile loop into contiguous parts of an
/// scf.parallel.
func::FuncOp emitConvKernel(OpBuilder &b, ModuleOp module, Location loc,
                            StringRef name, const ConvProblem &p,
                            const KernelISA &isa, unsigned threads,
                            const KernelOutputs &out = {});

//===-- Depthwise (DepthwiseKernels.cpp) ----------------------------------===//

/// groups == input channels == output channels (channel multiplier 1).
bool isDepthwise(const ConvProblem &p);
/// The input the depthwise kernel reads: int16 x - zp, spatially padded
/// (plus, for an odd kernel width, the columns the last tap's zero partner
/// reaches), channels in blocks of two vectors; its output has `cp`
/// channels too.
struct DepthwiseShapes {
  int64_t hp, wp, cp;
};
DepthwiseShapes depthwiseShapes(const ConvProblem &p, const KernelISA &isa);

/// Emits `func.func private @<name>(%x: memref<N x Hp x Wp x Cp x i16>[,
/// %y: memref<N x OH x OW x Cp x i8>][, %res][, %form])` (depthwiseShapes):
/// a depthwise convolution on int16 x - zp activations, two taps of a row
/// per int16 pair dot product (vpmaddwd), two channel vectors at a time;
/// the outputs as for emitConvKernel.
func::FuncOp emitDepthwiseKernel(OpBuilder &b, ModuleOp module, Location loc,
                                 StringRef name, const ConvProblem &p,
                                 const KernelISA &isa, unsigned threads,
                                 const KernelOutputs &out = {});

//===-- Winograd F(2x2, 3x3) (WinogradKernels.cpp) ------------------------===//

/// Whether the exact integer Winograd kernel takes `p`: a 3x3 stride-1
/// undilated convolution with groups 1, at least 2 x 2 output pixels and
/// at most 1024 input channels (the int32 bound of 4 acc), on the int16
/// pair kernels (not the u8 x s8 quads).
bool winogradTakes(const ConvProblem &p, const KernelISA &isa);
/// The input it reads (int16 x - zp, spatially padded, channels padded to
/// 2 * lanes for the input transform's vectors), its padded output
/// channels and register tile (as kernelShapes, 2 x 2 blocks for pixels).
struct WinogradShapes {
  int64_t hp, wp, cp, op, tileBlocks, tilePixels;
};
WinogradShapes winogradShapes(const ConvProblem &p, const KernelISA &isa);

/// Emits `func.func private @<name>(%x: memref<N x Hp x Wp x Cp x i16>[,
/// %y: memref<N x OH x OW x Op x i8>][, %res][, %form])`: the convolution
/// as F(2x2, 3x3) with weights transformed and packed at compile time, the
/// same int32 accumulators as the direct kernel; the outputs as for
/// emitConvKernel. `threads` > 1 splits the chunks of output blocks.
func::FuncOp emitWinogradKernel(OpBuilder &b, ModuleOp module, Location loc,
                                StringRef name, const ConvProblem &p,
                                const KernelISA &isa, unsigned threads,
                                const KernelOutputs &out);

//===-- AMX tiles (AMXKernels.cpp) ----------------------------------------===//

/// The input an AMX kernel reads: int8 NHWC with the spatial padding (and
/// a few extra rows at the bottom, slack for the last 64-byte chunk) filled
/// with the input zero point, channels unpadded; for stride-2 convolutions
/// on few channels (stems), the same padded image as 2 x 2 pixel blocks of
/// 4 c channels (ActivationLayout::spaceToDepth), on which the convolution
/// is a stride-1 one with ceil(k / 2) taps per side and fewer 64-byte chunks
/// per output (ResNet's 7x7/2 stem: 4 for 7).
struct AMXShapes {
  int64_t hp, wp; ///< padded input (hp includes the slack rows)
  int64_t op;     ///< output channels padded to 16
  int64_t cp;     ///< channels per (block) pixel: c, or 4 c
  bool spaceToDepth;
};

/// Whether the AMX kernel takes `p`: groups 1 and a reduction segment (a kernel
/// row of kw * c contiguous bytes when dw == 1, else one tap of c bytes) of at
/// least 16 bytes, directly or on the 2 x 2 blocks; shorter ones waste most
/// of each 64-byte tile row.
bool amxTakes(const ConvProblem &p);
AMXShapes amxShapes(const ConvProblem &p);

/// Emits `func.func private @<name>(%x: memref<N x Hp x Wp x C x i8>[,
/// %y: memref<N x OH x OW x Op x i8>][, %res][, %form])` computing the
/// convolution on AMX tiles (tdpbssd, tdpbusd for ui8 inputs) and its
/// constant globals; the outputs as for emitConvKernel. `threads` > 1
/// splits the pixel blocks (or, for large weights, the channels) into
/// contiguous parts of an scf.parallel.
func::FuncOp emitAMXConvKernel(OpBuilder &b, ModuleOp module, Location loc,
                               StringRef name, const ConvProblem &p,
                               unsigned threads, const KernelOutputs &out);

//===-- Max pooling (PoolKernels.cpp) -------------------------------------===//

/// An integer max pooling in NHWC (input and output share qparams).
struct PoolProblem {
  int64_t n, c, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw;
  bool srcUnsigned;
};

/// The padded input the kernel reads (bottom/right rows a ceil_mode
/// window reaches included), channels padded to 16, channels per vector.
struct PoolShapes {
  int64_t hp, wp, cp, lanes;
};

PoolShapes poolShapes(const PoolProblem &p);

/// Emits `func.func private @<name>(%x: memref<N x Hp x Wp x Cp x i8>,
/// %y: memref<N x OH x OW x Cp x i8>)`: the element-wise maximum of each
/// window's channel vectors. `threads` > 1 splits the output rows.
func::FuncOp emitMaxPoolKernel(OpBuilder &b, ModuleOp module, Location loc,
                               StringRef name, const PoolProblem &p,
                               unsigned threads);

//===-- Activation preparation (ActivationPrep.cpp) -----------------------===//

/// Emits `func.func private @<name>(%src: memref<n x h x w x c x i8>,
/// %dst: memref<n x hp x wp x cp x i8|i16>)` that fills `dst` as described,
/// with 64-byte vector loads and stores over the contiguous runs;
/// `threads` > 1 splits the image rows.
func::FuncOp emitPrepareKernel(OpBuilder &b, ModuleOp module, Location loc,
                               StringRef name, const ActivationLayout &l,
                               unsigned threads);
/// Emits `func.func private @<name>(%dst: memref<n x hp x wp x cp x i8|i16>)`
/// that fills every element of `dst` outside the interior [top, top + h) x
/// [left, left + w) rows and columns, and the channels [written, cp) of the
/// interior pixels, with `fill` (the interior's first `written` channels
/// are a producing kernel's: KernelOutputs::form), or nullptr when there
/// is nothing to fill.
func::FuncOp emitBorderKernel(OpBuilder &b, ModuleOp module, Location loc,
                              StringRef name, const ActivationLayout &l,
                              int64_t written, unsigned threads);

//===-- Shared by the kernels ---------------------------------------------===//

/// Creates `func.func private @<name>(%x: xType[, %y: yType][, %res:
/// yType][, %form])` at the end of `module` (y with `out.nhwc`, form with
/// `out.form`), tagged with `qpt2e_kernel_isa = isaName`, with its entry
/// block; the builder's insertion point is left unchanged.
func::FuncOp createKernelFunc(OpBuilder &b, ModuleOp module, Location loc,
                              StringRef name, MemRefType xType,
                              MemRefType yType, bool residual,
                              StringRef isaName, const KernelOutputs &out = {});
/// The arguments of a kernel made by createKernelFunc: y, the residual and
/// the form buffer (null where absent).
struct KernelArgs {
  Value x, y, res, form;
};
KernelArgs kernelArgs(func::FuncOp fn, bool residual, const KernelOutputs &out);
/// kernelArgs, y and the residual as [n, oh * ow, op] views (the output
/// pixels in order), built at the builder's insertion point.
KernelArgs pixelArgs(OpBuilder &b, Location loc, func::FuncOp fn, bool residual,
                     const KernelOutputs &out);
/// memref.get_global of `g`.
Value getGlobal(OpBuilder &b, Location loc, memref::GlobalOp g);
/// The epilogue's stores of one output vector, `steps` from the output zero
/// point `zp` (requantizeSteps), of pixel (n, oh, ow) and channels from
/// `c`: its bytes to y at `yIndices` (with out.nhwc), and its input form
/// into the form buffer's interior (with out.form; an int16 form of the
/// same zero point is the steps themselves, no bytes in between).
void storeOutputs(OpBuilder &b, Location loc, const KernelOutputs &out,
                  const KernelArgs &args, Value steps, int64_t zp,
                  ValueRange yIndices, Value n, Value oh, Value ow, Value c);

/// The epilogue's stores of one output pixel, `pix` of the [n, oh * ow, op]
/// view args.y, whose channel vectors from `c0s[j]` are `steps[j]`: as
/// storeOutputs, the NHWC bytes of two 8-lane vectors joined in one store.
/// `oh` and `ow` (the pixel's row and column) are used by the input form.
void storePixelOutputs(OpBuilder &b, Location loc, const KernelOutputs &out,
                       const KernelArgs &args, ArrayRef<Value> steps,
                       int64_t zp, Value n, Value pix, Value oh, Value ow,
                       ArrayRef<Value> c0s);

/// acc + the int16 pair dot product of `act` and `weights` (vector<2L x
/// i16> each, acc vector<L x i32>): lane i adds act[2i] w[2i] + act[2i+1]
/// w[2i+1], exact; vpmaddwd + vpaddd on x86.
Value pairDot(OpBuilder &b, Location loc, Value acc, Value act, Value weights);
/// Packed weights above this size come from L3 or memory (each layer's are
/// read once per inference, after the other layers' have gone through the
/// caches): the kernels prefetch the next channel tile's weights into L2
/// while they reduce on the current one's.
constexpr int64_t kPrefetchWeightBytes = 64 * 1024;
/// prefetcht1 (memref.prefetch, locality 2) of element `offset` of the
/// 1-D view `flat` of a kernel's packed weights.
void prefetchToL2(OpBuilder &b, Location loc, Value flat, Value offset);
/// A 1-D view of the packed weights global `g`.
Value flatWeights(OpBuilder &b, Location loc, memref::GlobalOp g);

/// A loop over [0, count): an scf.parallel when `parallel` (an OpenMP loop
/// after lowering), else an scf.for. Leaves the builder inside its body and
/// returns the induction variable.
Value beginLoop(OpBuilder &b, Location loc, int64_t count, bool parallel);

/// The requantization constants of requantizationConstants as globals
/// `<name>_mult` and `<name>_bias` (f32, `paddedO` elements).
struct RequantGlobals {
  memref::GlobalOp mult, bias;
};
RequantGlobals requantizationGlobals(OpBuilder &b, ModuleOp module,
                                     Location loc, StringRef name,
                                     const ConvProblem &p, int64_t paddedO);

/// A private constant, 64-byte aligned memref.global `name` holding `data`.
memref::GlobalOp constantGlobal(OpBuilder &b, ModuleOp module, Location loc,
                                StringRef name, MemRefType type,
                                DenseElementsAttr data);

/// Per output channel (padded to `paddedO` with zeros): the requantization
/// multiplier M = s_x s_w / s and bias B = b / s, s the output scale (the
/// intermediate scale with `hasMid`, 1 with a float post-op, which runs on
/// real values), in float32 as the oneDNN lowering computes them.
void requantizationConstants(const ConvProblem &p, int64_t paddedO,
                             std::vector<float> &mult,
                             std::vector<float> &bias);

/// The output of an exact int32 accumulator vector in steps from the
/// output zero point (int32): float(acc) * M + B (rounded and clamped to
/// the intermediate range, then rescaled, with `hasMid`; the float post-op
/// on real values, then 1 / s_y, with `postOp`), plus (s_res / s_y) (res -
/// zp_res) for the residual bytes `res` (with `hasResidual`), clamped to
/// the act range, rounded half to even (PyTorch's nearbyint). Where the
/// steps fit in int32 (ConvProblem::stepsFitInt32) the clamp follows the
/// rounding, on integers: the same values, as the bounds are integers.
Value requantizeSteps(OpBuilder &b, Location loc, Value acc, Value mult,
                      Value bias, const ConvProblem &p, Value res = {});
/// steps + zp truncated to 8 bits: the output bytes.
Value stepsToBytes(OpBuilder &b, Location loc, Value steps, int64_t zp);
/// The output bytes: stepsToBytes(requantizeSteps(...), p.dstZp).
Value requantize(OpBuilder &b, Location loc, Value acc, Value mult,
                 Value bias, const ConvProblem &p, Value res = {});

} // namespace mlir::quant_pt2e::vec

#endif // QUANT_PT2E_LIB_CONVERSION_QUANTPT2ETOVECTOR_MICROKERNELS_H
