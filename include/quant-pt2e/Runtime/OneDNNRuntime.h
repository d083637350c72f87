/*===- OneDNNRuntime.h - oneDNN call sites of compiled code ------*- C -*-===*\
|*                                                                            *|
|* The functions convert-quant-pt2e-to-onednn emits calls to. Every fused op  *|
|* is a call site: `*_init` runs once (from the module's qpt2e_init) and      *|
|* creates the primitive and the reordered weights; the per-inference calls  *|
|* only execute it. Errors (oneDNN refusing a configuration, a site used     *|
|* before init or with other shapes) print a message naming the site and    *|
|* exit with status 1.                                                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_ONEDNNRUNTIME_H
#define QUANT_PT2E_RUNTIME_ONEDNNRUNTIME_H

#include "quant-pt2e/Runtime/QuantRuntime.h"
#include "quant-pt2e/Runtime/SiteParams.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Creates site `site`: `weight` int8 OIHW, `bias` f32 [O] (ignored unless
/// QPT2E_CONV_HAS_BIAS), `iparams` i64 [QPT2E_CONV_NUM_PARAMS], `fparams`
/// f32 [enum qpt2e_conv_fparam..., weight scales (1 or O)].
void _mlir_ciface_qpt2e_onednn_conv_init(int64_t site,
                                         qpt2e_unranked_memref *weight,
                                         qpt2e_unranked_memref *bias,
                                         qpt2e_unranked_memref *iparams,
                                         qpt2e_unranked_memref *fparams);

/// Runs site `site` on an NHWC int8 `src` into the NHWC int8 `dst`.
void _mlir_ciface_qpt2e_onednn_conv(int64_t site, qpt2e_unranked_memref *src,
                                    qpt2e_unranked_memref *dst);

/// Runs a residual-sum site: `dst` = conv(`src`) + the NHWC `residual`
/// (same size as `dst`), through the site's post-op chain.
void _mlir_ciface_qpt2e_onednn_conv_residual(int64_t site,
                                             qpt2e_unranked_memref *src,
                                             qpt2e_unranked_memref *residual,
                                             qpt2e_unranked_memref *dst);

void _mlir_ciface_qpt2e_onednn_max_pool_init(int64_t site,
                                             qpt2e_unranked_memref *iparams);
void _mlir_ciface_qpt2e_onednn_max_pool(int64_t site,
                                        qpt2e_unranked_memref *src,
                                        qpt2e_unranked_memref *dst);

/// Threads of oneDNN's OpenMP runtime.
void qpt2e_onednn_set_num_threads(int32_t threads);

/// Forgets every site (primitives and packed weights).
void qpt2e_onednn_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_ONEDNNRUNTIME_H */
