//===- MicroKernels.cpp - register-tiled int8 kernels per ISA -------------===//
//
// Direct convolution on NHWC activations, no im2col. One kernel call
// computes every output pixel of a convolution: the pixels are taken
// `tilePixels` at a time against `tileBlocks` vectors of output channels,
// so that tilePixels x tileBlocks int32 accumulators stay in registers
// across the whole reduction (kernel rows, kernel columns, input channel
// groups). Per reduction step the kernel loads one packed weight panel per
// channel vector and broadcasts one group of input channels per pixel.
//
// Exactness: activations are prepared as int16 (x - zp) and weights packed
// as int16 pairs at compile time; each step sums two int16 products into
// int32 (vpmaddwd + vpaddd on AVX2 / AVX-512, vpdpwssd with AVX-512 VNNI,
// as LLVM selects the vector-dialect form), exact for 8-bit operands. The
// saturating vpmaddubsw is never used. (vpdpbusd on u8 x s8 bytes, twice
// the MACs per instruction, is the next step: docs/VectorCodegen.md.)
// The epilogue requantizes with PyTorch's rounding: float(acc) * M[c] +
// B[c] with M = s_x s_w[c] / s_y and B = b[c] / s_y, round half to even,
// clamp to the act range (in the output's integer domain), add the output
// zero point.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "quant-pt2e/Dialect/X86/IR/X86.h"
#include "quant-pt2e/Math/QuantMath.h"
#include "quant-pt2e/Runtime/SiteParams.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::vec;

KernelISA KernelISA::forTarget(const qpt2e::TargetISA &isa) {
  // Tiles: tilePixels x tileBlocks accumulators plus the weight panels and
  // the broadcast stay within the 32 zmm / 16 ymm registers. LLVM issues a
  // tile's broadcasts before its dot products, so they are live together:
  // the zmm tiles are 10 x 2 (20 + 2 + 10 zmm; at 12 x 2 seven
  // accumulators were spilled to the stack inside the reduction loop, and
  // ResNet-18's layers ran 3-27% slower with vpdpbusd; the int16 pair tile
  // spilled as much, codegen-x86.mlir @two_vectors).
  if (isa.avx512bw)
    return isa.avx512vnni ? KernelISA{VPDPBUSD512, 16, 4, 10, 2}
                          : KernelISA{PMADDWD512, 16, 2, 10, 2};
  if (isa.avxvnni)
    return {VPDPBUSD256, 8, 4, 6, 2};
  if (isa.avx2)
    return {PMADDWD256, 8, 2, 6, 2};
  return {Generic, 8, 2, 4, 2};
}

const char *KernelISA::name() const {
  switch (kind) {
  case VPDPBUSD512:
    return "avx512vnni (u8 x s8 quads: vpdpbusd zmm)";
  case VPDPBUSD256:
    return "avxvnni (u8 x s8 quads: vpdpbusd ymm)";
  case PMADDWD512:
    return "avx512 (int16 pairs: vpmaddwd + vpaddd zmm)";
  case PMADDWD256:
    return "avx2 (int16 pairs: vpmaddwd + vpaddd ymm)";
  case Generic:
    return "generic (int16 pairs, vector dialect)";
  }
  return "?";
}

static int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

KernelShapes vec::kernelShapes(const ConvProblem &p, const KernelISA &isa) {
  KernelShapes s{};
  s.hp = p.h + 2 * p.ph;
  s.wp = p.w + 2 * p.pw;
  s.op = roundUp(p.o, isa.lanes);
  s.cgi = p.c / p.groups;
  s.cgo = p.o / p.groups;
  s.segment = p.groups == 1 && p.dw == 1;
  s.tail = s.tailSteps = 0;
  s.quadLanes = false;
  if (s.segment) {
    // A row's last group may reach past its kw * c elements into the next
    // pixels (weight 0 there): slack columns keep it inside the row.
    s.cp = p.c;
    int64_t row = p.kw * p.c;
    s.steps = (row + isa.group - 1) / isa.group;
    s.tail = row % isa.group;
    s.tailSteps = (p.kh * s.tail + isa.group - 1) / isa.group;
    if (s.tail && s.tailSteps < p.kh) {
      // The rows' tails gathered: every step reads inside its row.
      s.steps = row / isa.group;
    } else {
      s.tail = s.tailSteps = 0;
      int64_t overshoot = s.steps * isa.group - row;
      s.wp += (overshoot + p.c - 1) / p.c;
    }
  } else {
    // The widest window of input channels one block of output channels
    // reads, and the channels the last window reaches.
    int64_t window = 0, end = 0;
    for (int64_t oc = 0; oc < p.o; oc += isa.lanes) {
      int64_t g0 = oc / s.cgo;
      int64_t g1 = (std::min(oc + isa.lanes, p.o) - 1) / s.cgo;
      window = std::max(window, (g1 - g0 + 1) * s.cgi);
    }
    s.steps = (window + isa.group - 1) / isa.group;
    for (int64_t oc = 0; oc < p.o; oc += isa.lanes)
      end = std::max(end, oc / s.cgo * s.cgi + s.steps * isa.group);
    s.cp = roundUp(std::max(end, p.c), isa.group);
    // Every block's window is its own 16 channels, four quads: one step
    // at 2 or 4 channels per group, two at 8 (the second with each
    // 128-bit lane's quads swapped in pairs, the other quad of the lane's
    // group).
    s.quadLanes = isa.bytes() && isa.lanes == 16 && p.groups > 1 &&
                  s.cgi == s.cgo && (s.cgi == 2 || s.cgi == 4 || s.cgi == 8) &&
                  p.c % 16 == 0;
    if (s.quadLanes)
      s.steps = s.cgi == 8 ? 2 : 1;
  }
  // The blocks of one tile share the broadcast activations, so their
  // output channels must read the same window; else one block per tile
  // and twice the pixels (the same accumulator count).
  s.tileBlocks = std::min<int64_t>(isa.tileBlocks, s.op / isa.lanes);
  if (p.groups > 1 && s.cgo % (isa.lanes * s.tileBlocks))
    s.tileBlocks = 1;
  while ((s.op / isa.lanes) % s.tileBlocks)
    --s.tileBlocks;
  s.tilePixels = isa.tilePixels * isa.tileBlocks / s.tileBlocks;
  // The broadcasts are live with the accumulators (KernelISA::forTarget):
  // one-vector zmm tiles of 20 pixels would need 41 registers.
  if (isa.kind == KernelISA::VPDPBUSD512 || isa.kind == KernelISA::PMADDWD512)
    s.tilePixels = std::min<int64_t>(s.tilePixels,
                                     (32 - s.tileBlocks) / (s.tileBlocks + 1));
  return s;
}

