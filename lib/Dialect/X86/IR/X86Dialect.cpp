//===- X86Dialect.cpp - qpt2e_x86 dialect and its LLVM lowering -----------===//
//
// The ops lower to LLVM's x86 intrinsics through convert-to-llvm: the
// dialect implements the ConvertToLLVMPatternInterface, so any pipeline
// that runs convert-to-llvm (the project's, or another compiler's) lowers
// them without a pass of their own.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/X86/IR/X86.h"

#include "mlir/Conversion/ConvertToLLVM/ToLLVMInterface.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::qpt2e_x86;

#include "quant-pt2e/Dialect/X86/IR/X86Dialect.cpp.inc"

#define GET_OP_CLASSES
#include "quant-pt2e/Dialect/X86/IR/X86Ops.cpp.inc"

std::string VpdpbusdOp::getIntrinsicName() {
  return getRes().getType().getNumElements() == 16
             ? "llvm.x86.avx512.vpdpbusd.512"
             : "llvm.x86.avx512.vpdpbusd.256";
}

namespace {

struct VpdpbusdLowering : ConvertOpToLLVMPattern<VpdpbusdOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(VpdpbusdOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible vector type");
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, type, rewriter.getStringAttr(op.getIntrinsicName()),
        ValueRange{adaptor.getAcc(), adaptor.getA(), adaptor.getB()});
    return success();
  }
};

struct X86ToLLVMInterface : ConvertToLLVMPatternInterface {
  using ConvertToLLVMPatternInterface::ConvertToLLVMPatternInterface;

  void populateConvertToLLVMConversionPatterns(
      ConversionTarget &target, LLVMTypeConverter &typeConverter,
      RewritePatternSet &patterns) const final {
    target.addIllegalDialect<QPT2EX86Dialect>();
    patterns.add<VpdpbusdLowering>(typeConverter);
  }
};

} // namespace

void QPT2EX86Dialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "quant-pt2e/Dialect/X86/IR/X86Ops.cpp.inc"
      >();
  addInterfaces<X86ToLLVMInterface>();
}
