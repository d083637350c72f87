//===- XNNPACK.cpp - XNNPACK operators behind the fused quantized ops -----===//
//
// One operator per call site, created by the *_init functions that the
// module's qpt2e_init calls once: XNNPACK packs the weights (OIHW ->
// its OHWI-derived panels) and the int32 bias at creation. The per-inference
// functions only set up pointers and run on the thread pool.
//
// Numerics (docs/Lowering.md): acc = sum (src - zp_src) * w + bias_q with
// bias_q[c] = quantize(bias[c], s_src * s_w[c]) to int32 (QuantMath); dst = clamp(round(acc *
// s_src * s_w[c] / s_dst) + zp_dst, act_min, act_max), XNNPACK's fp32
// requantization (round half to even). Add, multiply and global average
// pooling requantize in XNNPACK's own fixed-point / fp32 schemes.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Runtime/XNNPACKRuntime.h"

#include "SiteSupport.h"

#include "quant-pt2e/Math/QuantMath.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace {

using qpt2e::runtime::dataOf;

[[noreturn]] void fail(const char *what, int64_t site, const char *detail) {
  qpt2e::runtime::failSite("XNNPACK", what, site, detail);
}

enum class Kind { Conv, FullyConnected, MaxPool, GlobalAvgPool, Add, Mul };

struct Site {
  xnn_operator_t op = nullptr;
  Kind kind = Kind::Conv;
  bool perChannel = false;
  size_t batch = 0, height = 0, width = 0;
  int64_t srcCount = 0, dstCount = 0;
};

/// A context's sites by id and its thread pool; owns the operators
/// (deleted by registerSite when a site is re-created, by
/// qpt2e_xnnpack_reset, and with the context).
struct XNNPACKState {
  XNNPACKState() = default;
  XNNPACKState(const XNNPACKState &) = delete;
  XNNPACKState &operator=(const XNNPACKState &) = delete;
  ~XNNPACKState() {
    clearSites();
    if (pool)
      pthreadpool_destroy(pool);
  }
  void clearSites() {
    for (auto &entry : sites)
      if (entry.second.op)
        xnn_delete_operator(entry.second.op);
    sites.clear();
  }
  std::mutex mutex;
  std::map<int64_t, Site> sites;
  pthreadpool_t pool = nullptr;
};

XNNPACKState &state() {
  return qpt2e::runtime::current().state<XNNPACKState>(
      qpt2e::runtime::Slot::XNNPACK);
}

pthreadpool_t threadPool() { return state().pool; }

void initialize(int64_t site) {
  static xnn_status status = xnn_initialize(nullptr);
  if (status != xnn_status_success)
    fail("initialization", site, "xnn_initialize failed (unsupported CPU?)");
}

void check(xnn_status status, const char *what, int64_t site) {
  switch (status) {
  case xnn_status_success:
    return;
  case xnn_status_invalid_parameter:
    fail(what, site, "invalid parameter");
  case xnn_status_unsupported_parameter:
    fail(what, site, "unsupported parameter (e.g. a requantization scale "
                     "outside XNNPACK's range)");
  case xnn_status_out_of_memory:
    fail(what, site, "out of memory");
  default:
    fail(what, site, ("status " + std::to_string(status)).c_str());
  }
}

void registerSite(int64_t id, Site site) {
  XNNPACKState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  Site &slot = s.sites[id];
  if (slot.op)
    xnn_delete_operator(slot.op);
  slot = site;
}

Site &lookup(int64_t id, const char *what) {
  XNNPACKState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.sites.find(id);
  if (it == s.sites.end())
    fail(what, id, "used before initialization (qpt2e_init did not run)");
  return it->second;
}

int8_t toI8(int64_t v, const char *what, int64_t site) {
  if (v < -128 || v > 127)
    fail(what, site, "value outside int8 (XNNPACK takes qs8 only)");
  return static_cast<int8_t>(v);
}

} // namespace

