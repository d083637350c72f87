//===- Prepare.cpp - the quant-pt2e-prepare pass --------------------------===//
//
// Targets are values (an op's output) and edges (an operand of an op).
// Specs attach to targets; shared specs and implicit sharing merge targets
// into groups with llvm::EquivalenceClasses; each group becomes one
// observer id with the group's spec.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Interfaces/QuantizableOpInterface.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_PREPARE
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

/// A value (user == nullptr) or the edge into operand `operand` of `user`.
struct Target {
  Value value;
  Operation *user = nullptr;
  unsigned operand = 0;
};

class TargetGraph {
public:
  unsigned valueTarget(Value value) {
    auto [it, inserted] = valueIds.try_emplace(value, targets.size());
    if (inserted)
      add({value, nullptr, 0});
    return it->second;
  }

  unsigned edgeTarget(Operation *user, unsigned operand) {
    auto [it, inserted] =
        edgeIds.try_emplace(std::make_pair(user, operand), targets.size());
    if (inserted)
      add({user->getOperand(operand), user, operand});
    return it->second;
  }

  std::optional<unsigned> findValueTarget(Value value) const {
    auto it = valueIds.find(value);
    return it == valueIds.end() ? std::nullopt
                                : std::optional<unsigned>(it->second);
  }

  void setSpec(unsigned target, QuantSpecAttr spec) { specs[target] = spec; }
  void unite(unsigned a, unsigned b) { classes.unionSets(a, b); }
  unsigned leader(unsigned target) { return classes.getLeaderValue(target); }

  SmallVector<Target> targets;
  SmallVector<QuantSpecAttr> specs;

private:
  void add(Target target) {
    targets.push_back(target);
    specs.push_back(QuantSpecAttr());
    classes.insert(targets.size() - 1);
  }

  DenseMap<Value, unsigned> valueIds;
  DenseMap<std::pair<Operation *, unsigned>, unsigned> edgeIds;
  llvm::EquivalenceClasses<unsigned> classes;
};

/// Records one spec of an annotation: `self` is the target it describes.
LogicalResult addSpec(TargetGraph &graph, Operation *op, unsigned self,
                      Attribute spec) {
  if (auto quantSpec = dyn_cast<QuantSpecAttr>(spec)) {
    graph.setSpec(self, quantSpec);
    return success();
  }
  if (auto shared = dyn_cast<SharedSpecAttr>(spec)) {
    unsigned index = static_cast<unsigned>(shared.getIndex());
    unsigned other = shared.getTarget() == SharedTarget::operand
                         ? graph.edgeTarget(op, index)
                         : graph.valueTarget(op->getOperand(index));
    graph.unite(self, other);
    return success();
  }
  if (isa<FixedQParamsSpecAttr>(spec))
    return op->emitError() << "quant-pt2e-prepare does not support fixed-qparams "
                              "specs yet";
  return success(); // none and derived specs get no observer
}

Value observe(OpBuilder &b, Location loc, Value input, QuantSpecAttr spec,
              int64_t id) {
  IntegerAttr idAttr = b.getI64IntegerAttr(id);
  if (isa_and_present<FakeQuantAttr>(spec.getObserver()))
    return FakeQuantizeOp::create(b, loc, input.getType(), input, spec, idAttr);
  return ObserverOp::create(b, loc, input.getType(), input, spec, idAttr);
}

