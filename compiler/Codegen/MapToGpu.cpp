//===- MapToGpu.cpp - each kernel as a grid of GPU thread blocks ----------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/CSE.h"

#include <limits>

namespace sinter {
#define GEN_PASS_DEF_MAPTOGPU
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// The CUDA limits a launch must respect.
constexpr int64_t kMaxThreadsPerBlock = 1024;
constexpr int64_t kMaxBlocks = (int64_t(1) << 31) - 1;

/// How the iterations of a kernel's outer parallel loop are spread: along
/// each of its dimensions, `threads` threads per block and `blocks` blocks,
/// each thread taking one iteration.
struct Distribution {
  SmallVector<int64_t> lower, step, trips, threads, blocks;

  int64_t totalThreads() const { return product(threads); }
  int64_t totalBlocks() const { return product(blocks); }

private:
  static int64_t product(ArrayRef<int64_t> values) {
    int64_t result = 1;
    for (int64_t value : values)
      result *= value;
    return result;
  }
};

FailureOr<Distribution> distribute(scf::ParallelOp loop,
                                   ArrayRef<int64_t> threadsPerLoop) {
  Distribution distribution;
  for (auto [index, lower, upper, step] :
       llvm::enumerate(loop.getLowerBound(), loop.getUpperBound(),
                       loop.getStep())) {
    std::optional<int64_t> lb = getConstantIntValue(lower);
    std::optional<int64_t> ub = getConstantIntValue(upper);
    std::optional<int64_t> st = getConstantIntValue(step);
    if (!lb || !ub || !st || *st <= 0)
      return loop.emitError("a GPU kernel needs static loop bounds: dynamic "
                            "shapes are not supported with --device=cuda");
    int64_t trips = std::max<int64_t>(0, llvm::divideCeil(*ub - *lb, *st));
    int64_t threads =
        index < threadsPerLoop.size() ? std::max<int64_t>(1, threadsPerLoop[index])
                                      : 1;
    threads = std::min(threads, std::max<int64_t>(trips, 1));
    distribution.lower.push_back(*lb);
    distribution.step.push_back(*st);
    distribution.trips.push_back(trips);
    distribution.threads.push_back(threads);
    distribution.blocks.push_back(llvm::divideCeil(trips, threads));
  }
  if (distribution.totalThreads() > kMaxThreadsPerBlock)
    return loop.emitError() << "the kernel configuration asks for "
                            << distribution.totalThreads()
                            << " threads per block; CUDA allows "
                            << kMaxThreadsPerBlock;
  if (distribution.totalBlocks() > kMaxBlocks)
    return loop.emitError() << "the kernel needs " << distribution.totalBlocks()
                            << " blocks; CUDA allows " << kMaxBlocks;
  return distribution;
}

/// Splits a linear id into one coordinate per extent, the last fastest.
SmallVector<Value> delinearize(OpBuilder &builder, Location loc, Value id,
                               ArrayRef<int64_t> extents) {
  SmallVector<Value> coordinates(extents.size());
  for (size_t dim = extents.size(); dim-- > 0;) {
    if (extents[dim] == 1) {
      coordinates[dim] = arith::ConstantIndexOp::create(builder, loc, 0);
      continue;
    }
    Value extent = arith::ConstantIndexOp::create(builder, loc, extents[dim]);
    coordinates[dim] = dim == 0 ? id
                                : arith::RemUIOp::create(builder, loc, id, extent)
                                      .getResult();
    if (dim > 0)
      id = arith::DivUIOp::create(builder, loc, id, extent);
  }
  return coordinates;
}

/// Emits, at `builder`'s insertion point, the work of thread `threadId` of
/// block `blockId`: the iteration of `loop` it owns (if any), as a copy of
/// the loop's body.
void emitThreadBody(OpBuilder &builder, scf::ParallelOp loop,
                    const Distribution &distribution, Value blockId,
                    Value threadId) {
  Location loc = loop.getLoc();
  SmallVector<Value> blockCoords =
      delinearize(builder, loc, blockId, distribution.blocks);
  SmallVector<Value> threadCoords =
      delinearize(builder, loc, threadId, distribution.threads);
  SmallVector<Value> indices;
  Value inBounds;
  for (size_t dim = 0; dim < distribution.trips.size(); ++dim) {
    Value threads =
        arith::ConstantIndexOp::create(builder, loc, distribution.threads[dim]);
    Value index = arith::AddIOp::create(
        builder, loc,
        arith::MulIOp::create(builder, loc, blockCoords[dim], threads),
        threadCoords[dim]);
    indices.push_back(index);
    if (distribution.threads[dim] * distribution.blocks[dim] ==
        distribution.trips[dim])
      continue;
    Value trips =
        arith::ConstantIndexOp::create(builder, loc, distribution.trips[dim]);
    Value inside = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::ult, index, trips);
    inBounds = inBounds ? arith::AndIOp::create(builder, loc, inBounds, inside)
                              .getResult()
                        : inside;
  }
  if (inBounds) {
    auto guard = scf::IfOp::create(builder, loc, inBounds);
    builder.setInsertionPointToStart(&guard.getThenRegion().front());
  }
  IRMapping mapping;
  for (auto [dim, iv] : llvm::enumerate(loop.getInductionVars())) {
    Value lower =
        arith::ConstantIndexOp::create(builder, loc, distribution.lower[dim]);
    Value step =
        arith::ConstantIndexOp::create(builder, loc, distribution.step[dim]);
    mapping.map(iv, arith::AddIOp::create(
                        builder, loc, lower,
                        arith::MulIOp::create(builder, loc, indices[dim], step)));
  }
  for (Operation &op : loop.getBody()->without_terminator())
    builder.clone(op, mapping);
}

