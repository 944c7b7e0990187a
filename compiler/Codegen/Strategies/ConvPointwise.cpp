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
  return convConfig("conv_pointwise", loops, target, /*windowTile=*/0,
                    /*channelStep=*/32);
}

} // namespace

KernelStrategy getConvPointwiseStrategy() {
  return {"conv_pointwise", selectConvPointwise, applyChannelSlabKernel,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
