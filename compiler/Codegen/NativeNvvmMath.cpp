//===- NativeNvvmMath.cpp - libdevice calls NVPTX has instructions for -----===//

#include "compiler/Codegen/Passes.h"

namespace sinter {
#define GEN_PASS_DEF_NATIVENVVMMATH
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// The LLVM intrinsic op computing libdevice's `__nv_<name>` (f64) and
/// `__nv_<name>f` (f32) exactly, which NVPTX selects to one instruction or
/// a short sequence.
std::optional<StringRef> intrinsicFor(StringRef function) {
  if (!function.consume_front("__nv_"))
    return std::nullopt;
  static const std::pair<StringLiteral, StringLiteral> intrinsics[] = {
      {"floor", "llvm.intr.floor"},   {"ceil", "llvm.intr.ceil"},
      {"fabs", "llvm.intr.fabs"},     {"sqrt", "llvm.intr.sqrt"},
      {"trunc", "llvm.intr.trunc"},   {"rint", "llvm.intr.rint"},
      {"round", "llvm.intr.round"},   {"fma", "llvm.intr.fma"},
      {"fmin", "llvm.intr.minnum"},   {"fmax", "llvm.intr.maxnum"},
      {"copysign", "llvm.intr.copysign"},
  };
  auto lookup = [&](StringRef name) -> std::optional<StringRef> {
    for (const auto &[libdevice, intrinsic] : intrinsics)
      if (name == libdevice)
        return intrinsic;
    return std::nullopt;
  };
  if (std::optional<StringRef> f64 = lookup(function))
    return f64;
  if (function.consume_back("f"))
    return lookup(function);
  return std::nullopt;
}

struct NativeNvvmMathPass : impl::NativeNvvmMathBase<NativeNvvmMathPass> {
  void runOnOperation() override {
    SmallVector<LLVM::CallOp> calls;
    getOperation().walk([&](LLVM::CallOp call) {
      std::optional<StringRef> callee = call.getCallee();
      if (callee && callee->starts_with("__nv_"))
        calls.push_back(call);
    });
    for (LLVM::CallOp call : calls) {
      StringRef callee = *call.getCallee();
      std::optional<StringRef> intrinsic = intrinsicFor(callee);
      if (!intrinsic) {
        call.emitError() << "the GPU kernels would call '" << callee
                         << "' from CUDA's libdevice, which Sinter does not "
                            "link: this math function is not supported with "
                            "--device=cuda";
        return signalPassFailure();
      }
      OpBuilder builder(call);
      OperationState state(call.getLoc(), *intrinsic);
      state.addOperands(call.getArgOperands());
      state.addTypes(call.getResultTypes());
      Operation *replacement = builder.create(state);
      call.replaceAllUsesWith(replacement->getResults());
      call.erase();
    }
    SmallVector<LLVM::LLVMFuncOp> declarations;
    getOperation().walk([&](LLVM::LLVMFuncOp function) {
      if (function.isExternal() && function.getName().starts_with("__nv_") &&
          function.symbolKnownUseEmpty(getOperation()))
        declarations.push_back(function);
    });
    for (LLVM::LLVMFuncOp function : declarations)
      function.erase();
  }
};

} // namespace
} // namespace sinter
