//===- BackendConfigs.h - built-in backend configs --------------*- C++ -*-===//
//
// The QNNPACK, ExecuTorch and oneDNN backend configs of the seeds
// (torch/ao/quantization/backend_config/{qnnpack,executorch,onednn}.py) as
// #quant_pt2e.backend_config data, with patterns named by QuantOpKind, and
// what else a config decides at prepare time.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_BACKENDCONFIGS_H
#define QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_BACKENDCONFIGS_H

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"

namespace mlir::quant_pt2e {

/// Names of the built-in backend configs.
ArrayRef<StringRef> getBackendConfigNames();

/// The built-in backend config `name`, or a null attribute.
BackendConfigAttr getBackendConfig(MLIRContext *ctx, StringRef name);

/// Whether config `name` folds an inference batch norm into the linear
/// before it at prepare time (onednn.py's linear-bn(-leaky_relu) fusion,
/// fuse_linear_bn_eval), as conv-bn is folded for every config.
bool foldsLinearBatchNorm(StringRef name);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_BACKENDCONFIGS_H
