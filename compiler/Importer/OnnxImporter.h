//===- OnnxImporter.h - ONNX model files to the sinter dialect --*- C++ -*-===//

#ifndef SINTER_COMPILER_IMPORTER_ONNXIMPORTER_H
#define SINTER_COMPILER_IMPORTER_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace sinter {

/// The newest default-domain ONNX opset the importer handles. How old an
/// opset may be depends on the op (see OpImporter::minOpset).
constexpr int64_t kMaxSupportedOpset = 17;

struct ImportOptions {
  /// Static shapes for graph inputs, by input name. They pin dynamic
  /// dimensions and must agree with every static one.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Graph inputs frozen to the tensor in a file (.npy or .pb), by input
  /// name: they become constants and leave the signature, so that values
  /// which determine shapes (a Reshape target, Expand sizes, TopK's k) are
  /// known at compile time.
  llvm::StringMap<std::string> boundInputs;
};

/// Parses an --input-shape value, "NAME=1x3x224x224" (the name may itself
/// contain '='; the dimensions follow the last one).
llvm::Expected<std::pair<std::string, llvm::SmallVector<int64_t>>>
parseInputShape(llvm::StringRef spec);

/// Registers the dialects imported IR uses.
void registerImportedDialects(mlir::DialectRegistry &registry);

/// Imports the ONNX model at `path` into a module holding one function,
/// @main, whose arguments and results are the graph's inputs and outputs.
/// On failure, returns null after reporting every problem found through the
/// context's diagnostic handler, at locations describeLocation() decodes.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxModel(mlir::MLIRContext &context,
                                                  llvm::StringRef path,
                                                  const ImportOptions &options);

/// Imports a model held in memory as if read from `path` (which names it in
/// locations; external data is looked up beside it). The fuzz target's
/// entry point.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxModelFromBuffer(mlir::MLIRContext &context, llvm::StringRef bytes,
                          llvm::StringRef path, const ImportOptions &options);

/// What an imported location says about its origin.
struct SourceLocation {
  std::string file;   ///< the model file
  std::string node;   ///< the ONNX node name (empty outside nodes)
  std::string opType; ///< the ONNX op type (empty outside nodes)
};
SourceLocation describeLocation(mlir::Location loc);

} // namespace sinter

#endif // SINTER_COMPILER_IMPORTER_ONNXIMPORTER_H
