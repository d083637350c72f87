//===- QuantPT2EToVector.cpp - fused quantized ops -> own int8 kernels ----===//
//
// See the pass description and docs/VectorCodegen.md. The kernels are
// emitted by MicroKernels.cpp; this file prepares their operands at the
// tensor level (NHWC, the ISA's activation form, padding) and calls them.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "quant-pt2e/Conversion/CallSites.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/BackendCapabilities.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/Runtime/CPURuntime.h"
#include "quant-pt2e/Runtime/SiteParams.h"
#include "quant-pt2e/Target/TargetISA.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <tuple>

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTQUANTPT2ETOVECTOR
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

class Lowering {
public:
  Lowering(ModuleOp module, const qpt2e::TargetISA &target, unsigned threads,
           bool profile)
      : sites(module), target(target), kisa(vec::KernelISA::forTarget(target)),
        threads(threads), profile(profile) {}

  LogicalResult run() {
    if (failed(
            sites.lowerFusedOps("vector", [&](Operation *op) -> LogicalResult {
              if (isa<QConv2dOp, QLinearOp>(op))
                return lowerConv(op);
              return lowerMaxPool(cast<QMaxPool2dOp>(op));
            })))
      return failure();
    // Their readers are lowered: nothing uses them.
    for (Operation *placeholder : placeholders) {
      if (!placeholder->use_empty())
        return placeholder->emitOpError(
            "internal error: a kernel's input form has an unlowered reader");
      placeholder->erase();
    }
    return success();
  }

private:
  /// `op`'s kernel problem; with `diagnose` false, failure without an error
  /// (a consumer looked at from its producer).
  LogicalResult problemOf(Operation *op, vec::ConvProblem &p,
                          bool diagnose = true);
  /// The kernel a convolution becomes on this target: AMX tiles, the
  /// depthwise kernel, integer Winograd F(2x2, 3x3) or the direct kernel.
  enum class Scheme { Direct, Depthwise, AMX, Winograd };
  Scheme schemeOf(const vec::ConvProblem &p) const;
  /// The input form of the kernel: int8 padded with the zero point (and
  /// the slack rows) for AMX, u8 bytes for the quads, int16 x - zp padded
  /// with 0 otherwise.
  vec::ActivationLayout layoutFor(const vec::ConvProblem &p,
                                  Scheme scheme) const;
  /// A max pool's kernel problem, and its input form (int8 padded with the
  /// type's minimum).
  static vec::PoolProblem poolProblemOf(QMaxPool2dOp op);
  static vec::ActivationLayout poolLayout(const vec::PoolProblem &p);
  /// The input form of the kernel this lowering gives `op`, where `op` is
  /// a qconv2d or max pool it runs natively.
  std::optional<vec::ActivationLayout> inputLayout(Operation *op);
  /// What the kernel of `op` (padded output channels `paddedO`) writes: its
  /// NHWC output and / or the input form of the convolutions (and max
  /// pools) that read only that output, as their operand 0, in one and
  /// the same layout (`formUsers`).
  vec::KernelOutputs outputsOf(Operation *op, int64_t paddedO,
                               SmallVectorImpl<Operation *> &formUsers);
  LogicalResult lowerConv(Operation *op);
  /// The NHWC tensor of a kernel's output buffer: channels beyond `c`
  /// (the kernel's padding) sliced off, bits viewed as `elem`.
  Value nhwcResult(Value yBuf, int64_t c, Type elem, Location loc);
  /// The NHWC int8 bytes of `nhwc` as the source buffer of an input
  /// function of layout `l`: where `nhwc` is a kernel's output padded to
  /// its vectors and cut to its channels, that output itself, read in
  /// place (`l.srcStride` its channel count: no strided copy into a
  /// buffer of the cut shape); else the tensor's buffer.
  Value sourceBuffer(Value nhwc, vec::ActivationLayout &l, Location loc);
  /// A qmax_pool2d as a generated max-pooling kernel on NHWC bytes.
  LogicalResult lowerMaxPool(QMaxPool2dOp op);
  /// The residual in the kernel's output layout: NHWC int8, channels padded
  /// to the kernel's (with the residual zero point, which adds 0).
  Value residualBuffer(Value residual, const vec::ConvProblem &p,
                       MemRefType yType, StringRef name, Location loc);

