//===- QuantPT2EFusedOps.cpp - verifiers of the fused quantized ops -------===//
//
// qconv2d, qlinear, qadd and qmax_pool2d: qparams, ranges and shapes.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/IR/ShapeLimits.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quant_pt2e;
namespace math = qpt2e::math;

namespace {

/// One per-tensor qparam pair (`what` names it in messages).
LogicalResult verifyQParam(Operation *op, StringRef what, float scale,
                           int64_t zeroPoint, Type elementType) {
  if (!math::isValidScale(scale))
    return op->emitOpError() << what << " scale must be positive and finite, "
                             << "got " << scale;
  math::QRange full = math::storageRange(*getStorageType(elementType));
  if (zeroPoint < full.min || zeroPoint > full.max)
    return op->emitOpError() << what << " zero point " << zeroPoint
                             << " is outside the range of " << elementType;
  return success();
}

/// Output qparams, the output range and the fused activation range.
LogicalResult verifyOutputOf(Operation *op, Type elem, int64_t qmin,
                             int64_t qmax, float scale, int64_t zp, int64_t lo,
                             int64_t hi) {
  std::string typeName;
  llvm::raw_string_ostream(typeName) << elem;
  if (failed(verifyQuantRange([&] { return op->emitOpError(); },
                              *getStorageType(elem), typeName, qmin, qmax)))
    return failure();
  if (failed(verifyQParam(op, "output", scale, zp, elem)))
    return failure();
  if (zp < qmin || zp > qmax)
    return op->emitOpError() << "output zero point " << zp << " is outside ["
                             << qmin << ", " << qmax << "]";
  if (lo > hi || lo < qmin || hi > qmax)
    return op->emitOpError() << "act_range(" << lo << ", " << hi
                             << ") must be a non-empty sub-range of [" << qmin
                             << ", " << qmax << "]";
  return success();
}

template <typename OpTy>
LogicalResult verifyOutput(OpTy op) {
  return verifyOutputOf(op.getOperation(),
                        op.getOutput().getType().getElementType(),
                        static_cast<int64_t>(op.getQuantMin()),
                        static_cast<int64_t>(op.getQuantMax()),
                        op.getOutputScale().convertToFloat(),
                        static_cast<int64_t>(op.getOutputZeroPoint()),
                        static_cast<int64_t>(op.getActMin()),
                        static_cast<int64_t>(op.getActMax()));
}

/// Weight scales: one, or one per output channel; all positive and finite.
LogicalResult verifyWeightScales(Operation *op, ArrayRef<float> scales,
                                 int64_t outChannels) {
  if (scales.size() != 1 && static_cast<int64_t>(scales.size()) != outChannels)
    return op->emitOpError() << "needs 1 weight scale or one per output "
                                "channel ("
                             << outChannels << "), got " << scales.size();
  for (auto [i, s] : llvm::enumerate(scales))
    if (!math::isValidScale(s))
      return op->emitOpError() << "weight scale #" << i
                               << " must be positive and finite, got " << s;
  return success();
}

LogicalResult verifyBias(Operation *op, Value bias, int64_t outChannels) {
  if (!bias)
    return success();
  auto type = cast<RankedTensorType>(bias.getType());
  if (type.getRank() != 1 || type.getDimSize(0) != outChannels)
    return op->emitOpError() << "bias must be [" << outChannels << "], got "
                             << bias.getType();
  return success();
}

LogicalResult verifyWindow(Operation *op, ArrayRef<int64_t> stride,
                           ArrayRef<int64_t> padding,
                           ArrayRef<int64_t> dilation) {
  if (stride.size() != 2 || padding.size() != 2 || dilation.size() != 2)
    return op->emitOpError() << "stride, padding and dilation need 2 values";
  for (int i = 0; i < 2; ++i)
    if (stride[i] < 1 || dilation[i] < 1 || padding[i] < 0)
      return op->emitOpError() << "stride and dilation must be >= 1 and "
                                  "padding >= 0";
  return success();
}

/// The output size of spatial dimension `dim` of a window op: an error when
/// it overflows or the window does not fit the padded input.
FailureOr<int64_t> windowSize(Operation *op, int dim, int64_t input,
                              int64_t kernel, int64_t stride, int64_t pad,
                              int64_t dilation, bool ceilMode) {
  std::optional<int64_t> size =
      windowOutputSize(input, kernel, pad, stride, dilation, ceilMode);
  if (!size)
    return op->emitOpError() << "output size of spatial dimension " << dim
                             << " overflows int64";
  if (*size < 1)
    return op->emitOpError() << "window " << kernel << " (dilation "
                             << dilation << ") exceeds spatial dimension "
                             << dim << " of size " << input << " padded by "
                             << pad;
  return *size;
}

/// The residual sum of a qconv2d: the residual operand with its qparams,
/// and the optional intermediate quantization of the conv result.
LogicalResult verifyResidual(QConv2dOp op) {
  bool hasScale = op.getResidualScale().has_value(),
       hasZp = op.getResidualZeroPoint().has_value();
  if (!op.getResidual()) {
    if (hasScale || hasZp)
      return op.emitOpError() << "residual qparams need a residual operand";
    if (op.getConvOutputScale() || op.getConvOutputZeroPoint() ||
        op.getConvOutputMin() || op.getConvOutputMax())
      return op.emitOpError()
             << "conv_output needs a residual operand (it quantizes the "
                "conv result before the residual sum)";
    return success();
  }
  RankedTensorType res = op.getResidual().getType();
  if (res.getShape() != op.getOutput().getType().getShape())
    return op.emitOpError() << "residual " << res
                            << " must have the result's shape";
  if (!hasScale || !hasZp)
    return op.emitOpError() << "residual needs a scale and a zero point";
  if (failed(verifyQParam(op, "residual",
                          op.getResidualScale()->convertToFloat(),
                          static_cast<int64_t>(*op.getResidualZeroPoint()),
                          res.getElementType())))
    return failure();
  std::optional<APFloat> scale = op.getConvOutputScale();
  std::optional<uint64_t> zp = op.getConvOutputZeroPoint();
  std::optional<uint64_t> lo = op.getConvOutputMin(),
                          hi = op.getConvOutputMax();
  if (!scale && !zp && !lo && !hi)
    return success();
  if (!scale || !zp || !lo || !hi)
    return op.emitOpError()
           << "conv_output needs a scale, a zero point and a clamp range";
  if (!math::isValidScale(scale->convertToFloat()))
    return op.emitOpError() << "conv_output scale must be positive and "
                               "finite, got "
                            << scale->convertToFloat();
  auto min = static_cast<int64_t>(*lo), max = static_cast<int64_t>(*hi);
  if (min > max || min < -(int64_t(1) << 31) || max > (int64_t(1) << 31) - 1)
    return op.emitOpError() << "conv_output clamp(" << min << ", " << max
                            << ") must be a non-empty int32 range";
  return success();
}

} // namespace

