//===- Model.cpp - loading and running a compiled model library ----------===//
//
// A model library (quant-compile) exports three symbols:
//   qpt2e_model_descriptor  text: ABI version, lowering, target ISA, thread
//                           count, inputs, outputs, observers, training state
//   qpt2e_model_entry       the entry function in the packed convention
//                           (void **: a pointer to every memref descriptor
//                           field of every argument, then to the results)
//   qpt2e_init              the one-time work (absent without call sites)
// Each instance owns a runtime context (Context.h): its sites and observers.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Runtime/Model.h"

#include "ContextImpl.h"
#include "quant-pt2e/Runtime/OneDNNRuntime.h"
#include "quant-pt2e/Runtime/QuantRuntime.h"
#include "quant-pt2e/Runtime/XNNPACKRuntime.h"
#include "quant-pt2e/Target/TargetISA.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

thread_local std::string lastError;

qpt2e_status failWith(qpt2e_status status, const std::string &message) {
  lastError = message;
  return status;
}

struct TensorSpec {
  qpt2e_tensor_info info{};
};

struct Descriptor {
  std::string lowering, target, entry;
  int64_t threads = 1;
  bool openmp = false;
  std::vector<TensorSpec> inputs, outputs;
  std::vector<qpt2e_stats_observer> observers;
  struct State {
    int64_t id, channels;
    std::string mean, var;
  };
  std::vector<State> states;
};

bool parseDType(const std::string &name, qpt2e_dtype &dtype) {
  static const std::pair<const char *, qpt2e_dtype> names[] = {
      {"f32", QPT2E_F32}, {"f64", QPT2E_F64}, {"i8", QPT2E_I8},
      {"u8", QPT2E_U8},   {"i32", QPT2E_I32}, {"i64", QPT2E_I64}};
  for (auto [text, value] : names)
    if (name == text) {
      dtype = value;
      return true;
    }
  return false;
}

const char *dtypeName(qpt2e_dtype dtype) {
  switch (dtype) {
  case QPT2E_F32:
    return "float32";
  case QPT2E_F64:
    return "float64";
  case QPT2E_I8:
    return "int8";
  case QPT2E_U8:
    return "uint8";
  case QPT2E_I32:
    return "int32";
  case QPT2E_I64:
    return "int64";
  }
  return "unknown";
}

size_t elementSize(qpt2e_dtype dtype) {
  switch (dtype) {
  case QPT2E_I8:
  case QPT2E_U8:
    return 1;
  case QPT2E_F32:
  case QPT2E_I32:
    return 4;
  case QPT2E_F64:
  case QPT2E_I64:
    return 8;
  }
  return 0;
}

/// "input f32 4 1 3 8 8 q i8 0.0125 3 -128 127" or "... -".
bool parseTensor(std::istringstream &in, TensorSpec &spec) {
  std::string dtype, quant;
  qpt2e_tensor_info &info = spec.info;
  if (!(in >> dtype) || !parseDType(dtype, info.dtype) || !(in >> info.rank) ||
      info.rank < 0 || info.rank > QPT2E_MAX_RANK)
    return false;
  for (int32_t d = 0; d < info.rank; ++d)
    if (!(in >> info.shape[d]) || info.shape[d] < 0)
      return false;
  if (!(in >> quant))
    return false;
  if (quant == "-")
    return true;
  std::string qdtype, scale;
  if (quant != "q" || !(in >> qdtype) || !parseDType(qdtype, info.quant_dtype) ||
      !(in >> scale >> info.zero_point >> info.quant_min >> info.quant_max))
    return false;
  info.scale = std::strtof(scale.c_str(), nullptr);
  info.quantized = 1;
  return true;
}

