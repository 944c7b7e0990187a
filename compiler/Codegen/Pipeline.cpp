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
#include "llvm/Support/Format.h"

#include <map>
#include <set>

using namespace mlir;

namespace sinter {
namespace {

// Upstream passes are added by their textual names: the same text works in
// sinter-opt, and pipeline options stay in one readable place.
void addTextual(OpPassManager &pm, StringRef pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("sinter: malformed built-in pass pipeline");
}

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
}

void buildLinalgPipeline(OpPassManager &pm) {
  pm.addPass(createSetTarget());
  pm.addPass(createConvertSinterToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.nest<func::FuncOp>().addPass(createConfigureKernels());
}

void buildLLVMPipeline(OpPassManager &pm) {
  addTextual(pm, "func.func(sinter-apply-kernels),canonicalize,"
                 "func.func(sinter-outputs-to-arguments),"
                 "one-shot-bufferize{bufferize-function-boundaries "
                 "function-boundary-type-conversion=identity-layout-map},"
                 "canonicalize,"
                 "func.func(sinter-plan-workspace),"
                 "func.func(sinter-lower-copies),"
                 "func.func(sinter-order-loops),"
                 "func.func(convert-linalg-to-loops),"
                 "sinter-approximate-math,"
                 "func.func(lower-vector-multi-reduction),"
                 "func.func(convert-vector-to-scf{full-unroll=true}),"
                 "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
                 "convert-vector-to-llvm{vector-contract-lowering=outerproduct},"
                 "finalize-memref-to-llvm,convert-arith-to-llvm,"
                 "convert-math-to-llvm,convert-cf-to-llvm,"
                 "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
                 "convert-ub-to-llvm,reconcile-unrealized-casts");
}

LogicalResult lowerToStage(ModuleOp module, Stage from, Stage to,
                           const PipelineOptions &options) {
  if (from >= to)
    return success();
  if (from < Stage::Optimized && options.report) {
    // The graph stage alone, instrumented, so that the report covers it.
    PassManager graph(module.getContext());
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
