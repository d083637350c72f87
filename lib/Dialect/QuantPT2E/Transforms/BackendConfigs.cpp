//===- BackendConfigs.cpp - built-in backend configs as data --------------===//
//
// Each backend is a table of patterns (aten op chains, root first) with an
// observation type and the dtype configs of the seed file. The dtype
// configs follow the seeds' names. Sources:
//   qnnpack.py (seed 002), executorch.py (seed 000; its damaged
//   _get_conv_configs follows PyTorch's public repository), onednn.py
//   (seed 003).
// Patterns over ops this project's aten dialect lacks (3-d conv, RNNs,
// instance norm, ...) are left out.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/BackendConfigs.h"

#include "mlir/IR/Builders.h"

#include <optional>
#include <vector>

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

constexpr float kScaleMin = 0.000244140625f; // 2^-12

/// DTypeWithConstraints: "i8", "ui8" or "f32" with optional bounds.
struct DType {
  const char *type;
  std::optional<int64_t> qminLowerBound = std::nullopt;
  std::optional<int64_t> qmaxUpperBound = std::nullopt;
  std::optional<float> scaleMin = std::nullopt;
};

struct DTypeCfg {
  DType input, output;
  std::optional<DType> weight = std::nullopt, bias = std::nullopt;
  bool dynamic = false;
};

struct PatternRow {
  std::vector<const char *> ops;
  ObservationType observation;
  const std::vector<DTypeCfg> *dtypes;
  bool fused = false;
};

const DType kQU8{"ui8"}, kQI8{"i8"}, kF32{"f32"};
const DType kActQI8{"i8", std::nullopt, std::nullopt, kScaleMin};
const DType kWeightQI8{"i8", -127, 127, kScaleMin};

// qnnpack.py
const DTypeCfg qnnpackWeightedQUInt8{kQU8, kQU8, kQI8, kF32};
const DTypeCfg qnnpackDefaultQUInt8{kQU8, kQU8};
const DTypeCfg qnnpackDynamicInt8{kQU8, kF32, kQI8, kF32, true};
const DTypeCfg qnnpackWeightedQInt8Sym{kActQI8, kActQI8, kWeightQI8, kF32};
const DTypeCfg qnnpackDefaultQInt8Sym{kActQI8, kActQI8};
// executorch.py
const DTypeCfg executorchWeightedInt8{kQU8, kQU8, kQI8, kF32};
const DTypeCfg executorchDefaultQUInt8{kQU8, kQU8};
const DTypeCfg executorchDynamicQUInt8{kQU8, kF32, kQI8, kF32, true};
const DTypeCfg executorchDynamicQInt8{kActQI8, kF32, kWeightQI8, kF32, true};
// onednn.py
const DTypeCfg onednnWeightedInt8{kQU8, kQU8, kQI8, kF32};
const DTypeCfg onednnOpQUInt8{kQU8, kQU8};
const DTypeCfg onednnDynamicInt8{kQU8, kF32, kQI8, kF32, true};
const DTypeCfg onednnInputOutputOnlyQUInt8{kQU8, kQU8, kF32, kF32};

using Configs = std::vector<DTypeCfg>;
const Configs qnnpackConv{qnnpackWeightedQInt8Sym, qnnpackWeightedQUInt8};
const Configs qnnpackLinear{qnnpackWeightedQInt8Sym, qnnpackWeightedQUInt8,
                            qnnpackDynamicInt8};
const Configs qnnpackDefault{qnnpackDefaultQInt8Sym, qnnpackDefaultQUInt8};
const Configs executorchConv{qnnpackWeightedQInt8Sym, executorchWeightedInt8,
                             executorchDynamicQUInt8, executorchDynamicQInt8};
const Configs executorchDefault{qnnpackDefaultQInt8Sym,
                                executorchDefaultQUInt8};
const Configs onednnWeighted{onednnWeightedInt8};
const Configs onednnLinear{onednnWeightedInt8, onednnDynamicInt8};
const Configs onednnDefault{onednnOpQUInt8};
const Configs onednnLayerNorm{onednnInputOutputOnlyQUInt8};

constexpr auto kDifferent = ObservationType::output_use_different_observer_as_input;
constexpr auto kShare = ObservationType::output_share_observer_with_input;

/// _get_share_qparams_op_configs: ops whose output keeps the input's qparams.
const std::vector<const char *> kShareOps = {
    "aten.max_pool2d", "aten.avg_pool2d", "aten.adaptive_avg_pool2d",
    "aten.mean",       "aten.hardtanh",   "aten.relu",
    "aten.relu6",      "aten.clamp",      "aten.view",
    "aten.reshape",    "aten.flatten",    "aten.squeeze",
    "aten.permute",    "aten.t"};
/// _get_default_op_configs.
const std::vector<const char *> kDefaultOps = {
    "aten.layer_norm", "aten.hardswish", "aten.elu", "aten.leaky_relu",
    "aten.dropout"};
/// _get_fixed_qparams_op_configs.
const std::vector<const char *> kFixedQParamsOps = {"aten.sigmoid",
                                                    "aten.tanh"};

