/*===- Registration.h - C API of the one registration entry point ---------===*\
|*                                                                            *|
|* mlirQuantPT2ERegisterAll is quant-pt2e/InitAll.h's registerQuantPT2E for  *|
|* C clients and other compilers' Python bindings: it fills an               *|
|* MlirDialectRegistry with the upstream and quant-pt2e dialects and         *|
|* registers every pass and named pipeline, so that mlirParsePassPipeline    *|
|* (mlir-c/Pass.h) accepts e.g. "builtin.module(quant-pt2e-vector-to-llvm)". *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_C_REGISTRATION_H
#define QUANT_PT2E_C_REGISTRATION_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Adds every upstream dialect and extension and the aten, quant_pt2e and
/// qpt2e_x86 dialects to `registry`; registers every upstream and
/// quant-pt2e pass and pipeline (once per process).
MLIR_CAPI_EXPORTED void mlirQuantPT2ERegisterAll(MlirDialectRegistry registry);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_C_REGISTRATION_H */
