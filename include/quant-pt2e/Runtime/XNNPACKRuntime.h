/*===- XNNPACKRuntime.h - XNNPACK call sites of compiled code ----*- C -*-===*\
|*                                                                            *|
|* The functions convert-quant-pt2e-to-xnnpack emits calls to. Every fused   *|
|* op is a call site: `*_init` runs once (from the module's qpt2e_init) and  *|
|* creates the XNNPACK operator, packing the weights; the per-inference      *|
|* calls only set up the operator's pointers and run it on the thread pool.  *|
|* Activations are NHWC int8 (qs8), weights qs8 (one scale) or qc8 (one      *|
|* scale per output channel). Errors (XNNPACK refusing a configuration, a    *|
|* site used before init or with other sizes) print a message naming the    *|
|* site and exit with status 1.                                               *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_XNNPACKRUNTIME_H
#define QUANT_PT2E_RUNTIME_XNNPACKRUNTIME_H

#include "quant-pt2e/Runtime/QuantRuntime.h"
#include "quant-pt2e/Runtime/SiteParams.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Convolution (QPT2E_CONV_LINEAR: fully connected) site: `weight` int8
/// OIHW (OI), `bias` f32 [O] (quantized to int32 with input_scale *
/// weight_scale[c]), `iparams` i64 [QPT2E_CONV_NUM_PARAMS], `fparams` f32
/// [enum qpt2e_conv_fparam..., weight scales (1 or O)].
void _mlir_ciface_qpt2e_xnnpack_conv_init(int64_t site,
                                          qpt2e_unranked_memref *weight,
                                          qpt2e_unranked_memref *bias,
                                          qpt2e_unranked_memref *iparams,
                                          qpt2e_unranked_memref *fparams);

/// Max pooling site: `iparams` i64 [QPT2E_POOL_NUM_PARAMS].
void _mlir_ciface_qpt2e_xnnpack_max_pool_init(int64_t site,
                                              qpt2e_unranked_memref *iparams);

/// Global average pooling site: `iparams` i64 [QPT2E_GAVG_NUM_PARAMS],
/// `fparams` f32 [src_scale, dst_scale].
void _mlir_ciface_qpt2e_xnnpack_global_avg_pool_init(
    int64_t site, qpt2e_unranked_memref *iparams,
    qpt2e_unranked_memref *fparams);

/// Add / multiply site: `iparams` i64 [QPT2E_BINARY_NUM_PARAMS], `fparams`
/// f32 [lhs_scale, rhs_scale, dst_scale].
void _mlir_ciface_qpt2e_xnnpack_binary_init(int64_t site,
                                            qpt2e_unranked_memref *iparams,
                                            qpt2e_unranked_memref *fparams);

/// Runs a one-input site (convolution, fully connected, pooling).
void _mlir_ciface_qpt2e_xnnpack_run(int64_t site, qpt2e_unranked_memref *src,
                                    qpt2e_unranked_memref *dst);

/// Runs a binary site.
void _mlir_ciface_qpt2e_xnnpack_run2(int64_t site, qpt2e_unranked_memref *lhs,
                                     qpt2e_unranked_memref *rhs,
                                     qpt2e_unranked_memref *dst);

/// Threads of XNNPACK's pthreadpool (1: the calling thread only).
void qpt2e_xnnpack_set_num_threads(int32_t threads);

/// Deletes every site's operator (packed weights included).
void qpt2e_xnnpack_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_XNNPACKRUNTIME_H */
