//===- Pipelines.h - the stages from imported IR to LLVM dialect -*- C++ -*-===//
//
// Every stage is built in C++ from typed pass constructors; sinter-opt
// registers the same builders, with the same options, as named pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_PIPELINES_PIPELINES_H
#define SINTER_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace sinter {

/// Where compilation stops; each stage is visible with sinter-compile
/// --stage and reproducible with sinter-opt's named pipelines.
enum class Stage {
  Import,    ///< the sinter dialect as imported
  Optimized, ///< after the graph passes
  Linalg,    ///< linalg, tensor, arith and math on tensors
  LLVM,      ///< the LLVM dialect, buffers planned into the workspace
};

std::optional<Stage> parseStage(llvm::StringRef name);

/// The options every stage takes; sinter-compile's flags and sinter-opt's
/// pipeline options are these.
struct PipelineOptions : mlir::PassPipelineOptions<PipelineOptions> {
  Option<int> optLevel{*this, "opt-level",
                       llvm::cl::desc("0: no graph optimizations; 2: all"),
                       llvm::cl::init(2)};
  Option<std::string> ioLayout{
      *this, "io-layout",
      llvm::cl::desc("Layout of 4-D model inputs and outputs after the graph "
                     "passes: nchw (ONNX's) or nhwc (no boundary transposes)"),
      llvm::cl::init("nchw")};
  Option<std::string> targetTriple{
      *this, "target-triple",
      llvm::cl::desc("Target triple when the module has no sinter.target "
                     "(default: the host's)"),
      llvm::cl::init("")};
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("Target CPU when the module has no sinter.target "
                     "(default: the host's)"),
      llvm::cl::init("")};
  Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("Compute 3x3 stride-1 convs as Winograd F(4x4, 3x3) "
                     "where the kernel configuration finds it pays"),
      llvm::cl::init(true)};
  Option<std::string> device{
      *this, "device",
      llvm::cl::desc("What runs the kernels: cpu; cuda (NVIDIA GPUs: "
                     "gpu.launch kernels, compiled to PTX); cuda-emulated "
                     "(the cuda kernels' loop nests run on the CPU, block "
                     "and thread ids as loop counters: checks the GPU "
                     "tiling without a GPU)"),
      llvm::cl::init("cpu")};
  Option<std::string> cudaArch{
      *this, "cuda-arch",
      llvm::cl::desc("The NVIDIA GPU architecture the PTX targets (sm_80: "
                     "compute capability 8.0 and newer)"),
      llvm::cl::init("sm_80")};
  Option<bool> weightsInFile{
      *this, "weights-in-file",
      llvm::cl::desc("Leave the weights out of the object: the module's "
                     "sinter.weights array, read through a weights argument "
                     "(sinter-compile's --weights=file)"),
      llvm::cl::init(false)};
  /// When set, the graph stage prints a summary here: op counts before and
  /// after, and what each pass changed.
  llvm::raw_ostream *report = nullptr;
  /// Where the pass manager records pass timings; null: not timed.
  mlir::TimingScope *timing = nullptr;
};

/// sinter (imported) -> sinter (optimized).
void buildGraphPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
/// sinter -> linalg on tensors, each root op with its kernel configuration.
void buildLinalgPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
/// linalg on tensors -> LLVM dialect: kernels on tensors, outputs into
/// caller buffers, bufferization, workspace planning, loops, vectors, LLVM.
/// For --device=cuda: buffers, workspace and weights planned as for the
/// CPU, kernels mapped to thread blocks, outlined into one gpu.module and
/// compiled to PTX (a gpu.binary); the host function is a sequence of
/// gpu.launch_func.
void buildLLVMPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Runs the stages after `from` up to `to` on `module`.
mlir::LogicalResult lowerToStage(mlir::ModuleOp module, Stage from, Stage to,
                                 const PipelineOptions &options);

/// Adds what the lowering stages need to a context's registry: every
/// upstream dialect and extension (bufferization and LLVM translation
/// interfaces in particular).
void registerCodegenDependencies(mlir::DialectRegistry &registry);

/// Registers the named pipelines sinter-graph-opt, sinter-lower-to-linalg and
/// sinter-lower-to-llvm, and every sinter pass, for sinter-opt.
void registerSinterPipelines();

} // namespace sinter

#endif // SINTER_COMPILER_PIPELINES_PIPELINES_H
