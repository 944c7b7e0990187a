//===- ConfigureKernels.cpp - a kernel strategy for each linalg op --------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"
#include "compiler/Codegen/Passes.h"

namespace sinter {
#define GEN_PASS_DEF_CONFIGUREKERNELS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// A fill or broadcast that only initialises accumulators: the kernels that
/// use it compute it inside their tiles.
bool onlyInitialisesAccumulators(linalg::LinalgOp op) {
  if (!isa<linalg::FillOp, linalg::BroadcastOp>(op))
    return false;
  for (OpOperand &use : op->getUses()) {
    auto user = dyn_cast<linalg::LinalgOp>(use.getOwner());
    if (!user || !user.isDpsInit(&use))
      return false;
  }
  return !op->use_empty();
}

struct ConfigureKernelsPass
    : impl::ConfigureKernelsBase<ConfigureKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    auto module = getOperation()->getParentOfType<ModuleOp>();
    std::optional<TargetInfo> target =
        module ? getModuleTarget(module) : std::nullopt;
    if (!target)
      return signalPassFailure();
    llvm::SmallPtrSet<Operation *, 16> fused;
    WalkResult walk = getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics() || fused.contains(op) ||
          onlyInitialisesAccumulators(op))
        return WalkResult::advance();
      FailureOr<std::optional<KernelConfig>> existing = readKernelConfig(op);
      if (failed(existing))
        return WalkResult::interrupt();
      std::optional<KernelConfig> config = *existing;
      if (!config) {
        for (const KernelStrategy &strategy :
             forGpu ? getGpuKernelStrategies() : getKernelStrategies()) {
          if (!winograd && strategy.name == "winograd")
            continue;
          if ((config = strategy.select(op, *target)))
            break;
        }
        op->setAttr(kKernelAttr, config->toAttr(op->getContext()));
      }
      if (lookupKernelStrategy(config->strategy)->fusesEpilogue)
        if (linalg::GenericOp epilogue = getFusableEpilogue(op))
          fused.insert(epilogue);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
} // namespace sinter
