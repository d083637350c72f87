//===- PoolKernels.cpp - int8 max pooling in vector code ------------------===//
//
// qmax_pool2d keeps its input's qparams (a shared spec), so pooling the
// integers is exact: the kernel takes the element-wise maximum of the
// window's channel vectors (vpmaxsb / vpmaxub, up to 64 channels per
// instruction) on NHWC bytes. The input arrives padded with the type's
// minimum (never the maximum of a window: PyTorch keeps some element of
// every window inside the image), including the extra bottom/right rows
// a ceil_mode window may reach.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
using namespace mlir::quant_pt2e::vec;

PoolShapes vec::poolShapes(const PoolProblem &p) {
  // Rows and columns the last window reaches (ceil_mode may pass the
  // padding); channels padded to 16.
  int64_t needH = (p.oh - 1) * p.sh + (p.kh - 1) * p.dh + 1;
  int64_t needW = (p.ow - 1) * p.sw + (p.kw - 1) * p.dw + 1;
  int64_t cp = (p.c + 15) / 16 * 16;
  int64_t lanes = cp % 64 == 0 ? 64 : cp % 32 == 0 ? 32 : 16;
  return {std::max(needH, p.h + 2 * p.ph), std::max(needW, p.w + 2 * p.pw),
          cp, lanes};
}

func::FuncOp vec::emitMaxPoolKernel(OpBuilder &b, ModuleOp module,
                                    Location loc, StringRef name,
                                    const PoolProblem &p, unsigned threads) {
  PoolShapes s = poolShapes(p);
  Type i8 = b.getI8Type();
  auto xType = MemRefType::get({p.n, s.hp, s.wp, s.cp}, i8);
  auto yType = MemRefType::get({p.n, p.oh, p.ow, s.cp}, i8);
  func::FuncOp fn =
      createKernelFunc(b, module, loc, name, xType, yType, /*residual=*/false,
                       "max pooling (maxsi / maxui of channel vectors)");
  OpBuilder::InsertionGuard guard(b);
  Block *body = &fn.front();
  b.setInsertionPointToStart(body);
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value x = body->getArgument(0), y = body->getArgument(1);
  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  Value oh = beginLoop(b, loc, p.oh, threads > 1 && p.oh > 1);
  auto owLoop = scf::ForOp::create(b, loc, idx(0), idx(p.ow), idx(1));
  b.setInsertionPointToStart(owLoop.getBody());
  Value ow = owLoop.getInductionVar();
  auto cLoop = scf::ForOp::create(b, loc, idx(0), idx(s.cp), idx(s.lanes));
  b.setInsertionPointToStart(cLoop.getBody());
  Value c = cLoop.getInductionVar();
  Value ih0 = arith::MulIOp::create(b, loc, oh, idx(p.sh));
  Value iw0 = arith::MulIOp::create(b, loc, ow, idx(p.sw));
  auto vt = VectorType::get({s.lanes}, i8);
  Value acc;
  // The window, unrolled (pooling windows are small).
  for (int64_t ky = 0; ky < p.kh; ++ky)
    for (int64_t kx = 0; kx < p.kw; ++kx) {
      Value ih = arith::AddIOp::create(b, loc, ih0, idx(ky * p.dh));
      Value iw = arith::AddIOp::create(b, loc, iw0, idx(kx * p.dw));
      Value v = vector::LoadOp::create(b, loc, vt, x, ValueRange{n, ih, iw, c});
      if (!acc)
        acc = v;
      else if (p.srcUnsigned)
        acc = arith::MaxUIOp::create(b, loc, acc, v);
      else
        acc = arith::MaxSIOp::create(b, loc, acc, v);
    }
  vector::StoreOp::create(b, loc, acc, y, ValueRange{n, oh, ow, c});
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, loc);
  return fn;
}
