//===- QuantPT2ETypes.h - dtype helpers of quant_pt2e -----------*- C++ -*-===//
//
// Maps between the dialect's dtypes, MLIR integer types and the math
// library's storage types, and checks integer ranges against them.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2ETYPES_H
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2ETYPES_H

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Math/QuantMath.h"

namespace mlir::quant_pt2e {

/// The math library's storage type of a dtype.
qpt2e::math::StorageType getStorageType(QuantDType dtype);

/// The storage type of an integer element type (i8, ui8, i32), if any.
std::optional<qpt2e::math::StorageType> getStorageType(Type elementType);

/// The MLIR element type (i8, ui8, i32) of a dtype.
Type getElementType(MLIRContext *ctx, QuantDType dtype);

/// Emits an error unless [qmin, qmax] is non-empty and inside the range of
/// `type`; `typeName` names the type in the message.
LogicalResult verifyQuantRange(function_ref<InFlightDiagnostic()> emitError,
                               qpt2e::math::StorageType type, StringRef typeName,
                               int64_t qmin, int64_t qmax);

/// Discardable attribute of an aten.batch_norm_training whose running
/// statistics are training state (QAT prepare numbers them).
inline constexpr llvm::StringLiteral kStateIdAttrName = "quant_pt2e.state_id";

/// Discardable unit attribute of the convolution quant-pt2e-qat-conv-bn
/// built (weight scaled by the batch norm's scale factor): the QAT fold
/// after training looks for it.
inline constexpr llvm::StringLiteral kQatConvBnAttrName =
    "quant_pt2e.qat_conv_bn";

/// Discardable string attribute of a function that is a separately
/// quantized submodule (e.g. QAT-prepared, trained and converted): the
/// importer declares it (`func.func private`, called where the submodule
/// ran), quant-pt2e-link-submodules defines it, and the quantizer leaves its
/// body alone. The value is the submodule's qualified name.
inline constexpr llvm::StringLiteral kSubmoduleAttrName =
    "quant_pt2e.submodule";

/// True if `op` sits in a function marked with kSubmoduleAttrName.
bool isInQuantizedSubmodule(Operation *op);

class QuantPT2EDialect;
/// Makes the dialect parse the `external_weights` resource entry: the
/// binary side file of a module's dense_resource blobs
/// (lib/Dialect/QuantPT2E/IR/ExternalWeights.cpp).
void registerExternalWeights(QuantPT2EDialect *dialect);

/// The mutable globals that hold state `id`'s running statistics at run
/// time are named `<this>_mean` and `<this>_var`.
inline std::string runningStatGlobalName(int64_t id) {
  return "qpt2e_state_" + std::to_string(id);
}

/// True for the per-channel qschemes.
inline bool isPerChannel(QScheme scheme) {
  return scheme == QScheme::per_channel_affine ||
         scheme == QScheme::per_channel_symmetric;
}

/// True for the symmetric qschemes.
inline bool isSymmetric(QScheme scheme) {
  return scheme == QScheme::per_tensor_symmetric ||
         scheme == QScheme::per_channel_symmetric;
}

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_QUANTPT2ETYPES_H
