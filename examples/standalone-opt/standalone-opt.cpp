//===- standalone-opt.cpp - an embedding compiler's driver ----------------===//
//
// The worked case of docs/Design.md, "Embedding": another project's MLIR
// tool that links the installed quant-pt2e package and registers all of it
// (dialects, passes, named pipelines) with one call. It then runs any
// quant-pt2e pass or pipeline, e.g.
//   standalone-opt model.mlir --quant-pt2e-vector-to-llvm
// next to the embedding project's own (here: upstream's) passes.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::quant_pt2e::registerQuantPT2E(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "an MLIR tool embedding quant-pt2e\n", registry));
}
