//===- CPURuntime.cpp - CPU state the generated kernels need --------------===//

#include "quant-pt2e/Runtime/CPURuntime.h"

#include "ContextImpl.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#if defined(__linux__) && defined(__x86_64__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

extern "C" void qpt2e_request_amx(void) {
#if defined(__linux__) && defined(__x86_64__)
  // arch/x86/include/uapi/asm/prctl.h; XFEATURE_XTILEDATA is state 18.
  constexpr long kArchReqXcompPerm = 0x1023;
  constexpr long kXFeatureXTileData = 18;
  if (syscall(SYS_arch_prctl, kArchReqXcompPerm, kXFeatureXTileData) == 0)
    return;
  qpt2e::runtime::current().recordError(
      std::string("this module's kernels use AMX tiles, but the kernel "
                  "refused the AMX tile state (arch_prctl: ") +
      std::strerror(errno) +
      "); compile for another target ISA (e.g. --target-isa avx512vnni)");
#else
  qpt2e::runtime::current().recordError(
      "this module's kernels use AMX tiles, which need Linux on x86-64");
#endif
}

/// The entry the generated qpt2e_init calls (C interface of the MLIR
/// declaration; no memref arguments).
extern "C" void _mlir_ciface_qpt2e_request_amx(void) try { qpt2e_request_amx(); }
QPT2E_RECORD_ERRORS

namespace {

struct ProfileState {
  std::mutex mutex;
  std::map<int64_t, std::vector<int64_t>> durations; ///< site -> ns per call
};

ProfileState &profileState() {
  static ProfileState state;
  return state;
}

} // namespace

extern "C" int64_t qpt2e_profile_clock(void) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

extern "C" void qpt2e_profile_record(int64_t site, int64_t start_ns) {
  int64_t elapsed = qpt2e_profile_clock() - start_ns;
  ProfileState &state = profileState();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.durations[site].push_back(elapsed);
}

extern "C" int64_t qpt2e_profile_entries(qpt2e_profile_entry *out,
                                         int64_t capacity) {
  ProfileState &state = profileState();
  std::lock_guard<std::mutex> lock(state.mutex);
  int64_t count = 0;
  for (auto &[site, calls] : state.durations) {
    if (count < capacity && out) {
      std::vector<int64_t> sorted = calls;
      std::sort(sorted.begin(), sorted.end());
      int64_t total = 0;
      for (int64_t d : sorted)
        total += d;
      size_t n = sorted.size();
      int64_t median =
          n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      out[count] = {site, static_cast<int64_t>(n), total, median};
    }
    ++count;
  }
  return count;
}

extern "C" void qpt2e_profile_reset(void) {
  ProfileState &state = profileState();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.durations.clear();
}
