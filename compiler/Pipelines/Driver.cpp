//===- Driver.cpp - an ONNX model to an artifact, as sinter-compile does --===//

#include "compiler/Pipelines/Driver.h"
#include "compiler/Codegen/GpuProgram.h"
#include "compiler/Codegen/ModelSignature.h"
#include "compiler/Codegen/ObjectEmitter.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Importer/OnnxImporter.h"
#include "sinter/sinter.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace llvm;

namespace sinter {
namespace {

int reportUsageError(const Twine &message) {
  WithColor::error(errs(), "sinter-compile") << message << "\n";
  return 1;
}

/// Prints `FILE: severity: [node 'NAME' (OpType): ]message`.
class DiagnosticPrinter {
public:
  explicit DiagnosticPrinter(StringRef modelPath) : modelPath(modelPath) {}

  mlir::LogicalResult operator()(mlir::Diagnostic &diag) const {
    switch (diag.getSeverity()) {
    case mlir::DiagnosticSeverity::Error:
      print(diag, "error", raw_ostream::RED);
      break;
    case mlir::DiagnosticSeverity::Warning:
      print(diag, "warning", raw_ostream::MAGENTA);
      break;
    default:
      print(diag, "note", raw_ostream::BLACK);
      break;
    }
    for (const mlir::Diagnostic &note : diag.getNotes())
      print(note, "note", raw_ostream::BLACK);
    return mlir::success();
  }

private:
  void print(const mlir::Diagnostic &diag, StringRef severity,
             raw_ostream::Colors color) const {
    SourceLocation source = describeLocation(diag.getLocation());
    errs() << (source.file.empty() ? modelPath : source.file) << ": ";
    WithColor(errs(), color, /*Bold=*/true) << severity << ":";
    errs() << " ";
    if (!source.opType.empty())
      errs() << "node '" << source.node << "' (" << source.opType << "): ";
    errs() << diag << "\n";
  }

