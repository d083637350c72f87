//===- QuantPT2EToOneDNN.cpp - fused quantized ops -> oneDNN calls --------===//
//
// See the pass description and docs/Lowering.md. The runtime side is
// lib/Runtime/OneDNN.cpp; the parameter layouts are the enums of
// quant-pt2e/Runtime/OneDNNRuntime.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Runtime/OneDNNRuntime.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTQUANTPT2ETOONEDNN
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;
namespace qmath = qpt2e::math;

namespace {

constexpr llvm::StringLiteral kInitFn = "qpt2e_init";
constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

RankedTensorType permuted(RankedTensorType type, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  return type.clone(shape);
}

class Lowering {
public:
  Lowering(ModuleOp module) : module(module), b(module.getContext()) {}

  LogicalResult run() {
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<QConv2dOp, QLinearOp, QMaxPool2dOp, QAddOp>(op))
        ops.push_back(op);
    });
    if (ops.empty())
      return success();
    if (Operation *clash = module.lookupSymbol(kInitFn))
      return clash->emitError() << "the module already has a '" << kInitFn
                                << "' function";
    createInit();
    for (Operation *op : ops) {
      LogicalResult result =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case<QConv2dOp>([&](QConv2dOp conv) { return lowerConv(conv); })
              .Case<QLinearOp>([&](QLinearOp fc) { return lowerLinear(fc); })
              .Case<QMaxPool2dOp>(
                  [&](QMaxPool2dOp pool) { return lowerPool(pool); })
              .Case<QAddOp>([&](QAddOp add) { return lowerAdd(add); });
      if (failed(result))
        return failure();
    }
    return success();
  }

