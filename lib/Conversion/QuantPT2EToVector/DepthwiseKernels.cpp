//===- DepthwiseKernels.cpp - int8 depthwise convolution in vector code ---===//
//
// A depthwise convolution (groups == input channels == output channels)
// has no reduction over channels: each output channel sums kh * kw
// products of its own input channel. On NHWC activations prepared as
// int16 x - zp (padding 0), the kernel pairs the taps of a kernel row, (0,
// 1), (2, 3), ..., the last one of an odd width with a zero weight, so
// that one int16 pair dot product (vpmaddwd on x86: two products per lane
// and instruction where a 32-bit multiply has one, at twice the
// throughput on AMD Zen 2) sums two taps per lane. The pair vectors of
// two input columns are their in-lane interleaves (vpunpcklwd /
// vpunpckhwd, no lane crossing): the low one holds channels (0-3, 8-11,
// ...), the high one (4-7, 12-15, ...) of a block of two channel vectors,
// and the weights are packed at compile time as the same pairs in the
// same order ([kh][pairs][cp][2] int16); the accumulators are put back in
// channel order once, before the epilogue. Per output row the kernel
// keeps `tile` pixels x two channel vectors in int32 accumulators across
// the kernel rows (a loop: one row's columns, pairs and weights live at a
// time); each input column is loaded once per kernel row and a pair vector
// serves every pixel that reads it (stride 1: pixel t's taps (2, 3) are
// pixel t + 2's taps (0, 1)). Exact: the products and their sums fit
// int32. The epilogue is the one shared with the other kernels.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::vec;

bool vec::isDepthwise(const ConvProblem &p) {
  return p.groups > 1 && p.groups == p.c && p.groups == p.o;
}

DepthwiseShapes vec::depthwiseShapes(const ConvProblem &p,
                                     const KernelISA &isa) {
  DepthwiseShapes s;
  s.hp = p.h + 2 * p.ph;
  s.wp = p.w + 2 * p.pw;
  // An odd width's last tap pairs with the column dw past it (weight 0).
  if (p.kw % 2)
    s.wp = std::max(s.wp, (p.ow - 1) * p.sw + p.kw * p.dw + 1);
  int64_t block = 2 * isa.lanes;
  s.cp = (p.o + block - 1) / block * block;
  return s;
}

