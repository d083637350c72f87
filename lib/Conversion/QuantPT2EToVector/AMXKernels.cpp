//===- AMXKernels.cpp - int8 convolution on AMX tiles ---------------------===//
//
// Direct convolution on int8 NHWC activations with upstream MLIR's `amx`
// dialect (docs/VectorCodegen.md). The convolution is a GEMM whose rows
// are output pixels, whose columns are output channels and whose reduction
// runs over segments of contiguous input bytes:
//
//   * a segment is one kernel row (kw * c bytes: the taps of a row are
//     adjacent in NHWC when the dilation along W is 1), or one tap (c
//     bytes) for dilated convolutions, read in 64-byte chunks;
//   * an A tile (16 x 64 bytes) holds one chunk for 16 output pixels whose
//     windows are a constant stride apart in the input, a strided tile
//     load, no im2col: with stride 1 the pixels flattened over the padded
//     width (q = oh * wp + ow, c bytes apart; the columns ow >= OW of each
//     row are computed and dropped), otherwise 16 pixels of one output
//     row (stride_w * c bytes apart; a row's tail tile drops its rows past
//     OW). Every tile has 16 rows: a tile of another shape needs tile
//     registers of its own, and LLVM spills accumulators when the shapes
//     outnumber the eight registers;
//   * the B tiles (16 x 64 bytes) are the weights of 16 output channels
//     for that chunk in the tiles' 4-byte groups (B[r][4 n + q] = W[n][4 r
//     + q]), packed at compile time; bytes past the segment (chunk tail,
//     channels beyond c) have weight 0, so what the load reads there (the
//     next pixels, or the slack rows below the image) adds nothing;
//   * a block is two A tiles x two B tiles: four C tiles (16 x 16 int32)
//     kept in tile registers across the whole reduction (tdpbssd, or
//     tdpbusd for ui8 inputs), two A and two B loads per four tile
//     products (all eight tile registers). One A tile with four B tiles
//     reloads a B tile before every product, which runs at half the tile
//     rate even from L1. The C tiles then go through a small stack buffer
//     to the vector epilogue shared with the other kernels;
//   * loop order: channel pairs outermost (each weight read once, the
//     input once per pair) or pixel blocks outermost (the input once, the
//     weights once per block), whichever reads fewer bytes; the threads
//     split the outermost loop.
//
// Stride-2 convolutions on few channels (stems) run on the padded image
// stored as 2 x 2 pixel blocks of 4 c channels (space to depth, written by
// the input function): out(oh, ow) sums W[ky][kx] X[2 oh + ky][2 ow + kx],
// and with ky = 2 a + dy, kx = 2 b + dx that is a stride-1 convolution of
// ceil(kh / 2) x ceil(kw / 2) taps on the blocks, weight 0 where ky or kx
// passes the kernel. Its kernel rows are ceil(kw / 2) * 4 c contiguous
// bytes: ResNet's 7x7/2 stem on 3 channels reads 4 chunks of 64 bytes (48
// used) per output instead of 7 (21 used), and its tiles are flat.
//
// Exactness: tile products sum 8-bit products into int32 without
// saturation. Spatial padding is the input zero point, so the accumulator
// is sum(x w) over every tap; sum((x - zp) w) = acc - zp * sum(w), the
// per-channel correction added in int32 before requantizing: exact.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "quant-pt2e/Math/QuantMath.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::vec;

