//===- FlattenConstantGlobals.cpp - constant globals as 1-D arrays --------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_FLATTENCONSTANTGLOBALS
#include "quant-pt2e/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;

namespace {

/// The initial value of `global` as the 1-D `type`, if it is dense.
Attribute flatValue(memref::GlobalOp global, RankedTensorType type) {
  Attribute init = global.getInitialValue().value_or(Attribute());
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(init))
    return dense.reshape(type);
  if (auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(init))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return {};
}

struct FlattenConstantGlobalsPass
    : quant_pt2e::impl::FlattenConstantGlobalsBase<FlattenConstantGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::DenseMap<StringAttr, MemRefType> flattened; // symbol -> old type
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      if (!global.getConstant() || type.getRank() < 2 ||
          !type.hasStaticShape() || !type.getLayout().isIdentity())
        continue;
      auto flatType = MemRefType::get({type.getNumElements()},
                                      type.getElementType(), AffineMap(),
                                      type.getMemorySpace());
      Attribute value = flatValue(
          global, RankedTensorType::get(flatType.getShape(),
                                        type.getElementType()));
      if (!value)
        continue;
      global.setType(flatType);
      global.setInitialValueAttr(value);
      flattened[global.getSymNameAttr()] = type;
    }
    if (flattened.empty())
      return;
    IRRewriter rewriter(&getContext());
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getNameAttr().getAttr());
      if (it == flattened.end())
        return;
      MemRefType type = it->second;
      rewriter.setInsertionPoint(get);
      auto flat = memref::GetGlobalOp::create(
          rewriter, get.getLoc(),
          MemRefType::get({type.getNumElements()}, type.getElementType(),
                          AffineMap(), type.getMemorySpace()),
          get.getName());
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < type.getRank(); ++d)
        all[0].push_back(d);
      Value shaped = memref::ExpandShapeOp::create(
          rewriter, get.getLoc(), type, flat, all);
      rewriter.replaceOp(get, shaped);
    });
  }
};

} // namespace
