//===- FlattenConstantGlobals.cpp - constant globals as 1-D arrays --------===//

#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Whether `global`'s data is stored as bytes: a non-splat dense value of
/// elements wider than 8 bits (whole bytes).
bool storeAsBytes(memref::GlobalOp global) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(
      global.getInitialValue().value_or(Attribute()));
  Type elem = global.getType().getElementType();
  if (!dense || dense.isSplat() || !elem.isIntOrFloat())
    return false;
  unsigned bits = elem.getIntOrFloatBitWidth();
  return bits > 8 && bits % 8 == 0;
}

struct FlattenConstantGlobalsPass
    : quant_pt2e::impl::FlattenConstantGlobalsBase<FlattenConstantGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // symbol -> (old type, stored as bytes)
    llvm::DenseMap<StringAttr, std::pair<MemRefType, bool>> flattened;
    Type i8 = IntegerType::get(&getContext(), 8);
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      if (!global.getConstant() || type.getRank() < 1 ||
          !type.hasStaticShape() || !type.getLayout().isIdentity())
        continue;
      bool bytes = storeAsBytes(global);
      if (type.getRank() < 2 && !bytes)
        continue;
      Attribute value;
      MemRefType flatType;
      if (bytes) {
        auto dense = cast<DenseElementsAttr>(*global.getInitialValue());
        ArrayRef<char> raw = dense.getRawData();
        auto byteType =
            RankedTensorType::get({static_cast<int64_t>(raw.size())}, i8);
        value = DenseElementsAttr::getFromRawBuffer(byteType, raw);
        flatType = MemRefType::get(byteType.getShape(), i8, AffineMap(),
                                   type.getMemorySpace());
      } else {
        flatType =
            MemRefType::get({type.getNumElements()}, type.getElementType(),
                            AffineMap(), type.getMemorySpace());
        value = flatValue(global, RankedTensorType::get(flatType.getShape(),
                                                        type.getElementType()));
      }
      if (!value)
        continue;
      global.setType(flatType);
      global.setInitialValueAttr(value);
      flattened[global.getSymNameAttr()] = {type, bytes};
    }
    if (flattened.empty())
      return;
    IRRewriter rewriter(&getContext());
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getNameAttr().getAttr());
      if (it == flattened.end())
        return;
      auto [type, bytes] = it->second;
      Location loc = get.getLoc();
      rewriter.setInsertionPoint(get);
      auto flatType =
          MemRefType::get({type.getNumElements()}, type.getElementType(),
                          AffineMap(), type.getMemorySpace());
      Value flat;
      if (bytes) {
        int64_t size = type.getNumElements() *
                       type.getElementType().getIntOrFloatBitWidth() / 8;
        Value raw = memref::GetGlobalOp::create(
            rewriter, loc,
            MemRefType::get({size}, i8, AffineMap(), type.getMemorySpace()),
            get.getName());
        flat = memref::ViewOp::create(
            rewriter, loc, flatType, raw,
            arith::ConstantIndexOp::create(rewriter, loc, 0), ValueRange{});
      } else {
        flat =
            memref::GetGlobalOp::create(rewriter, loc, flatType, get.getName());
      }
      if (type.getRank() < 2) {
        rewriter.replaceOp(get, flat);
        return;
      }
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < type.getRank(); ++d)
        all[0].push_back(d);
      Value shaped =
          memref::ExpandShapeOp::create(rewriter, loc, type, flat, all);
      rewriter.replaceOp(get, shaped);
    });
  }
};

} // namespace
