//===- OneDNN.cpp - oneDNN primitives behind the fused quantized ops ------===//
//
// One cache entry per call site, filled by the *_init functions that the
// module's qpt2e_init calls once: primitive descriptor, primitive, weights
// reordered into the primitive's layout and the bias pre-scaled into the
// accumulator domain. The per-inference functions only execute.
//
// Numerics (docs/Lowering.md): dst = saturate(round(clip(output_scale[c] *
// (acc + bias'[c]), act_min - zp_dst, act_max - zp_dst)) + zp_dst) with acc
// the int32 sum of (src - zp_src) * w, output_scale[c] = s_src * s_w[c] /
// s_dst and bias'[c] = bias[c] / (s_src * s_w[c]). Residual sums and float
// post-ops extend the chain (postOpChain below).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Runtime/OneDNNRuntime.h"

#include "SiteSupport.h"
#include "quant-pt2e/Math/QuantMath.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

extern "C" void omp_set_num_threads(int);

namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

using qpt2e::runtime::dataOf;

[[noreturn]] void fail(const char *what, int64_t site, const char *detail) {
  qpt2e::runtime::failSite("oneDNN", what, site, detail);
}

dnnl::engine &engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

struct Site {
  dnnl::primitive primitive;
  memory weights, bias, srcZp, dstZp;
  memory::desc src, dst;
  int64_t srcCount = 0, dstCount = 0;
  bool conv = false, residual = false;
};

/// The sites of a context, and its stream (a oneDNN stream is not shared
/// between threads running concurrently).
struct OneDNNState {
  std::mutex mutex;
  std::map<int64_t, Site> sites;
  std::unique_ptr<dnnl::stream> stream;
};

OneDNNState &state() {
  return qpt2e::runtime::current().state<OneDNNState>(
      qpt2e::runtime::Slot::OneDNN);
}

dnnl::stream &stream() {
  OneDNNState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!s.stream)
    s.stream = std::make_unique<dnnl::stream>(engine());
  return *s.stream;
}

void registerSite(int64_t id, Site site) {
  OneDNNState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.sites[id] = std::move(site);
}

Site &lookup(int64_t site, const char *what) {
  OneDNNState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.sites.find(site);
  if (it == s.sites.end())
    fail(what, site, "used before initialization (qpt2e_init did not run)");
  return it->second;
}

memory s32Scalar(int32_t value) {
  memory m({{1}, dt::s32, tag::x}, engine());
  *static_cast<int32_t *>(m.get_data_handle()) = value;
  return m;
}

/// The post-ops after the output scale. They run on float values before
/// the destination zero point is added and the result rounded:
///
///  * conv_output (an intermediate quantization of the conv result,
///    values in its steps): round, clip to [lo - zp_c, hi - zp_c], times
///    s_c / s_dst;
///  * float post-op (values real): leaky_relu or tanh, then times 1 / s_dst;
///  * residual sum: + (s_res / s_dst) * (res - zp_res), the residual read
///    from the destination buffer (filled with it before the run);
///  * the fused activation range: clip to [act_min - zp_dst, act_max -
///    zp_dst] (also after a float post-op or a sum).
dnnl::post_ops postOpChain(const int64_t *p, const float *f, float dstScale) {
  using alg = dnnl::algorithm;
  dnnl::post_ops ops;
  int64_t zpDst = p[QPT2E_CONV_DST_ZP];
  if (p[QPT2E_CONV_HAS_MID]) {
    int64_t zpMid = p[QPT2E_CONV_MID_ZP];
    ops.append_eltwise(1.0f, alg::eltwise_round, 0.0f, 0.0f);
    // clip_v2 (the same forward function): oneDNN 2.6's int8 convolution
    // loses the second of two eltwise_clip post-ops with different bounds
    // (measured: the act-range clip after the sum had no effect).
    ops.append_eltwise(1.0f, alg::eltwise_clip_v2,
                       static_cast<float>(p[QPT2E_CONV_MID_MIN] - zpMid),
                       static_cast<float>(p[QPT2E_CONV_MID_MAX] - zpMid));
    ops.append_eltwise(1.0f, alg::eltwise_linear,
                       f[QPT2E_CONV_F_MID_SCALE] / dstScale, 0.0f);
  }
  if (p[QPT2E_CONV_POST_OP] == QPT2E_POST_OP_LEAKY_RELU)
    ops.append_eltwise(1.0f, alg::eltwise_relu, f[QPT2E_CONV_F_POST_ALPHA],
                       0.0f);
  else if (p[QPT2E_CONV_POST_OP] == QPT2E_POST_OP_TANH)
    ops.append_eltwise(1.0f, alg::eltwise_tanh, 0.0f, 0.0f);
  if (p[QPT2E_CONV_POST_OP] != QPT2E_POST_OP_NONE)
    ops.append_eltwise(1.0f, alg::eltwise_linear, 1.0f / dstScale, 0.0f);
  if (p[QPT2E_CONV_HAS_RESIDUAL])
    ops.append_sum(f[QPT2E_CONV_F_RES_SCALE] / dstScale,
                   static_cast<int32_t>(p[QPT2E_CONV_RES_ZP]),
                   p[QPT2E_CONV_RES_UNSIGNED] ? dt::u8 : dt::s8);
  // oneDNN saturates to the storage type only: clip whenever the act range
  // (inside [quant_min, quant_max]) is narrower than that.
  qpt2e::math::QRange storage = qpt2e::math::storageRange(
      p[QPT2E_CONV_DST_UNSIGNED] ? qpt2e::math::StorageType::UInt8
                                 : qpt2e::math::StorageType::Int8);
  bool narrowed = p[QPT2E_CONV_ACT_MIN] > storage.min ||
                  p[QPT2E_CONV_ACT_MAX] < storage.max;
  if (narrowed)
    ops.append_eltwise(1.0f, alg::eltwise_clip,
                       static_cast<float>(p[QPT2E_CONV_ACT_MIN] - zpDst),
                       static_cast<float>(p[QPT2E_CONV_ACT_MAX] - zpDst));
  return ops;
}

