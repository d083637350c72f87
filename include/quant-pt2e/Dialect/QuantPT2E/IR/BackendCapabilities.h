//===- BackendCapabilities.h - what each backend takes ---------*- C++ -*-===//
//
// One table of what each int8 backend (onednn, xnnpack, vector, reference)
// takes of the fused quant_pt2e ops, and how: quant-pt2e-fuse-qdq forms
// only the fused ops a backend takes, and the backend's conversion lowers
// each one the table's way (a library call or generated kernel, or the
// exact reference chain). Nothing else decides it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_DIALECT_QUANTPT2E_IR_BACKENDCAPABILITIES_H
#define QUANT_PT2E_DIALECT_QUANTPT2E_IR_BACKENDCAPABILITIES_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::quant_pt2e {

/// How a backend takes a fused op.
enum class Support {
  None,     ///< not formed for this backend (stays dq -> float op -> q)
  Expanded, ///< formed, lowered as its exact reference chain (on NHWC
            ///< values between the backend's sites)
  Native,   ///< the backend's own primitive, operator or kernel
};

struct BackendCapabilities {
  /// Fused-op forms.
  Support conv2d = Support::None;        ///< qconv2d with groups 1
  Support depthwiseConv = Support::None; ///< groups == channels
  Support groupedConv = Support::None;   ///< other groups > 1
  Support residualConv = Support::None;  ///< qconv2d with a residual sum
  Support linear = Support::None;        ///< qlinear, per-tensor weight
  Support perChannelLinear = Support::None;
  Support linearPostOp = Support::None; ///< qlinear with leaky_relu / tanh
  Support add = Support::None, mul = Support::None;
  Support maxPool = Support::None;
  Support avgPool = Support::None;       ///< windowed qavg_pool2d
  Support globalAvgPool = Support::None; ///< window == the whole H x W
  Support cat = Support::None;
  Support lookup = Support::None; ///< qlookup tables
  /// q(view(dq(x))) with equal qparams as a view of the integers.
  bool view = false;
  /// ui8 activations (else i8 only).
  bool unsignedActivations = false;
  /// XNNPACK's operator limits: requantization scales inside its ranges,
  /// act_min < act_max, pooling windows larger than one element.
  bool xnnpackLimits = false;

  /// The table's row for `backend`; nullopt for an unknown name.
  static std::optional<BackendCapabilities> get(llvm::StringRef backend);
  /// "onednn, xnnpack, vector, reference": the names `get` knows.
  static llvm::StringRef knownBackends();

  /// How this backend takes the fused op `op` (a quant_pt2e fused op) with
  /// its attributes and operand types; when None, `reason` (if given) says
  /// why.
  Support support(Operation *op, std::string *reason = nullptr) const;
  bool takes(Operation *op) const { return support(op) != Support::None; }
  /// Whether the backend takes 8-bit activations of element type `elem`.
  bool takesActivation(Type elem) const;
};

} // namespace mlir::quant_pt2e

#endif // QUANT_PT2E_DIALECT_QUANTPT2E_IR_BACKENDCAPABILITIES_H
