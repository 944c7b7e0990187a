//===- SchemaCheck.h - nodes checked against ONNX's op definitions -*- C++ -*-===//
//
// ONNX's own operator schemas (libonnx's registry, opsets 1 to 17) say, for
// each op and opset, how many inputs a node takes and which element types each
// input may have. Checking every node against them before its importer runs
// gives one exact rule for every op and opset instead of a table of our own.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_IMPORTER_SCHEMACHECK_H
#define SINTER_COMPILER_IMPORTER_SCHEMACHECK_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/onnx_pb.h"

namespace sinter::onnx_import {

/// Checks `node` against the definition of its op in effect at `opset`: the
/// op is defined there and not deprecated, its input count is within the
/// definition's bounds, every given input has an element type the op takes,
/// and inputs bound to one type parameter agree. `typeOf` returns the type
/// of a named input (null when unknown). Errors are reported at `loc`.
mlir::LogicalResult
checkNodeAgainstSchema(mlir::Location loc, const onnx::NodeProto &node,
                       int64_t opset,
                       llvm::function_ref<mlir::Type(llvm::StringRef)> typeOf);

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_SCHEMACHECK_H
