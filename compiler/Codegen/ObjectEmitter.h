//===- ObjectEmitter.h - LLVM dialect to native code ------------*- C++ -*-===//

#ifndef SINTER_COMPILER_CODEGEN_OBJECTEMITTER_H
#define SINTER_COMPILER_CODEGEN_OBJECTEMITTER_H

#include "compiler/Codegen/ModelSignature.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Constant.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace sinter {

/// What the entry points of a model know besides its tensors.
struct EntryPointSpec {
  std::string prefix;
  uint64_t workspaceSize = 0;
  /// Weights in a file (the kernel's weights argument); 0: embedded.
  uint64_t weightsSize = 0;
  uint64_t weightsFingerprint = 0;
  /// The weights file's name, for the header's comment.
  std::string weightsFile;
  /// Objects, linked with the runtime, check the CPU's features in their
  /// run entry points; shared libraries are checked by sinter_load.
  bool checkCpuInRun = true;
  /// A --device=cuda model: <prefix>_gpu_program instead of the run entry
  /// points.
  bool gpu = false;
};

/// Emits <prefix>_info (naming `cpuFeatures`, LLVM's "+avx2,..." list the
/// code needs) and <prefix>_workspace_size into `module`; returns the
/// feature list's global.
llvm::Constant *emitModelInfo(llvm::Module &module,
                              const ModelSignature &signature,
                              const EntryPointSpec &spec,
                              llvm::StringRef cpuFeatures);

/// Translates a module lowered to the LLVM dialect (the kernel @main takes
/// bare pointers: inputs, outputs, workspace, [weights,] executor) into
/// LLVM IR, adds the ABI entry points <prefix>_info,
/// <prefix>_workspace_size, <prefix>_run, <prefix>_run_parallel and
/// <prefix>_run_with_weights (see runtime/include/sinter/sinter.h) and runs
/// LLVM's O3 pipeline for the target. The model's info records the CPU
/// features the target's code needs and the weights file it reads.
llvm::Expected<std::unique_ptr<llvm::Module>>
buildLLVMModule(mlir::ModuleOp module, llvm::LLVMContext &context,
                const ModelSignature &signature, const EntryPointSpec &spec,
                llvm::TargetMachine &target);

/// Writes `module` as an object file.
llvm::Error emitObjectFile(llvm::Module &module, llvm::TargetMachine &target,
                           llvm::raw_pwrite_stream &os);

/// Links an object file into a shared library with lld, in process.
llvm::Error linkSharedLibrary(llvm::StringRef objectPath,
                              llvm::StringRef libraryPath);

/// The C header declaring a model's entry points.
std::string generateHeader(const ModelSignature &signature,
                           const EntryPointSpec &spec,
                           llvm::StringRef modelPath);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_OBJECTEMITTER_H