memref::GlobalOp vec::constantGlobal(OpBuilder &b, ModuleOp module,
                                     Location loc, StringRef name,
                                     MemRefType type, DenseElementsAttr data) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  return memref::GlobalOp::create(b, loc, name, b.getStringAttr("private"),
                                  type, data, /*constant=*/true,
                                  b.getI64IntegerAttr(64));
}

func::FuncOp vec::createKernelFunc(OpBuilder &b, ModuleOp module, Location loc,
                                   StringRef name, MemRefType xType,
                                   MemRefType yType, bool residual,
                                   StringRef isaName,
                                   const KernelOutputs &out) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> args{xType};
  if (out.nhwc)
    args.push_back(yType);
  if (residual)
    args.push_back(yType);
  if (out.form)
    args.push_back(layoutType(b, *out.form));
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(args, {}));
  fn.setPrivate();
  fn->setAttr("qpt2e_kernel_isa", b.getStringAttr(isaName));
  fn.addEntryBlock();
  return fn;
}

KernelArgs vec::kernelArgs(func::FuncOp fn, bool residual,
                           const KernelOutputs &out) {
  Block &body = fn.front();
  KernelArgs a;
  unsigned i = 0;
  a.x = body.getArgument(i++);
  if (out.nhwc)
    a.y = body.getArgument(i++);
  if (residual)
    a.res = body.getArgument(i++);
  if (out.form)
    a.form = body.getArgument(i++);
  return a;
}

KernelArgs vec::pixelArgs(OpBuilder &b, Location loc, func::FuncOp fn,
                          bool residual, const KernelOutputs &out) {
  KernelArgs a = kernelArgs(fn, residual, out);
  auto pixels = [&](Value v) -> Value {
    return v ? memref::CollapseShapeOp::create(
                   b, loc, v,
                   SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}})
                   .getResult()
             : v;
  };
  a.y = pixels(a.y);
  a.res = pixels(a.res);
  return a;
}

Value vec::getGlobal(OpBuilder &b, Location loc, memref::GlobalOp g) {
  return memref::GetGlobalOp::create(b, loc, g.getType(), g.getSymName());
}

MemRefType vec::layoutType(OpBuilder &b, const ActivationLayout &l) {
  return MemRefType::get({l.n, l.hp, l.wp, l.cp},
                         l.int16 ? b.getI16Type() : b.getI8Type());
}

void vec::storeOutputs(OpBuilder &b, Location loc, const KernelOutputs &out,
                       const KernelArgs &args, Value steps, int64_t zp,
                       ValueRange yIndices, Value n, Value oh, Value ow,
                       Value c) {
  const ActivationLayout *l = out.form ? &*out.form : nullptr;
  // The int16 form x - zp of the output's own zero point is the steps.
  bool direct = l && l->int16 && l->zp == zp;
  Value bytes;
  if (out.nhwc || (l && !direct))
    bytes = stepsToBytes(b, loc, steps, zp);
  if (out.nhwc)
    vector::StoreOp::create(b, loc, bytes, args.y, yIndices);
  if (!l)
    return;
  auto shift = [&](Value v, int64_t by) -> Value {
    return by ? arith::AddIOp::create(
                    b, loc, v, arith::ConstantIndexOp::create(b, loc, by))
                    .getResult()
              : v;
  };
  Value form =
      direct
          ? arith::TruncIOp::create(
                b, loc, cast<VectorType>(steps.getType()).clone(b.getI16Type()),
                steps)
                .getResult()
          : convertActivation(b, loc, *l, bytes);
  vector::StoreOp::create(
      b, loc, form, args.form,
      ValueRange{n, shift(oh, l->top), shift(ow, l->left), c});
}

void vec::storePixelOutputs(OpBuilder &b, Location loc,
                            const KernelOutputs &out, const KernelArgs &args,
                            ArrayRef<Value> steps, int64_t zp, Value n,
                            Value pix, Value oh, Value ow,
                            ArrayRef<Value> c0s) {
  // The NHWC bytes of a pixel's two 8-lane channel vectors in one store:
  // LLVM narrows the joined 16 lanes with two packs (vpackusdw, vpackuswb)
  // where one vector at a time takes four shuffles.
  int64_t lanes = cast<VectorType>(steps[0].getType()).getNumElements();
  bool joined = out.nhwc && steps.size() == 2 && lanes == 8;
  KernelOutputs perVector = out;
  perVector.nhwc = out.nhwc && !joined;
  for (auto [v, c0] : llvm::zip(steps, c0s))
    storeOutputs(b, loc, perVector, args, v, zp, ValueRange{n, pix, c0}, n, oh,
                 ow, c0);
  if (!joined)
    return;
  SmallVector<int64_t> both;
  for (int64_t i = 0; i < 2 * lanes; ++i)
    both.push_back(i);
  Value all = vector::ShuffleOp::create(b, loc, steps[0], steps[1], both);
  vector::StoreOp::create(b, loc, stepsToBytes(b, loc, all, zp), args.y,
                          ValueRange{n, pix, c0s[0]});
}

Value vec::pairDot(OpBuilder &b, Location loc, Value acc, Value act,
                   Value weights) {
  // acc[i] += act[2i] * w[2i] + act[2i+1] * w[2i+1] on sign-extended int16:
  // the shape LLVM's x86 backend selects as vpmaddwd (+ vpaddd), or as
  // vpdpwssd where AVX-512 VNNI is enabled. Exact: two 16-bit products of
  // 8-bit values never overflow int32.
  int64_t lanes = cast<VectorType>(acc.getType()).getNumElements();
  auto wide = VectorType::get({lanes * 2}, b.getI32Type());
  Value prod =
      arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, wide, act),
                            arith::ExtSIOp::create(b, loc, wide, weights));
  SmallVector<int64_t> even, odd;
  for (int64_t i = 0; i < lanes; ++i) {
    even.push_back(2 * i);
    odd.push_back(2 * i + 1);
  }
  Value sum = arith::AddIOp::create(
      b, loc, vector::ShuffleOp::create(b, loc, prod, prod, even),
      vector::ShuffleOp::create(b, loc, prod, prod, odd));
  return arith::AddIOp::create(b, loc, acc, sum);
}

