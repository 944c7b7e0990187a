//===- sinter-compile.cpp - the Sinter ahead-of-time compiler driver ------===//
//
// sinter-compile MODEL.onnx -o OUT.{o,so,mlir,ll} [options]
//
// The command line of the compile driver (compiler/Pipelines/Driver.h): the
// extension of OUT picks the artifact: an object file (plus OUT's stem .h
// beside it), a shared library, IR at a stage, or LLVM IR. Every diagnostic
// is printed as `FILE: error: node 'NAME' (OpType): ...`; any error exits
// with status 1 and leaves no output file behind.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/OnnxImporter.h"
#include "compiler/Importer/OpImporters.h"
#include "compiler/Pipelines/Driver.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

cl::OptionCategory compileCategory("sinter-compile options");

cl::opt<std::string> inputPath(cl::Positional,
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

cl::opt<bool> timePhases(
    "time-phases",
    cl::desc("Print the wall time of each compile phase to stderr: import, "
             "every pass, LLVM translation, optimization and emission"),
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

cl::opt<std::string> winograd(
    "winograd", cl::init("on"), cl::value_desc("on|off"),
    cl::desc("Compute 3x3 stride-1 convs as Winograd F(4x4, 3x3) where the "
             "kernel configuration finds it pays (default on; "
             "--winograd=off for direct convs only)"),
    cl::cat(compileCategory));

cl::opt<std::string> weights(
    "weights", cl::init("embed"), cl::value_desc("embed|file"),
    cl::desc("Where the weights go: embed (in the object or library, "
             "default) or file (OUT.weights beside it, read through "
             "<prefix>_run_with_weights; the object holds none)"),
    cl::cat(compileCategory));

cl::opt<std::string> device(
    "device", cl::init("cpu"), cl::value_desc("cpu|cuda|cuda-emulated"),
    cl::desc("What runs the model: cpu (default); cuda (NVIDIA GPUs: PTX, "
             "and a cubin when ptxas is found, in the object, run by the "
             "runtime over the CUDA driver; no CUDA needed to compile); "
             "cuda-emulated (the cuda kernels' loops run on the CPU, block "
             "and thread ids as loop counters: checks the GPU code's "
             "numbers without a GPU; slow)"),
    cl::cat(compileCategory));

cl::opt<std::string> cudaArch(
    "cuda-arch", cl::init("sm_80"), cl::value_desc("sm_XX"),
    cl::desc("The NVIDIA architecture the PTX targets (default sm_80; the "
             "driver compiles it for newer GPUs)"),
    cl::cat(compileCategory));

cl::opt<std::string> cudaPtxas(
    "cuda-ptxas", cl::value_desc("path"),
    cl::desc("ptxas to assemble a cubin for --cuda-arch with (default: "
             "$CUDA_HOME/bin/ptxas when it exists, else PTX only)"),
    cl::cat(compileCategory));

cl::opt<bool> printSupportedOps(
    "print-supported-ops",
    cl::desc("Print the table of supported ONNX ops (docs/supported-ops.md) "
             "and exit"),
    cl::cat(compileCategory));

cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape of a graph input, e.g. "
                         "input=1x3x224x224 (repeatable); pins dynamic "
                         "dimensions"),
                cl::value_desc("NAME=DIMS"), cl::cat(compileCategory));

cl::list<std::string> bindInputs(
    "bind-input",
    cl::desc("Freeze a graph input to the tensor in FILE (.npy or .pb), "
             "e.g. shape=shape.npy (repeatable): it becomes a constant, "
             "for inputs that determine a shape"),
    cl::value_desc("NAME=FILE"), cl::cat(compileCategory));

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions(compileCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "Sinter: ONNX models to native code\n");

  if (printSupportedOps) {
    sinter::onnx_import::printSupportedOps(outs());
    return 0;
  }
  if (inputPath.empty()) {
    WithColor::error(errs(), "sinter-compile")
        << "no model given (sinter-compile MODEL.onnx -o OUT)\n";
    return 1;
  }

  sinter::CompileRequest request;
  request.inputPath = inputPath;
  request.outputPath = outputPath;
  for (const std::string &spec : inputShapes) {
    auto parsed = sinter::parseInputShape(spec);
    if (!parsed) {
      WithColor::error(errs(), "sinter-compile")
          << toString(parsed.takeError()) << "\n";
      return 1;
    }
    request.inputShapes[parsed->first] = parsed->second;
  }
  for (StringRef spec : bindInputs) {
    auto [name, file] = spec.split('=');
    if (name.empty() || file.empty()) {
      WithColor::error(errs(), "sinter-compile")
          << "--bind-input expects NAME=FILE, got '" << spec << "'\n";
      return 1;
    }
    request.boundInputs[name] = file.str();
  }
  std::optional<sinter::Stage> stage = sinter::parseStage(stageName);
  if (!stage) {
    WithColor::error(errs(), "sinter-compile")
        << "unknown --stage '" << stageName
        << "'; expected import, optimized, linalg or llvm\n";
    return 1;
  }
  request.stage = *stage;
  request.optLevel = optLevel;
  request.ioLayout = ioLayout;
  if (winograd != "on" && winograd != "off") {
    WithColor::error(errs(), "sinter-compile")
        << "--winograd expects on or off, got '" << winograd << "'\n";
    return 1;
  }
  request.winograd = winograd == "on";
  if (weights != "embed" && weights != "file") {
    WithColor::error(errs(), "sinter-compile")
        << "--weights expects embed or file, got '" << weights << "'\n";
    return 1;
  }
  request.weightsInFile = weights == "file";
  request.device = device;
  request.cudaArch = cudaArch;
  request.cudaPtxas = cudaPtxas;
  request.report = report;
  request.timePhases = timePhases;
  request.prefix = prefixOption;
  request.target = {targetTriple, targetCpu};
  return sinter::compileModel(request);
}