bool parseDescriptor(const char *text, Descriptor &desc, std::string &error) {
  std::istringstream lines(text);
  std::string line;
  int lineNo = 0;
  while (std::getline(lines, line)) {
    ++lineNo;
    std::istringstream in(line);
    std::string key;
    if (!(in >> key))
      continue;
    bool ok = true;
    if (lineNo == 1) {
      int version = 0;
      ok = key == "quant-pt2e-model" && (in >> version);
      if (ok && version != QPT2E_MODEL_ABI_VERSION) {
        error = "model library format " + std::to_string(version) +
                ", this runtime loads " +
                std::to_string(QPT2E_MODEL_ABI_VERSION) +
                ": compile the model again";
        return false;
      }
    } else if (key == "lowering") {
      ok = static_cast<bool>(in >> desc.lowering);
    } else if (key == "target") {
      ok = static_cast<bool>(in >> desc.target);
    } else if (key == "entry") {
      ok = static_cast<bool>(in >> desc.entry);
    } else if (key == "threads") {
      int openmp = 0;
      ok = (in >> desc.threads >> openmp) && desc.threads >= 1;
      desc.openmp = openmp != 0;
    } else if (key == "input" || key == "output") {
      TensorSpec spec;
      ok = parseTensor(in, spec);
      (key == "input" ? desc.inputs : desc.outputs).push_back(spec);
    } else if (key == "observer") {
      qpt2e_stats_observer o{};
      std::string eps;
      ok = static_cast<bool>(in >> o.id >> o.quant_min >> o.quant_max >>
                             o.symmetric >> o.unsigned_type >> eps);
      o.eps = std::strtof(eps.c_str(), nullptr);
      desc.observers.push_back(o);
    } else if (key == "state") {
      Descriptor::State s;
      ok = static_cast<bool>(in >> s.id >> s.channels >> s.mean >> s.var);
      desc.states.push_back(s);
    }
    if (!ok) {
      error = "malformed model descriptor (line " + std::to_string(lineNo) +
              ": '" + line + "')";
      return false;
    }
  }
  if (lineNo == 0 || desc.target.empty()) {
    error = "malformed model descriptor (no target)";
    return false;
  }
  return true;
}

/// Fills the strided copy of a result into a dense buffer.
void gather(const char *base, size_t elemSize, const int64_t *sizes,
            const int64_t *strides, int64_t rank, char *&out) {
  if (rank == 0) {
    std::memcpy(out, base, elemSize);
    out += elemSize;
    return;
  }
  for (int64_t i = 0; i < sizes[0]; ++i)
    gather(base + i * strides[0] * elemSize, elemSize, sizes + 1, strides + 1,
           rank - 1, out);
}

std::string shapeText(const int64_t *shape, int64_t rank) {
  std::string text = "[";
  for (int64_t d = 0; d < rank; ++d)
    text += (d ? ", " : "") + std::to_string(shape[d]);
  return text + "]";
}

} // namespace

namespace {
/// One lock per loaded library: a QAT library's training state is its
/// globals, shared by every instance of it (one dlopen handle).
std::shared_ptr<std::mutex> libraryLock(void *handle) {
  static std::mutex tableMutex;
  static auto *table = new std::map<void *, std::weak_ptr<std::mutex>>();
  std::lock_guard<std::mutex> lock(tableMutex);
  std::shared_ptr<std::mutex> m = (*table)[handle].lock();
  if (!m) {
    m = std::make_shared<std::mutex>();
    (*table)[handle] = m;
  }
  return m;
}
} // namespace

struct qpt2e_model {
  void *handle = nullptr;
  /// Held by every run and statistics write of an instance whose library
  /// has training state (null otherwise).
  std::shared_ptr<std::mutex> stateLock;
  Descriptor desc;
  std::string description;
  void (*entry)(void **) = nullptr;
  void (*ompSetNumThreads)(int) = nullptr;
  qpt2e_context *context = nullptr;
  std::mutex runMutex;
  ~qpt2e_model() {
    if (context)
      qpt2e_context_destroy(context);
    if (handle)
      dlclose(handle);
  }
};

namespace {

/// Binds the instance's context to the calling thread for a scope.
struct Bound {
  explicit Bound(qpt2e_context *context)
      : previous(qpt2e_context_bind(context)) {}
  ~Bound() { qpt2e_context_bind(previous); }
  qpt2e_context *previous;
};

/// The runtime error of the bound context, if any, as the call's failure.
qpt2e_status runtimeStatus(const char *what) {
  if (const char *error = qpt2e_runtime_error()) {
    std::string message = std::string(what) + ": " + error;
    qpt2e_runtime_clear_error();
    return failWith(QPT2E_ERROR_RUNTIME, message);
  }
  return QPT2E_OK;
}

} // namespace

