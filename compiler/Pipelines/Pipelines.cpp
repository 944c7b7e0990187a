//===- Pipelines.cpp - the stages from imported IR to LLVM dialect --------===//

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Codegen/Target.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"

#include <map>
#include <set>

using namespace mlir;

namespace sinter {
namespace {

using OpCounts = std::map<std::string, int64_t>;

/// Graph ops by name, inside functions.
OpCounts countOps(Operation *root) {
  OpCounts counts;
  root->walk([&](Operation *op) {
    if (!isa<ModuleOp, func::FuncOp, func::ReturnOp>(op))
      ++counts[op->getName().getStringRef().str()];
  });
  return counts;
}

/// Records, for the --report summary, how each pass changed the op counts.
class GraphReport : public PassInstrumentation {
public:
  explicit GraphReport(ModuleOp module) : initial(countOps(module)) {}

  void runBeforePass(Pass *, Operation *op) override {
    before = countOps(op);
  }
  void runAfterPass(Pass *pass, Operation *op) override {
    // The adaptors that run nested pass managers have no name of their own.
    if (pass->getArgument().empty())
      return;
    OpCounts after = countOps(op);
    std::string changes;
    llvm::raw_string_ostream os(changes);
    std::set<std::string> names;
    for (const auto &[name, count] : before)
      names.insert(name);
    for (const auto &[name, count] : after)
      names.insert(name);
    for (const std::string &name : names) {
      int64_t delta = after[name] - before[name];
      if (delta)
        os << (changes.empty() ? "" : ", ") << name << " "
           << (delta > 0 ? "+" : "") << delta;
    }
    steps.push_back({pass->getArgument().str(),
                     changes.empty() ? "no change" : changes});
  }

  void print(ModuleOp module, llvm::raw_ostream &os) const {
    OpCounts final = countOps(module);
    std::set<std::string> names;
    for (const auto &[name, count] : initial)
      names.insert(name);
    for (const auto &[name, count] : final)
      names.insert(name);
    os << "graph optimization report\n";
    os << llvm::format("  %-26s %8s %10s\n", "op", "imported", "optimized");
    for (const std::string &name : names)
      os << llvm::format("  %-26s %8lld %10lld\n", name.c_str(),
                         static_cast<long long>(lookup(initial, name)),
                         static_cast<long long>(lookup(final, name)));
    os << "  passes:\n";
    for (const auto &[pass, changes] : steps)
      os << "    " << pass << ": " << changes << "\n";
  }

private:
  static int64_t lookup(const OpCounts &counts, const std::string &name) {
    auto it = counts.find(name);
    return it == counts.end() ? 0 : it->second;
  }

