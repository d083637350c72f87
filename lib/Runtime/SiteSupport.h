//===- SiteSupport.h - helpers of the backend call-site runtimes -*- C++ -*-===//
//
// Shared by OneDNN.cpp and XNNPACK.cpp: the data of a contiguous memref
// passed through the C interface, and the error naming the site.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_LIB_RUNTIME_SITESUPPORT_H
#define QUANT_PT2E_LIB_RUNTIME_SITESUPPORT_H

#include "ContextImpl.h"
#include "quant-pt2e/Runtime/QuantRuntime.h"

#include <cstdint>
#include <string>

namespace qpt2e::runtime {

/// Base pointer and element count of a contiguous (identity-layout) memref.
template <typename T>
T *dataOf(const qpt2e_unranked_memref *m, int64_t &count) {
  struct Header {
    void *allocated;
    void *aligned;
    int64_t offset;
  };
  const auto *header = static_cast<const Header *>(m->descriptor);
  const auto *sizes = reinterpret_cast<const int64_t *>(header + 1);
  count = 1;
  for (int64_t d = 0; d < m->rank; ++d)
    count *= sizes[d];
  return static_cast<T *>(header->aligned) + header->offset;
}

/// Throws "quant-pt2e runtime: <backend> <what> (site N): <detail>", which
/// the entry point records as the context's error: a backend refusing a
/// configuration or a site used wrongly is a user-facing error, never a
/// crash.
[[noreturn]] inline void failSite(const char *backend, const char *what,
                                  int64_t site, const char *detail) {
  throw Error(std::string("quant-pt2e runtime: ") + backend + " " + what +
              " (site " + std::to_string(site) + "): " + detail);
}

/// Trailing padding of a pooling window that yields PyTorch's output size
/// `out` (ceil mode included) from `in` with leading padding `padL`: the
/// leading padding itself when the floor formula already gives `out`.
inline int64_t poolTrailingPadding(int64_t in, int64_t out, int64_t kernel,
                                   int64_t stride, int64_t dilation,
                                   int64_t padL) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t padR = (out - 1) * stride + span - in - padL;
  return padR > padL ? padR : padL;
}

} // namespace qpt2e::runtime

#endif // QUANT_PT2E_LIB_RUNTIME_SITESUPPORT_H
