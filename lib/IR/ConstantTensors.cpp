//===- ConstantTensors.cpp - read and make constant tensors ---------------===//

#include "quant-pt2e/IR/ConstantTensors.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

std::optional<std::vector<float>>
quant_pt2e::getF32ConstantValues(Value value) {
  // Any constant-like op (arith.constant, tosa.const, ...).
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    if (!dense.getElementType().isF32())
      return std::nullopt;
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef())
      return std::vector<float>(data->begin(), data->end());
  return std::nullopt;
}

std::optional<std::vector<int8_t>>
quant_pt2e::getI8ConstantValues(Value value) {
  auto constant = value ? value.getDefiningOp<arith::ConstantOp>()
                        : arith::ConstantOp();
  if (!constant)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.getElementType().isInteger(8))
    return std::nullopt;
  Attribute attr = constant.getValue();
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    std::vector<int8_t> out;
    out.reserve(dense.getNumElements());
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(static_cast<int8_t>(v.getZExtValue() & 0xff));
    return out;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    if (static_cast<int64_t>(data.size()) != type.getNumElements())
      return std::nullopt;
    return std::vector<int8_t>(data.begin(), data.end());
  }
  return std::nullopt;
}

Value quant_pt2e::createResourceConstant(OpBuilder &b, Location loc,
                                         RankedTensorType type,
                                         ArrayRef<char> bytes, StringRef name,
                                         size_t alignment) {
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignment);
  auto attr = DenseResourceElementsAttr::get(type, name, std::move(blob));
  return arith::ConstantOp::create(b, loc, type, attr);
}

Value quant_pt2e::createF32Constant(OpBuilder &b, Location loc,
                                    ArrayRef<int64_t> shape,
                                    ArrayRef<float> values, StringRef name) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  return createResourceConstant(b, loc, type, bytes, name, alignof(float));
}
