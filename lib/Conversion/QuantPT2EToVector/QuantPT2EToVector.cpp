//===- QuantPT2EToVector.cpp - fused quantized ops -> own int8 kernels ----===//
//
// See the pass description and docs/VectorCodegen.md. The kernels are
// emitted by MicroKernels.cpp; this file prepares their operands at the
// tensor level (NHWC, the ISA's activation form, padding) and calls them.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "quant-pt2e/Conversion/CallSites.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/IR/ConstantTensors.h"
#include "quant-pt2e/Runtime/SiteParams.h"
#include "quant-pt2e/Target/TargetISA.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTQUANTPT2ETOVECTOR
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

class Lowering {
public:
  Lowering(ModuleOp module, const qpt2e::TargetISA &target,
           unsigned threads)
      : sites(module), target(target),
        kisa(vec::KernelISA::forTarget(target)), threads(threads) {}

  LogicalResult run() {
    return sites.lowerFusedOps([&](Operation *op) -> LogicalResult {
      if (isa<QConv2dOp, QLinearOp>(op))
        return lowerConv(op);
      return sites.expandToReference(op);
    });
  }

private:
  LogicalResult problemOf(Operation *op, vec::ConvProblem &p);
  /// The input form of the kernel: int8 padded with the zero point (and
  /// the slack rows) for AMX, int16 x - zp padded with 0 otherwise.
  vec::ActivationLayout layoutFor(const vec::ConvProblem &p, bool amx) const;
  LogicalResult lowerConv(Operation *op);

  CallSiteBuilder sites;
  qpt2e::TargetISA target;
  vec::KernelISA kisa;
  unsigned threads;
  int64_t kernels = 0;
  bool amxRequested = false;
};

LogicalResult Lowering::problemOf(Operation *op, vec::ConvProblem &p) {
  SmallVector<int64_t> ip;
  SmallVector<float> fp;
  CallSiteBuilder::convSiteParams(op, ip, fp);
  Value weight = op->getOperand(1), bias;
  if (auto conv = dyn_cast<QConv2dOp>(op)) {
    bias = conv.getBias();
    if (conv.getResidual() || conv.getConvOutputScale())
      return op->emitOpError("residual forms are not lowered by "
                             "convert-quant-pt2e-to-vector yet (fuse-qdq "
                             "with backend=vector does not form them)");
    if (conv.getGroups() != 1)
      return op->emitOpError("grouped convolutions are not lowered by "
                             "convert-quant-pt2e-to-vector yet (fuse-qdq "
                             "with backend=vector does not form them)");
  } else {
    auto fc = cast<QLinearOp>(op);
    bias = fc.getBias();
    if (fc.getPostOp())
      return op->emitOpError("linear post-ops are not lowered by "
                             "convert-quant-pt2e-to-vector yet");
  }
  std::optional<std::vector<int8_t>> w = getI8ConstantValues(weight);
  std::optional<std::vector<float>> bv =
      bias ? getF32ConstantValues(bias) : std::vector<float>();
  if (!w || !bv)
    return op->emitOpError("needs constant weight and bias to be packed at "
                           "compile time");
  bool linear = isa<QLinearOp>(op);
  p.n = linear ? 1 : ip[QPT2E_CONV_N];
  p.c = ip[QPT2E_CONV_C];
  p.h = linear ? 1 : ip[QPT2E_CONV_H];
  p.w = linear ? ip[QPT2E_CONV_N] : ip[QPT2E_CONV_W];
  p.o = ip[QPT2E_CONV_O];
  p.kh = ip[QPT2E_CONV_KH];
  p.kw = ip[QPT2E_CONV_KW];
  p.oh = linear ? 1 : ip[QPT2E_CONV_OH];
  p.ow = linear ? ip[QPT2E_CONV_N] : ip[QPT2E_CONV_OW];
  p.sh = ip[QPT2E_CONV_STRIDE_H];
  p.sw = ip[QPT2E_CONV_STRIDE_W];
  p.ph = ip[QPT2E_CONV_PAD_H];
  p.pw = ip[QPT2E_CONV_PAD_W];
  p.dh = ip[QPT2E_CONV_DIL_H];
  p.dw = ip[QPT2E_CONV_DIL_W];
  p.srcZp = ip[QPT2E_CONV_SRC_ZP];
  p.dstZp = ip[QPT2E_CONV_DST_ZP];
  p.actMin = ip[QPT2E_CONV_ACT_MIN];
  p.actMax = ip[QPT2E_CONV_ACT_MAX];
  p.srcUnsigned = ip[QPT2E_CONV_SRC_UNSIGNED] != 0;
  p.srcScale = fp[QPT2E_CONV_F_SRC_SCALE];
  p.dstScale = fp[QPT2E_CONV_F_DST_SCALE];
  p.weightScales.assign(fp.begin() + QPT2E_CONV_F_WEIGHT_SCALES, fp.end());
  p.weights = std::move(*w);
  p.bias = std::move(*bv);
  return success();
}

