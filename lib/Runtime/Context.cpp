//===- Context.cpp - per-instance runtime state ---------------------------===//

#include "ContextImpl.h"

#include <exception>

qpt2e_context::~qpt2e_context() {
  for (Entry &entry : entries)
    if (entry.ptr)
      entry.destroy(entry.ptr);
}

void qpt2e_context::recordError(const std::string &message) {
  std::lock_guard<std::mutex> lock(mutex);
  if (firstError.empty())
    firstError = message.empty() ? "runtime error" : message;
}

const char *qpt2e_context::error() {
  std::lock_guard<std::mutex> lock(mutex);
  return firstError.empty() ? nullptr : firstError.c_str();
}

void qpt2e_context::clearError() {
  std::lock_guard<std::mutex> lock(mutex);
  firstError.clear();
}

namespace {
thread_local qpt2e_context *bound = nullptr;

qpt2e_context &defaultContext() {
  // Never destroyed: compiled code may run from static destructors of
  // other libraries, and the backends' own globals go away at exit.
  static qpt2e_context *context = new qpt2e_context();
  return *context;
}
} // namespace

qpt2e_context &qpt2e::runtime::current() {
  return bound ? *bound : defaultContext();
}

void qpt2e::runtime::recordCurrentException() {
  try {
    throw;
  } catch (const std::exception &e) {
    current().recordError(e.what());
  } catch (...) {
    current().recordError("unknown runtime error");
  }
}

extern "C" qpt2e_context *qpt2e_context_create(void) {
  return new qpt2e_context();
}

extern "C" void qpt2e_context_destroy(qpt2e_context *context) {
  delete context;
}

extern "C" qpt2e_context *qpt2e_context_bind(qpt2e_context *context) {
  qpt2e_context *previous = bound;
  bound = context;
  return previous;
}

extern "C" const char *qpt2e_runtime_error(void) {
  return qpt2e::runtime::current().error();
}

extern "C" void qpt2e_runtime_clear_error(void) {
  qpt2e::runtime::current().clearError();
}
