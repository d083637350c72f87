//===- AtenConvOps.cpp - convolution and batch norm -----------------------===//
//
// Verifiers and quantization-interface answers of aten.convolution,
// aten.batch_norm and aten.batch_norm_training.
//
//===----------------------------------------------------------------------===//

#include "AtenShapeUtils.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/IR/ShapeLimits.h"

using namespace mlir;
using namespace mlir::aten;
using mlir::quant_pt2e::CheckedInt;

//===----------------------------------------------------------------------===//
// ConvolutionOp
//===----------------------------------------------------------------------===//

LogicalResult ConvolutionOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType weight = getWeight().getType();
  int64_t rank = input.getRank();
  if (rank < 3 || rank > 5)
    return emitOpError() << "input must have rank 3 to 5 ([N, C, *spatial]), "
                            "got "
                         << rank;
  if (weight.getRank() != rank)
    return emitOpError() << "weight rank " << weight.getRank()
                         << " must equal the input rank " << rank;
  size_t spatial = rank - 2;
  if (failed(verifyIntList(*this, getStride(), spatial, 1, "stride")) ||
      failed(verifyIntList(*this, getPadding(), spatial, 0, "padding")) ||
      failed(verifyIntList(*this, getDilation(), spatial, 1, "dilation")) ||
      failed(verifyIntList(*this, getOutputPadding(), spatial, 0,
                           "output_padding")))
    return failure();
  int64_t groups = static_cast<int64_t>(getGroups());
  if (groups < 1)
    return emitOpError() << "groups must be positive, got " << groups;

  bool transposed = getTransposed();
  for (size_t i = 0; i < spatial; ++i) {
    int64_t outPad = getOutputPadding()[i];
    if (!transposed && outPad != 0)
      return emitOpError() << "output_padding applies only to transposed "
                              "convolutions";
    if (transposed &&
        outPad >= std::max(getStride()[i], getDilation()[i]))
      return emitOpError() << "output_padding must be smaller than stride or "
                              "dilation";
  }

  DimSize inChannels = input.getDimSize(1);
  DimSize outChannels = ShapedType::kDynamic;
  if (!transposed) {
    // weight [Cout, Cin / groups, *kernel]
    DimSize wOut = weight.getDimSize(0), wIn = weight.getDimSize(1);
    if (isStatic(wOut)) {
      if (wOut % groups != 0)
        return emitOpError() << "weight output channels " << wOut
                             << " are not divisible by groups " << groups;
      outChannels = wOut;
    }
    if (isStatic(inChannels) && isStatic(wIn) &&
        (CheckedInt(wIn) * groups).get() != std::optional(inChannels))
      return emitOpError() << "input has " << inChannels
                           << " channels but the weight expects " << wIn
                           << " x " << groups << " groups";
  } else {
    // weight [Cin, Cout / groups, *kernel]
    DimSize wIn = weight.getDimSize(0), wOut = weight.getDimSize(1);
    if (isStatic(inChannels) && inChannels % groups != 0)
      return emitOpError() << "input channels " << inChannels
                           << " are not divisible by groups " << groups;
    if (isStatic(inChannels) && isStatic(wIn) && wIn != inChannels)
      return emitOpError() << "input has " << inChannels
                           << " channels but the transposed weight expects "
                           << wIn;
    if (isStatic(wOut)) {
      std::optional<int64_t> channels = (CheckedInt(wOut) * groups).get();
      if (!channels)
        return emitOpError() << "output channels " << wOut << " x " << groups
                             << " groups overflow int64";
      outChannels = *channels;
    }
  }

  if (Value bias = getBias())
    if (failed(verifyVector(*this, cast<ShapedType>(bias.getType()),
                            outChannels, "bias")))
      return failure();

  SmallVector<DimSize> expected{input.getDimSize(0), outChannels};
  for (size_t i = 0; i < spatial; ++i) {
    DimSize in = input.getDimSize(i + 2), k = weight.getDimSize(i + 2);
    int64_t s = getStride()[i], p = getPadding()[i], d = getDilation()[i];
    if (!isStatic(in) || !isStatic(k)) {
      expected.push_back(ShapedType::kDynamic);
      continue;
    }
    std::optional<int64_t> out =
        transposed ? ((CheckedInt(in) - 1) * s - CheckedInt(2) * p +
                      CheckedInt(d) * (CheckedInt(k) - 1) +
                      getOutputPadding()[i] + 1)
                         .get()
                   : quant_pt2e::windowOutputSize(in, k, p, s, d,
                                                  /*ceilMode=*/false);
    if (!out)
      return emitOpError() << "output size of spatial dimension " << i
                           << " overflows int64 (input " << in << ", kernel "
                           << k << ", stride " << s << ", dilation " << d
                           << ", padding " << p << ")";
    if (*out <= 0)
      return emitOpError() << "kernel size " << k << " (dilation " << d
                           << ") does not fit spatial dimension " << i
                           << " of size " << in << " with padding " << p;
    expected.push_back(*out);
  }
  return verifyShape(*this, expected, getResult().getType());
}

std::optional<unsigned> ConvolutionOp::getWeightOperandIndex() { return 1; }

int64_t ConvolutionOp::getWeightOutputChannelAxis() {
  return getTransposed() ? 1 : 0;
}

std::optional<unsigned> ConvolutionOp::getBiasOperandIndex() {
  return getBias() ? std::optional<unsigned>(2) : std::nullopt;
}

//===----------------------------------------------------------------------===//
// BatchNormOp / BatchNormTrainingOp
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy>
LogicalResult verifyBatchNorm(OpTy op) {
  RankedTensorType input = op.getInput().getType();
  if (input.getRank() < 2)
    return op.emitOpError() << "input must have rank >= 2 ([N, C, ...]), got "
                            << input.getRank();
  DimSize channels = input.getDimSize(1);
  if (failed(verifyVector(op, op.getRunningMean().getType(), channels,
                          "running_mean")) ||
      failed(verifyVector(op, op.getRunningVar().getType(), channels,
                          "running_var")))
    return failure();
  if (Value weight = op.getWeight())
    if (failed(verifyVector(op, cast<ShapedType>(weight.getType()), channels,
                            "weight")))
      return failure();
  if (Value bias = op.getBias())
    if (failed(verifyVector(op, cast<ShapedType>(bias.getType()), channels,
                            "bias")))
      return failure();
  double eps = op.getEps().convertToDouble();
  if (!(eps > 0.0))
    return op.emitOpError() << "eps must be positive, got " << eps;
  double momentum = op.getMomentum().convertToDouble();
  if (!(momentum >= 0.0 && momentum <= 1.0))
    return op.emitOpError() << "momentum must be in [0, 1], got " << momentum;
  if (op.getResult().getType() != input)
    return op.emitOpError() << "result type must equal the input type";
  return success();
}
} // namespace

LogicalResult BatchNormOp::verify() { return verifyBatchNorm(*this); }

LogicalResult BatchNormTrainingOp::verify() {
  if (failed(verifyBatchNorm(*this)))
    return failure();
  if (getNewRunningMean().getType() != getRunningMean().getType() ||
      getNewRunningVar().getType() != getRunningVar().getType())
    return emitOpError() << "updated running statistics must have the types "
                            "of the running statistics";
  return success();
}
