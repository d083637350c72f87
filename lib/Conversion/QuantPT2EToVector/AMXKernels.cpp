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
//   * the A tile (M x 64 bytes) holds one chunk for M <= 16 consecutive
//     output pixels of one output row, rows `stride_w * c` bytes apart in
//     the input: a strided tile load, no im2col;
//   * the B tiles (16 x 64 bytes) are the weights of 16 output channels
//     for that chunk in the tiles' 4-byte groups (B[r][4 n + q] = W[n][4 r
//     + q]), packed at compile time; bytes past the segment (chunk tail,
//     channels beyond c) have weight 0, so what the load reads there (the
//     next pixels, or the slack rows below the image) adds nothing;
//   * the C tiles (M x 16 int32) of up to four channel blocks stay in
//     tile registers across the whole reduction (tdpbssd, or tdpbusd for
//     ui8 inputs), then go through a small stack buffer to the vector
//     epilogue shared with the other kernels.
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

constexpr int64_t kRows = 16;     ///< tile rows (pixels; K groups of B)
constexpr int64_t kBytes = 64;    ///< bytes per tile row
constexpr int64_t kLanes = 16;    ///< int32 columns of a C tile
constexpr int64_t kMaxBlocks = 4; ///< C tiles kept (plus one A, one B)

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

class AMXEmitter {
public:
  AMXEmitter(OpBuilder &b, ModuleOp module, Location loc, StringRef name,
             const ConvProblem &p)
      : b(b), module(module), loc(loc), name(name), p(p), s(amxShapes(p)),
        seg(segmentsOf(p)) {}

  func::FuncOp emit(unsigned threads);

private:
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  void packConstants();
  /// Channel blocks [cb0, cb0 + blocks) for the output rows [first, last).
  void emitGroup(Value n, Value first, Value last, Value cb0, int64_t blocks);
  /// Those blocks for the output pixels [ow0, ow0 + m) of row `oh`.
  void emitPixels(Value n, Value oh, Value ow0, int64_t m, Value cb0,
                  int64_t blocks);
  /// Channel blocks [cb0, cb0 + blocks) for those pixels.
  void emitBlocks(Value base, Value n, Value oh, Value ow0, int64_t m,
                  Value cb0, int64_t blocks);

  OpBuilder &b;
  ModuleOp module;
  Location loc;
  std::string name;
  const ConvProblem &p;
  AMXShapes s;
  Segments seg;
  memref::GlobalOp weightsG, multG, biasG, corrG;
  Value x1d, w1d, y, res, scratch;
  Value scratchRow0; ///< this thread's first row of `scratch`
  int64_t parts = 1; ///< contiguous output-row ranges (threads)
};

