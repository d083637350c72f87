//===- QuantizableOpInterfaceTest.cpp - the passes' view of ops -----------===//
//
// Queries QuantizableOpInterface on aten ops, and attaches it to an op of
// another dialect (arith.addf) as an external model, the way another
// compiler would.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using quant_pt2e::QuantizableOpInterface;
using quant_pt2e::QuantOpKind;

namespace {

constexpr const char *kModule = R"mlir(
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>,
             %b: tensor<16xf32>, %wt: tensor<3x5x3x3xf32>,
             %v: tensor<2x8xf32>, %lw: tensor<4x8xf32>, %lb: tensor<4xf32>,
             %e: tensor<10x4xf32>, %i: tensor<3xi64>) {
  %conv = aten.convolution %x, %w, %b stride [1, 1] padding [1, 1] dilation [1, 1] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %deconv = aten.convolution %x, %wt stride [1, 1] padding [0, 0] dilation [1, 1] transposed output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x5x3x3xf32>) -> tensor<1x5x10x10xf32>
  %lin = aten.linear %v, %lw, %lb : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %t = aten.t %lw : tensor<4x8xf32> -> tensor<8x4xf32>
  %mm = aten.addmm %lb, %v, %t : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %add = aten.add %lin, %mm : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
  %relu = aten.relu %add : tensor<2x4xf32>
  %sig = aten.sigmoid %relu : tensor<2x4xf32>
  %cat = aten.cat %relu, %sig, %add dim 0 : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<6x4xf32>
  %pool = aten.max_pool2d %conv kernel [2, 2] stride [2, 2] padding [0, 0] dilation [1, 1] : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  %emb = aten.embedding %e, %i : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %sum = arith.addf %lin, %mm : tensor<2x4xf32>
  return
}
)mlir";

class QuantizableOpInterfaceTest : public ::testing::Test {
protected:
  void SetUp() override {
    context.loadDialect<aten::AtenDialect, quant_pt2e::QuantPT2EDialect,
                        arith::ArithDialect, func::FuncDialect>();
    module = parseSourceString<ModuleOp>(kModule, &context);
    ASSERT_TRUE(module);
  }

