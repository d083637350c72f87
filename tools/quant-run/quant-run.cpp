//===- quant-run.cpp - JIT-run an MLIR model on .npy inputs ---------------===//
//
// Loads a module, lowers it with a named pipeline, compiles it with the MLIR
// ExecutionEngine and runs its entry function on .npy inputs, writing the
// results as .npy files. Inputs are checked against the entry's signature
// (count, dtype, shape) before anything runs; every problem is a message and
// exit code 1. A benchmark mode times repeated runs after a warm-up.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Conversion/Passes.h"
#include "quant-pt2e/Dialect/Aten/IR/Aten.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2E.h"
#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/Dialect/QuantPT2E/Transforms/Passes.h"
#include "quant-pt2e/Dialect/X86/IR/X86.h"
#include "quant-pt2e/IR/StatsFile.h"
#include "quant-pt2e/InitAll.h"
#include "quant-pt2e/Pipelines/ModelSignature.h"
#include "quant-pt2e/Pipelines/Pipelines.h"
#include "quant-pt2e/Runtime/CPURuntime.h"
#include "quant-pt2e/Runtime/Context.h"
#include "quant-pt2e/Runtime/Model.h"
#include "quant-pt2e/Runtime/Npy.h"
#include "quant-pt2e/Runtime/OneDNNRuntime.h"
#include "quant-pt2e/Runtime/QuantRuntime.h"
#include "quant-pt2e/Runtime/XNNPACKRuntime.h"
#include "quant-pt2e/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

using namespace mlir;
namespace npy = qpt2e::npy;

namespace {

llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                     llvm::cl::desc("<model.mlir>"),
                                     llvm::cl::init(""));
llvm::cl::opt<bool> printTarget(
    "print-target",
    llvm::cl::desc("Print the target ISA (--target-isa), whether oneDNN is "
                   "exact there and the lowering `auto` chooses, then exit"),
    llvm::cl::init(false));
llvm::cl::opt<std::string> entry("entry", llvm::cl::desc("Entry function"),
                                 llvm::cl::init("forward"));
llvm::cl::list<std::string> inputs("input",
                                   llvm::cl::desc("An .npy input (repeat, in "
                                                  "argument order)"));
llvm::cl::opt<std::string> outputDir("output-dir",
                                     llvm::cl::desc("Directory for "
                                                    "output_<i>.npy"),
                                     llvm::cl::init(""));
llvm::cl::opt<std::string>
    pipeline("pipeline",
             llvm::cl::desc("Lowering pipeline to LLVM (default: "
                            "quant-pt2e-float-to-llvm{threads=N})"),
             llvm::cl::init(""));