  OpCounts initial, before;
  std::vector<std::pair<std::string, std::string>> steps;
};

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
  pm.nest<func::FuncOp>().addPass(createFuseEpilogues());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // The weights the folds and layout changes replaced.
  pm.addPass(createReleaseDeadWeights());
}

void buildLinalgPipeline(OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createSetTarget(
      SetTargetOptions{options.targetTriple, options.targetCpu}));
  // A GPU kernel per side of a padding's border would be a launch each.
  pm.addPass(createConvertSinterToLinalg(
      ConvertSinterToLinalgOptions{options.device == "cpu"}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  OpPassManager &function = pm.nest<func::FuncOp>();
  if (options.optLevel > 0)
    function.addPass(createFuseElementwise());
  function.addPass(createConfigureKernels(
      ConfigureKernelsOptions{options.winograd, options.device != "cpu"}));
}

namespace {

/// Outputs written in the caller's buffers, every other buffer allocated
/// (sinter-plan-workspace then places it in the workspace).
void addBufferization(OpPassManager &pm) {
  pm.nest<func::FuncOp>().addPass(createOutputsToArguments());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Loops return the buffers they update: folding their results into their
  // initial buffers and merging equal subviews leaves the copy of a slice
  // back into the same slice (an insertion after an in-place loop) a
  // self-copy, which canonicalization removes.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
}

/// Loops on buffers (in outlined kernel functions) -> LLVM dialect.
void addCpuLoweringToLLVM(OpPassManager &pm) {
  pm.nest<func::FuncOp>().addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createApproximateMath());
  pm.nest<func::FuncOp>().addPass(vector::createLowerVectorMultiReductionPass());
  pm.nest<func::FuncOp>().addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());

  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering = vector::VectorContractLowering::OuterProduct;
  // A row sum (softmax, normalization) as a tree, not 128 dependent adds.
  vectorToLLVM.reassociateFPReductions = true;
  // The elementwise strategy's transpose blocks, in shuffles.
  vectorToLLVM.vectorTransposeLowering = vector::VectorTransposeLowering::Shuffle16x16;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

/// Weights in a file: read through an argument that the kernels then get
/// like the workspace.
void addExternalWeights(OpPassManager &pm) {
  pm.addPass(createExternalizeWeights());
  pm.addPass(createReleaseDeadWeights());
}

void buildCpuLLVMPipeline(OpPassManager &pm, const PipelineOptions &options) {
  // Kernels: the configurations carried out on tensors.
  pm.nest<func::FuncOp>().addPass(createApplyKernels());
  pm.addPass(createCanonicalizerPass());
  // The filters the kernels repacked.
  pm.addPass(createReleaseDeadWeights());
  addBufferization(pm);
  OpPassManager &function = pm.nest<func::FuncOp>();
  function.addPass(createPlanWorkspace());
  function.addPass(createLowerCopies());
  // What is still a linalg op becomes loops, the output's contiguous
  // dimension innermost.
  function.addPass(createOrderLoops());
  if (options.weightsInFile)
    addExternalWeights(pm);
  // Threads: the output-tile loops of large kernels become tasks.
  pm.addPass(createParallelizeKernels());
  // One function per kernel: LLVM's time grows faster than the function.
  pm.addPass(createOutlineKernels());
  addCpuLoweringToLLVM(pm);
}

/// sinter-apply-kernels leaves GPU configurations to sinter-map-to-gpu, but
/// still gives each op a destination of its own, so that bufferization
/// writes the outputs in place instead of copying them.
void addGpuBufferization(OpPassManager &pm) {
  pm.nest<func::FuncOp>().addPass(createApplyKernels());
  addBufferization(pm);
}

/// The GPU kernels as loops over block and thread ids, on the CPU.
void buildEmulatedGpuLLVMPipeline(OpPassManager &pm,
                                  const PipelineOptions &options) {
  addGpuBufferization(pm);
  pm.nest<func::FuncOp>().addPass(createMapToGpu(MapToGpuOptions{true}));
  pm.addPass(createCanonicalizerPass());
  pm.nest<func::FuncOp>().addPass(createPlanWorkspace());
  if (options.weightsInFile)
    addExternalWeights(pm);
  // The executor argument of the CPU entry points; the block loops stay
  // sequential (none is marked sinter.parallel).
  pm.addPass(createParallelizeKernels());
  pm.addPass(createOutlineKernels());
  addCpuLoweringToLLVM(pm);
}

void buildCudaLLVMPipeline(OpPassManager &pm, const PipelineOptions &options) {
  addGpuBufferization(pm);
  // Kernels are mapped, and fused, before buffers share workspace bytes:
  // the threads of one kernel run at once, so its buffers must not.
  pm.nest<func::FuncOp>().addPass(createMapToGpu());
  pm.nest<func::FuncOp>().addPass(createPlanWorkspace());
  // The weights live in device memory, uploaded once: every kernel reads
  // them through the weights argument.
  addExternalWeights(pm);
  pm.addPass(createOutlineGpuKernels());
  // The views the kernels now compute for themselves.
  pm.addPass(createCanonicalizerPass());

  // Kernels to NVVM. The math NVPTX has no instruction for becomes
  // polynomials, and the rest LLVM intrinsics instead of libdevice calls,
  // so that the PTX needs no CUDA toolkit.
  pm.addPass(createApproximateMath());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  ConvertGpuOpsToNVVMOpsOptions toNVVM;
  toNVVM.indexBitwidth = 64;
  toNVVM.useBarePtrCallConv = true;
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createConvertGpuOpsToNVVMOps(toNVVM));
  kernels.addPass(createNativeNvvmMath());
  pm.addPass(createReconcileUnrealizedCastsPass());

  // PTX, by LLVM's NVPTX back end in process.
  GpuNVVMAttachTargetOptions target;
  target.chip = options.cudaArch;
  if (std::optional<CudaArch> arch = lookupCudaArch(options.cudaArch))
    target.features = arch->ptxFeatures.str();
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

} // namespace

void buildLLVMPipeline(OpPassManager &pm, const PipelineOptions &options) {
  if (options.device == "cuda")
    return buildCudaLLVMPipeline(pm, options);
  if (options.device == "cuda-emulated")
    return buildEmulatedGpuLLVMPipeline(pm, options);
  buildCpuLLVMPipeline(pm, options);
}

LogicalResult lowerToStage(ModuleOp module, Stage from, Stage to,
                           const PipelineOptions &options) {
  if (from >= to)
    return success();
  if (from < Stage::Optimized && options.report) {
    // The graph stage alone, instrumented, so that the report covers it.
    PassManager graph(module.getContext());
    if (options.timing)
      graph.enableTiming(*options.timing);
    buildGraphPipeline(graph, options);
    auto report = std::make_unique<GraphReport>(module);
    GraphReport *summary = report.get();
    graph.addInstrumentation(std::move(report));
    if (failed(graph.run(module)))
      return failure();
    summary->print(module, *options.report);
    return lowerToStage(module, Stage::Optimized, to, options);
  }
  PassManager pm(module.getContext());
  if (options.timing)
    pm.enableTiming(*options.timing);
  if (from < Stage::Optimized)
    buildGraphPipeline(pm, options);
  if (from < Stage::Linalg && to >= Stage::Linalg)
    buildLinalgPipeline(pm, options);
  if (to >= Stage::LLVM)
    buildLLVMPipeline(pm, options);
  return pm.run(module);
}

void registerCodegenDependencies(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  // gpu-module-to-binary translates the kernels to LLVM IR for NVPTX.
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
}

void registerSinterPipelines() {
  registerSinterTransformsPasses();
  registerSinterConversionPasses();
  registerSinterCodegenPasses();
  PassPipelineRegistration<PipelineOptions>(
      "sinter-graph-opt", "The graph optimizations sinter-compile runs at -O2",
      buildGraphPipeline);
  PassPipelineRegistration<PipelineOptions>(
      "sinter-lower-to-linalg",
      "Lower sinter ops to linalg on tensors with kernel configurations",
      buildLinalgPipeline);
  PassPipelineRegistration<PipelineOptions>(
      "sinter-lower-to-llvm",
      "Lower linalg on tensors to the LLVM dialect: kernels, bufferization, "
      "a planned workspace",
      buildLLVMPipeline);
}

} // namespace sinter
