//===- DepthwiseConv.cpp - NHWC depthwise convolution over channels -------===//
//
// linalg.depthwise_conv_2d_nhwc_hwc (loops n, oh, ow, c, kh, kw). Channels
// are independent, so the vectors run along them: a tile is WT output pixels
// by CT channels in registers; each filter row becomes a 1-D depthwise conv
// that is vectorized with the window width unrolled. The epilogue (bias,
// ReLU6) runs on the tile.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectDepthwiseConv(linalg::LinalgOp op,
                                                const TargetInfo &target) {
  if (!isa<linalg::DepthwiseConv2DNhwcHwcOp>(op) || !isStaticF32(op))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t lanes = target.lanes(32);
  int64_t channelTile = pickVectorTile(loops[3], lanes, 2);
  int64_t vectors = llvm::divideCeil(channelTile, lanes);
  // Inputs and filter vectors compete with the accumulators for registers.
  int64_t widthTile = largestDivisorAtMost(
      loops[2], std::min<int64_t>(8, accumulatorBudget(target) / (2 * vectors)));
  return KernelConfig{"depthwise_conv",
                      {1, 1, widthTile, channelTile, 0, 0},
                      {0, 0, 0, 0, 1, 0}};
}

LogicalResult applyDepthwiseConv(RewriterBase &rewriter, linalg::LinalgOp op,
                                 const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles,
                                config.reductionTiles);
}

} // namespace

KernelStrategy getDepthwiseConvStrategy() {
  return {"depthwise_conv", selectDepthwiseConv, applyDepthwiseConv,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
