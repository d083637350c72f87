//===- CallSites.cpp - fused quantized ops -> backend call sites ----------===//
//
// See quant-pt2e/Conversion/CallSites.h and docs/Lowering.md.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/CallSites.h"

#include "quant-pt2e/Dialect/QuantPT2E/IR/BackendCapabilities.h"
#include "quant-pt2e/IR/ByteLayouts.h"

#include "quant-pt2e/Conversion/AtenToLinalg/FloatOps.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Math/QuantMath.h"
#include "quant-pt2e/Runtime/SiteParams.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::quant_pt2e;
namespace qmath = qpt2e::math;

namespace {

constexpr llvm::StringLiteral kInitMarker = "qpt2e_call_site_init";

} // namespace

CallSiteBuilder::CallSiteBuilder(ModuleOp module)
    : module(module), b(module.getContext()) {}

LogicalResult CallSiteBuilder::createInit() {
  if (Operation *existing = module.lookupSymbol(kInitFn)) {
    auto fn = dyn_cast<func::FuncOp>(existing);
    if (!fn || !fn->hasAttr(kInitMarker))
      return existing->emitError()
             << "the module already has a '" << kInitFn << "' function";
    init = fn;
    return success();
  }
  b.setInsertionPointToEnd(module.getBody());
  init = func::FuncOp::create(b, module.getLoc(), kInitFn,
                              b.getFunctionType({}, {}));
  init->setAttr(kInitMarker, b.getUnitAttr());
  Block *entry = init.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  func::ReturnOp::create(b, module.getLoc());
  return success();
}

LogicalResult CallSiteBuilder::lowerFusedOps(
    StringRef backend, function_ref<LogicalResult(Operation *)> lowerNative) {
  std::optional<BackendCapabilities> caps = BackendCapabilities::get(backend);
  assert(caps && "a conversion names a backend of the capability table");
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (isa<QConv2dOp, QLinearOp, QMaxPool2dOp, QAddOp, QMulOp, QAvgPool2dOp,
            QCatOp, QLookupOp>(op))
      ops.push_back(op);
  });
  if (llvm::all_of(ops, [](Operation *op) { return isa<QLookupOp>(op); }))
    return success();
  // NCHW values that are transposes of NHWC ones already (fuse-qdq's
  // wrapping of a channels-last client's ops): the sites read the NHWC
  // value itself.
  module.walk([&](linalg::TransposeOp transpose) {
    if (transpose.getPermutation() == ArrayRef<int64_t>(kToNCHW) &&
        isa<RankedTensorType>(transpose.getInput().getType()))
      nhwcOf[transpose->getResult(0)] = transpose.getInput();
  });
  if (failed(createInit()))
    return failure();
  for (Operation *op : ops) {
    // A table lookup stays a qlookup (convert-quant-pt2e-to-linalg lowers
    // it); it is layout-free, so it reads a site's NHWC result directly.
    if (auto lookup = dyn_cast<QLookupOp>(op)) {
      Value input = lookup.getInput();
      if (!hasNHWC(input))
        continue;
      b.setInsertionPoint(lookup);
      Value nhwc = toNHWC(input);
      auto type = cast<RankedTensorType>(nhwc.getType())
                      .clone(lookup.getOutput().getType().getElementType());
      Value result = QLookupOp::create(b, lookup.getLoc(), type, nhwc,
                                       lookup.getTableAttr());
      lookup.getOutput().replaceAllUsesWith(toNCHW(result));
      lookup.erase();
      continue;
    }
    std::string why;
    switch (caps->support(op, &why)) {
    case Support::Native:
      if (failed(lowerNative(op)))
        return failure();
      continue;
    case Support::Expanded:
      if (failed(expandToReference(op)))
        return failure();
      continue;
    case Support::None:
      // Not formed by fuse-qdq for this backend, but here anyway (a
      // hand-written or foreign module): its exact reference chain where
      // it has one, so the model still runs.
      if (isa<QAddOp, QMulOp, QAvgPool2dOp, QCatOp>(op)) {
        if (failed(expandToReference(op)))
          return failure();
        continue;
      }
      return op->emitOpError()
             << "is not taken by the " << backend << " lowering: " << why
             << " (quant-pt2e-fuse-qdq{backend=" << backend
             << "} leaves such ops unfused)";
    }
  }
  return success();
}

