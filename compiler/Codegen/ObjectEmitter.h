//===- ObjectEmitter.h - LLVM dialect to native code ------------*- C++ -*-===//

#ifndef SINTER_COMPILER_CODEGEN_OBJECTEMITTER_H
#define SINTER_COMPILER_CODEGEN_OBJECTEMITTER_H

#include "compiler/Codegen/ModelSignature.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace sinter {

/// Translates a module lowered to the LLVM dialect (the kernel @main takes
/// bare pointers: inputs, outputs, workspace) into LLVM IR, adds the ABI
/// entry points <prefix>_info, <prefix>_workspace_size and <prefix>_run
/// (see runtime/include/sinter/sinter.h) and runs LLVM's O3 pipeline for the
/// target. The model's info records the CPU features the target's code
/// needs; with `checkCpuInRun` (objects, linked with the runtime), the run
/// entry points check them first with sinter_check_cpu_features.
llvm::Expected<std::unique_ptr<llvm::Module>>
buildLLVMModule(mlir::ModuleOp module, llvm::LLVMContext &context,
                const ModelSignature &signature, llvm::StringRef prefix,
                uint64_t workspaceSize, llvm::TargetMachine &target,
                bool checkCpuInRun);

/// Writes `module` as an object file.
llvm::Error emitObjectFile(llvm::Module &module, llvm::TargetMachine &target,
                           llvm::raw_pwrite_stream &os);

/// Links an object file into a shared library with lld, in process.
llvm::Error linkSharedLibrary(llvm::StringRef objectPath,
                              llvm::StringRef libraryPath);

/// The C header declaring a model's entry points.
std::string generateHeader(const ModelSignature &signature,
                           llvm::StringRef prefix, uint64_t workspaceSize,
                           llvm::StringRef modelPath);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_OBJECTEMITTER_H