llvm::cl::opt<std::string> lowering(
    "lowering",
    llvm::cl::desc("Lowering of a quantized model: reference (default: the "
                   "dequantize -> float -> quantize loops), onednn, xnnpack, "
                   "vector (the compiler's own int8 kernels), "
                   "or auto (the fastest lowering that is exact on the "
                   "target ISA)"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> targetISA(
    "target-isa",
    llvm::cl::desc("Target ISA for --lowering: host (default), generic, "
                   "avx2, avxvnni, avx512, avx512vnni or amx"),
    llvm::cl::init("host"));
llvm::cl::opt<unsigned>
    threads("num-threads",
            llvm::cl::desc("Threads for the default pipeline (OpenMP when > 1)"),
            llvm::cl::init(1));
llvm::cl::opt<unsigned> benchmarkRuns("benchmark",
                                      llvm::cl::desc("Timed runs (0: off)"),
                                      llvm::cl::init(0));
llvm::cl::opt<std::string> calibrateDir(
    "calibrate-dir",
    llvm::cl::desc("Run every sample directory (input_<i>.npy files) in DIR "
                   "and write observer qparams to --stats-out"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> statsFile(
    "stats-out",
    llvm::cl::desc("Statistics output (JSON): observer / fake-quant qparams "
                   "and min/max, and training state (batch-norm running "
                   "statistics), after --calibrate-dir or a run"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> statsIn(
    "stats-in",
    llvm::cl::desc("Statistics of a previous run (JSON from --stats-out) to "
                   "continue from: MinMax-family observer state and "
                   "training state"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> compareDir(
    "compare",
    llvm::cl::desc("Compare each output with DIR/output_<i>.npy (same dtype "
                   "and shape): prints the largest absolute difference and "
                   "its histogram, fails above --tolerance"),
    llvm::cl::init(""));
llvm::cl::opt<double> tolerance(
    "tolerance",
    llvm::cl::desc("Largest absolute difference --compare accepts "
                   "(integer outputs: quantization steps)"),
    llvm::cl::init(0.0));
llvm::cl::opt<bool> profileKernels(
    "profile",
    llvm::cl::desc("With --benchmark and the vector lowering: time every "
                   "generated kernel and input function call and print the "
                   "median per call, per kernel"),
    llvm::cl::init(false));
llvm::cl::opt<unsigned> warmupRuns("warmup",
                                   llvm::cl::desc("Untimed runs before "
                                                  "benchmarking"),
                                   llvm::cl::init(3));

/// Largest --num-threads: more than any machine this runs on has cores, far
/// below what the int32 thread counts of oneDNN and XNNPACK hold.
constexpr unsigned kMaxThreads = 1024;

int fail(const llvm::Twine &message) {
  llvm::errs() << "quant-run: error: " << message << "\n";
  return 1;
}

double elementAt(const npy::Array &array, int64_t i) {
  const char *data = array.data.data();
  switch (array.dtype) {
  case npy::DType::F32:
    return reinterpret_cast<const float *>(data)[i];
  case npy::DType::F64:
    return reinterpret_cast<const double *>(data)[i];
  case npy::DType::I8:
    return reinterpret_cast<const int8_t *>(data)[i];
  case npy::DType::U8:
    return reinterpret_cast<const uint8_t *>(data)[i];
  case npy::DType::I32:
    return reinterpret_cast<const int32_t *>(data)[i];
  case npy::DType::I64:
    return static_cast<double>(reinterpret_cast<const int64_t *>(data)[i]);
  }
  return 0;
}

/// --compare: `got` against the reference output `index`; prints the
/// largest difference and, for integer outputs, the histogram of
/// differences and how many distinct values the reference holds (a
/// comparison of a constant output proves nothing). False (with a message)
/// on a mismatch above --tolerance.
bool compareOutput(size_t index, const npy::Array &got) {
  std::string path =
      compareDir + "/output_" + std::to_string(index) + ".npy", error;
  npy::Array want;
  if (!npy::read(path, want, error)) {
    fail(error);
    return false;
  }
  if (want.dtype != got.dtype || want.shape != got.shape) {
    fail("output " + llvm::Twine(index) + " differs in dtype or shape from '" +
         path + "'");
    return false;
  }
  bool integer = got.dtype != npy::DType::F32 && got.dtype != npy::DType::F64;
  double worst = 0;
  std::map<int64_t, size_t> histogram;
  std::set<int64_t> distinct;
  for (int64_t i = 0, n = got.numElements(); i < n; ++i) {
    double diff = std::fabs(elementAt(got, i) - elementAt(want, i));
    if (!(diff <= worst))
      worst = diff; // NaN propagates into worst
    if (integer) {
      ++histogram[static_cast<int64_t>(diff)];
      distinct.insert(static_cast<int64_t>(elementAt(want, i)));
    }
  }
  llvm::outs() << "output " << index << ": max |difference| ";
  if (integer)
    llvm::outs() << static_cast<int64_t>(worst);
  else
    llvm::outs() << worst;
  if (integer) {
    llvm::outs() << ", histogram {";
    llvm::ListSeparator sep;
    for (auto [diff, count] : histogram)
      llvm::outs() << sep << diff << ": " << count;
    llvm::outs() << "}";
  }
  llvm::outs() << " of " << got.numElements();
  if (integer)
    llvm::outs() << ", " << distinct.size() << " distinct reference values";
  llvm::outs() << "\n";
  if (!(worst <= tolerance)) {
    fail("output " + llvm::Twine(index) + " differs from '" + path +
         "' by more than " + std::to_string(tolerance.getValue()));
    return false;
  }
  return true;
}

/// The .npy dtype of a signature dtype name ("f32", ...).
npy::DType npyDType(llvm::StringRef name) {
  return llvm::StringSwitch<npy::DType>(name)
      .Case("f64", npy::DType::F64)
      .Case("i8", npy::DType::I8)
      .Case("u8", npy::DType::U8)
      .Case("i32", npy::DType::I32)
      .Case("i64", npy::DType::I64)
      .Default(npy::DType::F32);
}

/// The .npy dtype that carries a tensor element type, if any.
std::optional<npy::DType> dtypeOf(Type type) {
  std::optional<std::string> name = quant_pt2e::dtypeName(type);
  return name ? std::optional<npy::DType>(npyDType(*name)) : std::nullopt;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

/// One ranked memref argument in the LLVM calling convention: allocated
/// and aligned pointers, offset, sizes, strides (all 8-byte slots).
struct MemRefArg {
  std::vector<int64_t> slots;
};

MemRefArg describe(void *data, ArrayRef<int64_t> shape) {
  MemRefArg arg;
  arg.slots.push_back(reinterpret_cast<int64_t>(data));
  arg.slots.push_back(reinterpret_cast<int64_t>(data));
  arg.slots.push_back(0);
  for (int64_t dim : shape)
    arg.slots.push_back(dim);
  int64_t stride = 1;
  std::vector<int64_t> strides(shape.size());
  for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) {
    strides[i] = stride;
    stride *= shape[i];
  }
  arg.slots.insert(arg.slots.end(), strides.begin(), strides.end());
  return arg;
}

/// Copies a strided result memref into a dense C-order array.
void gather(const char *base, size_t elemSize, ArrayRef<int64_t> sizes,
            ArrayRef<int64_t> strides, char *&out) {
  if (sizes.empty()) {
    std::memcpy(out, base, elemSize);
    out += elemSize;
    return;
  }
  for (int64_t i = 0; i < sizes[0]; ++i)
    gather(base + i * strides[0] * elemSize, elemSize, sizes.drop_front(),
           strides.drop_front(), out);
}

struct ResultSpec {
  npy::DType dtype;
  std::vector<int64_t> shape;
};

/// Reads the .npy inputs and checks them against the entry's signature.
bool loadInputs(ArrayRef<std::string> paths, FunctionType fnType,
                std::vector<npy::Array> &arrays) {
  if (paths.size() != fnType.getNumInputs()) {
    fail("'" + entry + "' takes " + llvm::Twine(fnType.getNumInputs()) +
         " inputs, " + llvm::Twine(paths.size()) + " given");
    return false;
  }
  arrays.assign(paths.size(), npy::Array());
  for (auto [index, path] : llvm::enumerate(paths)) {
    std::string error;
    if (!npy::read(path, arrays[index], error)) {
      fail(error);
      return false;
    }
    auto type = dyn_cast<RankedTensorType>(fnType.getInput(index));
    if (!type || !type.hasStaticShape()) {
      fail("argument " + llvm::Twine(index) +
           " is not a statically shaped tensor");
      return false;
    }
    std::optional<npy::DType> want = dtypeOf(type.getElementType());
    if (!want) {
      fail("argument " + llvm::Twine(index) +
           " has an element type quant-run cannot feed");
      return false;
    }
    if (arrays[index].dtype != *want) {
      fail("input " + llvm::Twine(index) + " ('" + path + "') has dtype " +
           npy::descr(arrays[index].dtype) + " but '" + entry + "' expects " +
           npy::descr(*want));
      return false;
    }
    if (ArrayRef<int64_t>(arrays[index].shape) != type.getShape()) {
      fail("input " + llvm::Twine(index) + " ('" + path + "') has shape " +
           shapeString(arrays[index].shape) + " but '" + entry +
           "' expects " + shapeString(type.getShape()));
      return false;
    }
  }
  return true;
}

/// --profile: the timed runs' calls per generated function (site ids of
/// quant-pt2e/Runtime/CPURuntime.h), median per call.
void printProfile() {
  std::vector<qpt2e_profile_entry> entries(qpt2e_profile_entries(nullptr, 0));
  qpt2e_profile_entries(entries.data(), static_cast<int64_t>(entries.size()));
  for (const qpt2e_profile_entry &e : entries) {
    bool pool = e.site >= QPT2E_PROFILE_POOL_BASE;
    int64_t id = (pool ? e.site - QPT2E_PROFILE_POOL_BASE : e.site) / 2;
    std::string name = (pool ? "qpt2e_vec_maxpool_" : "qpt2e_vec_conv_") +
                       std::to_string(id) + (e.site % 2 ? "_input" : "");
    llvm::outs() << llvm::format("profile: %-28s %6lld calls, median %9.4f "
                                 "ms, total %9.3f ms\n",
                                 name.c_str(), static_cast<long long>(e.calls),
                                 e.median_ns * 1e-6, e.total_ns * 1e-6);
  }
}

/// --benchmark: `warmup` untimed runs, then the timed ones; prints min
/// and median. `run` fails with a message; `after` follows each run.
template <typename Run, typename After>
bool benchmark(Run run, After after, double compileMs) {
  for (unsigned i = 0; i < warmupRuns; ++i) {
    if (!run())
      return false;
    after();
  }
  qpt2e_profile_reset();
  std::vector<double> times;
  for (unsigned i = 0; i < benchmarkRuns; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!run())
      return false;
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
    after();
  }
  std::sort(times.begin(), times.end());
  double median =
      times.size() % 2
          ? times[times.size() / 2]
          : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  llvm::outs() << llvm::format("benchmark: %u runs after %u warm-up, min %.3f "
                               "ms, median %.3f ms, compile %.1f ms\n",
                               benchmarkRuns.getValue(), warmupRuns.getValue(),
                               times.front(), median, compileMs);
  if (profileKernels)
    printProfile();
  return true;
}

/// Output `index` of the last run: compared with --compare, written to
/// --output-dir.
bool emitOutput(size_t index, const npy::Array &array) {
  if (!compareDir.empty() && !compareOutput(index, array))
    return false;
  if (outputDir.empty())
    return true;
  if (std::error_code error = llvm::sys::fs::create_directories(outputDir)) {
    fail("cannot create '" + outputDir + "': " + error.message());
    return false;
  }
  std::string path = outputDir + "/output_" + std::to_string(index) + ".npy";
  std::string error;
  if (!npy::write(path, array, error)) {
    fail(error);
    return false;
  }
  llvm::outs() << "wrote " << path << " " << shapeString(array.shape) << "\n";
  return true;
}

/// Sample directories of --calibrate-dir, sorted, with their input files.
bool listSamples(unsigned numInputs,
                 std::vector<std::vector<std::string>> &samples) {
  std::error_code ec;
  std::vector<std::string> dirs;
  for (llvm::sys::fs::directory_iterator it(calibrateDir, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::sys::fs::is_directory(it->path()))
      dirs.push_back(it->path());
  if (ec) {
    fail("cannot read '" + calibrateDir + "': " + ec.message());
    return false;
  }
  if (dirs.empty()) {
    fail("'" + calibrateDir + "' holds no sample directories");
    return false;
  }
  std::sort(dirs.begin(), dirs.end());
  for (const std::string &dir : dirs) {
    std::vector<std::string> paths;
    for (unsigned i = 0; i < numInputs; ++i) {
      llvm::SmallString<256> path(dir);
      llvm::sys::path::append(path, "input_" + std::to_string(i) + ".npy");
      paths.push_back(std::string(path));
    }
    llvm::SmallString<256> extra(dir);
    llvm::sys::path::append(extra, "input_" + std::to_string(numInputs) + ".npy");
    if (llvm::sys::fs::exists(extra)) {
      fail("sample '" + dir + "' holds '" + extra + "' but '" + entry +
           "' takes " + llvm::Twine(numInputs) + " inputs");
      return false;
    }
    samples.push_back(std::move(paths));
  }
  return true;
}

/// The globals holding a batch norm's running statistics (training state).
struct StateGlobals {
  int64_t id;
  int64_t channels;
  float *mean = nullptr;
  float *var = nullptr;
};

/// Writes each observer's qparams (computed by the runtime from its
/// statistics with the spec's range, scheme and eps), min/max and the
/// training state to --stats-out (qpt2e_stats_write).
bool writeStats(const std::map<int64_t, quant_pt2e::QuantSpecAttr> &specs,
                const std::vector<StateGlobals> &state, size_t numSamples) {
  std::vector<qpt2e_stats_observer> observers;
  for (const auto &[id, spec] : specs) {
    auto ctor = spec.getObserverAttr();
    observers.push_back(
        {id, spec.getQuantMin(), spec.getQuantMax(),
         quant_pt2e::isSymmetric(spec.getQscheme()),
         spec.getDtype() == quant_pt2e::QuantDType::uint8,
         ctor ? ctor.getEps().convertToFloat() : qpt2e::math::kDefaultEps});
  }
  std::vector<qpt2e_stats_state> states;
  for (const StateGlobals &stats : state)
    states.push_back({stats.id, stats.channels, stats.mean, stats.var});
  if (qpt2e_stats_write(statsFile.c_str(), observers.data(),
                        static_cast<int64_t>(observers.size()), states.data(),
                        static_cast<int64_t>(states.size()),
                        static_cast<int64_t>(numSamples)) != 0)
    return fail("cannot write '" + statsFile + "'"), false;
  llvm::outs() << "wrote " << statsFile << " (" << specs.size()
               << " observers, " << state.size() << " running statistics, "
               << numSamples << " samples)\n";
  return true;
}

/// Restores observer min/max and running statistics from --stats-in; the
/// channel count of every restored observer must be the model's.
bool readStats(const std::map<int64_t, quant_pt2e::QuantSpecAttr> &specs,
               const std::map<int64_t, int64_t> &channels,
               std::vector<StateGlobals> &state) {
  llvm::Expected<quant_pt2e::StatsFile> file = quant_pt2e::readStatsFile(statsIn);
  if (!file) {
    fail(llvm::toString(file.takeError()));
    return false;
  }
  for (auto &[id, stats] : file->observers) {
    auto spec = specs.find(id);
    if (spec == specs.end())
      continue;
    quant_pt2e::ObserverKind kind = spec->second.getObserverKind();
    if (kind == quant_pt2e::ObserverKind::histogram ||
        kind == quant_pt2e::ObserverKind::placeholder)
      continue; // Histograms are not restored: calibration restarts.
    int64_t want = channels.at(id);
    if (static_cast<int64_t>(stats.min.size()) != want) {
      fail("'" + statsIn + "': observer " + llvm::Twine(id) + " has " +
           llvm::Twine(stats.min.size()) + " channels, the model's " +
           llvm::Twine(want));
      return false;
    }
    qpt2e_observer_restore(id, static_cast<int64_t>(kind), stats.min.data(),
                           stats.max.data(),
                           static_cast<int64_t>(stats.min.size()));
  }
  for (StateGlobals &stats : state) {
    auto it = file->runningStats.find(stats.id);
    if (it == file->runningStats.end())
      continue;
    if (static_cast<int64_t>(it->second.mean.size()) != stats.channels) {
      fail("'" + statsIn + "': running statistics " + llvm::Twine(stats.id) +
           " have " + llvm::Twine(it->second.mean.size()) +
           " channels, the model " + llvm::Twine(stats.channels));
      return false;
    }
    std::copy(it->second.mean.begin(), it->second.mean.end(), stats.mean);
    std::copy(it->second.var.begin(), it->second.var.end(), stats.var);
  }
  return true;
}

/// Runs a model library (quant-compile) through the C API of
/// quant-pt2e/Runtime/Model.h: the same inputs, benchmark, comparison and
/// outputs as the JIT path; what the JIT path compiles is fixed in the
/// library.
int runLibrary() {
  static_assert(static_cast<int>(npy::DType::I64) == QPT2E_I64 &&
                static_cast<int>(npy::DType::U8) == QPT2E_U8);
  if (!calibrateDir.empty() || !statsIn.empty() || !pipeline.empty() ||
      !lowering.empty() || targetISA != "host")
    return fail("'" + inputFile +
                "' is a compiled model library: --lowering, --target-isa, "
                "--pipeline, --calibrate-dir and --stats-in belong to "
                "quant-compile or to a run of the .mlir");
  if (benchmarkRuns > 0 && !statsFile.empty())
    return fail("--benchmark with --stats-out would fold the timed runs into "
                "the statistics");
  auto start = std::chrono::steady_clock::now();
  qpt2e_model *model = nullptr;
  if (qpt2e_model_create(inputFile.c_str(), &model) != QPT2E_OK)
    return fail(qpt2e_last_error());
  llvm::scope_exit destroy([&]() { qpt2e_model_destroy(model); });
  double createMs = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  std::string restriction = qpt2e::hostRestriction();
  llvm::outs() << "library: " << qpt2e_model_describe(model) << " ("
               << qpt2e::hostCPUModel()
               << (restriction.empty() ? "" : ", " + restriction) << ")\n";
  int32_t numInputs = qpt2e_model_num_inputs(model);
  if (static_cast<int32_t>(inputs.size()) != numInputs)
    return fail("'" + inputFile + "' takes " + llvm::Twine(numInputs) +
                " inputs, " + llvm::Twine(inputs.size()) + " given");
  std::vector<npy::Array> arrays(inputs.size());
  std::vector<qpt2e_tensor> in(inputs.size());
  for (auto [index, path] : llvm::enumerate(inputs)) {
    std::string error;
    if (!npy::read(path, arrays[index], error))
      return fail(error);
    in[index] = {arrays[index].data.data(),
                 static_cast<qpt2e_dtype>(arrays[index].dtype),
                 static_cast<int32_t>(arrays[index].shape.size()),
                 arrays[index].shape.data()};
  }
  int32_t numOutputs = qpt2e_model_num_outputs(model);
  std::vector<npy::Array> results(numOutputs);
  std::vector<qpt2e_tensor> out(numOutputs);
  for (int32_t i = 0; i < numOutputs; ++i) {
    qpt2e_tensor_info info;
    qpt2e_model_output_info(model, i, &info);
    results[i].dtype = static_cast<npy::DType>(info.dtype);
    results[i].shape.assign(info.shape, info.shape + info.rank);
    results[i].data.resize(results[i].numElements() *
                           npy::elementSize(results[i].dtype));
    out[i] = {results[i].data.data(), info.dtype, info.rank,
              results[i].shape.data()};
  }
  auto run = [&]() {
    if (qpt2e_model_run(model, in.data(), numInputs, out.data(), numOutputs,
                        static_cast<int32_t>(threads)) == QPT2E_OK)
      return true;
    fail(qpt2e_last_error());
    return false;
  };
  if (benchmarkRuns > 0 && !benchmark(run, [] {}, createMs))
    return 1;
  if (!run())
    return 1;
  for (int32_t i = 0; i < numOutputs; ++i)
    if (!emitOutput(i, results[i]))
      return 1;
  if (!statsFile.empty()) {
    if (qpt2e_model_write_stats(model, statsFile.c_str(), 1) != QPT2E_OK)
      return fail(qpt2e_last_error());
    llvm::outs() << "wrote " << statsFile << "\n";
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  DialectRegistry registry;
  quant_pt2e::registerQuantPT2E(registry);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "quant-pt2e JIT runner: runs an MLIR model on .npy inputs\n");

  std::optional<qpt2e::TargetISA> isa = qpt2e::TargetISA::resolve(targetISA);
  if (!isa)
    return fail(qpt2e::unknownTargetISAMessage(targetISA));
  std::string restriction = qpt2e::hostRestriction();
  if (printTarget) {
    // The extensions one by one: what the host can run (e.g. the avxvnni
    // kernels on an amx host that also has AVX-VNNI).
    std::string extensions;
    for (auto [has, name] :
         {std::pair{isa->avx2, "avx2"}, std::pair{isa->avx512bw, "avx512"},
          std::pair{isa->avx512vnni, "avx512vnni"},
          std::pair{isa->avxvnni, "avxvnni"}, std::pair{isa->amxint8, "amx"}})
      if (has)
        extensions += (extensions.empty() ? "" : " ") + std::string(name);
    llvm::outs() << "target: " << isa->name() << "\n"
                 << "extensions: " << (extensions.empty() ? "none" : extensions)
                 << "\n"
                 << "cpu: " << qpt2e::hostCPUModel()
                 << (restriction.empty() ? "" : " (" + restriction + ")")
                 << "\n"
                 << "onednn exact: " << (isa->oneDNNExact() ? "yes" : "no")
                 << "\n"
                 << "auto lowering: "
                 << quant_pt2e::loweringName(quant_pt2e::selectLowering(*isa))
                 << "\n";
    return 0;
  }
  if (inputFile.empty())
    return fail("no input file (quant-run <model.mlir> [options])");
  if (threads < 1 || threads > kMaxThreads)
    return fail("--num-threads must be in [1, " + llvm::Twine(kMaxThreads) +
                "], got " + llvm::Twine(threads.getValue()));
  if (llvm::StringRef(inputFile).ends_with(".so")) {
    if (profileKernels)
      return fail("--profile times the kernels of an MLIR model as quant-run "
                  "compiles it; '" +
                  inputFile + "' is a compiled library (compiled without "
                              "timing calls)");
    return runLibrary();
  }

  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  if (threads < 1 || threads > kMaxThreads)
    return fail("--num-threads must be in [1, " + llvm::Twine(kMaxThreads) +
                "], got " + llvm::Twine(threads.getValue()));

  // Errors, warnings and remarks of the parser and the passes, with their
  // source locations.
  quant_pt2e::ModelFile modelFile(context);
  std::string loadError;
  if (failed(modelFile.load(inputFile, loadError)))
    return fail(loadError);
  ModuleOp module = modelFile.module();

  // Check the entry and the inputs against its signature before lowering.
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return fail("no function '" + entry + "' in '" + inputFile + "'");
  FunctionType fnType = func.getFunctionType();
  std::vector<npy::Array> arrays;
  if (!calibrateDir.empty() && !inputs.empty())
    return fail("--input and --calibrate-dir exclude each other: calibration "
                "reads its inputs from the sample directories");
  if (calibrateDir.empty()) {
    if (!loadInputs(inputs, fnType, arrays))
      return 1;
  } else if (statsFile.empty()) {
    return fail("--calibrate-dir needs --stats-out to write the statistics to");
  }
  if (benchmarkRuns > 0 && !statsFile.empty())
    return fail("--benchmark with --stats-out would fold the timed runs into "
                "the statistics");
  std::string signatureError;
  std::optional<quant_pt2e::ModelSignature> signature =
      quant_pt2e::readModelSignature(module, entry, signatureError);
  if (!signature)
    return fail(signatureError + " in '" + inputFile + "'");
  std::vector<ResultSpec> results;
  for (const quant_pt2e::TensorSignature &result : signature->outputs)
    results.push_back({npyDType(result.dtype), result.shape});
  // Observer specs by id, read before lowering removes the observers, and
  // the training state (batch-norm running statistics) by id.
  const std::map<int64_t, quant_pt2e::QuantSpecAttr> &observerSpecs =
      signature->observerSpecs;
  const std::map<int64_t, int64_t> &observerChannels =
      signature->observerChannels;
  std::vector<StateGlobals> runningStats;
  for (auto [id, channels] : signature->runningStats)
    runningStats.push_back({id, channels});

  auto compileStart = std::chrono::steady_clock::now();
  if (!pipeline.empty() && !lowering.empty())
    return fail("--pipeline and --lowering both name the lowering: give one");
  if (profileKernels && (benchmarkRuns == 0 || !pipeline.empty()))
    return fail("--profile needs --benchmark N and --lowering vector");
  std::string pipelineText = pipeline;
  std::string loweringText = "custom pipeline";
  if (pipeline.empty()) {
    std::optional<quant_pt2e::Lowering> chosen =
        quant_pt2e::resolveLowering(lowering, *isa);
    if (!chosen)
      return fail("unknown --lowering '" + lowering +
                  "' (expected reference, onednn, xnnpack, vector or auto)");
    loweringText = quant_pt2e::loweringName(*chosen).str();
    if (lowering == "auto")
      loweringText += " (auto)";
    if (profileKernels && *chosen != quant_pt2e::Lowering::Vector)
      return fail("--profile times the vector lowering's kernels, but this "
                  "run lowers with " +
                  loweringText + ": give --lowering vector");
    pipelineText = quant_pt2e::loweringPipeline(*chosen, threads, targetISA,
                                                /*threadsAtRunTime=*/false,
                                                profileKernels);
  }
  // Which ISA and which backend this run compiled for, next to every figure.
  llvm::outs() << "target: " << isa->name() << " ("
               << (targetISA == "host"
                       ? qpt2e::hostCPUModel() +
                             (restriction.empty() ? ""
                                                  : ", " + restriction)
                       : std::string("named target"))
               << "), lowering: " << loweringText << "\n";
  std::string lowerError;
  if (failed(quant_pt2e::lowerToLLVMDialect(module, pipelineText, lowerError)))
    return fail("lowering '" + inputFile + "': " + lowerError);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  // The optimizer gets the host's target machine (the JIT's code
  // generation target): without one LLVM's cost model has no vector
  // registers and the float loops around the kernels stay scalar.
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> machineBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    return fail("no target machine for this host: " +
                llvm::toString(machineBuilder.takeError()));
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      machineBuilder->createTargetMachine();
  if (!machine)
    return fail("no target machine for this host: " +
                llvm::toString(machine.takeError()));
  auto transformer = makeOptimizingTransformer(3, 0, machine->get());
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  SmallVector<StringRef, 2> sharedLibs{QUANT_PT2E_C_RUNNER_UTILS};
  if (threads > 1)
    sharedLibs.push_back(QUANT_PT2E_LIBOMP);
  options.sharedLibPaths = sharedLibs;
  // The model's buffers from the runtime's caching allocator, as in a
  // compiled library: no page faults per run.
  auto buildLLVMModule = [](Operation *op, llvm::LLVMContext &context) {
    std::unique_ptr<llvm::Module> llvmModule =
        translateModuleToLLVMIR(op, context, "quant_pt2e_model");
    if (llvmModule)
      quant_pt2e::useRuntimeAllocator(*llvmModule);
    return llvmModule;
  };
  options.llvmModuleBuilder = buildLLVMModule;
  auto engineOrError = ExecutionEngine::create(module, options);
  if (!engineOrError)
    return fail("JIT compilation failed: " +
                llvm::toString(engineOrError.takeError()));
  std::unique_ptr<ExecutionEngine> engine = std::move(*engineOrError);
  // Backend sites (oneDNN primitives, packed weights) are created once,
  // here, before any inference.
  qpt2e_onednn_set_num_threads(static_cast<int32_t>(threads));
  qpt2e_xnnpack_set_num_threads(static_cast<int32_t>(threads));
  if (llvm::Expected<void (*)(void **)> init =
          engine->lookupPacked("qpt2e_init")) {
    (*init)(nullptr);
  } else {
    llvm::consumeError(init.takeError());
  }
  if (const char *error = qpt2e_runtime_error())
    return fail(llvm::Twine("initializing '") + inputFile + "' failed: " + error);
  for (StateGlobals &stats : runningStats) {
    std::string base = quant_pt2e::runningStatGlobalName(stats.id);
    llvm::Expected<void *> mean = engine->lookup(base + "_mean");
    llvm::Expected<void *> var = engine->lookup(base + "_var");
    if (!mean || !var) {
      llvm::consumeError(mean.takeError());
      llvm::consumeError(var.takeError());
      return fail("training state " + llvm::Twine(stats.id) +
                  " has no globals after lowering");
    }
    stats.mean = static_cast<float *>(*mean);
    stats.var = static_cast<float *>(*var);
  }
  qpt2e_observers_reset();
  if (!statsIn.empty() &&
      !readStats(observerSpecs, observerChannels, runningStats))
    return 1;
  double compileMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - compileStart)
                         .count();

  // Inputs in 64-byte aligned buffers, described in the packed calling
  // convention; the result descriptors follow.
  size_t resultSlots = 0;
  for (const ResultSpec &result : results)
    resultSlots += 3 + 2 * result.shape.size();
  std::vector<int64_t> resultBuffer(std::max<size_t>(resultSlots, 1));
  std::vector<void *> buffers;
  std::vector<MemRefArg> memrefs;
  std::vector<void *> args;
  auto freeInputs = [&]() {
    for (void *buffer : buffers)
      std::free(buffer);
    buffers.clear();
  };
  auto setInputs = [&](std::vector<npy::Array> &in) {
    freeInputs();
    memrefs.clear();
    args.clear();
    memrefs.reserve(in.size());
    for (npy::Array &array : in) {
      size_t bytes = std::max<size_t>(array.data.size(), 1);
      void *buffer = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
      std::memcpy(buffer, array.data.data(), array.data.size());
      buffers.push_back(buffer);
      memrefs.push_back(describe(buffer, array.shape));
    }
    for (MemRefArg &memref : memrefs)
      for (int64_t &slot : memref.slots)
        args.push_back(&slot);
    args.push_back(resultBuffer.data());
  };

  // Results may share a buffer (`return %0, %0`) or be an input buffer
  // (`return %arg0`): each buffer the entry allocated is freed once, and
  // its descriptor cleared, so that freeing again is a no-op.
  auto freeResults = [&]() {
    std::set<void *> freed(buffers.begin(), buffers.end());
    size_t slot = 0;
    for (const ResultSpec &result : results) {
      auto *allocated = reinterpret_cast<void *>(resultBuffer[slot]);
      if (freed.insert(allocated).second)
        qpt2e_free(allocated); // the model allocates through qpt2e_alloc
      resultBuffer[slot] = resultBuffer[slot + 1] = 0;
      slot += 3 + 2 * result.shape.size();
    }
  };
  // Every return from here on (a failed run, a failed comparison or write)
  // releases the inputs and the last run's results.
  llvm::scope_exit release([&]() {
    freeResults();
    freeInputs();
  });
  // `sample` names the inputs in messages about the observed data.
  auto runOnce = [&](const std::string &sample) -> bool {
    if (llvm::Error error = engine->invokePacked(entry, args)) {
      fail("running '" + entry + "' failed: " + llvm::toString(std::move(error)));
      return false;
    }
    if (const char *error = qpt2e_runtime_error()) {
      fail(sample + ": " + error);
      return false;
    }
    return true;
  };

  if (!calibrateDir.empty()) {
    std::vector<std::vector<std::string>> samples;
    if (!listSamples(fnType.getNumInputs(), samples))
      return 1;
    for (size_t k = 0; k < samples.size(); ++k) {
      std::vector<npy::Array> sample;
      if (!loadInputs(samples[k], fnType, sample))
        return 1;
      setInputs(sample);
      std::string name =
          samples[k].empty()
              ? calibrateDir.getValue()
              : llvm::sys::path::parent_path(samples[k].front()).str();
      if (!runOnce("sample '" + name + "'"))
        return 1;
      freeResults();
      size_t done = k + 1, width = 30, filled = done * width / samples.size();
      llvm::errs() << "\rcalibrating [" << std::string(filled, '#')
                   << std::string(width - filled, '.') << "] " << done << "/"
                   << samples.size();
    }
    llvm::errs() << "\n";
    return writeStats(observerSpecs, runningStats, samples.size()) ? 0 : 1;
  }

  setInputs(arrays);
  if (benchmarkRuns > 0 &&
      !benchmark([&] { return runOnce("the --input data"); }, freeResults,
                 compileMs))
    return 1;

  if (!runOnce("the --input data"))
    return 1;
  size_t slot = 0;
  for (auto [index, result] : llvm::enumerate(results)) {
    size_t rank = result.shape.size();
    const char *aligned = reinterpret_cast<const char *>(resultBuffer[slot + 1]);
    int64_t offset = resultBuffer[slot + 2];
    ArrayRef<int64_t> sizes(&resultBuffer[slot + 3], rank);
    ArrayRef<int64_t> strides(&resultBuffer[slot + 3 + rank], rank);
    npy::Array array;
    array.dtype = result.dtype;
    array.shape = result.shape;
    size_t elemSize = npy::elementSize(result.dtype);
    array.data.resize(array.numElements() * elemSize);
    char *out = array.data.data();
    gather(aligned + offset * elemSize, elemSize, sizes, strides, out);
    if (!emitOutput(index, array))
      return 1;
    slot += 3 + 2 * rank;
  }
  if (!statsFile.empty() && !writeStats(observerSpecs, runningStats, 1))
    return 1;
  return 0;
}
