//===- WinogradKernels.cpp - exact integer Winograd F(2x2, 3x3) -----------===//
//
// A 3x3 stride-1 convolution as Winograd's F(2x2, 3x3): each 2 x 2 block
// of output pixels is A^T [U (.) V] A, with V = B^T d B the transform of
// its 4 x 4 input patch d and U = G g G^T the transform of the 3 x 3
// weights g, so that 16 products per block and input / output channel pair
// replace the direct convolution's 36. F(2x2, 3x3) is the one size whose
// transforms are integers once G is doubled: B and A hold only 0 and +-1,
// 2G only 0, +-1 and 2. The kernel computes in integers throughout and is
// exact:
//
//  * V = B^T d B on int16 x - zp (|d| <= 255): sums and differences of 4
//    x 4 values, |V| <= 1020, int16;
//  * U' = (2G) g (2G)^T = 4 G g G^T, packed at compile time: |U'| <= 9 *
//    128 = 1152, int16;
//  * per transform position, the reduction over input channels of U' V as
//    int16 pair dot products (vpmaddwd + vpaddd, as the direct kernels),
//    int32;
//  * A^T M A, additions and subtractions in int32, is 4 acc, acc the direct
//    convolution's accumulator; an arithmetic shift by 2 gives acc itself,
//    so the epilogue (the shared requantization) sees the same int32 as
//    the direct kernel's. The int32 operations wrap modulo 2^32 and are
//    exact wherever the result 4 acc fits int32: 4 * 9 * 255 * 128 * c <
//    2^31 for c <= 1024 input channels (winogradTakes).
//
// Blocks ("tiles") are numbered row-major over the output; the last block
// of a row or column of an odd size starts one pixel early and overlaps
// its neighbour (computed twice, to the same bytes), so no block reads
// past the padded input. The kernel takes `tilePixels` blocks at a time
// against `tileBlocks` channel vectors (the direct kernels' register tile,
// blocks in place of pixels), one transform position after the other; the
// 16 accumulator sets go to a stack buffer, and the output transform runs
// per block and channel vector before the shared epilogue. The input
// transforms of a chunk of groups (sized to stay in L2) are computed once
// per chunk into a buffer and read by every channel tile: the chunk loop
// is the one the threads split.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::vec;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

bool vec::winogradTakes(const ConvProblem &p, const KernelISA &isa) {
  // int16 pair kernels only: the u8 x s8 quads would need the transformed
  // input in bytes (|V| <= 1020 is not).
  if (isa.bytes() || p.groups != 1 || p.kh != 3 || p.kw != 3 || p.sh != 1 ||
      p.sw != 1 || p.dh != 1 || p.dw != 1 || p.oh < 2 || p.ow < 2 || p.c > 1024)
    return false;
  // Worth it where its pair steps (16 per block and channel pair, the
  // channels padded to the transform's vectors, overlapping blocks
  // included) are at most 3/4 of the direct kernel's (3 rows of 3 * c
  // contiguous elements per pixel), which leaves room for the transforms:
  // not for a few input channels (an RGB 3x3 has 15 direct steps per
  // pixel, 32 here).
  int64_t cp = ceilDiv(p.c, 2 * isa.lanes) * 2 * isa.lanes;
  int64_t blocks = ceilDiv(p.oh, 2) * ceilDiv(p.ow, 2);
  int64_t winograd = blocks * 16 * (cp / 2);
  int64_t direct = p.oh * p.ow * 3 * ceilDiv(3 * p.c, isa.group);
  return 4 * winograd <= 3 * direct;
}

WinogradShapes vec::winogradShapes(const ConvProblem &p, const KernelISA &isa) {
  WinogradShapes s;
  s.hp = p.h + 2 * p.ph;
  s.wp = p.w + 2 * p.pw;
  // The input transform runs on vectors of 2 * lanes int16 channels.
  s.cp = ceilDiv(p.c, 2 * isa.lanes) * 2 * isa.lanes;
  KernelShapes k = kernelShapes(p, isa);
  s.op = k.op;
  s.tileBlocks = k.tileBlocks;
  s.tilePixels = k.tilePixels;
  return s;
}

