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
  return convConfig("conv_direct", op.getStaticLoopRanges(), target,
                    /*windowTile=*/1, /*channelStep=*/16);
}

} // namespace

KernelStrategy getConvDirectStrategy() {
  return {"conv_direct", selectConvDirect, applyChannelSlabKernel,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
