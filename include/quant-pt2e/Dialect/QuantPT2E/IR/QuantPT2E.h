//===- QuantPT2E.h - quant_pt2e dialect ------------------------*- C++ -*-===//
//
// Declares the quant_pt2e dialect, its enums, attributes and ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2E_H
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2E_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EDialect.h.inc"

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EEnums.h.inc"

namespace mlir::quant_pt2e::attr_param {
/// Parses a float32 attribute parameter (decimal or hexadecimal).
FailureOr<APFloat> parseF32Param(AsmParser &parser);
/// Parses an optional float32 attribute parameter.
FailureOr<std::optional<APFloat>> parseOptionalF32Param(AsmParser &parser);
/// Prints a float32 attribute parameter so that it round-trips exactly.
void printF32Param(AsmPrinter &printer, const APFloat &value);
/// Parses `true` or `false`.
FailureOr<bool> parseBoolParam(AsmParser &parser);
} // namespace mlir::quant_pt2e::attr_param

#define GET_ATTRDEF_CLASSES
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EAttrs.h.inc"

#define GET_OP_CLASSES
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2EOps.h.inc"

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2E_H
