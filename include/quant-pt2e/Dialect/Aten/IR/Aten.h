//===- Aten.h - aten input dialect -----------------------------*- C++ -*-===//
//
// Declares the aten dialect and its ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_ATEN_IR_ATEN_H
#define QUANT_PT2E_DIALECT_ATEN_IR_ATEN_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "quant-pt2e/Dialect/Aten/IR/AtenDialect.h.inc"

namespace mlir::aten {
// QuantizableOpInterface's answers for every aten op, in one place
// (AtenQuantizable.cpp): the fusion parameters, a weighted op rebuilt with a
// new weight and bias, the float formula of a unary element-wise op, and
// the importer's module attributes.
quant_pt2e::QuantOpParams quantOpParams(Operation *op);
Operation *cloneWithWeightAndBias(Operation *op, OpBuilder &builder,
                                  Value weight, Value bias);
std::optional<float> evaluateElementwise(Operation *op, float x);
std::optional<llvm::StringRef> modulePath(Operation *op);
llvm::SmallVector<llvm::StringRef> moduleTypes(Operation *op);
} // namespace mlir::aten

#include "quant-pt2e/Dialect/Aten/IR/AtenEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "quant-pt2e/Dialect/Aten/IR/AtenAttrs.h.inc"

#define GET_OP_CLASSES
#include "quant-pt2e/Dialect/Aten/IR/AtenOps.h.inc"

#endif // QUANT_PT2E_DIALECT_ATEN_IR_ATEN_H
