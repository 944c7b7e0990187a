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
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace sinter::onnx_import {

using OpImportFn = mlir::LogicalResult (*)(NodeImporter &);

struct OpImporter {
  const char *opType;
  /// The oldest opset whose version of the op this importer understands;
  /// older versions had attributes or semantics it does not handle.
  int64_t minOpset;
  OpImportFn import;
  /// Limits and forms, for docs/supported-ops.md (Markdown).
  const char *notes;
};

/// Conv, BatchNormalization and pooling (ops/ConvolutionOps.cpp).
llvm::ArrayRef<OpImporter> getConvolutionImporters();
/// Arithmetic, comparisons, logic, select, Relu, Clip and Softmax
/// (ops/ElementwiseOps.cpp).
llvm::ArrayRef<OpImporter> getElementwiseImporters();
/// Elementwise functions of one tensor: activations, math, logic
/// (ops/UnaryOps.cpp).
llvm::ArrayRef<OpImporter> getUnaryImporters();
/// ReduceSum and the other reductions, ArgMax, ArgMin
/// (ops/ReductionOps.cpp).
llvm::ArrayRef<OpImporter> getReductionImporters();
/// Slice, Split, Pad, Tile, Expand and generated tensors
/// (ops/DataMovementOps.cpp).
llvm::ArrayRef<OpImporter> getDataMovementImporters();
/// Gathers, scatters and OneHot (ops/IndexingOps.cpp).
llvm::ArrayRef<OpImporter> getIndexingImporters();
/// Resize and Upsample (ops/ResizeOps.cpp).
llvm::ArrayRef<OpImporter> getResizeImporters();
/// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss
/// (ops/LossOps.cpp).
llvm::ArrayRef<OpImporter> getLossImporters();
/// LayerNormalization, InstanceNormalization and other normalizations
/// composed of reductions (ops/NormalizationOps.cpp).
llvm::ArrayRef<OpImporter> getNormalizationImporters();
/// Gemm and MatMul (ops/MatrixOps.cpp).
llvm::ArrayRef<OpImporter> getMatrixImporters();
/// Constants, reshapes, transposes, concatenation, identities
/// (ops/TensorOps.cpp).
llvm::ArrayRef<OpImporter> getTensorImporters();

/// Quantized integer ops (ops/QuantizedOps.cpp).
llvm::ArrayRef<OpImporter> getQuantizedImporters();
/// RNN, GRU and LSTM (ops/RecurrentOps.cpp).
llvm::ArrayRef<OpImporter> getRecurrentImporters();

/// The node's Conv attributes (kernel_shape, strides, pads, auto_pad,
/// dilations, group) applied to `input` and `filter` (and `bias`, 1-D or
/// null) of any spatial rank; ConvInteger and QLinearConv share Conv's
/// attributes (ops/ConvolutionOps.cpp).
mlir::FailureOr<mlir::Value> convolutionOfNode(NodeImporter &node,
                                               mlir::Value input,
                                               mlir::Value filter,
                                               mlir::Value bias);

struct OpCategory {
  const char *name;
  llvm::ArrayRef<OpImporter> importers;
};
/// The importers by category, in the order docs/supported-ops.md lists
/// them.
llvm::SmallVector<OpCategory> getOpCategories();

/// docs/supported-ops.md, written from the importer table
/// (`sinter-compile --print-supported-ops`).
void printSupportedOps(llvm::raw_ostream &os);

/// Every importer of the default ONNX domain, keyed by op type.
const llvm::StringMap<const OpImporter *> &getOpImporterTable();

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_OPIMPORTERS_H