  /// A call of a generated function; with `profile`, timed as `site`
  /// (quant-pt2e/Runtime/CPURuntime.h's site ids).
  void call(Location loc, func::FuncOp fn, ValueRange args, int64_t site);

  CallSiteBuilder sites;
  qpt2e::TargetISA target;
  vec::KernelISA kisa;
  unsigned threads;
  bool profile;
  int64_t kernels = 0, pools = 0;
  /// Convolutions whose input form a producer's kernel writes: the buffer.
  DenseMap<Operation *, Value> preparedInputs;
  /// The results of kernels that write only their readers' input forms.
  SmallVector<Operation *> placeholders;
  bool amxRequested = false;
};

void Lowering::call(Location loc, func::FuncOp fn, ValueRange args,
                    int64_t site) {
  OpBuilder &b = sites.builder();
  if (!profile) {
    func::CallOp::create(b, loc, fn, args);
    return;
  }
  Type i64 = b.getI64Type();
  func::FuncOp clock =
      sites.declarePlain("qpt2e_profile_clock", b.getFunctionType({}, {i64}));
  func::FuncOp record = sites.declarePlain("qpt2e_profile_record",
                                           b.getFunctionType({i64, i64}, {}));
  Value start = func::CallOp::create(b, loc, clock, ValueRange{}).getResult(0);
  func::CallOp::create(b, loc, fn, args);
  func::CallOp::create(b, loc, record, ValueRange{sites.i64(loc, site), start});
}

LogicalResult Lowering::problemOf(Operation *op, vec::ConvProblem &p,
                                  bool diagnose) {
  SmallVector<int64_t> ip;
  SmallVector<float> fp;
  CallSiteBuilder::convSiteParams(op, ip, fp);
  Value weight = op->getOperand(1), bias;
  if (auto conv = dyn_cast<QConv2dOp>(op)) {
    bias = conv.getBias();
  } else {
    auto fc = cast<QLinearOp>(op);
    bias = fc.getBias();
  }
  std::optional<std::vector<int8_t>> w = getI8ConstantValues(weight);
  std::optional<std::vector<float>> bv =
      bias ? getF32ConstantValues(bias) : std::vector<float>();
  if (!w || !bv)
    return diagnose ? op->emitOpError("needs constant weight and bias to be "
                                      "packed at compile time")
                    : failure();
  bool linear = isa<QLinearOp>(op);
  p.n = linear ? 1 : ip[QPT2E_CONV_N];
  p.c = ip[QPT2E_CONV_C];
  p.h = linear ? 1 : ip[QPT2E_CONV_H];
  p.w = linear ? ip[QPT2E_CONV_N] : ip[QPT2E_CONV_W];
  p.o = ip[QPT2E_CONV_O];
  p.kh = ip[QPT2E_CONV_KH];
  p.kw = ip[QPT2E_CONV_KW];
  p.oh = linear ? 1 : ip[QPT2E_CONV_OH];
  p.ow = linear ? ip[QPT2E_CONV_N] : ip[QPT2E_CONV_OW];
  p.sh = ip[QPT2E_CONV_STRIDE_H];
  p.sw = ip[QPT2E_CONV_STRIDE_W];
  p.ph = ip[QPT2E_CONV_PAD_H];
  p.pw = ip[QPT2E_CONV_PAD_W];
  p.dh = ip[QPT2E_CONV_DIL_H];
  p.dw = ip[QPT2E_CONV_DIL_W];
  p.groups = linear ? 1 : ip[QPT2E_CONV_GROUPS];
  p.srcZp = ip[QPT2E_CONV_SRC_ZP];
  p.dstZp = ip[QPT2E_CONV_DST_ZP];
  p.actMin = ip[QPT2E_CONV_ACT_MIN];
  p.actMax = ip[QPT2E_CONV_ACT_MAX];
  p.srcUnsigned = ip[QPT2E_CONV_SRC_UNSIGNED] != 0;
  p.srcScale = fp[QPT2E_CONV_F_SRC_SCALE];
  p.dstScale = fp[QPT2E_CONV_F_DST_SCALE];
  p.weightScales.assign(fp.begin() + QPT2E_CONV_F_WEIGHT_SCALES, fp.end());
  p.weights = std::move(*w);
  p.bias = std::move(*bv);
  p.hasResidual = ip[QPT2E_CONV_HAS_RESIDUAL] != 0;
  p.resZp = ip[QPT2E_CONV_RES_ZP];
  p.resUnsigned = ip[QPT2E_CONV_RES_UNSIGNED] != 0;
  p.resScale = fp[QPT2E_CONV_F_RES_SCALE];
  p.hasMid = ip[QPT2E_CONV_HAS_MID] != 0;
  p.midZp = ip[QPT2E_CONV_MID_ZP];
  p.midMin = ip[QPT2E_CONV_MID_MIN];
  p.midMax = ip[QPT2E_CONV_MID_MAX];
  p.midScale = fp[QPT2E_CONV_F_MID_SCALE];
  p.postOp = ip[QPT2E_CONV_POST_OP];
  p.postAlpha = fp[QPT2E_CONV_F_POST_ALPHA];
  return success();
}

