//===- DepthwiseKernels.cpp - int8 depthwise convolution in vector code ---===//
//
// A depthwise convolution (groups == input channels == output channels)
// has no reduction over channels: each output channel sums kh * kw
// products of its own input channel. On NHWC activations prepared as
// int16 x - zp (padding 0) the kernel keeps, per output row, `tile`
// pixels x one vector of channels in int32 accumulators and adds
// sext(x) * w per tap, the weights packed at compile time as int32
// vectors per tap ([kh * kw][channels]). Exact: the products and their
// sums fit int32. The epilogue is the one shared with the other kernels.
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

bool vec::isDepthwise(const ConvProblem &p) {
  return p.groups > 1 && p.groups == p.c && p.groups == p.o;
}

func::FuncOp vec::emitDepthwiseKernel(OpBuilder &b, ModuleOp module,
                                      Location loc, StringRef name,
                                      const ConvProblem &p,
                                      const KernelISA &isa, unsigned threads,
                                      const KernelOutputs &out) {
  KernelShapes s = kernelShapes(p, isa);
  int64_t lanes = isa.lanes, taps = p.kh * p.kw;
  // The input is prepared with the output's channel padding (cp = op).
  int64_t cp = s.op;
  std::vector<int32_t> packed(taps * cp, 0);
  for (int64_t oc = 0; oc < p.o; ++oc)
    for (int64_t t = 0; t < taps; ++t)
      packed[t * cp + oc] = p.weights[oc * taps + t];
  Type i32 = b.getI32Type(), i16 = b.getI16Type(), i8 = b.getI8Type();
  auto wType = MemRefType::get({taps, cp}, i32);
  memref::GlobalOp weightsG = constantGlobal(
      b, module, loc, (name + "_w").str(), wType,
      DenseElementsAttr::get(RankedTensorType::get({taps, cp}, i32),
                             ArrayRef<int32_t>(packed)));
  RequantGlobals requant = requantizationGlobals(b, module, loc, name, p, cp);
  auto fType = MemRefType::get({cp}, b.getF32Type());

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
  Value w = memref::GetGlobalOp::create(b, loc, wType, weightsG.getSymName());
  Value multV =
      memref::GetGlobalOp::create(b, loc, fType, requant.mult.getSymName());
  Value biasV =
      memref::GetGlobalOp::create(b, loc, fType, requant.bias.getSymName());
  auto accVec = VectorType::get({lanes}, i32);
  auto actVec = VectorType::get({lanes}, i16);
  auto fVec = VectorType::get({lanes}, b.getF32Type());
  auto bVec = VectorType::get({lanes}, i8);

  auto nLoop = scf::ForOp::create(b, loc, idx(0), idx(p.n), idx(1));
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  Value oh = beginLoop(b, loc, p.oh, threads > 1 && p.oh > 1);
  Value ih0 = arith::MulIOp::create(b, loc, oh, idx(p.sh));
  // `tile` pixels of the row per step, then the rest one at a time.
  int64_t tile = std::min<int64_t>(4, p.ow);
  int64_t full = p.ow / tile * tile;
  auto emitPixels = [&](Value ow0, int64_t pixels) {
    auto cLoop = scf::ForOp::create(b, loc, idx(0), idx(cp), idx(lanes));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(cLoop.getBody());
    Value c = cLoop.getInductionVar();
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(cast<ShapedType>(accVec),
                                       b.getI32IntegerAttr(0)));
    SmallVector<Value> accs(pixels, zero);
    for (int64_t ky = 0; ky < p.kh; ++ky)
      for (int64_t kx = 0; kx < p.kw; ++kx) {
        Value wv = vector::LoadOp::create(b, loc, accVec, w,
                                          ValueRange{idx(ky * p.kw + kx), c});
        Value ih = arith::AddIOp::create(b, loc, ih0, idx(ky * p.dh));
        for (int64_t t = 0; t < pixels; ++t) {
          Value iw = arith::AddIOp::create(
              b, loc,
              arith::MulIOp::create(
                  b, loc, arith::AddIOp::create(b, loc, ow0, idx(t)),
                  idx(p.sw)),
              idx(kx * p.dw));
          Value xv = vector::LoadOp::create(b, loc, actVec, x,
                                            ValueRange{n, ih, iw, c});
          Value prod = arith::MulIOp::create(
              b, loc, arith::ExtSIOp::create(b, loc, accVec, xv), wv);
          accs[t] = arith::AddIOp::create(b, loc, accs[t], prod);
        }
      }
    Value m = vector::LoadOp::create(b, loc, fVec, multV, ValueRange{c});
    Value bv = vector::LoadOp::create(b, loc, fVec, biasV, ValueRange{c});
    for (int64_t t = 0; t < pixels; ++t) {
      Value ow = arith::AddIOp::create(b, loc, ow0, idx(t));
      Value r;
      if (res)
        r = vector::LoadOp::create(b, loc, bVec, res, ValueRange{n, oh, ow, c});
      storeOutputs(b, loc, out, args,
                   requantizeSteps(b, loc, accs[t], m, bv, p, r), p.dstZp,
                   ValueRange{n, oh, ow, c}, n, oh, ow, c);
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
