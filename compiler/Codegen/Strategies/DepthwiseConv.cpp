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
  return channelWindowConfig("depthwise_conv", op.getStaticLoopRanges(),
                             target);
}

} // namespace

KernelStrategy getDepthwiseConvStrategy() {
  return {"depthwise_conv", selectDepthwiseConv, applyVectorKernel,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
