//===- Passes.h - aten graph transforms -------------------------*- C++ -*-===//

#ifndef QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_H
#define QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_H

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::aten {

#define GEN_PASS_DECL
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h.inc"

} // namespace mlir::aten

#endif // QUANT_PT2E_DIALECT_ATEN_TRANSFORMS_PASSES_H
