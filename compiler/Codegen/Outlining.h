//===- Outlining.h - moving ops into functions of their own -----*- C++ -*-===//
//
// What sinter-outline-kernels and sinter-parallelize-kernels share: which
// values a new function takes as arguments and which ops it recreates.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_CODEGEN_OUTLINING_H
#define SINTER_COMPILER_CODEGEN_OUTLINING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

namespace sinter {

/// The public functions of `module` that have bodies: the entry points
/// whose kernels the codegen passes move into functions of their own.
llvm::SmallVector<mlir::func::FuncOp> getPublicDefinitions(mlir::ModuleOp module);

/// Whether a call can pass `type`: scalars, LLVM pointers, and memrefs the
/// bare-pointer calling convention of the LLVM lowering can rebuild from
/// their type.
bool isPassable(mlir::Type type);

/// The values `ops` use that are defined outside them, in first-use order.
llvm::SetVector<mlir::Value> capturedValues(llvm::ArrayRef<mlir::Operation *> ops);

/// Splits `captured` into the new function's arguments and the ops cloned
/// into it (constants, globals and views, with what they use in turn: they
/// are cheaper to recreate than to pass, and a view's buffer is passed once
/// instead of one pointer per view), the clones in `order`'s order. Fails
/// when a value can be neither passed nor cloned.
mlir::LogicalResult
splitCaptured(const llvm::SetVector<mlir::Value> &captured,
              const llvm::DenseMap<mlir::Operation *, size_t> &order,
              llvm::SmallVectorImpl<mlir::Value> &arguments,
              llvm::SmallVectorImpl<mlir::Operation *> &cloned);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_OUTLINING_H
