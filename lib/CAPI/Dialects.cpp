//===- Dialects.cpp - C API of the project's dialects ---------------------===//
//
// See quant-pt2e-c/Dialects.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e-c/Dialects.h"

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/X86/IR/X86.h"

#include "mlir/CAPI/Registration.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Aten, aten, mlir::aten::AtenDialect)
MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(QuantPT2E, quant_pt2e,
                                      mlir::quant_pt2e::QuantPT2EDialect)
MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(QPT2EX86, qpt2e_x86,
                                      mlir::qpt2e_x86::QPT2EX86Dialect)