extern "C" qpt2e_status qpt2e_model_create(const char *path,
                                           qpt2e_model **out) try {
  if (!out)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "model pointer is NULL");
  *out = nullptr;
  if (!path)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "library path is NULL");
  auto model = std::make_unique<qpt2e_model>();
  // A bare file name is a file here, not a library on the search path.
  std::string file = std::strchr(path, '/') ? path : std::string("./") + path;
  model->handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!model->handle) {
    const char *error = dlerror();
    return failWith(QPT2E_ERROR_LOAD, std::string("cannot load '") + path +
                                          "': " + (error ? error : "dlopen"));
  }
  auto *text = static_cast<const char *const *>(
      dlsym(model->handle, "qpt2e_model_descriptor"));
  auto *entry = dlsym(model->handle, "qpt2e_model_entry");
  if (!text || !*text || !entry)
    return failWith(QPT2E_ERROR_LOAD,
                    std::string("'") + path +
                        "' is not a quant-pt2e model library (no "
                        "qpt2e_model_descriptor / qpt2e_model_entry)");
  std::string error;
  if (!parseDescriptor(*text, model->desc, error))
    return failWith(QPT2E_ERROR_LOAD, std::string("'") + path + "': " + error);
  model->entry = reinterpret_cast<void (*)(void **)>(entry);

  // The CPU must have every extension the library was compiled for.
  std::optional<qpt2e::TargetISA> want =
      qpt2e::TargetISA::parse(model->desc.target);
  if (!want)
    return failWith(QPT2E_ERROR_LOAD, std::string("'") + path +
                                          "': unknown target ISA '" +
                                          model->desc.target + "'");
  qpt2e::TargetISA host = qpt2e::TargetISA::host();
  if ((want->avx2 && !host.avx2) || (want->avx512bw && !host.avx512bw) ||
      (want->avx512vnni && !host.avx512vnni) ||
      (want->avxvnni && !host.avxvnni) || (want->amxint8 && !host.amxint8)) {
    std::string restriction = qpt2e::hostRestriction();
    return failWith(QPT2E_ERROR_UNSUPPORTED_TARGET,
                    std::string("'") + path + "' was compiled for " +
                        model->desc.target + ", but this CPU (" +
                        qpt2e::hostCPUModel() +
                        (restriction.empty() ? "" : ", " + restriction) +
                        ") is " + host.name() +
                        ": compile it for this CPU (quant-compile "
                        "--target-isa host)");
  }
  if (model->desc.openmp) {
    // The compiled loops' OpenMP runtime (LLVM's libomp, a direct
    // dependency of the library, found before the runtime library's own
    // libgomp): its omp_set_num_threads, not whichever OpenMP runtime the
    // process bound first.
    model->ompSetNumThreads = reinterpret_cast<void (*)(int)>(
        dlsym(model->handle, "omp_set_num_threads"));
    if (!model->ompSetNumThreads)
      return failWith(QPT2E_ERROR_LOAD,
                      std::string("'") + path +
                          "' has parallel loops but no OpenMP runtime");
  }
  if (!model->desc.states.empty())
    model->stateLock = libraryLock(model->handle);
  model->description = "lowering " + model->desc.lowering + ", target " +
                       model->desc.target + ", compiled for " +
                       std::to_string(model->desc.threads) +
                       (model->desc.threads == 1 ? " thread" : " threads");

  model->context = qpt2e_context_create();
  {
    Bound bound(model->context);
    if (auto *init = reinterpret_cast<void (*)()>(
            dlsym(model->handle, "qpt2e_init")))
      init();
    if (qpt2e_status status = runtimeStatus("initializing the model"))
      return status;
  }
  *out = model.release();
  lastError.clear();
  return QPT2E_OK;
} catch (const std::exception &e) {
  return failWith(QPT2E_ERROR_RUNTIME, std::string("runtime error: ") + e.what());
}

extern "C" void qpt2e_model_destroy(qpt2e_model *model) { delete model; }

extern "C" int32_t qpt2e_model_num_inputs(const qpt2e_model *model) {
  return model ? static_cast<int32_t>(model->desc.inputs.size()) : 0;
}

extern "C" int32_t qpt2e_model_num_outputs(const qpt2e_model *model) {
  return model ? static_cast<int32_t>(model->desc.outputs.size()) : 0;
}

namespace {
qpt2e_status info(const qpt2e_model *model, int32_t index,
                  qpt2e_tensor_info *out, bool input) {
  if (!model || !out)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "model or info is NULL");
  const std::vector<TensorSpec> &specs =
      input ? model->desc.inputs : model->desc.outputs;
  if (index < 0 || index >= static_cast<int32_t>(specs.size()))
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT,
                    std::string(input ? "input" : "output") + " index " +
                        std::to_string(index) + " out of range (the model has " +
                        std::to_string(specs.size()) + ")");
  *out = specs[index].info;
  return QPT2E_OK;
}
} // namespace

