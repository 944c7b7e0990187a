//===- sinter-compile.cpp - the Sinter ahead-of-time compiler driver ------===//
//
// sinter-compile MODEL.onnx -o OUT.{o,so,mlir,ll} [options]
//
// The extension of OUT picks the artifact: an object file (plus OUT's stem
// .h beside it), a shared library, IR at a stage, or LLVM IR. Every
// diagnostic is printed as `FILE: error: node 'NAME' (OpType): ...`; any
// error exits with status 1 and leaves no output file behind.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/ModelSignature.h"
#include "compiler/Codegen/ObjectEmitter.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Codegen/Pipeline.h"
#include "compiler/Codegen/Target.h"
#include "compiler/Importer/OnnxImporter.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

cl::OptionCategory compileCategory("sinter-compile options");

cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                               cl::desc("<model.onnx>"),
                               cl::cat(compileCategory));

cl::opt<std::string> outputPath(
    "o", cl::init("-"),
    cl::desc("Output file; its extension picks the artifact: .o (object and "
             ".h header), .so (shared library), .mlir (IR at --stage), .ll "
             "(LLVM IR); - writes .mlir to stdout"),
    cl::value_desc("file"), cl::cat(compileCategory));

cl::opt<std::string> stageName(
    "stage", cl::init("import"),
    cl::desc("IR stage that .mlir output shows: import, optimized, linalg, "
             "llvm"),
    cl::value_desc("stage"), cl::cat(compileCategory));

cl::opt<unsigned> optLevel("O", cl::Prefix, cl::init(2),
                           cl::desc("Graph optimization level: -O0 none, "
                                    "-O2 all (default)"),
                           cl::cat(compileCategory));

cl::opt<std::string> ioLayout(
    "io-layout", cl::init("nchw"),
    cl::desc("Layout of 4-D model inputs and outputs at -O2: nchw (ONNX's, "
             "default) or nhwc (no boundary transposes)"),
    cl::value_desc("layout"), cl::cat(compileCategory));

cl::opt<bool> report(
    "report",
    cl::desc("Print a summary of the graph optimizations to stderr: op "
             "counts before and after, and what each pass changed"),
    cl::cat(compileCategory));

cl::opt<std::string> prefixOption(
    "prefix",
    cl::desc("Symbol prefix of the entry points (default: from the model's "
             "file name)"),
    cl::value_desc("name"), cl::cat(compileCategory));

cl::opt<std::string> targetCpu(
    "target-cpu", cl::init("native"),
    cl::desc("CPU to generate code for (default: the host's, with its "
             "features; e.g. x86-64 for a portable object)"),
    cl::value_desc("cpu"), cl::cat(compileCategory));

cl::opt<std::string> targetTriple(
    "target-triple", cl::desc("Target triple (default: the host's)"),
    cl::value_desc("triple"), cl::cat(compileCategory));

cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape of a graph input, e.g. "
                         "input=1x3x224x224 (repeatable); pins dynamic "
                         "dimensions"),
                cl::value_desc("NAME=DIMS"), cl::cat(compileCategory));

void printDiagnostic(const mlir::Diagnostic &diag, StringRef severity,
                     raw_ostream::Colors color) {
  sinter::SourceLocation source = sinter::describeLocation(diag.getLocation());
  errs() << (source.file.empty() ? StringRef(inputPath) : StringRef(source.file))
         << ": ";
  WithColor(errs(), color, /*Bold=*/true) << severity << ":";
  errs() << " ";
  if (!source.opType.empty())
    errs() << "node '" << source.node << "' (" << source.opType << "): ";
  errs() << diag << "\n";
}

mlir::LogicalResult handleDiagnostic(mlir::Diagnostic &diag) {
  switch (diag.getSeverity()) {
  case mlir::DiagnosticSeverity::Error:
    printDiagnostic(diag, "error", raw_ostream::RED);
    break;
  case mlir::DiagnosticSeverity::Warning:
    printDiagnostic(diag, "warning", raw_ostream::MAGENTA);
    break;
  default:
    printDiagnostic(diag, "note", raw_ostream::BLACK);
    break;
  }
  for (const mlir::Diagnostic &note : diag.getNotes())
    printDiagnostic(note, "note", raw_ostream::BLACK);
  return mlir::success();
}

int reportUsageError(const Twine &message) {
  WithColor::error(errs(), "sinter-compile") << message << "\n";
  return 1;
}