/// An int8 layout of the bytes themselves (AMX inputs, max pools): the
/// image at (top, left), every other byte `fill`.
static vec::ActivationLayout bytesLayout(int64_t n, int64_t h, int64_t w,
                                         int64_t c, int64_t hp, int64_t wp,
                                         int64_t cp, int64_t top, int64_t left,
                                         bool srcUnsigned, int64_t zp,
                                         int8_t fill) {
  vec::ActivationLayout l;
  l.n = n, l.h = h, l.w = w, l.c = c, l.hp = hp, l.wp = wp, l.cp = cp;
  l.top = top, l.left = left, l.int16 = false, l.srcUnsigned = srcUnsigned;
  l.zp = zp, l.fill = fill;
  return l;
}

Lowering::Scheme Lowering::schemeOf(const vec::ConvProblem &p) const {
  if (vec::isDepthwise(p))
    return Scheme::Depthwise;
  if (target.amxint8 && vec::amxTakes(p))
    return Scheme::AMX;
  if (vec::winogradTakes(p, kisa))
    return Scheme::Winograd;
  return Scheme::Direct;
}

vec::ActivationLayout Lowering::layoutFor(const vec::ConvProblem &p,
                                          Scheme scheme) const {
  bool depthwise = scheme == Scheme::Depthwise;
  if (scheme == Scheme::AMX) {
    // int8 with the zero point's byte around the image (ui8 zero points
    // above 127 wrap to their bits), plus the AMX kernel's slack rows.
    // Stems: the same bytes as 2 x 2 pixel blocks.
    vec::AMXShapes s = vec::amxShapes(p);
    vec::ActivationLayout l = bytesLayout(p.n, p.h, p.w, p.c, s.hp, s.wp, s.cp,
                                          p.ph, p.pw, p.srcUnsigned, p.srcZp,
                                          static_cast<int8_t>(p.srcZp & 0xff));
    l.spaceToDepth = s.spaceToDepth;
    return l;
  }
  vec::KernelShapes s = vec::kernelShapes(p, kisa);
  if (kisa.bytes() && !depthwise) {
    // u8 bytes for vpdpbusd: s8 shifted by 128; the padding is the zero
    // point's byte (the kernel's correction removes it).
    int64_t shift = p.srcUnsigned ? 0 : 128;
    vec::ActivationLayout l{p.n,  p.h,  p.w,   p.c, s.hp, s.wp, s.cp,
                            p.ph, p.pw, false, p.srcUnsigned, p.srcZp,
                            static_cast<int8_t>((p.srcZp + shift) & 0xff)};
    l.toUnsigned = !p.srcUnsigned;
    return l;
  }
  // int16 x - zp: the zero point's image, and the padding, is 0.
  if (scheme == Scheme::Winograd) {
    vec::WinogradShapes w = vec::winogradShapes(p, kisa);
    return {p.n,  p.h,  p.w,  p.c,           w.hp,    w.wp, w.cp,
            p.ph, p.pw, true, p.srcUnsigned, p.srcZp, 0};
  }
  if (depthwise) {
    vec::DepthwiseShapes d = vec::depthwiseShapes(p, kisa);
    return {p.n,  p.h,  p.w,  p.c,           d.hp,    d.wp, d.cp,
            p.ph, p.pw, true, p.srcUnsigned, p.srcZp, 0};
  }
  return {p.n,  p.h,  p.w,  p.c,           s.hp,    s.wp, s.cp,
          p.ph, p.pw, true, p.srcUnsigned, p.srcZp, 0};
}

