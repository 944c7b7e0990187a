//===- MatrixOps.cpp - Gemm and MatMul ------------------------------------===//

#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

using namespace mlir;

namespace sinter::onnx_import {
namespace {

LogicalResult importGemm(NodeImporter &node) {
  auto a = node.floatInput(0);
  auto b = node.floatInput(1);
  if (failed(a) || failed(b))
    return failure();
  // C became optional in opset 11.
  Value c = node.opset() >= 11 ? node.optionalInput(2) : Value();
  if (node.opset() < 11) {
    auto required = node.floatInput(2);
    if (failed(required))
      return failure();
    c = *required;
  }
  float alpha = node.getFloat("alpha", 1.0f);
  float beta = node.getFloat("beta", 1.0f);
  bool transposeA = node.getInt("transA", 0) != 0;
  bool transposeB = node.getInt("transB", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  auto cType = c ? cast<RankedTensorType>(c.getType()) : RankedTensorType();
  FailureOr<RankedTensorType> type = inferGemmType(
      node.loc(), a->getType(), b->getType(), cType, transposeA, transposeB);
  if (failed(type))
    return failure();
  auto gemm = GemmOp::create(node.builder(), node.loc(), *type, *a, *b, c,
                             APFloat(alpha), APFloat(beta), transposeA,
                             transposeB, /*clamp_min=*/FloatAttr(),
                             /*clamp_max=*/FloatAttr());
  return node.setResults(gemm.getResult());
}

// ONNX MatMul follows numpy.matmul: a 1-D lhs is a row vector and a 1-D rhs a
// column vector, and the added dimension is dropped from the result. sinter's
// matmul takes rank >= 2, so vectors are reshaped around it.
LogicalResult importMatMul(NodeImporter &node) {
  auto lhs = node.floatInput(0);
  auto rhs = node.floatInput(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  OpBuilder &builder = node.builder();
  RankedTensorType lhsType = lhs->getType(), rhsType = rhs->getType();
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return node.emitError() << "MatMul operands must not be scalars, got "
                            << lhsType << " and " << rhsType;
  Value lhsMatrix = *lhs, rhsMatrix = *rhs;
  bool lhsVector = lhsType.getRank() == 1, rhsVector = rhsType.getRank() == 1;
  if (lhsVector) {
    auto type = RankedTensorType::get({1, lhsType.getDimSize(0)},
                                      lhsType.getElementType());
    lhsMatrix = ReshapeOp::create(builder, node.loc(), type, lhsMatrix);
  }
  if (rhsVector) {
    auto type = RankedTensorType::get({rhsType.getDimSize(0), 1},
                                      rhsType.getElementType());
    rhsMatrix = ReshapeOp::create(builder, node.loc(), type, rhsMatrix);
  }
  FailureOr<RankedTensorType> type = inferMatMulType(
      node.loc(), cast<RankedTensorType>(lhsMatrix.getType()),
      cast<RankedTensorType>(rhsMatrix.getType()));
  if (failed(type))
    return failure();
  Value product =
      MatMulOp::create(builder, node.loc(), *type, lhsMatrix, rhsMatrix);
  if (!lhsVector && !rhsVector)
    return node.setResults(product);
  SmallVector<int64_t> shape(type->getShape());
  if (rhsVector)
    shape.pop_back();
  if (lhsVector)
    shape.erase(shape.end() - (rhsVector ? 1 : 2));
  auto squeezed = RankedTensorType::get(shape, type->getElementType());
  return node.setResults(
      ReshapeOp::create(builder, node.loc(), squeezed, product).getResult());
}

const OpImporter kMatrixImporters[] = {
    {"Gemm", 6, importGemm, "C broadcast (with `broadcast=1` before 7)"},
    {"MatMul", 1, importMatMul, "1-D operands reshaped to matrices and back"},
};

} // namespace

ArrayRef<OpImporter> getMatrixImporters() { return kMatrixImporters; }

} // namespace sinter::onnx_import