  /// The `occurrence`-th op named `opName` in kModule.
  Operation *opNamed(StringRef opName, unsigned occurrence = 0) {
    Operation *found = nullptr;
    unsigned seen = 0;
    module->walk([&](Operation *op) {
      if (op->getName().getStringRef() == opName && seen++ == occurrence)
        found = op;
    });
    return found;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(QuantizableOpInterfaceTest, Convolution) {
  auto conv = dyn_cast<QuantizableOpInterface>(opNamed("aten.convolution", 0));
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv.getQuantOpKind(), QuantOpKind::conv);
  EXPECT_EQ(conv.getActivationOperandIndices(), SmallVector<unsigned>({0}));
  EXPECT_EQ(conv.getWeightOperandIndex(), 1u);
  EXPECT_EQ(conv.getWeightOutputChannelAxis(), 0);
  EXPECT_EQ(conv.getBiasOperandIndex(), 2u);
  EXPECT_FALSE(conv.sharesQParamsWithInput());
}

TEST_F(QuantizableOpInterfaceTest, TransposedConvolutionUsesAxisOne) {
  auto deconv =
      dyn_cast<QuantizableOpInterface>(opNamed("aten.convolution", 1));
  ASSERT_TRUE(deconv);
  EXPECT_EQ(deconv.getQuantOpKind(), QuantOpKind::conv_transpose);
  EXPECT_EQ(deconv.getWeightOutputChannelAxis(), 1);
  EXPECT_EQ(deconv.getBiasOperandIndex(), std::nullopt);
}

TEST_F(QuantizableOpInterfaceTest, LinearAndAddmm) {
  auto linear = dyn_cast<QuantizableOpInterface>(opNamed("aten.linear"));
  ASSERT_TRUE(linear);
  EXPECT_EQ(linear.getQuantOpKind(), QuantOpKind::linear);
  EXPECT_EQ(linear.getWeightOperandIndex(), 1u);
  EXPECT_EQ(linear.getBiasOperandIndex(), 2u);

  // addmm(bias, x, t(W)): activation 1, weight 2 with output channels on
  // axis 1, bias 0.
  auto addmm = dyn_cast<QuantizableOpInterface>(opNamed("aten.addmm"));
  ASSERT_TRUE(addmm);
  EXPECT_EQ(addmm.getQuantOpKind(), QuantOpKind::linear);
  EXPECT_EQ(addmm.getActivationOperandIndices(), SmallVector<unsigned>({1}));
  EXPECT_EQ(addmm.getWeightOperandIndex(), 2u);
  EXPECT_EQ(addmm.getWeightOutputChannelAxis(), 1);
  EXPECT_EQ(addmm.getBiasOperandIndex(), 0u);
}

TEST_F(QuantizableOpInterfaceTest, ElementwiseAndSharing) {
  auto add = dyn_cast<QuantizableOpInterface>(opNamed("aten.add"));
  ASSERT_TRUE(add);
  EXPECT_EQ(add.getQuantOpKind(), QuantOpKind::add);
  EXPECT_EQ(add.getActivationOperandIndices(), SmallVector<unsigned>({0, 1}));
  EXPECT_EQ(add.getWeightOperandIndex(), std::nullopt);
  EXPECT_FALSE(add.sharesQParamsWithInput());

  auto relu = dyn_cast<QuantizableOpInterface>(opNamed("aten.relu"));
  EXPECT_EQ(relu.getQuantOpKind(), QuantOpKind::relu);
  EXPECT_TRUE(relu.sharesQParamsWithInput());

  auto sigmoid = dyn_cast<QuantizableOpInterface>(opNamed("aten.sigmoid"));
  EXPECT_EQ(sigmoid.getQuantOpKind(), QuantOpKind::activation);
  EXPECT_FALSE(sigmoid.sharesQParamsWithInput());

  auto cat = dyn_cast<QuantizableOpInterface>(opNamed("aten.cat"));
  EXPECT_EQ(cat.getQuantOpKind(), QuantOpKind::cat);
  EXPECT_EQ(cat.getActivationOperandIndices(),
            SmallVector<unsigned>({0, 1, 2}));
  EXPECT_TRUE(cat.sharesQParamsWithInput());

  auto pool = dyn_cast<QuantizableOpInterface>(opNamed("aten.max_pool2d"));
  EXPECT_EQ(pool.getQuantOpKind(), QuantOpKind::max_pool);
  EXPECT_TRUE(pool.sharesQParamsWithInput());

  auto t = dyn_cast<QuantizableOpInterface>(opNamed("aten.t"));
  EXPECT_EQ(t.getQuantOpKind(), QuantOpKind::permute);
  EXPECT_TRUE(t.sharesQParamsWithInput());
}

TEST_F(QuantizableOpInterfaceTest, EmbeddingHasOnlyAWeight) {
  auto emb = dyn_cast<QuantizableOpInterface>(opNamed("aten.embedding"));
  ASSERT_TRUE(emb);
  EXPECT_TRUE(emb.getActivationOperandIndices().empty());
  EXPECT_EQ(emb.getWeightOperandIndex(), 0u);
}

/// How another compiler makes its own op visible to the quantization passes.
struct AddFQuantizableModel
    : public QuantizableOpInterface::ExternalModel<AddFQuantizableModel,
                                                   arith::AddFOp> {
  QuantOpKind getQuantOpKind(Operation *) const { return QuantOpKind::add; }
  SmallVector<unsigned> getActivationOperandIndices(Operation *) const {
    return {0, 1};
  }
};

/// The arith.addf of kModule, or null.
Operation *findAddF(ModuleOp module) {
  Operation *addf = nullptr;
  module.walk([&](arith::AddFOp op) { addf = op; });
  return addf;
}

TEST(QuantizableOpInterfaceExternal, AttachesToForeignOps) {
  DialectRegistry registry;
  registry.insert<aten::AtenDialect, arith::ArithDialect, func::FuncDialect>();
  registry.addExtension(+[](MLIRContext *ctx, arith::ArithDialect *) {
    arith::AddFOp::attachInterface<AddFQuantizableModel>(*ctx);
  });
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModule, &context);
  ASSERT_TRUE(module);
  auto addf = dyn_cast<QuantizableOpInterface>(findAddF(*module));
  ASSERT_TRUE(addf);
  EXPECT_EQ(addf.getQuantOpKind(), QuantOpKind::add);
  EXPECT_EQ(addf.getActivationOperandIndices(), SmallVector<unsigned>({0, 1}));
  // Methods the model does not define take the interface defaults.
  EXPECT_EQ(addf.getWeightOperandIndex(), std::nullopt);
  EXPECT_FALSE(addf.sharesQParamsWithInput());
}

TEST(QuantizableOpInterfaceExternal, AbsentWithoutTheModel) {
  MLIRContext context;
  context.loadDialect<aten::AtenDialect, arith::ArithDialect,
                      func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModule, &context);
  ASSERT_TRUE(module);
  EXPECT_FALSE(isa<QuantizableOpInterface>(findAddF(*module)));
}

} // namespace