LogicalResult QConv2dOp::verify() {
  RankedTensorType in = getInput().getType(), w = getWeight().getType(),
                   out = getOutput().getType();
  if (in.getRank() != 4 || w.getRank() != 4 || out.getRank() != 4)
    return emitOpError() << "input, weight and result must be 4-d (NCHW, "
                            "OIHW)";
  if (!in.hasStaticShape() || !w.hasStaticShape() || !out.hasStaticShape())
    return emitOpError() << "needs static shapes";
  if (failed(verifyWindow(*this, getStride(), getPadding(), getDilation())))
    return failure();
  auto groups = static_cast<int64_t>(getGroups());
  int64_t cout = w.getDimSize(0);
  if (groups < 1 ||
      (CheckedInt(w.getDimSize(1)) * groups).get() !=
          std::optional(in.getDimSize(1)) ||
      cout % groups != 0)
    return emitOpError() << "input channels " << in.getDimSize(1)
                         << " and weight " << w << " do not match groups "
                         << groups;
  SmallVector<int64_t> expected{in.getDimSize(0), cout};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> size =
        windowSize(*this, i, in.getDimSize(2 + i), w.getDimSize(2 + i),
                   getStride()[i], getPadding()[i], getDilation()[i],
                   /*ceilMode=*/false);
    if (failed(size))
      return failure();
    expected.push_back(*size);
  }
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape must be "
                         << RankedTensorType::get(expected,
                                                  out.getElementType())
                         << ", got " << out;
  if (failed(verifyQParam(*this, "input", getInputScale().convertToFloat(),
                          static_cast<int64_t>(getInputZeroPoint()),
                          in.getElementType())) ||
      failed(verifyWeightScales(*this, getWeightScales(), cout)) ||
      failed(verifyBias(*this, getBias(), cout)) ||
      failed(verifyResidual(*this)))
    return failure();
  return verifyOutput(*this);
}

