//===- quant-opt.cpp - quant-pt2e optimizer driver ------------------------===//
//
// mlir-opt with the aten and quant_pt2e dialects, and every upstream dialect,
// extension and pass, registered.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::quant_pt2e::registerQuantPT2E(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "quant-pt2e optimizer driver\n", registry));
}