private:
  ModuleOp module;
  OpBuilder b;
  func::FuncOp init;
  int64_t nextSite = 0;
  /// NCHW value -> the NHWC value it was transposed from.
  DenseMap<Value, Value> nhwcOf;

  void createInit() {
    b.setInsertionPointToEnd(module.getBody());
    init = func::FuncOp::create(b, module.getLoc(), kInitFn,
                                b.getFunctionType({}, {}));
    Block *entry = init.addEntryBlock();
    b.setInsertionPointToEnd(entry);
    func::ReturnOp::create(b, module.getLoc());
  }

  /// Declares `name` (C interface) unless present.
  func::FuncOp declare(StringRef name, TypeRange inputs,
                       ArrayRef<unsigned> readOnlyTensorArgs = {}) {
    if (auto fn = module.lookupSymbol<func::FuncOp>(name))
      return fn;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                   b.getFunctionType(inputs, {}));
    fn.setPrivate();
    fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    for (unsigned index : readOnlyTensorArgs)
      fn.setArgAttr(index, "bufferization.access", b.getStringAttr("read"));
    return fn;
  }

  Type unrankedTensor(Type elem) { return UnrankedTensorType::get(elem); }
  Type unrankedMemRef(Type elem) { return UnrankedMemRefType::get(elem, 0); }

  /// A constant tensor cast to unranked, for an init call.
  Value unrankedConstant(Location loc, DenseElementsAttr value) {
    Value c = arith::ConstantOp::create(b, loc, value);
    return tensor::CastOp::create(
        b, loc, unrankedTensor(value.getType().getElementType()), c);
  }

  /// Registers a site in qpt2e_init: `args` are built by `build` at the end
  /// of the init function.
  void addInitCall(StringRef fnName, TypeRange inputs,
                   ArrayRef<unsigned> readOnly,
                   function_ref<SmallVector<Value>(Location)> build,
                   Location loc) {
    func::FuncOp fn = declare(fnName, inputs, readOnly);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(init.getBody().front().getTerminator());
    func::CallOp::create(b, loc, fn, build(loc));
  }

  Value i64(Location loc, int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  }

  /// The NHWC form of a 4-d NCHW value (reusing a site's NHWC result).
  Value toNHWC(Value nchw) {
    if (Value known = nhwcOf.lookup(nchw))
      return known;
    auto type = cast<RankedTensorType>(nchw.getType());
    RankedTensorType nhwc = permuted(type, kToNHWC);
    Location loc = nchw.getLoc();
    Value empty = tensor::EmptyOp::create(b, loc, nhwc.getShape(),
                                          nhwc.getElementType());
    return linalg::TransposeOp::create(b, loc, nchw, empty, kToNHWC)
        ->getResult(0);
  }

  /// The NCHW view of a site's NHWC result, remembered for reuse.
  Value toNCHW(Value nhwc) {
    auto type = cast<RankedTensorType>(nhwc.getType());
    RankedTensorType nchw = permuted(type, kToNCHW);
    Location loc = nhwc.getLoc();
    Value empty = tensor::EmptyOp::create(b, loc, nchw.getShape(),
                                          nchw.getElementType());
    Value result =
        linalg::TransposeOp::create(b, loc, nhwc, empty, kToNCHW)->getResult(0);
    nhwcOf[result] = nhwc;
    return result;
  }

  /// dst = fn(site, src) on int8 buffers; returns the dst tensor.
  Value emitRunCall(StringRef fnName, Location loc, int64_t site, Value src,
                    RankedTensorType dstType) {
    Type i8 = b.getIntegerType(8);
    func::FuncOp fn = declare(
        fnName, {b.getI64Type(), unrankedMemRef(i8), unrankedMemRef(i8)});
    auto srcType = cast<RankedTensorType>(src.getType());
    auto srcMemRef = MemRefType::get(srcType.getShape(), i8);
    auto dstMemRef = MemRefType::get(dstType.getShape(), i8);
    Value srcBuf = bufferization::ToBufferOp::create(b, loc, srcMemRef, src,
                                                     /*read_only=*/true);
    Value dst = memref::AllocOp::create(b, loc, dstMemRef,
                                        b.getI64IntegerAttr(64));
    func::CallOp::create(
        b, loc, fn,
        ValueRange{i64(loc, site),
                   memref::CastOp::create(b, loc, unrankedMemRef(i8), srcBuf),
                   memref::CastOp::create(b, loc, unrankedMemRef(i8), dst)});
    return bufferization::ToTensorOp::create(b, loc, dstType, dst,
                                             b.getUnitAttr(), b.getUnitAttr());
  }

  LogicalResult checkSignless(Operation *op, TypeRange types) {
    for (Type t : types)
      if (!cast<RankedTensorType>(t).getElementType().isSignlessInteger(8))
        return op->emitOpError() << "oneDNN lowering takes i8 activations "
                                    "(ui8 is not lowered yet), got "
                                 << t;
    return success();
  }

  /// The init call of a convolution site (also linear layers).
  LogicalResult addConvSite(Operation *op, int64_t site, Value weight,
                            Value bias, ArrayRef<int64_t> iparams,
                            ArrayRef<float> fparams) {
    auto weightConst = weight.getDefiningOp<arith::ConstantOp>();
    auto biasConst = bias ? bias.getDefiningOp<arith::ConstantOp>()
                          : arith::ConstantOp();
    if (!weightConst || (bias && !biasConst))
      return op->emitOpError() << "needs constant weight and bias to be "
                                  "packed at initialization";
    Type i8 = b.getIntegerType(8), f32 = b.getF32Type(), i64t = b.getI64Type();
    addInitCall(
        "qpt2e_onednn_conv_init",
        {i64t, unrankedTensor(i8), unrankedTensor(f32), unrankedTensor(i64t),
         unrankedTensor(f32)},
        {1, 2, 3, 4},
        [&](Location loc) -> SmallVector<Value> {
          Operation *w = b.clone(*weightConst);
          Value wU = tensor::CastOp::create(b, loc, unrankedTensor(i8),
                                            w->getResult(0));
          Value biasU;
          if (biasConst) {
            Operation *c = b.clone(*biasConst);
            biasU = tensor::CastOp::create(b, loc, unrankedTensor(f32),
                                           c->getResult(0));
          } else {
            auto empty = RankedTensorType::get({0}, f32);
            biasU = unrankedConstant(
                loc, DenseElementsAttr::get(empty, ArrayRef<float>{}));
          }
          auto iType = RankedTensorType::get(
              {static_cast<int64_t>(iparams.size())}, i64t);
          auto fType = RankedTensorType::get(
              {static_cast<int64_t>(fparams.size())}, f32);
          return {i64(loc, site), wU, biasU,
                  unrankedConstant(loc, DenseElementsAttr::get(iType, iparams)),
                  unrankedConstant(loc, DenseElementsAttr::get(fType, fparams))};
        },
        op->getLoc());
    return success();
  }

  template <typename OpTy>
  void fillCommon(OpTy op, SmallVector<int64_t> &p, SmallVector<float> &f) {
    p[QPT2E_CONV_SRC_ZP] = static_cast<int64_t>(op.getInputZeroPoint());
    p[QPT2E_CONV_DST_ZP] = static_cast<int64_t>(op.getOutputZeroPoint());
    p[QPT2E_CONV_ACT_MIN] = static_cast<int64_t>(op.getActMin());
    p[QPT2E_CONV_ACT_MAX] = static_cast<int64_t>(op.getActMax());
    p[QPT2E_CONV_QMIN] = static_cast<int64_t>(op.getQuantMin());
    p[QPT2E_CONV_QMAX] = static_cast<int64_t>(op.getQuantMax());
    p[QPT2E_CONV_HAS_BIAS] = op.getBias() ? 1 : 0;
    p[QPT2E_CONV_SRC_UNSIGNED] =
        op.getInput().getType().getElementType().isUnsignedInteger();
    p[QPT2E_CONV_DST_UNSIGNED] =
        op.getOutput().getType().getElementType().isUnsignedInteger();
    f = {op.getInputScale().convertToFloat(),
         op.getOutputScale().convertToFloat()};
    for (float s : op.getWeightScales())
      f.push_back(s);
  }

  LogicalResult lowerConv(QConv2dOp op) {
    if (failed(checkSignless(op, {op.getInput().getType(),
                                  op.getOutput().getType()})))
      return failure();
    RankedTensorType in = op.getInput().getType(), w = op.getWeight().getType(),
                     out = op.getOutput().getType();
    SmallVector<int64_t> p(QPT2E_CONV_NUM_PARAMS, 0);
    SmallVector<float> f;
    p[QPT2E_CONV_N] = in.getDimSize(0);
    p[QPT2E_CONV_C] = in.getDimSize(1);
    p[QPT2E_CONV_H] = in.getDimSize(2);
    p[QPT2E_CONV_W] = in.getDimSize(3);
    p[QPT2E_CONV_O] = w.getDimSize(0);
    p[QPT2E_CONV_KH] = w.getDimSize(2);
    p[QPT2E_CONV_KW] = w.getDimSize(3);
    p[QPT2E_CONV_OH] = out.getDimSize(2);
    p[QPT2E_CONV_OW] = out.getDimSize(3);
    p[QPT2E_CONV_STRIDE_H] = op.getStride()[0];
    p[QPT2E_CONV_STRIDE_W] = op.getStride()[1];
    p[QPT2E_CONV_PAD_H] = op.getPadding()[0];
    p[QPT2E_CONV_PAD_W] = op.getPadding()[1];
    p[QPT2E_CONV_DIL_H] = op.getDilation()[0];
    p[QPT2E_CONV_DIL_W] = op.getDilation()[1];
    p[QPT2E_CONV_GROUPS] = static_cast<int64_t>(op.getGroups());
    fillCommon(op, p, f);
    int64_t site = nextSite++;
    if (failed(addConvSite(op, site, op.getWeight(), op.getBias(), p, f)))
      return failure();
    b.setInsertionPoint(op);
    Value dst = emitRunCall("qpt2e_onednn_conv", op.getLoc(), site,
                            toNHWC(op.getInput()), permuted(out, kToNHWC));
    op.getOutput().replaceAllUsesWith(toNCHW(dst));
    op.erase();
    return success();
  }

  LogicalResult lowerLinear(QLinearOp op) {
    if (failed(checkSignless(op, {op.getInput().getType(),
                                  op.getOutput().getType()})))
      return failure();
    RankedTensorType in = op.getInput().getType(), w = op.getWeight().getType();
    SmallVector<int64_t> p(QPT2E_CONV_NUM_PARAMS, 1);
    SmallVector<float> f;
    // [M, K] x [N, K]: a 1x1 convolution of an [M, 1, 1, K] NHWC input.
    p[QPT2E_CONV_N] = in.getDimSize(0);
    p[QPT2E_CONV_C] = in.getDimSize(1);
    p[QPT2E_CONV_O] = w.getDimSize(0);
    p[QPT2E_CONV_PAD_H] = p[QPT2E_CONV_PAD_W] = 0;
    fillCommon(op, p, f);
    int64_t site = nextSite++;
    if (failed(addConvSite(op, site, op.getWeight(), op.getBias(), p, f)))
      return failure();
    b.setInsertionPoint(op);
    Value dst = emitRunCall("qpt2e_onednn_conv", op.getLoc(), site,
                            op.getInput(), op.getOutput().getType());
    op.getOutput().replaceAllUsesWith(dst);
    op.erase();
    return success();
  }

  LogicalResult lowerPool(QMaxPool2dOp op) {
    if (failed(checkSignless(op, {op.getInput().getType()})))
      return failure();
    RankedTensorType in = op.getInput().getType(), out = op.getOutput().getType();
    SmallVector<int64_t> p(QPT2E_POOL_NUM_PARAMS, 0);
    p[QPT2E_POOL_N] = in.getDimSize(0);
    p[QPT2E_POOL_C] = in.getDimSize(1);
    p[QPT2E_POOL_H] = in.getDimSize(2);
    p[QPT2E_POOL_W] = in.getDimSize(3);
    p[QPT2E_POOL_OH] = out.getDimSize(2);
    p[QPT2E_POOL_OW] = out.getDimSize(3);
    p[QPT2E_POOL_KH] = op.getKernel()[0];
    p[QPT2E_POOL_KW] = op.getKernel()[1];
    p[QPT2E_POOL_STRIDE_H] = op.getStride()[0];
    p[QPT2E_POOL_STRIDE_W] = op.getStride()[1];
    p[QPT2E_POOL_PAD_H] = op.getPadding()[0];
    p[QPT2E_POOL_PAD_W] = op.getPadding()[1];
    p[QPT2E_POOL_DIL_H] = op.getDilation()[0];
    p[QPT2E_POOL_DIL_W] = op.getDilation()[1];
    int64_t site = nextSite++;
    Type i64t = b.getI64Type();
    addInitCall(
        "qpt2e_onednn_max_pool_init", {i64t, unrankedTensor(i64t)}, {1},
        [&](Location loc) -> SmallVector<Value> {
          auto type = RankedTensorType::get(
              {static_cast<int64_t>(p.size())}, i64t);
          return {i64(loc, site),
                  unrankedConstant(loc, DenseElementsAttr::get(type,
                                                               ArrayRef(p)))};
        },
        op.getLoc());
    b.setInsertionPoint(op);
    Value dst = emitRunCall("qpt2e_onednn_max_pool", op.getLoc(), site,
                            toNHWC(op.getInput()), permuted(out, kToNHWC));
    op.getOutput().replaceAllUsesWith(toNCHW(dst));
    op.erase();
    return success();
  }

  /// The reference chain on whatever layout the operands have (NHWC when a
  /// site produced them): element-wise, so layout does not matter.
  LogicalResult lowerAdd(QAddOp op) {
    b.setInsertionPoint(op);
    Location loc = op.getLoc();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    bool nhwc = op.getOutput().getType().getRank() == 4 &&
                (nhwcOf.count(lhs) || nhwcOf.count(rhs));
    if (nhwc) {
      lhs = toNHWC(lhs);
      rhs = toNHWC(rhs);
    }
    auto intType = cast<RankedTensorType>(lhs.getType());
    auto floatType = intType.clone(b.getF32Type());
    auto qmin = static_cast<int64_t>(op.getQuantMin());
    auto qmax = static_cast<int64_t>(op.getQuantMax());
    auto dq = [&](Value v, float scale, int64_t zp) -> Value {
      // Dequantize reads any stored value: the storage type's full range.
      qmath::QRange full = qmath::storageRange(*getStorageType(
          cast<RankedTensorType>(v.getType()).getElementType()));
      return DequantizeOp::create(b, loc, floatType, v, Value(), Value(),
                                  b.getDenseF32ArrayAttr({scale}),
                                  b.getDenseI64ArrayAttr({zp}), full.min,
                                  full.max, IntegerAttr());
    };
    Value sum = aten::AddOp::create(
        b, loc, floatType,
        dq(lhs, op.getLhsScale().convertToFloat(),
           static_cast<int64_t>(op.getLhsZeroPoint())),
        dq(rhs, op.getRhsScale().convertToFloat(),
           static_cast<int64_t>(op.getRhsZeroPoint())),
        FloatAttr());
    float outScale = op.getOutputScale().convertToFloat();
    auto outZp = static_cast<int64_t>(op.getOutputZeroPoint());
    auto actMin = static_cast<int64_t>(op.getActMin());
    auto actMax = static_cast<int64_t>(op.getActMax());
    if (actMin > qmin || actMax < qmax) {
      // clamp(q(y), L, H) == q(clamp(y, dq(L), dq(H))): dq(L) quantizes
      // back to L exactly.
      auto bound = [&](int64_t v) {
        return b.getF64FloatAttr(qmath::dequantize(v, outScale, outZp));
      };
      sum = aten::ClampOp::create(b, loc, floatType, sum,
                                  actMin > qmin ? bound(actMin) : FloatAttr(),
                                  actMax < qmax ? bound(actMax) : FloatAttr());
    }
    auto outType = intType.clone(op.getOutput().getType().getElementType());
    Value q = QuantizeOp::create(b, loc, outType, sum, Value(), Value(),
                                 b.getDenseF32ArrayAttr({outScale}),
                                 b.getDenseI64ArrayAttr({outZp}), qmin, qmax,
                                 IntegerAttr());
    op.getOutput().replaceAllUsesWith(nhwc ? toNCHW(q) : q);
    op.erase();
    return success();
  }
};

struct ConvertQuantPT2EToOneDNNPass
    : quant_pt2e::impl::ConvertQuantPT2EToOneDNNBase<
          ConvertQuantPT2EToOneDNNPass> {
  void runOnOperation() override {
    Lowering lowering(getOperation());
    if (failed(lowering.run()))
      signalPassFailure();
  }
};

} // namespace
