//===- quant-opt.cpp - quant-pt2e optimizer driver ------------------------===//
//
// mlir-opt with the aten and quant_pt2e dialects, and every upstream dialect,
// extension and pass, registered.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Pipelines/Pipelines.h"
#include "quant-pt2e/Transforms/Passes.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/Aten/Transforms/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/X86/IR/X86.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::quant_pt2e::registerQuantPT2EConversionPasses();
  mlir::quant_pt2e::registerQuantPT2ETransformsPasses();
  mlir::quant_pt2e::registerQuantPT2EPasses();
  mlir::aten::registerAtenPasses();
  mlir::quant_pt2e::registerPipelines();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::aten::AtenDialect, mlir::quant_pt2e::QuantPT2EDialect,
                  mlir::qpt2e_x86::QPT2EX86Dialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "quant-pt2e optimizer driver\n", registry));
}
