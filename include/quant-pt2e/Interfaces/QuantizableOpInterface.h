//===- QuantizableOpInterface.h - what quantization sees --------*- C++ -*-===//
//
// Declares QuantizableOpInterface, the view quantization passes have of ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_H
#define QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_H

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

#include "quant-pt2e/Interfaces/QuantizableOpInterfaceEnums.h.inc"

#include "quant-pt2e/Interfaces/QuantizableOpInterface.h.inc"

#endif // QUANT_PT2E_INTERFACES_QUANTIZABLEOPINTERFACE_H