namespace {

constexpr int64_t kRows = 16;  ///< tile rows (pixels; K groups of B)
constexpr int64_t kBytes = 64; ///< bytes per tile row
constexpr int64_t kLanes = 16; ///< int32 columns of a C tile
constexpr int64_t kTilesA = 2; ///< A tiles (pixel tiles) per block
constexpr int64_t kTilesB = 2; ///< B tiles (channel blocks) per block
/// Packed weights from which threads split the output channels rather
/// than the pixels (half of a 2 MB L2).
constexpr int64_t kSplitChannelBytes = 1 << 20;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The reduction's segments: contiguous input runs and their lengths.
struct Segments {
  bool rows;      ///< one segment per kernel row (dw == 1), else per tap
  int64_t count;  ///< kh, or kh * kw
  int64_t length; ///< bytes: kw * c, or c
  int64_t chunks; ///< 64-byte chunks per segment
};

Segments segmentsOf(const ConvProblem &p) {
  bool rows = p.dw == 1;
  int64_t length = rows ? p.kw * p.c : p.c;
  return {rows, rows ? p.kh : p.kh * p.kw, length, ceilDiv(length, kBytes)};
}

/// 64-byte chunks per output pixel of the direct reduction.
int64_t chunksOf(const ConvProblem &p) {
  Segments seg = segmentsOf(p);
  return seg.count * seg.chunks;
}

/// Whether `p` runs on 2 x 2 pixel blocks: a stride-2 undilated
/// convolution whose block rows (ceil(kw / 2) * 4 c bytes, at least 16)
/// need fewer chunks than its kernel rows.
bool useSpaceToDepth(const ConvProblem &p) {
  if (p.groups != 1 || p.sh != 2 || p.sw != 2 || p.dh != 1 || p.dw != 1)
    return false;
  int64_t rowBytes = ceilDiv(p.kw, 2) * 4 * p.c;
  return rowBytes >= 16 &&
         ceilDiv(p.kh, 2) * ceilDiv(rowBytes, kBytes) < chunksOf(p);
}

/// The stride-1 convolution on the blocks that computes `p`.
ConvProblem spaceToDepth(const ConvProblem &p) {
  ConvProblem q = p;
  q.c = 4 * p.c;
  q.h = ceilDiv(p.h + 2 * p.ph, 2);
  q.w = ceilDiv(p.w + 2 * p.pw, 2);
  q.kh = ceilDiv(p.kh, 2);
  q.kw = ceilDiv(p.kw, 2);
  q.sh = q.sw = 1;
  q.ph = q.pw = 0;
  q.weights.assign(p.o * q.c * q.kh * q.kw, 0);
  for (int64_t oc = 0; oc < p.o; ++oc)
    for (int64_t ic = 0; ic < p.c; ++ic)
      for (int64_t ky = 0; ky < p.kh; ++ky)
        for (int64_t kx = 0; kx < p.kw; ++kx) {
          int64_t blockChannel = ((ky % 2) * 2 + kx % 2) * p.c + ic;
          q.weights[((oc * q.c + blockChannel) * q.kh + ky / 2) * q.kw +
                    kx / 2] =
              p.weights[((oc * p.c + ic) * p.kh + ky) * p.kw + kx];
        }
  return q;
}

/// How the output pixels fill the A tiles, and the loop order.
struct Plan {
  /// Stride 1: pixels flattened over the padded width (q = oh * wp + ow,
  /// input offset q * c), so every A tile has 16 rows; the columns
  /// ow >= OW of each row are computed and dropped. Otherwise one output
  /// row per A tile: 16-pixel tiles along it and a tail of owTail.
  bool flat;
  int64_t units;  ///< flat: blocks of 32 pixels; rows: pairs of rows
  int64_t owFull; ///< rows: full 16-pixel tiles per row
  int64_t owTail; ///< rows: pixels of the last tile (0: none)
  /// Channel pairs outermost (the threads split the channels), else pixel
  /// units (the threads split the pixels).
  bool channelsOuter;
  int64_t weights; ///< packed weight bytes
  int64_t wp, hp;
};

Plan planOf(const ConvProblem &p) {
  Segments seg = segmentsOf(p);
  Plan pl;
  pl.wp = p.w + 2 * p.pw;
  pl.flat = p.sh == 1 && p.sw == 1;
  int64_t lastBase; // input byte offset of the last A row's pixel
  if (pl.flat) {
    pl.units = ceilDiv(p.oh * pl.wp, kTilesA * kRows);
    pl.owFull = pl.owTail = 0;
    lastBase = (pl.units * kTilesA * kRows - 1) * p.c;
  } else {
    pl.units = ceilDiv(p.oh, kTilesA);
    pl.owFull = p.ow / kRows;
    pl.owTail = p.ow % kRows;
    // Every tile has 16 rows (a tail's past OW are computed and dropped):
    // tiles of fewer rows would need tile registers of their own shape,
    // and LLVM spills the accumulators when the shapes outnumber them.
    lastBase = ((pl.units * kTilesA - 1) * p.sh * pl.wp +
                (ceilDiv(p.ow, kRows) * kRows - 1) * p.sw) *
               p.c;
  }
  int64_t segMax = (p.kh - 1) * p.dh * pl.wp * p.c +
                   (seg.rows ? 0 : (p.kw - 1) * p.dw * p.c);
  // Bytes past a segment, past the last output row (an odd row count's
  // partner, the flat blocks' last pixels) are read into rows of weight 0
  // or dropped: slack rows below the image keep every load in bounds.
  int64_t end = lastBase + segMax + seg.chunks * kBytes;
  pl.hp = std::max(p.h + 2 * p.ph, ceilDiv(end, pl.wp * p.c));
  // Bytes read from beyond L1: channels outermost read the weights once
  // and the input once per channel pair; pixels outermost the input once
  // and the weights once per pixel unit. ResNet-18 on AMX: layer4's 3x3
  // (2.4 MB of weights, 2 units) 1.3x faster channels outermost, its
  // 1x1 stride 2 (128 KB, 16 pairs) pixels outermost.
  // The packed weights' bytes (packConstants): per 16-channel block and
  // chunk, 16 rows x 64 bytes.
  int64_t weights =
      ceilDiv(p.o, kLanes) * seg.count * seg.chunks * kRows * kBytes;
  int64_t input = p.h * p.w * p.c;
  int64_t pairs = ceilDiv(ceilDiv(p.o, kLanes), kTilesB);
  pl.channelsOuter = weights + pairs * input <= pl.units * weights + input;
  pl.weights = weights;
  return pl;
}

/// The shapes of the tiles' problem `p` (on blocks: the blocks' channels).
AMXShapes shapesOf(const ConvProblem &p, bool blocks) {
  Plan pl = planOf(p);
  return {pl.hp, pl.wp, ceilDiv(p.o, kLanes) * kLanes, p.c, blocks};
}

class AMXEmitter {
public:
  /// `p` is the problem the tiles compute (on the blocks for a space to
  /// depth input, `blocks`).
  AMXEmitter(OpBuilder &b, ModuleOp module, Location loc, StringRef name,
             const ConvProblem &p, const KernelOutputs &out, bool blocks)
      : b(b), module(module), loc(loc), name(name), p(p), out(out),
        s(shapesOf(p, blocks)), seg(segmentsOf(p)), pl(planOf(p)),
        blocks(blocks) {}

