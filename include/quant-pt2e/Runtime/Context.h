/*===- Context.h - per-instance runtime state --------------------*- C -*-===*\
|*                                                                            *|
|* Everything a compiled model mutates at run time lives in a context: the   *|
|* oneDNN primitives and XNNPACK operators of its call sites, the XNNPACK    *|
|* thread pool, the observer statistics and the first error. Each thread    *|
|* runs against the context bound to it (the process's default context when *|
|* none is bound), so separate model instances, each with its own context,  *|
|* run concurrently from different threads. No MLIR dependency.             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_CONTEXT_H
#define QUANT_PT2E_RUNTIME_CONTEXT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qpt2e_context qpt2e_context;

/// A new, empty context (no sites, no observers, no error).
qpt2e_context *qpt2e_context_create(void);
/// Destroys a context and everything its sites own. It must not be bound
/// to any thread.
void qpt2e_context_destroy(qpt2e_context *context);
/// Binds `context` to the calling thread (NULL: the default context) and
/// returns the previous binding (NULL for the default).
qpt2e_context *qpt2e_context_bind(qpt2e_context *context);

/// The first error the runtime recorded in the calling thread's context
/// since the last clear (a backend refusing a configuration, a site used
/// wrongly, an observer seeing NaN, the AMX state refused), or NULL. The
/// runtime functions the compiled code calls never exit or throw: they
/// record the error and return, and the caller checks here after
/// qpt2e_init and after each run.
const char *qpt2e_runtime_error(void);
/// Clears the recorded error of the calling thread's context.
void qpt2e_runtime_clear_error(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_CONTEXT_H */