void initConv(int64_t siteId, const qpt2e_unranked_memref *weightRef,
              const qpt2e_unranked_memref *biasRef,
              const qpt2e_unranked_memref *iparamsRef,
              const qpt2e_unranked_memref *fparamsRef) {
  int64_t count = 0;
  const int64_t *p = dataOf<const int64_t>(iparamsRef, count);
  if (count != QPT2E_CONV_NUM_PARAMS)
    fail("convolution init", siteId, "wrong parameter count");
  int64_t fcount = 0;
  const float *f = dataOf<const float>(fparamsRef, fcount);
  int64_t O = p[QPT2E_CONV_O], G = p[QPT2E_CONV_GROUPS];
  int64_t wscales = fcount - QPT2E_CONV_F_WEIGHT_SCALES;
  if (wscales != 1 && wscales != O)
    fail("convolution init", siteId, "wrong number of weight scales");
  float srcScale = f[QPT2E_CONV_F_SRC_SCALE],
        dstScale = f[QPT2E_CONV_F_DST_SCALE];
  const float *wscale = f + QPT2E_CONV_F_WEIGHT_SCALES;
  std::vector<float> outputScales(O), biasScaled(O, 0.0f);
  int64_t biasCount = 0;
  const float *bias = dataOf<const float>(biasRef, biasCount);
  bool hasBias = p[QPT2E_CONV_HAS_BIAS] != 0;
  if (hasBias && biasCount != O)
    fail("convolution init", siteId, "bias size differs from output channels");
  // The output scale takes the accumulator to the domain the post-op chain
  // starts in: output steps, conv_output steps (an intermediate
  // quantization) or real values (a float post-op).
  bool mid = p[QPT2E_CONV_HAS_MID] != 0;
  int64_t postOp = p[QPT2E_CONV_POST_OP];
  float chainScale = mid ? f[QPT2E_CONV_F_MID_SCALE]
                     : postOp != QPT2E_POST_OP_NONE ? 1.0f
                                                    : dstScale;
  for (int64_t c = 0; c < O; ++c) {
    float ws = wscale[wscales == 1 ? 0 : c];
    float accScale = qpt2e::math::accumulatorScale(srcScale, ws);
    outputScales[c] = accScale / chainScale;
    if (hasBias)
      biasScaled[c] = bias[c] / accScale;
  }

  memory::dims srcDims{p[QPT2E_CONV_N], p[QPT2E_CONV_C], p[QPT2E_CONV_H],
                       p[QPT2E_CONV_W]};
  memory::dims dstDims{p[QPT2E_CONV_N], O, p[QPT2E_CONV_OH], p[QPT2E_CONV_OW]};
  memory::dims wDims =
      G == 1 ? memory::dims{O, p[QPT2E_CONV_C], p[QPT2E_CONV_KH],
                            p[QPT2E_CONV_KW]}
             : memory::dims{G, O / G, p[QPT2E_CONV_C] / G, p[QPT2E_CONV_KH],
                            p[QPT2E_CONV_KW]};
  dt srcType = p[QPT2E_CONV_SRC_UNSIGNED] ? dt::u8 : dt::s8;
  dt dstType = p[QPT2E_CONV_DST_UNSIGNED] ? dt::u8 : dt::s8;
  Site site;
  site.conv = true;
  site.residual = p[QPT2E_CONV_HAS_RESIDUAL] != 0;
  site.src = memory::desc(srcDims, srcType, tag::nhwc);
  site.dst = memory::desc(dstDims, dstType, tag::nhwc);
  site.srcCount = srcDims[0] * srcDims[1] * srcDims[2] * srcDims[3];
  site.dstCount = dstDims[0] * dstDims[1] * dstDims[2] * dstDims[3];
  int64_t wCount = 0;
  int8_t *w = dataOf<int8_t>(weightRef, wCount);
  if (wCount != O * (p[QPT2E_CONV_C] / G) * p[QPT2E_CONV_KH] * p[QPT2E_CONV_KW])
    fail("convolution init", siteId, "weight size does not match the shape");

  try {
    dnnl::primitive_attr attr;
    // One scale (mask 0) or one per output channel (mask on dim 1).
    if (wscales == 1)
      attr.set_output_scales(0, {outputScales[0]});
    else
      attr.set_output_scales(1 << 1, outputScales);
    attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
    attr.set_zero_points(DNNL_ARG_DST, 0, {DNNL_RUNTIME_S32_VAL});
    int64_t zpDst = p[QPT2E_CONV_DST_ZP];
    dnnl::post_ops ops = postOpChain(p, f, dstScale);
    if (ops.len() > 0)
      attr.set_post_ops(ops);
    memory::desc wAny(wDims, dt::s8, tag::any);
    memory::desc biasDesc({O}, dt::f32, tag::x);
    memory::dims strides{p[QPT2E_CONV_STRIDE_H], p[QPT2E_CONV_STRIDE_W]};
    memory::dims dilates{p[QPT2E_CONV_DIL_H] - 1, p[QPT2E_CONV_DIL_W] - 1};
    memory::dims pad{p[QPT2E_CONV_PAD_H], p[QPT2E_CONV_PAD_W]};
    dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference,
        dnnl::algorithm::convolution_direct, site.src, wAny, biasDesc,
        site.dst, strides, dilates, pad, pad);
    dnnl::convolution_forward::primitive_desc pd(desc, attr, engine());
    // Weights: reorder once from OIHW (GOIHW) into the primitive's layout.
    memory plain({wDims, dt::s8, G == 1 ? tag::oihw : tag::goihw}, engine(),
                 w);
    site.weights = memory(pd.weights_desc(), engine());
    dnnl::reorder(plain, site.weights).execute(stream(), plain, site.weights);
    site.bias = memory(biasDesc, engine());
    std::copy(biasScaled.begin(), biasScaled.end(),
              static_cast<float *>(site.bias.get_data_handle()));
    site.srcZp = s32Scalar(static_cast<int32_t>(p[QPT2E_CONV_SRC_ZP]));
    site.dstZp = s32Scalar(static_cast<int32_t>(zpDst));
    site.primitive = dnnl::convolution_forward(pd);
    stream().wait();
  } catch (const dnnl::error &e) {
    fail("convolution init", siteId, e.what());
  }
  registerSite(siteId, std::move(site));
}

} // namespace

