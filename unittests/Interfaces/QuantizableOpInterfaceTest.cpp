//===- QuantizableOpInterfaceTest.cpp - the passes' view of ops -----------===//
//
// Queries QuantizableOpInterface on aten ops (kinds, operands, fusion
// parameters, element-wise formulas), attaches it to an op of another
// dialect (arith.addf) as an external model, the way another compiler
// would, and checks the TOSA client's models.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Interfaces/Tosa/TosaQuantizableModels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

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

TEST_F(QuantizableOpInterfaceTest, FusionParameters) {
  auto conv = dyn_cast<QuantizableOpInterface>(opNamed("aten.convolution", 0));
  std::optional<quant_pt2e::ConvGeometry> g = conv.getQuantOpParams().conv;
  ASSERT_TRUE(g);
  EXPECT_EQ(g->padding, SmallVector<int64_t>({1, 1}));
  EXPECT_EQ(g->groups, 1);
  EXPECT_FALSE(g->transposed);
  EXPECT_FALSE(g->channelsLast);
  auto deconv =
      dyn_cast<QuantizableOpInterface>(opNamed("aten.convolution", 1));
  EXPECT_TRUE(deconv.getQuantOpParams().conv->transposed);

  // relu is clamp(x, 0, none); max pooling has its window; cat its dim.
  auto relu = dyn_cast<QuantizableOpInterface>(opNamed("aten.relu"));
  std::optional<quant_pt2e::ClampBounds> clamp = relu.getQuantOpParams().clamp;
  ASSERT_TRUE(clamp);
  EXPECT_EQ(clamp->lo, 0.0);
  EXPECT_EQ(clamp->hi, std::nullopt);
  auto pool = dyn_cast<QuantizableOpInterface>(opNamed("aten.max_pool2d"));
  std::optional<quant_pt2e::PoolWindow> w = pool.getQuantOpParams().maxWindow;
  ASSERT_TRUE(w);
  EXPECT_EQ(w->kernel, SmallVector<int64_t>({2, 2}));
  EXPECT_FALSE(pool.getQuantOpParams().avgWindow);
  auto cat = dyn_cast<QuantizableOpInterface>(opNamed("aten.cat"));
  EXPECT_EQ(cat.getQuantOpParams().concatDim, 0);
  // Ops without such parameters answer none.
  auto add = dyn_cast<QuantizableOpInterface>(opNamed("aten.add"));
  EXPECT_FALSE(add.getQuantOpParams().conv || add.getQuantOpParams().clamp);
  EXPECT_EQ(add.getQuantOpParams().rhsFactor, 1.0);
}

TEST_F(QuantizableOpInterfaceTest, ElementwiseFormulas) {
  // The float lowering's formulas, evaluated in float32.
  auto relu = dyn_cast<QuantizableOpInterface>(opNamed("aten.relu"));
  EXPECT_EQ(relu.evaluateElementwise(-2.5f), 0.0f);
  EXPECT_EQ(relu.evaluateElementwise(1.5f), 1.5f);
  auto sigmoid = dyn_cast<QuantizableOpInterface>(opNamed("aten.sigmoid"));
  std::optional<float> s = sigmoid.evaluateElementwise(0.0f);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, 0.5f);
  EXPECT_EQ(*sigmoid.evaluateElementwise(2.0f),
            1.0f / (1.0f + std::exp(-2.0f)));
  // Not unary element-wise: no formula.
  auto add = dyn_cast<QuantizableOpInterface>(opNamed("aten.add"));
  EXPECT_EQ(add.evaluateElementwise(1.0f), std::nullopt);
  auto conv = dyn_cast<QuantizableOpInterface>(opNamed("aten.convolution", 0));
  EXPECT_EQ(conv.evaluateElementwise(1.0f), std::nullopt);
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

constexpr const char *kTosaModule = R"mlir(
func.func @f(%x: tensor<1x4x4x3xf32>, %w: tensor<2x1x1x3xf32>,
             %b: tensor<2xf32>, %zp: tensor<1xf32>) {
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x4x2xf32>
  %a = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x4x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x6x4x2xf32>) -> tensor<1x6x4x2xf32>
  %r6 = tosa.clamp %c {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x6x4x2xf32>) -> tensor<1x6x4x2xf32>
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x6x4x2xf32>) -> tensor<1x3x2x2xf32>
  return
}
)mlir";

/// The `occurrence`-th op named `opName` in `module`.
Operation *nth(ModuleOp module, StringRef opName, unsigned occurrence = 0) {
  Operation *found = nullptr;
  unsigned seen = 0;
  module.walk([&](Operation *op) {
    if (op->getName().getStringRef() == opName && seen++ == occurrence)
      found = op;
  });
  return found;
}

TEST(QuantizableOpInterfaceTosa, ModelsAnswerInTosaLayouts) {
  DialectRegistry registry;
  registry.insert<tosa::TosaDialect, func::FuncDialect>();
  quant_pt2e::registerTosaQuantizableModels(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kTosaModule, &context);
  ASSERT_TRUE(module);

  auto conv = dyn_cast<QuantizableOpInterface>(nth(*module, "tosa.conv2d"));
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv.getQuantOpKind(), QuantOpKind::conv);
  EXPECT_EQ(conv.getWeightOperandIndex(), 1u);
  EXPECT_EQ(conv.getWeightOutputChannelAxis(), 0); // OHWI
  EXPECT_EQ(conv.getBiasOperandIndex(), 2u);
  std::optional<quant_pt2e::ConvGeometry> g = conv.getQuantOpParams().conv;
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->channelsLast);
  // pad [top, bottom, left, right] = [1, 1, 0, 0] -> [h, w] = [1, 0].
  EXPECT_EQ(g->padding, SmallVector<int64_t>({1, 0}));
  // An asymmetric pad has no fused-op geometry.
  auto asym = dyn_cast<QuantizableOpInterface>(nth(*module, "tosa.conv2d", 1));
  EXPECT_FALSE(asym.getQuantOpParams().conv);

  // clamp(0, max) is a relu, clamp(0, 6) a clamp; both share qparams.
  auto relu = dyn_cast<QuantizableOpInterface>(nth(*module, "tosa.clamp", 0));
  auto relu6 = dyn_cast<QuantizableOpInterface>(nth(*module, "tosa.clamp", 1));
  EXPECT_EQ(relu.getQuantOpKind(), QuantOpKind::relu);
  EXPECT_EQ(relu6.getQuantOpKind(), QuantOpKind::clamp);
  EXPECT_TRUE(relu.sharesQParamsWithInput());
  EXPECT_EQ(relu6.getQuantOpParams().clamp->hi, 6.0);
  EXPECT_EQ(relu6.evaluateElementwise(7.5f), 6.0f);
  EXPECT_EQ(relu6.evaluateElementwise(-1.0f), 0.0f);

  auto pool = dyn_cast<QuantizableOpInterface>(nth(*module, "tosa.max_pool2d"));
  EXPECT_EQ(pool.getQuantOpKind(), QuantOpKind::max_pool);
  EXPECT_TRUE(pool.getQuantOpParams().maxWindow->channelsLast);
}

} // namespace
