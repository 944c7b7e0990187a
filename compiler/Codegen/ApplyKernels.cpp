//===- ApplyKernels.cpp - carry out each op's kernel configuration --------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
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
    IRRewriter rewriter(&getContext());
    splitSharedDestinations(rewriter);
    // A result inserted into a larger tensor (the interior of a padded
    // input) is computed in place there: its producer's tensor.empty
    // becomes that slice.
    if (failed(bufferization::eliminateEmptyTensors(rewriter, getOperation())))
      return signalPassFailure();
    SmallVector<std::pair<linalg::LinalgOp, KernelConfig>> kernels;
    WalkResult walk = getOperation().walk([&](linalg::LinalgOp op) {
      FailureOr<std::optional<KernelConfig>> config = readKernelConfig(op);
      if (failed(config))
        return WalkResult::interrupt();
      // A GPU configuration is carried out on buffers (sinter-map-to-gpu).
      if (*config && !lookupKernelStrategy((*config)->strategy)->gpu)
        kernels.emplace_back(op, std::move(**config));
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (auto &[op, config] : kernels) {
      const KernelStrategy *strategy = lookupKernelStrategy(config.strategy);
      op->removeAttr(kKernelAttr);
      if (failed(strategy->apply(rewriter, op, config)))
        return signalPassFailure();
    }
    eraseDeadProducers(rewriter);
  }

  /// CSE leaves one tensor.empty, or one fill of it (the padding of several
  /// convs), as the destination of many ops. Each kernel's loop nest updates
  /// its destination in place, so each needs a destination of its own:
  /// otherwise bufferization finds the loops writing into one another's
  /// results and copies whole tensors to keep them apart.
  void splitSharedDestinations(IRRewriter &rewriter) {
    SmallVector<tensor::InsertSliceOp> insertions;
    getOperation().walk(
        [&](tensor::InsertSliceOp insert) { insertions.push_back(insert); });
    for (tensor::InsertSliceOp insert : insertions)
      givePaddingItsOwnFill(rewriter, insert);
    SmallVector<Operation *> shared;
    getOperation().walk([&](Operation *op) {
      if (isa<tensor::EmptyOp, linalg::FillOp>(op) && op->getNumResults() == 1 &&
          !op->getResult(0).hasOneUse() && !op->use_empty())
        shared.push_back(op);
    });
    // Fills first (they come after their empties), so that the empties
    // they are given are split in turn.
    for (Operation *op : llvm::reverse(shared)) {
      SmallVector<OpOperand *> destinations;
      for (OpOperand &use : op->getResult(0).getUses())
        if (auto user = dyn_cast<linalg::LinalgOp>(use.getOwner()))
          if (user.isDpsInit(&use))
            destinations.push_back(&use);
      // The first destination keeps the original, unless other uses need it.
      if (destinations.size() == op->getResult(0).getNumUses())
        destinations.erase(destinations.begin());
      for (OpOperand *use : destinations)
        rewriter.modifyOpInPlace(use->getOwner(), [&] {
          use->set(cloneDestination(rewriter, op));
        });
    }
  }

  /// A copy of a tensor.empty, or of a fill together with its own empty.
  Value cloneDestination(IRRewriter &rewriter, Operation *op) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(op);
    Operation *copy = rewriter.clone(*op);
    if (auto fill = dyn_cast<linalg::FillOp>(copy))
      if (Operation *init = fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>()) {
        rewriter.setInsertionPoint(fill);
        Value empty = rewriter.clone(*init)->getResult(0);
        rewriter.modifyOpInPlace(fill,
                                 [&] { fill.getOutputsMutable()[0].set(empty); });
      }
    return copy->getResult(0);
  }

  /// Padding is the input inserted into a tensor whose border is filled
  /// (lowering::padConstant): a tensor.empty, then for each side a fill of
  /// its slice inserted back. When CSE made one border serve several
  /// paddings, each gets a copy of its own.
  void givePaddingItsOwnFill(IRRewriter &rewriter, tensor::InsertSliceOp insert) {
    Value border = insert.getDest();
    if (border.hasOneUse())
      return;
    SmallVector<Operation *> chain = getBorderChain(border);
    // A side of a border is not a padding's input.
    if (chain.empty() || !getBorderChain(insert.getResult()).empty())
      return;
    OpBuilder::InsertionGuard guard(rewriter);
    // Where the original is complete: an empty that CSE shared may come
    // much earlier, and a GPU kernel's producers fuse only when adjacent.
    rewriter.setInsertionPoint(chain.back());
    IRMapping mapping;
    for (Operation *op : chain)
      rewriter.clone(*op, mapping);
    rewriter.modifyOpInPlace(insert, [&] {
      insert.getDestMutable().set(mapping.lookup(border));
    });
  }

  /// The ops that build a filled border `value`, first to last; empty when
  /// `value` is not one.
  SmallVector<Operation *> getBorderChain(Value value) {
    SmallVector<Operation *> chain;
    while (auto side = value.getDefiningOp<tensor::InsertSliceOp>()) {
      auto fill = side.getSource().getDefiningOp<linalg::FillOp>();
      auto slice = fill ? fill.getOutputs()[0].getDefiningOp<tensor::ExtractSliceOp>()
                        : tensor::ExtractSliceOp();
      if (!slice || slice.getSource() != side.getDest() ||
          !fill->hasOneUse() || !slice->hasOneUse())
        return {};
      chain.append({side, fill, slice});
      value = side.getDest();
    }
    if (auto fill = value.getDefiningOp<linalg::FillOp>()) {
      chain.push_back(fill);
      value = fill.getOutputs()[0];
    }
    auto empty = value.getDefiningOp<tensor::EmptyOp>();
    if (!empty || chain.empty())
      return {};
    chain.push_back(empty);
    std::reverse(chain.begin(), chain.end());
    return chain;
  }

  /// The fills and broadcasts that the kernels recomputed inside their
  /// tiles, and the empties they initialised. Only these: a pass run after
  /// outputs-to-arguments would otherwise erase its materializations into
  /// the outputs, which have no users either.
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
