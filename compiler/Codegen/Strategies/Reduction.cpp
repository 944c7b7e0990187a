//===- Reduction.cpp - reductions (softmax, global pools) vectorized ------===//
//
// A generic with reduction loops that is neither a convolution nor a
// contraction: the sums and maxima of softmax, global average pooling,
// normalizations. Each tile keeps the parallel loop that walks the output
// contiguously a few vectors wide and every reduction loop whole, so the
// tile vectorizes to a multi-reduction; reductions too large for registers
// stay loops.
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
      linalg::isaConvolutionOpInterface(op) ||
      failed(linalg::vectorizeOpPrecondition(op)))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<int64_t> tiles(op.getNumLoops(), 1);
  int64_t elements = 1;
  for (auto [index, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::reduction) {
      tiles[index] = 0;
      elements *= loops[index];
    }
  if (output.getNumResults() > 0) {
    unsigned innermost =
        cast<AffineDimExpr>(output.getResults().back()).getPosition();
    tiles[innermost] = pickVectorTile(loops[innermost], target.lanes(32), 4);
    elements *= tiles[innermost];
  }
  if (elements > kMaxReductionTile ||
      llvm::all_of(tiles, [](int64_t tile) { return tile == 0; }))
    return std::nullopt;
  return KernelConfig{"reduction", tiles, {}};
}

LogicalResult applyReduction(RewriterBase &rewriter, linalg::LinalgOp op,
                             const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles, {});
}

} // namespace

KernelStrategy getReductionStrategy() {
  return {"reduction", selectReduction, applyReduction,
          /*fusesEpilogue=*/false};
}

} // namespace sinter
