// RUN: not quant-opt %s -quant-pt2e-annotate="quantizer=tflite" 2>&1 | FileCheck %s --check-prefix=QUANTIZER
// RUN: not quant-opt %s -quant-pt2e-annotate="module-name=fc=int4" 2>&1 | FileCheck %s --check-prefix=CONFIG
// RUN: not quant-opt %s -quant-pt2e-annotate="operator-type=softmax=none" 2>&1 | FileCheck %s --check-prefix=KIND
// RUN: not quant-opt %s -quant-pt2e-annotate="module-type=none" 2>&1 | FileCheck %s --check-prefix=ENTRY

// Bad options are diagnostics on the module and a failed pass, not a crash.
// QUANTIZER: error: unknown quantizer 'tflite' (available: xnnpack)
// CONFIG: error: unknown quantization config 'int4' (expected global, per-channel, per-tensor or none)
// KIND: error: unknown operator type 'softmax'
// ENTRY: error: module-type entry 'none' is not key=config
module {}