void AMXEmitter::packConstants() {
  int64_t blocks = s.op / kLanes;
  // [block][segment][chunk][16 rows][64 bytes]: row r of a chunk holds, for
  // each of the 16 channels n, the 4 bytes 4r..4r+3 of the chunk.
  int64_t chunkBytes = kRows * kBytes;
  std::vector<int8_t> packed(blocks * seg.count * seg.chunks * chunkBytes, 0);
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

void AMXEmitter::emitBlocks(Value base, Value n, Value oh, Value ow0,
                            int64_t m, Value cb0, int64_t blocks) {
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  auto aType = amx::TileType::get({m, kBytes}, i8);
  auto bType = amx::TileType::get({kRows, kBytes}, i8);
  auto cType = amx::TileType::get({m, kLanes}, i32);
  bool zextLhs = p.srcUnsigned;
  SmallVector<Value> init;
  for (int64_t j = 0; j < blocks; ++j)
    init.push_back(amx::TileZeroOp::create(b, loc, cType));
  int64_t chunkBytes = kRows * kBytes;
  Value rowStride = idx(p.sw * p.c);
  Value wStride = idx(kBytes);
  // The reduction: segments x 64-byte chunks, C tiles loop-carried.
  auto segLoop = scf::ForOp::create(b, loc, idx(0), idx(seg.count), idx(1),
                                    init);
  {
    OpBuilder::InsertionGuard g1(b);
    b.setInsertionPointToStart(segLoop.getBody());
    Value sg = segLoop.getInductionVar();
    // Input offset of the segment: kernel row ky (and column kx).
    Value segOff;
    if (seg.rows) {
      segOff = arith::MulIOp::create(b, loc, sg, idx(p.dh * s.wp * p.c));
    } else {
      Value ky = arith::DivUIOp::create(b, loc, sg, idx(p.kw));
      Value kx = arith::RemUIOp::create(b, loc, sg, idx(p.kw));
      segOff = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, ky, idx(p.dh * s.wp * p.c)),
          arith::MulIOp::create(b, loc, kx, idx(p.dw * p.c)));
    }
    Value segBase = arith::AddIOp::create(b, loc, base, segOff);
    auto chunkLoop = scf::ForOp::create(b, loc, idx(0), idx(seg.chunks),
                                        idx(1), segLoop.getRegionIterArgs());
    {
      OpBuilder::InsertionGuard g2(b);
      b.setInsertionPointToStart(chunkLoop.getBody());
      Value ch = chunkLoop.getInductionVar();
      Value aOff = arith::AddIOp::create(
          b, loc, segBase, arith::MulIOp::create(b, loc, ch, idx(kBytes)));
      Value a = amx::TileLoadOp::create(b, loc, aType, x1d, ValueRange{aOff},
                                        rowStride);
      // Weights of block cb at (segment, chunk).
      Value segChunk = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, sg, idx(seg.chunks)), ch);
      SmallVector<Value> accs(chunkLoop.getRegionIterArgs());
      for (int64_t j = 0; j < blocks; ++j) {
        Value cb = arith::AddIOp::create(b, loc, cb0, idx(j));
        Value at = arith::MulIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc,
                arith::MulIOp::create(b, loc, cb,
                                      idx(seg.count * seg.chunks)),
                segChunk),
            idx(chunkBytes));
        Value wt = amx::TileLoadOp::create(b, loc, bType, w1d,
                                           ValueRange{at}, wStride);
        auto mul = amx::TileMulIOp::create(b, loc, cType, a, wt, accs[j]);
        if (zextLhs)
          mul.setIsZextLhs(true);
        accs[j] = mul;
      }
      scf::YieldOp::create(b, loc, accs);
    }
    scf::YieldOp::create(b, loc, chunkLoop.getResults());
  }
  // Epilogue: C tiles to the stack buffer, then per pixel row the int32
  // correction, requantization, act clamp, zero point, 16 output bytes.
  for (int64_t j = 0; j < blocks; ++j)
    amx::TileStoreOp::create(
        b, loc, scratch,
        ValueRange{arith::AddIOp::create(b, loc, scratchRow0, idx(j * kRows)),
                   idx(0)},
        segLoop.getResult(j));
  auto iVec = VectorType::get({kLanes}, i32);
  auto fVec = VectorType::get({kLanes}, b.getF32Type());
  Value mult = memref::GetGlobalOp::create(b, loc, multG.getType(),
                                           multG.getSymName());
  Value bias = memref::GetGlobalOp::create(b, loc, biasG.getType(),
                                           biasG.getSymName());
  Value corr = memref::GetGlobalOp::create(b, loc, corrG.getType(),
                                           corrG.getSymName());
  for (int64_t j = 0; j < blocks; ++j) {
    Value c0 = arith::MulIOp::create(
        b, loc, arith::AddIOp::create(b, loc, cb0, idx(j)), idx(kLanes));
    Value mv = vector::LoadOp::create(b, loc, fVec, mult, ValueRange{c0});
    Value bv = vector::LoadOp::create(b, loc, fVec, bias, ValueRange{c0});
    Value cv = vector::LoadOp::create(b, loc, iVec, corr, ValueRange{c0});
    auto rowLoop = scf::ForOp::create(b, loc, idx(0), idx(m), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value r = rowLoop.getInductionVar();
    Value acc = vector::LoadOp::create(
        b, loc, iVec, scratch,
        ValueRange{arith::AddIOp::create(
                       b, loc, r,
                       arith::AddIOp::create(b, loc, scratchRow0,
                                             idx(j * kRows))),
                   idx(0)});
    acc = arith::AddIOp::create(b, loc, acc, cv);
    Value ow = arith::AddIOp::create(b, loc, ow0, r);
    Value resBytes;
    if (res)
      resBytes = vector::LoadOp::create(b, loc, VectorType::get({kLanes}, i8),
                                        res, ValueRange{n, oh, ow, c0});
    Value out = requantize(b, loc, acc, mv, bv, p, resBytes);
    vector::StoreOp::create(b, loc, out, y, ValueRange{n, oh, ow, c0});
  }
}

void AMXEmitter::emitPixels(Value n, Value oh, Value ow0, int64_t m,
                            Value cb0, int64_t blocks) {
  // Input byte offset of the first pixel's window.
  Value row = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, n, idx(s.hp)),
      arith::MulIOp::create(b, loc, oh, idx(p.sh)));
  Value base = arith::MulIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, row, idx(s.wp)),
                            arith::MulIOp::create(b, loc, ow0, idx(p.sw))),
      idx(p.c));
  emitBlocks(base, n, oh, ow0, m, cb0, blocks);
}