extern "C" void _mlir_ciface_qpt2e_xnnpack_conv_init(
    int64_t id, qpt2e_unranked_memref *weightRef, qpt2e_unranked_memref *biasRef,
    qpt2e_unranked_memref *iparamsRef, qpt2e_unranked_memref *fparamsRef) try {
  const char *what = "convolution init";
  initialize(id);
  int64_t count = 0, fcount = 0, biasCount = 0, wCount = 0;
  const int64_t *p = dataOf<const int64_t>(iparamsRef, count);
  if (count != QPT2E_CONV_NUM_PARAMS)
    fail(what, id, "wrong parameter count");
  const float *f = dataOf<const float>(fparamsRef, fcount);
  int64_t O = p[QPT2E_CONV_O], C = p[QPT2E_CONV_C], G = p[QPT2E_CONV_GROUPS];
  int64_t KH = p[QPT2E_CONV_KH], KW = p[QPT2E_CONV_KW];
  int64_t wscales = fcount - QPT2E_CONV_F_WEIGHT_SCALES;
  if (wscales != 1 && wscales != O)
    fail(what, id, "wrong number of weight scales");
  if (p[QPT2E_CONV_SRC_UNSIGNED] || p[QPT2E_CONV_DST_UNSIGNED])
    fail(what, id, "XNNPACK sites take int8 activations only");
  if (p[QPT2E_CONV_HAS_RESIDUAL] || p[QPT2E_CONV_POST_OP] != QPT2E_POST_OP_NONE)
    fail(what, id, "XNNPACK has no residual sum or float post-op");
  if (G < 1 || C % G != 0 || O % G != 0)
    fail(what, id, "channels do not divide into groups");
  const int8_t *w = dataOf<const int8_t>(weightRef, wCount);
  int64_t Cg = C / G;
  if (wCount != O * Cg * KH * KW)
    fail(what, id, "weight size does not match the shape");
  const float *bias = dataOf<const float>(biasRef, biasCount);
  bool hasBias = p[QPT2E_CONV_HAS_BIAS] != 0;
  if (hasBias && biasCount != O)
    fail(what, id, "bias size differs from output channels");

  float srcScale = f[QPT2E_CONV_F_SRC_SCALE], dstScale = f[QPT2E_CONV_F_DST_SCALE];
  const float *wscale = f + QPT2E_CONV_F_WEIGHT_SCALES;
  std::vector<float> scales(wscale, wscale + wscales);
  // Bias in the accumulator domain: quantize_per_tensor to int32 with scale
  // s_src * s_w[c] (the derived bias spec of PT2E), PyTorch's rounding.
  std::vector<int32_t> biasQ(O, 0);
  for (int64_t c = 0; hasBias && c < O; ++c)
    biasQ[c] = static_cast<int32_t>(qpt2e::math::quantize(
        bias[c], srcScale * scales[wscales == 1 ? 0 : c], 0,
        std::numeric_limits<int32_t>::min(),
        std::numeric_limits<int32_t>::max()));
  // OIHW (groups: [G * O/G][I/G][KH][KW]) -> XNNPACK's [O][KH][KW][I/G].
  std::vector<int8_t> kernel(wCount);
  for (int64_t o = 0; o < O; ++o)
    for (int64_t i = 0; i < Cg; ++i)
      for (int64_t y = 0; y < KH; ++y)
        for (int64_t x = 0; x < KW; ++x)
          kernel[((o * KH + y) * KW + x) * Cg + i] =
              w[((o * Cg + i) * KH + y) * KW + x];

  int8_t zpSrc = toI8(p[QPT2E_CONV_SRC_ZP], what, id);
  int8_t zpDst = toI8(p[QPT2E_CONV_DST_ZP], what, id);
  int8_t lo = toI8(p[QPT2E_CONV_ACT_MIN], what, id);
  int8_t hi = toI8(p[QPT2E_CONV_ACT_MAX], what, id);
  Site site;
  site.batch = static_cast<size_t>(p[QPT2E_CONV_N]);
  site.height = static_cast<size_t>(p[QPT2E_CONV_H]);
  site.width = static_cast<size_t>(p[QPT2E_CONV_W]);
  site.srcCount = p[QPT2E_CONV_N] * C * p[QPT2E_CONV_H] * p[QPT2E_CONV_W];
  site.dstCount =
      p[QPT2E_CONV_N] * O * p[QPT2E_CONV_OH] * p[QPT2E_CONV_OW];
  const int32_t *biasData = hasBias ? biasQ.data() : nullptr;
  if (p[QPT2E_CONV_LINEAR]) {
    if (wscales != 1)
      fail(what, id, "this XNNPACK build has no per-channel fully connected");
    site.kind = Kind::FullyConnected;
    check(xnn_create_fully_connected_nc_qs8(
              C, O, C, O, zpSrc, srcScale, scales[0], kernel.data(), biasData,
              zpDst, dstScale, lo, hi, 0, &site.op),
          what, id);
  } else {
    auto u32 = [](int64_t v) { return static_cast<uint32_t>(v); };
    uint32_t padH = u32(p[QPT2E_CONV_PAD_H]), padW = u32(p[QPT2E_CONV_PAD_W]);
    if (wscales == 1)
      check(xnn_create_convolution2d_nhwc_qs8(
                padH, padW, padH, padW, u32(KH), u32(KW),
                u32(p[QPT2E_CONV_STRIDE_H]), u32(p[QPT2E_CONV_STRIDE_W]),
                u32(p[QPT2E_CONV_DIL_H]), u32(p[QPT2E_CONV_DIL_W]), u32(G), Cg,
                O / G, C, O, zpSrc, srcScale, scales[0], kernel.data(),
                biasData, zpDst, dstScale, lo, hi, 0, &site.op),
            what, id);
    else
      check(xnn_create_convolution2d_nhwc_qc8(
                padH, padW, padH, padW, u32(KH), u32(KW),
                u32(p[QPT2E_CONV_STRIDE_H]), u32(p[QPT2E_CONV_STRIDE_W]),
                u32(p[QPT2E_CONV_DIL_H]), u32(p[QPT2E_CONV_DIL_W]), u32(G), Cg,
                O / G, C, O, zpSrc, srcScale, scales.data(), kernel.data(),
                biasData, zpDst, dstScale, lo, hi, 0, &site.op),
            what, id);
    site.kind = Kind::Conv;
    site.perChannel = wscales != 1;
  }
  registerSite(id, site);
}
QPT2E_RECORD_ERRORS

