//===- Pipelines.cpp - the named lowering pipelines and `auto` ------------===//
//
// See Pipelines.h and docs/Target.md.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Pipelines/Pipelines.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

std::optional<Lowering> mlir::quant_pt2e::parseLowering(llvm::StringRef name) {
  if (name == "reference")
    return Lowering::Reference;
  if (name == "onednn")
    return Lowering::OneDNN;
  if (name == "xnnpack")
    return Lowering::XNNPACK;
  if (name == "vector")
    return Lowering::Vector;
  return std::nullopt;
}

llvm::StringRef mlir::quant_pt2e::loweringName(Lowering lowering) {
  switch (lowering) {
  case Lowering::Reference:
    return "reference";
  case Lowering::OneDNN:
    return "onednn";
  case Lowering::XNNPACK:
    return "xnnpack";
  case Lowering::Vector:
    return "vector";
  }
  llvm_unreachable("unknown lowering");
}

Lowering mlir::quant_pt2e::selectLowering(const qpt2e::TargetISA &isa) {
  // Measured (docs/Target.md): the compiler's own kernels are exact on
  // every ISA and the fastest lowering on the measured hosts: with AMX at
  // least as fast as oneDNN on each of the 20 zoo models, with AVX-512 VNNI
  // and no AMX (oneDNN restricted to AVX512_CORE_VNNI) faster on 17 of
  // them (ResNet-18 1.56x), and on AVX2, where oneDNN is inexact, faster
  // than XNNPACK (ResNet-18 1.6x, MobileNetV2 3x).
  (void)isa;
  return Lowering::Vector;
}

namespace {

/// aten -> linalg on tensors -> bufferized loops -> LLVM dialect; with more
/// than one thread the outermost parallel loops become OpenMP regions.
std::string floatToLLVMPipeline(unsigned threads, bool threadsAtRunTime) {
  // Each loop nest of the entry in a function of its own: LLVM's loop
  // passes cost grows with the function they run in.
  std::string loops =
      threads > 1 ? "func.func(convert-linalg-to-parallel-loops),"
                    "func.func(quant-pt2e-sequential-inner-parallel),"
                    "quant-pt2e-outline-loop-nests,"
                    "convert-scf-to-openmp{num-threads=" +
                        std::to_string(threadsAtRunTime ? 0 : threads) +
                        "},canonicalize,"
                  : "func.func(convert-linalg-to-loops),"
                    "quant-pt2e-outline-loop-nests,";
  return "convert-quant-pt2e-observers-to-runtime,"
         "func.func(convert-aten-to-linalg,tosa-to-linalg-named,"
         "tosa-to-linalg,tosa-to-arith,tosa-to-tensor),"
         "convert-quant-pt2e-to-linalg,"
         "canonicalize,func.func(quant-pt2e-generalize-transposes),"
         "linalg-fuse-elementwise-ops,func.func(quant-pt2e-parallel-innermost),"
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=identity-layout-map},"
         "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
         "func.func(quant-pt2e-strided-copies-to-linalg),"
         "quant-pt2e-flatten-constant-globals," +
         loops +
         "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
         "convert-to-llvm,reconcile-unrealized-casts";
}

struct LLVMPipelineOptions : PassPipelineOptions<LLVMPipelineOptions> {
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads for the outermost parallel loops of each op "
                     "(1: sequential code, no OpenMP); the backends' own "
                     "thread pools are sized at run time"),
      llvm::cl::init(1)};
  Option<std::string> targetISA{
      *this, "target-isa",
      llvm::cl::desc("Target ISA: host (default), generic, avx2, avxvnni, "
                     "avx512, avx512vnni or amx"),
      llvm::cl::init("host")};
};

void addPipeline(OpPassManager &pm, const std::string &text) {
  if (failed(parsePassPipeline(text, pm, llvm::errs())))
    llvm::report_fatal_error(llvm::Twine("invalid pipeline ") + text);
}

} // namespace

std::optional<Lowering>
mlir::quant_pt2e::resolveLowering(llvm::StringRef name,
                                  const qpt2e::TargetISA &isa) {
  if (name == "auto")
    return selectLowering(isa);
  return parseLowering(name.empty() ? llvm::StringRef("reference") : name);
}

