//===- XNNPACKQuantizer.cpp - the seed's XNNPACKQuantizer -----------------===//
//
// Follows torch/ao/quantization/quantizer/xnnpack_quantizer.py of the seeds
// (get_symmetric_quantization_config, STATIC_QAT_ONLY_OPS, STATIC_OPS,
// DYNAMIC_OPS) and the annotators and propagate_annotation of
// xnnpack_quantizer_utils.py in PyTorch's public repository (the seed does
// not include that file). Ops are seen through QuantizableOpInterface only.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Quantizer.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {
constexpr float kEps = 0.000244140625f; // 2^-12
constexpr float kDefaultAveragingConstant = 0.01f;
constexpr int64_t kDefaultBins = 2048;

ObserverAttr observer(MLIRContext *ctx, ObserverKind kind,
                      float averagingConstant = kDefaultAveragingConstant) {
  return ObserverAttr::get(ctx, kind, APFloat(kEps), APFloat(averagingConstant),
                           kDefaultBins);
}
} // namespace

QuantizationConfig
mlir::quant_pt2e::getSymmetricQuantizationConfig(MLIRContext *ctx,
                                                 const SymmetricConfigOptions &o) {
  Attribute actCtor;
  if (o.qat)
    actCtor = o.dynamic
                  ? FakeQuantAttr::get(ctx, FakeQuantKind::fake_quantize,
                                       observer(ctx,
                                                ObserverKind::moving_average_min_max,
                                                1.0f))
                  : FakeQuantAttr::get(
                        ctx, FakeQuantKind::fused_moving_avg_obs,
                        observer(ctx, ObserverKind::moving_average_min_max));
  else
    actCtor = observer(ctx, o.dynamic ? ObserverKind::placeholder
                                      : ObserverKind::histogram);
  auto act = QuantSpecAttr::get(ctx, QuantDType::int8, o.actQMin, o.actQMax,
                                QScheme::per_tensor_affine, std::nullopt,
                                o.dynamic, actCtor);

  QScheme weightScheme = o.perChannel ? QScheme::per_channel_symmetric
                                      : QScheme::per_tensor_symmetric;
  Attribute weightCtor;
  if (o.qat)
    weightCtor = FakeQuantAttr::get(
        ctx, FakeQuantKind::fused_moving_avg_obs,
        observer(ctx, o.perChannel
                          ? ObserverKind::moving_average_per_channel_min_max
                          : ObserverKind::moving_average_min_max));
  else
    weightCtor = observer(ctx, o.perChannel ? ObserverKind::per_channel_min_max
                                            : ObserverKind::min_max);
  auto weight = QuantSpecAttr::get(ctx, QuantDType::int8, o.weightQMin,
                                   o.weightQMax, weightScheme, int64_t(0),
                                   false, weightCtor);
  return {act, o.dynamic ? QuantSpecAttr() : act, weight, o.qat};
}

