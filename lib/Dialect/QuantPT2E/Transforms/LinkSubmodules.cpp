//===- LinkSubmodules.cpp - the quant-pt2e-link-submodules pass -----------===//
//
// Defines the importer's submodule declarations with the functions of
// separately converted modules (see the pass description).
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"

namespace mlir::quant_pt2e {
#define GEN_PASS_DEF_LINKSUBMODULES
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h.inc"
} // namespace mlir::quant_pt2e

using namespace mlir;
using namespace mlir::quant_pt2e;

namespace {

struct LinkSubmodulesPass
    : quant_pt2e::impl::LinkSubmodulesBase<LinkSubmodulesPass> {
  using LinkSubmodulesBase::LinkSubmodulesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (const std::string &entry : submodules) {
      auto [name, path] = StringRef(entry).split('=');
      if (name.empty() || path.empty()) {
        module.emitError() << "submodule entry '" << entry
                           << "' is not name=path";
        return signalPassFailure();
      }
      if (failed(link(module, name, path)))
        return signalPassFailure();
    }
  }

  /// The declaration the importer emitted for submodule `name`.
  static func::FuncOp declarationOf(ModuleOp module, StringRef name) {
    for (auto fn : module.getOps<func::FuncOp>())
      if (auto attr = fn->getAttrOfType<StringAttr>(kSubmoduleAttrName))
        if (attr.getValue() == name && fn.isDeclaration())
          return fn;
    return {};
  }

  LogicalResult link(ModuleOp module, StringRef name, StringRef path) {
    func::FuncOp decl = declarationOf(module, name);
    if (!decl)
      return module.emitError()
             << "the model has no call of submodule '" << name
             << "' to link (no private declaration marked "
             << kSubmoduleAttrName << " = \"" << name << "\")";
    OwningOpRef<ModuleOp> sub =
        parseSourceFile<ModuleOp>(path, module.getContext());
    if (!sub)
      return module.emitError()
             << "cannot parse the module of submodule '" << name << "' ("
             << path << ")";
    auto entry = sub->lookupSymbol<func::FuncOp>("forward");
    if (!entry || entry.isDeclaration())
      return module.emitError() << "submodule '" << name << "' (" << path
                                << ") has no function @forward";
    if (entry.getFunctionType() != decl.getFunctionType())
      return module.emitError()
             << "submodule '" << name << "' (" << path << ") computes "
             << entry.getFunctionType() << " but the model calls it as "
             << decl.getFunctionType();
    for (Operation &op : sub->getBody()->getOperations())
      if (!isa<func::FuncOp>(op))
        return module.emitError()
               << "submodule '" << name << "' (" << path
               << ") holds a '" << op.getName()
               << "': only functions can be linked";
    for (auto fn : sub->getOps<func::FuncOp>()) {
      if (fn.isDeclaration())
        return module.emitError()
               << "submodule '" << name << "' (" << path
               << ") declares @" << fn.getSymName()
               << " without a body: only self-contained converted modules "
                  "can be linked";
    }
    WalkResult unconverted = sub->walk([](Operation *op) {
      return isa<ObserverOp, FakeQuantizeOp>(op) ? WalkResult::interrupt()
                                                 : WalkResult::advance();
    });
    if (unconverted.wasInterrupted())
      return module.emitError()
             << "submodule '" << name << "' (" << path
             << ") is not converted: it still has observers or fake "
                "quantizes (convert it first)";

    // Unique names in the model: the entry takes the declaration's name,
    // helpers get it as a prefix.
    std::string base = decl.getSymName().str();
    SymbolTable subTable(*sub);
    SymbolTable table(module);
    SmallVector<func::FuncOp> fns(sub->getOps<func::FuncOp>());
    for (func::FuncOp fn : fns) {
      std::string wanted =
          fn == entry ? base + "__linked" : base + "_" + fn.getSymName().str();
      std::string unique = wanted;
      for (int i = 1; table.lookup(unique) || subTable.lookup(unique); ++i)
        unique = wanted + "_" + std::to_string(i);
      if (failed(subTable.rename(fn, unique)))
        return fn.emitError() << "cannot rename to '" << unique << "'";
    }
    StringAttr mark = StringAttr::get(module.getContext(), name);
    table.erase(decl);
    for (func::FuncOp fn : fns) {
      fn->remove();
      // A submodule linked into this one keeps its own name.
      if (!fn->hasAttr(kSubmoduleAttrName))
        fn->setAttr(kSubmoduleAttrName, mark);
      fn.setPrivate();
      table.insert(fn);
    }
    if (failed(table.rename(entry, base)))
      return entry.emitError() << "cannot take the name '" << base << "'";
    return success();
  }
};

} // namespace
