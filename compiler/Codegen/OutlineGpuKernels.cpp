//===- OutlineGpuKernels.cpp - gpu.launch bodies into one gpu.module ------===//

#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/GPU/Utils/GPUUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace sinter {
#define GEN_PASS_DEF_OUTLINEGPUKERNELS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// The gpu.module every kernel goes to; the runtime loads it as one PTX
/// module.
constexpr llvm::StringLiteral kKernelModuleName = "sinter_kernels";

/// What a kernel computes for itself instead of taking as an argument: the
/// host holds no data of its own, so a kernel's arguments must be whole
/// buffers (the function's arguments) or numbers. Views of them, constants,
/// scalar arithmetic and scalar reads of device memory (at kernel time:
/// the stream orders it after the producer) move into the kernel.
bool computedInKernel(Operation *op) {
  if (op->getNumRegions() != 0)
    return false;
  return isa<ViewLikeOpInterface, memref::LoadOp>(op) || isPure(op);
}

/// Copies into `launch` the ops, computed in kernels, that its body uses
/// from above, and what they use in turn; the body then uses the copies.
/// (MLIR's sinkOperationsIntoLaunchOp stops at function arguments: it does
/// not copy a view of one.)
void copyIntoKernel(gpu::LaunchOp launch) {
  llvm::SetVector<Value> usedFromAbove;
  getUsedValuesDefinedAbove(launch.getBody(), usedFromAbove);
  // Operands first, so that the copies are in order.
  llvm::SetVector<Operation *> copied;
  std::function<void(Value)> collect = [&](Value value) {
    Operation *producer = value.getDefiningOp();
    if (!producer || copied.contains(producer) || !computedInKernel(producer))
      return;
    for (Value operand : producer->getOperands())
      collect(operand);
    copied.insert(producer);
  };
  for (Value value : usedFromAbove)
    collect(value);
  OpBuilder builder = OpBuilder::atBlockBegin(&launch.getBody().front());
  IRMapping mapping;
  for (Operation *op : copied)
    builder.clone(*op, mapping);
  for (Operation *op : copied)
    for (auto [original, copy] :
         llvm::zip_equal(op->getResults(), mapping.lookup(op)->getResults()))
      original.replaceUsesWithIf(copy, [&](OpOperand &use) {
        return launch->isProperAncestor(use.getOwner());
      });
}

struct OutlineGpuKernelsPass
    : impl::OutlineGpuKernelsBase<OutlineGpuKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::LaunchOp> launches;
    module.walk([&](gpu::LaunchOp launch) { launches.push_back(launch); });
    if (launches.empty())
      return;
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(&getContext()));
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto kernels = gpu::GPUModuleOp::create(builder, module.getLoc(),
                                            kKernelModuleName);
    SymbolTable kernelSymbols(kernels);
    llvm::DenseMap<Operation *, int> kernelsPerFunction;
    for (gpu::LaunchOp launch : launches) {
      auto function = launch->getParentOfType<func::FuncOp>();
      copyIntoKernel(launch);
      std::string name = (function.getName() + "_kernel_" +
                          Twine(kernelsPerFunction[function]++))
                             .str();
      SmallVector<Value> operands;
      gpu::GPUFuncOp kernel = outlineKernelFunc(launch, name, operands);
      kernelSymbols.insert(kernel);
      builder.setInsertionPoint(launch);
      gpu::LaunchFuncOp::create(builder, launch.getLoc(), kernel,
                                launch.getGridSizeOperandValues(),
                                launch.getBlockSizeOperandValues(),
                                launch.getDynamicSharedMemorySize(), operands);
      launch.erase();
    }
  }
};

} // namespace
} // namespace sinter
