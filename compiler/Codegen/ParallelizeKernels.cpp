//===- ParallelizeKernels.cpp - parallel loops as tasks of an executor ----===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Outlining.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/MathExtras.h"

namespace sinter {
#define GEN_PASS_DEF_PARALLELIZEKERNELS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// Ops executed by `block` once, each nested loop's body counted once per
/// iteration (loops of unknown trip count as one iteration).
uint64_t estimateWork(Block &block) {
  uint64_t work = 0;
  for (Operation &op : block) {
    uint64_t nested = 0;
    for (Region &region : op.getRegions())
      for (Block &inner : region)
        nested = llvm::SaturatingAdd(nested, estimateWork(inner));
    if (auto loop = dyn_cast<scf::ForOp>(op))
      nested = llvm::SaturatingMultiply(
          nested,
          loop.getStaticTripCount().value_or(APInt(64, 1)).getZExtValue());
    work = llvm::SaturatingAdd(work, llvm::SaturatingAdd<uint64_t>(1, nested));
  }
  return work;
}

/// The loop of `kernel` to run as tasks: the outermost tile loop over
/// output tiles (marked by the kernel strategies) with two iterations or
/// more, whose body allocates nothing (an allocation is planned into the
/// workspace once, so tasks would share it).
scf::ForOp findParallelLoop(Operation *kernel) {
  scf::ForOp found;
  kernel->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
    if (!loop->hasAttr(kParallelLoopAttr) || loop.getNumResults() != 0)
      return WalkResult::advance();
    std::optional<APInt> trips = loop.getStaticTripCount();
    if (!trips || trips->getSExtValue() < 2)
      return WalkResult::advance();
    found = loop;
    return WalkResult::interrupt();
  });
  if (found && found->walk([](memref::AllocOp) { return WalkResult::interrupt(); })
                   .wasInterrupted())
    return {};
  return found;
}

struct ParallelizeKernelsPass
    : impl::ParallelizeKernelsBase<ParallelizeKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    for (func::FuncOp function : getPublicDefinitions(getOperation()))
      parallelize(function);
  }

  /// Gives `function` a trailing executor argument (a sinter_executor
  /// pointer, possibly null) and turns the parallel loop of each kernel
  /// with enough work into a call of a task function.
  void parallelize(func::FuncOp function) {
    Location loc = function.getLoc();
    auto pointer = LLVM::LLVMPointerType::get(&getContext());
    OpBuilder builder(&getContext());
    auto attributes = builder.getDictionaryAttr(
        builder.getNamedAttr("sinter.executor", builder.getUnitAttr()));
    if (failed(function.insertArgument(function.getNumArguments(), pointer,
                                       attributes, loc)))
      return signalPassFailure();
    Value executor = function.getArguments().back();
    llvm::DenseMap<Operation *, size_t> order;
    function.walk<WalkOrder::PreOrder>(
        [&](Operation *op) { order[op] = order.size(); });
    SmallVector<scf::ForOp> loops;
    for (Operation &kernel : function.getBody().front().without_terminator())
      if (scf::ForOp loop = findParallelLoop(&kernel))
        if (llvm::SaturatingMultiply(
                loop.getStaticTripCount()->getZExtValue(),
                estimateWork(*loop.getBody())) >= minWork)
          loops.push_back(loop);
    for (scf::ForOp loop : loops)
      outlineTask(function, loop, executor, order);
  }

  /// Moves `loop`'s iterations into `<function>_task_<N>(begin, end,
  /// executor, captured...)`, which runs iterations [begin, end) of it, and
  /// calls it for all of them; object emission turns the call into one
  /// parallel_for of the executor.
  void outlineTask(func::FuncOp function, scf::ForOp loop, Value executor,
                   const llvm::DenseMap<Operation *, size_t> &order) {
    SmallVector<Value> captured;
    SmallVector<Operation *> cloned;
    if (failed(splitCaptured(capturedValues({loop.getOperation()}), order,
                             captured, cloned)))
      return;
    Location loc = loop.getLoc();
    OpBuilder builder(&getContext());
    Type index = builder.getIndexType();
    SmallVector<Type> types{index, index, executor.getType()};
    llvm::append_range(types, ValueRange(captured).getTypes());
    builder.setInsertionPointAfter(function);
    auto task = func::FuncOp::create(
        builder, loc,
        (function.getName() + "_task_" + Twine(taskCount++)).str(),
        builder.getFunctionType(types, {}));
    task.setPrivate();
    // Object emission finds the tasks by this LLVM function attribute.
    task->setAttr("passthrough",
                  builder.getArrayAttr({builder.getStringAttr(kParallelTaskAttr)}));

    Block *body = task.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    mapping.map(captured, body->getArguments().drop_front(3));
    for (Operation *def : cloned)
      builder.clone(*def, mapping);
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    auto iterations = scf::ForOp::create(builder, loc, body->getArgument(0),
                                         body->getArgument(1), one);
    builder.setInsertionPointToStart(iterations.getBody());
    AffineExpr i, lower, step;
    bindDims(&getContext(), i);
    bindSymbols(&getContext(), lower, step);
    Value inductionVar = affine::makeComposedAffineApply(
        builder, loc, lower + i * step,
        {iterations.getInductionVar(), mapping.lookupOrDefault(loop.getLowerBound()),
         mapping.lookupOrDefault(loop.getStep())});
    mapping.map(loop.getInductionVar(), inductionVar);
    for (Operation &op : loop.getBody()->without_terminator())
      builder.clone(op, mapping);
    builder.setInsertionPointToEnd(body);
    func::ReturnOp::create(builder, loc);

    builder.setInsertionPoint(loop);
    SmallVector<Value> arguments{
        arith::ConstantIndexOp::create(builder, loc, 0),
        arith::ConstantIndexOp::create(
            builder, loc, loop.getStaticTripCount()->getSExtValue()),
        executor};
    llvm::append_range(arguments, captured);
    func::CallOp::create(builder, loc, task, arguments);
    loop->erase();
  }

  unsigned taskCount = 0;
};

} // namespace
} // namespace sinter