extern "C" void _mlir_ciface_qpt2e_onednn_conv_init(
    int64_t site, qpt2e_unranked_memref *weight, qpt2e_unranked_memref *bias,
    qpt2e_unranked_memref *iparams, qpt2e_unranked_memref *fparams) try {
  initConv(site, weight, bias, iparams, fparams);
}
QPT2E_RECORD_ERRORS

namespace {

void runConv(int64_t siteId, qpt2e_unranked_memref *src,
             qpt2e_unranked_memref *residual, qpt2e_unranked_memref *dst) {
  Site &site = lookup(siteId, "convolution");
  int64_t srcCount = 0, dstCount = 0;
  void *in = dataOf<int8_t>(src, srcCount);
  void *out = dataOf<int8_t>(dst, dstCount);
  if (!site.conv || srcCount != site.srcCount || dstCount != site.dstCount)
    fail("convolution", siteId, "tensor sizes differ from initialization");
  if (site.residual != (residual != nullptr))
    fail("convolution", siteId,
         site.residual ? "residual sum site run without its residual"
                       : "site has no residual sum");
  if (residual) {
    // The sum post-op accumulates into the destination: start from the
    // residual.
    int64_t resCount = 0;
    const int8_t *res = dataOf<const int8_t>(residual, resCount);
    if (resCount != dstCount)
      fail("convolution", siteId, "residual size differs from the output");
    std::memcpy(out, res, static_cast<size_t>(dstCount));
  }
  try {
    memory srcMem(site.src, engine(), in), dstMem(site.dst, engine(), out);
    site.primitive.execute(
        stream(), {{DNNL_ARG_SRC, srcMem},
                   {DNNL_ARG_WEIGHTS, site.weights},
                   {DNNL_ARG_BIAS, site.bias},
                   {DNNL_ARG_DST, dstMem},
                   {DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, site.srcZp},
                   {DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_DST, site.dstZp}});
    stream().wait();
  } catch (const dnnl::error &e) {
    fail("convolution", siteId, e.what());
  }
}

} // namespace

