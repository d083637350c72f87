//===- BackendConfigs.cpp - built-in backend configs as data --------------===//
//
// Each backend is a table of patterns (chains of QuantOpKind names, root
// first: "conv", "relu", ...; any dialect's ops match through
// QuantizableOpInterface) with an observation type and the dtype configs of
// the seed file. The dtype
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

/// _get_share_qparams_op_configs: ops whose output keeps the input's qparams
/// (max / avg / adaptive pooling, mean, hardtanh and relu6, relu, clamp,
/// view / reshape / flatten / squeeze, permute / t).
const std::vector<const char *> kShareOps = {
    "max_pool", "avg_pool", "adaptive_avg_pool", "mean",   "hardtanh",
    "relu",     "clamp",    "reshape",           "permute"};
/// _get_default_op_configs (layer_norm; hardswish, elu, leaky_relu are
/// activations; dropout) and _get_fixed_qparams_op_configs (sigmoid and tanh,
/// activations too).
const std::vector<const char *> kDefaultOps = {"layer_norm", "activation",
                                               "dropout"};

/// The patterns shared by the three configs, with their dtype configs.
std::vector<PatternRow> commonPatterns(const Configs &conv, const Configs &linear,
                                    const Configs &other) {
  std::vector<PatternRow> patterns = {
      // _get_conv_configs (conv, conv-relu, conv-bn, conv-bn-relu; 1-d and
      // 2-d are one kind; transposed convolutions their own)
      {{"conv"}, kDifferent, &conv},
      {{"conv_transpose"}, kDifferent, &conv},
      {{"conv_transpose", "relu"}, kDifferent, &conv, true},
      {{"conv_transpose", "batch_norm"}, kDifferent, &conv, true},
      {{"conv", "relu"}, kDifferent, &conv, true},
      {{"conv", "batch_norm"}, kDifferent, &conv, true},
      {{"conv", "batch_norm", "relu"}, kDifferent, &conv, true},
      // _get_linear_configs
      {{"linear"}, kDifferent, &linear},
      {{"linear", "relu"}, kDifferent, &linear, true},
      {{"linear", "batch_norm"}, kDifferent, &linear, true},
      // _get_binary_op_configs
      {{"add"}, kDifferent, &other},
      {{"add", "relu"}, kDifferent, &other, true},
      {{"mul"}, kDifferent, &other},
      {{"mul", "relu"}, kDifferent, &other, true},
      // _get_cat_config
      {{"cat"}, kShare, &other},
      // _get_bn_configs
      {{"batch_norm"}, kDifferent, &other},
      {{"batch_norm", "relu"}, kDifferent, &other, true},
  };
  for (const char *op : kShareOps)
    patterns.push_back({{op}, kShare, &other});
  for (const char *op : kDefaultOps)
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
    // leaky_relu / tanh (activations), layer norm with float weights.
    patterns.push_back({{"conv", "add"}, kDifferent, &onednnWeighted, true});
    patterns.push_back(
        {{"conv", "add", "relu"}, kDifferent, &onednnWeighted, true});
    patterns.push_back(
        {{"conv", "batch_norm", "add"}, kDifferent, &onednnWeighted, true});
    patterns.push_back({{"conv", "batch_norm", "add", "relu"},
                        kDifferent,
                        &onednnWeighted,
                        true});
    patterns.push_back(
        {{"linear", "activation"}, kDifferent, &onednnWeighted, true});
    for (PatternRow &p : patterns)
      if (p.ops.size() == 1 && StringRef(p.ops[0]) == "layer_norm")
        p.dtypes = &onednnLayerNorm;
    return build(ctx, name, patterns);
  }
  return {};
}

bool mlir::quant_pt2e::foldsLinearBatchNorm(StringRef name) {
  return name == "onednn";
}
