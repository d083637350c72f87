//===- QuantizableOpInterface.cpp - what quantization sees ----------------===//

#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "quant-pt2e/Interfaces/QuantizableOpInterfaceEnums.cpp.inc"

#include "quant-pt2e/Interfaces/QuantizableOpInterface.cpp.inc"