/// Flushes `output` and keeps it, or reports why it could not be written.
int finish(ToolOutputFile &output) {
  output.os().flush();
  if (output.os().has_error())
    return reportUsageError("cannot write '" + output.getFilename() +
                            "': " + output.os().error().message());
  output.keep();
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions(compileCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "Sinter: ONNX models to native code\n");

  sinter::ImportOptions options;
  for (const std::string &spec : inputShapes) {
    auto parsed = sinter::parseInputShape(spec);
    if (!parsed)
      return reportUsageError(toString(parsed.takeError()));
    options.inputShapes[parsed->first] = parsed->second;
  }

  StringRef extension = sys::path::extension(outputPath);
  bool toStdout = outputPath == "-";
  if (!toStdout && !llvm::is_contained({".o", ".so", ".mlir", ".ll"}, extension))
    return reportUsageError("cannot write '" + outputPath +
                            "': the output's extension must be .o, .so, "
                            ".mlir or .ll");
  if (ioLayout != "nchw" && ioLayout != "nhwc")
    return reportUsageError("--io-layout must be nchw or nhwc, got '" +
                            ioLayout + "'");
  std::optional<sinter::Stage> stage = sinter::parseStage(stageName);
  if (!stage)
    return reportUsageError("unknown --stage '" + stageName +
                            "'; expected import, optimized, linalg or llvm");
  std::string prefix = prefixOption.empty()
                           ? sinter::getDefaultPrefix(toStdout ? StringRef(inputPath)
                                                               : StringRef(outputPath))
                           : prefixOption.getValue();
  if (!sinter::isValidPrefix(prefix))
    return reportUsageError("--prefix '" + prefix +
                            "' is not a C identifier");

  // The target is known before the first pass: the kernel configuration
  // reads its vector width and caches.
  llvm::Expected<sinter::TargetInfo> target =
      sinter::resolveTarget({targetTriple, targetCpu});
  if (!target)
    return reportUsageError(toString(target.takeError()));

  mlir::DialectRegistry registry;
  sinter::registerImportedDialects(registry);
  sinter::registerCodegenDependencies(registry);
  mlir::MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  context.getDiagEngine().registerHandler(handleDiagnostic);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      sinter::importOnnxModel(context, inputPath, options);
  if (!module)
    return 1;
  sinter::setModuleTarget(*module, *target);
  sinter::PipelineOptions pipeline;
  pipeline.optLevel = optLevel;
  pipeline.ioLayout = ioLayout;
  if (report)
    pipeline.report = &errs();
  bool textualIR = toStdout || extension == ".mlir";
  sinter::Stage finalStage = textualIR ? *stage : sinter::Stage::LLVM;
  // The signature is read after the graph passes, which may change the
  // layout of inputs and outputs (--io-layout).
  if (failed(sinter::lowerToStage(*module, sinter::Stage::Import,
                                  std::min(finalStage, sinter::Stage::Optimized),
                                  pipeline)))
    return 1;
  auto main = module->lookupSymbol<mlir::func::FuncOp>("main");
  mlir::FailureOr<sinter::ModelSignature> signature =
      sinter::getModelSignature(main);
  if (failed(signature))
    return 1;
  if (failed(sinter::lowerToStage(*module, sinter::Stage::Optimized, finalStage,
                                  pipeline)))
    return 1;
  // The output file is opened only once everything has succeeded, and is
  // removed again if writing fails or the process is interrupted.
  std::string errorMessage;
  if (textualIR) {
    std::unique_ptr<ToolOutputFile> output =
        mlir::openOutputFile(outputPath, &errorMessage);
    if (!output)
      return reportUsageError(errorMessage);
    module->print(output->os());
    return finish(*output);
  }

  auto kernel = module->lookupSymbol<mlir::LLVM::LLVMFuncOp>("main");
  auto workspaceAttr = kernel ? kernel->getAttrOfType<mlir::IntegerAttr>(
                                    sinter::kWorkspaceSizeAttr)
                              : mlir::IntegerAttr();
  if (!workspaceAttr)
    return reportUsageError("internal error: the lowered kernel has no "
                            "workspace size");
  uint64_t workspaceSize = workspaceAttr.getInt();

  auto machine = sinter::createTargetMachine(*target);
  if (!machine)
    return reportUsageError(toString(machine.takeError()));
  llvm::LLVMContext llvmContext;
  auto llvmModule = sinter::buildLLVMModule(
      *module, llvmContext, *signature, prefix, workspaceSize, **machine);
  if (!llvmModule)
    return reportUsageError(toString(llvmModule.takeError()));

  if (extension == ".ll") {
    std::unique_ptr<ToolOutputFile> output =
        mlir::openOutputFile(outputPath, &errorMessage);
    if (!output)
      return reportUsageError(errorMessage);
    (*llvmModule)->print(output->os(), nullptr);
    return finish(*output);
  }

  if (extension == ".o") {
    SmallString<256> headerPath(outputPath);
    sys::path::replace_extension(headerPath, ".h");
    std::unique_ptr<ToolOutputFile> object =
        mlir::openOutputFile(outputPath, &errorMessage);
    if (!object)
      return reportUsageError(errorMessage);
    if (Error error = sinter::emitObjectFile(**llvmModule, **machine,
                                             object->os()))
      return reportUsageError(toString(std::move(error)));
    std::unique_ptr<ToolOutputFile> header =
        mlir::openOutputFile(headerPath, &errorMessage);
    if (!header)
      return reportUsageError(errorMessage);
    header->os() << sinter::generateHeader(*signature, prefix, workspaceSize,
                                           inputPath);
    if (int status = finish(*object))
      return status;
    return finish(*header);
  }

  // A shared library: the object and the library go to temporary files
  // beside the output, and the library is renamed into place last. lld
  // resets every command-line option, so keep the output path.
  const std::string libraryOutput = outputPath;
  SmallString<256> objectPath, libraryPath;
  if (std::error_code error = sys::fs::createUniqueFile(
          outputPath + ".%%%%%%.o", objectPath))
    return reportUsageError("cannot create a temporary file beside '" +
                            outputPath + "': " + error.message());
  FileRemover removeObject(objectPath);
  {
    std::unique_ptr<ToolOutputFile> object =
        mlir::openOutputFile(objectPath, &errorMessage);
    if (!object)
      return reportUsageError(errorMessage);
    if (Error error = sinter::emitObjectFile(**llvmModule, **machine,
                                             object->os()))
      return reportUsageError(toString(std::move(error)));
    if (int status = finish(*object))
      return status;
  }
  libraryPath = libraryOutput;
  libraryPath += ".partial";
  FileRemover removeLibrary(libraryPath);
  if (Error error = sinter::linkSharedLibrary(objectPath, libraryPath))
    return reportUsageError(toString(std::move(error)));
  if (std::error_code error = sys::fs::rename(libraryPath, libraryOutput))
    return reportUsageError("cannot write '" + libraryOutput +
                            "': " + error.message());
  return 0;
}
