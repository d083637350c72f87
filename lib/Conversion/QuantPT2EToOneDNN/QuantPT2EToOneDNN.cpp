//===- QuantPT2EToOneDNN.cpp - fused quantized ops -> oneDNN calls --------===//
//
// See the pass description and docs/Lowering.md. The runtime side is
// lib/Runtime/OneDNN.cpp; the parameter layouts are the enums of
// quant-pt2e/Runtime/OneDNNRuntime.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/CallSites.h"
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

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};

RankedTensorType permuted(RankedTensorType type, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  return type.clone(shape);
}

class Lowering {
public:
  Lowering(ModuleOp module) : sites(module), b(sites.builder()) {}

  LogicalResult run() {
    SmallVector<Operation *> ops;
    sites.getModule().walk([&](Operation *op) {
      if (isa<QConv2dOp, QLinearOp, QMaxPool2dOp, QAddOp, QMulOp,
              QAvgPool2dOp, QCatOp>(op))
        ops.push_back(op);
    });
    if (ops.empty())
      return success();
    if (failed(sites.createInit()))
      return failure();
    for (Operation *op : ops) {
      LogicalResult result =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case<QConv2dOp>([&](QConv2dOp conv) { return lowerConv(conv); })
              .Case<QLinearOp>([&](QLinearOp fc) { return lowerLinear(fc); })
              .Case<QMaxPool2dOp>(
                  [&](QMaxPool2dOp pool) { return lowerPool(pool); })
              .Default([&](Operation *other) {
                return sites.expandToReference(other);
              });
      if (failed(result))
        return failure();
    }
    return success();
  }

private:
  CallSiteBuilder sites;
  OpBuilder &b;

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
    sites.addInitCall(
        "qpt2e_onednn_conv_init",
        {i64t, sites.unrankedTensor(i8), sites.unrankedTensor(f32), sites.unrankedTensor(i64t),
         sites.unrankedTensor(f32)},
        {1, 2, 3, 4},
        [&](Location loc) -> SmallVector<Value> {
          Value wU = sites.unrankedClone(loc, weightConst);
          Value biasU;
          if (biasConst) {
            biasU = sites.unrankedClone(loc, biasConst);
          } else {
            auto empty = RankedTensorType::get({0}, f32);
            biasU = sites.unrankedConstant(
                loc, DenseElementsAttr::get(empty, ArrayRef<float>{}));
          }
          auto iType = RankedTensorType::get(
              {static_cast<int64_t>(iparams.size())}, i64t);
          auto fType = RankedTensorType::get(
              {static_cast<int64_t>(fparams.size())}, f32);
          return {sites.i64(loc, site), wU, biasU,
                  sites.unrankedConstant(loc, DenseElementsAttr::get(iType, iparams)),
                  sites.unrankedConstant(loc, DenseElementsAttr::get(fType, fparams))};
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
    int64_t site = sites.nextSite();
    if (failed(addConvSite(op, site, op.getWeight(), op.getBias(), p, f)))
      return failure();
    b.setInsertionPoint(op);
    Value dst = sites.emitRunCall("qpt2e_onednn_conv", op.getLoc(), site,
                            sites.toNHWC(op.getInput()), permuted(out, kToNHWC));
    op.getOutput().replaceAllUsesWith(sites.toNCHW(dst));
    op.erase();
    return success();
  }

  LogicalResult lowerLinear(QLinearOp op) {
    RankedTensorType in = op.getInput().getType(), w = op.getWeight().getType();
    SmallVector<int64_t> p(QPT2E_CONV_NUM_PARAMS, 1);
    SmallVector<float> f;
    // [M, K] x [N, K]: a 1x1 convolution of an [M, 1, 1, K] NHWC input.
    p[QPT2E_CONV_N] = in.getDimSize(0);
    p[QPT2E_CONV_C] = in.getDimSize(1);
    p[QPT2E_CONV_O] = w.getDimSize(0);
    p[QPT2E_CONV_PAD_H] = p[QPT2E_CONV_PAD_W] = 0;
    fillCommon(op, p, f);
    int64_t site = sites.nextSite();
    if (failed(addConvSite(op, site, op.getWeight(), op.getBias(), p, f)))
      return failure();
    b.setInsertionPoint(op);
    Value dst = sites.emitRunCall("qpt2e_onednn_conv", op.getLoc(), site,
                            op.getInput(), op.getOutput().getType());
    op.getOutput().replaceAllUsesWith(dst);
    op.erase();
    return success();
  }

  LogicalResult lowerPool(QMaxPool2dOp op) {
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
    p[QPT2E_POOL_UNSIGNED] = in.getElementType().isUnsignedInteger();
    int64_t site = sites.nextSite();
    Type i64t = b.getI64Type();
    sites.addInitCall(
        "qpt2e_onednn_max_pool_init", {i64t, sites.unrankedTensor(i64t)}, {1},
        [&](Location loc) -> SmallVector<Value> {
          auto type = RankedTensorType::get(
              {static_cast<int64_t>(p.size())}, i64t);
          return {sites.i64(loc, site),
                  sites.unrankedConstant(loc, DenseElementsAttr::get(type,
                                                               ArrayRef(p)))};
        },
        op.getLoc());
    b.setInsertionPoint(op);
    Value dst = sites.emitRunCall("qpt2e_onednn_max_pool", op.getLoc(), site,
                            sites.toNHWC(op.getInput()), permuted(out, kToNHWC));
    op.getOutput().replaceAllUsesWith(sites.toNCHW(dst));
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
