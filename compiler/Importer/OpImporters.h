//===- OpImporters.h - the table of ONNX op importers -----------*- C++ -*-===//
//
// One small function per ONNX op type, grouped by category in ops/*.cpp.
// Each reads its node through NodeImporter, handles the opset versions the
// op has had since opset 7, builds sinter ops and binds the node's outputs.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_IMPORTER_OPIMPORTERS_H
#define SINTER_COMPILER_IMPORTER_OPIMPORTERS_H

#include "compiler/Importer/NodeImporter.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"

namespace sinter::onnx_import {

using OpImportFn = mlir::LogicalResult (*)(NodeImporter &);

struct OpImporter {
  const char *opType;
  /// The oldest opset whose version of the op this importer understands;
  /// older versions had attributes or semantics it does not handle.
  int64_t minOpset;
  OpImportFn import;
};

/// Conv, BatchNormalization and pooling (ops/ConvolutionOps.cpp).
llvm::ArrayRef<OpImporter> getConvolutionImporters();
/// Arithmetic and activations (ops/ElementwiseOps.cpp).
llvm::ArrayRef<OpImporter> getElementwiseImporters();
/// Gemm, MatMul and Softmax (ops/MatrixOps.cpp).
llvm::ArrayRef<OpImporter> getMatrixImporters();
/// Constants, reshapes, transposes, concatenation, identities
/// (ops/TensorOps.cpp).
llvm::ArrayRef<OpImporter> getTensorImporters();

/// Every importer of the default ONNX domain, keyed by op type.
const llvm::StringMap<const OpImporter *> &getOpImporterTable();

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_OPIMPORTERS_H
