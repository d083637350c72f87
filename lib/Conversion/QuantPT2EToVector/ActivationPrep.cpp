//===- ActivationPrep.cpp - a kernel's input form, in vector code ---------===//
//
// The kernels read a padded input (zero-point padding, and for the int16
// schemes x - zp): this function writes it in one pass. The NHWC rows of
// the source are contiguous runs, so the copy (and the conversion) moves
// 64 bytes per vector load and store, and the padding is filled the same
// way; only the tails of runs shorter than a vector are scalar. A tensor
// level pad would bufferize to a fill of the whole buffer plus a strided
// element-wise memref copy, several times the cost of the kernels.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::vec;

Value vec::convertActivation(OpBuilder &b, Location loc,
                             const ActivationLayout &l, Value v) {
  if (!l.int16) {
    if (!l.toUnsigned)
      return v;
    // x + 128 in 8 bits: the sign bit flipped.
    Value bit = isa<VectorType>(v.getType())
                    ? arith::ConstantOp::create(
                          b, loc,
                          DenseElementsAttr::get(
                              cast<ShapedType>(v.getType()),
                              b.getIntegerAttr(b.getI8Type(), -128)))
                          .getResult()
                    : arith::ConstantIntOp::create(b, loc, b.getI8Type(), -128)
                          .getResult();
    return arith::XOrIOp::create(b, loc, v, bit);
  }
  Type to = b.getI16Type();
  if (auto vt = dyn_cast<VectorType>(v.getType()))
    to = vt.clone(to);
  Value wide = l.srcUnsigned ? arith::ExtUIOp::create(b, loc, to, v).getResult()
                             : arith::ExtSIOp::create(b, loc, to, v).getResult();
  Value zp = isa<VectorType>(to)
                 ? arith::ConstantOp::create(
                       b, loc,
                       DenseElementsAttr::get(
                           cast<ShapedType>(to),
                           b.getIntegerAttr(b.getI16Type(), l.zp)))
                       .getResult()
                 : arith::ConstantIntOp::create(b, loc, b.getI16Type(), l.zp)
                       .getResult();
  return arith::SubIOp::create(b, loc, wide, zp);
}

namespace {

class PrepEmitter {
public:
  /// `borderOnly`: the function fills the border and leaves the interior
  /// (emitBorderKernel).
  PrepEmitter(OpBuilder &b, Location loc, const ActivationLayout &l,
              unsigned threads, bool borderOnly = false, int64_t written = 0)
      : b(b), loc(loc), l(l), threads(threads), borderOnly(borderOnly),
        written(written) {
    elem = l.int16 ? b.getI16Type() : b.getI8Type();
    lanes = l.int16 ? 32 : 64;
    srcStride = l.srcStride ? l.srcStride : l.c;
  }

  func::FuncOp emit(ModuleOp module, StringRef name);

private:
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, int64_t c) {
    return c ? arith::AddIOp::create(b, loc, a, idx(c)).getResult() : a;
  }
  /// dst[off, off + len) = fill.
  void fill(Value off, int64_t len);
  /// dst[dOff, dOff + len) = convert(src[sOff, sOff + len)).
  void copy(Value sOff, Value dOff, int64_t len);
  Value convert(Value v) { return convertActivation(b, loc, l, v); }
  /// One interior row: padding left, the source row, padding right.
  void interiorRow(Value srcRow, Value dstRow);
  /// dst[dOff, dOff + len) = convert(src[sOff, sOff + len)), len at most a
  /// vector: one load and store of len elements.
  void copyRun(Value sOff, Value dOff, int64_t len);
  /// Source row y (image offsets srcRow, dstImage) into its 2 x 2 blocks:
  /// pixel pairs that share a block are one run of 2 c bytes.
  void blockRow(Value srcRow, Value dstImage, Value y);

  OpBuilder &b;
  Location loc;
  const ActivationLayout &l;
  unsigned threads;
  bool borderOnly;
  /// Border mode: the channels of an interior pixel the producer writes.
  int64_t written;
  Type elem;
  int64_t lanes;
  int64_t srcStride; ///< source channels per pixel
  Value src, dst;
};

