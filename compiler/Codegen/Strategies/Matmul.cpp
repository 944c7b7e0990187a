//===- Matmul.cpp - matmul, batch_matmul and gemm, register-tiled ---------===//
//
// linalg.matmul (loops m, n, k) and linalg.batch_matmul (b, m, n, k): a tile
// is MT rows by NT columns in registers, the reduction walks k KT at a time,
// and the vectorized contraction becomes one broadcast and one FMA per
// vector of B's row. Gemm's constant B arrives as a [K, N] constant (the
// transposition of transB is folded at compile time), so its rows are read
// contiguously. The epilogue (bias, ReLU) runs on the tile.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectMatmul(linalg::LinalgOp op,
                                         const TargetInfo &target) {
  bool batched = isa<linalg::BatchMatmulOp>(op);
  auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
  if (!(matmul || batched) || !isStaticF32(op))
    return std::nullopt;
  if (matmul && matmul.hasUserDefinedMaps())
    return std::nullopt;
  if (auto batch = dyn_cast<linalg::BatchMatmulOp>(op.getOperation()))
    if (batch.hasUserDefinedMaps())
      return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t first = batched ? 1 : 0;
  int64_t lanes = target.lanes(32);
  RegisterTile tile = pickRegisterTile(loops[first], loops[first + 1], lanes,
                                       accumulatorBudget(target));
  int64_t depthTile = largestDivisorAtMost(loops[first + 2], 16);
  KernelConfig config{"matmul", {tile.rows, tile.columns, 0}, {0, 0, depthTile}};
  if (batched) {
    config.tiles.insert(config.tiles.begin(), 1);
    config.reductionTiles.insert(config.reductionTiles.begin(), 0);
  }
  return config;
}

} // namespace

KernelStrategy getMatmulStrategy() {
  return {"matmul", selectMatmul, applyChannelSlabKernel,
          /*fusesEpilogue=*/true};
}

} // namespace sinter