namespace {

/// The transform of 4 values along one axis: B^T (rows 0-3: d0 - d2, d1 +
/// d2, d2 - d1, d1 - d3).
template <typename Add, typename Sub>
void inputTransform1D(Add add, Sub sub, Value d[4], Value out[4]) {
  out[0] = sub(d[0], d[2]);
  out[1] = add(d[1], d[2]);
  out[2] = sub(d[2], d[1]);
  out[3] = sub(d[1], d[3]);
}

/// A^T (rows m0 + m1 + m2, m1 - m2 - m3).
template <typename Add, typename Sub>
void outputTransform1D(Add add, Sub sub, Value m[4], Value out[2]) {
  out[0] = add(add(m[0], m[1]), m[2]);
  out[1] = sub(sub(m[1], m[2]), m[3]);
}

} // namespace

func::FuncOp vec::emitWinogradKernel(OpBuilder &b, ModuleOp module,
                                     Location loc, StringRef name,
                                     const ConvProblem &p, const KernelISA &isa,
                                     unsigned threads,
                                     const KernelOutputs &out) {
  WinogradShapes s = winogradShapes(p, isa);
  int64_t lanes = isa.lanes, tb = s.tileBlocks, panel = 2 * lanes;
  int64_t steps = s.cp / 2, cbTiles = s.op / lanes / tb;
  int64_t th = ceilDiv(p.oh, 2), tw = ceilDiv(p.ow, 2), tiles = th * tw;
  int64_t pt = std::min<int64_t>(s.tilePixels, tiles);
  int64_t groups = ceilDiv(tiles, pt);

  // U' = (2G) g (2G)^T per output / input channel, as [channel tile][16
  // positions][steps][tb panels of lanes x (2 channels)] int16: a channel
  // tile's panels of one step are one contiguous run.
  static const int g2[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};
  std::vector<int16_t> packed(cbTiles * 16 * steps * tb * panel, 0);
  for (int64_t oc = 0; oc < p.o; ++oc)
    for (int64_t ic = 0; ic < p.c; ++ic) {
      const int8_t *g = &p.weights[(oc * p.c + ic) * 9];
      int tmp[4][3];
      for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 3; ++c)
          tmp[r][c] =
              g2[r][0] * g[c] + g2[r][1] * g[3 + c] + g2[r][2] * g[6 + c];
      int64_t cbt = oc / (lanes * tb), j = oc / lanes % tb, lane = oc % lanes;
      for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) {
          int u = tmp[r][0] * g2[c][0] + tmp[r][1] * g2[c][1] +
                  tmp[r][2] * g2[c][2];
          int64_t e = r * 4 + c;
          packed[(((cbt * 16 + e) * steps + ic / 2) * tb + j) * panel +
                 lane * 2 + ic % 2] = static_cast<int16_t>(u);
        }
    }
  Type i32 = b.getI32Type(), i16 = b.getI16Type(), i8 = b.getI8Type();
  auto wType = MemRefType::get({cbTiles, 16, steps, tb * panel}, i16);
  memref::GlobalOp weightsG = constantGlobal(
      b, module, loc, (name + "_w").str(), wType,
      DenseElementsAttr::get(RankedTensorType::get(wType.getShape(), i16),
                             ArrayRef<int16_t>(packed)));
  RequantGlobals requant = requantizationGlobals(b, module, loc, name, p, s.op);

  auto xType = MemRefType::get({p.n, s.hp, s.wp, s.cp}, i16);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, s.op}, i8);
  func::FuncOp fn = createKernelFunc(
      b, module, loc, name, xType, yType, p.hasResidual,
      (llvm::Twine(isa.name()) + ", winograd F(2x2, 3x3)").str(), out);
  OpBuilder::InsertionGuard guard(b);
  Block *body = &fn.front();
  b.setInsertionPointToStart(body);
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto add = [&](Value a, Value c) -> Value {
    return arith::AddIOp::create(b, loc, a, c);
  };
  auto sub = [&](Value a, Value c) -> Value {
    return arith::SubIOp::create(b, loc, a, c);
  };
  auto mul = [&](Value a, int64_t c) -> Value {
    return arith::MulIOp::create(b, loc, a, idx(c));
  };
  KernelArgs args = pixelArgs(b, loc, fn, p.hasResidual, out);
  Value x = args.x, w = getGlobal(b, loc, weightsG);
  Value multV = getGlobal(b, loc, requant.mult);
  Value biasV = getGlobal(b, loc, requant.bias);
  auto accVec = VectorType::get({lanes}, i32);
  auto actVec = VectorType::get({panel}, i16);
  auto fVec = VectorType::get({lanes}, b.getF32Type());

  // Chunks of groups whose input transforms (pt x 16 x cp int16 per group)
  // stay within 256 KB of L2 while every channel tile reads them. Threads
  // split the chunks (at least one per thread where there are as many
  // groups), or, where the transformed weights exceed 1 MB (read once per
  // chunk by every thread, they would come from L3 twice: ResNet-18's
  // layer2-4), the channel tiles, each thread transforming every chunk
  // itself (the transforms cost a few percent of the products there).
  int64_t groupBytes = pt * 16 * s.cp * 2;
  int64_t weightBytes = static_cast<int64_t>(packed.size()) * 2;
  bool channelParts = threads > 1 && cbTiles >= 2 && weightBytes >= (1 << 20);
  int64_t perChunk = std::clamp<int64_t>(256 * 1024 / groupBytes, 1, groups);
  int64_t chunks = ceilDiv(groups, perChunk);
  if (threads > 1 && !channelParts) {
    if (chunks < std::min<int64_t>(threads, groups))
      chunks = std::min<int64_t>(threads, groups);
    if (chunks > 1)
      chunks = std::min(groups, ceilDiv(chunks, threads) * threads);
  }
  perChunk = ceilDiv(groups, chunks);
  chunks = ceilDiv(groups, perChunk);
  int64_t units = channelParts ? cbTiles : chunks;
  int64_t parts = threads > 1 ? std::min<int64_t>(threads, units) : 1;
  int64_t perPart = ceilDiv(units, parts);
  parts = ceilDiv(units, perPart);

  // Per part: the chunk's input transforms [tiles][16][cp] (heap: up to
  // 256 KB each) and the accumulators of one group [16][pt x tb][lanes].
  Value vBuf = memref::AllocOp::create(
      b, loc, MemRefType::get({parts, perChunk * pt, 16, s.cp}, i16),
      b.getI64IntegerAttr(64));
  Value mBuf = memref::AllocaOp::create(
      b, loc, MemRefType::get({parts, 16, pt * tb, lanes}, i32),
      b.getI64IntegerAttr(64));

  // The output origin (row, column) of block `t`.
  auto origin = [&](Value t) -> std::pair<Value, Value> {
    Value ti = arith::DivUIOp::create(b, loc, t, idx(tw));
    Value tj = arith::RemUIOp::create(b, loc, t, idx(tw));
    return {arith::MinUIOp::create(b, loc, mul(ti, 2), idx(p.oh - 2)),
            arith::MinUIOp::create(b, loc, mul(tj, 2), idx(p.ow - 2))};
  };
  // The first block of group `g` (the last group overlaps its neighbour).
  auto firstTile = [&](Value g) -> Value {
    return arith::MinUIOp::create(b, loc, mul(g, pt), idx(tiles - pt));
  };

  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  Value part = parts > 1 ? beginLoop(b, loc, parts, /*parallel=*/true) : idx(0);
  // The part's range of chunks (channel tiles with channelParts).
  Value unitBegin = mul(part, perPart);
  Value unitEnd =
      arith::MinUIOp::create(b, loc, add(unitBegin, idx(perPart)), idx(units));
  Value chunkBegin = channelParts ? idx(0) : unitBegin;
  Value chunkEnd = channelParts ? idx(chunks) : unitEnd;
  auto chunkLoop = scf::ForOp::create(b, loc, chunkBegin, chunkEnd, idx(1));
  b.setInsertionPointToStart(chunkLoop.getBody());
  Value g0 = mul(chunkLoop.getInductionVar(), perChunk);
  Value ng =
      arith::MinUIOp::create(b, loc, idx(perChunk), sub(idx(groups), g0));

  // Input transforms of the chunk's blocks.
  {
    OpBuilder::InsertionGuard g(b);
    auto lgLoop = scf::ForOp::create(b, loc, idx(0), ng, idx(1));
    b.setInsertionPointToStart(lgLoop.getBody());
    Value lg = lgLoop.getInductionVar();
    Value t0 = firstTile(add(g0, lg));
    auto tLoop = scf::ForOp::create(b, loc, idx(0), idx(pt), idx(1));
    b.setInsertionPointToStart(tLoop.getBody());
    Value t = tLoop.getInductionVar();
    auto [r0, c0] = origin(add(t0, t));
    Value local = add(mul(lg, pt), t);
    auto cLoop = scf::ForOp::create(b, loc, idx(0), idx(s.cp), idx(panel));
    b.setInsertionPointToStart(cLoop.getBody());
    Value c = cLoop.getInductionVar();
    Value d[4][4], rows[4][4];
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        d[i][j] = vector::LoadOp::create(
            b, loc, actVec, x,
            ValueRange{n, add(r0, idx(i)), add(c0, idx(j)), c});
    for (int j = 0; j < 4; ++j) {
      Value col[4] = {d[0][j], d[1][j], d[2][j], d[3][j]}, tr[4];
      inputTransform1D(add, sub, col, tr);
      for (int i = 0; i < 4; ++i)
        rows[i][j] = tr[i];
    }
    for (int i = 0; i < 4; ++i) {
      Value v[4];
      inputTransform1D(add, sub, rows[i], v);
      for (int j = 0; j < 4; ++j)
        vector::StoreOp::create(b, loc, v[j], vBuf,
                                ValueRange{part, local, idx(i * 4 + j), c});
    }
  }

  // Per channel tile and group: the 16 products, the output transform and
  // the epilogue.
  Value cbBegin = channelParts ? unitBegin : idx(0);
  Value cbEnd = channelParts ? unitEnd : idx(cbTiles);
  // Transformed weights above kPrefetchWeightBytes (ResNet-18's layer2-4:
  // 0.6-8.4 MB) come from L3 or memory: the next channel tile's (after the
  // part's last, its first, which the next chunk reads) are prefetched into
  // L2 while the chunk's groups reduce on this one's, one prefetch per step
  // `stride` elements on, spread over the chunk's groups.
  int64_t tileElems = 16 * steps * tb * panel;
  // (perChunk <= tb * panel: the stride is at least 1 and the offsets stay
  // within the next tile's weights.)
  bool prefetchNext = weightBytes > kPrefetchWeightBytes && cbTiles > 1 &&
                      perChunk <= tb * panel;
  int64_t stride = std::max<int64_t>(1, tb * panel / perChunk);
  Value wFlat = prefetchNext ? flatWeights(b, loc, weightsG) : Value();
  auto cbLoop = scf::ForOp::create(b, loc, cbBegin, cbEnd, idx(1));
  b.setInsertionPointToStart(cbLoop.getBody());
  Value cbt = cbLoop.getInductionVar();
  Value nextBase;
  if (prefetchNext) {
    Value next = add(cbt, idx(1));
    Value wrap =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, next, cbEnd);
    next = arith::SelectOp::create(b, loc, wrap, cbBegin, next);
    nextBase = mul(next, tileElems);
  }
  SmallVector<Value> ms, bvs, c0s;
  for (int64_t j = 0; j < tb; ++j) {
    Value ch = mul(add(mul(cbt, tb), idx(j)), lanes);
    c0s.push_back(ch);
    ms.push_back(vector::LoadOp::create(b, loc, fVec, multV, ValueRange{ch}));
    bvs.push_back(vector::LoadOp::create(b, loc, fVec, biasV, ValueRange{ch}));
  }
  auto lgLoop = scf::ForOp::create(b, loc, idx(0), ng, idx(1));
  b.setInsertionPointToStart(lgLoop.getBody());
  Value lg = lgLoop.getInductionVar();
  Value t0 = firstTile(add(g0, lg));
  Value local0 = mul(lg, pt);
  {
    OpBuilder::InsertionGuard g(b);
    auto eLoop = scf::ForOp::create(b, loc, idx(0), idx(16), idx(1));
    b.setInsertionPointToStart(eLoop.getBody());
    Value e = eLoop.getInductionVar();
    Value zero = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(cast<ShapedType>(accVec),
                               b.getI32IntegerAttr(0)));
    SmallVector<Value> init(pt * tb, zero);
    auto kLoop = scf::ForOp::create(b, loc, idx(0), idx(steps), idx(1), init);
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPointToStart(kLoop.getBody());
      Value k = kLoop.getInductionVar();
      SmallVector<Value> panels, accs(kLoop.getRegionIterArgs());
      for (int64_t j = 0; j < tb; ++j)
        panels.push_back(vector::LoadOp::create(
            b, loc, actVec, w, ValueRange{cbt, e, k, idx(j * panel)}));
      if (prefetchNext)
        prefetchToL2(b, loc, wFlat,
                     add(nextBase,
                         mul(add(mul(add(mul(lg, 16), e), steps), k), stride)));
      Value c = mul(k, 2);
      auto pairVec = VectorType::get({2}, i16);
      auto one = VectorType::get({1}, i32);
      for (int64_t t = 0; t < pt; ++t) {
        // The block's channel pair broadcast to every lane.
        Value pair = vector::LoadOp::create(
            b, loc, pairVec, vBuf, ValueRange{part, add(local0, idx(t)), e, c});
        Value word = vector::ExtractOp::create(
            b, loc, vector::BitCastOp::create(b, loc, one, pair), 0);
        Value act = vector::BitCastOp::create(
            b, loc, actVec, vector::BroadcastOp::create(b, loc, accVec, word));
        for (int64_t j = 0; j < tb; ++j)
          accs[t * tb + j] = pairDot(b, loc, accs[t * tb + j], act, panels[j]);
      }
      scf::YieldOp::create(b, loc, accs);
    }
    for (int64_t r = 0; r < pt * tb; ++r)
      vector::StoreOp::create(b, loc, kLoop.getResult(r), mBuf,
                              ValueRange{part, e, idx(r), idx(0)});
  }
  // Output transform and epilogue, one block at a time.
  auto tLoop = scf::ForOp::create(b, loc, idx(0), idx(pt), idx(1));
  b.setInsertionPointToStart(tLoop.getBody());
  Value t = tLoop.getInductionVar();
  auto [r0, c0] = origin(add(t0, t));
  Value two = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(cast<ShapedType>(accVec), b.getI32IntegerAttr(2)));
  // ys[j][dy][dx]: channel vector j of output pixel (r0 + dy, c0 + dx).
  SmallVector<std::array<std::array<Value, 2>, 2>> ys(tb);
  for (int64_t j = 0; j < tb; ++j) {
    Value row = add(mul(t, tb), idx(j));
    Value m[4][4], cols[2][4];
    for (int e = 0; e < 16; ++e)
      m[e / 4][e % 4] = vector::LoadOp::create(
          b, loc, accVec, mBuf, ValueRange{part, idx(e), row, idx(0)});
    for (int i = 0; i < 4; ++i) {
      Value o[2];
      outputTransform1D(add, sub, m[i], o);
      cols[0][i] = o[0];
      cols[1][i] = o[1];
    }
    for (int dx = 0; dx < 2; ++dx) {
      Value o[2];
      outputTransform1D(add, sub, cols[dx], o);
      for (int dy = 0; dy < 2; ++dy)
        ys[j][dy][dx] = arith::ShRSIOp::create(b, loc, o[dy], two);
    }
  }
  for (int dy = 0; dy < 2; ++dy)
    for (int dx = 0; dx < 2; ++dx) {
      Value oh = add(r0, idx(dy)), ow = add(c0, idx(dx));
      Value pix = add(mul(oh, p.ow), ow);
      SmallVector<Value> stepsOf;
      for (int64_t j = 0; j < tb; ++j) {
        Value r;
        if (args.res)
          r = vector::LoadOp::create(b, loc, VectorType::get({lanes}, i8),
                                     args.res, ValueRange{n, pix, c0s[j]});
        stepsOf.push_back(
            requantizeSteps(b, loc, ys[j][dy][dx], ms[j], bvs[j], p, r));
      }
      storePixelOutputs(b, loc, out, args, stepsOf, p.dstZp, n, pix, oh, ow,
                        c0s);
    }
  // (The buffer deallocation pipeline frees vBuf at the return.)
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}
