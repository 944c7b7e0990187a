//===- Target.h - the machine code is generated for -------------*- C++ -*-===//
//
// The target is resolved once, before the first pass, and recorded on the
// module as the `sinter.target` attribute: the kernel configuration reads
// its vector width and cache sizes, object emission its triple, CPU and
// features. A module without the attribute gets one from sinter-set-target.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_CODEGEN_TARGET_H
#define SINTER_COMPILER_CODEGEN_TARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <optional>
#include <string>

namespace sinter {

/// What the user asked for; empty fields mean the host's.
struct TargetSpec {
  std::string triple;
  std::string cpu; ///< empty or "native": the host's CPU with its features
};

/// A resolved target: everything a pass or the object emitter needs.
struct TargetInfo {
  std::string triple;
  std::string cpu;
  std::string features; ///< LLVM's "+avx2,+fma,..." form
  int64_t vectorBits = 128;  ///< widest native SIMD register
  int64_t l1DataBytes = 32 * 1024;
  int64_t l2Bytes = 1024 * 1024;

  /// Elements of `bitWidth` bits in one vector register.
  int64_t lanes(unsigned bitWidth) const {
    return std::max<int64_t>(1, vectorBits / std::max(1u, bitWidth));
  }
};

/// The widest SIMD register `subtarget` has, in bits.
int64_t vectorBitsOf(const llvm::Triple &triple,
                     const llvm::MCSubtargetInfo &subtarget);

/// Resolves `spec` against LLVM's target registry and, for the host, the
/// CPU's features and cache sizes.
llvm::Expected<TargetInfo> resolveTarget(const TargetSpec &spec);

/// The module attribute holding the target.
constexpr llvm::StringLiteral kTargetAttr = "sinter.target";

void setModuleTarget(mlir::ModuleOp module, const TargetInfo &target);
/// The target recorded on `module`, or nullopt when there is none or it is
/// malformed (with an error reported on the module).
std::optional<TargetInfo> getModuleTarget(mlir::ModuleOp module);

/// An NVIDIA architecture Sinter compiles for (--cuda-arch).
struct CudaArch {
  llvm::StringLiteral name;         ///< "sm_80"
  llvm::StringLiteral ptxFeatures;  ///< the PTX version it needs: "+ptx70"
  uint32_t computeCapability;       ///< 80
};

/// The architecture called `name`, or nullopt for one Sinter does not know.
std::optional<CudaArch> lookupCudaArch(llvm::StringRef name);
/// The names of the known architectures, for messages: "sm_80, sm_86, ...".
std::string listCudaArchs();

/// A TargetMachine for `target`, optimizing at O3, position-independent code.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetInfo &target);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_TARGET_H
