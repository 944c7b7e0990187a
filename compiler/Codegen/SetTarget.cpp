//===- SetTarget.cpp - record the target machine on the module ------------===//

#include "compiler/Codegen/Passes.h"
#include "compiler/Codegen/Target.h"

namespace sinter {
#define GEN_PASS_DEF_SETTARGET
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

struct SetTargetPass : impl::SetTargetBase<SetTargetPass> {
  using SetTargetBase::SetTargetBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module->hasAttr(kTargetAttr) && triple.empty() && cpu.empty())
      return;
    llvm::Expected<TargetInfo> target = resolveTarget({triple, cpu});
    if (!target) {
      module.emitError() << llvm::toString(target.takeError());
      return signalPassFailure();
    }
    setModuleTarget(module, *target);
  }
};

} // namespace
} // namespace sinter
