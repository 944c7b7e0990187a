//===- MapToGpu.cpp - each kernel as a grid of GPU thread blocks ----------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"

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
/// the same code on the CPU, by loops over the block and thread ids.
void replaceByKernel(scf::ParallelOp loop, const Distribution &distribution,
                     bool emulate) {
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

/// The loop the threads of `op`'s kernel take: the parallel loop of its
/// leading parallel dimensions, or, when it has none, a one-iteration loop
/// around all of it (one thread).
FailureOr<scf::ParallelOp> toParallelLoops(IRRewriter &rewriter,
                                           linalg::LinalgOp op) {
  Location loc = op.getLoc();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (!iterators.empty() && iterators.front() == utils::IteratorType::parallel) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::LinalgLoops> loops =
        linalg::linalgOpToParallelLoops(rewriter, op);
    if (failed(loops))
      return op.emitError("cannot lower this op to parallel loops");
    rewriter.eraseOp(op);
    return cast<scf::ParallelOp>(loops->front());
  }
  rewriter.setInsertionPoint(op);
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
      kernels.push_back(op);
      return WalkResult::skip();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : kernels) {
      FailureOr<SmallVector<int64_t>> threads = threadsPerLoop(op, *target);
      if (failed(threads))
        return signalPassFailure();
      FailureOr<scf::ParallelOp> loop = toParallelLoops(rewriter, op);
      if (failed(loop))
        return signalPassFailure();
      FailureOr<Distribution> distribution = distribute(*loop, *threads);
      if (failed(distribution))
        return signalPassFailure();
      replaceByKernel(*loop, *distribution, emulate);
    }
  }
};

} // namespace
} // namespace sinter
