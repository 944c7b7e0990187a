//===- PlanWorkspace.cpp - intermediates in one caller-provided buffer ----===//

#include "compiler/Codegen/Passes.h"

#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

namespace sinter {
#define GEN_PASS_DEF_PLANWORKSPACE
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

#include <numeric>

using namespace mlir;

namespace sinter {

int64_t storedElementBytes(Type element) {
  if (!element.isIntOrFloat())
    return 0;
  return std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8);
}

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  // Positions in the entry block of the allocation and of its last use.
  int64_t first = 0, last = 0;
  int64_t offset = 0;
};

/// The last position in `block` at which `value` or a view of it is used.
int64_t lastUse(Value value, Block &block,
                const llvm::DenseMap<Operation *, int64_t> &positions) {
  int64_t last = 0;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (Operation *user : current.getUsers()) {
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (ancestor)
        last = std::max(last, positions.lookup(ancestor));
      if (auto view = dyn_cast<ViewLikeOpInterface>(user);
          view && view.getViewSource() == current)
        llvm::append_range(worklist, user->getResults());
    }
  }
  return last;
}

/// An allocation whose contents are copied into an output argument that
/// nothing else uses, after its last other use: the producers can write into
/// the output directly. (Kernels tiled on tensors fill their own destination
/// loop by loop, and bufferization then leaves this copy behind.)
void forwardOutputCopies(func::FuncOp function, Block &entry) {
  SmallVector<memref::CopyOp> copies;
  for (Operation &op : entry)
    if (auto copy = dyn_cast<memref::CopyOp>(op))
      copies.push_back(copy);
  for (memref::CopyOp copy : copies) {
    auto output = dyn_cast<BlockArgument>(copy.getTarget());
    auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
    if (!output || output.getOwner() != &entry || !output.hasOneUse() ||
        !alloc || alloc.getType() != output.getType() ||
        alloc->getBlock() != &entry)
      continue;
    bool usedAfterCopy = llvm::any_of(alloc->getUsers(), [&](Operation *user) {
      Operation *ancestor = entry.findAncestorOpInBlock(*user);
      return user != copy && !isa<memref::DeallocOp>(user) &&
             (!ancestor || copy->isBeforeInBlock(ancestor));
    });
    if (usedAfterCopy)
      continue;
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    copy->erase();
    alloc.getResult().replaceAllUsesWith(output);
    alloc->erase();
  }
}

/// Arguments without elements (an input or output with a dimension of 0)
/// become 1-D, memref<0xT>, expanded back inside: the LLVM lowering cannot
/// pass a multi-dimensional memref with a zero dimension as a bare pointer.
void flattenEmptyArguments(func::FuncOp function, Block &entry) {
  SmallVector<Type> inputs(function.getArgumentTypes());
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  for (BlockArgument argument : entry.getArguments()) {
    auto type = dyn_cast<MemRefType>(argument.getType());
    if (!type || type.getRank() < 2 || type.getNumElements() != 0 ||
        !type.hasStaticShape() || !type.getLayout().isIdentity())
      continue;
    auto flat = MemRefType::get({0}, type.getElementType());
    argument.setType(flat);
    inputs[argument.getArgNumber()] = flat;
    ReassociationIndices all(type.getRank());
    std::iota(all.begin(), all.end(), 0);
    Value expanded = memref::ExpandShapeOp::create(
        builder, function.getLoc(), type, argument,
        SmallVector<ReassociationIndices>{all});
    argument.replaceAllUsesExcept(expanded, expanded.getDefiningOp());
  }
  function.setType(FunctionType::get(function.getContext(), inputs,
                                     function.getResultTypes()));
}

struct PlanWorkspacePass : impl::PlanWorkspaceBase<PlanWorkspacePass> {
  using PlanWorkspaceBase::PlanWorkspaceBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    Block &entry = function.getBody().front();
    forwardOutputCopies(function, entry);
    flattenEmptyArguments(function, entry);
    llvm::DenseMap<Operation *, int64_t> positions;
    for (auto [index, op] : llvm::enumerate(entry))
      positions[&op] = index;

    SmallVector<Buffer> buffers;
    WalkResult walk = function.walk([&](Operation *op) {
      if (isa<memref::DeallocOp>(op))
        return WalkResult::advance();
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc)
        return isa<memref::AllocaOp>(op)
                   ? (op->emitError("unexpected stack allocation"),
                      WalkResult::interrupt())
                   : WalkResult::advance();
      MemRefType type = alloc.getType();
      if (alloc->getBlock() != &entry || !type.hasStaticShape() ||
          !type.getLayout().isIdentity()) {
        alloc.emitError("cannot place this allocation in the workspace: it "
                        "must be static, contiguous and in the entry block");
        return WalkResult::interrupt();
      }
      int64_t elementBytes = storedElementBytes(type.getElementType());
      if (!elementBytes) {
        alloc.emitError("cannot size buffers of ") << type.getElementType();
        return WalkResult::interrupt();
      }
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.bytes = llvm::alignTo(type.getNumElements() * elementBytes, alignment);
      buffer.first = positions.lookup(alloc);
      buffer.last = std::max(buffer.first, lastUse(alloc, entry, positions));
      buffers.push_back(buffer);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    // Largest first, each at the lowest offset clear of every placed buffer
    // whose lifetime overlaps (the greedy-by-size arena plan).
    SmallVector<Buffer *> order;
    for (Buffer &buffer : buffers)
      order.push_back(&buffer);
    llvm::stable_sort(order, [](const Buffer *a, const Buffer *b) {
      return a->bytes > b->bytes;
    });
    SmallVector<Buffer *> placed;
    int64_t workspaceSize = 0;
    for (Buffer *buffer : order) {
      SmallVector<std::pair<int64_t, int64_t>> taken;
      for (Buffer *other : placed)
        if (other->first <= buffer->last && buffer->first <= other->last)
          taken.push_back({other->offset, other->offset + other->bytes});
      llvm::sort(taken);
      int64_t offset = 0;
      for (auto [begin, end] : taken) {
        if (offset + buffer->bytes <= begin)
          break;
        offset = std::max(offset, end);
      }
      buffer->offset = offset;
      placed.push_back(buffer);
      workspaceSize = std::max(workspaceSize, offset + buffer->bytes);
    }

    MLIRContext *context = &getContext();
    auto workspaceType =
        MemRefType::get({workspaceSize}, IntegerType::get(context, 8));
    BlockArgument workspace =
        entry.addArgument(workspaceType, function.getLoc());
    SmallVector<Type> inputs(function.getArgumentTypes());
    inputs.push_back(workspaceType);
    function.setType(FunctionType::get(context, inputs, function.getResultTypes()));
    function.setArgAttr(workspace.getArgNumber(), kWorkspaceArgAttr,
                        UnitAttr::get(context));
    function->setAttr(kWorkspaceSizeAttr,
                      IntegerAttr::get(IntegerType::get(context, 64),
                                       workspaceSize));

    for (Buffer &buffer : buffers) {
      OpBuilder builder(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(builder, buffer.alloc.getLoc(),
                                                    buffer.offset);
      Value view = memref::ViewOp::create(builder, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), workspace,
                                          offset, ValueRange{});
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    function.walk([](memref::DeallocOp dealloc) { dealloc.erase(); });
  }
};

} // namespace
} // namespace sinter
