//===- TargetISA.h - the x86 instruction sets a lowering targets -*- C++ -*-===//
//
// What the compiler knows of the machine it compiles for: the x86 vector
// extensions that decide which int8 kernels are exact and fast (AVX2,
// AVX-512 BW, AVX-512 VNNI, AVX-VNNI, AMX-int8). The host is the default;
// an option names another target (cross compilation, or a host restricted
// to a smaller ISA). No MLIR here: the lowerings, the pipelines and the
// tools read it alike. See docs/Target.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_TARGET_TARGETISA_H
#define QUANT_PT2E_TARGET_TARGETISA_H

#include <optional>
#include <string>
#include <string_view>

namespace qpt2e {

/// The vector extensions of an x86 target that the int8 lowerings use.
struct TargetISA {
  bool avx2 = false;       ///< AVX2 + FMA
  bool avx512bw = false;   ///< AVX-512 F/BW/VL/DQ (oneDNN's avx512_core)
  bool avx512vnni = false; ///< vpdpbusd on zmm
  bool avxvnni = false;    ///< vpdpbusd on ymm (VEX encoding)
  bool amxint8 = false;    ///< AMX tiles with tdpbusd

  /// The named targets, from the smallest: generic (no x86 vector
  /// extension assumed), avx2, avxvnni (avx2 + AVX-VNNI), avx512 (BW),
  /// avx512vnni, amx (avx512vnni + AMX-int8). "host" is the detected host.
  static std::optional<TargetISA> parse(std::string_view name);
  /// The host's extensions, restricted by ONEDNN_MAX_CPU_ISA /
  /// DNNL_MAX_CPU_ISA when set, so that the compiler and oneDNN agree on
  /// what runs (a VNNI host restricted to AVX2 is compiled for as AVX2).
  static TargetISA host();
  /// `host()` or the named target; nullopt for an unknown name.
  static std::optional<TargetISA> resolve(std::string_view name);

  /// The largest named target these extensions cover ("amx", ...).
  std::string name() const;
  /// Whether this target has an exact 8-bit dot product instruction
  /// (vpdpbusd: u8 x s8 summed in int32 without saturation).
  bool hasVNNI() const { return avx512vnni || avxvnni || amxint8; }
  /// Whether oneDNN 2.6 computes int8 convolutions exactly here. Without
  /// AVX-512 VNNI (or AMX) its kernels multiply u8 by s8 with vpmaddubsw,
  /// whose int16 pair sums saturate, and halve s8 weights (scale_adjust
  /// 0.5) for s8 sources: neither is exact integer arithmetic.
  bool oneDNNExact() const { return avx512vnni || amxint8; }
  /// The LLVM target features to compile kernels for this target with
  /// ("+avx2,+fma,..."), empty for generic.
  std::string llvmFeatures() const;

  bool operator==(const TargetISA &o) const {
    return avx2 == o.avx2 && avx512bw == o.avx512bw &&
           avx512vnni == o.avx512vnni && avxvnni == o.avxvnni &&
           amxint8 == o.amxint8;
  }
};

/// The diagnostic for an unknown target name: "unknown target-isa 'x'
/// (expected host, generic, ...)".
std::string unknownTargetISAMessage(std::string_view name);

/// The host CPU's model name (/proc/cpuinfo), or "unknown CPU".
std::string hostCPUModel();

/// "restricted by ONEDNN_MAX_CPU_ISA=<value>" when `TargetISA::host()`
/// applies such a restriction, else empty.
std::string hostRestriction();

/// Why oneDNN is not exact on `isa` and how far off it is, for the
/// compile-time warning; empty when it is exact.
std::string oneDNNInexactReason(const TargetISA &isa);

} // namespace qpt2e

#endif // QUANT_PT2E_TARGET_TARGETISA_H
