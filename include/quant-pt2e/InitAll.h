//===- InitAll.h - register everything quant-pt2e tools use -----*- C++ -*-===//
//
// The one registration entry point: every upstream dialect, extension and
// pass, the aten, quant_pt2e and qpt2e_x86 dialects, the project's passes and its named
// pipelines. quant-opt, quant-run and the fuzz targets call these.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_INITALL_H
#define QUANT_PT2E_INITALL_H

namespace mlir {
class DialectRegistry;

namespace quant_pt2e {

/// Adds every upstream dialect and extension and the aten, quant_pt2e and
/// qpt2e_x86 dialects to `registry`.
void registerAllQuantPT2EDialects(DialectRegistry &registry);

/// Registers every upstream pass, the project's passes and the named
/// pipelines (quant-pt2e-float-to-llvm, ...) with the global pass registry.
void registerAllQuantPT2EPasses();

} // namespace quant_pt2e
} // namespace mlir

#endif // QUANT_PT2E_INITALL_H
