//===- Reduction.cpp - reductions (softmax, global pools) vectorized ------===//
//
// A generic with reduction loops that is neither a convolution nor a
// contraction: the sums and maxima of softmax, global average pooling,
// normalizations. Each tile keeps every reduction loop whole, so that it
// vectorizes to a multi-reduction: one row when the reduction runs along the
// input's contiguous dimension, else a few vectors along the output's.
// Reductions too large for registers stay loops.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

using namespace mlir;

namespace sinter {
namespace {

/// The most elements a reduction tile may hold as vectors.
constexpr int64_t kMaxReductionTile = 4096;

std::optional<KernelConfig> selectReduction(linalg::LinalgOp op,
                                            const TargetInfo &target) {
  if (op.getNumReductionLoops() == 0 || op.getNumDpsInits() != 1 ||
      !isa<linalg::GenericOp>(op) || !isStaticF32(op) ||
      !op.hasOnlyProjectedPermutations() ||
      linalg::isaContractionOpInterface(op) ||
      linalg::isaConvolutionOpInterface(op) || readsAtComputedPositions(op) ||
      failed(linalg::vectorizeOpPrecondition(op)))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  SmallVector<int64_t> tiles(op.getNumLoops(), 1);
  int64_t elements = 1;
  for (auto [index, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::reduction) {
      tiles[index] = 0;
      elements *= loops[index];
    }
  // When the reduction runs along the input's contiguous dimension (a
  // softmax row), each tile is one row, reduced across the vector at the
  // end; otherwise (a global pool) the vectors run along the output's
  // contiguous dimension and the reduction is a sum of vectors.
  AffineMap input = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  bool alongRows = input.getNumResults() > 0 &&
                   op.getIteratorTypesArray()[cast<AffineDimExpr>(
                                                  input.getResults().back())
                                                  .getPosition()] ==
                       utils::IteratorType::reduction;
  if (!alongRows && output.getNumResults() > 0) {
    unsigned innermost =
        cast<AffineDimExpr>(output.getResults().back()).getPosition();
    int64_t lanes = target.lanes(32);
    int64_t vectors = std::max<int64_t>(1, kMaxReductionTile / (elements * lanes));
    tiles[innermost] = pickVectorTile(loops[innermost], lanes, std::min<int64_t>(4, vectors));
    elements *= tiles[innermost];
  }
  if (elements > kMaxReductionTile ||
      llvm::all_of(tiles, [](int64_t tile) { return tile == 0; }))
    return std::nullopt;
  return KernelConfig{"reduction", tiles, {}};
}

} // namespace

KernelStrategy getReductionStrategy() {
  return {"reduction", selectReduction, applyVectorKernel,
          /*fusesEpilogue=*/false};
}

} // namespace sinter
