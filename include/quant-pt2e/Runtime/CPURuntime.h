/*===- CPURuntime.h - CPU state the generated kernels need --------*- C -*-===*\
|*                                                                            *|
|* One-time CPU set-up for the compiler's own kernels, called from the        *|
|* module's qpt2e_init (never per inference). No MLIR dependency.             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_CPURUNTIME_H
#define QUANT_PT2E_RUNTIME_CPURUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Asks Linux for the AMX tile data state of this process
/// (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)), without which the
/// first tile instruction faults. Idempotent. On refusal it records the
/// cause as the context's error (qpt2e_runtime_error): the module was
/// compiled for AMX tiles (--target-isa amx, or a host that reports
/// amx_int8) and cannot run.
void qpt2e_request_amx(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_CPURUNTIME_H */
