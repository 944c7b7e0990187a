//===- OutlineKernels.cpp - one function per kernel ----------------------===//

#include "compiler/Codegen/Outlining.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace sinter {
#define GEN_PASS_DEF_OUTLINEKERNELS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// Ops a kernel function may hold at most, unless one kernel alone is
/// larger: small kernels (copies of a concatenation's inputs, fused
/// elementwise chains) share a function, so that the number of functions
/// does not grow with the number of tiny kernels.
constexpr int64_t kOpsPerFunction = 2000;
/// And at most this many kernels: LLVM's loop analyses, too, take time
/// that grows faster than the number of loops in a function.
constexpr size_t kKernelsPerFunction = 32;

int64_t countOps(Operation *op) {
  int64_t count = 0;
  op->walk([&](Operation *) { ++count; });
  return count;
}

class KernelOutliner {
public:
  KernelOutliner(ModuleOp module, func::FuncOp function)
      : module(module), function(function) {
    // Block order, computed once: Operation::isBeforeInBlock renumbers the
    // block after each inserted call.
    for (Operation &op : function.getBody().front())
      position[&op] = position.size();
  }

  /// Moves the ops of `group` (consecutive, results unused) into a new
  /// function; declines (returns false) when a captured value cannot be
  /// passed.
  bool outline(ArrayRef<Operation *> group) {
    SmallVector<Value> arguments;
    SmallVector<Operation *> cloned;
    if (failed(splitCaptured(capturedValues(group), position, arguments,
                             cloned)))
      return false;

    Location loc = group.front()->getLoc();
    OpBuilder builder(module.getContext());
    // In the order of their calls, after the function.
    builder.setInsertionPointAfter(lastKernel ? lastKernel : function);
    auto kernel = func::FuncOp::create(
        builder, loc,
        (function.getName() + "_kernel_" + Twine(counter++)).str(),
        builder.getFunctionType(ValueRange(arguments).getTypes(), {}));
    kernel.setPrivate();
    lastKernel = kernel;
    Block *body = kernel.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    mapping.map(arguments, body->getArguments());
    for (Operation *def : cloned)
      builder.clone(*def, mapping);
    for (Operation *op : group)
      builder.clone(*op, mapping);
    func::ReturnOp::create(builder, loc);

    builder.setInsertionPoint(group.front());
    func::CallOp::create(builder, loc, kernel, arguments);
    for (Operation *op : group)
      op->erase();
    for (Operation *def : llvm::reverse(cloned))
      if (def->use_empty())
        def->erase();
    return true;
  }

private:
  ModuleOp module;
  func::FuncOp function;
  llvm::DenseMap<Operation *, size_t> position;
  func::FuncOp lastKernel;
  unsigned counter = 0;
};

/// Moves the side-effect-free ops without regions (views of the workspace,
/// constants) above the first kernel, where their operands allow, so that
/// the kernels follow one another and can share functions.
void hoistViewsAboveKernels(Block &body) {
  Operation *firstKernel = nullptr;
  llvm::DenseSet<Operation *> stayingBelow;
  for (Operation &op : llvm::make_early_inc_range(body.without_terminator())) {
    bool movable = op.getNumRegions() == 0 && isMemoryEffectFree(&op) &&
                   llvm::none_of(op.getOperands(), [&](Value operand) {
                     return stayingBelow.contains(operand.getDefiningOp());
                   });
    if (movable && firstKernel) {
      op.moveBefore(firstKernel);
      continue;
    }
    if (!movable) {
      stayingBelow.insert(&op);
      if (!firstKernel)
        firstKernel = &op;
    }
  }
}

void outlineKernels(ModuleOp module, func::FuncOp function) {
  Block &body = function.getBody().front();
  hoistViewsAboveKernels(body);
  KernelOutliner outliner(module, function);
  SmallVector<Operation *> group;
  int64_t groupOps = 0;
  auto flush = [&] {
    if (!group.empty())
      outliner.outline(group);
    group.clear();
    groupOps = 0;
  };
  for (Operation &op : llvm::make_early_inc_range(body.without_terminator())) {
    // Views and constants are above the kernels now.
    if (isMemoryEffectFree(&op) && op.getNumRegions() == 0)
      continue;
    if (!op.use_empty() || isa<CallOpInterface>(op)) {
      flush();
      continue;
    }
    int64_t ops = countOps(&op);
    if (!group.empty() && (groupOps + ops > kOpsPerFunction ||
                           group.size() == kKernelsPerFunction))
      flush();
    group.push_back(&op);
    groupOps += ops;
  }
  flush();
}

struct OutlineKernelsPass
    : impl::OutlineKernelsBase<OutlineKernelsPass> {
  void runOnOperation() override {
    for (func::FuncOp function : getPublicDefinitions(getOperation()))
      outlineKernels(getOperation(), function);
  }
};

} // namespace
} // namespace sinter
