//===- Passes.h - quant_pt2e quantization passes ----------------*- C++ -*-===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_PASSES_H
#define QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_PASSES_H

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::quant_pt2e {

#define GEN_PASS_DECL
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_PASSES_H
