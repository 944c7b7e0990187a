//===- GpuProgram.h - a --device=cuda model as data for the runtime -*- C++ -*-===//
//
// A model compiled for NVIDIA GPUs has no host code of its own: its object
// holds a sinter_gpu_program (runtime/include/sinter/sinter.h), which the
// runtime's CUDA driver layer carries out. This reads that program off a
// module lowered by the cuda pipeline, assembles a cubin with ptxas when
// asked, and emits the program as LLVM IR constants.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_CODEGEN_GPUPROGRAM_H
#define SINTER_COMPILER_CODEGEN_GPUPROGRAM_H

#include "compiler/Codegen/ObjectEmitter.h"
#include "sinter/sinter.h"

#include "mlir/IR/BuiltinOps.h"

#include <array>
#include <string>
#include <vector>

namespace sinter {

struct GpuLaunch {
  uint32_t kernel = 0; ///< index into GpuProgram::kernelNames
  std::array<uint32_t, 3> grid = {1, 1, 1}, block = {1, 1, 1};
  uint32_t sharedBytes = 0;
  std::vector<sinter_gpu_arg> args;
};

struct GpuProgram {
  uint32_t computeCapability = 0;
  std::vector<std::string> kernelNames;
  std::string ptx;
  std::string cubin; ///< empty: PTX only
  std::vector<GpuLaunch> launches;
  uint64_t workspaceSize = 0;
  /// The weights, in the module's sinter.weights array.
  llvm::ArrayRef<char> weights;
};

/// Reads the program off a module lowered by the cuda pipeline: @main's
/// gpu.launch_func sequence (each argument a function argument or a
/// constant), the gpu.binary's PTX, the workspace size and the weights.
/// Anything else on the host is an error on its op.
mlir::FailureOr<GpuProgram> readGpuProgram(mlir::ModuleOp module,
                                           const ModelSignature &signature,
                                           uint32_t computeCapability);

/// Assembles the program's PTX into a cubin for `cudaArch` with the ptxas
/// at `ptxasPath`; the error holds ptxas's own messages.
llvm::Error assembleCubin(GpuProgram &program, llvm::StringRef ptxasPath,
                          llvm::StringRef cudaArch);

/// An LLVM module holding <prefix>_info and <prefix>_gpu_program.
std::unique_ptr<llvm::Module>
buildGpuLLVMModule(const GpuProgram &program, llvm::LLVMContext &context,
                   const ModelSignature &signature, const EntryPointSpec &spec,
                   llvm::TargetMachine &target);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_GPUPROGRAM_H