extern "C" void
_mlir_ciface_qpt2e_xnnpack_max_pool_init(int64_t id,
                                         qpt2e_unranked_memref *iparamsRef) try {
  const char *what = "max pooling init";
  initialize(id);
  int64_t count = 0;
  const int64_t *p = dataOf<const int64_t>(iparamsRef, count);
  if (count != QPT2E_POOL_NUM_PARAMS)
    fail(what, id, "wrong parameter count");
  if (p[QPT2E_POOL_UNSIGNED])
    fail(what, id, "XNNPACK sites take int8 activations only");
  auto u32 = [](int64_t v) { return static_cast<uint32_t>(v); };
  int64_t padT = p[QPT2E_POOL_PAD_H], padL = p[QPT2E_POOL_PAD_W];
  int64_t padB = qpt2e::runtime::poolTrailingPadding(
      p[QPT2E_POOL_H], p[QPT2E_POOL_OH], p[QPT2E_POOL_KH],
      p[QPT2E_POOL_STRIDE_H], p[QPT2E_POOL_DIL_H], padT);
  int64_t padR = qpt2e::runtime::poolTrailingPadding(
      p[QPT2E_POOL_W], p[QPT2E_POOL_OW], p[QPT2E_POOL_KW],
      p[QPT2E_POOL_STRIDE_W], p[QPT2E_POOL_DIL_W], padL);
  size_t C = static_cast<size_t>(p[QPT2E_POOL_C]);
  Site site;
  site.kind = Kind::MaxPool;
  site.batch = static_cast<size_t>(p[QPT2E_POOL_N]);
  site.height = static_cast<size_t>(p[QPT2E_POOL_H]);
  site.width = static_cast<size_t>(p[QPT2E_POOL_W]);
  site.srcCount = p[QPT2E_POOL_N] * p[QPT2E_POOL_C] * p[QPT2E_POOL_H] *
                  p[QPT2E_POOL_W];
  site.dstCount = p[QPT2E_POOL_N] * p[QPT2E_POOL_C] * p[QPT2E_POOL_OH] *
                  p[QPT2E_POOL_OW];
  check(xnn_create_max_pooling2d_nhwc_s8(
            u32(padT), u32(padR), u32(padB), u32(padL), u32(p[QPT2E_POOL_KH]),
            u32(p[QPT2E_POOL_KW]), u32(p[QPT2E_POOL_STRIDE_H]),
            u32(p[QPT2E_POOL_STRIDE_W]), u32(p[QPT2E_POOL_DIL_H]),
            u32(p[QPT2E_POOL_DIL_W]), C, C, C, -128, 127, 0, &site.op),
        what, id);
  registerSite(id, site);
}
QPT2E_RECORD_ERRORS