int64_t CallSiteBuilder::nextSite() {
  // Unique across lowerings of the same module: count the init's calls.
  int64_t n = 0;
  init.walk([&](func::CallOp) { ++n; });
  return n;
}

func::FuncOp CallSiteBuilder::declare(StringRef name, TypeRange inputs,
                                      ArrayRef<unsigned> readOnly) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                 b.getFunctionType(inputs, {}));
  fn.setPrivate();
  fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  for (unsigned index : readOnly)
    fn.setArgAttr(index, "bufferization.access", b.getStringAttr("read"));
  return fn;
}

func::FuncOp CallSiteBuilder::declarePlain(StringRef name, FunctionType type) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
  fn.setPrivate();
  return fn;
}

void CallSiteBuilder::addInitCall(
    StringRef fnName, TypeRange inputs, ArrayRef<unsigned> readOnly,
    function_ref<SmallVector<Value>(Location)> build, Location loc) {
  func::FuncOp fn = declare(fnName, inputs, readOnly);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(init.getBody().front().getTerminator());
  func::CallOp::create(b, loc, fn, build(loc));
}

std::optional<qpt2e::TargetISA>
mlir::quant_pt2e::resolveTargetISAOption(ModuleOp module, StringRef name) {
  std::optional<qpt2e::TargetISA> target = qpt2e::TargetISA::resolve(name);
  if (!target)
    module.emitError() << qpt2e::unknownTargetISAMessage(name);
  return target;
}

Value CallSiteBuilder::i64(Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
}

Type CallSiteBuilder::unrankedTensor(Type elem) {
  return UnrankedTensorType::get(elem);
}

Value CallSiteBuilder::unrankedConstant(Location loc, DenseElementsAttr value) {
  Value c = arith::ConstantOp::create(b, loc, value);
  return tensor::CastOp::create(
      b, loc, unrankedTensor(value.getType().getElementType()), c);
}

Value CallSiteBuilder::unrankedClone(Location loc, Operation *c) {
  Value v = b.clone(*c)->getResult(0);
  return tensor::CastOp::create(
      b, loc,
      unrankedTensor(cast<RankedTensorType>(v.getType()).getElementType()), v);
}

Value CallSiteBuilder::toNHWC(Value nchw) {
  if (Value known = nhwcOf.lookup(nchw))
    return known;
  return transposeBytes(b, nchw.getLoc(), nchw, kToNHWC);
}

Value CallSiteBuilder::toNCHW(Value nhwc) {
  Value result = transposeBytes(b, nhwc.getLoc(), nhwc, kToNCHW);
  nhwcOf[result] = nhwc;
  return result;
}

Value CallSiteBuilder::emitRunCall(StringRef fnName, Location loc, int64_t site,
                                   ValueRange srcs, RankedTensorType dstType) {
  Type i8 = b.getIntegerType(8);
  Type unranked = UnrankedMemRefType::get(i8, 0);
  SmallVector<Type> argTypes{b.getI64Type()};
  argTypes.append(srcs.size() + 1, unranked);
  func::FuncOp fn = declare(fnName, argTypes);
  // ui8 data travels as i8 bytes: the runtime knows the signedness.
  auto asI8 = [&](Value v) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getElementType() == i8)
      return v;
    return tensor::BitcastOp::create(b, loc, type.clone(i8), v);
  };
  SmallVector<Value> args{i64(loc, site)};
  for (Value src : srcs) {
    Value bytes = asI8(src);
    auto type = cast<RankedTensorType>(bytes.getType());
    Value buf = bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(type.getShape(), i8), bytes,
        /*read_only=*/true);
    args.push_back(memref::CastOp::create(b, loc, unranked, buf));
  }
  auto dstMemRef = MemRefType::get(dstType.getShape(), i8);
  Value dst =
      memref::AllocOp::create(b, loc, dstMemRef, b.getI64IntegerAttr(64));
  args.push_back(memref::CastOp::create(b, loc, unranked, dst));
  func::CallOp::create(b, loc, fn, args);
  Value result = bufferization::ToTensorOp::create(
      b, loc, dstType.clone(i8), dst, b.getUnitAttr(), b.getUnitAttr());
  if (dstType.getElementType() != i8)
    result = tensor::BitcastOp::create(b, loc, dstType, result);
  return result;
}

