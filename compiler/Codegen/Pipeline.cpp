//===- Pipeline.cpp - the stages from imported IR to LLVM dialect ---------===//

#include "compiler/Codegen/Pipeline.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Transforms/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace sinter {
namespace {

// Upstream passes are added by their textual names: the same text works in
// sinter-opt, and pipeline options stay in one readable place.
void addTextual(OpPassManager &pm, StringRef pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("sinter: malformed built-in pass pipeline");
}

} // namespace

std::optional<Stage> parseStage(StringRef name) {
  return llvm::StringSwitch<std::optional<Stage>>(name)
      .Case("import", Stage::Import)
      .Case("optimized", Stage::Optimized)
      .Case("linalg", Stage::Linalg)
      .Case("llvm", Stage::LLVM)
      .Default(std::nullopt);
}

void buildGraphPipeline(OpPassManager &pm, const PipelineOptions &options) {
  if (options.optLevel <= 0)
    return;
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  OpPassManager &function = pm.nest<func::FuncOp>();
  function.addPass(createFoldBatchNorm());
  function.addPass(createMergeBranches());
  function.addPass(createConvertLayout(ConvertLayoutOptions{options.ioLayout}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLinalgPipeline(OpPassManager &pm) {
  pm.addPass(createConvertSinterToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLLVMPipeline(OpPassManager &pm) {
  addTextual(pm, "func.func(sinter-outputs-to-arguments),"
                 "eliminate-empty-tensors,"
                 "one-shot-bufferize{bufferize-function-boundaries "
                 "function-boundary-type-conversion=identity-layout-map},"
                 "canonicalize,"
                 "func.func(sinter-plan-workspace),"
                 "func.func(sinter-lower-copies),"
                 "func.func(convert-linalg-to-loops),"
                 "sinter-approximate-math,"
                 "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
                 "finalize-memref-to-llvm,convert-arith-to-llvm,"
                 "convert-math-to-llvm,convert-cf-to-llvm,"
                 "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
                 "convert-ub-to-llvm,reconcile-unrealized-casts");
}

LogicalResult lowerToStage(ModuleOp module, Stage from, Stage to,
                           const PipelineOptions &options) {
  if (from >= to)
    return success();
  PassManager pm(module.getContext());
  if (from < Stage::Optimized)
    buildGraphPipeline(pm, options);
  if (from < Stage::Linalg && to >= Stage::Linalg)
    buildLinalgPipeline(pm);
  if (to >= Stage::LLVM)
    buildLLVMPipeline(pm);
  return pm.run(module);
}

void registerCodegenDependencies(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  static const bool passesRegistered = [] {
    registerAllPasses();
    registerSinterTransformsPasses();
    registerSinterConversionPasses();
    registerSinterCodegenPasses();
    return true;
  }();
  (void)passesRegistered;
}

void registerSinterPipelines() {
  registerSinterTransformsPasses();
  registerSinterConversionPasses();
  registerSinterCodegenPasses();
  PassPipelineRegistration<>("sinter-graph-opt",
                             "The graph optimizations sinter-compile runs at -O2",
                             [](OpPassManager &pm) {
                               buildGraphPipeline(pm, PipelineOptions());
                             });
  PassPipelineRegistration<>("sinter-lower-to-linalg",
                             "Lower sinter ops to linalg on tensors",
                             buildLinalgPipeline);
  PassPipelineRegistration<>(
      "sinter-lower-to-llvm",
      "Lower linalg on tensors to the LLVM dialect with a planned workspace",
      buildLLVMPipeline);
}

} // namespace sinter
