//===- InitAll.h - the one registration entry point -------------*- C++ -*-===//
//
// One call registers everything quant-pt2e provides: the aten, quant_pt2e
// and qpt2e_x86 dialects, the project's passes and its named pipelines, and
// the upstream dialects, extensions and passes they produce or name.
// quant-opt, quant-run, quant-compile, the fuzz targets, the C API
// (quant-pt2e-c/Registration.h) and an embedding compiler
// (examples/standalone-opt) all call it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_INITALL_H
#define QUANT_PT2E_INITALL_H

namespace mlir {
class DialectRegistry;

namespace quant_pt2e {

/// Adds every upstream dialect and extension, the aten, quant_pt2e and
/// qpt2e_x86 dialects and the TOSA ops' QuantizableOpInterface models to
/// `registry`, and registers every upstream pass, the
/// project's passes and the named pipelines (quant-pt2e-float-to-llvm, ...)
/// with the global pass registry. The pass registration happens once per
/// process; calling this again only fills another registry.
void registerQuantPT2E(DialectRegistry &registry);

} // namespace quant_pt2e
} // namespace mlir

#endif // QUANT_PT2E_INITALL_H