extern "C" qpt2e_status qpt2e_model_input_info(const qpt2e_model *model,
                                               int32_t index,
                                               qpt2e_tensor_info *out) {
  return info(model, index, out, true);
}

extern "C" qpt2e_status qpt2e_model_output_info(const qpt2e_model *model,
                                                int32_t index,
                                                qpt2e_tensor_info *out) {
  return info(model, index, out, false);
}

extern "C" const char *qpt2e_model_describe(const qpt2e_model *model) {
  return model ? model->description.c_str() : nullptr;
}

namespace {
/// Checks a caller's tensor against the model's.
qpt2e_status checkTensor(const qpt2e_tensor &t, const qpt2e_tensor_info &want,
                         const char *what, int32_t index) {
  std::string name = std::string(what) + " " + std::to_string(index);
  if (!t.data)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, name + " has no data");
  if (t.dtype != want.dtype)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT,
                    name + " has dtype " + dtypeName(t.dtype) +
                        " but the model's is " + dtypeName(want.dtype));
  bool readable = t.rank >= 0 && t.rank <= QPT2E_MAX_RANK &&
                  (t.rank == 0 || t.shape);
  if (!readable || t.rank != want.rank ||
      std::memcmp(t.shape, want.shape, sizeof(int64_t) * want.rank) != 0)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT,
                    name + " has shape " +
                        (readable ? shapeText(t.shape, t.rank)
                                  : "(rank " + std::to_string(t.rank) +
                                        (t.shape ? "" : ", no shape") + ")") +
                        " but the model's is " +
                        shapeText(want.shape, want.rank));
  return QPT2E_OK;
}
} // namespace

extern "C" qpt2e_status qpt2e_model_run(qpt2e_model *model,
                                        const qpt2e_tensor *inputs,
                                        int32_t numInputs,
                                        qpt2e_tensor *outputs,
                                        int32_t numOutputs,
                                        int32_t numThreads) try {
  if (!model)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "model is NULL");
  const Descriptor &desc = model->desc;
  if (numInputs != static_cast<int32_t>(desc.inputs.size()) ||
      numOutputs != static_cast<int32_t>(desc.outputs.size()))
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT,
                    "the model takes " + std::to_string(desc.inputs.size()) +
                        " inputs and gives " +
                        std::to_string(desc.outputs.size()) + " outputs, " +
                        std::to_string(numInputs) + " and " +
                        std::to_string(numOutputs) + " given");
  if ((numInputs && !inputs) || (numOutputs && !outputs))
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "inputs or outputs is NULL");
  if (numThreads < 1 || numThreads > 1024)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT,
                    "num_threads must be in [1, 1024], got " +
                        std::to_string(numThreads));
  for (int32_t i = 0; i < numInputs; ++i)
    if (qpt2e_status s = checkTensor(inputs[i], desc.inputs[i].info, "input", i))
      return s;
  for (int32_t i = 0; i < numOutputs; ++i)
    if (qpt2e_status s =
            checkTensor(outputs[i], desc.outputs[i].info, "output", i))
      return s;

  // The packed convention: a pointer to each descriptor field of every
  // input (allocated, aligned, offset, sizes, strides), then one to the
  // results' storage.
  std::vector<std::vector<int64_t>> memrefs(numInputs);
  std::vector<void *> args;
  for (int32_t i = 0; i < numInputs; ++i) {
    const qpt2e_tensor_info &want = desc.inputs[i].info;
    std::vector<int64_t> &slots = memrefs[i];
    auto data = reinterpret_cast<int64_t>(inputs[i].data);
    slots = {data, data, 0};
    slots.insert(slots.end(), want.shape, want.shape + want.rank);
    std::vector<int64_t> strides(want.rank);
    int64_t stride = 1;
    for (int32_t d = want.rank - 1; d >= 0; --d) {
      strides[d] = stride;
      stride *= want.shape[d];
    }
    slots.insert(slots.end(), strides.begin(), strides.end());
  }
  for (std::vector<int64_t> &slots : memrefs)
    for (int64_t &slot : slots)
      args.push_back(&slot);
  size_t resultSlots = 0;
  for (const TensorSpec &out : desc.outputs)
    resultSlots += 3 + 2 * static_cast<size_t>(out.info.rank);
  std::vector<int64_t> results(resultSlots + 1, 0);
  args.push_back(results.data());

  std::lock_guard<std::mutex> lock(model->runMutex);
  std::unique_lock<std::mutex> state;
  if (model->stateLock)
    state = std::unique_lock<std::mutex>(*model->stateLock);
  Bound bound(model->context);
  qpt2e_runtime_clear_error();
  qpt2e_onednn_set_num_threads(numThreads);
  qpt2e_xnnpack_set_num_threads(numThreads);
  if (model->ompSetNumThreads)
    model->ompSetNumThreads(numThreads);
  model->entry(args.data());

  // Copy the results out and free what the entry allocated, once each
  // (results may share a buffer or be an input's).
  std::set<const void *> freed;
  for (int32_t i = 0; i < numInputs; ++i)
    freed.insert(inputs[i].data);
  size_t slot = 0;
  for (int32_t i = 0; i < numOutputs; ++i) {
    const qpt2e_tensor_info &want = desc.outputs[i].info;
    const char *aligned = reinterpret_cast<const char *>(results[slot + 1]);
    size_t elemSize = elementSize(want.dtype);
    const int64_t *sizes = &results[slot + 3];
    char *dst = static_cast<char *>(outputs[i].data);
    gather(aligned + results[slot + 2] * elemSize, elemSize, sizes,
           sizes + want.rank, want.rank, dst);
    slot += 3 + 2 * static_cast<size_t>(want.rank);
  }
  slot = 0;
  for (int32_t i = 0; i < numOutputs; ++i) {
    auto *allocated = reinterpret_cast<void *>(results[slot]);
    if (allocated && freed.insert(allocated).second)
      qpt2e_free(allocated); // the library allocates through qpt2e_alloc
    slot += 3 + 2 * static_cast<size_t>(desc.outputs[i].info.rank);
  }
  if (qpt2e_status status = runtimeStatus("running the model"))
    return status;
  lastError.clear();
  return QPT2E_OK;
} catch (const std::exception &e) {
  return failWith(QPT2E_ERROR_RUNTIME, std::string("runtime error: ") + e.what());
}