extern "C" void _mlir_ciface_qpt2e_onednn_conv(int64_t siteId,
                                               qpt2e_unranked_memref *src,
                                               qpt2e_unranked_memref *dst) try {
  runConv(siteId, src, nullptr, dst);
}
QPT2E_RECORD_ERRORS

extern "C" void _mlir_ciface_qpt2e_onednn_conv_residual(
    int64_t siteId, qpt2e_unranked_memref *src,
    qpt2e_unranked_memref *residual, qpt2e_unranked_memref *dst) try {
  runConv(siteId, src, residual, dst);
}
QPT2E_RECORD_ERRORS

extern "C" void
_mlir_ciface_qpt2e_onednn_max_pool_init(int64_t siteId,
                                        qpt2e_unranked_memref *iparams) try {
  int64_t count = 0;
  const int64_t *p = dataOf<const int64_t>(iparams, count);
  if (count != QPT2E_POOL_NUM_PARAMS)
    fail("max pooling init", siteId, "wrong parameter count");
  dt type = p[QPT2E_POOL_UNSIGNED] ? dt::u8 : dt::s8;
  memory::dims srcDims{p[QPT2E_POOL_N], p[QPT2E_POOL_C], p[QPT2E_POOL_H],
                       p[QPT2E_POOL_W]};
  memory::dims dstDims{p[QPT2E_POOL_N], p[QPT2E_POOL_C], p[QPT2E_POOL_OH],
                       p[QPT2E_POOL_OW]};
  Site site;
  site.src = memory::desc(srcDims, type, tag::nhwc);
  site.dst = memory::desc(dstDims, type, tag::nhwc);
  site.srcCount = srcDims[0] * srcDims[1] * srcDims[2] * srcDims[3];
  site.dstCount = dstDims[0] * dstDims[1] * dstDims[2] * dstDims[3];
  try {
    memory::dims kernel{p[QPT2E_POOL_KH], p[QPT2E_POOL_KW]};
    memory::dims strides{p[QPT2E_POOL_STRIDE_H], p[QPT2E_POOL_STRIDE_W]};
    memory::dims dilation{p[QPT2E_POOL_DIL_H] - 1, p[QPT2E_POOL_DIL_W] - 1};
    memory::dims padL{p[QPT2E_POOL_PAD_H], p[QPT2E_POOL_PAD_W]};
    // Right padding that yields PyTorch's output size (ceil mode included).
    memory::dims padR(2);
    for (int i = 0; i < 2; ++i)
      padR[i] = qpt2e::runtime::poolTrailingPadding(
          srcDims[2 + i], dstDims[2 + i], kernel[i], strides[i],
          dilation[i] + 1, padL[i]);
    dnnl::pooling_v2_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::pooling_max,
        site.src, site.dst, strides, kernel, dilation, padL, padR);
    dnnl::pooling_v2_forward::primitive_desc pd(desc, engine());
    site.primitive = dnnl::pooling_v2_forward(pd);
  } catch (const dnnl::error &e) {
    fail("max pooling init", siteId, e.what());
  }
  registerSite(siteId, std::move(site));
}
QPT2E_RECORD_ERRORS

extern "C" void _mlir_ciface_qpt2e_onednn_max_pool(int64_t siteId,
                                                   qpt2e_unranked_memref *src,
                                                   qpt2e_unranked_memref *dst) try {
  Site &site = lookup(siteId, "max pooling");
  int64_t srcCount = 0, dstCount = 0;
  void *in = dataOf<int8_t>(src, srcCount);
  void *out = dataOf<int8_t>(dst, dstCount);
  if (site.conv || srcCount != site.srcCount || dstCount != site.dstCount)
    fail("max pooling", siteId, "tensor sizes differ from initialization");
  try {
    memory srcMem(site.src, engine(), in), dstMem(site.dst, engine(), out);
    site.primitive.execute(stream(),
                           {{DNNL_ARG_SRC, srcMem}, {DNNL_ARG_DST, dstMem}});
    stream().wait();
  } catch (const dnnl::error &e) {
    fail("max pooling", siteId, e.what());
  }
}
QPT2E_RECORD_ERRORS

extern "C" void qpt2e_onednn_set_num_threads(int32_t threads) {
  omp_set_num_threads(threads);
}


extern "C" void qpt2e_onednn_reset(void) try {
  OneDNNState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.sites.clear();
}
QPT2E_RECORD_ERRORS
