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
  return channelWindowConfig("pooling", op.getStaticLoopRanges(), target);
}

} // namespace

KernelStrategy getPoolingStrategy() {
  return {"pooling", selectPooling, applyVectorKernel, /*fusesEpilogue=*/true};
}

} // namespace sinter