namespace {

std::optional<QuantOpKind> kindOf(Operation *op) {
  if (auto iface = dyn_cast_if_present<QuantizableOpInterface>(op))
    return iface.getQuantOpKind();
  return std::nullopt;
}

AnnotationAttr annotationOf(Operation *op) {
  return op ? op->getAttrOfType<AnnotationAttr>(
                  QuantPT2EDialect::getAnnotationAttrName())
            : AnnotationAttr();
}

bool isAnnotated(Operation *op) {
  AnnotationAttr annotation = annotationOf(op);
  return annotation && annotation.getAnnotated();
}

/// The single user of the op's first result (the data result; training
/// batch norm also returns running statistics), if it has exactly one.
Operation *soleUser(Operation *op) {
  if (!op || op->getNumResults() == 0 || !op->getResult(0).hasOneUse())
    return nullptr;
  return *op->getResult(0).getUsers().begin();
}

void annotate(Operation *op, ArrayRef<Attribute> inputs, Attribute output) {
  MLIRContext *ctx = op->getContext();
  op->setAttr(QuantPT2EDialect::getAnnotationAttrName(),
              AnnotationAttr::get(ctx, ArrayAttr::get(ctx, inputs), output,
                                  /*allow_implicit_sharing=*/true,
                                  /*annotated=*/true));
}

/// Marks an op of a matched pattern as annotated without specs.
void markAnnotated(Operation *op) {
  SmallVector<Attribute> none(op->getNumOperands(),
                              NoSpecAttr::get(op->getContext()));
  annotate(op, none, Attribute());
}

Attribute orNone(MLIRContext *ctx, Attribute spec) {
  return spec ? spec : NoSpecAttr::get(ctx);
}

/// Input specs of a compute op: activations, weight (per-channel along the
/// op's output-channel axis), bias left float.
SmallVector<Attribute> computeInputs(QuantizableOpInterface op,
                                     const QuantizationConfig &config) {
  MLIRContext *ctx = op->getContext();
  SmallVector<Attribute> inputs(op->getNumOperands(), NoSpecAttr::get(ctx));
  for (unsigned index : op.getActivationOperandIndices())
    inputs[index] = orNone(ctx, config.inputActivation);
  if (std::optional<unsigned> weight = op.getWeightOperandIndex()) {
    QuantSpecAttr spec = config.weight;
    if (spec && spec.isPerChannel())
      spec = QuantSpecAttr::get(ctx, spec.getDtype(), spec.getQuantMin(),
                                spec.getQuantMax(), spec.getQscheme(),
                                op.getWeightOutputChannelAxis(),
                                spec.getIsDynamic(), spec.getObserver());
    inputs[*weight] = orNone(ctx, spec);
  }
  return inputs;
}

struct Annotator {
  SmallVector<Operation *> ops;
  const QuantizationConfig &config;
  const OpFilter &filter;

  bool accepts(ArrayRef<Operation *> partition) const {
    for (Operation *op : partition)
      if (isAnnotated(op) || (filter && !filter(op)))
        return false;
    return true;
  }

  /// compute -> [batch_norm ->] [relu]: inputs on the compute op, the
  /// output on the last op of the chain.
  void computeChain(ArrayRef<QuantOpKind> kinds, bool withBatchNorm,
                    bool withRelu) {
    for (Operation *op : ops) {
      std::optional<QuantOpKind> kind = kindOf(op);
      if (!kind || !llvm::is_contained(kinds, *kind))
        continue;
      SmallVector<Operation *> partition{op};
      if (withBatchNorm) {
        Operation *bn = soleUser(op);
        if (kindOf(bn) != QuantOpKind::batch_norm)
          continue;
        partition.push_back(bn);
      }
      if (withRelu) {
        Operation *relu = soleUser(partition.back());
        if (kindOf(relu) != QuantOpKind::relu)
          continue;
        partition.push_back(relu);
      }
      if (!accepts(partition))
        continue;
      auto iface = cast<QuantizableOpInterface>(op);
      Attribute output = config.outputActivation;
      annotate(op, computeInputs(iface, config),
               partition.size() == 1 ? output : Attribute());
      for (Operation *member : ArrayRef(partition).drop_front()) {
        if (member != partition.back()) {
          markAnnotated(member);
          continue;
        }
        annotate(member,
                 SmallVector<Attribute>(member->getNumOperands(),
                                        NoSpecAttr::get(op->getContext())),
                 output);
      }
    }
  }

  /// add / mul [-> relu]: every activation input, output on the last op.
  void binary(QuantOpKind kind, bool withRelu) {
    for (Operation *op : ops) {
      if (kindOf(op) != kind)
        continue;
      MLIRContext *ctx = op->getContext();
      SmallVector<Operation *> partition{op};
      if (withRelu) {
        Operation *relu = soleUser(op);
        if (kindOf(relu) != QuantOpKind::relu)
          continue;
        partition.push_back(relu);
      }
      if (!accepts(partition))
        continue;
      auto iface = cast<QuantizableOpInterface>(op);
      SmallVector<Attribute> inputs(op->getNumOperands(), NoSpecAttr::get(ctx));
      for (unsigned index : iface.getActivationOperandIndices())
        inputs[index] = orNone(ctx, config.inputActivation);
      Attribute output = config.outputActivation;
      annotate(op, inputs, withRelu ? Attribute() : output);
      if (withRelu)
        annotate(partition.back(),
                 SmallVector<Attribute>(partition.back()->getNumOperands(),
                                        NoSpecAttr::get(ctx)),
                 output);
    }
  }

