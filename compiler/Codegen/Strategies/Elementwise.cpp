//===- Elementwise.cpp - elementwise ops vectorized along the output ------===//
//
// Any op whose loops are all parallel (generic elementwise maps, broadcasts,
// transposes, fills, copies): tiles of up to four vectors along the loop
// that walks the output contiguously, times a few rows of the next one,
// vectorized. Tiles stay small so that the unrolled vector code stays short.
// Transposes take square vector-by-vector blocks, or stay loops. Ops that
// read or write bool tensors stay loops (see selectElementwise).
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

using namespace mlir;

namespace sinter {
namespace {

/// The loop along which an input is contiguous when it is not `innermost`
/// (the output's): the op transposes that input.
std::optional<unsigned> transposedInputLoop(linalg::LinalgOp op,
                                            unsigned innermost) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() == 0)
      continue;
    unsigned along = cast<AffineDimExpr>(map.getResults().back()).getPosition();
    if (along != innermost)
      return along;
  }
  return std::nullopt;
}

std::optional<KernelConfig> selectElementwise(linalg::LinalgOp op,
                                              const TargetInfo &target) {
  if (op.getNumLoops() == 0 || op.getNumReductionLoops() != 0 ||
      op.getNumDpsInits() != 1 || !op.hasPureTensorSemantics() ||
      !op.hasOnlyProjectedPermutations() || readsAtComputedPositions(op) ||
      failed(linalg::vectorizeOpPrecondition(op)))
    return std::nullopt;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  if (llvm::any_of(loops, ShapedType::isDynamic))
    return std::nullopt;
  // A bool tensor keeps a byte per element, while vector loads and stores
  // of i1 pack bits: such ops stay scalar loops.
  if (llvm::any_of(op->getOperandTypes(), [](Type type) {
        return getElementTypeOrSelf(type).isInteger(1);
      }))
    return std::nullopt;
  auto outputType = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType());
  unsigned bits = outputType.getElementTypeBitWidth();
  int64_t lanes = target.lanes(bits < 8 ? 8 : bits);
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<int64_t> tiles(op.getNumLoops(), 1);
  unsigned innermost =
      cast<AffineDimExpr>(output.getResults().back()).getPosition();
  // A transpose reads along another loop than it writes: square blocks of
  // one vector by one vector, transposed in registers. To a dimension
  // shorter than a vector (NCHW -> NHWC with 3 channels), a vector of
  // pixels per channel is read and the tile, all channels of those pixels,
  // is written as one contiguous block.
  if (std::optional<unsigned> readAlong = transposedInputLoop(op, innermost)) {
    // Blocks of a vector, or of half a vector (56-wide maps).
    auto block = [&](int64_t extent) -> int64_t {
      if (extent % lanes == 0)
        return lanes;
      return lanes % 2 == 0 && extent % (lanes / 2) == 0 ? lanes / 2 : 0;
    };
    int64_t readTile = block(loops[*readAlong]);
    int64_t writeTile = loops[innermost] < lanes ? loops[innermost]
                                                 : block(loops[innermost]);
    if (readTile == 0 || writeTile == 0)
      return std::nullopt;
    tiles[innermost] = writeTile;
    tiles[*readAlong] = readTile;
    return KernelConfig{"elementwise", tiles, {}};
  }
  tiles[innermost] = pickVectorTile(loops[innermost], lanes, 4);
  if (output.getNumResults() > 1) {
    unsigned next = cast<AffineDimExpr>(
                        output.getResults()[output.getNumResults() - 2])
                        .getPosition();
    tiles[next] = largestDivisorAtMost(
        loops[next], std::max<int64_t>(1, 4 * lanes / tiles[innermost]));
  }
  return KernelConfig{"elementwise", tiles, {}};
}

} // namespace

KernelStrategy getElementwiseStrategy() {
  return {"elementwise", selectElementwise, applyVectorKernel,
          /*fusesEpilogue=*/false};
}

} // namespace sinter