func::FuncOp vec::emitDepthwiseKernel(OpBuilder &b, ModuleOp module,
                                      Location loc, StringRef name,
                                      const ConvProblem &p,
                                      const KernelISA &isa, unsigned threads,
                                      const KernelOutputs &out) {
  DepthwiseShapes s = depthwiseShapes(p, isa);
  int64_t lanes = isa.lanes, cp = s.cp, block = 2 * lanes;
  int64_t pairs = (p.kw + 1) / 2;
  // The channel of element m of the low (half 0) or high (half 1) pair
  // vector of a block: in-lane interleaves, 128-bit lanes of 4 pairs.
  auto channelOf = [](int64_t half, int64_t m) {
    return m / 4 * 8 + half * 4 + m % 4;
  };
  // [kh][pairs][cp][2]: taps (2i, 2i + 1) of row ky per channel, 0 past kw,
  // each block of channels in the pair vectors' order.
  std::vector<int16_t> packed(p.kh * pairs * cp * 2, 0);
  for (int64_t cb = 0; cb < cp; cb += block)
    for (int64_t half = 0; half < 2; ++half)
      for (int64_t m = 0; m < lanes; ++m) {
        int64_t oc = cb + channelOf(half, m);
        if (oc >= p.o)
          continue;
        for (int64_t ky = 0; ky < p.kh; ++ky)
          for (int64_t kx = 0; kx < p.kw; ++kx)
            packed[((ky * pairs + kx / 2) * cp + cb + half * lanes + m) * 2 +
                   kx % 2] = p.weights[(oc * p.kh + ky) * p.kw + kx];
      }
  Type i32 = b.getI32Type(), i16 = b.getI16Type(), i8 = b.getI8Type();
  auto wType = MemRefType::get({p.kh, pairs, cp * 2}, i16);
  memref::GlobalOp weightsG = constantGlobal(
      b, module, loc, (name + "_w").str(), wType,
      DenseElementsAttr::get(RankedTensorType::get(wType.getShape(), i16),
                             ArrayRef<int16_t>(packed)));
  RequantGlobals requant = requantizationGlobals(b, module, loc, name, p, cp);

  auto xType = MemRefType::get({p.n, s.hp, s.wp, cp}, i16);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, cp}, i8);
  func::FuncOp fn =
      createKernelFunc(b, module, loc, name, xType, yType, p.hasResidual,
                       (llvm::Twine(isa.name()) + ", depthwise").str(), out);
  OpBuilder::InsertionGuard guard(b);
  Block *body = &fn.front();
  b.setInsertionPointToStart(body);
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  KernelArgs args = kernelArgs(fn, p.hasResidual, out);
  Value x = args.x, res = args.res;
  Value w = getGlobal(b, loc, weightsG);
  Value multV = getGlobal(b, loc, requant.mult);
  Value biasV = getGlobal(b, loc, requant.bias);
  auto accVec = VectorType::get({lanes}, i32);
  auto colVec = VectorType::get({block}, i16);
  auto fVec = VectorType::get({lanes}, b.getF32Type());
  auto bVec = VectorType::get({lanes}, i8);
  // In-lane interleaves of two columns a, b (vpunpcklwd / vpunpckhwd), and
  // the accumulators back in channel order (vector k: channels k L ...).
  SmallVector<int64_t> lowPairs, highPairs;
  for (int64_t l = 0; l < lanes / 4; ++l)
    for (int64_t e = 0; e < 4; ++e) {
      lowPairs.append({l * 8 + e, block + l * 8 + e});
      highPairs.append({l * 8 + 4 + e, block + l * 8 + 4 + e});
    }
  SmallVector<SmallVector<int64_t>> inOrder(2);
  for (int64_t k = 0; k < 2; ++k)
    for (int64_t c = k * lanes; c < (k + 1) * lanes; ++c) {
      int64_t half = c % 8 / 4, m = c / 8 * 4 + c % 4;
      inOrder[k].push_back(half * lanes + m);
    }

  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  Value oh = beginLoop(b, loc, p.oh, threads > 1 && p.oh > 1);
  Value ih0 = arith::MulIOp::create(b, loc, oh, idx(p.sh));
  // `tile` pixels of the row per step, then the rest one at a time.
  int64_t tile = std::min<int64_t>(4, p.ow);
  int64_t full = p.ow / tile * tile;
  auto emitPixels = [&](Value ow0, int64_t pixels) {
    auto cLoop = scf::ForOp::create(b, loc, idx(0), idx(cp), idx(block));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(cLoop.getBody());
    Value c = cLoop.getInductionVar();
    Value c2 = arith::MulIOp::create(b, loc, c, idx(2));
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(cast<ShapedType>(accVec),
                                       b.getI32IntegerAttr(0)));
    Value iw0 = arith::MulIOp::create(b, loc, ow0, idx(p.sw));
    SmallVector<Value> init(pixels * 2, zero);
    auto kyLoop = scf::ForOp::create(b, loc, idx(0), idx(p.kh), idx(1), init);
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPointToStart(kyLoop.getBody());
      Value ky = kyLoop.getInductionVar();
      SmallVector<Value> accs(kyLoop.getRegionIterArgs());
      Value ih = arith::AddIOp::create(
          b, loc, ih0, arith::MulIOp::create(b, loc, ky, idx(p.dh)));
      // The row's columns and pair vectors by offset from iw0, each built
      // once for all pixels.
      llvm::DenseMap<int64_t, Value> columns;
      llvm::DenseMap<int64_t, std::pair<Value, Value>> pairVecs;
      auto column = [&](int64_t off) -> Value {
        Value &v = columns[off];
        if (!v)
          v = vector::LoadOp::create(
              b, loc, colVec, x,
              ValueRange{n, ih, arith::AddIOp::create(b, loc, iw0, idx(off)),
                         c});
        return v;
      };
      auto pairOf = [&](int64_t off) -> std::pair<Value, Value> {
        auto &pv = pairVecs[off];
        if (!pv.first) {
          Value a = column(off), bcol = column(off + p.dw);
          pv = {vector::ShuffleOp::create(b, loc, a, bcol, lowPairs),
                vector::ShuffleOp::create(b, loc, a, bcol, highPairs)};
        }
        return pv;
      };
      for (int64_t i = 0; i < pairs; ++i) {
        Value wLo = vector::LoadOp::create(b, loc, colVec, w,
                                           ValueRange{ky, idx(i), c2});
        Value wHi = vector::LoadOp::create(
            b, loc, colVec, w,
            ValueRange{ky, idx(i),
                       arith::AddIOp::create(b, loc, c2, idx(block))});
        for (int64_t t = 0; t < pixels; ++t) {
          auto [lo, hi] = pairOf(t * p.sw + 2 * i * p.dw);
          accs[2 * t] = pairDot(b, loc, accs[2 * t], lo, wLo);
          accs[2 * t + 1] = pairDot(b, loc, accs[2 * t + 1], hi, wHi);
        }
      }
      scf::YieldOp::create(b, loc, accs);
    }
    for (int64_t k = 0; k < 2; ++k) {
      Value ch = arith::AddIOp::create(b, loc, c, idx(k * lanes));
      Value m = vector::LoadOp::create(b, loc, fVec, multV, ValueRange{ch});
      Value bv = vector::LoadOp::create(b, loc, fVec, biasV, ValueRange{ch});
      for (int64_t t = 0; t < pixels; ++t) {
        Value acc =
            vector::ShuffleOp::create(b, loc, kyLoop.getResult(2 * t),
                                      kyLoop.getResult(2 * t + 1), inOrder[k]);
        Value ow = arith::AddIOp::create(b, loc, ow0, idx(t));
        Value r;
        if (res)
          r = vector::LoadOp::create(b, loc, bVec, res,
                                     ValueRange{n, oh, ow, ch});
        storeOutputs(b, loc, out, args,
                     requantizeSteps(b, loc, acc, m, bv, p, r), p.dstZp,
                     ValueRange{n, oh, ow, ch}, n, oh, ow, ch);
      }
    }
  };
  {
    auto owLoop = scf::ForOp::create(b, loc, idx(0), idx(full), idx(tile));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(owLoop.getBody());
    emitPixels(owLoop.getInductionVar(), tile);
  }
  if (full < p.ow) {
    auto rest = scf::ForOp::create(b, loc, idx(full), idx(p.ow), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(rest.getBody());
    emitPixels(rest.getInductionVar(), 1);
  }
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}