/// Replaces `loop` by a gpu.launch of a 1-D grid of 1-D blocks, or, to run
/// the same code on the CPU, by loops over the block and thread ids; a loop
/// without iterations goes.
void replaceByKernel(scf::ParallelOp loop, const Distribution &distribution,
                     bool emulate) {
  // A loop over an empty tensor: CUDA refuses a launch of no blocks.
  if (distribution.totalBlocks() == 0) {
    loop.erase();
    return;
  }
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  Value blocks =
      arith::ConstantIndexOp::create(builder, loc, distribution.totalBlocks());
  Value threads =
      arith::ConstantIndexOp::create(builder, loc, distribution.totalThreads());
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  if (emulate) {
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    auto blockLoop = scf::ForOp::create(builder, loc, zero, blocks, one);
    builder.setInsertionPointToStart(blockLoop.getBody());
    auto threadLoop = scf::ForOp::create(builder, loc, zero, threads, one);
    builder.setInsertionPointToStart(threadLoop.getBody());
    emitThreadBody(builder, loop, distribution, blockLoop.getInductionVar(),
                   threadLoop.getInductionVar());
  } else {
    auto launch =
        gpu::LaunchOp::create(builder, loc, blocks, one, one, threads, one, one);
    Block &body = launch.getBody().front();
    builder.setInsertionPointToEnd(&body);
    gpu::TerminatorOp::create(builder, loc);
    builder.setInsertionPointToStart(&body);
    emitThreadBody(builder, loop, distribution, launch.getBlockIds().x,
                   launch.getThreadIds().x);
  }
  loop.erase();
}

/// The threads per loop `op`'s configuration asks for, the GPU default when
/// it has none.
FailureOr<SmallVector<int64_t>> threadsPerLoop(linalg::LinalgOp op,
                                               const TargetInfo &target) {
  FailureOr<std::optional<KernelConfig>> config = readKernelConfig(op);
  if (failed(config))
    return failure();
  if (!*config)
    *config = getGpuThreadsStrategy().select(op, target);
  const KernelStrategy *strategy = lookupKernelStrategy((*config)->strategy);
  if (!strategy->gpu)
    return op.emitError() << "kernel strategy '" << (*config)->strategy
                          << "' is for CPUs; a GPU kernel needs a GPU one";
  return (*config)->tiles;
}

/// Whether `op` is one output element per iteration of its leading
/// parallel loops, reduced over all its other loops: one output, written
/// at positions of the parallel loops only.
bool reducesPerOutputElement(linalg::LinalgOp op, size_t leadingParallel) {
  if (op.getNumDpsInits() != 1 || op->getNumResults() != 0)
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (size_t loop = leadingParallel; loop < iterators.size(); ++loop)
    if (iterators[loop] != utils::IteratorType::reduction)
      return false;
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  return output.isProjectedPermutation() &&
         output.getNumResults() == leadingParallel &&
         llvm::all_of(output.getResults(), [&](AffineExpr expr) {
           return cast<AffineDimExpr>(expr).getPosition() < leadingParallel;
         });
}

/// The positions `map` reads at, for loop indices `indices`. A position
/// that is one index is that index, so that two kernels reading and writing
/// an element at the same indices show it (loop fusion compares them).
SmallVector<Value> applyMap(OpBuilder &builder, Location loc, AffineMap map,
                            ValueRange indices) {
  SmallVector<OpFoldResult> operands(getAsOpFoldResult(indices));
  SmallVector<Value> positions;
  for (unsigned result = 0; result < map.getNumResults(); ++result)
    positions.push_back(getValueOrCreateConstantIndexOp(
        builder, loc,
        affine::makeComposedFoldedAffineApply(builder, loc,
                                              map.getSubMap({result}),
                                              operands)));
  return positions;
}

