//===- ContextImpl.h - the runtime context behind Context.h ----*- C++ -*-===//
//
// Internal to the runtime library. Each runtime part (oneDNN sites, XNNPACK
// sites, observers) keeps its state in a slot of the context bound to the
// calling thread; errors are exceptions inside the library, caught at every
// entry point the compiled code calls (QPT2E_RECORD_ERRORS) and recorded as
// the context's first error.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_PT2E_LIB_RUNTIME_CONTEXTIMPL_H
#define QUANT_PT2E_LIB_RUNTIME_CONTEXTIMPL_H

#include "quant-pt2e/Runtime/Context.h"

#include <mutex>
#include <stdexcept>
#include <string>

namespace qpt2e::runtime {

/// An error of the runtime: recorded, never propagated into compiled code.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The parts that keep state in a context.
enum class Slot { OneDNN, XNNPACK, Observers, Count };

} // namespace qpt2e::runtime

struct qpt2e_context {
  qpt2e_context() = default;
  qpt2e_context(const qpt2e_context &) = delete;
  qpt2e_context &operator=(const qpt2e_context &) = delete;
  ~qpt2e_context();

  /// The state of `slot`, created on first use (T is default constructed;
  /// the context deletes it).
  template <typename T> T &state(qpt2e::runtime::Slot slot) {
    std::lock_guard<std::mutex> lock(mutex);
    Entry &entry = entries[static_cast<int>(slot)];
    if (!entry.ptr) {
      entry.ptr = new T();
      entry.destroy = [](void *p) { delete static_cast<T *>(p); };
    }
    return *static_cast<T *>(entry.ptr);
  }

  /// Keeps `message` if no error is recorded yet.
  void recordError(const std::string &message);
  /// The first error, or nullptr.
  const char *error();
  void clearError();

private:
  struct Entry {
    void *ptr = nullptr;
    void (*destroy)(void *) = nullptr;
  };
  std::mutex mutex;
  Entry entries[static_cast<int>(qpt2e::runtime::Slot::Count)];
  std::string firstError;
};

namespace qpt2e::runtime {

/// The context bound to the calling thread, or the default one.
qpt2e_context &current();

/// Records the exception being handled as the current context's error.
void recordCurrentException();

} // namespace qpt2e::runtime

/// The handler of every entry point the compiled code calls, written as a
/// function-try-block (`void f(...) try { ... } QPT2E_RECORD_ERRORS`): an
/// exception of the runtime or of a library becomes the context's error
/// and the function returns.
#define QPT2E_RECORD_ERRORS                                                    \
  catch (...) {                                                                \
    qpt2e::runtime::recordCurrentException();                                  \
  }

#endif // QUANT_PT2E_LIB_RUNTIME_CONTEXTIMPL_H
