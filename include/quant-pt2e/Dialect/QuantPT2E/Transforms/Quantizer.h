//===- Quantizer.h - quantizers that annotate ops ---------------*- C++ -*-===//
//
// A quantizer decides which ops are quantized and how, by attaching
// #quant_pt2e.annotation. The XNNPACK quantizer of the seeds is built in.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_QUANTIZER_H
#define QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_QUANTIZER_H

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "mlir/IR/Operation.h"

#include <functional>
#include <optional>

namespace mlir::quant_pt2e {

/// torch.ao.quantization.quantizer QuantizationConfig: the specs of one
/// configuration (null where the config has none).
struct QuantizationConfig {
  QuantSpecAttr inputActivation;
  QuantSpecAttr outputActivation;
  QuantSpecAttr weight;
  bool isQat = false;
};

/// Options of get_symmetric_quantization_config.
struct SymmetricConfigOptions {
  bool perChannel = false;
  bool qat = false;
  bool dynamic = false;
  int64_t actQMin = -128, actQMax = 127;
  int64_t weightQMin = -127, weightQMax = 127;
};

/// The XNNPACK quantizer's get_symmetric_quantization_config.
QuantizationConfig getSymmetricQuantizationConfig(MLIRContext *ctx,
                                                  const SymmetricConfigOptions &o);

/// Selects the ops a configuration applies to.
using OpFilter = std::function<bool(Operation *)>;

/// The seed's XNNPACKQuantizer over the ops of `root`: `configs` are applied
/// in order, each with its filter (a null config leaves its ops float);
/// propagate_annotation runs at the end.
void annotateXNNPACK(
    Operation *root,
    ArrayRef<std::pair<std::optional<QuantizationConfig>, OpFilter>> configs);

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_TRANSFORMS_QUANTIZER_H
