/*===- CPURuntime.h - CPU state the generated kernels need --------*- C -*-===*\
|*                                                                            *|
|* One-time CPU set-up for the compiler's own kernels, called from the        *|
|* module's qpt2e_init (never per inference), and the timing calls a module   *|
|* compiled with convert-quant-pt2e-to-vector{profile} makes around each     *|
|* kernel call. No MLIR dependency.                                           *|
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

/*===-- Profiling (convert-quant-pt2e-to-vector{profile}) -----------------===*/

/// A steady clock in nanoseconds: the start of a profiled call.
int64_t qpt2e_profile_clock(void);
/// Records one call of profiled site `site` that started at `start_ns`
/// (qpt2e_profile_clock). Site ids: 2 k for vector kernel k
/// (qpt2e_vec_conv_<k>), 2 k + 1 for its input function;
/// QPT2E_PROFILE_POOL_BASE + 2 k (+ 1) for max pooling kernel k. Safe to
/// call from several threads.
void qpt2e_profile_record(int64_t site, int64_t start_ns);

#define QPT2E_PROFILE_POOL_BASE 1000000

/// One site's calls since the last reset.
typedef struct {
  int64_t site;
  int64_t calls;
  int64_t total_ns;
  int64_t median_ns; /* of the calls' durations */
} qpt2e_profile_entry;

/// Writes up to `capacity` entries, in site order; returns how many sites
/// have calls.
int64_t qpt2e_profile_entries(qpt2e_profile_entry *out, int64_t capacity);
/// Forgets every recorded call (e.g. the warm-up runs').
void qpt2e_profile_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_CPURUNTIME_H */