std::optional<vec::ActivationLayout> Lowering::inputLayout(Operation *op) {
  static const std::optional<BackendCapabilities> caps =
      BackendCapabilities::get("vector");
  if (caps->support(op) != Support::Native)
    return std::nullopt;
  if (auto pool = dyn_cast<QMaxPool2dOp>(op))
    return poolLayout(poolProblemOf(pool));
  vec::ConvProblem p;
  if (!isa<QConv2dOp>(op) || failed(problemOf(op, p, /*diagnose=*/false)))
    return std::nullopt;
  return layoutFor(p, schemeOf(p));
}

static bool sameLayout(const vec::ActivationLayout &a,
                       const vec::ActivationLayout &b) {
  return std::tie(a.n, a.h, a.w, a.c, a.hp, a.wp, a.cp, a.top, a.left, a.int16,
                  a.srcUnsigned, a.zp, a.fill, a.toUnsigned, a.spaceToDepth) ==
         std::tie(b.n, b.h, b.w, b.c, b.hp, b.wp, b.cp, b.top, b.left, b.int16,
                  b.srcUnsigned, b.zp, b.fill, b.toUnsigned, b.spaceToDepth);
}

vec::KernelOutputs
Lowering::outputsOf(Operation *op, int64_t paddedO,
                    SmallVectorImpl<Operation *> &formUsers) {
  vec::KernelOutputs out;
  out.nhwc = false;
  Value result = op->getResult(0);
  for (OpOperand &use : result.getUses()) {
    Operation *user = use.getOwner();
    std::optional<vec::ActivationLayout> l;
    // Operand 0 only: a residual (or a second operand) reads the bytes.
    if (use.getOperandNumber() == 0 &&
        llvm::count(user->getOperands(), result) == 1)
      l = inputLayout(user);
    // Pixel blocks are an input function's form (the epilogues write
    // pixels).
    if (l && l->spaceToDepth)
      l.reset();
    // The form holds the producer's padded output channels (the border
    // function fills any beyond them: a depthwise reader's blocks of two
    // vectors).
    if (l && l->cp >= paddedO && (!out.form || sameLayout(*l, *out.form))) {
      out.form = l;
      formUsers.push_back(user);
    } else {
      out.nhwc = true;
    }
  }
  if (!out.form)
    out.nhwc = true;
  return out;
}

Value Lowering::nhwcResult(Value yBuf, int64_t c, Type elem, Location loc) {
  OpBuilder &b = sites.builder();
  auto yType = cast<MemRefType>(yBuf.getType());
  Type i8 = b.getI8Type();
  Value y = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(yType.getShape(), i8), yBuf,
      b.getUnitAttr(), b.getUnitAttr());
  ArrayRef<int64_t> shape = yType.getShape();
  if (shape[3] != c) {
    SmallVector<OpFoldResult> offsets(4, b.getIndexAttr(0)),
        strides(4, b.getIndexAttr(1));
    SmallVector<OpFoldResult> sizes{b.getIndexAttr(shape[0]),
                                    b.getIndexAttr(shape[1]),
                                    b.getIndexAttr(shape[2]),
                                    b.getIndexAttr(c)};
    y = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({shape[0], shape[1], shape[2], c}, i8),
        y, offsets, sizes, strides);
  }
  if (elem != i8)
    y = tensor::BitcastOp::create(
        b, loc, cast<RankedTensorType>(y.getType()).clone(elem), y);
  return y;
}

