//===- ModelSignature.h - a compiled model's inputs and outputs -*- C++ -*-===//

#ifndef SINTER_COMPILER_CODEGEN_MODELSIGNATURE_H
#define SINTER_COMPILER_CODEGEN_MODELSIGNATURE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace sinter {

struct TensorSignature {
  std::string name;
  int32_t dtype = 0; ///< enum sinter_dtype (ONNX's TensorProto codes)
  llvm::SmallVector<int64_t> shape;
};

struct ModelSignature {
  std::vector<TensorSignature> inputs, outputs;
};

/// The sinter_dtype code of an element type, or 0 when it has none.
int32_t getDtypeCode(mlir::Type elementType);
/// Readable name of a dtype code ("float32").
llvm::StringRef getDtypeName(int32_t dtype);

/// Reads the signature of an imported @main: its argument and result types
/// and their `sinter.name` attributes.
mlir::FailureOr<ModelSignature> getModelSignature(mlir::func::FuncOp main);

/// The symbol prefix for a model file: its name without the last extension,
/// made a C identifier (the runtime's loader derives the same).
std::string getDefaultPrefix(llvm::StringRef path);
/// Whether `prefix` is a valid C identifier.
bool isValidPrefix(llvm::StringRef prefix);

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_MODELSIGNATURE_H
