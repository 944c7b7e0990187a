//===- GroupedConv.cpp - grouped NHWC convolution, tiled per group --------===//
//
// linalg.conv_2d_nhwgc_gfhwc (loops n, oh, ow, g, f, kh, kw, c) has no 1-D
// form to vectorize through, so each tile (one output row segment of one
// group) stays a small conv that becomes loops with the output channels
// innermost (sinter-order-loops), which LLVM vectorizes; the tile keeps the
// group's filter and input rows in cache and the epilogue is fused.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectGroupedConv(linalg::LinalgOp op,
                                              const TargetInfo &) {
  if (!isa<linalg::Conv2DNhwgcGfhwcOp>(op) || !isStaticF32(op))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t widthTile = largestDivisorAtMost(loops[2], 8);
  return KernelConfig{"grouped_conv", {1, 1, widthTile, 1, 0, 0, 0, 0}, {}};
}

LogicalResult applyGroupedConv(RewriterBase &rewriter, linalg::LinalgOp op,
                               const KernelConfig &config) {
  Operation *outerLoop = nullptr;
  return tileParallelLoops(rewriter, op, config.tiles, outerLoop);
}

} // namespace

KernelStrategy getGroupedConvStrategy() {
  return {"grouped_conv", selectGroupedConv, applyGroupedConv,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
