//===- Pipelines.h - the named lowering pipelines and `auto` ----*- C++ -*-===//
//
// One home for the pipelines that take a model to the LLVM dialect (float
// and reference Q/DQ, oneDNN, XNNPACK) and for the `auto` choice of the
// fastest exact lowering for a target ISA. quant-opt, quant-run and the
// Python API read them from here. See docs/Target.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_PIPELINES_PIPELINES_H
#define QUANT_PT2E_PIPELINES_PIPELINES_H

#include "quant-pt2e/Target/TargetISA.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class Module;
} // namespace llvm

#include <optional>
#include <string>

namespace mlir::quant_pt2e {

/// The int8 lowerings of a converted model.
enum class Lowering {
  Reference, ///< dequantize -> float op -> quantize loops (always exact)
  OneDNN,    ///< fused ops on oneDNN primitives
  XNNPACK,   ///< fused ops on XNNPACK operators
  Vector,    ///< fused ops on the compiler's own vectorized micro-kernels
};

/// "reference", "onednn", "xnnpack", "vector"; nullopt otherwise ("auto" is not a
/// lowering: `selectLowering` resolves it).
std::optional<Lowering> parseLowering(llvm::StringRef name);
llvm::StringRef loweringName(Lowering lowering);

/// The `auto` lowering: the fastest one that stays within one output step
/// of the reference lowering on `isa`: the compiler's own vector kernels on
/// every ISA measured (exact int32 sums everywhere; faster than oneDNN with
/// AMX and with AVX-512 VNNI, than XNNPACK on AVX2; docs/Target.md).
Lowering selectLowering(const qpt2e::TargetISA &isa);

/// A --lowering value: "auto" resolved for `isa`, "" meaning reference;
/// nullopt for an unknown name.
std::optional<Lowering> resolveLowering(llvm::StringRef name,
                                        const qpt2e::TargetISA &isa);

/// The pass pipeline text (without the builtin.module anchor) that lowers
/// a converted model with `lowering`; `targetISA` is a TargetISA name or
/// "host". The compiled code's loops are split for `threads`; with
/// `threadsAtRunTime` their OpenMP regions take the thread count of the
/// run (omp_set_num_threads) instead of a fixed `threads` (quant-compile's
/// libraries, whose runs name their thread count). `profile` times the
/// vector lowering's kernel calls (convert-quant-pt2e-to-vector{profile}).
std::string loweringPipeline(Lowering lowering, unsigned threads,
                             llvm::StringRef targetISA,
                             bool threadsAtRunTime = false,
                             bool profile = false);

/// Runs `pipelineText` on `module` and readies the result for translation
/// to LLVM IR (bufferization's read-only marks on the runtime declarations
/// dropped): quant-run's JIT and quant-compile lower alike. On failure
/// `error` names the step (diagnostics went to the context's handler).
mlir::LogicalResult lowerToLLVMDialect(mlir::ModuleOp module,
                                       llvm::StringRef pipelineText,
                                       std::string &error);

/// Points the translated model's allocations (malloc, aligned_alloc,
/// free) at the runtime's caching allocator (lib/Runtime/Allocator.cpp:
/// qpt2e_alloc, qpt2e_aligned_alloc, qpt2e_free), so that after the first
/// run a run allocates nothing from the system: glibc returns the freed
/// heap top to the system between runs and hands large buffers to mmap,
/// and each run page-faulted them in again. Buffers the model returns are
/// released with qpt2e_free. quant-run's JIT and quant-compile alike.
void useRuntimeAllocator(llvm::Module &module);

/// Registers quant-pt2e-float-to-llvm, -onednn-to-llvm, -xnnpack-to-llvm,
/// -vector-to-llvm and -auto-to-llvm.
void registerPipelines();

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_PIPELINES_PIPELINES_H
