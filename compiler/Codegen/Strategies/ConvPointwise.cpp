//===- ConvPointwise.cpp - 1x1 NHWC convolution as a matrix product -------===//
//
// A 1x1 linalg.conv_2d_nhwc_hwcf is a product of the [pixels, C] activation
// and the [C, F] filter. Tiles are WT pixels by FT output channels in
// registers; with no window to walk, the reduction over input channels takes
// longer steps than the direct conv's, so each loop iteration does more
// FMAs per loaded accumulator.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectConvPointwise(linalg::LinalgOp op,
                                                const TargetInfo &target) {
  if (!isa<linalg::Conv2DNhwcHwcfOp>(op) || !isStaticF32(op))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  if (loops[4] != 1 || loops[5] != 1)
    return std::nullopt;
  int64_t lanes = target.lanes(32);
  RegisterTile tile =
      pickRegisterTile(loops[2], loops[3], lanes, accumulatorBudget(target));
  int64_t inputChannelTile = largestDivisorAtMost(loops[6], 32);
  return KernelConfig{"conv_pointwise",
                      {1, 1, tile.rows, tile.columns, 0, 0, 0},
                      {0, 0, 0, 0, 0, 0, inputChannelTile}};
}

LogicalResult applyConvPointwise(RewriterBase &rewriter, linalg::LinalgOp op,
                                 const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles,
                                config.reductionTiles,
                                /*channelsOutermost=*/true);
}

} // namespace

KernelStrategy getConvPointwiseStrategy() {
  return {"conv_pointwise", selectConvPointwise, applyConvPointwise,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
