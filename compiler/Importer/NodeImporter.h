//===- NodeImporter.h - what an op importer sees of one node ----*- C++ -*-===//
//
// Each ONNX op has a small importer function (see OpImporters.h) that reads
// the node through this class: its inputs as MLIR values, its attributes with
// ONNX's defaults, constant inputs, the model's opset, and a builder whose
// insertion point and location belong to the node. Errors go through
// emitError(), which attaches the node's location, so every message names the
// file, the node and the op.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_IMPORTER_NODEIMPORTER_H
#define SINTER_COMPILER_IMPORTER_NODEIMPORTER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <optional>

namespace sinter::onnx_import {

class NodeImporter {
public:
  NodeImporter(mlir::OpBuilder &builder, mlir::Location loc,
               const onnx::NodeProto &node, int64_t opset,
               llvm::StringMap<mlir::Value> &values,
               const llvm::StringSet<> &consumedNames, llvm::StringRef modelDir);

  const onnx::NodeProto &node() const { return nodeProto; }
  llvm::StringRef opType() const { return nodeProto.op_type(); }
  /// The default-domain opset the model imports.
  int64_t opset() const { return opsetVersion; }
  mlir::Location loc() const { return location; }
  mlir::OpBuilder &builder() { return opBuilder; }
  llvm::StringRef modelDir() const { return modelDirectory; }

  mlir::InFlightDiagnostic emitError();

  //===--- Inputs -----------------------------------------------------===//

  /// Whether input `index` is given (ONNX leaves optional inputs empty).
  bool hasInput(unsigned index) const;
  /// A required input; reports a missing one.
  mlir::FailureOr<mlir::Value> input(unsigned index);
  /// An optional input, or a null value.
  mlir::Value optionalInput(unsigned index);
  /// A required input that must be a ranked tensor of floating-point type.
  mlir::FailureOr<mlir::TypedValue<mlir::RankedTensorType>>
  floatInput(unsigned index);
  /// A constant input (an initializer or Constant); the error names the
  /// input as `what`, and says how to freeze it when it is a graph input.
  mlir::FailureOr<mlir::ElementsAttr> constantInput(unsigned index,
                                                   llvm::StringRef what);
  /// The integer values of a constant input (an initializer or Constant).
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(unsigned index,
                                                           llvm::StringRef what);
  /// The value of an optional constant scalar input.
  mlir::FailureOr<std::optional<double>> optionalConstantScalar(
      unsigned index, llvm::StringRef what);

  //===--- Attributes ------------------------------------------------===//
  // Missing attributes yield the default. An attribute of the wrong kind is
  // reported and marks the node as failed (see hadAttributeError()).

  bool hasAttr(llvm::StringRef name) const;
  int64_t getInt(llvm::StringRef name, int64_t defaultValue);
  float getFloat(llvm::StringRef name, float defaultValue);
  std::string getString(llvm::StringRef name, llvm::StringRef defaultValue);
  llvm::SmallVector<int64_t> getInts(llvm::StringRef name,
                                     llvm::ArrayRef<int64_t> defaultValue = {});
  const onnx::AttributeProto *getAttr(llvm::StringRef name) const;
  bool hadAttributeError() const { return attributeError; }

  /// Maps ONNX's negative axis convention onto [0, rank) (or [0, rank] with
  /// `allowRank`), reporting an out-of-range axis.
  mlir::FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                         llvm::StringRef what = "axis",
                                         bool allowRank = false);

  /// normalizeAxis over a list: sorted, each once (a repeat is reported).
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  normalizeAxes(llvm::ArrayRef<int64_t> axes, int64_t rank);

  //===--- Building ---------------------------------------------------===//

  /// `value` converted elementwise to `element` (itself when it has it).
  mlir::Value castElements(mlir::Value value, mlir::Type element);
  /// `value` reshaped to `shape` (folded when it already has it).
  mlir::Value reshapeTo(mlir::Value value, llvm::ArrayRef<int64_t> shape);

  //===--- Outputs ---------------------------------------------------===//

  /// Binds the node's outputs, in order, to `results`. Outputs beyond
  /// `results` must be empty or unused; otherwise this reports them.
  mlir::LogicalResult setResults(mlir::ValueRange results);
  /// Whether output `index` is named and read by a node or the graph.
  bool isOutputUsed(unsigned index) const;

private:
  const onnx::AttributeProto *getTypedAttr(llvm::StringRef name,
                                           onnx::AttributeProto::AttributeType type,
                                           llvm::StringRef kind);

  mlir::OpBuilder &opBuilder;
  mlir::Location location;
  const onnx::NodeProto &nodeProto;
  int64_t opsetVersion;
  llvm::StringMap<mlir::Value> &values;
  const llvm::StringSet<> &consumedNames;
  llvm::StringRef modelDirectory;
  llvm::StringMap<const onnx::AttributeProto *> attributes;
  bool attributeError = false;
};

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_NODEIMPORTER_H
