//===- Passes.h - quant-pt2e dialect-independent passes ---------*- C++ -*-===//

#ifndef QUANT_PT2E_TRANSFORMS_PASSES_H
#define QUANT_PT2E_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

namespace mlir::quant_pt2e {

#define GEN_PASS_DECL
#include "quant-pt2e/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quant-pt2e/Transforms/Passes.h.inc"

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_TRANSFORMS_PASSES_H
