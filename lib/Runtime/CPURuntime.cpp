//===- CPURuntime.cpp - CPU state the generated kernels need --------------===//

#include "quant-pt2e/Runtime/CPURuntime.h"

#include "ContextImpl.h"

#include <cerrno>
#include <cstring>
#include <string>

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