extern "C" qpt2e_status qpt2e_model_write_stats(qpt2e_model *model,
                                                const char *path,
                                                int64_t numSamples) try {
  if (!model || !path)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "model or path is NULL");
  std::vector<qpt2e_stats_state> states;
  for (const Descriptor::State &s : model->desc.states) {
    auto *mean = static_cast<const float *>(dlsym(model->handle, s.mean.c_str()));
    auto *var = static_cast<const float *>(dlsym(model->handle, s.var.c_str()));
    if (!mean || !var)
      return failWith(QPT2E_ERROR_LOAD, "training state " +
                                            std::to_string(s.id) +
                                            " has no symbols in the library");
    states.push_back({s.id, s.channels, mean, var});
  }
  std::lock_guard<std::mutex> lock(model->runMutex);
  std::unique_lock<std::mutex> state;
  if (model->stateLock)
    state = std::unique_lock<std::mutex>(*model->stateLock);
  Bound bound(model->context);
  if (qpt2e_stats_write(path, model->desc.observers.data(),
                        static_cast<int64_t>(model->desc.observers.size()),
                        states.data(), static_cast<int64_t>(states.size()),
                        numSamples) != 0)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT,
                    std::string("cannot write '") + path + "'");
  lastError.clear();
  return QPT2E_OK;
} catch (const std::exception &e) {
  return failWith(QPT2E_ERROR_RUNTIME, std::string("runtime error: ") + e.what());
}

extern "C" qpt2e_status qpt2e_model_reset_observers(qpt2e_model *model) try {
  if (!model)
    return failWith(QPT2E_ERROR_INVALID_ARGUMENT, "model is NULL");
  std::lock_guard<std::mutex> lock(model->runMutex);
  Bound bound(model->context);
  qpt2e_observers_reset();
  lastError.clear();
  return QPT2E_OK;
} catch (const std::exception &e) {
  return failWith(QPT2E_ERROR_RUNTIME, std::string("runtime error: ") + e.what());
}

extern "C" const char *qpt2e_last_error(void) { return lastError.c_str(); }
