//===- MemRef.cpp - memref support the lowered code calls -----------------===//
//
// The one function of MLIR's C runner utilities that lowered models call:
// memref.copy between non-contiguous memrefs lowers to memrefCopy. Here so
// that a model library needs no MLIR library at run time (quant-run's JIT
// resolves the same symbol).
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstring>

namespace {
/// The C layout of a ranked memref descriptor behind an unranked one.
struct Descriptor {
  char *allocated;
  char *aligned;
  int64_t offset;
  int64_t sizesAndStrides[1]; // sizes[rank], then strides[rank]
};
struct Unranked {
  int64_t rank;
  Descriptor *descriptor;
};
} // namespace

/// Copies every element of `src` into `dst` (same shape, any strides).
extern "C" void memrefCopy(int64_t elemSize, Unranked *src, Unranked *dst) {
  int64_t rank = src->rank;
  const Descriptor *s = src->descriptor;
  const Descriptor *d = dst->descriptor;
  const int64_t *sizes = s->sizesAndStrides;
  const int64_t *srcStrides = sizes + rank;
  const int64_t *dstStrides = d->sizesAndStrides + rank;
  const char *srcBase = s->aligned + s->offset * elemSize;
  char *dstBase = d->aligned + d->offset * elemSize;
  for (int64_t i = 0; i < rank; ++i)
    if (sizes[i] == 0)
      return;
  // The index of the element being copied (ranks are small; no
  // allocation, nothing to throw into the compiled caller).
  constexpr int64_t kMaxRank = 64;
  if (rank > kMaxRank)
    return;
  int64_t index[kMaxRank] = {0};
  int64_t srcOffset = 0, dstOffset = 0;
  while (true) {
    std::memcpy(dstBase + dstOffset * elemSize, srcBase + srcOffset * elemSize,
                static_cast<size_t>(elemSize));
    int64_t axis = rank - 1;
    for (; axis >= 0; --axis) {
      srcOffset += srcStrides[axis];
      dstOffset += dstStrides[axis];
      if (++index[axis] < sizes[axis])
        break;
      srcOffset -= srcStrides[axis] * sizes[axis];
      dstOffset -= dstStrides[axis] * sizes[axis];
      index[axis] = 0;
    }
    if (axis < 0)
      return;
  }
}
