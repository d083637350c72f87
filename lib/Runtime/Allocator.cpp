//===- Allocator.cpp - buffers of compiled model libraries ----------------===//
//
// quant-compile points the allocations of a model library (memref.alloc,
// lowered to malloc / aligned_alloc / free) at these functions. A run
// allocates the same buffers in the same order every time; glibc's malloc
// hands large ones to mmap and back, which in a long-lived process with a
// fragmented heap (Python) meant page faults on every buffer of every run
// (MobileNetV2: 11 ms per call instead of 4). Freed blocks are kept by size
// and handed out again: after the first run, a run allocates nothing from
// the system. The cache is shared by all instances and threads (a mutex;
// a few hundred operations per run) and is never returned to the system
// (at most each size's peak count of blocks).
//
//===----------------------------------------------------------------------===//

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

/// Every block starts with its header; the caller's pointer follows it,
/// 64-byte aligned (enough for any alignment the lowering asks for).
struct alignas(64) Header {
  size_t size; ///< bytes after the header
};
static_assert(sizeof(Header) == 64);

struct Cache {
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<Header *>> free;
};

Cache &cache() {
  static auto *c = new Cache(); // outlives every static destructor
  return *c;
}

void *allocate(size_t size) {
  // Round up so that nearby sizes share blocks.
  size = (size + 63) / 64 * 64;
  {
    Cache &c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.free.find(size);
    if (it != c.free.end() && !it->second.empty()) {
      Header *block = it->second.back();
      it->second.pop_back();
      return block + 1;
    }
  }
  auto *block =
      static_cast<Header *>(std::aligned_alloc(64, sizeof(Header) + size));
  if (!block)
    return nullptr;
  block->size = size;
  return block + 1;
}

} // namespace

extern "C" void *qpt2e_alloc(int64_t size) {
  return allocate(size > 0 ? static_cast<size_t>(size) : 0);
}

extern "C" void *qpt2e_aligned_alloc(int64_t alignment, int64_t size) {
  // Blocks are 64-byte aligned; the lowering asks for at most that.
  return alignment <= 64 ? qpt2e_alloc(size) : nullptr;
}

extern "C" void qpt2e_free(void *pointer) {
  if (!pointer)
    return;
  Header *block = static_cast<Header *>(pointer) - 1;
  Cache &c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  try {
    c.free[block->size].push_back(block);
  } catch (...) {
    std::free(block); // no room to cache it: give it back
  }
}
