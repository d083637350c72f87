//===- TargetISA.cpp - the x86 instruction sets a lowering targets --------===//
//
// Host detection through cpuid (and xgetbv: the OS must save the vector
// state), the named targets, and the oneDNN restriction variables. No LLVM:
// the runtime library checks a compiled model's target with it. See
// docs/Target.md.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Target/TargetISA.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace qpt2e {
namespace {

TargetISA named(bool avx2, bool avx512bw, bool avx512vnni, bool avxvnni,
                bool amxint8) {
  TargetISA isa;
  isa.avx2 = avx2;
  isa.avx512bw = avx512bw;
  isa.avx512vnni = avx512vnni;
  isa.avxvnni = avxvnni;
  isa.amxint8 = amxint8;
  return isa;
}

/// The extensions oneDNN may use under ONEDNN_MAX_CPU_ISA=`cap` (oneDNN's
/// names, any case); nullopt for no restriction.
std::optional<TargetISA> oneDNNCap(std::string_view cap) {
  std::string c(cap);
  std::transform(c.begin(), c.end(), c.begin(),
                 [](unsigned char ch) { return std::toupper(ch); });
  if (c.empty() || c == "ALL" || c.rfind("AVX512_CORE_AMX", 0) == 0)
    return std::nullopt;
  if (c == "AVX512_CORE_VNNI" || c == "AVX512_CORE_BF16" ||
      c == "AVX512_CORE_FP16")
    return named(true, true, true, true, false);
  if (c == "AVX512_CORE" || c == "AVX512_MIC" || c == "AVX512_MIC_4OPS" ||
      c == "AVX512_COMMON")
    return named(true, true, false, false, false);
  if (c == "AVX2_VNNI")
    return named(true, false, false, true, false);
  if (c == "AVX2")
    return named(true, false, false, false, false);
  // SSE41, AVX: below anything the lowerings use.
  return named(false, false, false, false, false);
}

/// The oneDNN ISA restriction variable in effect (oneDNN reads
/// ONEDNN_MAX_CPU_ISA first) and its value.
std::optional<std::pair<const char *, const char *>> restrictionVariable() {
  for (const char *var : {"ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"})
    if (const char *value = std::getenv(var))
      return std::pair{var, value};
  return std::nullopt;
}

} // namespace

std::optional<TargetISA> TargetISA::parse(std::string_view name) {
  if (name == "generic")
    return named(false, false, false, false, false);
  if (name == "avx2")
    return named(true, false, false, false, false);
  if (name == "avxvnni")
    return named(true, false, false, true, false);
  if (name == "avx512")
    return named(true, true, false, false, false);
  if (name == "avx512vnni")
    return named(true, true, true, false, false);
  if (name == "amx")
    return named(true, true, true, false, true);
  return std::nullopt;
}

TargetISA TargetISA::host() {
  TargetISA isa;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return isa;
  bool fma = c & (1u << 12), osxsave = c & (1u << 27), avx = c & (1u << 28);
  // XCR0: the OS saves SSE+AVX state (bits 1, 2) and AVX-512 state (5-7).
  unsigned long long xcr0 = 0;
  if (osxsave) {
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
  }
  bool ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
  unsigned b7 = 0, c7 = 0, d7 = 0, a71 = 0;
  if (__get_cpuid_count(7, 0, &a, &b7, &c7, &d7)) {
    unsigned b71 = 0, c71 = 0, d71 = 0;
    if (a >= 1)
      __get_cpuid_count(7, 1, &a71, &b71, &c71, &d71);
  }
  auto bit = [](unsigned reg, int n) { return (reg >> n) & 1u; };
  isa.avx2 = avx && ymm && fma && bit(b7, 5);
  isa.avx512bw = isa.avx2 && zmm && bit(b7, 16) && bit(b7, 17) &&
                 bit(b7, 30) && bit(b7, 31);
  isa.avx512vnni = isa.avx512bw && bit(c7, 11);
  isa.avxvnni = isa.avx2 && bit(a71, 4);
  // Linux grants the tile data state on request (qpt2e_request_amx), so
  // XCR0 need not show it yet: the CPU's support is what counts here.
  isa.amxint8 = isa.avx512vnni && bit(d7, 24) && bit(d7, 25);
#endif
  if (std::optional<std::pair<const char *, const char *>> var =
          restrictionVariable()) {
    if (std::optional<TargetISA> cap = oneDNNCap(var->second)) {
      isa.avx2 &= cap->avx2;
      isa.avx512bw &= cap->avx512bw;
      isa.avx512vnni &= cap->avx512vnni;
      isa.avxvnni &= cap->avxvnni;
      isa.amxint8 &= cap->amxint8;
    }
  }
  return isa;
}

std::optional<TargetISA> TargetISA::resolve(std::string_view name) {
  if (name.empty() || name == "host")
    return host();
  return parse(name);
}

std::string TargetISA::name() const {
  if (amxint8)
    return "amx";
  if (avx512vnni)
    return "avx512vnni";
  if (avx512bw)
    return "avx512";
  if (avxvnni)
    return "avxvnni";
  if (avx2)
    return "avx2";
  return "generic";
}

std::string TargetISA::llvmFeatures() const {
  std::string features;
  auto add = [&](const char *f) {
    if (!features.empty())
      features += ",";
    features += f;
  };
  if (avx2)
    for (const char *f : {"+avx", "+avx2", "+fma", "+f16c", "+bmi", "+bmi2"})
      add(f);
  if (avx512bw)
    for (const char *f : {"+avx512f", "+avx512bw", "+avx512vl", "+avx512dq",
                          "+avx512cd"})
      add(f);
  if (avx512vnni)
    add("+avx512vnni");
  if (avxvnni)
    add("+avxvnni");
  if (amxint8)
    for (const char *f : {"+amx-tile", "+amx-int8"})
      add(f);
  return features;
}

std::string unknownTargetISAMessage(std::string_view name) {
  return "unknown target-isa '" + std::string(name) +
         "' (expected host, generic, avx2, avxvnni, avx512, avx512vnni or "
         "amx)";
}

std::string hostCPUModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) != 0)
      continue;
    size_t colon = line.find(':');
    if (colon == std::string::npos)
      break;
    size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "unknown CPU" : line.substr(start);
  }
  return "unknown CPU";
}

std::string hostRestriction() {
  std::optional<std::pair<const char *, const char *>> var =
      restrictionVariable();
  if (!var || !oneDNNCap(var->second))
    return "";
  return std::string("restricted by ") + var->first + "=" + var->second;
}

std::string oneDNNInexactReason(const TargetISA &isa) {
  if (isa.oneDNNExact())
    return "";
  return "oneDNN 2.6 on " + isa.name() +
         " (no AVX-512 VNNI) is not exact: its int8 kernels multiply u8 by "
         "s8 with vpmaddubsw, whose int16 pair sums saturate, and halve s8 "
         "weights (scale_adjust 0.5) for s8 sources; outputs differ from "
         "exact integer arithmetic by several steps (2-17 measured per "
         "convolution, no bound holds where a pair sum saturates). The "
         "auto lowering does not choose oneDNN on this target";
}

} // namespace qpt2e