  func::FuncOp emit(unsigned threads);

private:
  /// The A tiles of one pixel block: input byte offsets of their first
  /// pixels, and their rows m.
  struct Pixels {
    Value unit; ///< flat block, or row pair
    Value ow0;  ///< rows: first pixel of the tiles
    int64_t m;  ///< output pixels per A tile (its rows past m dropped)
  };
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t k) {
    return arith::MulIOp::create(b, loc, x, idx(k));
  }
  void packConstants();
  /// For each pixel block of the units [lo, hi): `body`.
  void forPixels(Value lo, Value hi, function_ref<void(const Pixels &)> body);
  /// For each channel unit in [lo, hi): the pairs of 16-channel blocks,
  /// then the odd last block (unit `pairs`) if there is one.
  void forChannels(Value lo, Value hi, function_ref<void(Value, int64_t)> body);
  /// One block: the pixels' A tiles x channel blocks [cb, cb + nb).
  void emitBlock(const Pixels &px, Value cb, int64_t nb);
  /// Input byte offset of A tile i's first pixel.
  Value tileBase(const Pixels &px, int64_t i);

  OpBuilder &b;
  ModuleOp module;
  Location loc;
  std::string name;
  const ConvProblem &p;
  const KernelOutputs &out;
  KernelArgs args;
  AMXShapes s;
  Segments seg;
  Plan pl;
  bool blocks;
  memref::GlobalOp weightsG, multG, biasG, corrG;
  Value n, x1d, w1d, scratch;
  Value scratchRow0; ///< this thread's first row of `scratch`
};

