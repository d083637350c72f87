//===- Passes.h - quant-pt2e conversion passes ------------------*- C++ -*-===//

#ifndef QUANT_PT2E_CONVERSION_PASSES_H
#define QUANT_PT2E_CONVERSION_PASSES_H

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/X86/IR/X86.h"

#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::quant_pt2e {

#define GEN_PASS_DECL
#include "quant-pt2e/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quant-pt2e/Conversion/Passes.h.inc"

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_CONVERSION_PASSES_H