namespace {

/// The SiteParams.h parameters of a qconv2d or qlinear.
template <typename OpTy>
void convParams(OpTy op, SmallVector<int64_t> &p, SmallVector<float> &f) {
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
  f.assign(QPT2E_CONV_F_WEIGHT_SCALES, 0.0f);
  f[QPT2E_CONV_F_SRC_SCALE] = op.getInputScale().convertToFloat();
  f[QPT2E_CONV_F_DST_SCALE] = op.getOutputScale().convertToFloat();
  for (float s : op.getWeightScales())
    f.push_back(s);
}

void convParams(QConv2dOp op, SmallVector<int64_t> &p,
                SmallVector<float> &f) {
  RankedTensorType in = op.getInput().getType(), w = op.getWeight().getType(),
                   out = op.getOutput().getType();
  p.assign(QPT2E_CONV_NUM_PARAMS, 0);
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
  convParams<QConv2dOp>(op, p, f);
  if (Value residual = op.getResidual()) {
    p[QPT2E_CONV_HAS_RESIDUAL] = 1;
    p[QPT2E_CONV_RES_ZP] = static_cast<int64_t>(*op.getResidualZeroPoint());
    p[QPT2E_CONV_RES_UNSIGNED] = cast<RankedTensorType>(residual.getType())
                                     .getElementType()
                                     .isUnsignedInteger();
    f[QPT2E_CONV_F_RES_SCALE] = op.getResidualScale()->convertToFloat();
  }
  if (std::optional<APFloat> mid = op.getConvOutputScale()) {
    p[QPT2E_CONV_HAS_MID] = 1;
    p[QPT2E_CONV_MID_ZP] = static_cast<int64_t>(*op.getConvOutputZeroPoint());
    p[QPT2E_CONV_MID_MIN] = static_cast<int64_t>(*op.getConvOutputMin());
    p[QPT2E_CONV_MID_MAX] = static_cast<int64_t>(*op.getConvOutputMax());
    f[QPT2E_CONV_F_MID_SCALE] = mid->convertToFloat();
  }
}

void convParams(QLinearOp op, SmallVector<int64_t> &p,
                SmallVector<float> &f) {
  RankedTensorType in = op.getInput().getType(), w = op.getWeight().getType();
  // [M, K] x [N, K]: a 1x1 convolution of an [M, 1, 1, K] NHWC input.
  p.assign(QPT2E_CONV_NUM_PARAMS, 1);
  p[QPT2E_CONV_N] = in.getDimSize(0);
  p[QPT2E_CONV_C] = in.getDimSize(1);
  p[QPT2E_CONV_O] = w.getDimSize(0);
  p[QPT2E_CONV_PAD_H] = p[QPT2E_CONV_PAD_W] = 0;
  p[QPT2E_CONV_LINEAR] = 1;
  p[QPT2E_CONV_HAS_RESIDUAL] = p[QPT2E_CONV_HAS_MID] = 0;
  p[QPT2E_CONV_RES_ZP] = p[QPT2E_CONV_RES_UNSIGNED] = 0;
  p[QPT2E_CONV_MID_ZP] = p[QPT2E_CONV_MID_MIN] = p[QPT2E_CONV_MID_MAX] = 0;
  convParams<QLinearOp>(op, p, f);
  p[QPT2E_CONV_POST_OP] = QPT2E_POST_OP_NONE;
  if (std::optional<PostOpKind> post = op.getPostOp()) {
    p[QPT2E_CONV_POST_OP] = *post == PostOpKind::tanh
                                ? QPT2E_POST_OP_TANH
                                : QPT2E_POST_OP_LEAKY_RELU;
    f[QPT2E_CONV_F_POST_ALPHA] = op.getPostOpAlpha()->convertToFloat();
  }
}

} // namespace

void CallSiteBuilder::convSiteParams(Operation *op, SmallVector<int64_t> &p,
                                     SmallVector<float> &f) {
  if (auto conv = dyn_cast<QConv2dOp>(op))
    return convParams(conv, p, f);
  convParams(cast<QLinearOp>(op), p, f);
}

