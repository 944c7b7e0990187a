//===- Pipeline.h - the stages from imported IR to LLVM dialect -*- C++ -*-===//

#ifndef SINTER_COMPILER_CODEGEN_PIPELINE_H
#define SINTER_COMPILER_CODEGEN_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
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

struct PipelineOptions {
  /// 0: no graph optimizations; 2 (default): all of them.
  int optLevel = 2;
  /// Layout of 4-D model inputs and outputs after the graph passes: "nchw"
  /// (ONNX's, default) or "nhwc" (no boundary transposes).
  std::string ioLayout = "nchw";
  /// When set, the graph stage prints a summary here: op counts before and
  /// after, and what each pass changed.
  llvm::raw_ostream *report = nullptr;
};

/// sinter (imported) -> sinter (optimized).
void buildGraphPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
/// sinter -> linalg on tensors.
void buildLinalgPipeline(mlir::OpPassManager &pm);
/// linalg on tensors -> LLVM dialect: outputs into caller buffers,
/// bufferization, workspace planning, loops, LLVM.
void buildLLVMPipeline(mlir::OpPassManager &pm);

/// Runs the stages after `from` up to `to` on `module`.
mlir::LogicalResult lowerToStage(mlir::ModuleOp module, Stage from, Stage to,
                                 const PipelineOptions &options);

/// Adds what the lowering stages need to a context's registry: every
/// upstream dialect and extension (bufferization and LLVM translation
/// interfaces in particular), and every upstream pass for the textual
/// pipelines.
void registerCodegenDependencies(mlir::DialectRegistry &registry);

/// Registers the named pipelines sinter-graph-opt, sinter-lower-to-linalg and
/// sinter-lower-to-llvm, and every sinter pass, for sinter-opt.
void registerSinterPipelines();

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_PIPELINE_H
