//===- InitAll.cpp - the one registration entry point ---------------------===//
//
// See InitAll.h.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/InitAll.h"

#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/X86/IR/X86.h"
#include "quant-pt2e/Interfaces/Tosa/TosaQuantizableModels.h"
#include "quant-pt2e/Pipelines/Pipelines.h"
#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

#include <mutex>

void mlir::quant_pt2e::registerQuantPT2E(DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<aten::AtenDialect, QuantPT2EDialect,
                  qpt2e_x86::QPT2EX86Dialect>();
  // The quantization passes' second client: upstream's TOSA ops.
  registerTosaQuantizableModels(registry);
  // The pass registry is global, and a pipeline name may be registered only
  // once per process.
  static std::once_flag passesRegistered;
  std::call_once(passesRegistered, [] {
    mlir::registerAllPasses();
    registerQuantPT2EConversionPasses();
    registerQuantPT2ETransformsPasses();
    registerQuantPT2EPasses();
    registerPipelines();
  });
}