LogicalResult CallSiteBuilder::lowerConvLike(Operation *op, StringRef initFn,
                                             StringRef runFn) {
  SmallVector<int64_t> p;
  SmallVector<float> f;
  Value weight, bias, input;
  convSiteParams(op, p, f);
  if (auto conv = dyn_cast<QConv2dOp>(op)) {
    weight = conv.getWeight();
    bias = conv.getBias();
    input = conv.getInput();
  } else {
    auto fc = cast<QLinearOp>(op);
    weight = fc.getWeight();
    bias = fc.getBias();
    input = fc.getInput();
  }
  auto weightConst = weight.getDefiningOp<arith::ConstantOp>();
  auto biasConst =
      bias ? bias.getDefiningOp<arith::ConstantOp>() : arith::ConstantOp();
  if (!weightConst || (bias && !biasConst))
    return op->emitOpError() << "needs constant weight and bias to be packed "
                                "at initialization";
  int64_t site = nextSite();
  Type i8 = b.getIntegerType(8), f32 = b.getF32Type(), i64t = b.getI64Type();
  addInitCall(
      initFn,
      {i64t, unrankedTensor(i8), unrankedTensor(f32), unrankedTensor(i64t),
       unrankedTensor(f32)},
      {1, 2, 3, 4},
      [&](Location loc) -> SmallVector<Value> {
        Value biasU =
            biasConst
                ? unrankedClone(loc, biasConst)
                : unrankedConstant(
                      loc, DenseElementsAttr::get(
                               RankedTensorType::get({0}, f32),
                               ArrayRef<float>{}));
        auto iType =
            RankedTensorType::get({static_cast<int64_t>(p.size())}, i64t);
        auto fType =
            RankedTensorType::get({static_cast<int64_t>(f.size())}, f32);
        return {i64(loc, site), unrankedClone(loc, weightConst), biasU,
                unrankedConstant(loc, DenseElementsAttr::get(iType, ArrayRef(p))),
                unrankedConstant(loc, DenseElementsAttr::get(fType, ArrayRef(f)))};
      },
      op->getLoc());
  b.setInsertionPoint(op);
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  Value result;
  if (auto conv = dyn_cast<QConv2dOp>(op)) {
    // A residual sum reads the residual as a second source.
    SmallVector<Value, 2> srcs{toNHWC(input)};
    std::string fn = runFn.str();
    if (Value residual = conv.getResidual()) {
      srcs.push_back(toNHWC(residual));
      fn += "_residual";
    }
    Value dst =
        emitRunCall(fn, op->getLoc(), site, srcs, permutedType(out, kToNHWC));
    result = toNCHW(dst);
  } else {
    result = emitRunCall(runFn, op->getLoc(), site, input, out);
  }
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  return success();
}

LogicalResult CallSiteBuilder::lowerMaxPool(Operation *op, StringRef initFn,
                                            StringRef runFn) {
  auto pool = cast<QMaxPool2dOp>(op);
  RankedTensorType in = pool.getInput().getType(),
                   out = pool.getOutput().getType();
  SmallVector<int64_t> p(QPT2E_POOL_NUM_PARAMS, 0);
  p[QPT2E_POOL_N] = in.getDimSize(0);
  p[QPT2E_POOL_C] = in.getDimSize(1);
  p[QPT2E_POOL_H] = in.getDimSize(2);
  p[QPT2E_POOL_W] = in.getDimSize(3);
  p[QPT2E_POOL_OH] = out.getDimSize(2);
  p[QPT2E_POOL_OW] = out.getDimSize(3);
  p[QPT2E_POOL_KH] = pool.getKernel()[0];
  p[QPT2E_POOL_KW] = pool.getKernel()[1];
  p[QPT2E_POOL_STRIDE_H] = pool.getStride()[0];
  p[QPT2E_POOL_STRIDE_W] = pool.getStride()[1];
  p[QPT2E_POOL_PAD_H] = pool.getPadding()[0];
  p[QPT2E_POOL_PAD_W] = pool.getPadding()[1];
  p[QPT2E_POOL_DIL_H] = pool.getDilation()[0];
  p[QPT2E_POOL_DIL_W] = pool.getDilation()[1];
  p[QPT2E_POOL_UNSIGNED] = in.getElementType().isUnsignedInteger();
  int64_t site = nextSite();
  addIntParamsInit(initFn, site, p, std::nullopt, op->getLoc());
  b.setInsertionPoint(op);
  Value dst = emitRunCall(runFn, op->getLoc(), site, toNHWC(pool.getInput()),
                          permutedType(out, kToNHWC));
  op->getResult(0).replaceAllUsesWith(toNCHW(dst));
  op->erase();
  return success();
}

