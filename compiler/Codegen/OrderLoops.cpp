//===- OrderLoops.cpp - contiguous innermost loops for conv and matmul ----===//

#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace sinter {
#define GEN_PASS_DEF_ORDERLOOPS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// Output dimensions but the last, then every other loop, then the output's
/// last dimension; empty when the op does not fit that shape.
SmallVector<unsigned> contiguousOrder(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return {};
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!output.isProjectedPermutation() || output.getNumResults() == 0)
    return {};
  SmallVector<unsigned> order;
  llvm::SmallDenseSet<unsigned> placed;
  for (AffineExpr expr : output.getResults().drop_back()) {
    unsigned dim = cast<AffineDimExpr>(expr).getPosition();
    order.push_back(dim);
    placed.insert(dim);
  }
  unsigned innermost = cast<AffineDimExpr>(output.getResults().back()).getPosition();
  placed.insert(innermost);
  for (unsigned dim = 0; dim < op.getNumLoops(); ++dim)
    if (!placed.contains(dim))
      order.push_back(dim);
  order.push_back(innermost);
  return order;
}

struct OrderLoopsPass : impl::OrderLoopsBase<OrderLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> targets;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isa<linalg::ConvolutionOpInterface, linalg::ContractionOpInterface>(
              op.getOperation()))
        targets.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : targets) {
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      SmallVector<unsigned> order = contiguousOrder(generic);
      if (order.empty() ||
          llvm::equal(order, llvm::seq<unsigned>(0, order.size())))
        continue;
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order)))
        return signalPassFailure();
    }
  }
};

} // namespace
} // namespace sinter