void AMXEmitter::packConstants() {
  // [block][segment][chunk][16 rows][64 bytes]: row r of a chunk holds, for
  // each of the 16 channels n, the 4 bytes 4r..4r+3 of the chunk.
  int64_t chunkBytes = kRows * kBytes;
  std::vector<int8_t> packed(pl.weights, 0);
  std::vector<int32_t> corr(s.op, 0);
  for (int64_t oc = 0; oc < p.o; ++oc) {
    int64_t block = oc / kLanes, lane = oc % kLanes;
    int64_t sum = 0;
    for (int64_t sg = 0; sg < seg.count; ++sg)
      for (int64_t k = 0; k < seg.length; ++k) {
        int64_t ky = seg.rows ? sg : sg / p.kw;
        int64_t kx = seg.rows ? k / p.c : sg % p.kw;
        int64_t ic = k % p.c;
        int8_t w = p.weights[((oc * p.c + ic) * p.kh + ky) * p.kw + kx];
        sum += w;
        int64_t chunk = k / kBytes, inChunk = k % kBytes;
        int64_t at = ((block * seg.count + sg) * seg.chunks + chunk) *
                         chunkBytes +
                     (inChunk / 4) * kBytes + lane * 4 + inChunk % 4;
        packed[at] = w;
      }
    // sum((x - zp) w) = sum(x w) - zp sum(w): fits int32 for 8-bit data.
    corr[oc] = qpt2e::math::zeroPointCorrection(sum, p.srcZp);
  }
  Type i8 = b.getI8Type();
  auto wType = MemRefType::get({static_cast<int64_t>(packed.size())}, i8);
  weightsG = constantGlobal(
      b, module, loc, name + "_w", wType,
      DenseElementsAttr::get(RankedTensorType::get(wType.getShape(), i8),
                             ArrayRef<int8_t>(packed)));
  RequantGlobals requant = requantizationGlobals(b, module, loc, name, p, s.op);
  multG = requant.mult;
  biasG = requant.bias;
  auto iType = MemRefType::get({s.op}, b.getI32Type());
  corrG = constantGlobal(
      b, module, loc, name + "_corr", iType,
      DenseElementsAttr::get(RankedTensorType::get({s.op}, b.getI32Type()),
                             ArrayRef<int32_t>(corr)));
}

Value AMXEmitter::tileBase(const Pixels &px, int64_t i) {
  Value image = mul(n, s.hp * s.wp * p.c);
  if (pl.flat)
    return add(image,
               mul(add(mul(px.unit, kTilesA * kRows), idx(i * kRows)), p.c));
  Value oh = add(mul(px.unit, kTilesA), idx(i));
  Value pixel = add(mul(oh, p.sh * s.wp), mul(px.ow0, p.sw));
  return add(image, mul(pixel, p.c));
}