void vec::prefetchToL2(OpBuilder &b, Location loc, Value flat, Value offset) {
  memref::PrefetchOp::create(b, loc, flat, ValueRange{offset},
                             /*isWrite=*/false, /*localityHint=*/2,
                             /*isDataCache=*/true);
}

Value vec::flatWeights(OpBuilder &b, Location loc, memref::GlobalOp g) {
  auto type = cast<MemRefType>(g.getType());
  ReassociationIndices all;
  for (int64_t d = 0; d < type.getRank(); ++d)
    all.push_back(d);
  return memref::CollapseShapeOp::create(
      b, loc, getGlobal(b, loc, g), SmallVector<ReassociationIndices>{all});
}

Value vec::beginLoop(OpBuilder &b, Location loc, int64_t count,
                     bool parallel) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value end = arith::ConstantIndexOp::create(b, loc, count);
  if (parallel) {
    auto loop = scf::ParallelOp::create(b, loc, ValueRange{zero},
                                        ValueRange{end}, ValueRange{one});
    b.setInsertionPointToStart(loop.getBody());
    return loop.getInductionVars()[0];
  }
  auto loop = scf::ForOp::create(b, loc, zero, end, one);
  b.setInsertionPointToStart(loop.getBody());
  return loop.getInductionVar();
}

vec::RequantGlobals vec::requantizationGlobals(OpBuilder &b, ModuleOp module,
                                               Location loc, StringRef name,
                                               const ConvProblem &p,
                                               int64_t paddedO) {
  std::vector<float> mult, bias;
  requantizationConstants(p, paddedO, mult, bias);
  auto type = MemRefType::get({paddedO}, b.getF32Type());
  auto tensor = RankedTensorType::get({paddedO}, b.getF32Type());
  return {constantGlobal(b, module, loc, (name + "_mult").str(), type,
                         DenseElementsAttr::get(tensor, ArrayRef<float>(mult))),
          constantGlobal(b, module, loc, (name + "_bias").str(), type,
                         DenseElementsAttr::get(tensor, ArrayRef<float>(bias)))};
}

void vec::requantizationConstants(const ConvProblem &p, int64_t paddedO,
                                  std::vector<float> &mult,
                                  std::vector<float> &bias) {
  mult.assign(paddedO, 0.0f);
  bias.assign(paddedO, 0.0f);
  for (int64_t oc = 0; oc < p.o; ++oc) {
    float ws = p.weightScales.size() == 1 ? p.weightScales[0]
                                          : p.weightScales[oc];
    // The same float32 requantization as the oneDNN lowering.
    float scale = p.postOp != QPT2E_POST_OP_NONE ? 1.0f
                  : p.hasMid                     ? p.midScale
                                                 : p.dstScale;
    mult[oc] = qpt2e::math::accumulatorScale(p.srcScale, ws) / scale;
    if (!p.bias.empty())
      bias[oc] = p.bias[oc] / scale;
  }
}

bool ConvProblem::stepsFitInt32() const {
  if (stepsFitCache)
    return *stepsFitCache;
  // |acc| <= sum_k |w[oc, k]| * 255: every activation is within 255 of its
  // zero point. The post-op and mid forms keep the float clamp.
  bool fits = postOp == QPT2E_POST_OP_NONE && !hasMid && o > 0 &&
              !weights.empty() && weights.size() % o == 0;
  std::vector<float> mult, bias;
  if (fits)
    requantizationConstants(*this, o, mult, bias);
  int64_t perChannel = fits ? weights.size() / o : 0;
  double residual = hasResidual ? 255.0 * std::abs(resScale / dstScale) : 0;
  for (int64_t oc = 0; fits && oc < o; ++oc) {
    double sum = 0;
    for (int64_t k = 0; k < perChannel; ++k)
      sum += std::abs(static_cast<double>(weights[oc * perChannel + k]));
    double bound = sum * 255.0 * std::abs(static_cast<double>(mult[oc])) +
                   std::abs(static_cast<double>(bias[oc])) + residual;
    fits = std::isfinite(bound) && bound < 1073741824.0;
  }
  stepsFitCache = fits;
  return fits;
}

/// The int32 vector constant of `type` (vector of i32) with every lane `v`.
static Value splatI32(OpBuilder &b, Location loc, VectorType type, int64_t v) {
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(cast<ShapedType>(type),
                             b.getI32IntegerAttr(static_cast<int32_t>(v))));
}

Value vec::requantizeSteps(OpBuilder &b, Location loc, Value acc, Value mult,
                           Value bias, const ConvProblem &p, Value res) {
  auto accType = cast<VectorType>(acc.getType());
  auto fVec = accType.clone(b.getF32Type());
  auto splatF = [&](float v) -> Value {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(cast<ShapedType>(fVec), v));
  };
  Value lo = splatF(static_cast<float>(p.actMin - p.dstZp));
  Value hi = splatF(static_cast<float>(p.actMax - p.dstZp));
  // The values are finite (no NaN) and the bounds integers (the sign of a
  // zero does not matter): plain vmaxps / vminps, no NaN blends.
  auto finite = arith::FastMathFlagsAttr::get(
      b.getContext(), arith::FastMathFlags::nnan | arith::FastMathFlags::nsz);
  auto clamp = [&](Value v, Value low, Value high) -> Value {
    return arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, v, low, finite), high,
        finite);
  };
  Value f = arith::SIToFPOp::create(b, loc, fVec, acc);
  f = arith::AddFOp::create(b, loc, arith::MulFOp::create(b, loc, f, mult),
                            bias);
  if (p.postOp != QPT2E_POST_OP_NONE) {
    // The post-op on the real result (as oneDNN's eltwise post-op), then
    // in output steps.
    if (p.postOp == QPT2E_POST_OP_TANH) {
      f = math::TanhOp::create(b, loc, f);
    } else {
      Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, f,
                                        splatF(0.0f));
      f = arith::SelectOp::create(
          b, loc, neg, arith::MulFOp::create(b, loc, f, splatF(p.postAlpha)),
          f);
    }
    f = arith::MulFOp::create(b, loc, f, splatF(1.0f / p.dstScale));
  }
  if (p.hasMid) {
    // The conv output's own quantization, then back in output steps.
    f = math::RoundEvenOp::create(b, loc, f);
    f = clamp(f, splatF(static_cast<float>(p.midMin - p.midZp)),
              splatF(static_cast<float>(p.midMax - p.midZp)));
    f = arith::MulFOp::create(b, loc, f, splatF(p.midScale / p.dstScale));
  }
  if (res) {
    // The residual sum, as oneDNN's sum post-op: + s_res / s_y (r - zp_r).
    Value r = p.resUnsigned
                  ? arith::ExtUIOp::create(b, loc, accType, res).getResult()
                  : arith::ExtSIOp::create(b, loc, accType, res).getResult();
    r = arith::SubIOp::create(b, loc, r, splatI32(b, loc, accType, p.resZp));
    Value rf = arith::SIToFPOp::create(b, loc, fVec, r);
    f = arith::AddFOp::create(
        b, loc, f,
        arith::MulFOp::create(b, loc, rf, splatF(p.resScale / p.dstScale)));
  }
  // Round half to even (lrint in the default rounding mode: one vcvtps2dq
  // on x86 where roundeven and a truncating conversion take two
  // instructions), clamped before or after: the same, as the bounds are
  // integers. After, on int32 (vpmaxsd / vpminsd, twice the throughput of
  // vmaxps / vminps on Zen 4), where no real result can reach past int32;
  // before, in float, where one might (lrint's out-of-range value would
  // pass the clamp as INT_MIN).
  if (!p.stepsFitInt32()) {
    f = clamp(f, lo, hi);
    return LLVM::LrintOp::create(b, loc, accType, f);
  }
  Value r = LLVM::LrintOp::create(b, loc, accType, f);
  r = arith::MaxSIOp::create(b, loc, r,
                             splatI32(b, loc, accType, p.actMin - p.dstZp));
  return arith::MinSIOp::create(b, loc, r,
                                splatI32(b, loc, accType, p.actMax - p.dstZp));
}