/// `op`'s body for loop indices `indices` and the output element so far,
/// `accumulator`; returns what it yields.
Value emitBody(OpBuilder &builder, linalg::LinalgOp op, ValueRange indices,
               Value accumulator) {
  Location loc = op.getLoc();
  Block *body = op.getBlock();
  IRMapping mapping;
  for (OpOperand *input : op.getDpsInputOperands()) {
    BlockArgument argument = body->getArgument(input->getOperandNumber());
    if (!isa<MemRefType>(input->get().getType())) {
      mapping.map(argument, input->get());
      continue;
    }
    mapping.map(argument,
                memref::LoadOp::create(
                    builder, loc, input->get(),
                    applyMap(builder, loc, op.getMatchingIndexingMap(input),
                             indices)));
  }
  mapping.map(body->getArguments().back(), accumulator);
  for (Operation &bodyOp : body->without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(bodyOp)) {
      mapping.map(index.getResult(), indices[index.getDim()]);
      continue;
    }
    builder.clone(bodyOp, mapping);
  }
  return mapping.lookup(body->getTerminator()->getOperand(0));
}

/// The loops of `op` as one parallel loop over its leading parallel loops
/// whose iteration reads its output element once, reduces into it in a
/// register through scf.for loops, and writes it once.
scf::ParallelOp emitReducingLoops(IRRewriter &rewriter, linalg::LinalgOp op,
                                  size_t leadingParallel) {
  Location loc = op.getLoc();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  SmallVector<Value> lower, upper, step;
  for (size_t loop = 0; loop < leadingParallel; ++loop) {
    lower.push_back(constant(0));
    upper.push_back(constant(extents[loop]));
    step.push_back(constant(1));
  }
  auto parallel = scf::ParallelOp::create(rewriter, loc, lower, upper, step);
  rewriter.setInsertionPoint(parallel.getBody()->getTerminator());
  SmallVector<Value> indices(parallel.getInductionVars());
  OpOperand *output = op.getDpsInitOperand(0);
  // The output does not depend on the reduction loops.
  SmallVector<Value> outputIndices(indices);
  outputIndices.resize(extents.size(), constant(0));
  SmallVector<Value> outputPositions = applyMap(
      rewriter, loc, op.getMatchingIndexingMap(output), outputIndices);
  Value element =
      memref::LoadOp::create(rewriter, loc, output->get(), outputPositions);
  // One scf.for per reduction loop, the element carried through them.
  SmallVector<scf::ForOp> reductions;
  for (size_t loop = leadingParallel; loop < extents.size(); ++loop) {
    auto reduction = scf::ForOp::create(rewriter, loc, constant(0),
                                        constant(extents[loop]), constant(1),
                                        ValueRange{element});
    if (!reductions.empty())
      scf::YieldOp::create(rewriter, loc, reduction.getResults());
    reductions.push_back(reduction);
    rewriter.setInsertionPointToStart(reduction.getBody());
    indices.push_back(reduction.getInductionVar());
    element = reduction.getRegionIterArg(0);
  }
  Value result = emitBody(rewriter, op, indices, element);
  if (!reductions.empty()) {
    scf::YieldOp::create(rewriter, loc, result);
    result = reductions.front().getResult(0);
    rewriter.setInsertionPointAfter(reductions.front());
  }
  memref::StoreOp::create(rewriter, loc, result, output->get(),
                          outputPositions);
  return parallel;
}

/// The loop the threads of `op`'s kernel take: the parallel loop of its
/// leading parallel dimensions, or, when it has none, a one-iteration loop
/// around all of it (one thread).
FailureOr<scf::ParallelOp> toParallelLoops(IRRewriter &rewriter,
                                           linalg::LinalgOp op) {
  Location loc = op.getLoc();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  size_t leadingParallel = llvm::find_if(iterators, [](auto iterator) {
                             return iterator != utils::IteratorType::parallel;
                           }) -
                           iterators.begin();
  rewriter.setInsertionPoint(op);
  if (leadingParallel > 0 && reducesPerOutputElement(op, leadingParallel)) {
    scf::ParallelOp loop = emitReducingLoops(rewriter, op, leadingParallel);
    rewriter.eraseOp(op);
    return loop;
  }
  if (leadingParallel > 0) {
    FailureOr<linalg::LinalgLoops> loops =
        linalg::linalgOpToParallelLoops(rewriter, op);
    if (failed(loops))
      return op.emitError("cannot lower this op to parallel loops");
    rewriter.eraseOp(op);
    return cast<scf::ParallelOp>(loops->front());
  }
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto single = scf::ParallelOp::create(rewriter, loc, zero, one, one);
  rewriter.moveOpBefore(op, single.getBody()->getTerminator());
  rewriter.setInsertionPoint(op);
  if (failed(linalg::linalgOpToLoops(rewriter, op)))
    return op.emitError("cannot lower this op to loops");
  rewriter.eraseOp(op);
  return single;
}