LogicalResult QLinearOp::verify() {
  RankedTensorType in = getInput().getType(), w = getWeight().getType(),
                   out = getOutput().getType();
  if (in.getRank() != 2 || w.getRank() != 2 || out.getRank() != 2)
    return emitOpError() << "input [M, K], weight [N, K] and result [M, N] "
                            "must be 2-d";
  if (!in.hasStaticShape() || !w.hasStaticShape() || !out.hasStaticShape())
    return emitOpError() << "needs static shapes";
  if (in.getDimSize(1) != w.getDimSize(1) ||
      out.getDimSize(0) != in.getDimSize(0) ||
      out.getDimSize(1) != w.getDimSize(0))
    return emitOpError() << "shapes " << in << " x " << w << " -> " << out
                         << " do not form a linear layer";
  if (failed(verifyQParam(*this, "input", getInputScale().convertToFloat(),
                          static_cast<int64_t>(getInputZeroPoint()),
                          in.getElementType())) ||
      failed(verifyWeightScales(*this, getWeightScales(), w.getDimSize(0))) ||
      failed(verifyBias(*this, getBias(), w.getDimSize(0))))
    return failure();
  if (getPostOp().has_value() != getPostOpAlpha().has_value())
    return emitOpError() << "post_op and its alpha come together";
  if (getPostOp() == PostOpKind::tanh &&
      getPostOpAlpha()->convertToFloat() != 0.0f)
    return emitOpError() << "tanh takes no alpha (0.0)";
  if (getPostOpAlpha() && !std::isfinite(getPostOpAlpha()->convertToFloat()))
    return emitOpError() << "post_op alpha must be finite";
  return verifyOutput(*this);
}

template <typename OpTy>
LogicalResult verifyBinary(OpTy op) {
  if (op.getLhs().getType().getShape() != op.getRhs().getType().getShape() ||
      op.getLhs().getType().getShape() != op.getOutput().getType().getShape())
    return op.emitOpError() << "operands and result must have the same shape";
  if (!op.getOutput().getType().hasStaticShape())
    return op.emitOpError() << "needs static shapes";
  if (failed(verifyQParam(op, "lhs", op.getLhsScale().convertToFloat(),
                          static_cast<int64_t>(op.getLhsZeroPoint()),
                          op.getLhs().getType().getElementType())) ||
      failed(verifyQParam(op, "rhs", op.getRhsScale().convertToFloat(),
                          static_cast<int64_t>(op.getRhsZeroPoint()),
                          op.getRhs().getType().getElementType())))
    return failure();
  return verifyOutput(op);
}

LogicalResult QAddOp::verify() { return verifyBinary(*this); }
LogicalResult QMulOp::verify() { return verifyBinary(*this); }

LogicalResult QAvgPool2dOp::verify() {
  RankedTensorType in = getInput().getType(), out = getOutput().getType();
  if (in.getRank() != 4 || out.getRank() != 4)
    return emitOpError() << "input and result must be 4-d (NCHW)";
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError() << "needs static shapes";
  if (getKernel().size() != 2 || getStride().size() != 2 ||
      getPadding().size() != 2)
    return emitOpError() << "needs a 2-d kernel, stride and padding";
  if (in.getDimSize(0) != out.getDimSize(0) ||
      in.getDimSize(1) != out.getDimSize(1))
    return emitOpError() << "batch and channels must be preserved";
  for (int i = 0; i < 2; ++i) {
    int64_t k = getKernel()[i], s = getStride()[i], p = getPadding()[i];
    if (k < 1 || s < 1 || p < 0 || p > k / 2)
      return emitOpError() << "kernel and stride must be >= 1 and padding "
                              "in [0, kernel / 2]";
    FailureOr<int64_t> size = windowSize(*this, i, in.getDimSize(2 + i), k, s,
                                         p, /*dilation=*/1, getCeilMode());
    if (failed(size))
      return failure();
    if (out.getDimSize(2 + i) != *size)
      return emitOpError() << "spatial dimension " << i << " must be " << *size
                           << ", got " << out.getDimSize(2 + i);
  }
  if (failed(verifyQParam(*this, "input", getInputScale().convertToFloat(),
                          static_cast<int64_t>(getInputZeroPoint()),
                          in.getElementType())))
    return failure();
  return verifyOutput(*this);
}