void PrepEmitter::fill(Value off, int64_t len) {
  if (len <= 0)
    return;
  auto vt = VectorType::get({lanes}, elem);
  int64_t full = len / lanes * lanes;
  if (full) {
    Value splat = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(cast<ShapedType>(vt),
                               b.getIntegerAttr(elem, l.fill)));
    auto loop = scf::ForOp::create(b, loc, idx(0), idx(full), idx(lanes));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    vector::StoreOp::create(
        b, loc, splat, dst,
        ValueRange{arith::AddIOp::create(b, loc, off, loop.getInductionVar())});
  }
  if (full < len) {
    Value one = arith::ConstantOp::create(b, loc,
                                          b.getIntegerAttr(elem, l.fill));
    auto loop = scf::ForOp::create(b, loc, idx(full), idx(len), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    memref::StoreOp::create(
        b, loc, one, dst,
        ValueRange{arith::AddIOp::create(b, loc, off, loop.getInductionVar())});
  }
}

void PrepEmitter::copy(Value sOff, Value dOff, int64_t len) {
  auto st = VectorType::get({lanes}, b.getI8Type());
  int64_t full = len / lanes * lanes;
  if (full) {
    auto loop = scf::ForOp::create(b, loc, idx(0), idx(full), idx(lanes));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    Value v = vector::LoadOp::create(
        b, loc, st, src, ValueRange{arith::AddIOp::create(b, loc, sOff, i)});
    vector::StoreOp::create(b, loc, convert(v), dst,
                            ValueRange{arith::AddIOp::create(b, loc, dOff, i)});
  }
  if (full < len) {
    auto loop = scf::ForOp::create(b, loc, idx(full), idx(len), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    Value v = memref::LoadOp::create(
        b, loc, src, ValueRange{arith::AddIOp::create(b, loc, sOff, i)});
    memref::StoreOp::create(b, loc, convert(v), dst,
                            ValueRange{arith::AddIOp::create(b, loc, dOff, i)});
  }
}

void PrepEmitter::interiorRow(Value srcRow, Value dstRow) {
  fill(dstRow, l.left * l.cp);
  Value dstPix = add(dstRow, l.left * l.cp);
  if (borderOnly) {
    // The interior pixels' first `written` channels are the producer's.
    if (written < l.cp) {
      auto loop = scf::ForOp::create(b, loc, idx(0), idx(l.w), idx(1));
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(loop.getBody());
      Value d = arith::AddIOp::create(
          b, loc, dstPix,
          arith::MulIOp::create(b, loc, loop.getInductionVar(), idx(l.cp)));
      fill(add(d, written), l.cp - written);
    }
  } else if (l.c == l.cp && srcStride == l.c) {
    copy(srcRow, dstPix, l.w * l.c);
  } else {
    auto loop = scf::ForOp::create(b, loc, idx(0), idx(l.w), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value x = loop.getInductionVar();
    Value s = arith::AddIOp::create(
        b, loc, srcRow, arith::MulIOp::create(b, loc, x, idx(srcStride)));
    Value d = arith::AddIOp::create(
        b, loc, dstPix, arith::MulIOp::create(b, loc, x, idx(l.cp)));
    copy(s, d, l.c);
    fill(add(d, l.c), l.cp - l.c);
  }
  fill(add(dstRow, (l.left + l.w) * l.cp), (l.wp - l.left - l.w) * l.cp);
}

void PrepEmitter::copyRun(Value sOff, Value dOff, int64_t len) {
  if (len > lanes)
    return copy(sOff, dOff, len);
  Value v = vector::LoadOp::create(
      b, loc, VectorType::get({len}, b.getI8Type()), src, ValueRange{sOff});
  vector::StoreOp::create(b, loc, convert(v), dst, ValueRange{dOff});
}

void PrepEmitter::blockRow(Value srcRow, Value dstImage, Value y) {
  // Padded row top + y: block row (top + y) / 2, its half (top + y) % 2.
  Value py = add(y, l.top);
  Value blockRow = arith::DivUIOp::create(b, loc, py, idx(2));
  Value half = arith::RemUIOp::create(b, loc, py, idx(2));
  Value rowBase = arith::AddIOp::create(
      b, loc, dstImage,
      arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, blockRow, idx(l.wp * l.cp)),
          arith::MulIOp::create(b, loc, half, idx(2 * l.c))));
  // Source pixel x is padded column left + x: block (left + x) / 2, its
  // channels from ((left + x) % 2) c. An odd left padding leaves pixel 0
  // alone in the second half of its block; pairs follow, then a last
  // pixel alone in the first half of its block if one is left.
  int64_t first = l.left % 2;
  int64_t pairs = (l.w - first) / 2;
  auto pixel = [&](int64_t x) {
    int64_t px = l.left + x;
    copyRun(add(srcRow, x * srcStride),
            add(rowBase, (px / 2) * l.cp + (px % 2) * l.c), l.c);
  };
  if (first)
    pixel(0);
  if (pairs > 0) {
    auto loop = scf::ForOp::create(b, loc, idx(0), idx(pairs), idx(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    Value s = add(arith::MulIOp::create(b, loc, k, idx(2 * srcStride)),
                  first * srcStride);
    s = arith::AddIOp::create(b, loc, srcRow, s);
    Value d = add(arith::MulIOp::create(b, loc, k, idx(l.cp)),
                  (l.left + first) / 2 * l.cp);
    d = arith::AddIOp::create(b, loc, rowBase, d);
    if (srcStride == l.c) {
      copyRun(s, d, 2 * l.c);
    } else {
      copyRun(s, d, l.c);
      copyRun(add(s, srcStride), add(d, l.c), l.c);
    }
  }
  if (first + 2 * pairs < l.w)
    pixel(l.w - 1);
}

func::FuncOp PrepEmitter::emit(ModuleOp module, StringRef name) {
  auto srcType = MemRefType::get({l.n, l.h, l.w, srcStride}, b.getI8Type());
  auto dstType = MemRefType::get({l.n, l.hp, l.wp, l.cp}, elem);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> args{srcType, dstType};
  if (borderOnly)
    args.erase(args.begin());
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(args, {}));
  fn.setPrivate();
  Block *body = fn.addEntryBlock();
  b.setInsertionPointToStart(body);
  auto all = SmallVector<ReassociationIndices>{{0, 1, 2, 3}};
  if (!borderOnly)
    src = memref::CollapseShapeOp::create(b, loc, body->getArgument(0), all);
  dst =
      memref::CollapseShapeOp::create(b, loc, body->getArguments().back(), all);
  int64_t srcRowLen = l.w * srcStride, dstRowLen = l.wp * l.cp;
  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(l.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  Value dstImage = arith::MulIOp::create(b, loc, n, idx(l.hp * dstRowLen));
  Value srcImage = arith::MulIOp::create(b, loc, n, idx(l.h * srcRowLen));
  if (l.spaceToDepth) {
    // The padding is scattered over every block: fill the image, then
    // each source row's runs (rows split across threads when asked).
    fill(dstImage, l.hp * dstRowLen);
    Value y = beginLoop(b, loc, l.h, threads > 1 && l.h > 1);
    blockRow(
        arith::AddIOp::create(b, loc, srcImage,
                              arith::MulIOp::create(b, loc, y, idx(srcRowLen))),
        dstImage, y);
    b.setInsertionPointToEnd(body);
    func::ReturnOp::create(b, loc);
    return fn;
  }
  // Rows above and below the image: padding only.
  fill(dstImage, l.top * dstRowLen);
  fill(add(dstImage, (l.top + l.h) * dstRowLen),
       (l.hp - l.top - l.h) * dstRowLen);
  // The image rows, split across threads when asked.
  Value y = beginLoop(b, loc, l.h, threads > 1 && l.h > 1);
  Value srcRow = arith::AddIOp::create(
      b, loc, srcImage, arith::MulIOp::create(b, loc, y, idx(srcRowLen)));
  Value dstRow = arith::AddIOp::create(
      b, loc, add(dstImage, l.top * dstRowLen),
      arith::MulIOp::create(b, loc, y, idx(dstRowLen)));
  interiorRow(srcRow, dstRow);
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}

} // namespace

func::FuncOp vec::emitPrepareKernel(OpBuilder &b, ModuleOp module,
                                    Location loc, StringRef name,
                                    const ActivationLayout &l,
                                    unsigned threads) {
  return PrepEmitter(b, loc, l, threads).emit(module, name);
}

func::FuncOp vec::emitBorderKernel(OpBuilder &b, ModuleOp module, Location loc,
                                   StringRef name, const ActivationLayout &l,
                                   int64_t written, unsigned threads) {
  assert(!l.spaceToDepth && "pixel blocks have no producer's form");
  if (l.top == 0 && l.left == 0 && l.hp == l.h && l.wp == l.w &&
      written == l.cp)
    return nullptr;
  return PrepEmitter(b, loc, l, threads, /*borderOnly=*/true, written)
      .emit(module, name);
}
