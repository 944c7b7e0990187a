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

/// For a transpose (one input, all loops parallel): every loop as it is but
/// the longer of the input's and the output's contiguous loops innermost,
/// so that a transpose to a short innermost dimension (NCHW -> NHWC with 3
/// channels) reads long contiguous rows instead of gathering; empty when
/// the order stays.
SmallVector<unsigned> transposeOrder(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0)
    return {};
  AffineMap input = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!input.isPermutation() || !output.isPermutation())
    return {};
  unsigned reads = cast<AffineDimExpr>(input.getResults().back()).getPosition();
  unsigned writes =
      cast<AffineDimExpr>(output.getResults().back()).getPosition();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  if (reads == writes || extents[reads] <= extents[writes])
    return {};
  SmallVector<unsigned> order;
  for (AffineExpr expr : output.getResults())
    if (cast<AffineDimExpr>(expr).getPosition() != reads)
      order.push_back(cast<AffineDimExpr>(expr).getPosition());
  order.push_back(reads);
  return order;
}

struct OrderLoopsPass : impl::OrderLoopsBase<OrderLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> targets;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isa<linalg::ConvolutionOpInterface, linalg::ContractionOpInterface,
              linalg::TransposeOp>(op.getOperation()))
        targets.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : targets) {
      rewriter.setInsertionPoint(op);
      // Asked before generalizing, which erases `op`.
      bool isTranspose = isa<linalg::TransposeOp>(op.getOperation());
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      SmallVector<unsigned> order =
          isTranspose ? transposeOrder(generic) : contiguousOrder(generic);
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
