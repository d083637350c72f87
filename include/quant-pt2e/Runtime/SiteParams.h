/*===- SiteParams.h - parameter layouts of backend call sites ---*- C -*-===*\
|*                                                                            *|
|* The i64 parameter vectors the backend lowerings pass to the *_init        *|
|* functions of the oneDNN and XNNPACK runtimes (one layout, both backends). *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANT_PT2E_RUNTIME_SITEPARAMS_H
#define QUANT_PT2E_RUNTIME_SITEPARAMS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Integer parameters of a convolution site (a linear layer is a 1x1
/// convolution over an [M, 1, 1, K] NHWC input; QPT2E_CONV_LINEAR marks it,
/// for backends with a dedicated fully-connected operator).
enum qpt2e_conv_param {
  QPT2E_CONV_N, QPT2E_CONV_C, QPT2E_CONV_H, QPT2E_CONV_W,
  QPT2E_CONV_O, QPT2E_CONV_KH, QPT2E_CONV_KW, QPT2E_CONV_OH, QPT2E_CONV_OW,
  QPT2E_CONV_STRIDE_H, QPT2E_CONV_STRIDE_W, QPT2E_CONV_PAD_H, QPT2E_CONV_PAD_W,
  QPT2E_CONV_DIL_H, QPT2E_CONV_DIL_W, QPT2E_CONV_GROUPS,
  QPT2E_CONV_SRC_ZP, QPT2E_CONV_DST_ZP, QPT2E_CONV_ACT_MIN, QPT2E_CONV_ACT_MAX,
  QPT2E_CONV_QMIN, QPT2E_CONV_QMAX, QPT2E_CONV_SRC_UNSIGNED,
  QPT2E_CONV_DST_UNSIGNED, QPT2E_CONV_HAS_BIAS, QPT2E_CONV_LINEAR,
  /* Residual sum (qconv2d with a residual): its zero point and signedness;
     the intermediate quantization of the conv result (conv_output). */
  QPT2E_CONV_HAS_RESIDUAL, QPT2E_CONV_RES_ZP, QPT2E_CONV_RES_UNSIGNED,
  QPT2E_CONV_HAS_MID, QPT2E_CONV_MID_ZP, QPT2E_CONV_MID_MIN,
  QPT2E_CONV_MID_MAX,
  /* Float post-op (enum qpt2e_post_op) before the output quantization. */
  QPT2E_CONV_POST_OP,
  QPT2E_CONV_NUM_PARAMS
};
enum qpt2e_post_op { QPT2E_POST_OP_NONE, QPT2E_POST_OP_LEAKY_RELU,
                     QPT2E_POST_OP_TANH };

/// Float parameters of a convolution site: scales, the post-op's alpha,
/// then one weight scale or one per output channel.
enum qpt2e_conv_fparam {
  QPT2E_CONV_F_SRC_SCALE, QPT2E_CONV_F_DST_SCALE, QPT2E_CONV_F_RES_SCALE,
  QPT2E_CONV_F_MID_SCALE, QPT2E_CONV_F_POST_ALPHA,
  QPT2E_CONV_F_WEIGHT_SCALES
};

/// Integer parameters of a max-pooling site.
enum qpt2e_pool_param {
  QPT2E_POOL_N, QPT2E_POOL_C, QPT2E_POOL_H, QPT2E_POOL_W, QPT2E_POOL_OH,
  QPT2E_POOL_OW, QPT2E_POOL_KH, QPT2E_POOL_KW, QPT2E_POOL_STRIDE_H,
  QPT2E_POOL_STRIDE_W, QPT2E_POOL_PAD_H, QPT2E_POOL_PAD_W, QPT2E_POOL_DIL_H,
  QPT2E_POOL_DIL_W, QPT2E_POOL_UNSIGNED, QPT2E_POOL_NUM_PARAMS
};

/// Integer parameters of an element-wise binary site (add, multiply): the
/// operation, zero points, the fused activation range and the element
/// count (both operands and the result have the same shape).
enum qpt2e_binary_param {
  QPT2E_BINARY_KIND, QPT2E_BINARY_LHS_ZP, QPT2E_BINARY_RHS_ZP,
  QPT2E_BINARY_DST_ZP, QPT2E_BINARY_ACT_MIN, QPT2E_BINARY_ACT_MAX,
  QPT2E_BINARY_COUNT, QPT2E_BINARY_NUM_PARAMS
};
enum qpt2e_binary_kind { QPT2E_BINARY_ADD, QPT2E_BINARY_MUL };

/// Integer parameters of a global average pooling site over an NHWC input.
enum qpt2e_gavg_param {
  QPT2E_GAVG_N, QPT2E_GAVG_C, QPT2E_GAVG_HW, QPT2E_GAVG_SRC_ZP,
  QPT2E_GAVG_DST_ZP, QPT2E_GAVG_ACT_MIN, QPT2E_GAVG_ACT_MAX,
  QPT2E_GAVG_NUM_PARAMS
};

#ifdef __cplusplus
}
#endif

#endif /* QUANT_PT2E_RUNTIME_SITEPARAMS_H */
