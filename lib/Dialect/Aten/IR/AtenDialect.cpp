//===- AtenDialect.cpp - aten input dialect -------------------------------===//

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::aten;

#include "quant-pt2e/Dialect/Aten/IR/AtenDialect.cpp.inc"
#include "quant-pt2e/Dialect/Aten/IR/AtenEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "quant-pt2e/Dialect/Aten/IR/AtenAttrs.cpp.inc"

#define GET_OP_CLASSES
#include "quant-pt2e/Dialect/Aten/IR/AtenOps.cpp.inc"

void AtenDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quant-pt2e/Dialect/Aten/IR/AtenAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "quant-pt2e/Dialect/Aten/IR/AtenOps.cpp.inc"
      >();
}