  std::string modelPath;
};

/// Flushes `output` and keeps it, or reports why it could not be written.
int finish(ToolOutputFile &output) {
  output.os().flush();
  if (output.os().has_error())
    return reportUsageError("cannot write '" + output.getFilename() +
                            "': " + output.os().error().message());
  output.keep();
  return 0;
}

int writeText(StringRef path, function_ref<void(raw_ostream &)> write) {
  std::string errorMessage;
  std::unique_ptr<ToolOutputFile> output =
      mlir::openOutputFile(path, &errorMessage);
  if (!output)
    return reportUsageError(errorMessage);
  write(output->os());
  return finish(*output);
}

int writeObject(StringRef path, Module &module, TargetMachine &machine) {
  std::string errorMessage;
  std::unique_ptr<ToolOutputFile> object =
      mlir::openOutputFile(path, &errorMessage);
  if (!object)
    return reportUsageError(errorMessage);
  if (Error error = emitObjectFile(module, machine, object->os()))
    return reportUsageError(toString(std::move(error)));
  return finish(*object);
}

/// The object and the library go to temporary files beside the output, and
/// the library is renamed into place last.
int writeSharedLibrary(const std::string &outputPath,
                       std::unique_ptr<LLVMContext> context,
                       std::unique_ptr<Module> module, TargetMachine &machine) {
  SmallString<256> objectPath;
  if (std::error_code error = sys::fs::createUniqueFile(
          outputPath + ".%%%%%%.o", objectPath))
    return reportUsageError("cannot create a temporary file beside '" +
                            outputPath + "': " + error.message());
  FileRemover removeObject(objectPath);
  if (int status = writeObject(objectPath, *module, machine))
    return status;
  // The module's copy of the weights (its constants live in the context) is
  // not needed while linking.
  module.reset();
  context.reset();
#ifdef __GLIBC__
  // Hand the freed weights back to the system before the linker maps the
  // object and its output: the peak of a large model's compile is here.
  malloc_trim(0);
#endif
  std::string libraryPath = outputPath + ".partial";
  FileRemover removeLibrary(libraryPath);
  if (Error error = linkSharedLibrary(objectPath, libraryPath))
    return reportUsageError(toString(std::move(error)));
  if (std::error_code error = sys::fs::rename(libraryPath, outputPath))
    return reportUsageError("cannot write '" + outputPath +
                            "': " + error.message());
  return 0;
}

/// Writes the weights array that sinter-externalize-weights put on
/// `module` (none: an empty one) as a weights file at `path`, records its
/// size and fingerprint in `spec`, and drops the array from the module.
/// The file is removed again unless the caller keeps it.
std::unique_ptr<ToolOutputFile> writeWeightsFile(mlir::ModuleOp module,
                                                 StringRef path,
                                                 EntryPointSpec &spec) {
  ArrayRef<char> weights = getWeightsArray(module);
  std::string errorMessage;
  std::unique_ptr<ToolOutputFile> output =
      mlir::openOutputFile(path, &errorMessage);
  if (!output) {
    reportUsageError(errorMessage);
    return nullptr;
  }
  sinter_weights_header header = {};
  std::memcpy(header.magic, SINTER_WEIGHTS_MAGIC, sizeof header.magic);
  header.format = SINTER_WEIGHTS_FORMAT;
  header.header_size = sizeof header;
  header.weights_size = weights.size();
  if (!weights.empty())
    header.weights_fingerprint = xxh3_64bits(ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(weights.data()), weights.size()));
  output->os().write(reinterpret_cast<const char *>(&header), sizeof header);
  output->os().write(weights.data(), weights.size());
  output->os().flush();
  if (output->os().has_error()) {
    reportUsageError("cannot write '" + path + "': " +
                     output->os().error().message());
    return nullptr;
  }
  spec.weightsSize = header.weights_size;
  spec.weightsFingerprint = header.weights_fingerprint;
  spec.weightsFile = sys::path::filename(path).str();
  module->removeAttr(kWeightsAttr);
  releaseDeadWeights(module);
  return output;
}

/// Writes `llvmModule` as the artifact `request` asks for: LLVM IR, a
/// shared library, or an object and its header.
int writeArtifact(const CompileRequest &request,
                  std::unique_ptr<LLVMContext> llvmContext,
                  std::unique_ptr<Module> llvmModule, TargetMachine &machine,
                  const ModelSignature &signature, const EntryPointSpec &spec,
                  StringRef extension) {
  if (extension == ".ll")
    return writeText(request.outputPath,
                     [&](raw_ostream &os) { llvmModule->print(os, nullptr); });
  if (extension == ".so")
    return writeSharedLibrary(request.outputPath, std::move(llvmContext),
                              std::move(llvmModule), machine);
  // An object and its header; the header is written once the object is.
  SmallString<256> headerPath(request.outputPath);
  sys::path::replace_extension(headerPath, ".h");
  if (int status = writeObject(request.outputPath, *llvmModule, machine))
    return status;
  int status = writeText(headerPath, [&](raw_ostream &os) {
    os << generateHeader(signature, spec, request.inputPath);
  });
  if (status)
    sys::fs::remove(request.outputPath);
  return status;
}

/// Native code (or LLVM IR) for a module lowered to the LLVM dialect.
int emitCode(const CompileRequest &request, mlir::ModuleOp module,
             const ModelSignature &signature, const EntryPointSpec &spec,
             StringRef extension, mlir::TimingScope &timing) {
  std::optional<TargetInfo> target = getModuleTarget(module);
  if (!target)
    return 1;
  auto machine = createTargetMachine(*target);
  if (!machine)
    return reportUsageError(toString(machine.takeError()));
  auto llvmContext = std::make_unique<LLVMContext>();
  mlir::TimingScope translation = timing.nest("translate to LLVM IR");
  auto llvmModule =
      buildLLVMModule(module, *llvmContext, signature, spec, **machine);
  if (!llvmModule)
    return reportUsageError(toString(llvmModule.takeError()));
  translation.stop();
  // The LLVM module holds its own copy of the weights now.
  module.getBody()->clear();
  releaseDeadWeights(module);
  mlir::TimingScope emission = timing.nest("optimize and emit native code");
  return writeArtifact(request, std::move(llvmContext), std::move(*llvmModule),
                       **machine, signature, spec, extension);
}

/// The ptxas to assemble a cubin with: --cuda-ptxas, else
/// $CUDA_HOME/bin/ptxas when it exists; empty: PTX only.
Expected<std::string> findPtxas(const CompileRequest &request) {
  if (!request.cudaPtxas.empty()) {
    if (!sys::fs::can_execute(request.cudaPtxas))
      return createStringError("--cuda-ptxas '" + request.cudaPtxas +
                               "' is not an executable file");
    return request.cudaPtxas;
  }
  if (std::optional<std::string> home = sys::Process::GetEnv("CUDA_HOME")) {
    SmallString<256> path(*home);
    sys::path::append(path, "bin", "ptxas");
    if (sys::fs::can_execute(path))
      return path.str().str();
  }
  return std::string();
}

/// The artifact of a --device=cuda model: its GPU program (PTX, a cubin
/// when ptxas is found, the launches, the weights) as data.
int emitGpuProgram(const CompileRequest &request, mlir::ModuleOp module,
                   const ModelSignature &signature, StringRef prefix,
                   StringRef extension, mlir::TimingScope &timing) {
  std::optional<TargetInfo> target = getModuleTarget(module);
  if (!target)
    return 1;
  mlir::FailureOr<GpuProgram> program = readGpuProgram(
      module, signature, lookupCudaArch(request.cudaArch)->computeCapability);
  if (failed(program))
    return 1;
  Expected<std::string> ptxas = findPtxas(request);
  if (!ptxas)
    return reportUsageError(toString(ptxas.takeError()));
  if (!ptxas->empty()) {
    mlir::TimingScope assembly = timing.nest("ptxas");
    if (Error error = assembleCubin(*program, *ptxas, request.cudaArch))
      return reportUsageError(toString(std::move(error)));
  }
  auto machine = createTargetMachine(*target);
  if (!machine)
    return reportUsageError(toString(machine.takeError()));
  EntryPointSpec spec;
  spec.prefix = prefix.str();
  spec.gpu = true;
  auto llvmContext = std::make_unique<LLVMContext>();
  std::unique_ptr<Module> llvmModule = buildGpuLLVMModule(
      *program, *llvmContext, signature, spec, **machine);
  module.getBody()->clear();
  releaseDeadWeights(module);
  return writeArtifact(request, std::move(llvmContext), std::move(llvmModule),
                       **machine, signature, spec, extension);
}

/// The artifact for a module lowered to the LLVM dialect, and its weights
/// file with --weights=file.
int emitNative(const CompileRequest &request, mlir::ModuleOp module,
               const ModelSignature &signature, StringRef prefix,
               StringRef extension, mlir::TimingScope &timing) {
  if (request.device == "cuda")
    return emitGpuProgram(request, module, signature, prefix, extension,
                          timing);
  auto kernel = module.lookupSymbol<mlir::LLVM::LLVMFuncOp>("main");
  auto workspaceAttr =
      kernel ? kernel->getAttrOfType<mlir::IntegerAttr>(kWorkspaceSizeAttr)
             : mlir::IntegerAttr();
  if (!workspaceAttr)
    return reportUsageError("internal error: the lowered kernel has no "
                            "workspace size");
  EntryPointSpec spec;
  spec.prefix = prefix.str();
  spec.workspaceSize = workspaceAttr.getInt();
  // A shared library is checked by sinter_load; an object by its own run.
  spec.checkCpuInRun = extension != ".so";
  std::unique_ptr<ToolOutputFile> weightsFile;
  if (request.weightsInFile) {
    SmallString<256> weightsPath(request.outputPath);
    sys::path::replace_extension(weightsPath, ".weights");
    weightsFile = writeWeightsFile(module, weightsPath, spec);
    if (!weightsFile)
      return 1;
  }
  int status = emitCode(request, module, signature, spec, extension, timing);
  if (status == 0 && weightsFile)
    weightsFile->keep();
  return status;
}

} // namespace