void AMXEmitter::emitBlock(const Pixels &px, Value cb, int64_t nb) {
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  int64_t m = px.m;
  auto aType = amx::TileType::get({kRows, kBytes}, i8);
  auto bType = amx::TileType::get({kRows, kBytes}, i8);
  auto cType = amx::TileType::get({kRows, kLanes}, i32);
  SmallVector<Value> init;
  for (int64_t k = 0; k < kTilesA * nb; ++k)
    init.push_back(amx::TileZeroOp::create(b, loc, cType));
  Value bases[kTilesA] = {tileBase(px, 0), tileBase(px, 1)};
  int64_t chunkBytes = kRows * kBytes;
  Value rowStride = idx(p.sw * p.c);
  Value wStride = idx(kBytes);
  // The reduction: segments x 64-byte chunks, C tiles loop-carried; per
  // step two A and nb B tile loads for 2 nb tile products.
  auto segLoop =
      scf::ForOp::create(b, loc, idx(0), idx(seg.count), idx(1), init);
  {
    OpBuilder::InsertionGuard g1(b);
    b.setInsertionPointToStart(segLoop.getBody());
    Value sg = segLoop.getInductionVar();
    // Input offset of the segment: kernel row ky (and column kx).
    Value segOff;
    if (seg.rows) {
      segOff = mul(sg, p.dh * s.wp * p.c);
    } else {
      Value ky = arith::DivUIOp::create(b, loc, sg, idx(p.kw));
      Value kx = arith::RemUIOp::create(b, loc, sg, idx(p.kw));
      segOff = add(mul(ky, p.dh * s.wp * p.c), mul(kx, p.dw * p.c));
    }
    auto chunkLoop = scf::ForOp::create(b, loc, idx(0), idx(seg.chunks),
                                        idx(1), segLoop.getRegionIterArgs());
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPointToStart(chunkLoop.getBody());
      Value ch = chunkLoop.getInductionVar();
      Value off = add(segOff, mul(ch, kBytes));
      Value a[kTilesA];
      for (int64_t i = 0; i < kTilesA; ++i)
        a[i] = amx::TileLoadOp::create(
            b, loc, aType, x1d, ValueRange{add(bases[i], off)}, rowStride);
      Value segChunk = add(mul(sg, seg.chunks), ch);
      SmallVector<Value> accs(chunkLoop.getRegionIterArgs());
      for (int64_t j = 0; j < nb; ++j) {
        Value at =
            mul(add(mul(add(cb, idx(j)), seg.count * seg.chunks), segChunk),
                chunkBytes);
        Value wt = amx::TileLoadOp::create(b, loc, bType, w1d, ValueRange{at},
                                           wStride);
        for (int64_t i = 0; i < kTilesA; ++i) {
          auto prod = amx::TileMulIOp::create(b, loc, cType, a[i], wt,
                                              accs[i * nb + j]);
          if (p.srcUnsigned)
            prod.setIsZextLhs(true);
          accs[i * nb + j] = prod;
        }
      }
      scf::YieldOp::create(b, loc, accs);
    }
    scf::YieldOp::create(b, loc, chunkLoop.getResults());
  }
  // Epilogue: C tiles to the stack buffer, then per output pixel the int32
  // correction, requantization, act clamp, zero point, 16 bytes per block.
  for (int64_t k = 0; k < kTilesA * nb; ++k)
    amx::TileStoreOp::create(
        b, loc, scratch, ValueRange{add(scratchRow0, idx(k * kRows)), idx(0)},
        segLoop.getResult(k));
  auto iVec = VectorType::get({kLanes}, i32);
  auto fVec = VectorType::get({kLanes}, b.getF32Type());
  Value mult = memref::GetGlobalOp::create(b, loc, multG.getType(),
                                           multG.getSymName());
  Value bias = memref::GetGlobalOp::create(b, loc, biasG.getType(),
                                           biasG.getSymName());
  Value corr = memref::GetGlobalOp::create(b, loc, corrG.getType(),
                                           corrG.getSymName());
  SmallVector<Value> c0s, mvs, bvs, cvs;
  for (int64_t j = 0; j < nb; ++j) {
    Value c0 = mul(add(cb, idx(j)), kLanes);
    c0s.push_back(c0);
    mvs.push_back(vector::LoadOp::create(b, loc, fVec, mult, ValueRange{c0}));
    bvs.push_back(vector::LoadOp::create(b, loc, fVec, bias, ValueRange{c0}));
    cvs.push_back(vector::LoadOp::create(b, loc, iVec, corr, ValueRange{c0}));
  }
  for (int64_t i = 0; i < kTilesA; ++i) {
    auto rowLoop = scf::ForOp::create(b, loc, idx(0), idx(m), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value r = rowLoop.getInductionVar();
    // The row's output pixel, and whether it is one (flat blocks drop the
    // columns past OW and the pixels past the image; an odd row count's
    // last pair has no second row).
    Value oh, ow, valid;
    if (pl.flat) {
      Value q = add(add(mul(px.unit, kTilesA * kRows), idx(i * kRows)), r);
      oh = arith::DivUIOp::create(b, loc, q, idx(s.wp));
      ow = arith::RemUIOp::create(b, loc, q, idx(s.wp));
      valid = arith::AndIOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, oh,
                                idx(p.oh)),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, ow,
                                idx(p.ow)));
    } else {
      oh = add(mul(px.unit, kTilesA), idx(i));
      ow = add(px.ow0, r);
      if (p.oh % kTilesA != 0)
        valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, oh,
                                      idx(p.oh));
    }
    if (valid) {
      auto guard = scf::IfOp::create(b, loc, valid, /*withElse=*/false);
      b.setInsertionPointToStart(&guard.getThenRegion().front());
    }
    for (int64_t j = 0; j < nb; ++j) {
      Value row = add(add(scratchRow0, idx((i * nb + j) * kRows)), r);
      Value acc = vector::LoadOp::create(b, loc, iVec, scratch,
                                         ValueRange{row, idx(0)});
      acc = arith::AddIOp::create(b, loc, acc, cvs[j]);
      Value resBytes;
      if (args.res)
        resBytes =
            vector::LoadOp::create(b, loc, VectorType::get({kLanes}, i8),
                                   args.res, ValueRange{n, oh, ow, c0s[j]});
      Value steps = requantizeSteps(b, loc, acc, mvs[j], bvs[j], p, resBytes);
      storeOutputs(b, loc, out, args, steps, p.dstZp,
                   ValueRange{n, oh, ow, c0s[j]}, n, oh, ow, c0s[j]);
    }
  }
}

