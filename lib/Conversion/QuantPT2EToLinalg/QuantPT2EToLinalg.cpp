//===- QuantPT2EToLinalg.cpp - reference lowering of Q/DQ -----------------===//
//
// quantize / dequantize -> linalg.generic with PyTorch 1.13's arithmetic
// (see the pass description). Per-channel qparams are read through an
// indexing map on the channel axis; static ones are constants, the quantize
// reciprocal 1.0f / scale is folded at compile time in float32 (the same
// IEEE division PyTorch performs at run time).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/CallSites.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ShapeLimits.h"

#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTQUANTPT2ETOLINALG
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

/// ui8 tensors are carried as signless i8 tensors.
struct SignlessTypeConverter : TypeConverter {
  SignlessTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](RankedTensorType type) -> Type {
      auto intType = dyn_cast<IntegerType>(type.getElementType());
      if (!intType || intType.isSignless())
        return type;
      return type.clone(IntegerType::get(type.getContext(), intType.getWidth()));
    });
  }
};

/// Where the qparams of a Q/DQ op come from, as generic inputs or scalars.
struct QParamInputs {
  SmallVector<Value> tensors;   // per-channel scale and zero-point tensors
  Value scale, zeroPoint;       // per-tensor scalars (f32, i64)
};

/// The scale (or 1 / scale for quantize) and zero point operands of the
/// generic: constants for static qparams, the op's operands for dynamic.
template <typename OpTy>
QParamInputs qparamInputs(OpTy op, typename OpTy::Adaptor adaptor,
                          OpBuilder &b, bool reciprocal) {
  Location loc = op.getLoc();
  QParamInputs in;
  Type f32 = b.getF32Type(), i64 = b.getI64Type();
  if (op.isDynamic()) {
    Value scale = adaptor.getScale(), zp = adaptor.getZeroPoint();
    if (op.isPerChannel()) {
      in.tensors = {scale, zp};
    } else {
      in.scale = scale;
      in.zeroPoint = zp;
    }
    if (reciprocal && !op.isPerChannel())
      in.scale = arith::DivFOp::create(
          b, loc, arith::ConstantOp::create(b, loc, b.getF32FloatAttr(1.0f)),
          in.scale);
    return in;
  }
  SmallVector<float> scales;
  for (float s : op.getScalesAttr().asArrayRef())
    scales.push_back(reciprocal ? 1.0f / s : s);
  ArrayRef<int64_t> zps = op.getZeroPointsAttr().asArrayRef();
  if (!op.isPerChannel()) {
    in.scale = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(scales[0]));
    in.zeroPoint =
        arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(zps[0]));
    return in;
  }
  auto scaleType = RankedTensorType::get({(int64_t)scales.size()}, f32);
  auto zpType = RankedTensorType::get({(int64_t)zps.size()}, i64);
  in.tensors = {
      arith::ConstantOp::create(b, loc, scaleType,
                                DenseElementsAttr::get(scaleType, ArrayRef(scales))),
      arith::ConstantOp::create(b, loc, zpType,
                                DenseElementsAttr::get(zpType, zps))};
  return in;
}

/// Builds the element-wise generic: `body(value, scale, zeroPoint)`.
Value buildGeneric(OpBuilder &b, Location loc, Value input,
                   RankedTensorType resultType, std::optional<int64_t> axis,
                   const QParamInputs &qparams,
                   function_ref<Value(OpBuilder &, Location, Value, Value, Value)>
                       body) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> maps{identity};
  SmallVector<Value> inputs{input};
  for (Value tensor : qparams.tensors) {
    maps.push_back(AffineMap::get(rank, 0, getAffineDimExpr(*axis, ctx)));
    inputs.push_back(tensor);
  }
  maps.push_back(identity);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value scale = qparams.tensors.empty() ? qparams.scale : args[1];
               Value zp = qparams.tensors.empty() ? qparams.zeroPoint : args[2];
               linalg::YieldOp::create(nb, l, body(nb, l, args[0], scale, zp));
             })
      .getResult(0);
}

Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(value));
}

struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getInput().getType().getElementType() != rewriter.getF32Type())
      return rewriter.notifyMatchFailure(op, "only f32 inputs are lowered");
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getOutput().getType()));
    auto intType = cast<IntegerType>(resultType.getElementType());
    int64_t qmin = static_cast<int64_t>(op.getQuantMin());
    int64_t qmax = static_cast<int64_t>(op.getQuantMax());
    QParamInputs qparams = qparamInputs(op, adaptor, rewriter, true);
    std::optional<int64_t> axis;
    if (op.getAxis())
      axis = static_cast<int64_t>(*op.getAxis());
    bool dynamicPerChannel = op.isDynamic() && op.isPerChannel();
    Value result = buildGeneric(
        rewriter, op.getLoc(), adaptor.getInput(), resultType, axis, qparams,
        [&](OpBuilder &b, Location l, Value x, Value invScale, Value zp) {
          Type f32 = b.getF32Type();
          if (dynamicPerChannel)
            invScale = arith::DivFOp::create(
                b, l, arith::ConstantOp::create(b, l, b.getF32FloatAttr(1.0f)),
                invScale);
          // zero_point + nearbyint(x * inv_scale), in float.
          Value rounded = math::RoundEvenOp::create(
              b, l, arith::MulFOp::create(b, l, x, invScale));
          Value shifted = arith::AddFOp::create(
              b, l, arith::SIToFPOp::create(b, l, f32, zp), rounded);
          // static_cast<int64_t>: x86 gives INT64_MIN for NaN, +-inf and
          // anything beyond int64, which the clamp turns into qmin.
          Value inRange = arith::CmpFOp::create(
              b, l, arith::CmpFPredicate::OLT, math::AbsFOp::create(b, l, shifted),
              arith::ConstantOp::create(b, l, b.getF32FloatAttr(9.223372e18f)));
          if (intType.getWidth() == 8) {
            // The same value with 32-bit lanes (vectorizable without
            // AVX-512 DQ's 64-bit conversions): `shifted` is integral and
            // the 8-bit qmin / qmax are exact in f32, so clamping in float
            // and converting to i32 equals converting to i64 and clamping
            // (qint32 keeps the i64 form: 2^31 - 1 is not exact in f32).
            auto bound = [&](int64_t v) {
              return arith::ConstantOp::create(
                  b, l, b.getF32FloatAttr(static_cast<float>(v)));
            };
            Value lo = bound(qmin), hi = bound(qmax);
            Value c = arith::SelectOp::create(
                b, l,
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, shifted,
                                      lo),
                lo, shifted);
            c = arith::SelectOp::create(
                b, l,
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, c, hi),
                hi, c);
            Value asInt = arith::FPToSIOp::create(b, l, b.getI32Type(), c);
            Value q = arith::SelectOp::create(
                b, l, inRange, asInt,
                arith::ConstantOp::create(b, l, b.getI32IntegerAttr(qmin)));
            return arith::TruncIOp::create(b, l, intType, q).getResult();
          }
          Value safe = arith::SelectOp::create(
              b, l, inRange, shifted,
              arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.0f)));
          Value asInt = arith::FPToSIOp::create(b, l, b.getI64Type(), safe);
          Value clamped = arith::MinSIOp::create(
              b, l, arith::MaxSIOp::create(b, l, asInt, i64Constant(b, l, qmin)),
              i64Constant(b, l, qmax));
          Value q = arith::SelectOp::create(b, l, inRange, clamped,
                                            i64Constant(b, l, qmin));
          return arith::TruncIOp::create(b, l, intType, q).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DequantizeLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = op.getOutput().getType();
    if (resultType.getElementType() != rewriter.getF32Type())
      return rewriter.notifyMatchFailure(op, "only f32 results are lowered");
    bool isUnsigned =
        cast<IntegerType>(op.getInput().getType().getElementType()).isUnsigned();
    QParamInputs qparams = qparamInputs(op, adaptor, rewriter, false);
    std::optional<int64_t> axis;
    if (op.getAxis())
      axis = static_cast<int64_t>(*op.getAxis());
    Value result = buildGeneric(
        rewriter, op.getLoc(), adaptor.getInput(), resultType, axis, qparams,
        [&](OpBuilder &b, Location l, Value q, Value scale, Value zp) {
          // dequantize_val computes value - int32(zero_point) in int32,
          // wrapping around for qint32 near its limits.
          Type i32 = b.getI32Type();
          Value wide = q;
          if (q.getType() != i32)
            wide = isUnsigned ? arith::ExtUIOp::create(b, l, i32, q).getResult()
                              : arith::ExtSIOp::create(b, l, i32, q).getResult();
          Value centered = arith::SubIOp::create(
              b, l, wide, arith::TruncIOp::create(b, l, i32, zp));
          return arith::MulFOp::create(
                     b, l,
                     arith::SIToFPOp::create(b, l, b.getF32Type(), centered),
                     scale)
              .getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// choose_qparams: one reduction generic computing min and max of the whole
/// tensor, then calculateQParams (QuantMath.cpp) as scalar float32 code.
struct ChooseQParamsLowering : OpConversionPattern<ChooseQParamsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ChooseQParamsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    if (inputType.getElementType() != rewriter.getF32Type())
      return rewriter.notifyMatchFailure(op, "only f32 inputs are lowered");
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Type f32 = b.getF32Type();
    auto f32Const = [&](float v) {
      return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v))
          .getResult();
    };
    const float inf = std::numeric_limits<float>::infinity();
    auto scalarType = RankedTensorType::get({}, f32);
    auto filled = [&](float v) {
      Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, f32);
      return linalg::FillOp::create(b, loc, ValueRange{f32Const(v)},
                                    ValueRange{empty})
          .getResult(0);
    };
    int64_t rank = inputType.getRank();
    SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                                AffineMap::get(rank, 0, {}, ctx),
                                AffineMap::get(rank, 0, {}, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::reduction);
    auto reduce = linalg::GenericOp::create(
        b, loc, TypeRange{scalarType, scalarType}, ValueRange{adaptor.getInput()},
        ValueRange{filled(inf), filled(-inf)}, maps, iterators,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          // minimumf / maximumf propagate NaN, as torch.aminmax does.
          linalg::YieldOp::create(
              nb, l,
              ValueRange{arith::MinimumFOp::create(nb, l, args[0], args[1]),
                         arith::MaximumFOp::create(nb, l, args[0], args[2])});
        });
    Value lo = tensor::ExtractOp::create(b, loc, reduce.getResult(0),
                                         ValueRange{});
    Value hi = tensor::ExtractOp::create(b, loc, reduce.getResult(1),
                                         ValueRange{});

    int64_t qmin = static_cast<int64_t>(op.getQuantMin());
    int64_t qmax = static_cast<int64_t>(op.getQuantMax());
    Value eps = f32Const(op.getEps().convertToFloat());
    Value minNeg = arith::MinimumFOp::create(b, loc, lo, f32Const(0.0f));
    Value maxPos = arith::MaximumFOp::create(b, loc, hi, f32Const(0.0f));
    Value scale, zeroPoint;
    if (isSymmetric(op.getQscheme())) {
      maxPos = arith::MaximumFOp::create(
          b, loc, arith::NegFOp::create(b, loc, minNeg), maxPos);
      scale = arith::MaximumFOp::create(
          b, loc,
          arith::DivFOp::create(
              b, loc, maxPos,
              f32Const(qpt2e::math::symmetricHalfRange(qmin, qmax))),
          eps);
      // choose_qparams.tensor has no customized range: uint8 gives 128.
      zeroPoint = i64Constant(b, loc, op.getDtype() == QuantDType::uint8 ? 128 : 0);
    } else {
      Value span = f32Const(static_cast<float>(qmax - qmin));
      scale = arith::MaximumFOp::create(
          b, loc,
          arith::DivFOp::create(b, loc,
                                arith::SubFOp::create(b, loc, maxPos, minNeg),
                                span),
          eps);
      Value rounded = arith::FPToSIOp::create(
          b, loc, b.getI64Type(),
          math::RoundEvenOp::create(
              b, loc, arith::DivFOp::create(b, loc, minNeg, scale)));
      Value shifted =
          arith::SubIOp::create(b, loc, i64Constant(b, loc, qmin), rounded);
      zeroPoint = arith::MinSIOp::create(
          b, loc, arith::MaxSIOp::create(b, loc, shifted, i64Constant(b, loc, qmin)),
          i64Constant(b, loc, qmax));
    }
    // check_min_max_valid: an empty tensor gives scale 1, zero point 0.
    Value empty = arith::AndIOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, lo,
                              f32Const(inf)),
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, hi,
                              f32Const(-inf)));
    scale = arith::SelectOp::create(b, loc, empty, f32Const(1.0f), scale);
    zeroPoint = arith::SelectOp::create(b, loc, empty, i64Constant(b, loc, 0),
                                        zeroPoint);
    rewriter.replaceOp(op, {scale, zeroPoint});
    return success();
  }
};

