//===- sinter-compile.cpp - the Sinter ahead-of-time compiler driver ------===//
//
// sinter-compile MODEL.onnx -o OUT.mlir [--input-shape NAME=DIMS]...
//
// Every diagnostic is printed as `FILE: error: node 'NAME' (OpType): ...`;
// any error exits with status 1 and leaves no output file behind.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/OnnxImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
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

cl::opt<std::string> outputPath("o", cl::init("-"),
                                cl::desc("Output file: .mlir, or - for stdout"),
                                cl::value_desc("file"),
                                cl::cat(compileCategory));

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
  if (outputPath != "-" && extension != ".mlir")
    return reportUsageError("cannot write '" + outputPath +
                            "': this version writes only the imported IR "
                            "(.mlir, or - for stdout)");

  mlir::DialectRegistry registry;
  sinter::registerImportedDialects(registry);
  mlir::MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  context.getDiagEngine().registerHandler(handleDiagnostic);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      sinter::importOnnxModel(context, inputPath, options);
  if (!module)
    return 1;

  // The output file is opened only once everything has succeeded, and is
  // removed again if writing fails or the process is interrupted.
  std::string errorMessage;
  std::unique_ptr<ToolOutputFile> output =
      mlir::openOutputFile(outputPath, &errorMessage);
  if (!output)
    return reportUsageError(errorMessage);
  module->print(output->os());
  output->os().flush();
  if (output->os().has_error())
    return reportUsageError("cannot write '" + outputPath +
                            "': " + output->os().error().message());
  output->keep();
  return 0;
}
