//===- Composer.h - ONNX ops built from several sinter ops ------*- C++ -*-===//
//
// Importers of ops that ONNX defines as functions of other ops (the
// normalizations, the losses, OneHot) build them piece by piece at the
// node's location. Each builder infers its result type first, so that a
// shape mismatch is reported on the node instead of failing inside MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_IMPORTER_COMPOSER_H
#define SINTER_COMPILER_IMPORTER_COMPOSER_H

#include "compiler/Importer/NodeImporter.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

namespace sinter::onnx_import {

inline mlir::RankedTensorType rankedOf(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

class Composer {
public:
  explicit Composer(NodeImporter &node) : node(node), b(node.builder()) {}

  /// A reduction over `axes`, kept as size-1 dimensions unless `keepdims`
  /// is false.
  mlir::FailureOr<mlir::Value> reduce(ReduceFn fn, mlir::Value input,
                                      llvm::ArrayRef<int64_t> axes,
                                      bool keepdims = true);

  /// A broadcasting binary op (AddOp, SubOp, MulOp, DivOp).
  template <typename OpTy>
  mlir::FailureOr<mlir::Value> binary(mlir::Value lhs, mlir::Value rhs) {
    mlir::FailureOr<mlir::RankedTensorType> type =
        inferBroadcastType(node.loc(), rankedOf(lhs), rankedOf(rhs));
    if (mlir::failed(type))
      return mlir::failure();
    return b.createOrFold<OpTy>(node.loc(), *type, lhs, rhs);
  }

  /// numpy.matmul: a 1-D lhs is a row vector and a 1-D rhs a column
  /// vector, and the added dimension is dropped from the result.
  mlir::FailureOr<mlir::Value> matmul(mlir::Value lhs, mlir::Value rhs);
  /// `fn` of two values with numpy broadcasting.
  mlir::FailureOr<mlir::Value> binaryFn(BinaryFn fn, mlir::Value lhs,
                                        mlir::Value rhs);
  /// `input` clamped to [min, max] (floating point).
  mlir::Value clip(mlir::Value input, double min, double max);
  mlir::Value unary(UnaryFn fn, mlir::Value input);
  /// `value` with dimension i of the result taken from dimension
  /// permutation[i] (folded when it is the identity).
  mlir::Value transpose(mlir::Value value, llvm::ArrayRef<int64_t> permutation);
  /// `count` elements of dimension `dim`, from `offset`, `stride` apart.
  mlir::Value sliceDim(mlir::Value value, int64_t dim, int64_t offset,
                       int64_t stride, int64_t count);
  /// Dimension `dim` padded with `low` and `high` elements of `fill`.
  mlir::Value padDim(mlir::Value value, int64_t dim, int64_t low, int64_t high,
                     double fill);
  mlir::FailureOr<mlir::Value> compare(ComparePredicate predicate,
                                       mlir::Value lhs, mlir::Value rhs);
  mlir::FailureOr<mlir::Value> select(mlir::Value condition,
                                      mlir::Value trueValue,
                                      mlir::Value falseValue);
  mlir::FailureOr<mlir::Value> gather(mlir::Value data, mlir::Value indices,
                                      int64_t axis);
  mlir::FailureOr<mlir::Value> gatherElements(mlir::Value data,
                                              mlir::Value indices,
                                              int64_t axis);

  /// A 0-d constant of a float or integer `element`.
  mlir::Value scalar(mlir::Type element, double value);
  /// The constant tensor 0, 1, ..., count - 1 of `element`, with `count`
  /// along dimension `along` of `rank` dimensions and 1 along the others.
  mlir::Value iota(mlir::Type element, int64_t count, int64_t along,
                   int64_t rank);

protected:
  NodeImporter &node;
  mlir::OpBuilder &b;
};

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_COMPOSER_H
