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

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Integer parameters of a convolution site (a linear layer is a 1x1
/// convolution over an [M, 1, 1, K] NHWC input).
enum qpt2e_conv_param {
  QPT2E_CONV_N, QPT2E_CONV_C, QPT2E_CONV_H, QPT2E_CONV_W,
  QPT2E_CONV_O, QPT2E_CONV_KH, QPT2E_CONV_KW, QPT2E_CONV_OH, QPT2E_CONV_OW,
  QPT2E_CONV_STRIDE_H, QPT2E_CONV_STRIDE_W, QPT2E_CONV_PAD_H, QPT2E_CONV_PAD_W,
  QPT2E_CONV_DIL_H, QPT2E_CONV_DIL_W, QPT2E_CONV_GROUPS,
  QPT2E_CONV_SRC_ZP, QPT2E_CONV_DST_ZP, QPT2E_CONV_ACT_MIN, QPT2E_CONV_ACT_MAX,
  QPT2E_CONV_QMIN, QPT2E_CONV_QMAX, QPT2E_CONV_SRC_UNSIGNED,
  QPT2E_CONV_DST_UNSIGNED, QPT2E_CONV_HAS_BIAS, QPT2E_CONV_NUM_PARAMS
};

/// Creates site `site`: `weight` int8 OIHW, `bias` f32 [O] (ignored unless
/// QPT2E_CONV_HAS_BIAS), `iparams` i64 [QPT2E_CONV_NUM_PARAMS], `fparams`
/// f32 [src_scale, dst_scale, weight scales (1 or O)...].
void _mlir_ciface_qpt2e_onednn_conv_init(int64_t site,
                                         qpt2e_unranked_memref *weight,
                                         qpt2e_unranked_memref *bias,
                                         qpt2e_unranked_memref *iparams,
                                         qpt2e_unranked_memref *fparams);

/// Runs site `site` on an NHWC int8 `src` into the NHWC int8 `dst`.
void _mlir_ciface_qpt2e_onednn_conv(int64_t site, qpt2e_unranked_memref *src,
                                    qpt2e_unranked_memref *dst);

/// Integer parameters of a max-pooling site.
enum qpt2e_pool_param {
  QPT2E_POOL_N, QPT2E_POOL_C, QPT2E_POOL_H, QPT2E_POOL_W, QPT2E_POOL_OH,
  QPT2E_POOL_OW, QPT2E_POOL_KH, QPT2E_POOL_KW, QPT2E_POOL_STRIDE_H,
  QPT2E_POOL_STRIDE_W, QPT2E_POOL_PAD_H, QPT2E_POOL_PAD_W, QPT2E_POOL_DIL_H,
  QPT2E_POOL_DIL_W, QPT2E_POOL_UNSIGNED, QPT2E_POOL_NUM_PARAMS
};

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