int compileModel(const CompileRequest &request) {
  StringRef extension = sys::path::extension(request.outputPath);
  bool toStdout = request.outputPath == "-";
  if (!toStdout &&
      !llvm::is_contained({".o", ".so", ".mlir", ".ll"}, extension))
    return reportUsageError("cannot write '" + request.outputPath +
                            "': the output's extension must be .o, .so, "
                            ".mlir or .ll");
  if (request.ioLayout != "nchw" && request.ioLayout != "nhwc")
    return reportUsageError("--io-layout must be nchw or nhwc, got '" +
                            request.ioLayout + "'");
  if (!llvm::is_contained({"cpu", "cuda", "cuda-emulated"}, request.device))
    return reportUsageError("--device must be cpu, cuda or cuda-emulated, "
                            "got '" + request.device + "'");
  if (!lookupCudaArch(request.cudaArch))
    return reportUsageError("--cuda-arch '" + request.cudaArch +
                            "' is not one Sinter knows: " + listCudaArchs());
  if (request.device == "cuda" && request.weightsInFile)
    return reportUsageError("--weights=file is not supported with "
                            "--device=cuda: the weights are in the GPU "
                            "program, which uploads them once");
  std::string prefix =
      request.prefix.empty()
          ? getDefaultPrefix(toStdout ? StringRef(request.inputPath)
                                      : StringRef(request.outputPath))
          : request.prefix;
  if (!isValidPrefix(prefix))
    return reportUsageError("--prefix '" + prefix + "' is not a C identifier");
  // The target is known before the first pass: the kernel configuration
  // reads its vector width and caches.
  Expected<TargetInfo> target = resolveTarget(request.target);
  if (!target)
    return reportUsageError(toString(target.takeError()));

  mlir::DialectRegistry registry;
  registerImportedDialects(registry);
  registerCodegenDependencies(registry);
  mlir::MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  context.getDiagEngine().registerHandler(DiagnosticPrinter(request.inputPath));

  ImportOptions importOptions;
  for (const auto &entry : request.inputShapes)
    importOptions.inputShapes[entry.getKey()] = entry.getValue();
  for (const auto &entry : request.boundInputs)
    importOptions.boundInputs[entry.getKey()] = entry.getValue();
  mlir::DefaultTimingManager timingManager;
  timingManager.setEnabled(request.timePhases);
  mlir::TimingScope timing = timingManager.getRootScope();
  mlir::TimingScope importTiming = timing.nest("import ONNX");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      importOnnxModel(context, request.inputPath, importOptions);
  if (!module)
    return 1;
  importTiming.stop();
  setModuleTarget(*module, *target);

  PipelineOptions pipeline;
  pipeline.optLevel = request.optLevel;
  pipeline.ioLayout = request.ioLayout;
  pipeline.winograd = request.winograd;
  pipeline.weightsInFile = request.weightsInFile;
  pipeline.device = request.device;
  pipeline.cudaArch = request.cudaArch;
  if (request.report)
    pipeline.report = &errs();
  pipeline.timing = &timing;
  bool textualIR = toStdout || extension == ".mlir";
  Stage finalStage = textualIR ? request.stage : Stage::LLVM;
  // The signature is read after the graph passes, which may change the
  // layout of inputs and outputs (--io-layout).
  if (failed(lowerToStage(*module, Stage::Import,
                          std::min(finalStage, Stage::Optimized), pipeline)))
    return 1;
  mlir::FailureOr<ModelSignature> signature =
      getModelSignature(module->lookupSymbol<mlir::func::FuncOp>("main"));
  if (failed(signature))
    return 1;
  if (failed(lowerToStage(*module, Stage::Optimized, finalStage, pipeline)))
    return 1;
  // Output files are opened only once everything has succeeded, and are
  // removed again if writing fails or the process is interrupted.
  if (textualIR)
    return writeText(request.outputPath,
                     [&](raw_ostream &os) { module->print(os); });
  return emitNative(request, *module, *signature, prefix, extension, timing);
}

} // namespace sinter
