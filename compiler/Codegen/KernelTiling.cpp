//===- KernelTiling.cpp - building blocks the strategies share ------------===//

#include "compiler/Codegen/KernelTiling.h"
#include "compiler/Codegen/KernelConfig.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

using namespace mlir;

namespace sinter {

int64_t largestDivisorAtMost(int64_t extent, int64_t limit, int64_t multiple) {
  for (int64_t candidate = std::min(extent, limit); candidate > 1; --candidate)
    if (extent % candidate == 0 && candidate % multiple == 0)
      return candidate;
  return 1;
}

int64_t pickVectorTile(int64_t extent, int64_t lanes, int64_t maxVectors) {
  if (extent % lanes == 0)
    return lanes * largestDivisorAtMost(extent / lanes, maxVectors);
  return largestDivisorAtMost(extent, lanes * maxVectors);
}

int64_t accumulatorBudget(const TargetInfo &target) {
  bool wideRegisterFile = target.vectorBits >= 512 ||
                          StringRef(target.triple).starts_with("aarch64");
  return wideRegisterFile ? 24 : 12;
}

RegisterTile pickRegisterTile(int64_t rows, int64_t columns, int64_t lanes,
                              int64_t budget) {
  RegisterTile best{1, pickVectorTile(columns, lanes, 1)};
  int64_t bestAccumulators = 0;
  for (int64_t vectors = 4; vectors >= 1; --vectors) {
    int64_t columnTile = pickVectorTile(columns, lanes, vectors);
    int64_t used = llvm::divideCeil(columnTile, lanes);
    int64_t rowTile =
        largestDivisorAtMost(rows, std::min<int64_t>(8, budget / used));
    if (rowTile * used > bestAccumulators) {
      best = {rowTile, columnTile};
      bestAccumulators = rowTile * used;
    }
  }
  return best;
}

bool isStaticF32(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics())
    return false;
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return false;
  }
  return true;
}

linalg::GenericOp getFusableEpilogue(linalg::LinalgOp op) {
  if (op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return {};
  auto epilogue = dyn_cast<linalg::GenericOp>(*op->getResult(0).user_begin());
  if (!epilogue || epilogue->hasAttr(kKernelAttr) ||
      epilogue.getNumDpsInits() != 1 ||
      epilogue.getNumReductionLoops() != 0 ||
      epilogue.getDpsInputOperand(0)->get() != op->getResult(0) ||
      epilogue->getResult(0).getType() != op->getResult(0).getType() ||
      !llvm::all_of(epilogue.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return {};
  for (OpOperand *input : epilogue.getDpsInputOperands())
    if (input->getOperandNumber() != 0 && input->get() == op->getResult(0))
      return {};
  return epilogue;
}

FailureOr<linalg::LinalgOp> tileParallelLoops(RewriterBase &rewriter,
                                              linalg::LinalgOp op,
                                              ArrayRef<int64_t> tiles,
                                              Operation *&outerLoop,
                                              bool channelsOutermost) {
  outerLoop = nullptr;
  if (tiles.empty())
    return op;
  assert(tiles.size() == op.getNumLoops() && "one tile size per loop");
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> opTiles(op.getNumLoops(), 0);
  for (auto [index, iterator] : llvm::enumerate(iterators))
    if (iterator == utils::IteratorType::parallel)
      opTiles[index] = tiles[index];
  if (llvm::all_of(opTiles, [](int64_t tile) { return tile == 0; }))
    return op;

  // The epilogue's loops are the result's dimensions.
  Operation *root = op;
  SmallVector<int64_t> rootTiles = opTiles;
  linalg::GenericOp epilogue = getFusableEpilogue(op);
  if (epilogue) {
    AffineMap resultMap =
        op.getIndexingMapMatchingResult(cast<OpResult>(op->getResult(0)));
    rootTiles.clear();
    for (AffineExpr expr : resultMap.getResults())
      rootTiles.push_back(opTiles[cast<AffineDimExpr>(expr).getPosition()]);
    root = epilogue;
  }

  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), rootTiles));
  if (channelsOutermost) {
    auto rootOp = cast<linalg::LinalgOp>(root);
    AffineMap rootResult =
        rootOp.getIndexingMapMatchingResult(cast<OpResult>(root->getResult(0)));
    int64_t channels =
        cast<AffineDimExpr>(rootResult.getResults().back()).getPosition();
    SmallVector<int64_t> order{channels};
    for (int64_t loop = 0; loop < rootOp.getNumLoops(); ++loop)
      if (loop != channels)
        order.push_back(loop);
    tiling.setInterchange(order);
  }
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  Operation *kernel = op;
  options.setFusionControlFn(
      [kernel](tensor::ExtractSliceOp, OpResult producer, bool)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *owner = producer.getOwner();
        if (owner == kernel || isa<linalg::FillOp, linalg::BroadcastOp>(owner))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root), options);
  if (failed(result))
    return op.emitError("cannot tile the kernel's parallel loops");
  for (OpResult value : root->getResults())
    if (Value replacement = result->replacements.lookup(value))
      rewriter.replaceAllUsesWith(value, replacement);

  Operation *tiledRoot = result->tiledAndFusedOps.front();
  Operation *tiledOp = tiledRoot;
  if (epilogue)
    tiledOp = cast<linalg::GenericOp>(tiledRoot)
                  .getDpsInputOperand(0)
                  ->get()
                  .getDefiningOp();
  if (!tiledOp || tiledOp->getName() != op->getName())
    return op.emitError("the kernel was not fused into its epilogue's tile");
  if (!result->loops.empty())
    outerLoop = result->loops.front();
  if (root->use_empty())
    rewriter.eraseOp(root);
  if (root != op && op->use_empty())
    rewriter.eraseOp(op);
  return cast<linalg::LinalgOp>(tiledOp);
}