/// The splat integer of a constant vector, if `v` is one.
static std::optional<int64_t> splatInt(Value v) {
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat())
    return std::nullopt;
  return attr.getSplatValue<APInt>().getSExtValue();
}

Value vec::stepsToBytes(OpBuilder &b, Location loc, Value steps, int64_t zp) {
  auto type = cast<VectorType>(steps.getType());
  auto splat = [&](int64_t v) { return splatI32(b, loc, type, v); };
  // Steps clamped on int32 (requantizeSteps): clamp the bytes' values
  // instead, min(max(r + zp, lo + zp), hi + zp), the same integers. Where
  // the bounds are the byte type's own, LLVM selects the pair and the
  // truncation as one saturating vpmovsdb / vpmovusdb.
  auto min = steps.getDefiningOp<arith::MinSIOp>();
  auto max = min ? min.getLhs().getDefiningOp<arith::MaxSIOp>() : nullptr;
  std::optional<int64_t> lo = max ? splatInt(max.getRhs()) : std::nullopt;
  std::optional<int64_t> hi = max ? splatInt(min.getRhs()) : std::nullopt;
  if (lo && hi) {
    Value q = arith::AddIOp::create(b, loc, max.getLhs(), splat(zp));
    q = arith::MaxSIOp::create(b, loc, q, splat(*lo + zp));
    q = arith::MinSIOp::create(b, loc, q, splat(*hi + zp));
    return arith::TruncIOp::create(b, loc, type.clone(b.getI8Type()), q);
  }
  Value q = arith::AddIOp::create(b, loc, steps, splat(zp));
  return arith::TruncIOp::create(b, loc, type.clone(b.getI8Type()), q);
}

Value vec::requantize(OpBuilder &b, Location loc, Value acc, Value mult,
                      Value bias, const ConvProblem &p, Value res) {
  return stepsToBytes(b, loc, requantizeSteps(b, loc, acc, mult, bias, p, res),
                      p.dstZp);
}

namespace {

/// Builds one kernel: globals, then the loop nest.
class KernelEmitter {
public:
  KernelEmitter(OpBuilder &b, ModuleOp module, Location loc, StringRef name,
                const ConvProblem &p, const KernelISA &isa,
                const KernelOutputs &out)
      : b(b), module(module), loc(loc), name(name), p(p), isa(isa),
        s(kernelShapes(p, isa)), out(out) {}

  func::FuncOp emit(unsigned threads);

private:
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  /// A private constant memref.global `<name>_<suffix>` holding `data`.
  memref::GlobalOp global(StringRef suffix, MemRefType type,
                          DenseElementsAttr data);
  void packConstants();
  /// acc + dot(activation group broadcast, weight panel).
  Value dot(Value acc, Value act, Value weights);
  /// Broadcast of the input channel group at x[n, ih, iw, c].
  Value broadcastGroup(Value x, ValueRange indices);
  /// The four groups from x[n, ih, iw, c] in every 128-bit lane (quad
  /// lanes: lane l reads group l % 4, or (l % 4) ^ 1 in step 1 of two).
  Value broadcastQuads(Value x, ValueRange indices, Value step);
  /// The tile of `pixels` output pixels from `p0` against the register
  /// tile's output channel vectors from `cb0`: accumulate, then requantize
  /// and store.
  /// `tileIndex` of `tiles` (the pixel tile's place among the channel
  /// tile's) spreads the prefetch of the next channel tile's panels.
  void emitTile(Value x, Value n, Value p0, Value cb0, int64_t pixels,
                Value tileIndex, int64_t tiles);
  /// The kernel's arguments; y and the residual as [n, oh * ow, op].
  KernelArgs args;
  /// The epilogue's stack buffer of accumulators, [parts * tile, lanes]
  /// int32, and the first row of the current thread's part.
  Value scratch, scratchRow0;
  /// Segments with tails: the stack buffer of the gathered tail groups,
  /// [parts * tile, tailSteps * group] elements, and the current thread's
  /// first row.
  Value tails, tailRow0;
  /// Prefetch the next channel tile's weight panels into L2 while the
  /// current one is reduced (KernelEmitter::emit).
  bool prefetchNext = false;

