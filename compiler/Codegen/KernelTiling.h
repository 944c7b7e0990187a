//===- KernelTiling.h - building blocks the strategies share ----*- C++ -*-===//

#ifndef SINTER_COMPILER_CODEGEN_KERNELTILING_H
#define SINTER_COMPILER_CODEGEN_KERNELTILING_H

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Target.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace sinter {

/// The largest divisor of `extent` that is at most `limit` and a multiple of
/// `multiple` (1 when none is): tiles that divide their loop keep every tile
/// static, which vectorization needs.
int64_t largestDivisorAtMost(int64_t extent, int64_t limit,
                             int64_t multiple = 1);

/// A channel tile of up to `maxVectors` full vectors when `extent` is a
/// multiple of the vector length, else the largest divisor up to that size,
/// a multiple of half a vector when one divides `extent`.
int64_t pickVectorTile(int64_t extent, int64_t lanes, int64_t maxVectors);

/// Vector registers the kernels may use for accumulators: the register file
/// minus room for the operand vectors and broadcasts (beyond it, LLVM spills
/// accumulators to the stack inside the innermost loop).
int64_t accumulatorBudget(const TargetInfo &target);

/// A register tile of `rows` x `columns` (rows: output pixels or matrix
/// rows; columns: channels, up to 4 vectors of `lanes`), each size dividing
/// its extent, rows at most 8, with the most accumulators within `budget`;
/// on a tie, the wider one (fewer broadcasts per FMA).
struct RegisterTile {
  int64_t rows, columns;
};
RegisterTile pickRegisterTile(int64_t rows, int64_t columns, int64_t lanes,
                              int64_t budget);

/// Whether every operand of `op` has a static shape and `op` works on f32.
bool isStaticF32(mlir::linalg::LinalgOp op);

/// The elementwise op that is the only user of `op`'s only result, iterates
/// over the same shape, takes that result as its first operand (identity
/// maps for it and the output; its other operands, a residual or a
/// broadcast bias or scale, may be any projection) and has no kernel
/// configuration of its own: an epilogue (bias, residual add, ReLU/Clip,
/// scaling) that a kernel can apply to each tile in registers before the
/// tile is stored.
mlir::linalg::GenericOp getFusableEpilogue(mlir::linalg::LinalgOp op);

/// Tiles the parallel loops of `op` by `tiles` (one entry per loop of `op`;
/// entries of reduction loops are ignored) together with its epilogue, if
/// any, and fuses into the tile the fills and broadcasts that initialise
/// `op`. With `channelsOutermost`, the loop over tiles of the result's last
/// (contiguous, output-channel) dimension is the outermost one, so that one
/// slab of the weights stays in cache while every pixel or row uses it.
/// Returns the tiled `op`; `outerLoop` is the outermost tile loop (null when
/// no loop was needed).
mlir::FailureOr<mlir::linalg::LinalgOp>
tileParallelLoops(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                  llvm::ArrayRef<int64_t> tiles, mlir::Operation *&outerLoop,
                  bool channelsOutermost = false);

/// When the tiled `op`'s second input is a slice, along its last dimension
/// only, of an f32 constant (a conv filter [KH][KW][C][F], a gemm's B [K][N]),
/// repacks the constant into contiguous slabs [F/FT][KH][KW][C][FT] at
/// compile time and reads the tile's slab from it: the slab a tile loop
/// walks is then one contiguous block instead of FT-wide rows strided by F.
void packWeightSlabs(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp tiled);

/// Tiles the reduction loops of `op` by `tiles` (entries of parallel loops
/// are ignored), returning the tiled op.
mlir::FailureOr<mlir::linalg::LinalgOp>
tileReductionLoops(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
                   llvm::ArrayRef<int64_t> tiles);

/// Inside `scope`: rewrites 2-D convolutions and pools with a unit window
/// height into 1-D ones, vectorizes every linalg op that can be, folds the
/// slices into the vector transfers, and hoists the accumulators of the
/// reduction loops into registers.
void vectorizeKernel(mlir::RewriterBase &rewriter, mlir::Operation *scope);

/// The common shape of a kernel: tile the parallel loops (with the
/// epilogue), then the reductions, then vectorize the tile.
mlir::LogicalResult applyTiledVectorKernel(mlir::RewriterBase &rewriter,
                                           mlir::linalg::LinalgOp op,
                                           llvm::ArrayRef<int64_t> tiles,
                                           llvm::ArrayRef<int64_t> reductionTiles,
                                           bool channelsOutermost = false);

/// The configuration of an NHWC conv with HWCF filter (loops n, oh, ow, f,
/// kh, kw, c): a register tile of output pixels by output channels, the
/// window walked one position at a time (`windowTile` 1) or left whole (0),
/// and up to `channelStep` input channels per reduction step.
KernelConfig convConfig(llvm::StringRef strategy, llvm::ArrayRef<int64_t> loops,
                        const TargetInfo &target, int64_t windowTile,
                        int64_t channelStep);

/// The configuration of an op whose channels are independent (depthwise
/// conv, pooling; loops n, oh, ow, c, kh, kw): up to two vectors of
/// channels by as many output pixels as the registers hold beside the
/// inputs, one window row per step.
KernelConfig channelWindowConfig(llvm::StringRef strategy,
                                 llvm::ArrayRef<int64_t> loops,
                                 const TargetInfo &target);

/// The strategies' apply functions: applyTiledVectorKernel with the
/// configuration's tiles, output-channel tiles outermost (weights read by
/// slab) or in the op's own order.
mlir::LogicalResult applyChannelSlabKernel(mlir::RewriterBase &rewriter,
                                           mlir::linalg::LinalgOp op,
                                           const KernelConfig &config);
mlir::LogicalResult applyVectorKernel(mlir::RewriterBase &rewriter,
                                      mlir::linalg::LinalgOp op,
                                      const KernelConfig &config);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_KERNELTILING_H
