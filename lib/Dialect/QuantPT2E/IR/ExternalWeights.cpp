//===- ExternalWeights.cpp - weights in a binary side file ----------------===//
//
// The importer writes a model's weights as raw bytes in a side file (the
// format below) instead of hex text, and names that file in the module's
// resource section:
//
//   {-# dialect_resources: { quant_pt2e: { external_weights: "/abs/m.weights" } } #-}
//
// Parsing that entry maps the file and gives every `dense_resource<key>`
// its blob, without a copy; the tools then pass weights on as MLIR bytecode
// (--emit-bytecode), whose resources are binary too. docs/Deployment.md.
//
// Side file (little endian): "QPT2EWTS", u32 version (1), u32 count, then
// per blob u32 key length, key bytes, u32 alignment, u64 size, u64 offset
// (from the start of the file, a multiple of 64); the data follows.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"

#include "mlir/IR/BuiltinDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>
#include <mutex>
#include <vector>

using namespace mlir;

namespace {

/// The mapped side files: blobs point into them, so they live as long as
/// the process.
std::mutex mappedMutex;
std::vector<std::unique_ptr<llvm::MemoryBuffer>> &mapped() {
  static auto *files = new std::vector<std::unique_ptr<llvm::MemoryBuffer>>();
  return *files;
}

struct Reader {
  llvm::StringRef data;
  size_t pos = 0;
  template <typename T> bool read(T &value) {
    if (pos + sizeof(T) > data.size())
      return false;
    std::memcpy(&value, data.data() + pos, sizeof(T));
    pos += sizeof(T);
    return true;
  }
};

LogicalResult loadExternalWeights(AsmParsedResourceEntry &entry,
                                  MLIRContext *context) {
  FailureOr<std::string> path = entry.parseAsString();
  if (failed(path))
    return failure();
  auto buffer = llvm::MemoryBuffer::getFile(*path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return entry.emitError() << "cannot read the weights file '" << *path
                             << "': " << buffer.getError().message();
  Reader r{(*buffer)->getBuffer()};
  uint32_t version = 0, count = 0;
  if (!r.data.starts_with("QPT2EWTS") || (r.pos = 8, !r.read(version)) ||
      version != 1 || !r.read(count))
    return entry.emitError() << "'" << *path
                             << "' is not a quant-pt2e weights file (version 1)";
  auto &manager =
      DenseResourceElementsHandle::getManagerInterface(context).getBlobManager();
  // Blobs point into the mapping: it stays, whatever happens below.
  {
    std::lock_guard<std::mutex> lock(mappedMutex);
    mapped().push_back(std::move(*buffer));
  }
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t keyLength = 0, alignment = 0;
    uint64_t size = 0, offset = 0;
    if (!r.read(keyLength) || r.pos + keyLength > r.data.size())
      return entry.emitError() << "'" << *path << "': truncated index";
    std::string key(r.data.substr(r.pos, keyLength));
    r.pos += keyLength;
    if (!r.read(alignment) || !r.read(size) || !r.read(offset))
      return entry.emitError() << "'" << *path << "': truncated index";
    if (alignment == 0 || (alignment & (alignment - 1)) || offset % 64 ||
        offset > r.data.size() || size > r.data.size() - offset)
      return entry.emitError()
             << "'" << *path << "': blob '" << key
             << "' lies outside the file or is misaligned";
    const char *bytes = r.data.data() + offset;
    if (reinterpret_cast<uintptr_t>(bytes) % alignment)
      return entry.emitError() << "'" << *path << "': blob '" << key
                               << "' is not aligned in memory";
    AsmResourceBlob blob = UnmanagedAsmResourceBlob::allocateWithAlign(
        llvm::ArrayRef<char>(bytes, size), alignment);
    if (auto *existing = manager.lookup(key)) {
      // A key that already has data belongs to another module parsed into
      // this context (its own `key` was renamed): refuse rather than
      // replace the other module's weights.
      if (existing->getBlob())
        return entry.emitError()
               << "'" << *path << "': blob '" << key
               << "' is already defined in this context (another module's "
                  "weights); load one module with external weights per "
                  "context, or pass the others as bytecode";
      existing->setBlob(std::move(blob));
    } else {
      manager.insert(key, std::move(blob));
    }
  }
  return success();
}

constexpr llvm::StringLiteral kExternalWeights = "external_weights";

struct QuantPT2EOpAsmInterface : public OpAsmDialectInterface {
  using OpAsmDialectInterface::OpAsmDialectInterface;

  /// The one resource key of the dialect; the parser reports any other.
  FailureOr<AsmDialectResourceHandle>
  declareResource(StringRef key) const override {
    if (key != kExternalWeights)
      return failure();
    return AsmDialectResourceHandle(
        const_cast<char *>(kExternalWeights.data()),
        TypeID::get<quant_pt2e::QuantPT2EDialect>(), getDialect());
  }
  std::string
  getResourceKey(const AsmDialectResourceHandle &handle) const override {
    return kExternalWeights.str();
  }
  LogicalResult parseResource(AsmParsedResourceEntry &entry) const override {
    return loadExternalWeights(entry, getContext());
  }
};

} // namespace

void mlir::quant_pt2e::registerExternalWeights(QuantPT2EDialect *dialect) {
  dialect->addInterfaces<QuantPT2EOpAsmInterface>();
}