vec::ActivationLayout Lowering::layoutFor(const vec::ConvProblem &p,
                                          bool amx) const {
  if (amx) {
    // int8 with the zero point's byte around the image (ui8 zero points
    // above 127 wrap to their bits), plus the AMX kernel's slack rows.
    vec::AMXShapes s = vec::amxShapes(p);
    return {p.n,  p.h,  p.w,  p.c,  s.hp,          s.wp,
            p.c,  p.ph, p.pw, false, p.srcUnsigned, p.srcZp,
            static_cast<int8_t>(p.srcZp & 0xff)};
  }
  // int16 x - zp: the zero point's image, and the padding, is 0.
  vec::KernelShapes s = vec::kernelShapes(p, kisa);
  return {p.n,  p.h,  p.w,  p.c, s.hp,          s.wp,    s.cp,
          p.ph, p.pw, true, p.srcUnsigned, p.srcZp, 0};
}

LogicalResult Lowering::lowerConv(Operation *op) {
  vec::ConvProblem p;
  if (failed(problemOf(op, p)))
    return failure();
  OpBuilder &b = sites.builder();
  b.setInsertionPoint(op);
  Location loc = op->getLoc();
  Value input = op->getOperand(0);
  Value nhwc;
  if (isa<QConv2dOp>(op)) {
    nhwc = sites.toNHWC(input);
  } else {
    auto type = cast<RankedTensorType>(input.getType());
    nhwc = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1, 1, p.w, p.c}, type.getElementType()),
        input, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  }
  std::string name = "qpt2e_vec_conv_" + std::to_string(kernels++);
  bool amx = target.amxint8 && vec::amxTakes(p);
  func::FuncOp kernel;
  if (amx) {
    // Tiles need the process's AMX state: requested once, at init.
    if (!amxRequested)
      sites.addInitCall("qpt2e_request_amx", {}, {},
                        [](Location) { return SmallVector<Value>(); }, loc);
    amxRequested = true;
    kernel = vec::emitAMXConvKernel(b, sites.getModule(), loc, name, p,
                                    threads);
  } else {
    kernel = vec::emitConvKernel(b, sites.getModule(), loc, name, p, kisa,
                                 threads);
  }
  // The kernel's input form, written by a generated vector function.
  func::FuncOp prep = vec::emitPrepareKernel(b, sites.getModule(), loc,
                                             name + "_input",
                                             layoutFor(p, amx));
  auto nhwcType = cast<RankedTensorType>(nhwc.getType());
  if (!nhwcType.getElementType().isSignlessInteger(8))
    nhwc = tensor::BitcastOp::create(b, loc, nhwcType.clone(b.getI8Type()),
                                     nhwc);
  auto srcType = cast<MemRefType>(prep.getArgumentTypes()[0]);
  auto xType = cast<MemRefType>(kernel.getArgumentTypes()[0]);
  auto yType = cast<MemRefType>(kernel.getArgumentTypes()[1]);
  Value srcBuf = bufferization::ToBufferOp::create(b, loc, srcType, nhwc,
                                                   /*read_only=*/true);
  Value xBuf = memref::AllocOp::create(b, loc, xType, b.getI64IntegerAttr(64));
  func::CallOp::create(b, loc, prep, ValueRange{srcBuf, xBuf});
  Value yBuf = memref::AllocOp::create(b, loc, yType, b.getI64IntegerAttr(64));
  func::CallOp::create(b, loc, kernel, ValueRange{xBuf, yBuf});
  Type i8 = b.getI8Type();
  Value y = bufferization::ToTensorOp::create(
      b, loc, RankedTensorType::get(yType.getShape(), i8), yBuf,
      b.getUnitAttr(), b.getUnitAttr());
  int64_t paddedO = amx ? vec::amxShapes(p).op : vec::kernelShapes(p, kisa).op;
  if (paddedO != p.o) {
    SmallVector<OpFoldResult> offsets(4, b.getIndexAttr(0)),
        strides(4, b.getIndexAttr(1));
    SmallVector<OpFoldResult> sizes{b.getIndexAttr(p.n), b.getIndexAttr(p.oh),
                                    b.getIndexAttr(p.ow), b.getIndexAttr(p.o)};
    y = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({p.n, p.oh, p.ow, p.o}, i8), y, offsets,
        sizes, strides);
  }
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  auto yTensorType = cast<RankedTensorType>(y.getType());
  if (outType.getElementType() != i8)
    y = tensor::BitcastOp::create(
        b, loc, yTensorType.clone(outType.getElementType()), y);
  Value result;
  if (isa<QConv2dOp>(op)) {
    result = sites.toNCHW(y);
  } else {
    result = tensor::CollapseShapeOp::create(
        b, loc, outType, y,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  }
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
  return success();
}

struct ConvertQuantPT2EToVectorPass
    : quant_pt2e::impl::ConvertQuantPT2EToVectorBase<
          ConvertQuantPT2EToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<qpt2e::TargetISA> target =
        qpt2e::TargetISA::resolve(targetISA.getValue());
    if (!target) {
      getOperation().emitError()
          << qpt2e::unknownTargetISAMessage(targetISA.getValue());
      return signalPassFailure();
    }
    if (threads == 0) {
      getOperation().emitError() << "threads must be at least 1";
      return signalPassFailure();
    }
    Lowering lowering(getOperation(), *target, threads);
    if (failed(lowering.run()))
      signalPassFailure();
  }
};

} // namespace
