//===- Registration.cpp - C API of the registration entry point -----------===//
//
// See quant-pt2e-c/Registration.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e-c/Registration.h"

#include "quant-pt2e/InitAll.h"

#include "mlir/CAPI/IR.h"

void mlirQuantPT2ERegisterAll(MlirDialectRegistry registry) {
  mlir::quant_pt2e::registerQuantPT2E(*unwrap(registry));
}
