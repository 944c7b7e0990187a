//===- TensorConversion.h - ONNX tensors and types to MLIR ------*- C++ -*-===//

#ifndef SINTER_COMPILER_IMPORTER_TENSORCONVERSION_H
#define SINTER_COMPILER_IMPORTER_TENSORCONVERSION_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Types.h"

#include "onnx/onnx_pb.h"

#include <optional>

namespace sinter::onnx_import {

/// The MLIR element type of an ONNX TensorProto data type, or failure with a
/// message at `loc` naming the value (e.g. "graph input 'x'") and the type.
mlir::FailureOr<mlir::Type> convertElementType(mlir::Location loc,
                                               int32_t onnxType,
                                               llvm::StringRef valueDescription);

/// The ONNX TensorProto data type of an MLIR element type (the inverse of
/// convertElementType), or nullopt for a type ONNX tensors cannot have.
std::optional<int32_t> onnxDataTypeOf(mlir::Type elementType);

/// Name of an ONNX data type for messages ("FLOAT", "STRING", ...).
llvm::StringRef onnxTypeName(int32_t onnxType);

/// The constant value of an ONNX tensor: inline typed fields, raw_data or
/// external data (a file relative to `modelDir`). Large tensors become dense
/// resource blobs so that passes do not copy weights.
mlir::FailureOr<mlir::ElementsAttr>
convertTensor(mlir::Location loc, const onnx::TensorProto &tensor,
              llvm::StringRef modelDir);

/// Reads the integer values of a constant (dense or resource blob).
mlir::FailureOr<llvm::SmallVector<int64_t>>
getIntegerValues(mlir::ElementsAttr attr);
/// Reads the floating-point values of a constant (dense or resource blob).
mlir::FailureOr<llvm::SmallVector<double>> getFloatValues(mlir::ElementsAttr attr);

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_TENSORCONVERSION_H