extern "C" void _mlir_ciface_qpt2e_xnnpack_global_avg_pool_init(
    int64_t id, qpt2e_unranked_memref *iparamsRef,
    qpt2e_unranked_memref *fparamsRef) try {
  const char *what = "global average pooling init";
  initialize(id);
  int64_t count = 0, fcount = 0;
  const int64_t *p = dataOf<const int64_t>(iparamsRef, count);
  const float *f = dataOf<const float>(fparamsRef, fcount);
  if (count != QPT2E_GAVG_NUM_PARAMS || fcount != 2)
    fail(what, id, "wrong parameter count");
  size_t C = static_cast<size_t>(p[QPT2E_GAVG_C]);
  Site site;
  site.kind = Kind::GlobalAvgPool;
  site.batch = static_cast<size_t>(p[QPT2E_GAVG_N]);
  site.width = static_cast<size_t>(p[QPT2E_GAVG_HW]);
  site.srcCount = p[QPT2E_GAVG_N] * p[QPT2E_GAVG_C] * p[QPT2E_GAVG_HW];
  site.dstCount = p[QPT2E_GAVG_N] * p[QPT2E_GAVG_C];
  check(xnn_create_global_average_pooling_nwc_qs8(
            C, C, C, toI8(p[QPT2E_GAVG_SRC_ZP], what, id), f[0],
            toI8(p[QPT2E_GAVG_DST_ZP], what, id), f[1],
            toI8(p[QPT2E_GAVG_ACT_MIN], what, id),
            toI8(p[QPT2E_GAVG_ACT_MAX], what, id), 0, &site.op),
        what, id);
  registerSite(id, site);
}
QPT2E_RECORD_ERRORS

extern "C" void
_mlir_ciface_qpt2e_xnnpack_binary_init(int64_t id,
                                       qpt2e_unranked_memref *iparamsRef,
                                       qpt2e_unranked_memref *fparamsRef) try {
  const char *what = "element-wise init";
  initialize(id);
  int64_t count = 0, fcount = 0;
  const int64_t *p = dataOf<const int64_t>(iparamsRef, count);
  const float *f = dataOf<const float>(fparamsRef, fcount);
  if (count != QPT2E_BINARY_NUM_PARAMS || fcount != 3)
    fail(what, id, "wrong parameter count");
  Site site;
  site.srcCount = site.dstCount = p[QPT2E_BINARY_COUNT];
  int8_t za = toI8(p[QPT2E_BINARY_LHS_ZP], what, id);
  int8_t zb = toI8(p[QPT2E_BINARY_RHS_ZP], what, id);
  int8_t zo = toI8(p[QPT2E_BINARY_DST_ZP], what, id);
  int8_t lo = toI8(p[QPT2E_BINARY_ACT_MIN], what, id);
  int8_t hi = toI8(p[QPT2E_BINARY_ACT_MAX], what, id);
  if (p[QPT2E_BINARY_KIND] == QPT2E_BINARY_ADD) {
    site.kind = Kind::Add;
    check(xnn_create_add_nd_qs8(za, f[0], zb, f[1], zo, f[2], lo, hi, 0,
                                &site.op),
          what, id);
  } else if (p[QPT2E_BINARY_KIND] == QPT2E_BINARY_MUL) {
    site.kind = Kind::Mul;
    check(xnn_create_multiply_nd_qs8(za, f[0], zb, f[1], zo, f[2], lo, hi, 0,
                                     &site.op),
          what, id);
  } else {
    fail(what, id, "unknown element-wise operation");
  }
  registerSite(id, site);
}
QPT2E_RECORD_ERRORS

