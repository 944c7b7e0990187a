//===- ConvDirect.cpp - direct NHWC convolution, register-tiled -----------===//
//
// linalg.conv_2d_nhwc_hwcf (loops n, oh, ow, f, kh, kw, c). Each tile is
// one output row segment of WT pixels by FT output channels, held in
// registers (WT x FT/lanes accumulators) while the reduction walks kh, kw and
// the input channels CT at a time; the conv is rewritten as a 1-D one per
// (kh, kw) and vectorized, so the inner loop is a broadcast of one input
// value and an FMA per filter vector. The bias fill and the epilogue (bias,
// residual, ReLU/Clip) run on the tile in registers. Strides, dilations and
// the 7x7 stem take the same path.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectConvDirect(linalg::LinalgOp op,
                                             const TargetInfo &target) {
  if (!isa<linalg::Conv2DNhwcHwcfOp>(op) || !isStaticF32(op))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t lanes = target.lanes(32);
  RegisterTile tile =
      pickRegisterTile(loops[2], loops[3], lanes, accumulatorBudget(target));
  int64_t inputChannelTile = largestDivisorAtMost(loops[6], 16);
  return KernelConfig{"conv_direct",
                      {1, 1, tile.rows, tile.columns, 0, 0, 0},
                      {0, 0, 0, 0, 1, 1, inputChannelTile}};
}

LogicalResult applyConvDirect(RewriterBase &rewriter, linalg::LinalgOp op,
                              const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles,
                                config.reductionTiles,
                                /*channelsOutermost=*/true);
}

} // namespace

KernelStrategy getConvDirectStrategy() {
  return {"conv_direct", selectConvDirect, applyConvDirect,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