  OpBuilder &b;
  ModuleOp module;
  Location loc;
  std::string name;
  const ConvProblem &p;
  KernelISA isa;
  KernelShapes s;
  const KernelOutputs &out;
  Type actType, accVec, actVec, wVec;
  memref::GlobalOp weightsG, multG, biasG, corrG;
  int64_t reduction = 0; ///< kernel rows x reduction steps per row
};

memref::GlobalOp KernelEmitter::global(StringRef suffix, MemRefType type,
                                       DenseElementsAttr data) {
  return constantGlobal(b, module, loc, (name + "_" + suffix).str(), type,
                        data);
}

void KernelEmitter::packConstants() {
  int64_t blocks = s.op / isa.lanes;
  int64_t rowSteps = s.segment ? s.steps : p.kw * s.steps;
  reduction = p.kh * rowSteps + s.tailSteps;
  int64_t panel = isa.lanes * isa.group;
  // OIHW weights with I = c / groups: 0 outside the output channel's group.
  auto w = [&](int64_t oc, int64_t ic, int64_t y, int64_t x) -> int32_t {
    if (oc >= p.o || ic >= p.c || x >= p.kw || ic / s.cgi != oc / s.cgo)
      return 0;
    int64_t i = ic - oc / s.cgo * s.cgi;
    return p.weights[((oc * s.cgi + i) * p.kh + y) * p.kw + x];
  };
  std::vector<int16_t> pairs(blocks * reduction * panel);
  std::vector<int32_t> corr(s.op, 0);
  for (int64_t cb = 0; cb < blocks; ++cb) {
    int64_t c0 = cb * isa.lanes / s.cgo * s.cgi;
    for (int64_t k = 0; k < reduction; ++k)
      for (int64_t lane = 0; lane < isa.lanes; ++lane)
        for (int64_t g = 0; g < isa.group; ++g) {
          // Segments: element e of row y is tap e / c, channel e % c; taps:
          // step r of row y is tap r / steps, window group r % steps.
          int64_t y, x, ic;
          if (k < p.kh * rowSteps) {
            y = k / rowSteps;
            int64_t r = k % rowSteps, e = r * isa.group + g;
            x = s.segment ? e / p.c : r / s.steps;
            ic = s.segment ? e % p.c : c0 + (r % s.steps) * isa.group + g;
            if (s.quadLanes)
              ic = c0 + (lane % 4 ^ r % s.steps) * isa.group + g;
          } else {
            // The gathered tails: element q is row q / tail's element
            // steps * group + q % tail (0 past the last row).
            int64_t q = (k - p.kh * rowSteps) * isa.group + g;
            y = q / s.tail;
            int64_t e = s.steps * isa.group + q % s.tail;
            x = e / p.c;
            ic = e % p.c;
          }
          int64_t at = (cb * reduction + k) * panel + lane * isa.group + g;
          int64_t oc =
              cb * isa.lanes + (s.quadLanes ? lane % 4 * 4 + lane / 4 : lane);
          int32_t v = y < p.kh ? w(oc, ic, y, x) : 0;
          pairs[at] = static_cast<int16_t>(v);
          corr[cb * isa.lanes + lane] += v;
        }
  }
  if (isa.bytes()) {
    // u8 x s8 quads: the activation bytes are x + 128 (s8) or x (u8), so
    // sum((x - zp) w) = acc - (shift + zp) sum(w), per output channel.
    int64_t shift = p.srcUnsigned ? 0 : 128;
    for (int32_t &c : corr)
      c = qpt2e::math::zeroPointCorrection(c, shift + p.srcZp);
    std::vector<int8_t> quads(pairs.begin(), pairs.end());
    Type i8 = b.getI8Type();
    auto wType = MemRefType::get({blocks, reduction, panel}, i8);
    weightsG = global("w", wType,
                      DenseElementsAttr::get(
                          RankedTensorType::get(wType.getShape(), i8),
                          ArrayRef<int8_t>(quads)));
    auto cType = MemRefType::get({s.op}, b.getI32Type());
    corrG = global("corr", cType,
                   DenseElementsAttr::get(
                       RankedTensorType::get({s.op}, b.getI32Type()),
                       ArrayRef<int32_t>(corr)));
  } else {
    Type wElem = b.getI16Type();
    auto wType = MemRefType::get({blocks, reduction, panel}, wElem);
    auto wTensor = RankedTensorType::get(wType.getShape(), wElem);
    weightsG = global("w", wType, DenseElementsAttr::get(
                                      wTensor, ArrayRef<int16_t>(pairs)));
  }

  RequantGlobals requant = requantizationGlobals(b, module, loc, name, p, s.op);
  multG = requant.mult;
  biasG = requant.bias;
}

Value KernelEmitter::dot(Value acc, Value act, Value weights) {
  if (isa.bytes()) {
    // acc[i] += sum of the lane's 4 u8 x s8 products, exact in int32.
    return qpt2e_x86::VpdpbusdOp::create(b, loc, accVec, acc, act, weights);
  }
  return pairDot(b, loc, acc, act, weights);
}

Value KernelEmitter::broadcastGroup(Value x, ValueRange indices) {
  // One 32-bit group (4 bytes or 2 int16) broadcast to every lane.
  auto groupVec = VectorType::get({isa.group}, actType);
  Value group = vector::LoadOp::create(b, loc, groupVec, x, indices);
  auto one = VectorType::get({1}, b.getI32Type());
  Value word = vector::ExtractOp::create(
      b, loc, vector::BitCastOp::create(b, loc, one, group), 0);
  auto lanes = VectorType::get({isa.lanes}, b.getI32Type());
  Value splat = vector::BroadcastOp::create(b, loc, lanes, word);
  return vector::BitCastOp::create(b, loc, actVec, splat);
}

Value KernelEmitter::broadcastQuads(Value x, ValueRange indices, Value step) {
  // Four quads (16 bytes) to every 128-bit lane, shuffled as bytes (the
  // load's own type): LLVM folds the load into one vbroadcasti32x4, where
  // a shuffle of the bitcast words takes a load and a vshufi64x2.
  int64_t bytes = 4 * isa.group;
  Value quads = vector::LoadOp::create(
      b, loc, VectorType::get({bytes}, actType), x, indices);
  SmallVector<int64_t> mask, swapped;
  for (int64_t e = 0; e < isa.lanes * isa.group; ++e) {
    int64_t q = e % bytes / isa.group;
    mask.push_back(e % bytes);
    swapped.push_back((q ^ 1) * isa.group + e % isa.group);
  }
  Value all = vector::ShuffleOp::create(b, loc, quads, quads, mask);
  if (s.steps == 1)
    return all;
  // Step 1 of two (8 channels per group): each lane's other quad (the
  // reduction's steps are unrolled, so the choice folds).
  Value other = vector::ShuffleOp::create(b, loc, quads, quads, swapped);
  Value first =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, step, idx(0));
  return arith::SelectOp::create(b, loc, first, all, other);
}

