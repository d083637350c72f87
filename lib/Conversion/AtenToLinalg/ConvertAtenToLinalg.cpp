//===- ConvertAtenToLinalg.cpp - the convert-aten-to-linalg pass ----------===//

#include "quant-pt2e/Conversion/AtenToLinalg/AtenToLinalg.h"
#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_CONVERTATENTOLINALG
#include "quant-pt2e/Conversion/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

void mlir::quant_pt2e::populateAtenToLinalgPatterns(
    RewritePatternSet &patterns) {
  populateAtenConvToLinalgPatterns(patterns);
  populateAtenNormToLinalgPatterns(patterns);
  populateAtenGatherToLinalgPatterns(patterns);
  populateAtenLinearToLinalgPatterns(patterns);
  populateAtenElementwiseToLinalgPatterns(patterns);
  populateAtenPoolToLinalgPatterns(patterns);
  populateAtenShapeToLinalgPatterns(patterns);
}

namespace {
struct ConvertAtenToLinalgPass
    : quant_pt2e::impl::ConvertAtenToLinalgBase<ConvertAtenToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect>();
    target.addIllegalDialect<aten::AtenDialect>();
    RewritePatternSet patterns(ctx);
    populateAtenToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

namespace {
struct FloatToLLVMOptions : PassPipelineOptions<FloatToLLVMOptions> {
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads for the outermost parallel loops of each op "
                     "(1: sequential code, no OpenMP)"),
      llvm::cl::init(1)};
};

/// aten -> linalg on tensors -> bufferized loops -> LLVM dialect; with more
/// than one thread the outermost parallel loops become OpenMP regions.
std::string floatToLLVMPipeline(unsigned threads) {
  std::string loops =
      threads > 1 ? "func.func(convert-linalg-to-parallel-loops),"
                    "func.func(quant-pt2e-sequential-inner-parallel),"
                    "convert-scf-to-openmp{num-threads=" +
                        std::to_string(threads) + "},canonicalize,"
                  : "func.func(convert-linalg-to-loops),";
  return "convert-quant-pt2e-observers-to-runtime,"
         "func.func(convert-aten-to-linalg),convert-quant-pt2e-to-linalg,"
         "canonicalize,"
         "linalg-fuse-elementwise-ops,func.func(quant-pt2e-parallel-innermost),"
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=identity-layout-map},"
         "buffer-deallocation-pipeline,convert-bufferization-to-memref," +
         loops +
         "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
         "convert-to-llvm,reconcile-unrealized-casts";
}
} // namespace

void mlir::quant_pt2e::registerPipelines() {
  PassPipelineRegistration<FloatToLLVMOptions>(
      "quant-pt2e-float-to-llvm",
      "Lower an aten model, float or with reference quantize/dequantize, to "
      "the LLVM dialect (aten, Q/DQ -> linalg -> bufferized loops, OpenMP "
      "with threads > 1 -> llvm)",
      [](OpPassManager &pm, const FloatToLLVMOptions &options) {
        if (failed(parsePassPipeline(floatToLLVMPipeline(options.threads), pm,
                                     llvm::errs())))
          llvm::report_fatal_error("invalid quant-pt2e-float-to-llvm pipeline");
      });
  // Backend pipelines: fuse-qdq for the backend, its call sites (weights
  // packed in qpt2e_init), then float-to-llvm for everything else. The
  // backend's thread pool (oneDNN's OpenMP, XNNPACK's pthreadpool) takes the
  // threads: the small remaining loops run sequentially, since two runtimes
  // spinning side by side slow both down.
  for (auto [name, backend, what] :
       {std::tuple{"quant-pt2e-onednn-to-llvm", "onednn", "oneDNN"},
        std::tuple{"quant-pt2e-xnnpack-to-llvm", "xnnpack", "XNNPACK"}}) {
    std::string pipeline = std::string("func.func(quant-pt2e-fuse-qdq{backend=") +
                           backend + "}),convert-quant-pt2e-to-" + backend +
                           ",canonicalize," + floatToLLVMPipeline(1);
    PassPipelineRegistration<FloatToLLVMOptions>(
        name,
        std::string("Lower a converted (reference Q/DQ) model with ") + what +
            " int8 kernels: fuse-qdq for " + what + ", " + what +
            " call sites (weights packed in qpt2e_init), then the "
            "float-to-llvm pipeline for everything else",
        [pipeline](OpPassManager &pm, const FloatToLLVMOptions &) {
          if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
            llvm::report_fatal_error(llvm::Twine("invalid pipeline ") +
                                     pipeline);
        });
  }
}
