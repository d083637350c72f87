//===- X86.h - qpt2e_x86 dialect -------------------------------*- C++ -*-===//
//
// Declares the qpt2e_x86 dialect (x86 int8 dot-product instructions for the
// generated kernels) and its ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_X86_IR_X86_H
#define QUANT_PT2E_DIALECT_X86_IR_X86_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "quant-pt2e/Dialect/X86/IR/X86Dialect.h.inc"

#define GET_OP_CLASSES
#include "quant-pt2e/Dialect/X86/IR/X86Ops.h.inc"

#endif // QUANT_PT2E_DIALECT_X86_IR_X86_H