void KernelEmitter::emitTile(Value x, Value n, Value p0, Value cb0,
                             int64_t pixels, Value tileIndex, int64_t tiles) {
  int64_t tileBlocks = s.tileBlocks;
  // Input origin of each pixel of the tile.
  SmallVector<Value> ih0, iw0;
  for (int64_t t = 0; t < pixels; ++t) {
    Value pix = arith::AddIOp::create(b, loc, p0, idx(t));
    Value oh = arith::DivUIOp::create(b, loc, pix, idx(p.ow));
    Value ow = arith::RemUIOp::create(b, loc, pix, idx(p.ow));
    ih0.push_back(arith::MulIOp::create(b, loc, oh, idx(p.sh)));
    Value iw = arith::MulIOp::create(b, loc, ow, idx(p.sw));
    // Segments address the collapsed [n, hp, wp * cp] rows.
    iw0.push_back(s.segment
                      ? arith::MulIOp::create(b, loc, iw, idx(s.cp)).getResult()
                      : iw);
  }
  Value weights = memref::GetGlobalOp::create(b, loc, weightsG.getType(),
                                              weightsG.getSymName());
  // The first input channel of the tile's window (0 with groups 1).
  Value cStart =
      p.groups == 1
          ? idx(0)
          : arith::MulIOp::create(
                b, loc,
                arith::DivUIOp::create(
                    b, loc, arith::MulIOp::create(b, loc, cb0, idx(isa.lanes)),
                    idx(s.cgo)),
                idx(s.cgi))
                .getResult();
  Value zero = arith::ConstantOp::create(b, loc, DenseElementsAttr::get(
                                                     cast<ShapedType>(accVec),
                                                     b.getI32IntegerAttr(0)));
  // The prefetch of the next channel tile's panels (the last tile's: its
  // own, no address past the weights), contiguous in the packed weights:
  // spread evenly over the channel tile's pixel tiles, one prefetch per
  // reduction step `stride` elements on, pixel tile t from t * reduction *
  // stride, so that the lines arrive at the rate they are used and the
  // demand loads of the current panels never wait behind a burst.
  Value wFlat, prefetchBase;
  int64_t stride = 0;
  if (prefetchNext) {
    int64_t panelElems = isa.lanes * isa.group;
    int64_t chunk = tileBlocks * reduction * panelElems;
    stride = std::max<int64_t>(1, chunk / (tiles * reduction));
    auto wType = cast<MemRefType>(weightsG.getType());
    wFlat = flatWeights(b, loc, weightsG);
    Value nextCb = arith::MinUIOp::create(
        b, loc, arith::AddIOp::create(b, loc, cb0, idx(tileBlocks)),
        idx(wType.getDimSize(0) - tileBlocks));
    prefetchBase = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, nextCb, idx(reduction * panelElems)),
        arith::MulIOp::create(b, loc, tileIndex, idx(reduction * stride)));
  }
  // The accumulators start at zero, or for the u8 x s8 quads at the
  // channels' zero-point corrections (int32 sums wrap, so the order of the
  // additions does not matter): no correction add in the epilogue.
  SmallVector<Value> init(pixels * tileBlocks, zero);
  if (corrG) {
    Value corr = getGlobal(b, loc, corrG);
    for (int64_t j = 0; j < tileBlocks; ++j) {
      Value c0 = arith::MulIOp::create(
          b, loc, arith::AddIOp::create(b, loc, cb0, idx(j)), idx(isa.lanes));
      Value cv = vector::LoadOp::create(b, loc, accVec, corr, ValueRange{c0});
      for (int64_t t = 0; t < pixels; ++t)
        init[t * tileBlocks + j] = cv;
    }
  }
  // Reduction step k's weight panels (and the prefetch of the next
  // channel tile's).
  auto stepPanels = [&](Value k) {
    SmallVector<Value> panels;
    for (int64_t j = 0; j < tileBlocks; ++j) {
      Value cb = arith::AddIOp::create(b, loc, cb0, idx(j));
      panels.push_back(vector::LoadOp::create(b, loc, wVec, weights,
                                              ValueRange{cb, k, idx(0)}));
    }
    if (prefetchNext)
      prefetchToL2(
          b, loc, wFlat,
          arith::AddIOp::create(b, loc, prefetchBase,
                                arith::MulIOp::create(b, loc, k, idx(stride))));
    return panels;
  };
  // The reduction: kernel rows x (segment | kernel columns x window groups).
  int64_t columns = s.segment ? 1 : p.kw;
  scf::ForOp cgLoop;
  auto khLoop = scf::ForOp::create(b, loc, idx(0), idx(p.kh), idx(1), init);
  {
    OpBuilder::InsertionGuard g1(b);
    b.setInsertionPointToStart(khLoop.getBody());
    Value kh = khLoop.getInductionVar();
    if (s.tail) {
      // Row kh's tail elements of each pixel to the pixel's row of the tail
      // buffer, as elements kh * tail.. of its groups: a few loads and
      // stores per row beside its steps, long committed when the tail steps
      // after the rows read the groups.
      Value ihOff = arith::MulIOp::create(b, loc, kh, idx(p.dh));
      Value at = arith::MulIOp::create(b, loc, kh, idx(s.tail));
      for (int64_t t = 0; t < pixels; ++t) {
        Value ih = arith::AddIOp::create(b, loc, ih0[t], ihOff);
        Value row = arith::AddIOp::create(b, loc, tailRow0, idx(t));
        for (int64_t r = 0; r < s.tail; ++r) {
          Value e = memref::LoadOp::create(
              b, loc, x,
              ValueRange{n, ih,
                         arith::AddIOp::create(b, loc, iw0[t],
                                               idx(s.steps * isa.group + r))});
          memref::StoreOp::create(
              b, loc, e, tails,
              ValueRange{row, arith::AddIOp::create(b, loc, at, idx(r))});
        }
      }
    }
    auto kwLoop = scf::ForOp::create(b, loc, idx(0), idx(columns), idx(1),
                                     khLoop.getRegionIterArgs());
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPointToStart(kwLoop.getBody());
      Value kw = kwLoop.getInductionVar();
      cgLoop = scf::ForOp::create(b, loc, idx(0), idx(s.steps), idx(1),
                                  kwLoop.getRegionIterArgs());
      {
        OpBuilder::InsertionGuard g3(b);
        b.setInsertionPointToStart(cgLoop.getBody());
        Value cg = cgLoop.getInductionVar();
        Value k = arith::AddIOp::create(
            b, loc,
            arith::MulIOp::create(
                b, loc,
                arith::AddIOp::create(
                    b, loc, arith::MulIOp::create(b, loc, kh, idx(columns)),
                    kw),
                idx(s.steps)),
            cg);
        SmallVector<Value> panels = stepPanels(k);
        Value dy = arith::MulIOp::create(b, loc, kh, idx(p.dh));
        Value c = arith::MulIOp::create(b, loc, cg, idx(isa.group));
        SmallVector<Value> accs(cgLoop.getRegionIterArgs());
        for (int64_t t = 0; t < pixels; ++t) {
          Value ih = arith::AddIOp::create(b, loc, ih0[t], dy);
          Value act;
          if (s.segment) {
            act = broadcastGroup(
                x, ValueRange{n, ih, arith::AddIOp::create(b, loc, iw0[t], c)});
          } else {
            Value iw = arith::AddIOp::create(
                b, loc, iw0[t], arith::MulIOp::create(b, loc, kw, idx(p.dw)));
            // Quad lanes: every step reads the block's whole window.
            SmallVector<Value> at{
                n, ih, iw,
                s.quadLanes
                    ? cStart
                    : arith::AddIOp::create(b, loc, cStart, c).getResult()};
            act =
                s.quadLanes ? broadcastQuads(x, at, cg) : broadcastGroup(x, at);
          }
          for (int64_t j = 0; j < tileBlocks; ++j)
            accs[t * tileBlocks + j] =
                dot(accs[t * tileBlocks + j], act, panels[j]);
        }
        scf::YieldOp::create(b, loc, accs);
      }
      scf::YieldOp::create(b, loc, cgLoop.getResults());
    }
    scf::YieldOp::create(b, loc, kwLoop.getResults());
  }
  // Short rows with tails: each row's steps unrolled beside its gather, so
  // that LLVM schedules the tail loads and stores among the dot products
  // (ResNet-18's stem 8% faster on Zen 4 than with the 5-step loop).
  if ((s.tail && s.steps <= 8) || (s.quadLanes && s.steps > 1))
    (void)loopUnrollFull(cgLoop);
  ValueRange sums = khLoop.getResults();
  // Then the gathered tails, after the rows' steps in the packed weights.
  scf::ForOp tailLoop;
  if (s.tail) {
    tailLoop = scf::ForOp::create(b, loc, idx(0), idx(s.tailSteps), idx(1),
                                  khLoop.getResults());
    OpBuilder::InsertionGuard g1(b);
    b.setInsertionPointToStart(tailLoop.getBody());
    Value w = tailLoop.getInductionVar();
    SmallVector<Value> panels =
        stepPanels(arith::AddIOp::create(b, loc, w, idx(p.kh * s.steps)));
    SmallVector<Value> accs(tailLoop.getRegionIterArgs());
    Value c = arith::MulIOp::create(b, loc, w, idx(isa.group));
    for (int64_t t = 0; t < pixels; ++t) {
      Value act = broadcastGroup(
          tails,
          ValueRange{arith::AddIOp::create(b, loc, tailRow0, idx(t)), c});
      for (int64_t j = 0; j < tileBlocks; ++j)
        accs[t * tileBlocks + j] =
            dot(accs[t * tileBlocks + j], act, panels[j]);
    }
    scf::YieldOp::create(b, loc, accs);
    sums = tailLoop.getResults();
  }

  // Epilogue: the accumulators to this thread's rows of the stack buffer,
  // then per pixel (a loop, not unrolled: one requantization body per
  // channel vector) the requantization, act clamp, zero point and store.
  for (int64_t t = 0; t < pixels; ++t)
    for (int64_t j = 0; j < tileBlocks; ++j)
      vector::StoreOp::create(
          b, loc, sums[t * tileBlocks + j], scratch,
          ValueRange{arith::AddIOp::create(b, loc, scratchRow0,
                                           idx(t * tileBlocks + j)),
                     idx(0)});
  auto fVec = VectorType::get({isa.lanes}, b.getF32Type());
  Value mult = getGlobal(b, loc, multG), bias = getGlobal(b, loc, biasG);
  SmallVector<Value> ms, bvs, c0s;
  for (int64_t j = 0; j < tileBlocks; ++j) {
    Value c0 = arith::MulIOp::create(
        b, loc, arith::AddIOp::create(b, loc, cb0, idx(j)), idx(isa.lanes));
    c0s.push_back(c0);
    ms.push_back(vector::LoadOp::create(b, loc, fVec, mult, ValueRange{c0}));
    bvs.push_back(vector::LoadOp::create(b, loc, fVec, bias, ValueRange{c0}));
  }
  auto tLoop = scf::ForOp::create(b, loc, idx(0), idx(pixels), idx(1));
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(tLoop.getBody());
  Value t = tLoop.getInductionVar();
  // The output (and residual) as [n, oh * ow, op]: no division per pixel
  // (but for the next kernel's input form, which is spatially padded).
  Value pix = arith::AddIOp::create(b, loc, p0, t);
  Value row0 = arith::AddIOp::create(
      b, loc, scratchRow0, arith::MulIOp::create(b, loc, t, idx(tileBlocks)));
  Value oh, ow;
  if (out.form) {
    oh = arith::DivUIOp::create(b, loc, pix, idx(p.ow));
    ow = arith::RemUIOp::create(b, loc, pix, idx(p.ow));
  }
  SmallVector<Value> steps;
  for (int64_t j = 0; j < tileBlocks; ++j) {
    Value r;
    if (args.res)
      r = vector::LoadOp::create(b, loc,
                                 VectorType::get({isa.lanes}, b.getI8Type()),
                                 args.res, ValueRange{n, pix, c0s[j]});
    Value acc = vector::LoadOp::create(
        b, loc, accVec, scratch,
        ValueRange{arith::AddIOp::create(b, loc, row0, idx(j)), idx(0)});
    if (s.quadLanes) {
      // Back to channel order: channel 4 q + i is lane 4 i + q.
      SmallVector<int64_t> mask;
      for (int64_t c = 0; c < isa.lanes; ++c)
        mask.push_back(c % 4 * 4 + c / 4);
      acc = vector::ShuffleOp::create(b, loc, acc, acc, mask);
    }
    steps.push_back(requantizeSteps(b, loc, acc, ms[j], bvs[j], p, r));
  }
  storePixelOutputs(b, loc, out, args, steps, p.dstZp, n, pix, oh, ow, c0s);
}