FailureOr<linalg::LinalgOp> tileReductionLoops(RewriterBase &rewriter,
                                               linalg::LinalgOp op,
                                               ArrayRef<int64_t> tiles) {
  if (tiles.empty())
    return op;
  assert(tiles.size() == op.getNumLoops() && "one tile size per loop");
  SmallVector<int64_t> reductionTiles(op.getNumLoops(), 0);
  for (auto [index, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::reduction)
      reductionTiles[index] = tiles[index];
  if (llvm::all_of(reductionTiles, [](int64_t tile) { return tile == 0; }))
    return op;
  scf::SCFTilingOptions options;
  options.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), reductionTiles));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(result))
    return op.emitError("cannot tile the kernel's reduction loops");
  rewriter.replaceOp(op, result->replacements);
  return cast<linalg::LinalgOp>(result->tiledOps.back());
}

namespace {

/// What vectorization leaves behind, folded: transfers through slices,
/// transposed transfers, reductions that are contractions, and the
/// canonical forms of all of them.
void cleanUpVectors(Operation *scope, bool dropUnitDims) {
  MLIRContext *context = scope->getContext();
  RewritePatternSet patterns(context);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateSinkVectorOpsPatterns(patterns);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  // Unit dimensions differ between a tile (1x1xWxF) and the 1-D conv's
  // accumulator (1xWxF): without them, a write and the read that follows it
  // match and fold, and the accumulator never goes through memory. Only
  // once the accumulators are hoisted: hoisting needs the transfers and
  // slices in the forms vectorization made.
  if (dropUnitDims) {
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    tensor::populateFoldTensorEmptyPatterns(patterns);
  }
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName name : context->getRegisteredOperations())
    name.getCanonicalizationPatterns(patterns, context);
  (void)applyPatternsGreedily(scope, std::move(patterns));
}

} // namespace

void vectorizeKernel(RewriterBase &rewriter, Operation *scope) {
  MLIRContext *context = scope->getContext();
  {
    RewritePatternSet patterns(context);
    linalg::populateDecomposeConvolutionPatterns(patterns);
    (void)applyPatternsGreedily(scope, std::move(patterns));
  }
  SmallVector<linalg::LinalgOp> candidates;
  scope->walk([&](linalg::LinalgOp op) { candidates.push_back(op); });
  for (linalg::LinalgOp op : candidates) {
    if (failed(linalg::vectorizeOpPrecondition(op)))
      continue;
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> result =
        linalg::vectorize(rewriter, op);
    if (failed(result))
      continue;
    if (result->replacements.empty())
      rewriter.eraseOp(op);
    else
      rewriter.replaceOp(op, result->replacements);
  }
  cleanUpVectors(scope, /*dropUnitDims=*/false);
  // Innermost loops first, so that an accumulator hoisted out of one loop
  // is hoisted out of the next one too.
  SmallVector<scf::ForOp> loops;
  scope->walk([&](scf::ForOp loop) { loops.push_back(loop); });
  for (scf::ForOp loop : loops)
    hoistLoopInvariantSubsets(rewriter, cast<LoopLikeOpInterface>(loop.getOperation()));
  cleanUpVectors(scope, /*dropUnitDims=*/true);
}

LogicalResult applyTiledVectorKernel(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     ArrayRef<int64_t> tiles,
                                     ArrayRef<int64_t> reductionTiles,
                                     bool channelsOutermost) {
  Operation *outerLoop = nullptr;
  FailureOr<linalg::LinalgOp> tiled =
      tileParallelLoops(rewriter, op, tiles, outerLoop, channelsOutermost);
  if (failed(tiled))
    return failure();
  if (!outerLoop)
    return op.emitError("a vectorized kernel needs at least one tiled "
                        "parallel loop");
  if (failed(tileReductionLoops(rewriter, *tiled, reductionTiles)))
    return failure();
  vectorizeKernel(rewriter, outerLoop);
  return success();
}

} // namespace sinter
