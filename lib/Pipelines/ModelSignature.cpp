//===- ModelSignature.cpp - what a compiled model exposes ----------------===//

#include "quant-pt2e/Pipelines/ModelSignature.h"

#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

LogicalResult ModelFile::load(llvm::StringRef path, std::string &error) {
  auto file = openInputFile(path, &error);
  if (!file)
    return failure();
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);
  context.printOpOnDiagnostic(false);
  parsed = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!parsed) {
    error = "cannot parse '" + path.str() + "'";
    return failure();
  }
  return success();
}

std::optional<std::string> mlir::quant_pt2e::dtypeName(Type type) {
  if (type.isF32())
    return "f32";
  if (type.isF64())
    return "f64";
  if (type.isSignlessInteger(64))
    return "i64";
  if (type.isSignlessInteger(32))
    return "i32";
  if (type.isSignlessInteger(8))
    return "i8";
  if (type.isUnsignedInteger(8))
    return "u8";
  return std::nullopt;
}

namespace {

/// Per-tensor static qparams of a quantize / dequantize op.
template <typename OpT> std::optional<BorderQParams> qparamsOf(OpT op) {
  if (op.isDynamic() || op.isPerChannel() || !op.getScales() ||
      op.getScales()->size() != 1)
    return std::nullopt;
  auto intType = op->getOperandTypes().front();
  if constexpr (std::is_same_v<OpT, QuantizeOp>)
    intType = op.getOutput().getType();
  std::optional<std::string> dtype =
      dtypeName(cast<RankedTensorType>(intType).getElementType());
  if (!dtype)
    return std::nullopt;
  BorderQParams q;
  q.dtype = *dtype;
  q.scale = (*op.getScales())[0];
  q.zeroPoint = op.getZeroPoints() ? (*op.getZeroPoints())[0] : 0;
  q.quantMin = op.getQuantMin();
  q.quantMax = op.getQuantMax();
  return q;
}

std::optional<TensorSignature> tensorSignature(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  std::optional<std::string> dtype = dtypeName(tensor.getElementType());
  if (!dtype)
    return std::nullopt;
  return TensorSignature{*dtype, std::vector<int64_t>(tensor.getShape()),
                         std::nullopt};
}

} // namespace

std::optional<ModelSignature>
mlir::quant_pt2e::readModelSignature(ModuleOp module, StringRef entry,
                                     std::string &error) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func || func.isExternal()) {
    error = "no function '" + entry.str() + "'";
    return std::nullopt;
  }
  ModelSignature signature;
  for (auto [index, arg] : llvm::enumerate(func.getArguments())) {
    std::optional<TensorSignature> t = tensorSignature(arg.getType());
    if (!t) {
      error = "argument " + std::to_string(index) +
              " is not a statically shaped tensor of f32, f64, i8, ui8, i32 "
              "or i64";
      return std::nullopt;
    }
    // A converted model quantizes a float input right away: its qparams.
    if (arg.hasOneUse())
      if (auto q = dyn_cast<QuantizeOp>(*arg.getUsers().begin()))
        t->qparams = qparamsOf(q);
    signature.inputs.push_back(*t);
  }
  auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
  for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
    std::optional<TensorSignature> t = tensorSignature(value.getType());
    if (!t) {
      error = "result " + std::to_string(index) +
              " is not a statically shaped tensor of f32, f64, i8, ui8, i32 "
              "or i64";
      return std::nullopt;
    }
    if (auto dq = value.getDefiningOp<DequantizeOp>())
      t->qparams = qparamsOf(dq);
    signature.outputs.push_back(*t);
  }

  auto record = [&](std::optional<uint64_t> id, QuantSpecAttr spec,
                    Value input) {
    if (!id)
      return;
    auto key = static_cast<int64_t>(*id);
    signature.observerSpecs[key] = spec;
    std::optional<int64_t> axis = spec.getChAxis();
    auto type = cast<RankedTensorType>(input.getType());
    signature.observerChannels[key] =
        spec.isPerChannel() && axis && *axis < type.getRank()
            ? type.getDimSize(*axis)
            : 1;
  };
  module.walk([&](ObserverOp op) {
    record(op.getId(), op.getSpec(), op.getInput());
  });
  module.walk([&](FakeQuantizeOp op) {
    record(op.getId(), op.getSpec(), op.getInput());
  });
  // Training batch norms (any client's, through the interface) keep their
  // running statistics as state.
  module.walk([&](QuantizableOpInterface op) {
    auto id = op->getAttrOfType<IntegerAttr>(kStateIdAttrName);
    std::optional<BatchNormParams> bn = op.getQuantOpParams().batchNorm;
    if (id && bn && bn->training)
      signature.runningStats.push_back(
          {id.getInt(),
           cast<RankedTensorType>(op->getOperand(bn->runningMean).getType())
               .getNumElements()});
  });
  return signature;
}