  /// max_pool2d / adaptive_avg_pool2d: the output shares the input edge.
  void pool(QuantOpKind kind) {
    for (Operation *op : ops) {
      if (kindOf(op) != kind || !accepts({op}))
        continue;
      MLIRContext *ctx = op->getContext();
      Attribute input = orNone(ctx, config.inputActivation);
      // adaptive_avg_pool2d reuses an annotated producer's output qparams.
      AnnotationAttr producer =
          annotationOf(op->getOperand(0).getDefiningOp());
      if (kind == QuantOpKind::adaptive_avg_pool && producer &&
          producer.getAnnotated() && producer.getOutput())
        input = SharedSpecAttr::get(ctx, SharedTarget::value, 0);
      SmallVector<Attribute> inputs(op->getNumOperands(), NoSpecAttr::get(ctx));
      inputs[0] = input;
      annotate(op, inputs, SharedSpecAttr::get(ctx, SharedTarget::operand, 0));
    }
  }

  /// cat: the first input takes the activation spec; the other inputs and
  /// the output share the first input edge.
  void cat() {
    for (Operation *op : ops) {
      if (kindOf(op) != QuantOpKind::cat || !accepts({op}))
        continue;
      MLIRContext *ctx = op->getContext();
      auto shared = SharedSpecAttr::get(ctx, SharedTarget::operand, 0);
      SmallVector<Attribute> inputs(op->getNumOperands(), shared);
      inputs[0] = orNone(ctx, config.inputActivation);
      annotate(op, inputs, shared);
    }
  }

  void run() {
    using K = QuantOpKind;
    if (config.inputActivation && config.inputActivation.getIsDynamic()) {
      computeChain({K::linear}, false, false); // DYNAMIC_OPS
      return;
    }
    if (config.isQat) { // STATIC_QAT_ONLY_OPS
      computeChain({K::conv}, true, true);
      computeChain({K::conv}, true, false);
      computeChain({K::conv_transpose}, true, true);
      computeChain({K::conv_transpose}, true, false);
    }
    computeChain({K::linear}, false, true); // linear_relu
    computeChain({K::linear}, false, false);
    computeChain({K::conv}, false, true);   // conv_relu
    computeChain({K::conv}, false, false);
    computeChain({K::conv_transpose}, false, true);
    pool(K::adaptive_avg_pool);
    pool(K::max_pool);
    binary(K::add, true);
    binary(K::add, false);
    binary(K::mul, true);
    binary(K::mul, false);
    cat();
  }
};

/// propagate_annotation: ops that keep their input's qparams follow an
/// annotated producer output.
void propagate(ArrayRef<Operation *> ops) {
  using K = QuantOpKind;
  for (Operation *op : ops) {
    std::optional<K> kind = kindOf(op);
    if (!kind || !llvm::is_contained({K::hardtanh, K::mean, K::permute,
                                      K::reshape, K::adaptive_avg_pool},
                                     *kind))
      continue;
    if (isAnnotated(op) || op->getNumOperands() == 0)
      continue;
    AnnotationAttr producer = annotationOf(op->getOperand(0).getDefiningOp());
    if (!producer || !producer.getOutput())
      continue;
    MLIRContext *ctx = op->getContext();
    auto shared = SharedSpecAttr::get(ctx, SharedTarget::value, 0);
    SmallVector<Attribute> inputs(op->getNumOperands(), NoSpecAttr::get(ctx));
    inputs[0] = shared;
    annotate(op, inputs, shared);
  }
}

} // namespace

void mlir::quant_pt2e::annotateXNNPACK(
    Operation *root,
    ArrayRef<std::pair<std::optional<QuantizationConfig>, OpFilter>> configs) {
  SmallVector<Operation *> ops;
  // A separately quantized submodule keeps its own quantization.
  root->walk([&](QuantizableOpInterface op) {
    if (!isInQuantizedSubmodule(op))
      ops.push_back(op);
  });
  for (const auto &[config, filter] : configs)
    if (config)
      Annotator{ops, *config, filter}.run();
  propagate(ops);
}
