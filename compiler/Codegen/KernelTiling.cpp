//===- KernelTiling.cpp - building blocks the strategies share ------------===//

#include "compiler/Codegen/KernelTiling.h"
#include "compiler/Codegen/KernelConfig.h"
#include "dialects/IR/ConstantData.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
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
  // A multiple of half a vector (120 channels: 8 or 24, not 15): odd vector
  // widths are split by legalization into pieces, shuffles and spills, and
  // multiply the code of an unrolled kernel.
  int64_t half = lanes / 2;
  if (half > 1 && extent % half == 0)
    return largestDivisorAtMost(extent, lanes * maxVectors, half);
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
  // Whole powers of two of vectors: an accumulator row of 3 vectors is an
  // odd LLVM vector type, which legalization splits into shuffles and spills.
  for (int64_t vectors : {4, 2, 1}) {
    bool whole = columns % lanes == 0;
    if (whole && (columns / lanes) % vectors != 0)
      continue;
    int64_t columnTile =
        whole ? lanes * vectors : pickVectorTile(columns, lanes, vectors);
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
      !epilogue.getMatchingIndexingMap(epilogue.getDpsInputOperand(0))
           .isIdentity() ||
      !epilogue.getMatchingIndexingMap(epilogue.getDpsInitOperand(0))
           .isIdentity() ||
      !cast<linalg::LinalgOp>(epilogue.getOperation())
           .hasOnlyProjectedPermutations())
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
  for (LoopLikeOpInterface loop : result->loops)
    loop->setAttr(kParallelLoopAttr, rewriter.getUnitAttr());
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

/// Whether `op`'s result is the left-hand side of a contraction, directly
/// or through slices the unrolling took of it.
bool feedsContractionLhs(Operation *op) {
  for (Operation *user : op->getUsers()) {
    if (auto contract = dyn_cast<vector::ContractionOp>(user))
      if (contract.getLhs() == op->getResult(0))
        return true;
    if (isa<vector::ExtractStridedSliceOp>(user) && feedsContractionLhs(user))
      return true;
  }
  return false;
}

/// Splits the kernel's vector code into pieces of one native vector: each
/// contraction into one per row of its result, per vector of its columns and
/// per step of its reduction; transfers and elementwise ops into rows of one
/// vector. The outer-product lowering of an M x K by K x N contraction first
/// transposes the M x K operand, and LLVM legalizes odd widths (a 3-vector
/// row) poorly: for M = 7 or N = 48 both became shuffles and stack traffic.
/// In pieces, a contraction is K broadcasts of a scalar, each times one
/// vector of the other operand: the broadcast + FMA inner loop.
void unrollToNativeVectors(Operation *scope, int64_t lanes) {
  MLIRContext *context = scope->getContext();
  // The widest power of two up to a register that divides the extent: 24
  // channels are three 8-wide pieces, not one odd 24-wide vector.
  auto vectorPiece = [lanes](int64_t extent) {
    if (lanes <= 0)
      return extent;
    int64_t piece = lanes;
    while (piece > 1 && extent % piece != 0)
      piece /= 2;
    return piece;
  };
  vector::UnrollVectorOptions options;
  options.setNativeShapeFn(
      [&](Operation *op) -> std::optional<SmallVector<int64_t>> {
        auto unrollable = dyn_cast<VectorUnrollOpInterface>(op);
        std::optional<SmallVector<int64_t, 4>> full =
            unrollable ? unrollable.getShapeForUnroll() : std::nullopt;
        if (!full || full->empty())
          return std::nullopt;
        SmallVector<int64_t> shape(full->begin(), full->end());
        if (auto contract = dyn_cast<vector::ContractionOp>(op)) {
          // Rows (parallel dimensions the right-hand side lacks) and the
          // reduction one at a time, columns one vector at a time: each
          // piece is one FMA of a broadcast scalar and one vector that the
          // unrolled transfers have loaded whole.
          AffineMap rhs = contract.getIndexingMapsArray()[1];
          for (auto [dim, iterator] :
               llvm::enumerate(contract.getIteratorTypesArray()))
            shape[dim] = iterator == vector::IteratorType::parallel &&
                                 rhs.isFunctionOfDim(dim)
                             ? vectorPiece(shape[dim])
                             : 1;
          return shape;
        }
        if (!isa<vector::TransferReadOp, vector::TransferWriteOp>(op) &&
            !OpTrait::hasElementwiseMappableTraits(op))
          return std::nullopt;
        // The scalars a contraction broadcasts are loaded one by one, so
        // that each becomes a broadcast straight from memory rather than a
        // lane extracted from a vector register.
        if (isa<vector::TransferReadOp>(op) && feedsContractionLhs(op)) {
          SmallVector<int64_t> scalars(shape.size(), 1);
          return scalars;
        }
        for (int64_t &extent : llvm::drop_end(shape))
          extent = 1;
        shape.back() = vectorPiece(shape.back());
        return shape;
      });
  RewritePatternSet patterns(context);
  vector::populateVectorUnrollPatterns(patterns, options);
  vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
  vector::ContractionOp::getCanonicalizationPatterns(patterns, context);
  (void)applyPatternsGreedily(scope, std::move(patterns));
}

