/*===- quant-pt2e-capi.c - the C API, from C ------------------------------===*\
|*                                                                            *|
|* A C client of libQuantPT2ECAPI.so: registers everything with one call,    *|
|* parses a model holding aten and quant_pt2e ops, fuses its Q/DQ with a     *|
|* quant-pt2e pass and lowers it with a named pipeline through upstream's    *|
|* pass-manager C API, and gets clear diagnostics for bad IR and an unknown  *|
|* pass. lit runs it (the RUN line below) and FileCheck reads its output.   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

// RUN: quant-pt2e-capi-test 2>&1 | FileCheck %s

// CHECK: dialect aten loaded: yes
// CHECK: dialect quant_pt2e loaded: yes
// CHECK: dialect qpt2e_x86 loaded: yes
// The pass ran: the Q/DQ around the conv became one qconv2d.
// CHECK-LABEL: == fused
// CHECK: func.func @forward
// CHECK: quant_pt2e.qconv2d %{{.+}} input(5.000000e-02, 3) weight([0.00999999977, 4.000000e-02]) output(1.000000e-01, -5) range(-128, 127) act_range(-5, 127)
// CHECK-NOT: aten.convolution
// The named pipeline ran: the compiler's own AVX2 kernel in the LLVM
// dialect, nothing of aten or quant_pt2e left.
// CHECK-LABEL: == lowered
// CHECK-NOT: quant_pt2e.
// CHECK-NOT: aten.
// CHECK-DAG: llvm.func @forward(
// CHECK-DAG: llvm.func @qpt2e_vec_conv_0(
// CHECK-DAG: vector<8xi32>
// CHECK-LABEL: == bad model
// CHECK: diagnostic: 'quant_pt2e.quantize' op quant_min (127) must be less than quant_max (-128)
// CHECK: bad model parsed: no
// CHECK-LABEL: == bad pipeline
// CHECK: error: 'quant-pt2e-no-such-pass' does not refer to a registered pass or pass pipeline
// CHECK: unknown pass accepted: no

#include "quant-pt2e-c/Dialects.h"
#include "quant-pt2e-c/Registration.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic,
                                         void *userData) {
  (void)userData;
  printf("diagnostic: ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

/* conv -> relu -> q with per-channel weights: fuse-qdq makes one qconv2d. */
static const char *kModel =
    "func.func @forward(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {\n"
    "  %wq = arith.constant dense<[[[[100]], [[-50]]], [[[50]], [[100]]]]> "
    ": tensor<2x2x1x1xi8>\n"
    "  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>\n"
    "  %q0 = quant_pt2e.quantize %x scales([0.05]) zero_points([3]) "
    "range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>\n"
    "  %d0 = quant_pt2e.dequantize %q0 scales([0.05]) zero_points([3]) "
    "range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>\n"
    "  %wd = quant_pt2e.dequantize %wq axis(0) scales([0.01, 0.04]) "
    "zero_points([0, 0]) range(-127, 127) : tensor<2x2x1x1xi8> -> "
    "tensor<2x2x1x1xf32>\n"
    "  %c = aten.convolution %d0, %wd, %b stride [1, 1] padding [0, 0] "
    "dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x2x4x4xf32>, "
    "tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>\n"
    "  %r = aten.relu %c : tensor<1x2x4x4xf32>\n"
    "  %q1 = quant_pt2e.quantize %r scales([0.1]) zero_points([-5]) "
    "range(-128, 127) : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi8>\n"
    "  %d1 = quant_pt2e.dequantize %q1 scales([0.1]) zero_points([-5]) "
    "range(-128, 127) : tensor<1x2x4x4xi8> -> tensor<1x2x4x4xf32>\n"
    "  return %d1 : tensor<1x2x4x4xf32>\n"
    "}\n";

/* A quantize whose range is empty: the dialect's verifier rejects it. */
static const char *kBadModel =
    "func.func @bad(%x: tensor<4xf32>) -> tensor<4xi8> {\n"
    "  %q = quant_pt2e.quantize %x scales([0.05]) zero_points([3]) "
    "range(127, -128) : tensor<4xf32> -> tensor<4xi8>\n"
    "  return %q : tensor<4xi8>\n"
    "}\n";

static int runPipeline(MlirContext ctx, MlirModule module,
                       const char *pipeline) {
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(pipeline), printToStdout, NULL);
  int ok = mlirLogicalResultIsSuccess(parsed) &&
           mlirLogicalResultIsSuccess(
               mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)));
  mlirPassManagerDestroy(pm);
  return ok;
}

int main(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirQuantPT2ERegisterAll(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);

  /* The dialect handles, upstream style. */
  MlirDialectHandle handles[] = {mlirGetDialectHandle__aten__(),
                                 mlirGetDialectHandle__quant_pt2e__(),
                                 mlirGetDialectHandle__qpt2e_x86__()};
  for (int i = 0; i < 3; ++i) {
    MlirDialect dialect = mlirDialectHandleLoadDialect(handles[i], ctx);
    MlirStringRef name = mlirDialectHandleGetNamespace(handles[i]);
    printf("dialect %.*s loaded: %s\n", (int)name.length, name.data,
           mlirDialectIsNull(dialect) ? "no" : "yes");
  }

  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModel));
  if (mlirModuleIsNull(module)) {
    printf("error: the model did not parse\n");
    return 1;
  }
  if (!runPipeline(ctx, module,
                   "builtin.module(func.func(quant-pt2e-fuse-qdq{backend="
                   "vector}))")) {
    printf("error: fuse-qdq failed\n");
    return 1;
  }
  printf("== fused\n");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  if (!runPipeline(ctx, module,
                   "builtin.module(quant-pt2e-vector-to-llvm{target-isa=avx2})")) {
    printf("error: the vector pipeline failed\n");
    return 1;
  }
  printf("== lowered\n");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  mlirModuleDestroy(module);

  printf("== bad model\n");
  MlirModule bad =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kBadModel));
  printf("bad model parsed: %s\n", mlirModuleIsNull(bad) ? "no" : "yes");

  printf("== bad pipeline\n");
  MlirModule empty = mlirModuleCreateEmpty(mlirLocationUnknownGet(ctx));
  printf("\nunknown pass accepted: %s\n",
         runPipeline(ctx, empty, "builtin.module(quant-pt2e-no-such-pass)")
             ? "yes"
             : "no");
  mlirModuleDestroy(empty);
  mlirContextDestroy(ctx);
  return 0;
}