Value Lowering::sourceBuffer(Value nhwc, vec::ActivationLayout &l,
                             Location loc) {
  OpBuilder &b = sites.builder();
  Type i8 = b.getI8Type();
  Value bytes = nhwc;
  if (auto cast = bytes.getDefiningOp<tensor::BitcastOp>())
    bytes = cast.getSource();
  if (auto slice = bytes.getDefiningOp<tensor::ExtractSliceOp>())
    if (auto full =
            slice.getSource().getDefiningOp<bufferization::ToTensorOp>()) {
      ArrayRef<int64_t> shape = slice.getSourceType().getShape();
      if (slice.hasZeroOffset() && slice.hasUnitStride() && shape.size() == 4 &&
          slice.getType().getElementType() == i8 &&
          ArrayRef<int64_t>(slice.getType().getShape()) ==
              ArrayRef<int64_t>{l.n, l.h, l.w, l.c} &&
          shape[0] == l.n && shape[1] == l.h && shape[2] == l.w) {
        l.srcStride = shape[3];
        return full.getBuffer();
      }
    }
  auto type = cast<RankedTensorType>(nhwc.getType());
  if (type.getElementType() != i8)
    nhwc = tensor::BitcastOp::create(b, loc, type.clone(i8), nhwc);
  return bufferization::ToBufferOp::create(
      b, loc, MemRefType::get({l.n, l.h, l.w, l.c}, i8), nhwc,
      /*read_only=*/true);
}

vec::PoolProblem Lowering::poolProblemOf(QMaxPool2dOp op) {
  RankedTensorType in = op.getInput().getType(), out = op.getOutput().getType();
  return {in.getDimSize(0),
          in.getDimSize(1),
          in.getDimSize(2),
          in.getDimSize(3),
          out.getDimSize(2),
          out.getDimSize(3),
          op.getKernel()[0],
          op.getKernel()[1],
          op.getStride()[0],
          op.getStride()[1],
          op.getPadding()[0],
          op.getPadding()[1],
          op.getDilation()[0],
          op.getDilation()[1],
          in.getElementType().isUnsignedInteger()};
}

vec::ActivationLayout Lowering::poolLayout(const vec::PoolProblem &p) {
  vec::PoolShapes s = vec::poolShapes(p);
  // Padding with the type's minimum: it never wins a window.
  return bytesLayout(p.n, p.h, p.w, p.c, s.hp, s.wp, s.cp, p.ph, p.pw,
                     p.srcUnsigned, 0,
                     static_cast<int8_t>(p.srcUnsigned ? 0 : -128));
}

LogicalResult Lowering::lowerMaxPool(QMaxPool2dOp op) {
  OpBuilder &b = sites.builder();
  b.setInsertionPoint(op);
  Location loc = op.getLoc();
  RankedTensorType out = op.getOutput().getType();
  vec::PoolProblem p = poolProblemOf(op);
  std::string name = "qpt2e_vec_maxpool_" + std::to_string(pools++);
  func::FuncOp kernel =
      vec::emitMaxPoolKernel(b, sites.getModule(), loc, name, p, threads);
  int64_t site = QPT2E_PROFILE_POOL_BASE + 2 * (pools - 1);
  auto xType = cast<MemRefType>(kernel.getArgumentTypes()[0]);
  // The producing conv may have written the padded input already.
  Value xBuf = preparedInputs.lookup(op);
  preparedInputs.erase(op);
  if (xBuf && xBuf.getType() != xType)
    return op->emitOpError("internal error: the producer's input form ")
           << xBuf.getType() << " is not the kernel's " << xType;
  if (!xBuf) {
    vec::ActivationLayout l = poolLayout(p);
    Value src = sourceBuffer(sites.toNHWC(op.getInput()), l, loc);
    func::FuncOp prep = vec::emitPrepareKernel(b, sites.getModule(), loc,
                                               name + "_input", l, threads);
    xBuf = memref::AllocOp::create(b, loc, xType, b.getI64IntegerAttr(64));
    call(loc, prep, ValueRange{src, xBuf}, site + 1);
  }
  Value yBuf = memref::AllocOp::create(
      b, loc, cast<MemRefType>(kernel.getArgumentTypes()[1]),
      b.getI64IntegerAttr(64));
  call(loc, kernel, ValueRange{xBuf, yBuf}, site);
  Value y = nhwcResult(yBuf, p.c, out.getElementType(), loc);
  op.getResult().replaceAllUsesWith(sites.toNCHW(y));
  op.erase();
  return success();
}