/// Row reductions (the innermost dimension reduced: softmax's maximum and
/// sum) become one tree-shaped horizontal reduction per row; the others
/// (global pooling: outer dimensions reduced) sums of whole vectors. The
/// late lowering pass picks one way for all, and the row case the other way
/// was a scalar chain per element.
void lowerReductions(Operation *scope) {
  SmallVector<Operation *> rows, others;
  scope->walk([&](vector::MultiDimReductionOp op) {
    int64_t innermost = op.getSourceVectorType().getRank() - 1;
    (op.isReducedDim(innermost) ? rows : others).push_back(op);
  });
  for (auto [ops, lowering] :
       {std::pair(rows, vector::VectorMultiReductionLowering::InnerReduction),
        std::pair(others, vector::VectorMultiReductionLowering::InnerParallel)}) {
    if (ops.empty())
      continue;
    RewritePatternSet patterns(scope->getContext());
    vector::populateVectorMultiReductionLoweringPatterns(patterns, lowering);
    (void)applyOpPatternsGreedily(ops, std::move(patterns));
  }
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
  // Kernels configured by hand in IR without a target keep their shapes.
  int64_t lanes = 0;
  auto module = scope->getParentOfType<ModuleOp>();
  if (module && module->hasAttr(kTargetAttr))
    if (std::optional<TargetInfo> target = getModuleTarget(module))
      lanes = target->lanes(32);
  unrollToNativeVectors(scope, lanes);
  lowerReductions(scope);
}