void AMXEmitter::emitGroup(Value n, Value first, Value last, Value cb0,
                           int64_t blocks) {
  // This thread's output rows [first, last) for the group's blocks.
  OpBuilder::InsertionGuard guard(b);
  auto ohLoop = scf::ForOp::create(b, loc, first, last, idx(1));
  b.setInsertionPointToStart(ohLoop.getBody());
  Value oh = ohLoop.getInductionVar();
  int64_t fullTiles = p.ow / kRows, tail = p.ow % kRows;
  if (fullTiles > 0) {
    auto owLoop = scf::ForOp::create(b, loc, idx(0), idx(fullTiles * kRows),
                                     idx(kRows));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(owLoop.getBody());
    emitPixels(n, oh, owLoop.getInductionVar(), kRows, cb0, blocks);
  }
  if (tail > 0)
    emitPixels(n, oh, idx(fullTiles * kRows), tail, cb0, blocks);
}

func::FuncOp AMXEmitter::emit(unsigned threads) {
  packConstants();
  Type i8 = b.getI8Type();
  auto xType = MemRefType::get({p.n, s.hp, s.wp, p.c}, i8);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, s.op}, i8);
  func::FuncOp fn = createKernelFunc(
      b, module, loc, name, xType, yType, p.hasResidual,
      p.srcUnsigned ? "amx (int8 tiles: tdpbusd)" : "amx (int8 tiles: tdpbssd)");
  OpBuilder::InsertionGuard guard(b);
  Block *body = &fn.front();
  b.setInsertionPointToStart(body);
  y = body->getArgument(1);
  if (p.hasResidual)
    res = body->getArgument(2);
  x1d = memref::CollapseShapeOp::create(
      b, loc, body->getArgument(0),
      SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
  w1d = memref::GetGlobalOp::create(b, loc, weightsG.getType(),
                                    weightsG.getSymName());
  // Channel groups outermost: a group's packed weights (up to 4 x 16
  // channels over the whole reduction) stay in cache while every output
  // pixel uses them. The stack buffer is allocated once per call.
  parts = threads > 1 ? std::min<int64_t>(threads, p.oh) : 1;
  parts = ceilDiv(p.oh, ceilDiv(p.oh, parts));
  auto scratchType = MemRefType::get({parts * kMaxBlocks * kRows, kLanes},
                                     b.getI32Type());
  scratch = memref::AllocaOp::create(b, loc, scratchType,
                                     b.getI64IntegerAttr(64));
  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  // Threads: `parts` contiguous ranges of output rows, one parallel region
  // per call; each thread its own rows of the stack buffer and its own tile
  // configuration, and the channel groups in order over its rows.
  int64_t perPart = ceilDiv(p.oh, parts);
  Value part = parts > 1 ? beginLoop(b, loc, parts, /*parallel=*/true) : idx(0);
  scratchRow0 = arith::MulIOp::create(b, loc, part, idx(kMaxBlocks * kRows));
  Value first = arith::MulIOp::create(b, loc, part, idx(perPart));
  Value last = arith::MinUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, first, idx(perPart)), idx(p.oh));
  int64_t blocks = s.op / kLanes;
  int64_t group = std::min(kMaxBlocks, blocks);
  int64_t full = blocks / group * group;
  {
    auto loop = scf::ForOp::create(b, loc, idx(0), idx(full), idx(group));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    emitGroup(n, first, last, loop.getInductionVar(), group);
  }
  if (full < blocks)
    emitGroup(n, first, last, idx(full), blocks - full);
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}

} // namespace

bool vec::amxTakes(const ConvProblem &p) {
  // Grouped convolutions run on the vector kernels' channel windows.
  return p.groups == 1 && segmentsOf(p).length >= 16;
}

AMXShapes vec::amxShapes(const ConvProblem &p) {
  int64_t wp = p.w + 2 * p.pw;
  // The last chunk of the last pixel's last segment may read up to 63 bytes
  // past the image: slack rows (zero point, weight 0) keep it in bounds.
  int64_t slack = ceilDiv(kBytes, wp * p.c);
  return {p.h + 2 * p.ph + slack, wp, (p.o + kLanes - 1) / kLanes * kLanes};
}

func::FuncOp vec::emitAMXConvKernel(OpBuilder &b, ModuleOp module,
                                    Location loc, StringRef name,
                                    const ConvProblem &p, unsigned threads) {
  return AMXEmitter(b, module, loc, name, p).emit(threads);
}