func::FuncOp KernelEmitter::emit(unsigned threads) {
  actType = isa.bytes() ? b.getI8Type() : b.getI16Type();
  accVec = VectorType::get({isa.lanes}, b.getI32Type());
  actVec = VectorType::get({isa.lanes * isa.group}, actType);
  wVec = actVec;
  packConstants();

  auto xType = MemRefType::get({p.n, s.hp, s.wp, s.cp}, actType);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, s.op}, b.getI8Type());
  func::FuncOp fn = createKernelFunc(b, module, loc, name, xType, yType,
                                     p.hasResidual, isa.name(), out);
  OpBuilder::InsertionGuard guard(b);
  Block *body = &fn.front();
  b.setInsertionPointToStart(body);
  args = pixelArgs(b, loc, fn, p.hasResidual, out);
  Value x = args.x;
  if (s.segment) {
    // Segments run over the collapsed rows [n, hp, wp * cp].
    x = memref::CollapseShapeOp::create(
        b, loc, x, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  }
  // Pixel tiles of `tile` pixels; the last one ends at the last pixel,
  // overlapping its neighbour when `tile` does not divide the pixels (the
  // overlap is computed twice, to the same bytes): one tile body per
  // kernel, nothing for a remainder to compile.
  int64_t pixels = p.oh * p.ow;
  int64_t tile = std::min<int64_t>(s.tilePixels, pixels);
  int64_t tiles = (pixels + tile - 1) / tile;
  int64_t cbTiles = s.op / isa.lanes / s.tileBlocks;
  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  // Channel tiles outermost, pixel tiles inside: a channel tile's weight
  // panels stay in cache while every pixel tile uses them, and threads
  // (contiguous ranges of the flattened loop) each stream only their
  // channels' weights. Threads: `parts` contiguous ranges of the flattened
  // loop (one parallel region per call), each with its own rows of the
  // stack buffer. Where the weights are the smaller operand and fit in L2
  // (MobileNetV2's 1x1 layers: 12 KB of weights, 300 KB of input), the
  // parts split the pixels instead (pixel tiles outermost): each thread
  // reads its half of the input, where with channel parts each would read
  // all of it.
  int64_t weightBytes = cast<MemRefType>(weightsG.getType()).getNumElements() *
                        (isa.bytes() ? 1 : 2);
  int64_t inputBytes = p.n * s.hp * s.wp * s.cp * (isa.bytes() ? 1 : 2);
  bool pixelParts =
      threads > 1 && weightBytes <= 256 * 1024 && weightBytes < inputBytes;
  // One thread: pixel tiles outermost too where all the weights stay in L1
  // beside the tile's input lines (at most 16 KB: ResNet-18's layer2.0
  // downsample, 8 KB, 7% faster), so that each pixel's input is loaded
  // into L1 once for every channel tile, not once per channel tile; larger
  // weights keep the channel order (layer1's 37 KB ran 7% slower in pixel
  // order, its two panels and the input lines crowding the 48 KB L1).
  bool pixelOrder =
      pixelParts || (weightBytes <= 16 * 1024 && weightBytes < inputBytes);
  // Weights that come from L3 or memory (kPrefetchWeightBytes): the first
  // pixel tile of each channel tile would wait on them, so the reduction
  // prefetches the next channel tile's panels while it computes on the
  // current ones (emitTile).
  // Only where one step per pixel tile covers the next panels without
  // reaching past them (tiles <= tileBlocks x panel elements, the stride at
  // least 1): no prefetch address outside the weights.
  prefetchNext = !pixelOrder && weightBytes > kPrefetchWeightBytes &&
                 s.op / isa.lanes > s.tileBlocks &&
                 tiles <= s.tileBlocks * isa.lanes * isa.group;
  int64_t total = cbTiles * tiles;
  int64_t parts = threads > 1 ? std::min<int64_t>(threads, total) : 1;
  int64_t perPart = (total + parts - 1) / parts;
  parts = (total + perPart - 1) / perPart;
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPoint(nLoop);
    scratch = memref::AllocaOp::create(
        b, loc,
        MemRefType::get({parts * tile * s.tileBlocks, isa.lanes},
                        b.getI32Type()),
        b.getI64IntegerAttr(64));
    if (s.tail) {
      // Zeros past the last row's tail (weight 0: any value would do, but
      // no read of uninitialized memory).
      auto rowType = VectorType::get({s.tailSteps * isa.group}, actType);
      tails = memref::AllocaOp::create(
          b, loc,
          MemRefType::get({parts * tile, s.tailSteps * isa.group}, actType),
          b.getI64IntegerAttr(64));
      Value zeros = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(rowType, b.getIntegerAttr(actType, 0)));
      Value row = beginLoop(b, loc, parts * tile, /*parallel=*/false);
      vector::StoreOp::create(b, loc, zeros, tails, ValueRange{row, idx(0)});
      b.setInsertionPointAfter(row.getParentBlock()->getParentOp());
    }
  }
  Value part = parts > 1 ? beginLoop(b, loc, parts, /*parallel=*/true) : idx(0);
  scratchRow0 = arith::MulIOp::create(b, loc, part, idx(tile * s.tileBlocks));
  if (s.tail)
    tailRow0 = arith::MulIOp::create(b, loc, part, idx(tile));
  Value first = arith::MulIOp::create(b, loc, part, idx(perPart));
  Value last = arith::MinUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, first, idx(perPart)), idx(total));
  auto ivLoop = scf::ForOp::create(b, loc, first, last, idx(1));
  b.setInsertionPointToStart(ivLoop.getBody());
  Value iv = ivLoop.getInductionVar();
  Value cbIndex =
      pixelOrder ? arith::RemUIOp::create(b, loc, iv, idx(cbTiles)).getResult()
                 : arith::DivUIOp::create(b, loc, iv, idx(tiles)).getResult();
  Value tileIndex =
      pixelOrder ? arith::DivUIOp::create(b, loc, iv, idx(cbTiles)).getResult()
                 : arith::RemUIOp::create(b, loc, iv, idx(tiles)).getResult();
  Value cb0 = arith::MulIOp::create(b, loc, cbIndex, idx(s.tileBlocks));
  Value p0 = arith::MinUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, tileIndex, idx(tile)),
      idx(pixels - tile));
  emitTile(x, n, p0, cb0, tile, tileIndex, tiles);
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}

} // namespace

func::FuncOp vec::emitConvKernel(OpBuilder &b, ModuleOp module, Location loc,
                                 StringRef name, const ConvProblem &p,
                                 const KernelISA &isa, unsigned threads,
                                 const KernelOutputs &out) {
  return KernelEmitter(b, module, loc, name, p, isa, out).emit(threads);
}