void packWeightSlabs(RewriterBase &rewriter, linalg::LinalgOp tiled) {
  if (tiled.getNumDpsInputs() < 2)
    return;
  OpOperand *weights = tiled.getDpsInputOperand(1);
  auto slice = weights->get().getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice || !slice.hasUnitStride())
    return;
  auto constant = slice.getSource().getDefiningOp<arith::ConstantOp>();
  auto type = dyn_cast<RankedTensorType>(slice.getSourceType());
  if (!constant || !type || !type.hasStaticShape() ||
      slice.getType().getRank() != type.getRank())
    return;
  // Only the last dimension (output channels) may be tiled.
  int64_t rank = type.getRank();
  ArrayRef<int64_t> shape = type.getShape();
  std::optional<int64_t> slab = getConstantIntValue(slice.getMixedSizes().back());
  if (!slab || *slab == shape.back() || shape.back() % *slab != 0)
    return;
  for (int64_t dim = 0; dim + 1 < rank; ++dim)
    if (getConstantIntValue(slice.getMixedOffsets()[dim]) != 0 ||
        getConstantIntValue(slice.getMixedSizes()[dim]) != shape[dim])
      return;
  std::optional<SmallVector<float>> values = getF32Values(constant.getValue());
  if (!values)
    return;
  // [d0, ..., F] viewed as [d0, ..., F/FT, FT], slab index first.
  int64_t slabs = shape.back() / *slab;
  SmallVector<int64_t> split(shape.drop_back());
  split.append({slabs, *slab});
  SmallVector<int64_t> permutation{rank - 1};
  for (int64_t dim = 0; dim + 1 < rank; ++dim)
    permutation.push_back(dim);
  permutation.push_back(rank);
  SmallVector<int64_t> packedShape;
  for (int64_t dim : permutation)
    packedShape.push_back(split[dim]);
  auto packedType = RankedTensorType::get(packedShape, type.getElementType());
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(constant);
  Value packed = arith::ConstantOp::create(
      rewriter, constant.getLoc(),
      makeF32Constant(packedType, transposeValues(*values, split, permutation),
                      "packed_weights"));
  rewriter.setInsertionPoint(slice);
  Location loc = slice.getLoc();
  AffineExpr offset = rewriter.getAffineSymbolExpr(0);
  OpFoldResult slabIndex = affine::makeComposedFoldedAffineApply(
      rewriter, loc, offset.floorDiv(*slab), {slice.getMixedOffsets().back()});
  SmallVector<OpFoldResult> offsets(rank + 1, rewriter.getIndexAttr(0));
  offsets[0] = slabIndex;
  SmallVector<OpFoldResult> sizes{rewriter.getIndexAttr(1)};
  for (int64_t size : slice.getType().getShape())
    sizes.push_back(rewriter.getIndexAttr(size));
  SmallVector<OpFoldResult> strides(rank + 1, rewriter.getIndexAttr(1));
  rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
      slice, slice.getType(), packed, offsets, sizes, strides);
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
  if (channelsOutermost)
    packWeightSlabs(rewriter, *tiled);
  if (failed(tileReductionLoops(rewriter, *tiled, reductionTiles)))
    return failure();
  vectorizeKernel(rewriter, outerLoop);
  return success();
}

KernelConfig convConfig(StringRef strategy, ArrayRef<int64_t> loops,
                        const TargetInfo &target, int64_t windowTile,
                        int64_t channelStep) {
  RegisterTile tile = pickRegisterTile(loops[2], loops[3], target.lanes(32),
                                       accumulatorBudget(target));
  int64_t inputChannelTile = largestDivisorAtMost(loops[6], channelStep);
  return KernelConfig{strategy.str(),
                      {1, 1, tile.rows, tile.columns, 0, 0, 0},
                      {0, 0, 0, 0, windowTile, windowTile, inputChannelTile}};
}

KernelConfig channelWindowConfig(StringRef strategy, ArrayRef<int64_t> loops,
                                 const TargetInfo &target) {
  int64_t lanes = target.lanes(32);
  int64_t channelTile = pickVectorTile(loops[3], lanes, 2);
  int64_t vectors = llvm::divideCeil(channelTile, lanes);
  // Inputs and filter vectors compete with the accumulators for registers.
  int64_t widthTile = largestDivisorAtMost(
      loops[2], std::min<int64_t>(8, accumulatorBudget(target) / (2 * vectors)));
  return KernelConfig{strategy.str(),
                      {1, 1, widthTile, channelTile, 0, 0},
                      {0, 0, 0, 0, 1, 0}};
}

LogicalResult applyChannelSlabKernel(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles,
                                config.reductionTiles,
                                /*channelsOutermost=*/true);
}

LogicalResult applyVectorKernel(RewriterBase &rewriter, linalg::LinalgOp op,
                                const KernelConfig &config) {
  return applyTiledVectorKernel(rewriter, op, config.tiles,
                                config.reductionTiles);
}

} // namespace sinter
