//===- Pooling.cpp - NHWC max and sum pooling over channels ---------------===//
//
// linalg.pooling_nhwc_max / _sum (loops n, oh, ow, c, kh, kw): like the
// depthwise conv, vectors along the channels, WT output pixels per tile, one
// window row at a time as a vectorized 1-D pool.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectPooling(linalg::LinalgOp op,
                                          const TargetInfo &target) {
  if (!isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op) ||
      !isStaticF32(op))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t lanes = target.lanes(32);
  int64_t channelTile = pickVectorTile(loops[3], lanes, 2);
  int64_t vectors = llvm::divideCeil(channelTile, lanes);
  int64_t widthTile = largestDivisorAtMost(
      loops[2], std::min<int64_t>(8, accumulatorBudget(target) / (2 * vectors)));
  return KernelConfig{"pooling",
                      {1, 1, widthTile, channelTile, 0, 0},
                      {0, 0, 0, 0, 1, 0}};
}

LogicalResult applyPooling(RewriterBase &rewriter, linalg::LinalgOp op,
                           const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles,
                                config.reductionTiles);
}

} // namespace

KernelStrategy getPoolingStrategy() {
  return {"pooling", selectPooling, applyPooling, /*fusesEpilogue=*/true};
}

} // namespace sinter
