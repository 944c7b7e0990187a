//===- Passes.h - sinter code generation passes -----------------*- C++ -*-===//

#ifndef SINTER_COMPILER_CODEGEN_PASSES_H
#define SINTER_COMPILER_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace sinter {

#define GEN_PASS_DECL
#include "compiler/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Codegen/Passes.h.inc"

/// Empties the resource blobs of the builtin dialect that no attribute in
/// `module` refers to (the sinter-release-dead-weights pass); returns how
/// many it emptied and their bytes.
std::pair<size_t, size_t> releaseDeadWeights(mlir::ModuleOp module);

/// Bytes per element of a buffer in memory, as the LLVM lowering stores
/// them (an i1 takes a byte); 0 for types it does not store as plain
/// numbers.
int64_t storedElementBytes(mlir::Type element);

/// The function attribute PlanWorkspace writes.
constexpr llvm::StringLiteral kWorkspaceSizeAttr = "sinter.workspace_size";
/// The argument attribute PlanWorkspace marks the workspace argument with.
constexpr llvm::StringLiteral kWorkspaceArgAttr = "sinter.workspace";
/// The module attribute ExternalizeWeights writes: the weights array.
constexpr llvm::StringLiteral kWeightsAttr = "sinter.weights";

/// The bytes of `module`'s weights array (kWeightsAttr); empty when it has
/// none.
llvm::ArrayRef<char> getWeightsArray(mlir::ModuleOp module);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_PASSES_H