/// A bitcast between ui8 and i8 (the byte view backend call sites use)
/// is the identity once tensors are signless.
struct SignlessBitcastLowering : OpConversionPattern<tensor::BitcastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(tensor::BitcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type result = getTypeConverter()->convertType(op.getType());
    if (result != adaptor.getSource().getType())
      return rewriter.notifyMatchFailure(op, "not a signedness-only bitcast");
    rewriter.replaceOp(op, adaptor.getSource());
    return success();
  }
};

/// A ui8 constant becomes the i8 constant of the same bytes.
struct SignlessConstantLowering : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || type == op.getType())
      return rewriter.notifyMatchFailure(op, "not an unsigned constant");
    if (auto value = dyn_cast<DenseIntElementsAttr>(op.getValue())) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, type, value.bitcast(type.getElementType()));
      return success();
    }
    if (auto blob = dyn_cast<DenseResourceElementsAttr>(op.getValue())) {
      // The same bytes, read as signless.
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, type, DenseResourceElementsAttr::get(type, blob.getRawHandle()));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "unsupported constant attribute");
  }
};

/// qlookup: a generic reading table[x - min] from a 256-byte constant.
struct QLookupLowering : OpConversionPattern<QLookupOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QLookupOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i8 = rewriter.getIntegerType(8);
    auto tableType = RankedTensorType::get({256}, i8);
    Value table = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(tableType, ArrayRef<int8_t>(op.getTable())));
    bool isUnsigned =
        cast<IntegerType>(op.getInput().getType().getElementType())
            .isUnsigned();
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getOutput().getType()));
    int64_t rank = resultType.getRank();
    SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, resultType.getShape(), i8);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{resultType},
            ValueRange{adaptor.getInput()}, ValueRange{empty}, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              // The byte's offset from the type's minimum: x + 128 for i8,
              // x for ui8.
              Type i32 = b.getI32Type();
              Value offset =
                  isUnsigned
                      ? arith::ExtUIOp::create(b, l, i32, args[0]).getResult()
                      : arith::AddIOp::create(
                            b, l, arith::ExtSIOp::create(b, l, i32, args[0]),
                            arith::ConstantIntOp::create(b, l, i32, 128))
                            .getResult();
              Value index =
                  arith::IndexCastUIOp::create(b, l, b.getIndexType(), offset);
              linalg::YieldOp::create(
                  b, l,
                  tensor::ExtractOp::create(b, l, table, ValueRange{index})
                      .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertQuantPT2EToLinalgPass
    : quant_pt2e::impl::ConvertQuantPT2EToLinalgBase<
          ConvertQuantPT2EToLinalgPass> {
  void runOnOperation() override {
    if (failed(quant_pt2e::verifySupportedShapes(getOperation(),
                                                 getArgument())))
      return signalPassFailure();
    // The fused quantized ops are the backend lowerings' input. Those with
    // a reference chain (add, mul, average pooling, concat: the backends'
    // own fallback) run as that chain, lowered below; a conv, linear or max
    // pool would reach bufferization unconverted: an error naming it.
    SmallVector<Operation *> fused;
    getOperation().walk([&](Operation *op) {
      if (isa<QConv2dOp, QLinearOp, QAddOp, QMulOp, QAvgPool2dOp, QCatOp,
              QMaxPool2dOp>(op))
        fused.push_back(op);
    });
    CallSiteBuilder sites(getOperation());
    for (Operation *op : fused) {
      if (isa<QAddOp, QMulOp, QAvgPool2dOp, QCatOp>(op)) {
        if (failed(sites.expandToReference(op)))
          return signalPassFailure();
        continue;
      }
      op->emitOpError()
          << "is a fused quantized op without a reference chain here: the "
             "backend lowerings take it (onednn, xnnpack, vector); the "
             "reference lowering runs dequantize -> op -> quantize chains";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    SignlessTypeConverter converter;
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.addIllegalOp<QuantizeOp, DequantizeOp, ChooseQParamsOp, QLookupOp>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp,
                                 tensor::BitcastOp, arith::ConstantOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    RewritePatternSet patterns(ctx);
    patterns.add<QuantizeLowering, DequantizeLowering, ChooseQParamsLowering,
                 QLookupLowering, SignlessBitcastLowering,
                 SignlessConstantLowering>(converter, ctx);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
