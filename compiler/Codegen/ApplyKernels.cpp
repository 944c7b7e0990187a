//===- ApplyKernels.cpp - carry out each op's kernel configuration --------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace sinter {
#define GEN_PASS_DEF_APPLYKERNELS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

struct ApplyKernelsPass : impl::ApplyKernelsBase<ApplyKernelsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, KernelConfig>> kernels;
    WalkResult walk = getOperation().walk([&](linalg::LinalgOp op) {
      FailureOr<std::optional<KernelConfig>> config = readKernelConfig(op);
      if (failed(config))
        return WalkResult::interrupt();
      if (*config)
        kernels.emplace_back(op, std::move(**config));
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    splitSharedEmptyTensors(rewriter);
    for (auto &[op, config] : kernels) {
      const KernelStrategy *strategy = lookupKernelStrategy(config.strategy);
      op->removeAttr(kKernelAttr);
      if (failed(strategy->apply(rewriter, op, config)))
        return signalPassFailure();
    }
    eraseDeadProducers(rewriter);
  }

  /// CSE leaves one tensor.empty as the destination of many ops. Each
  /// kernel's loop nest updates its destination in place, so each needs a
  /// destination of its own, or bufferization finds the loops writing into
  /// one another's results.
  void splitSharedEmptyTensors(IRRewriter &rewriter) {
    SmallVector<tensor::EmptyOp> shared;
    getOperation().walk([&](tensor::EmptyOp empty) {
      if (!empty->hasOneUse() && !empty->use_empty())
        shared.push_back(empty);
    });
    for (tensor::EmptyOp empty : shared) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : llvm::drop_begin(empty->getUses()))
        uses.push_back(&use);
      for (OpOperand *use : uses) {
        rewriter.setInsertionPoint(empty);
        Operation *copy = rewriter.clone(*empty);
        rewriter.modifyOpInPlace(use->getOwner(),
                                 [&] { use->set(copy->getResult(0)); });
      }
    }
  }

  /// The fills and broadcasts that the kernels recomputed inside their
  /// tiles. Nothing else may go: this runs after outputs-to-arguments, whose
  /// materializations into the outputs have no users either.
  void eraseDeadProducers(IRRewriter &rewriter) {
    SmallVector<Operation *> candidates;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::LinalgOp, tensor::EmptyOp>(op))
        candidates.push_back(op);
    });
    // Users come after their producers: erasing from the back frees the
    // producers of erased users in the same sweep.
    for (Operation *op : llvm::reverse(candidates))
      if (isOpTriviallyDead(op))
        rewriter.eraseOp(op);
  }
};

} // namespace
} // namespace sinter