/// The bytes of a function argument that a buffer lies in, as far as the
/// views between them tell; nullopt when they do not.
struct BufferRange {
  Value root;
  int64_t begin = 0, end = std::numeric_limits<int64_t>::max();
};

std::optional<BufferRange> bufferRange(Value buffer) {
  if (isa<BlockArgument>(buffer) ||
      buffer.getDefiningOp<memref::AllocOp>() ||
      buffer.getDefiningOp<memref::GetGlobalOp>())
    return BufferRange{buffer};
  Operation *producer = buffer.getDefiningOp();
  if (auto view = dyn_cast<memref::ViewOp>(producer)) {
    std::optional<BufferRange> source = bufferRange(view.getSource());
    std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
    MemRefType type = view.getType();
    int64_t elementBytes = storedElementBytes(type.getElementType());
    if (!source || !shift || !type.hasStaticShape() || elementBytes == 0)
      return std::nullopt;
    int64_t begin = source->begin + *shift;
    return BufferRange{source->root, begin,
                       begin + type.getNumElements() * elementBytes};
  }
  // Any other view lies within its source.
  if (auto view = dyn_cast<ViewLikeOpInterface>(producer))
    return bufferRange(view.getViewSource());
  return std::nullopt;
}

/// Whether two buffers may share bytes. The inputs, outputs, workspace and
/// weights of a model are separate buffers, as its entry points require,
/// and so are allocations and globals; views of one share bytes when their
/// ranges overlap.
bool mayAlias(Value first, Value second) {
  std::optional<BufferRange> a = bufferRange(first), b = bufferRange(second);
  if (!a || !b)
    return true;
  if (a->root != b->root)
    return false;
  return a->begin < b->end && b->begin < a->end;
}

struct MapToGpuPass : impl::MapToGpuBase<MapToGpuPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    std::optional<TargetInfo> target =
        getModuleTarget(function->getParentOfType<ModuleOp>());
    if (!target)
      return signalPassFailure();
    // Copies between buffers are kernels too.
    function.walk([](memref::CopyOp copy) {
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
    SmallVector<linalg::LinalgOp> kernels;
    WalkResult walk = function.walk([&](linalg::LinalgOp op) {
      if (!op.hasPureBufferSemantics()) {
        op.emitError("sinter-map-to-gpu runs after bufferization");
        return WalkResult::interrupt();
      }
      if (op->getParentOp() != function) {
        op.emitError("a GPU kernel must be an op of the function's body, "
                     "not nested in another op");
        return WalkResult::interrupt();
      }
      if (llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic)) {
        op.emitError("a GPU kernel needs static loop bounds: dynamic shapes "
                     "are not supported with --device=cuda");
        return WalkResult::interrupt();
      }
      kernels.push_back(op);
      return WalkResult::skip();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    SmallVector<std::pair<scf::ParallelOp, SmallVector<int64_t>>> loops;
    for (linalg::LinalgOp op : kernels) {
      FailureOr<SmallVector<int64_t>> threads = threadsPerLoop(op, *target);
      if (failed(threads))
        return signalPassFailure();
      FailureOr<scf::ParallelOp> loop = toParallelLoops(rewriter, op);
      if (failed(loop))
        return signalPassFailure();
      loops.emplace_back(*loop, std::move(*threads));
    }
    // Loops over one range then share their bound constants, which fusion
    // compares.
    DominanceInfo dominance;
    eliminateCommonSubExpressions(rewriter, dominance, function);
    // Fusion moves the ops of a loop's body, but makes new loops: a fused
    // loop's first op is that of its first loop, whose threads it takes.
    llvm::DenseMap<Operation *, SmallVector<int64_t>> threadsOfFirstOp;
    for (auto &[loop, threads] : loops)
      threadsOfFirstOp[&loop.getBody()->front()] = threads;
    // An op's elementwise consumers and the fill of its output, over the
    // same range at the same positions, join its kernel.
    scf::naivelyFuseParallelOps(function.getBody(), mayAlias);
    SmallVector<scf::ParallelOp> fused(
        function.getBody().front().getOps<scf::ParallelOp>());
    for (scf::ParallelOp loop : fused) {
      FailureOr<Distribution> distribution =
          distribute(loop, threadsOfFirstOp.lookup(&loop.getBody()->front()));
      if (failed(distribution))
        return signalPassFailure();
      replaceByKernel(loop, *distribution, emulate);
    }
  }
};

} // namespace
} // namespace sinter