void AMXEmitter::forPixels(Value lo, Value hi,
                           function_ref<void(const Pixels &)> body) {
  OpBuilder::InsertionGuard guard(b);
  auto loop = scf::ForOp::create(b, loc, lo, hi, idx(1));
  b.setInsertionPointToStart(loop.getBody());
  Value unit = loop.getInductionVar();
  if (pl.flat) {
    body({unit, Value(), kRows});
    return;
  }
  if (pl.owFull > 0) {
    auto owLoop =
        scf::ForOp::create(b, loc, idx(0), idx(pl.owFull * kRows), idx(kRows));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(owLoop.getBody());
    body({unit, owLoop.getInductionVar(), kRows});
  }
  if (pl.owTail > 0)
    body({unit, idx(pl.owFull * kRows), pl.owTail});
}

void AMXEmitter::forChannels(Value lo, Value hi,
                             function_ref<void(Value, int64_t)> body) {
  int64_t blocks = s.op / kLanes, pairs = blocks / kTilesB;
  if (pairs > 0) {
    OpBuilder::InsertionGuard guard(b);
    Value end = arith::MinUIOp::create(b, loc, hi, idx(pairs));
    auto loop = scf::ForOp::create(b, loc, lo, end, idx(1));
    b.setInsertionPointToStart(loop.getBody());
    body(mul(loop.getInductionVar(), kTilesB), kTilesB);
  }
  if (blocks % kTilesB != 0) {
    // The odd last block is channel unit `pairs`.
    OpBuilder::InsertionGuard guard(b);
    Value mine = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, hi,
                                       idx(pairs));
    auto ifOp = scf::IfOp::create(b, loc, mine, /*withElse=*/false);
    b.setInsertionPointToStart(&ifOp.getThenRegion().front());
    body(idx(blocks - 1), 1);
  }
}