/// The patterns shared by the three configs, with their dtype configs.
std::vector<PatternRow> commonPatterns(const Configs &conv, const Configs &linear,
                                    const Configs &other) {
  std::vector<PatternRow> patterns = {
      // _get_conv_configs (conv, conv-relu, conv-bn, conv-bn-relu; 1-d, 2-d
      // and transposed share aten.convolution)
      {{"aten.convolution"}, kDifferent, &conv},
      {{"aten.convolution", "aten.relu"}, kDifferent, &conv, true},
      {{"aten.convolution", "aten.batch_norm"}, kDifferent, &conv, true},
      {{"aten.convolution", "aten.batch_norm", "aten.relu"}, kDifferent, &conv,
       true},
      // _get_linear_configs
      {{"aten.linear"}, kDifferent, &linear},
      {{"aten.linear", "aten.relu"}, kDifferent, &linear, true},
      {{"aten.linear", "aten.batch_norm"}, kDifferent, &linear, true},
      // _get_binary_op_configs
      {{"aten.add"}, kDifferent, &other},
      {{"aten.add", "aten.relu"}, kDifferent, &other, true},
      {{"aten.add_scalar"}, kDifferent, &other},
      {{"aten.mul"}, kDifferent, &other},
      {{"aten.mul", "aten.relu"}, kDifferent, &other, true},
      {{"aten.mul_scalar"}, kDifferent, &other},
      // _get_cat_config
      {{"aten.cat"}, kShare, &other},
      // _get_bn_configs
      {{"aten.batch_norm"}, kDifferent, &other},
      {{"aten.batch_norm", "aten.relu"}, kDifferent, &other, true},
  };
  for (const char *op : kShareOps)
    patterns.push_back({{op}, kShare, &other});
  for (const char *op : kDefaultOps)
    patterns.push_back({{op}, kDifferent, &other});
  for (const char *op : kFixedQParamsOps)
    patterns.push_back({{op}, kDifferent, &other});
  return patterns;
}

DTypeWithConstraintsAttr toAttr(MLIRContext *ctx, const DType &d) {
  Builder b(ctx);
  Type type = StringRef(d.type) == "f32"   ? Type(b.getF32Type())
              : StringRef(d.type) == "ui8" ? Type(IntegerType::get(
                                                 ctx, 8, IntegerType::Unsigned))
                                           : Type(b.getIntegerType(8));
  auto f = [](std::optional<float> v) {
    return v ? std::optional<APFloat>(APFloat(*v)) : std::nullopt;
  };
  return DTypeWithConstraintsAttr::get(ctx, type, d.qminLowerBound,
                                       d.qmaxUpperBound, f(d.scaleMin),
                                       std::nullopt, std::nullopt,
                                       std::nullopt);
}

BackendConfigAttr build(MLIRContext *ctx, StringRef name,
                        const std::vector<PatternRow> &patterns) {
  Builder b(ctx);
  SmallVector<Attribute> patternAttrs;
  for (const PatternRow &p : patterns) {
    SmallVector<Attribute> ops, dtypes;
    for (const char *op : p.ops)
      ops.push_back(b.getStringAttr(op));
    for (const DTypeCfg &d : *p.dtypes)
      dtypes.push_back(DTypeConfigAttr::get(
          ctx, toAttr(ctx, d.input), toAttr(ctx, d.output),
          d.weight ? toAttr(ctx, *d.weight) : DTypeWithConstraintsAttr(),
          d.bias ? toAttr(ctx, *d.bias) : DTypeWithConstraintsAttr(),
          d.dynamic));
    patternAttrs.push_back(PatternConfigAttr::get(
        ctx, b.getArrayAttr(ops), p.observation, b.getArrayAttr(dtypes),
        p.fused));
  }
  return BackendConfigAttr::get(ctx, name, b.getArrayAttr(patternAttrs));
}

} // namespace

ArrayRef<StringRef> mlir::quant_pt2e::getBackendConfigNames() {
  static const StringRef names[] = {"qnnpack", "executorch", "onednn"};
  return names;
}

BackendConfigAttr mlir::quant_pt2e::getBackendConfig(MLIRContext *ctx,
                                                     StringRef name) {
  if (name == "qnnpack")
    return build(ctx, name,
                 commonPatterns(qnnpackConv, qnnpackLinear, qnnpackDefault));
  if (name == "executorch")
    return build(ctx, name, commonPatterns(executorchConv, executorchConv,
                                           executorchDefault));
  if (name == "onednn") {
    std::vector<PatternRow> patterns =
        commonPatterns(onednnWeighted, onednnLinear, onednnDefault);
    // onednn.py: conv-add(-relu) with the residual sum, linear with
    // leaky_relu / tanh, layer norm with float weights.
    patterns.push_back({{"aten.convolution", "aten.add"}, kDifferent,
                        &onednnWeighted, true});
    patterns.push_back({{"aten.convolution", "aten.add", "aten.relu"},
                        kDifferent, &onednnWeighted, true});
    patterns.push_back({{"aten.convolution", "aten.batch_norm", "aten.add"},
                        kDifferent, &onednnWeighted, true});
    patterns.push_back(
        {{"aten.convolution", "aten.batch_norm", "aten.add", "aten.relu"},
         kDifferent, &onednnWeighted, true});
    patterns.push_back({{"aten.linear", "aten.leaky_relu"}, kDifferent,
                        &onednnWeighted, true});
    patterns.push_back(
        {{"aten.linear", "aten.tanh"}, kDifferent, &onednnWeighted, true});
    for (PatternRow &p : patterns)
      if (p.ops.size() == 1 && StringRef(p.ops[0]) == "aten.layer_norm")
        p.dtypes = &onednnLayerNorm;
    return build(ctx, name, patterns);
  }
  return {};
}
