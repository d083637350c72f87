//===- quant-compile.cpp - compile a model ahead of time ------------------===//
//
// Lowers a module with one of the named lowerings (as quant-run does), turns
// it into an object file for the target ISA and links a shared library that
// needs only the project's runtime library (and, for parallel code, the
// OpenMP runtime) at run time: no MLIR, no LLVM. The library exports the
// model descriptor, the packed entry and qpt2e_init, which the C API of
// include/quant-pt2e/Runtime/Model.h loads. Optionally writes the object
// file and a C header describing the model's inputs and outputs.
// docs/Deployment.md.
//
//===----------------------------------------------------------------------===//

#include "quant-pt2e/Dialect/QuantPT2E/IR/QuantPT2ETypes.h"
#include "quant-pt2e/InitAll.h"
#include "quant-pt2e/Math/QuantMath.h"
#include "quant-pt2e/Pipelines/ModelSignature.h"
#include "quant-pt2e/Pipelines/Pipelines.h"
#include "quant-pt2e/Runtime/Model.h"
#include "quant-pt2e/Target/TargetISA.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
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
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <unistd.h>

using namespace mlir;

namespace {

llvm::cl::opt<std::string> inputFile(llvm::cl::Positional,
                                     llvm::cl::desc("<model.mlir>"),
                                     llvm::cl::init(""));
llvm::cl::opt<std::string> outputFile("o",
                                      llvm::cl::desc("The shared library "
                                                     "to write (model.so)"),
                                      llvm::cl::init(""));
llvm::cl::opt<std::string> objectFile(
    "object", llvm::cl::desc("Also write the object file here"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> headerFile(
    "header",
    llvm::cl::desc("Also write a C header with the model's inputs and "
                   "outputs here"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> entry("entry", llvm::cl::desc("Entry function"),
                                 llvm::cl::init("forward"));
llvm::cl::opt<std::string> lowering(
    "lowering",
    llvm::cl::desc("reference (default), onednn, xnnpack, vector or auto (as "
                   "quant-run's --lowering)"),
    llvm::cl::init(""));
llvm::cl::opt<std::string> targetISA(
    "target-isa",
    llvm::cl::desc("Target ISA: host (default), generic, avx2, avxvnni, "
                   "avx512, avx512vnni or amx; the library refuses to load "
                   "on a CPU without it"),
    llvm::cl::init("host"));
llvm::cl::opt<unsigned> threads(
    "num-threads",
    llvm::cl::desc("Threads the compiled loops are split for (OpenMP when "
                   "> 1; each run names its thread count)"),
    llvm::cl::init(1));
llvm::cl::opt<std::string> llvmIRFile(
    "emit-llvm",
    llvm::cl::desc("Also write the LLVM IR (before -O3) here"),
    llvm::cl::init(""));
llvm::cl::opt<unsigned> compileJobs(
    "jobs",
    llvm::cl::desc("Threads that optimize and generate code, each on a "
                   "partition of the module (default: the host's cores)"),
    llvm::cl::init(0));
llvm::cl::opt<bool> timing(
    "timing",
    llvm::cl::desc("Print the time of each phase (lowering, translation, "
                   "optimization, code generation, linking)"),
    llvm::cl::init(false));
llvm::cl::opt<std::string> linker(
    "linker",
    llvm::cl::desc("The compiler driver that links the library (default: "
                   "the C compiler the project was built with)"),
    llvm::cl::init(QUANT_PT2E_LINKER));

int fail(const llvm::Twine &message) {
  llvm::errs() << "quant-compile: error: " << message << "\n";
  return 1;
}

/// A C identifier from the output file's name ("model" for model.so).
std::string identifier(llvm::StringRef path) {
  std::string stem = llvm::sys::path::stem(path).str(), name;
  for (char c : stem)
    name += llvm::isAlnum(c) ? c : '_';
  if (name.empty() || llvm::isDigit(name[0]))
    name = "model_" + name;
  return name;
}

std::string tensorLine(const char *kind,
                       const quant_pt2e::TensorSignature &t) {
  std::string line = std::string(kind) + " " + t.dtype + " " +
                     std::to_string(t.shape.size());
  for (int64_t d : t.shape)
    line += " " + std::to_string(d);
  if (!t.qparams)
    return line + " -\n";
  char scale[32];
  std::snprintf(scale, sizeof(scale), "%.9g",
                static_cast<double>(t.qparams->scale));
  return line + " q " + t.qparams->dtype + " " + scale + " " +
         std::to_string(t.qparams->zeroPoint) + " " +
         std::to_string(t.qparams->quantMin) + " " +
         std::to_string(t.qparams->quantMax) + "\n";
}

/// The descriptor Model.cpp parses.
std::string descriptor(const quant_pt2e::ModelSignature &signature,
                       llvm::StringRef loweringName, llvm::StringRef isa,
                       bool openmp) {
  std::string text = "quant-pt2e-model " +
                     std::to_string(QPT2E_MODEL_ABI_VERSION) + "\n" +
                     "entry " + entry + "\nlowering " + loweringName.str() +
                     "\ntarget " + isa.str() + "\nthreads " +
                     std::to_string(threads) + " " + (openmp ? "1" : "0") +
                     "\n";
  for (const quant_pt2e::TensorSignature &t : signature.inputs)
    text += tensorLine("input", t);
  for (const quant_pt2e::TensorSignature &t : signature.outputs)
    text += tensorLine("output", t);
  for (const auto &[id, spec] : signature.observerSpecs) {
    auto ctor = spec.getObserverAttr();
    char eps[32];
    std::snprintf(eps, sizeof(eps), "%.9g",
                  static_cast<double>(ctor ? ctor.getEps().convertToFloat()
                                           : qpt2e::math::kDefaultEps));
    text += "observer " + std::to_string(id) + " " +
            std::to_string(spec.getQuantMin()) + " " +
            std::to_string(spec.getQuantMax()) + " " +
            (quant_pt2e::isSymmetric(spec.getQscheme()) ? "1" : "0") + " " +
            (spec.getDtype() == quant_pt2e::QuantDType::uint8 ? "1" : "0") +
            " " + eps + "\n";
  }
  for (auto [id, channels] : signature.runningStats) {
    std::string base = quant_pt2e::runningStatGlobalName(id);
    text += "state " + std::to_string(id) + " " + std::to_string(channels) +
            " " + base + "_mean " + base + "_var\n";
  }
  return text;
}

/// qpt2e_model_entry(void **args): loads each argument from the pointer
/// in its slot, calls the entry, stores its result through the pointer in
/// the slot after the arguments (the ExecutionEngine's packed convention).
bool addPackedEntry(llvm::Module &module, llvm::StringRef name) {
  llvm::Function *fn = module.getFunction(name);
  if (!fn || fn->isDeclaration())
    return false;
  llvm::LLVMContext &ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  auto *type = llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy()}, false);
  auto *packed = llvm::Function::Create(type, llvm::Function::ExternalLinkage,
                                        "qpt2e_model_entry", module);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", packed));
  llvm::Value *list = packed->getArg(0);
  llvm::SmallVector<llvm::Value *> args;
  for (auto [index, arg] : llvm::enumerate(fn->args())) {
    llvm::Value *slot = b.CreateGEP(b.getPtrTy(), list, b.getInt64(index));
    llvm::Value *ptr = b.CreateLoad(b.getPtrTy(), slot);
    args.push_back(b.CreateLoad(arg.getType(), ptr));
  }
  llvm::Value *result = b.CreateCall(fn, args);
  if (!result->getType()->isVoidTy()) {
    llvm::Value *slot =
        b.CreateGEP(b.getPtrTy(), list, b.getInt64(fn->arg_size()));
    b.CreateStore(result, b.CreateLoad(b.getPtrTy(), slot));
  }
  b.CreateRetVoid();
  return true;
}

/// `const char *qpt2e_model_descriptor`, pointing at the text.
void addDescriptor(llvm::Module &module, const std::string &text) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Constant *data = llvm::ConstantDataArray::getString(ctx, text);
  auto *chars = new llvm::GlobalVariable(module, data->getType(), true,
                                         llvm::GlobalValue::PrivateLinkage,
                                         data, "qpt2e_model_descriptor_text");
  new llvm::GlobalVariable(module, llvm::PointerType::get(ctx, 0), true,
                           llvm::GlobalValue::ExternalLinkage, chars,
                           "qpt2e_model_descriptor");
}

const char *cDType(llvm::StringRef dtype) {
  return llvm::StringSwitch<const char *>(dtype)
      .Case("f64", "QPT2E_F64")
      .Case("i8", "QPT2E_I8")
      .Case("u8", "QPT2E_U8")
      .Case("i32", "QPT2E_I32")
      .Case("i64", "QPT2E_I64")
      .Default("QPT2E_F32");
}

std::string header(const quant_pt2e::ModelSignature &signature,
                   llvm::StringRef loweringName, llvm::StringRef isa) {
  std::string id = identifier(outputFile), upper = llvm::StringRef(id).upper();
  std::string text =
      "/* " + llvm::sys::path::filename(outputFile).str() +
      ": compiled by quant-compile from " +
      llvm::sys::path::filename(inputFile).str() + " (lowering " +
      loweringName.str() + ", target " + isa.str() +
      "). Load it with qpt2e_model_create (quant-pt2e/Runtime/Model.h). */\n"
      "#ifndef " + upper + "_MODEL_H\n#define " + upper + "_MODEL_H\n\n"
      "#include \"quant-pt2e/Runtime/Model.h\"\n\n";
  auto emit = [&](const char *kind,
                  const std::vector<quant_pt2e::TensorSignature> &tensors) {
    std::string K = llvm::StringRef(kind).upper();
    text += "#define " + upper + "_NUM_" + K + "S " +
            std::to_string(tensors.size()) + "\n";
    for (auto [i, t] : llvm::enumerate(tensors)) {
      std::string name = upper + "_" + K + "_" + std::to_string(i);
      int64_t count = 1;
      std::string dims;
      for (int64_t d : t.shape) {
        count *= d;
        dims += (dims.empty() ? "" : ", ") + std::to_string(d);
      }
      text +=
          "#define " + name + "_DTYPE " + cDType(t.dtype) + "\n" + "#define " +
          name + "_RANK " + std::to_string(t.shape.size()) + "\n#define " +
          name + "_NUM_ELEMENTS " + std::to_string(count) + "\n#define " +
          name + "_SHAPE {" +
          // A scalar has no dimensions; C has no empty initializer
          // (before C23): one placeholder element, _RANK says 0.
          (t.shape.empty() ? "0} /* rank 0: no dimensions */" : dims + "}") +
          "\n";
    }
  };
  emit("input", signature.inputs);
  emit("output", signature.outputs);
  return text + "\n#endif\n";
}

/// -O3 and code generation of `module` into the object file `path`, for
/// `target` with the ISA's `features`; the error, or "".
std::string optimizeAndEmit(llvm::Module &module, const llvm::Target *target,
                            const llvm::Triple &triple,
                            const std::string &features,
                            llvm::StringRef path) {
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, "x86-64", features, options, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return "cannot create a target machine for " + triple.str();
  module.setDataLayout(machine->createDataLayout());
  module.setTargetTriple(triple);
  if (llvm::Error error =
          makeOptimizingTransformer(3, 0, machine.get())(&module))
    return "optimizing failed: " + llvm::toString(std::move(error));
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return "cannot write '" + path.str() + "': " + ec.message();
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, out, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return "the target cannot emit object files";
  codegen.run(module);
  return "";
}

/// Moves the definitions of `module`'s large constant data arrays (the
/// packed weights) into a module of their own, leaving external hidden
/// declarations: the partitions of the code then carry no data through
/// their bitcode, and the data's object, which needs no optimization, is
/// written while they are optimized.
std::unique_ptr<llvm::Module> splitOffConstantData(llvm::Module &module) {
  auto data =
      std::make_unique<llvm::Module>("constant-data", module.getContext());
  data->setDataLayout(module.getDataLayout());
  data->setTargetTriple(module.getTargetTriple());
  for (llvm::GlobalVariable &global : module.globals()) {
    auto *init = global.hasInitializer()
                     ? llvm::dyn_cast<llvm::ConstantDataSequential>(
                           global.getInitializer())
                     : nullptr;
    if (!global.isConstant() || !init ||
        init->getNumElements() * init->getElementByteSize() < 4096)
      continue;
    auto *copy = new llvm::GlobalVariable(
        *data, global.getValueType(), /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, init, global.getName());
    copy->setAlignment(global.getAlign());
    copy->setVisibility(llvm::GlobalValue::HiddenVisibility);
    global.setInitializer(nullptr);
    global.setLinkage(llvm::GlobalValue::ExternalLinkage);
    global.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
  return data;
}

/// A temporary file name ending in `suffix`, or "" on failure.
std::string temporaryFile(llvm::StringRef suffix) {
  llvm::SmallString<128> path;
  int fd = -1;
  if (llvm::sys::fs::createTemporaryFile("quant-compile", suffix, fd, path))
    return "";
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  return std::string(path);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  DialectRegistry registry;
  quant_pt2e::registerQuantPT2E(registry);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "quant-pt2e ahead-of-time compiler: a model library for the C API\n");
  if (inputFile.empty() || outputFile.empty())
    return fail("usage: quant-compile <model.mlir> -o <model.so> [options]");
  std::optional<qpt2e::TargetISA> isa = qpt2e::TargetISA::resolve(targetISA);
  if (!isa)
    return fail(qpt2e::unknownTargetISAMessage(targetISA));
  if (threads < 1 || threads > 1024)
    return fail("--num-threads must be in [1, 1024], got " +
                llvm::Twine(threads.getValue()));
  std::optional<quant_pt2e::Lowering> chosen =
      quant_pt2e::resolveLowering(lowering, *isa);
  if (!chosen)
    return fail("unknown --lowering '" + lowering +
                "' (expected reference, onednn, xnnpack, vector or auto)");
  std::string loweringName = quant_pt2e::loweringName(*chosen).str();
  if (*chosen == quant_pt2e::Lowering::OneDNN && !isa->oneDNNExact())
    llvm::errs() << "quant-compile: warning: "
                 << qpt2e::oneDNNInexactReason(*isa) << "\n";

  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  // Errors, warnings and remarks of the parser and the passes, with their
  // source locations.
  quant_pt2e::ModelFile modelFile(context);
  std::string loadError;
  if (failed(modelFile.load(inputFile, loadError)))
    return fail(loadError);
  ModuleOp module = modelFile.module();
  std::string signatureError;
  std::optional<quant_pt2e::ModelSignature> signature =
      quant_pt2e::readModelSignature(module, entry, signatureError);
  if (!signature)
    return fail(signatureError + " in '" + inputFile + "'");
  // Observer and fake-quant lookups run where the loops run; the runtime
  // context is the calling thread's, not an OpenMP worker's.
  if (threads > 1 && !signature->observerSpecs.empty())
    return fail("'" + inputFile + "' has observers or fake quantizes "
                "(calibration / QAT): compile it with --num-threads 1");
  for (const auto *tensors : {&signature->inputs, &signature->outputs})
    for (const quant_pt2e::TensorSignature &t : *tensors)
      if (t.shape.size() > QPT2E_MAX_RANK)
        return fail("a tensor of rank " + llvm::Twine(t.shape.size()) +
                    " at the model's border: the C API takes rank <= " +
                    llvm::Twine(QPT2E_MAX_RANK));

  auto start = std::chrono::steady_clock::now(), phaseStart = start;
  // --timing: each phase's wall time.
  auto phase = [&](const char *name) {
    auto now = std::chrono::steady_clock::now();
    if (timing)
      llvm::outs() << llvm::format(
          "  %-22s %8.1f ms\n", name,
          std::chrono::duration<double, std::milli>(now - phaseStart).count());
    phaseStart = now;
  };
  std::string pipelineText = quant_pt2e::loweringPipeline(
      *chosen, threads, targetISA, /*threadsAtRunTime=*/true);
  std::string lowerError;
  if (failed(quant_pt2e::lowerToLLVMDialect(module, pipelineText, lowerError)))
    return fail("lowering '" + inputFile + "': " + lowerError);
  phase("lowering (MLIR)");
  bool openmp = false;
  module->walk([&](Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "omp")
      openmp = true;
  });

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "quant_pt2e_model");
  if (!llvmModule)
    return fail("translating '" + inputFile + "' to LLVM IR failed");
  phase("translation");
  if (!addPackedEntry(*llvmModule, entry))
    return fail("no entry '" + entry + "' after lowering");
  addDescriptor(*llvmModule,
                descriptor(*signature, loweringName, isa->name(), openmp));

