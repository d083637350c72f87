/*===- Dialects.h - C API of the aten, quant_pt2e and qpt2e_x86 dialects --===*\
|*                                                                            *|
|* Dialect handles in upstream MLIR's C API style (mlir-c/IR.h): a client     *|
|* registers or loads one dialect with mlirDialectHandleRegisterDialect /    *|
|* mlirDialectHandleLoadDialect, e.g.                                        *|
|*   mlirDialectHandleLoadDialect(mlirGetDialectHandle__quant_pt2e__(), ctx) *|
|* Library: libQuantPT2ECAPI.so (it carries upstream's IR and pass C API).  *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_C_DIALECTS_H
#define QUANT_PT2E_C_DIALECTS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Aten, aten);
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(QuantPT2E, quant_pt2e);
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(QPT2EX86, qpt2e_x86);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_C_DIALECTS_H */