extern "C" void _mlir_ciface_qpt2e_xnnpack_run(int64_t id,
                                               qpt2e_unranked_memref *src,
                                               qpt2e_unranked_memref *dst) try {
  Site &site = lookup(id, "operator");
  int64_t srcCount = 0, dstCount = 0;
  const int8_t *in = dataOf<const int8_t>(src, srcCount);
  int8_t *out = dataOf<int8_t>(dst, dstCount);
  if (srcCount != site.srcCount || dstCount != site.dstCount)
    fail("operator", id, "tensor sizes differ from initialization");
  pthreadpool_t pool = threadPool();
  xnn_status status;
  switch (site.kind) {
  case Kind::Conv:
    status = site.perChannel
                 ? xnn_setup_convolution2d_nhwc_qc8(site.op, site.batch,
                                                    site.height, site.width,
                                                    in, out, pool)
                 : xnn_setup_convolution2d_nhwc_qs8(site.op, site.batch,
                                                    site.height, site.width,
                                                    in, out, pool);
    break;
  case Kind::FullyConnected:
    status = xnn_setup_fully_connected_nc_qs8(site.op, site.batch, in, out,
                                              pool);
    break;
  case Kind::MaxPool:
    status = xnn_setup_max_pooling2d_nhwc_s8(site.op, site.batch, site.height,
                                             site.width, in, out, pool);
    break;
  case Kind::GlobalAvgPool:
    status = xnn_setup_global_average_pooling_nwc_qs8(site.op, site.batch,
                                                      site.width, in, out,
                                                      pool);
    break;
  default:
    fail("operator", id, "a binary site run with one input");
  }
  check(status, "setup", id);
  check(xnn_run_operator(site.op, pool), "run", id);
}
QPT2E_RECORD_ERRORS

extern "C" void _mlir_ciface_qpt2e_xnnpack_run2(int64_t id,
                                                qpt2e_unranked_memref *lhs,
                                                qpt2e_unranked_memref *rhs,
                                                qpt2e_unranked_memref *dst) try {
  Site &site = lookup(id, "element-wise");
  int64_t lhsCount = 0, rhsCount = 0, dstCount = 0;
  const int8_t *a = dataOf<const int8_t>(lhs, lhsCount);
  const int8_t *b = dataOf<const int8_t>(rhs, rhsCount);
  int8_t *out = dataOf<int8_t>(dst, dstCount);
  if (lhsCount != site.srcCount || rhsCount != site.srcCount ||
      dstCount != site.dstCount)
    fail("element-wise", id, "tensor sizes differ from initialization");
  size_t shape[1] = {static_cast<size_t>(site.srcCount)};
  pthreadpool_t pool = threadPool();
  xnn_status status;
  if (site.kind == Kind::Add)
    status = xnn_setup_add_nd_qs8(site.op, 1, shape, 1, shape, a, b, out, pool);
  else if (site.kind == Kind::Mul)
    status =
        xnn_setup_multiply_nd_qs8(site.op, 1, shape, 1, shape, a, b, out, pool);
  else
    fail("element-wise", id, "a one-input site run with two inputs");
  check(status, "setup", id);
  check(xnn_run_operator(site.op, pool), "run", id);
}
QPT2E_RECORD_ERRORS

extern "C" void qpt2e_xnnpack_set_num_threads(int32_t threads) try {
  XNNPACKState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  size_t current = s.pool ? pthreadpool_get_threads_count(s.pool) : 1;
  if (current == static_cast<size_t>(threads < 1 ? 1 : threads))
    return;
  if (s.pool)
    pthreadpool_destroy(s.pool);
  s.pool = threads > 1 ? pthreadpool_create(static_cast<size_t>(threads))
                       : nullptr;
}
QPT2E_RECORD_ERRORS

extern "C" void qpt2e_xnnpack_reset(void) try {
  XNNPACKState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.clearSites();
}
QPT2E_RECORD_ERRORS