  // The target: x86-64 with exactly the named ISA's extensions (the
  // library runs on any CPU that has them), tuned for the host.
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  std::string targetError;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, targetError);
  if (!target)
    return fail("no LLVM target for " + triple.str() + ": " + targetError);
  // The library's buffers come from the runtime's caching allocator
  // (Allocator.cpp): a run allocates nothing from the system after the
  // first.
  quant_pt2e::useRuntimeAllocator(*llvmModule);
  std::string tune = llvm::sys::getHostCPUName().str();
  for (llvm::Function &fn : *llvmModule)
    if (!fn.isDeclaration() && !fn.hasFnAttribute("tune-cpu"))
      fn.addFnAttr("tune-cpu", tune);
  if (!llvmIRFile.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream out(llvmIRFile, ec);
    if (ec)
      return fail("cannot write '" + llvmIRFile + "': " + ec.message());
    llvmModule->print(out, nullptr);
  }

  // -O3 and code generation, on partitions of the module, `jobs` at once
  // (llvm::SplitModule; each part in a context of its own, as bitcode):
  // both cost per function, and the cores are there. The packed weights'
  // data is written first, on its own: it needs neither.
  unsigned jobs = compileJobs ? compileJobs.getValue()
                              : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, 16);
  std::vector<std::string> objects;
  llvm::scope_exit cleanup([&]() {
    for (const std::string &o : objects)
      llvm::sys::fs::remove(o);
  });
  if (jobs <= 1) {
    objects.push_back(temporaryFile("o"));
    if (objects.back().empty())
      return fail("cannot create a temporary object file");
    std::string error = optimizeAndEmit(*llvmModule, target, triple,
                                        isa->llvmFeatures(), objects.back());
    if (!error.empty())
      return fail(error);
  } else {
    std::unique_ptr<llvm::Module> data = splitOffConstantData(*llvmModule);
    // Twice as many partitions as workers, taken in turn: the functions'
    // compile times differ too much for `jobs` parts to come out even.
    std::vector<llvm::SmallString<0>> parts;
    llvm::SplitModule(
        *llvmModule, 2 * jobs,
        [&](std::unique_ptr<llvm::Module> part) {
          parts.emplace_back();
          llvm::raw_svector_ostream os(parts.back());
          llvm::WriteBitcodeToFile(*part, os);
        },
        /*PreserveLocals=*/false, /*RoundRobin=*/true);
    llvmModule.reset();
    std::vector<std::string> errors(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
      objects.push_back(temporaryFile("o"));
      if (objects.back().empty())
        return fail("cannot create a temporary object file");
    }
    objects.push_back(temporaryFile("o"));
    if (objects.back().empty())
      return fail("cannot create a temporary object file");
    // Task 0 writes the data (in this context: one thread touches it),
    // task i + 1 partition i.
    std::string dataError;
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (unsigned w = 0; w < jobs; ++w)
      workers.emplace_back([&]() {
        for (size_t task = next++; task <= parts.size(); task = next++) {
          if (task == 0) {
            dataError = optimizeAndEmit(*data, target, triple,
                                        isa->llvmFeatures(), objects.back());
            continue;
          }
          size_t i = task - 1;
          llvm::LLVMContext partContext;
          llvm::Expected<std::unique_ptr<llvm::Module>> part =
              llvm::parseBitcodeFile(
                  llvm::MemoryBufferRef(
                      llvm::StringRef(parts[i].data(), parts[i].size()),
                      "partition"),
                  partContext);
          if (!part) {
            errors[i] = llvm::toString(part.takeError());
            continue;
          }
          errors[i] = optimizeAndEmit(**part, target, triple,
                                      isa->llvmFeatures(), objects[i]);
        }
      });
    for (std::thread &worker : workers)
      worker.join();
    if (!dataError.empty())
      return fail(dataError);
    for (const std::string &error : errors)
      if (!error.empty())
        return fail(error);
  }
  phase(jobs <= 1 ? "optimization + codegen" : "optimization + codegen (parallel)");

  // Link: the runtime library next to this tool's (../lib), and LLVM's
  // OpenMP runtime for parallel code; -z defs so that a missing symbol is
  // an error now, not when the library loads.
  std::string exe = llvm::sys::fs::getMainExecutable(argv[0], (void *)&fail);
  llvm::SmallString<256> libDir(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(libDir, "lib");
  llvm::SmallString<256> runtime(libDir);
  llvm::sys::path::append(runtime, "libQuantPT2ERuntime.so");
  if (!llvm::sys::fs::exists(runtime))
    return fail("the runtime library '" + runtime + "' is missing");
  llvm::ErrorOr<std::string> driver = llvm::sys::findProgramByName(linker);
  if (!driver)
    return fail("cannot find the linker driver '" + linker + "'");
  std::vector<std::string> args{*driver,
                                "-shared",
                                "-o",
                                outputFile,
                                std::string(runtime),
                                "-Wl,-rpath," + std::string(libDir),
                                "-Wl,-z,defs",
                                "-Wl,-z,now",
                                "-lm"};
  args.insert(args.begin() + 4, objects.begin(), objects.end());
  if (openmp) {
    args.push_back(QUANT_PT2E_LIBOMP);
    args.push_back("-Wl,-rpath," +
                   llvm::sys::path::parent_path(QUANT_PT2E_LIBOMP).str());
  }
  llvm::SmallVector<llvm::StringRef> argRefs(args.begin(), args.end());
  // The linker is a system tool: it runs without what this process was
  // preloaded with (a sanitizer runtime).
  std::vector<std::string> environment;
  for (char **var = environ; *var; ++var)
    if (!llvm::StringRef(*var).starts_with("LD_PRELOAD="))
      environment.push_back(*var);
  llvm::SmallVector<llvm::StringRef> env(environment.begin(),
                                         environment.end());
  std::string linkError;
  int status = llvm::sys::ExecuteAndWait(*driver, argRefs, env, {}, 0, 0,
                                         &linkError);
  if (status != 0)
    return fail("linking '" + outputFile + "' failed" +
                (linkError.empty() ? "" : ": " + linkError));
  if (!objectFile.empty()) {
    // One relocatable object of all partitions.
    std::vector<std::string> rargs{*driver, "-r", "-o", objectFile};
    rargs.insert(rargs.end(), objects.begin(), objects.end());
    llvm::SmallVector<llvm::StringRef> rrefs(rargs.begin(), rargs.end());
    if (llvm::sys::ExecuteAndWait(*driver, rrefs, env, {}, 0, 0,
                                  &linkError) != 0)
      return fail("writing '" + objectFile + "' failed" +
                  (linkError.empty() ? "" : ": " + linkError));
  }
  phase("linking");

  if (!headerFile.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream out(headerFile, ec);
    if (ec)
      return fail("cannot write '" + headerFile + "': " + ec.message());
    out << header(*signature, loweringName, isa->name());
  }
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  llvm::outs() << "wrote " << outputFile << " (lowering " << loweringName
               << ", target " << isa->name() << ", " << threads
               << (threads == 1 ? " thread" : " threads") << ", compile "
               << llvm::format("%.1f", ms) << " ms)\n";
  return 0;
}