func::FuncOp AMXEmitter::emit(unsigned threads) {
  packConstants();
  Type i8 = b.getI8Type();
  auto xType = MemRefType::get({p.n, s.hp, s.wp, p.c}, i8);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, s.op}, i8);
  func::FuncOp fn =
      createKernelFunc(b, module, loc, name, xType, yType, p.hasResidual,
                       std::string("amx (int8 tiles: ") +
                           (p.srcUnsigned ? "tdpbusd" : "tdpbssd") +
                           (blocks ? ", 2x2 space to depth)" : ")"),
                       out);
  OpBuilder::InsertionGuard guard(b);
  Block *body = &fn.front();
  b.setInsertionPointToStart(body);
  args = kernelArgs(fn, p.hasResidual, out);
  x1d = memref::CollapseShapeOp::create(
      b, loc, args.x, SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
  w1d = memref::GetGlobalOp::create(b, loc, weightsG.getType(),
                                    weightsG.getSymName());
  int64_t blocks = s.op / kLanes;
  int64_t units = blocks / kTilesB + blocks % kTilesB; ///< channel units
  // Threads: one parallel region per call, each thread its own rows of the
  // stack buffer. They split the pixel units (each thread reads the input
  // its pixels need, which the producer's threads wrote in the same
  // order), or, where the weights are too many to read twice (layer4 of
  // ResNet-18) or the pixels too few to split, the channel units.
  // Fewer pixel units than threads (a linear layer's one row) split the
  // channels too.
  bool splitChannels =
      pl.weights >= kSplitChannelBytes ||
      (threads > 1 && pl.units < static_cast<int64_t>(threads) && units > 1);
  int64_t outer = splitChannels ? units : pl.units;
  int64_t parts = threads > 1 ? std::min<int64_t>(threads, outer) : 1;
  int64_t perPart = ceilDiv(outer, parts);
  parts = ceilDiv(outer, perPart);
  int64_t tileRows = kTilesA * kTilesB * kRows;
  auto scratchType =
      MemRefType::get({parts * tileRows, kLanes}, b.getI32Type());
  scratch =
      memref::AllocaOp::create(b, loc, scratchType, b.getI64IntegerAttr(64));
  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  n = nLoop.getInductionVar();
  Value part = parts > 1 ? beginLoop(b, loc, parts, /*parallel=*/true) : idx(0);
  scratchRow0 = mul(part, tileRows);
  Value first = mul(part, perPart);
  Value last =
      arith::MinUIOp::create(b, loc, add(first, idx(perPart)), idx(outer));
  Value pLo = idx(0), pHi = idx(pl.units), cLo = idx(0), cHi = idx(units);
  if (parts > 1)
    (splitChannels ? cLo : pLo) = first, (splitChannels ? cHi : pHi) = last;
  if (pl.channelsOuter) {
    forChannels(cLo, cHi, [&](Value cb, int64_t nb) {
      forPixels(pLo, pHi, [&](const Pixels &px) { emitBlock(px, cb, nb); });
    });
  } else {
    forPixels(pLo, pHi, [&](const Pixels &px) {
      forChannels(cLo, cHi,
                  [&](Value cb, int64_t nb) { emitBlock(px, cb, nb); });
    });
  }
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}

} // namespace

bool vec::amxTakes(const ConvProblem &p) {
  // Grouped convolutions run on the vector kernels' channel windows.
  return p.groups == 1 && (segmentsOf(p).length >= 16 || useSpaceToDepth(p));
}

AMXShapes vec::amxShapes(const ConvProblem &p) {
  if (useSpaceToDepth(p))
    return shapesOf(spaceToDepth(p), /*blocks=*/true);
  return shapesOf(p, /*blocks=*/false);
}

func::FuncOp vec::emitAMXConvKernel(OpBuilder &b, ModuleOp module, Location loc,
                                    StringRef name, const ConvProblem &p,
                                    unsigned threads,
                                    const KernelOutputs &out) {
  if (useSpaceToDepth(p)) {
    ConvProblem q = spaceToDepth(p);
    return AMXEmitter(b, module, loc, name, q, out, /*blocks=*/true)
        .emit(threads);
  }
  return AMXEmitter(b, module, loc, name, p, out, /*blocks=*/false)
      .emit(threads);
}