std::string mlir::quant_pt2e::loweringPipeline(Lowering lowering,
                                               unsigned threads,
                                               llvm::StringRef targetISA,
                                               bool threadsAtRunTime,
                                               bool profile) {
  switch (lowering) {
  case Lowering::Reference:
    return floatToLLVMPipeline(threads, threadsAtRunTime);
  // Backend pipelines: fuse-qdq for the backend, its call sites (weights
  // packed in qpt2e_init), then float-to-llvm for everything else. The
  // backend's thread pool (oneDNN's OpenMP, XNNPACK's pthreadpool) takes the
  // threads: the small remaining loops run sequentially, since two runtimes
  // spinning side by side slow both down.
  case Lowering::OneDNN:
    return "func.func(quant-pt2e-fuse-qdq{backend=onednn}),"
           "convert-quant-pt2e-to-onednn{target-isa=" +
           targetISA.str() + "},canonicalize," + floatToLLVMPipeline(1, false);
  case Lowering::XNNPACK:
    return "func.func(quant-pt2e-fuse-qdq{backend=xnnpack}),"
           "convert-quant-pt2e-to-xnnpack,canonicalize," +
           floatToLLVMPipeline(1, false);
  // The compiler's own kernels: their pixel tiles and the remaining loops
  // share one OpenMP runtime.
  case Lowering::Vector:
    return "func.func(quant-pt2e-fuse-qdq{backend=vector}),"
           "convert-quant-pt2e-to-vector{target-isa=" +
           targetISA.str() + " threads=" + std::to_string(threads) +
           (profile ? " profile=true" : "") + "},canonicalize," +
           floatToLLVMPipeline(threads, threadsAtRunTime);
  }
  llvm_unreachable("unknown lowering");
}

LogicalResult mlir::quant_pt2e::lowerToLLVMDialect(ModuleOp module,
                                                   llvm::StringRef pipelineText,
                                                   std::string &error) {
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  if (failed(parsePassPipeline(pipelineText, pm, llvm::errs()))) {
    error = "invalid pipeline '" + pipelineText.str() + "'";
    return failure();
  }
  if (failed(pm.run(module))) {
    error = "the pipeline '" + pipelineText.str() + "' failed";
    return failure();
  }
  // Bufferization's read-only marks on the runtime declarations mean
  // nothing to LLVM.
  module.walk([](LLVM::LLVMFuncOp fn) {
    for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
      fn.removeArgAttr(i, "bufferization.access");
  });
  return success();
}

void mlir::quant_pt2e::registerPipelines() {
  PassPipelineRegistration<LLVMPipelineOptions>(
      "quant-pt2e-float-to-llvm",
      "Lower an aten model, float or with reference quantize/dequantize, to "
      "the LLVM dialect (aten, Q/DQ -> linalg -> bufferized loops, OpenMP "
      "with threads > 1 -> llvm)",
      [](OpPassManager &pm, const LLVMPipelineOptions &options) {
        addPipeline(pm, loweringPipeline(Lowering::Reference, options.threads,
                                         options.targetISA));
      });
  for (auto [name, lowering, what] :
       {std::tuple{"quant-pt2e-onednn-to-llvm", Lowering::OneDNN, "oneDNN"},
        std::tuple{"quant-pt2e-xnnpack-to-llvm", Lowering::XNNPACK,
                   "XNNPACK"},
        std::tuple{"quant-pt2e-vector-to-llvm", Lowering::Vector,
                   "the compiler's own vectorized"}}) {
    Lowering chosen = lowering;
    PassPipelineRegistration<LLVMPipelineOptions>(
        name,
        std::string("Lower a converted (reference Q/DQ) model with ") + what +
            " int8 kernels: fuse-qdq for " + what + ", " + what +
            " call sites (weights packed in qpt2e_init), then the "
            "float-to-llvm pipeline for everything else",
        [chosen](OpPassManager &pm, const LLVMPipelineOptions &options) {
          addPipeline(pm, loweringPipeline(chosen, options.threads,
                                           options.targetISA));
        });
  }
  PassPipelineRegistration<LLVMPipelineOptions>(
      "quant-pt2e-auto-to-llvm",
      "Lower a converted model with the fastest lowering that is exact (at "
      "most one output step from the reference) on the target ISA: the "
      "compiler's own vector kernels, on every ISA measured",
      [](OpPassManager &pm, const LLVMPipelineOptions &options) {
        std::optional<qpt2e::TargetISA> isa =
            qpt2e::TargetISA::resolve(options.targetISA.getValue());
        // An unknown name goes to the oneDNN conversion, which rejects it
        // with a diagnostic when the pipeline runs.
        Lowering lowering = isa ? selectLowering(*isa) : Lowering::OneDNN;
        addPipeline(pm, loweringPipeline(lowering, options.threads,
                                         options.targetISA));
      });
}

void mlir::quant_pt2e::useRuntimeAllocator(llvm::Module &module) {
  for (auto [from, to] :
       {std::pair{"malloc", "qpt2e_alloc"}, std::pair{"free", "qpt2e_free"},
        std::pair{"aligned_alloc", "qpt2e_aligned_alloc"}})
    if (llvm::Function *fn = module.getFunction(from))
      if (fn->isDeclaration())
        fn->setName(to);
}