LogicalResult QCatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  auto out = cast<RankedTensorType>(getOutput().getType());
  int64_t rank = out.getRank();
  auto dim = static_cast<int64_t>(getDim());
  if (dim < 0 || dim >= rank)
    return emitOpError() << "dim " << dim << " is outside [0, " << rank << ")";
  size_t n = getInputs().size();
  if (getInputScales().size() != n || getInputZeroPoints().size() != n)
    return emitOpError() << "needs one scale and zero point per input ("
                         << n << "), got " << getInputScales().size()
                         << " and " << getInputZeroPoints().size();
  if (!out.hasStaticShape())
    return emitOpError() << "needs static shapes";
  CheckedInt total = 0;
  for (auto [i, v] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getRank() != rank || !type.hasStaticShape())
      return emitOpError() << "input #" << i << " must be a static " << rank
                           << "-d tensor, got " << type;
    for (int64_t d = 0; d < rank; ++d)
      if (d != dim && type.getDimSize(d) != out.getDimSize(d))
        return emitOpError() << "input #" << i << " " << type
                             << " does not match the result " << out
                             << " outside dim " << dim;
    total = total + type.getDimSize(dim);
    if (failed(verifyQParam(*this, ("input #" + llvm::Twine(i)).str(),
                            getInputScales()[i], getInputZeroPoints()[i],
                            type.getElementType())))
      return failure();
  }
  if (!total.get())
    return emitOpError() << "the inputs' sizes along dim " << dim
                         << " overflow int64";
  if (*total.get() != out.getDimSize(dim))
    return emitOpError() << "result size " << out.getDimSize(dim)
                         << " along dim " << dim << " must be the sum "
                         << *total.get() << " of the inputs'";
  auto qmin = static_cast<int64_t>(getQuantMin());
  auto qmax = static_cast<int64_t>(getQuantMax());
  return verifyOutputOf(*this, out.getElementType(), qmin, qmax,
                        getOutputScale().convertToFloat(),
                        static_cast<int64_t>(getOutputZeroPoint()), qmin,
                        qmax);
}

LogicalResult QMaxPool2dOp::verify() {
  RankedTensorType in = getInput().getType(), out = getOutput().getType();
  if (in.getRank() != 4 || out.getRank() != 4)
    return emitOpError() << "input and result must be 4-d (NCHW)";
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError() << "needs static shapes";
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "input and result element types differ";
  if (getKernel().size() != 2 ||
      failed(verifyWindow(*this, getStride(), getPadding(), getDilation())))
    return emitOpError() << "needs a 2-d kernel, stride, padding, dilation";
  if (in.getDimSize(0) != out.getDimSize(0) ||
      in.getDimSize(1) != out.getDimSize(1))
    return emitOpError() << "batch and channels must be preserved";
  for (int i = 0; i < 2; ++i) {
    int64_t k = getKernel()[i], p = getPadding()[i];
    if (k < 1 || p > k / 2)
      return emitOpError() << "kernel must be >= 1 and padding in [0, "
                              "kernel / 2]";
    FailureOr<int64_t> size =
        windowSize(*this, i, in.getDimSize(2 + i), k, getStride()[i], p,
                   getDilation()[i], getCeilMode());
    if (failed(size))
      return failure();
    if (out.getDimSize(2 + i) != *size)
      return emitOpError() << "spatial dimension " << i << " must be " << *size
                           << ", got " << out.getDimSize(2 + i);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// QLookupOp
//===----------------------------------------------------------------------===//

LogicalResult QLookupOp::verify() {
  RankedTensorType in = getInput().getType(), out = getOutput().getType();
  if (in.getShape() != out.getShape())
    return emitOpError() << "input and result shapes differ";
  if (getTable().size() != 256)
    return emitOpError() << "table must have 256 entries (one per 8-bit "
                            "input value), got "
                         << getTable().size();
  return success();
}
