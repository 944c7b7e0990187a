//===- Composer.cpp - ONNX ops built from several sinter ops --------------===//

#include "compiler/Importer/Composer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace sinter::onnx_import {

FailureOr<Value> Composer::reduce(ReduceFn fn, Value input,
                                  ArrayRef<int64_t> axes, bool keepdims) {
  FailureOr<RankedTensorType> type =
      inferReduceType(node.loc(), rankedOf(input), axes, keepdims);
  if (failed(type))
    return failure();
  return ReduceOp::create(b, node.loc(), *type, fn, input, axes, keepdims)
      .getResult();
}

// sinter's matmul takes rank >= 2, so vectors are reshaped around it.
FailureOr<Value> Composer::matmul(Value lhs, Value rhs) {
  RankedTensorType lhsType = rankedOf(lhs), rhsType = rankedOf(rhs);
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return node.emitError() << "MatMul operands must not be scalars, got "
                            << lhsType << " and " << rhsType;
  bool lhsVector = lhsType.getRank() == 1, rhsVector = rhsType.getRank() == 1;
  if (lhsVector)
    lhs = node.reshapeTo(lhs, {1, lhsType.getDimSize(0)});
  if (rhsVector)
    rhs = node.reshapeTo(rhs, {rhsType.getDimSize(0), 1});
  FailureOr<RankedTensorType> type =
      inferMatMulType(node.loc(), rankedOf(lhs), rankedOf(rhs));
  if (failed(type))
    return failure();
  Value product = MatMulOp::create(b, node.loc(), *type, lhs, rhs);
  if (!lhsVector && !rhsVector)
    return product;
  SmallVector<int64_t> shape(type->getShape());
  if (rhsVector)
    shape.pop_back();
  if (lhsVector)
    shape.erase(shape.end() - (rhsVector ? 1 : 2));
  return node.reshapeTo(product, shape);
}

FailureOr<Value> Composer::binaryFn(BinaryFn fn, Value lhs, Value rhs) {
  FailureOr<RankedTensorType> type =
      inferBroadcastType(node.loc(), rankedOf(lhs), rankedOf(rhs));
  if (failed(type))
    return failure();
  return BinaryFnOp::create(b, node.loc(), *type, fn, lhs, rhs).getResult();
}

Value Composer::clip(Value input, double min, double max) {
  return ClipOp::create(b, node.loc(), input.getType(), input,
                        b.getF32FloatAttr(min), b.getF32FloatAttr(max));
}

Value Composer::transpose(Value value, ArrayRef<int64_t> permutation) {
  RankedTensorType type = rankedOf(value);
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation)
    shape.push_back(type.getDimSize(dim));
  return b.createOrFold<TransposeOp>(node.loc(), type.clone(shape), value,
                                     permutation);
}

Value Composer::sliceDim(Value value, int64_t dim, int64_t offset,
                         int64_t stride, int64_t count) {
  RankedTensorType type = rankedOf(value);
  SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
  SmallVector<int64_t> shape(type.getShape());
  offsets[dim] = offset;
  strides[dim] = stride;
  shape[dim] = count;
  return b.createOrFold<SliceOp>(node.loc(), type.clone(shape), value, offsets,
                                 strides);
}

Value Composer::padDim(Value value, int64_t dim, int64_t low, int64_t high,
                       double fill) {
  if (low == 0 && high == 0)
    return value;
  RankedTensorType type = rankedOf(value);
  SmallVector<int64_t> lows(type.getRank(), 0), highs(type.getRank(), 0);
  SmallVector<int64_t> shape(type.getShape());
  lows[dim] = low;
  highs[dim] = high;
  shape[dim] += low + high;
  return PadOp::create(b, node.loc(), type.clone(shape), PadMode::constant,
                       value, lows, highs, APFloat(fill));
}

Value Composer::unary(UnaryFn fn, Value input) {
  return UnaryOp::create(b, node.loc(), input.getType(), fn, input,
                         FloatAttr(), FloatAttr());
}

FailureOr<Value> Composer::compare(ComparePredicate predicate, Value lhs,
                                   Value rhs) {
  FailureOr<RankedTensorType> type =
      inferCompareType(node.loc(), rankedOf(lhs), rankedOf(rhs));
  if (failed(type))
    return failure();
  return CompareOp::create(b, node.loc(), *type, predicate, lhs, rhs)
      .getResult();
}

FailureOr<Value> Composer::select(Value condition, Value trueValue,
                                  Value falseValue) {
  FailureOr<RankedTensorType> type =
      inferSelectType(node.loc(), rankedOf(condition), rankedOf(trueValue),
                      rankedOf(falseValue));
  if (failed(type))
    return failure();
  return SelectOp::create(b, node.loc(), *type, condition, trueValue,
                          falseValue)
      .getResult();
}

FailureOr<Value> Composer::gather(Value data, Value indices, int64_t axis) {
  FailureOr<RankedTensorType> type =
      inferGatherType(node.loc(), rankedOf(data), rankedOf(indices), axis);
  if (failed(type))
    return failure();
  return GatherOp::create(b, node.loc(), *type, data, indices, axis)
      .getResult();
}

FailureOr<Value> Composer::gatherElements(Value data, Value indices,
                                          int64_t axis) {
  FailureOr<RankedTensorType> type = inferGatherElementsType(
      node.loc(), rankedOf(data), rankedOf(indices), axis);
  if (failed(type))
    return failure();
  return GatherElementsOp::create(b, node.loc(), *type, data, indices, axis)
      .getResult();
}

Value Composer::scalar(Type element, double value) {
  auto type = RankedTensorType::get({}, element);
  Attribute attr = isa<FloatType>(element)
                       ? Attribute(b.getFloatAttr(element, value))
                       : Attribute(b.getIntegerAttr(element,
                                                    static_cast<int64_t>(value)));
  return arith::ConstantOp::create(b, node.loc(),
                                   DenseElementsAttr::get(type, attr));
}

Value Composer::iota(Type element, int64_t count, int64_t along, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[along] = count;
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(isa<FloatType>(element)
                         ? Attribute(b.getFloatAttr(element, i))
                         : Attribute(b.getIntegerAttr(element, i)));
  return arith::ConstantOp::create(
      b, node.loc(),
      DenseElementsAttr::get(RankedTensorType::get(shape, element), values));
}

} // namespace sinter::onnx_import
