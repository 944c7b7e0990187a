//===- Outlining.cpp - moving ops into functions of their own -------------===//

#include "compiler/Codegen/Outlining.h"

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;

namespace sinter {
namespace {

bool isClonedIntoFunction(Operation *def) {
  return def && def->getNumRegions() == 0 && def->getNumResults() == 1 &&
         isMemoryEffectFree(def);
}

} // namespace

SmallVector<func::FuncOp> getPublicDefinitions(ModuleOp module) {
  SmallVector<func::FuncOp> functions;
  for (auto function : module.getOps<func::FuncOp>())
    if (function.isPublic() && !function.isExternal())
      functions.push_back(function);
  return functions;
}

bool isPassable(Type type) {
  if (type.isIntOrIndexOrFloat() || isa<LLVM::LLVMPointerType>(type))
    return true;
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(memref.getStridesAndOffset(strides, offset)) &&
         ShapedType::isStatic(offset) &&
         llvm::all_of(strides, ShapedType::isStatic);
}

llvm::SetVector<Value> capturedValues(ArrayRef<Operation *> ops) {
  llvm::SetVector<Value> captured;
  for (Operation *op : ops) {
    captured.insert(op->operand_begin(), op->operand_end());
    llvm::SetVector<Value> fromRegions;
    getUsedValuesDefinedAbove(op->getRegions(), fromRegions);
    captured.insert(fromRegions.begin(), fromRegions.end());
  }
  return captured;
}

LogicalResult splitCaptured(const llvm::SetVector<Value> &captured,
                            const llvm::DenseMap<Operation *, size_t> &order,
                            SmallVectorImpl<Value> &arguments,
                            SmallVectorImpl<Operation *> &cloned) {
  llvm::SetVector<Value> worklist(captured.begin(), captured.end());
  llvm::SetVector<Operation *> defs;
  for (size_t index = 0; index < worklist.size(); ++index) {
    Value value = worklist[index];
    Operation *def = value.getDefiningOp();
    if (isClonedIntoFunction(def)) {
      defs.insert(def);
      worklist.insert(def->operand_begin(), def->operand_end());
    } else if (isPassable(value.getType())) {
      arguments.push_back(value);
    } else {
      return failure();
    }
  }
  cloned.assign(defs.begin(), defs.end());
  llvm::sort(cloned, [&](Operation *a, Operation *b) {
    return order.lookup(a) < order.lookup(b);
  });
  return success();
}

} // namespace sinter