void CallSiteBuilder::addIntParamsInit(StringRef initFn, int64_t site,
                                       ArrayRef<int64_t> iparams,
                                       std::optional<ArrayRef<float>> fparams,
                                       Location loc) {
  Type i64t = b.getI64Type(), f32 = b.getF32Type();
  SmallVector<Type> types{i64t, unrankedTensor(i64t)};
  SmallVector<unsigned> readOnly{1};
  if (fparams) {
    types.push_back(unrankedTensor(f32));
    readOnly.push_back(2);
  }
  addInitCall(
      initFn, types, readOnly,
      [&](Location at) -> SmallVector<Value> {
        auto iType = RankedTensorType::get(
            {static_cast<int64_t>(iparams.size())}, i64t);
        SmallVector<Value> args{
            i64(at, site),
            unrankedConstant(at, DenseElementsAttr::get(iType, iparams))};
        if (fparams) {
          auto fType = RankedTensorType::get(
              {static_cast<int64_t>(fparams->size())}, f32);
          args.push_back(
              unrankedConstant(at, DenseElementsAttr::get(fType, *fparams)));
        }
        return args;
      },
      loc);
}

LogicalResult CallSiteBuilder::expandToReference(Operation *op) {
  b.setInsertionPoint(op);
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  // Element-wise ops and concat run on NHWC operands when a site produced
  // one of them; pooling keeps NCHW (aten.avg_pool2d's layout).
  bool layoutFree = isa<QAddOp, QMulOp, QCatOp>(op);
  bool nhwc = layoutFree && resultType.getRank() == 4 &&
              llvm::any_of(op->getOperands(),
                           [&](Value v) { return hasNHWC(v); });
  auto dq = [&](Value v, float scale, int64_t zp) -> Value {
    if (nhwc)
      v = toNHWC(v);
    auto type = cast<RankedTensorType>(v.getType());
    // Dequantize reads any stored value: the storage type's full range.
    qmath::QRange full =
        qmath::storageRange(*getStorageType(type.getElementType()));
    return DequantizeOp::create(b, loc, type.clone(b.getF32Type()), v, Value(),
                                Value(), b.getDenseF32ArrayAttr({scale}),
                                b.getDenseI64ArrayAttr({zp}), full.min,
                                full.max, IntegerAttr());
  };
  RankedTensorType outType =
      nhwc ? permutedType(resultType, kToNHWC) : resultType;
  // A concat whose inputs carry the output's qparams, over the storage
  // type's full range, moves int8 values: dequantize -> quantize with the
  // same scale and zero point gives every stored value back, and the clamp
  // to the full range is none. DenseNet's dense blocks concatenate every
  // earlier feature map: this keeps them int8 copies instead of float
  // loops per input.
  if (auto cat = dyn_cast<QCatOp>(op)) {
    qmath::QRange full =
        qmath::storageRange(*getStorageType(resultType.getElementType()));
    bool same = static_cast<int64_t>(cat.getQuantMin()) == full.min &&
                static_cast<int64_t>(cat.getQuantMax()) == full.max;
    for (auto [i, v] : llvm::enumerate(cat.getInputs()))
      same &= cast<RankedTensorType>(v.getType()).getElementType() ==
                  resultType.getElementType() &&
              cat.getInputScales()[i] ==
                  cat.getOutputScale().convertToFloat() &&
              cat.getInputZeroPoints()[i] ==
                  static_cast<int64_t>(cat.getOutputZeroPoint());
    if (same) {
      SmallVector<Value> parts;
      for (Value v : cat.getInputs())
        parts.push_back(nhwc ? toNHWC(v) : v);
      auto dim = static_cast<int64_t>(cat.getDim());
      if (dim < 0)
        dim += resultType.getRank();
      Value joined = tensor::ConcatOp::create(
          b, loc, outType, nhwc ? kToNCHW[dim] : dim, parts);
      op->getResult(0).replaceAllUsesWith(nhwc ? toNCHW(joined) : joined);
      op->erase();
      return success();
    }
  }
  auto floatType = outType.clone(b.getF32Type());
  float outScale;
  int64_t outZp, qmin, qmax, actMin, actMax;
  auto setOutput = [&](auto fused) {
    outScale = fused.getOutputScale().convertToFloat();
    outZp = static_cast<int64_t>(fused.getOutputZeroPoint());
    qmin = static_cast<int64_t>(fused.getQuantMin());
    qmax = static_cast<int64_t>(fused.getQuantMax());
  };
  auto setAct = [&](auto fused) {
    actMin = static_cast<int64_t>(fused.getActMin());
    actMax = static_cast<int64_t>(fused.getActMax());
  };
  auto binary = [&](auto fused, auto build) -> Value {
    setOutput(fused);
    setAct(fused);
    Value lhs = dq(fused.getLhs(), fused.getLhsScale().convertToFloat(),
                   static_cast<int64_t>(fused.getLhsZeroPoint()));
    Value rhs = dq(fused.getRhs(), fused.getRhsScale().convertToFloat(),
                   static_cast<int64_t>(fused.getRhsZeroPoint()));
    return build(lhs, rhs);
  };
  Value value =
      TypeSwitch<Operation *, Value>(op)
          .Case<QAddOp>([&](QAddOp add) {
            return binary(add, [&](Value l, Value r) -> Value {
              return floatops::add(b, loc, floatType, l, r);
            });
          })
          .Case<QMulOp>([&](QMulOp mul) {
            return binary(mul, [&](Value l, Value r) -> Value {
              return floatops::mul(b, loc, floatType, l, r);
            });
          })
          .Case<QAvgPool2dOp>([&](QAvgPool2dOp pool) -> Value {
            setOutput(pool);
            setAct(pool);
            // The result type holds the ceil / floor mode's shape.
            Value x = dq(pool.getInput(), pool.getInputScale().convertToFloat(),
                         static_cast<int64_t>(pool.getInputZeroPoint()));
            return floatops::avgPool2d(b, loc, x, floatType, pool.getKernel(),
                                       pool.getStride(), pool.getPadding(),
                                       pool.getCountIncludePad());
          })
          .Case<QCatOp>([&](QCatOp cat) -> Value {
            setOutput(cat);
            actMin = qmin;
            actMax = qmax;
            SmallVector<Value> parts;
            for (auto [i, v] : llvm::enumerate(cat.getInputs()))
              parts.push_back(dq(v, cat.getInputScales()[i],
                                 cat.getInputZeroPoints()[i]));
            auto dim = static_cast<int64_t>(cat.getDim());
            // NCHW dim d sits at NHWC position kToNCHW[d].
            if (nhwc)
              dim = kToNCHW[dim];
            return floatops::concat(b, loc, floatType, parts, dim);
          })
          .Default([](Operation *) { return Value(); });
  if (!value)
    return op->emitOpError() << "has no reference expansion";
  if (actMin > qmin || actMax < qmax) {
    // clamp(q(y), L, H) == q(clamp(y, dq(L), dq(H))): dq(L) quantizes back
    // to L exactly.
    auto bound = [&](int64_t v) -> std::optional<double> {
      return qmath::dequantize(v, outScale, outZp);
    };
    value = floatops::clamp(b, loc, value,
                            actMin > qmin ? bound(actMin) : std::nullopt,
                            actMax < qmax ? bound(actMax) : std::nullopt);
  }
  Value q = QuantizeOp::create(b, loc, outType, value, Value(), Value(),
                               b.getDenseF32ArrayAttr({outScale}),
                               b.getDenseI64ArrayAttr({outZp}), qmin, qmax,
                               IntegerAttr());
  op->getResult(0).replaceAllUsesWith(nhwc ? toNCHW(q) : q);
  op->erase();
  return success();
}
