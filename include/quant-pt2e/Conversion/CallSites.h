//===- CallSites.h - fused quantized ops -> backend call sites --*- C++ -*-===//
//
// The machinery the backend lowerings (convert-quant-pt2e-to-onednn,
// convert-quant-pt2e-to-xnnpack) share: the module's `qpt2e_init` function
// that registers every call site once (weights packed there, never per
// inference), C-interface declarations, per-inference calls on int8
// buffers, NCHW <-> NHWC transposes that reuse a site's NHWC result so
// chains of sites stay NHWC, and the reference expansion of fused ops a
// backend runs as plain loops. See docs/Lowering.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_CONVERSION_CALLSITES_H
#define QUANT_PT2E_CONVERSION_CALLSITES_H

#include "quant-pt2e/Target/TargetISA.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::quant_pt2e {

class CallSiteBuilder {
public:
  /// Name of the init function every backend site registers in.
  static constexpr llvm::StringLiteral kInitFn = "qpt2e_init";

  explicit CallSiteBuilder(ModuleOp module);

  /// Collects the module's fused quantized ops, creates qpt2e_init when
  /// there are any, and lowers each (in program order) the way `backend`'s
  /// row of BackendCapabilities says: `lowerNative` for the ops it takes
  /// natively, the exact reference chain for those it takes expanded (and,
  /// as a fallback, for add, mul, average pooling and concat it does not
  /// take); any other op it does not take is an error that says why. The
  /// driver of every backend conversion. Table lookups (qlookup) are left
  /// to convert-quant-pt2e-to-linalg, moved onto a site's NHWC result when
  /// they read one (they are layout-free).
  LogicalResult
  lowerFusedOps(StringRef backend,
                function_ref<LogicalResult(Operation *)> lowerNative);

  /// Creates (or reuses, when a previous backend lowering created it)
  /// `qpt2e_init`; fails if a function of that name is something else.
  LogicalResult createInit();

  /// A fresh site number, unique in the module across backends.
  int64_t nextSite();

  OpBuilder &builder() { return b; }
  ModuleOp getModule() { return module; }

  /// Declares `name` (C interface) unless present; `readOnly` tensor
  /// arguments are marked so bufferization does not copy them.
  func::FuncOp declare(StringRef name, TypeRange inputs,
                       ArrayRef<unsigned> readOnly = {});
  /// Declares the plain C function `name` of `type` (scalars only, no C
  /// interface) unless present.
  func::FuncOp declarePlain(StringRef name, FunctionType type);

  /// A call of `fnName` at the end of qpt2e_init with the arguments `build`
  /// creates there.
  void addInitCall(StringRef fnName, TypeRange inputs,
                   ArrayRef<unsigned> readOnly,
                   function_ref<SmallVector<Value>(Location)> build,
                   Location loc);

  Value i64(Location loc, int64_t v);
  Type unrankedTensor(Type elem);
  /// A constant tensor cast to unranked (for init calls).
  Value unrankedConstant(Location loc, DenseElementsAttr value);
  /// Clone of constant `c` cast to an unranked tensor (for init calls).
  Value unrankedClone(Location loc, Operation *c);

  /// The NHWC form of a 4-d NCHW value (a site's NHWC result when known).
  Value toNHWC(Value nchw);
  /// The NCHW view of an NHWC result, remembered for reuse by toNHWC.
  Value toNCHW(Value nhwc);
  /// Whether `v` is the NCHW view of a known NHWC value.
  bool hasNHWC(Value v) const { return nhwcOf.count(v) != 0; }

  /// dst = fn(site, srcs...) on 8-bit buffers (ui8 tensors are bitcast to
  /// i8); returns the dst tensor of type `dstType`.
  Value emitRunCall(StringRef fnName, Location loc, int64_t site,
                    ValueRange srcs, RankedTensorType dstType);

  /// A call `initFn(site, iparams[, fparams])` in qpt2e_init.
  void addIntParamsInit(StringRef initFn, int64_t site,
                        ArrayRef<int64_t> iparams,
                        std::optional<ArrayRef<float>> fparams, Location loc);

  /// The quant-pt2e/Runtime/SiteParams.h parameters of a qconv2d or
  /// qlinear (a qlinear as a 1x1 convolution of an [M, 1, 1, K] input):
  /// integer parameters `p` indexed by QPT2E_CONV_*, float ones `f` by
  /// QPT2E_CONV_F_* followed by the weight scales. One description of a
  /// convolution site for every backend.
  static void convSiteParams(Operation *op, SmallVector<int64_t> &p,
                             SmallVector<float> &f);

  /// Registers a qconv2d (NHWC input) or qlinear ([M, K] input, a 1x1
  /// convolution marked QPT2E_CONV_LINEAR) site: a call of `initFn` in
  /// qpt2e_init with the constant weight, bias and the SiteParams.h
  /// parameters, and the op replaced by a call of `runFn`. Fails on
  /// non-constant weights or bias.
  LogicalResult lowerConvLike(Operation *op, StringRef initFn,
                              StringRef runFn);

  /// Registers a qmax_pool2d site (NHWC) with `initFn` / `runFn`.
  LogicalResult lowerMaxPool(Operation *op, StringRef initFn,
                             StringRef runFn);

  /// Replaces a fused element-wise / pooling / concat op (qadd, qmul,
  /// qavg_pool2d, qcat) by its reference chain: dequantize, the aten op,
  /// the act-range clamp, quantize. 4-d operands that a site produced in
  /// NHWC are used as such when `layoutFree` (element-wise and concat ops,
  /// whose dimension is remapped), so the chain does not transpose.
  LogicalResult expandToReference(Operation *op);

private:
  ModuleOp module;
  OpBuilder b;
  func::FuncOp init;
  /// NCHW value -> the NHWC value it was transposed from.
  DenseMap<Value, Value> nhwcOf;
};

/// The `target-isa` option of a backend conversion: the named target or
/// the host; nullopt, with the error of an unknown name emitted at `module`.
std::optional<qpt2e::TargetISA> resolveTargetISAOption(ModuleOp module,
                                                       StringRef name);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_CONVERSION_CALLSITES_H