struct PreparePass : quant_pt2e::impl::PrepareBase<PreparePass> {
  void runOnOperation() override {
    TargetGraph graph;
    SmallVector<std::pair<Operation *, AnnotationAttr>> annotated;
    getOperation().walk([&](Operation *op) {
      if (auto annotation = op->getAttrOfType<AnnotationAttr>(
              QuantPT2EDialect::getAnnotationAttrName()))
        annotated.push_back({op, annotation});
    });

    // Targets and explicit sharing.
    for (auto [op, annotation] : annotated) {
      for (auto [index, spec] : llvm::enumerate(annotation.getInputs())) {
        if (isa<NoSpecAttr, DerivedSpecAttr>(spec))
          continue;
        if (failed(addSpec(graph, op, graph.edgeTarget(op, index), spec)))
          return signalPassFailure();
      }
      if (Attribute output = annotation.getOutput())
        if (!isa<NoSpecAttr, DerivedSpecAttr>(output) &&
            failed(addSpec(graph, op, graph.valueTarget(op->getResult(0)),
                           output)))
          return signalPassFailure();
    }
    // Implicit sharing (PT2E's _get_edge_or_node_to_group_id): an input edge
    // whose resolved spec -- its own, or the root spec of what it shares
    // with -- equals the resolved spec of its producer's output group reads
    // the producer's observer. Merging groups of equal specs keeps every
    // group's resolved spec.
    DenseMap<unsigned, QuantSpecAttr> groupSpec;
    for (unsigned t = 0; t < graph.targets.size(); ++t)
      if (graph.specs[t])
        groupSpec.try_emplace(graph.leader(t), graph.specs[t]);
    for (auto [op, annotation] : annotated) {
      if (!annotation.getAllowImplicitSharing())
        continue;
      for (auto [index, spec] : llvm::enumerate(annotation.getInputs())) {
        if (isa<NoSpecAttr, DerivedSpecAttr>(spec))
          continue;
        unsigned edge = graph.edgeTarget(op, index);
        QuantSpecAttr edgeSpec = groupSpec.lookup(graph.leader(edge));
        std::optional<unsigned> producer =
            graph.findValueTarget(op->getOperand(index));
        if (!edgeSpec || !producer ||
            groupSpec.lookup(graph.leader(*producer)) != edgeSpec)
          continue;
        graph.unite(edge, *producer);
        groupSpec[graph.leader(edge)] = edgeSpec;
      }
    }

    // Groups in program order of their first target, with one spec each.
    llvm::MapVector<unsigned, SmallVector<unsigned>> groups;
    for (unsigned t = 0; t < graph.targets.size(); ++t)
      groups[graph.leader(t)].push_back(t);
    OpBuilder builder(&getContext());
    DenseMap<Value, unsigned> observedGroup; // observed value -> group
    int64_t nextId = 0;
    SmallVector<std::tuple<unsigned, QuantSpecAttr, int64_t>> edgeSites;
    for (auto &[leader, members] : groups) {
      QuantSpecAttr spec;
      for (unsigned t : members)
        if (!spec && graph.specs[t])
          spec = graph.specs[t];
      if (!spec)
        continue; // shares only with unquantized targets
      int64_t id = nextId++;
      for (unsigned t : members) {
        const Target &target = graph.targets[t];
        if (target.user) {
          edgeSites.push_back({t, spec, id});
          continue;
        }
        Value value = target.value;
        if (auto arg = dyn_cast<BlockArgument>(value))
          builder.setInsertionPointToStart(arg.getOwner());
        else
          builder.setInsertionPointAfter(value.getDefiningOp());
        Value observed = observe(builder, value.getLoc(), value, spec, id);
        value.replaceAllUsesExcept(observed, observed.getDefiningOp());
        observedGroup[observed] = leader;
      }
    }
    // Edges of one group reading the same value share one observer (PT2E
    // observes a value once per group), placed after the value.
    DenseMap<std::pair<Value, unsigned>, Value> edgeObservers;
    for (auto [t, spec, id] : edgeSites) {
      const Target &target = graph.targets[t];
      Value operand = target.user->getOperand(target.operand);
      unsigned leader = graph.leader(t);
      auto it = observedGroup.find(operand);
      if (it != observedGroup.end() && it->second == leader)
        continue; // the producer's observer is this group's
      Value &observed = edgeObservers[{operand, leader}];
      if (!observed) {
        if (auto arg = dyn_cast<BlockArgument>(operand))
          builder.setInsertionPointToStart(arg.getOwner());
        else
          builder.setInsertionPointAfter(operand.getDefiningOp());
        observed = observe(builder, operand.getLoc(), operand, spec, id);
      }
      target.user->setOperand(target.operand, observed);
    }
    // Training state: a batch norm in training form (it returns updated
    // running statistics) gets a state id, under which the runtime keeps its
    // statistics between forwards and the QAT fold finds the trained ones.
    int64_t nextState = 0;
    getOperation().walk([&](QuantizableOpInterface op) {
      if (op.getQuantOpKind() == QuantOpKind::batch_norm &&
          op->getNumResults() > 1)
        op->setAttr(kStateIdAttrName, builder.getI64IntegerAttr(nextState++));
    });
  }
};

} // namespace