Value Lowering::residualBuffer(Value residual, const vec::ConvProblem &p,
                              MemRefType yType, StringRef name,
                              Location loc) {
  OpBuilder &b = sites.builder();
  int64_t op = yType.getDimSize(3);
  vec::ActivationLayout l{p.n,  p.oh, p.ow,  p.o,   p.oh,  p.ow,
                          op,   0,    0,     false, p.resUnsigned, p.resZp,
                          static_cast<int8_t>(p.resZp & 0xff)};
  Value src = sourceBuffer(sites.toNHWC(residual), l, loc);
  // The kernel reads whole channel vectors of the residual: its buffer as
  // it is where it has the kernel's channel count (another kernel's
  // output padded alike), else a padded copy.
  if (cast<MemRefType>(src.getType()) == yType)
    return src;
  func::FuncOp pad = vec::emitPrepareKernel(b, sites.getModule(), loc,
                                            (name + "_residual").str(), l,
                                            threads);
  Value buf = memref::AllocOp::create(b, loc, yType, b.getI64IntegerAttr(64));
  func::CallOp::create(b, loc, pad, ValueRange{src, buf});
  return buf;
}

LogicalResult Lowering::lowerConv(Operation *op) {
  vec::ConvProblem p;
  if (failed(problemOf(op, p)))
    return failure();
  OpBuilder &b = sites.builder();
  b.setInsertionPoint(op);
  Location loc = op->getLoc();
  Value input = op->getOperand(0);
  // The input form, where the producer's kernel writes it.
  Value prepared = preparedInputs.lookup(op);
  preparedInputs.erase(op);
  Value nhwc;
  if (!prepared && isa<QConv2dOp>(op)) {
    nhwc = sites.toNHWC(input);
  } else if (!prepared) {
    auto type = cast<RankedTensorType>(input.getType());
    nhwc = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1, 1, p.w, p.c}, type.getElementType()),
        input, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  }
  int64_t site = 2 * kernels;
  std::string name = "qpt2e_vec_conv_" + std::to_string(kernels++);
  Scheme scheme = schemeOf(p);
  bool depthwise = scheme == Scheme::Depthwise, amx = scheme == Scheme::AMX;
  func::FuncOp kernel;
  vec::KernelOutputs outs;
  Value form;
  // The kernel's output channels, padded to its vectors.
  int64_t paddedO = amx         ? vec::amxShapes(p).op
                    : depthwise ? vec::depthwiseShapes(p, kisa).cp
                                : vec::kernelShapes(p, kisa).op;
  // Every kernel writes, besides (or instead of) its NHWC output, the
  // input form of the convolutions (and max pools) that read it: no input
  // function reads the output again.
  SmallVector<Operation *> formUsers;
  if (isa<QConv2dOp>(op))
    outs = outputsOf(op, paddedO, formUsers);
  if (outs.form) {
    form = memref::AllocOp::create(b, loc, vec::layoutType(b, *outs.form),
                                   b.getI64IntegerAttr(64));
    // The border is a few rows and columns: one thread (a parallel
    // region would cost more than the fill).
    if (func::FuncOp border =
            vec::emitBorderKernel(b, sites.getModule(), loc, name + "_border",
                                  *outs.form, paddedO, 1))
      func::CallOp::create(b, loc, border, ValueRange{form});
    for (Operation *user : formUsers)
      preparedInputs[user] = form;
  }
  if (amx) {
    // Tiles need the process's AMX state: requested once, at init.
    if (!amxRequested)
      sites.addInitCall("qpt2e_request_amx", {}, {},
                        [](Location) { return SmallVector<Value>(); }, loc);
    amxRequested = true;
    kernel = vec::emitAMXConvKernel(b, sites.getModule(), loc, name, p, threads,
                                    outs);
  } else {
    kernel = depthwise ? vec::emitDepthwiseKernel(b, sites.getModule(), loc,
                                                  name, p, kisa, threads, outs)
             : scheme == Scheme::Winograd
                 ? vec::emitWinogradKernel(b, sites.getModule(), loc, name, p,
                                           kisa, threads, outs)
                 : vec::emitConvKernel(b, sites.getModule(), loc, name, p, kisa,
                                       threads, outs);
  }
  auto xType = cast<MemRefType>(kernel.getArgumentTypes()[0]);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, paddedO}, b.getI8Type());
  Value xBuf = prepared;
  if (xBuf) {
    if (xBuf.getType() != xType)
      return op->emitOpError("internal error: the producer's input form ")
             << xBuf.getType() << " is not the kernel's " << xType;
  } else {
    // The kernel's input form, written by a generated vector function.
    vec::ActivationLayout l = layoutFor(p, scheme);
    Value srcBuf = sourceBuffer(nhwc, l, loc);
    func::FuncOp prep = vec::emitPrepareKernel(b, sites.getModule(), loc,
                                               name + "_input", l, threads);
    xBuf = memref::AllocOp::create(b, loc, xType, b.getI64IntegerAttr(64));
    call(loc, prep, ValueRange{srcBuf, xBuf}, site + 1);
  }
  SmallVector<Value> args{xBuf};
  Value yBuf;
  if (outs.nhwc) {
    yBuf = memref::AllocOp::create(b, loc, yType, b.getI64IntegerAttr(64));
    args.push_back(yBuf);
  }
  if (p.hasResidual)
    args.push_back(residualBuffer(cast<QConv2dOp>(op).getResidual(), p,
                                  yType, name, loc));
  if (form)
    args.push_back(form);
  call(loc, kernel, args, site);
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  Value result;
  if (!yBuf) {
    // Every reader takes the input form: a placeholder until they are
    // lowered (and erased).
    result = tensor::EmptyOp::create(b, loc, outType.getShape(),
                                     outType.getElementType());
    placeholders.push_back(result.getDefiningOp());
  } else if (isa<QConv2dOp>(op)) {
    result = sites.toNCHW(nhwcResult(yBuf, p.o, outType.getElementType(), loc));
  } else {
    // [1, 1, M, O] -> [M, O] on the bytes, then the element type (the
    // later type conversions take a bitcast, not a reshape, of ui8).
    Type i8 = b.getI8Type();
    result = tensor::CollapseShapeOp::create(
        b, loc, outType.clone(i8), nhwcResult(yBuf, p.o, i8, loc),
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    if (outType.getElementType() != i8)
      result = tensor::BitcastOp::create(b, loc, outType, result);
  }
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  return success();
}

struct ConvertQuantPT2EToVectorPass
    : quant_pt2e::impl::ConvertQuantPT2EToVectorBase<
          ConvertQuantPT2EToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<qpt2e::TargetISA> target =
        resolveTargetISAOption(getOperation(), targetISA.getValue());
    if (!target)
      return signalPassFailure();
    if (threads == 0) {
      getOperation().emitError() << "threads must be at least 1";
      return signalPassFailure();
    }
    Lowering lowering(getOperation(), *target, threads, profile);
    if (failed(lowering.run()))
      signalPassFailure();
  }
};

} // namespace
