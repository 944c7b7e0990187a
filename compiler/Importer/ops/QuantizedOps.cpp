//===- QuantizedOps.cpp - linear quantization and integer products --------===//
//
// Quantized tensors are 8-bit integers q standing for scale * (q - zero
// point). The integer products (MatMulInteger, ConvInteger and the
// accumulators of QLinearMatMul and QLinearConv) are computed in float64 on
// the zero-point-shifted operands: every product of two 8-bit values and
// every sum of fewer than 2^37 of them is exact there, so the int32 result
// equals ONNX's integer arithmetic. Requantization rounds half to even and
// saturates to the output type, as ONNX specifies.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;

namespace sinter::onnx_import {
namespace {

class Quantizer {
public:
  explicit Quantizer(NodeImporter &node)
      : node(node), compose(node), b(node.builder()) {}

  /// A scale or zero point for `target`: a scalar (or one value) as it is,
  /// or one value per index of `target`'s dimension `axis`, reshaped to
  /// broadcast along it.
  FailureOr<Value> alongAxis(Value param, Value target, int64_t axis,
                             StringRef what) {
    RankedTensorType type = rankedOf(param);
    if (type.getNumElements() == 1 && type.getRank() <= 1)
      return param;
    int64_t rank = rankedOf(target).getRank();
    int64_t size = rankedOf(target).getDimSize(axis);
    if (type.getRank() != 1 || type.getDimSize(0) != size)
      return node.emitError() << what << " " << type
                              << " must be a scalar or hold one value per "
                                 "index of axis "
                              << axis << " (" << size << ")";
    SmallVector<int64_t> shape(rank, 1);
    shape[axis] = size;
    return node.reshapeTo(param, shape);
  }

  /// `param` per row of the matrices of `lhs` ([..., M, K]).
  FailureOr<Value> perRow(Value param, Value lhs, StringRef what) {
    return alongAxis(param, lhs, rankedOf(lhs).getRank() - 2, what);
  }
  /// `param` per column of the matrices of `rhs` ([..., K, N]).
  FailureOr<Value> perColumn(Value param, Value rhs, StringRef what) {
    return alongAxis(param, rhs, rankedOf(rhs).getRank() - 1, what);
  }

  /// `q - zeroPoint` as float64, where `zeroPoint` may be null.
  FailureOr<Value> shifted(Value q, Value zeroPoint) {
    Value wide = node.castElements(q, b.getF64Type());
    if (!zeroPoint)
      return wide;
    return compose.binary<SubOp>(
        wide, node.castElements(zeroPoint, b.getF64Type()));
  }

  /// `rounded + zeroPoint`, saturated to and converted to `element` (8-bit).
  FailureOr<Value> saturate(Value rounded, Value zeroPoint, Type element) {
    Value sum = rounded;
    if (zeroPoint) {
      FailureOr<Value> added = compose.binary<AddOp>(
          rounded,
          node.castElements(zeroPoint, rankedOf(rounded).getElementType()));
      if (failed(added))
        return failure();
      sum = *added;
    }
    auto integer = cast<IntegerType>(element);
    unsigned width = integer.getWidth();
    bool isSigned = !integer.isUnsigned();
    double low = isSigned ? llvm::APInt::getSignedMinValue(width).getSExtValue()
                          : 0.0;
    double high = isSigned
                      ? llvm::APInt::getSignedMaxValue(width).getSExtValue()
                      : llvm::APInt::getMaxValue(width).getZExtValue();
    return node.castElements(compose.clip(sum, low, high), element);
  }

  /// ONNX's saturate(round(real / scale) + zeroPoint) into `element`.
  FailureOr<Value> quantize(Value real, Value scale, Value zeroPoint,
                            Type element) {
    FailureOr<Value> scaled = compose.binary<DivOp>(real, scale);
    if (failed(scaled))
      return failure();
    return saturate(compose.unary(UnaryFn::round, *scaled), zeroPoint,
                    element);
  }

  /// An integer accumulator (float64) requantized by the real multiplier
  /// lhsScale * rhsScale / outScale, computed in float32 as ONNX Runtime
  /// does.
  FailureOr<Value> requantize(Value accumulator, Value lhsScale,
                              Value rhsScale, Value outScale, Value zeroPoint,
                              Type element) {
    FailureOr<Value> inputScale = compose.binary<MulOp>(lhsScale, rhsScale);
    if (failed(inputScale))
      return failure();
    FailureOr<Value> multiplier = compose.binary<DivOp>(*inputScale, outScale);
    if (failed(multiplier))
      return failure();
    FailureOr<Value> real = compose.binary<MulOp>(
        accumulator, node.castElements(*multiplier, b.getF64Type()));
    if (failed(real))
      return failure();
    return saturate(compose.unary(UnaryFn::round, *real), zeroPoint, element);
  }

  /// (lhs - lhsZero) @ (rhs - rhsZero) in float64. A 1-D lhsZero holds one
  /// value per row of lhs, a 1-D rhsZero one per column of rhs.
  FailureOr<Value> integerMatMul(Value lhs, Value lhsZero, Value rhs,
                                 Value rhsZero) {
    int64_t lhsRank = rankedOf(lhs).getRank(), rhsRank = rankedOf(rhs).getRank();
    if (lhsRank < 2 || rhsRank < 2)
      return node.emitError() << "the operands must have rank 2 or more, got "
                              << lhs.getType() << " and " << rhs.getType();
    if (lhsZero) {
      FailureOr<Value> rows = perRow(lhsZero, lhs, "the lhs zero point");
      if (failed(rows))
        return failure();
      lhsZero = *rows;
    }
    if (rhsZero) {
      FailureOr<Value> columns = perColumn(rhsZero, rhs, "the rhs zero point");
      if (failed(columns))
        return failure();
      rhsZero = *columns;
    }
    FailureOr<Value> lhsShifted = shifted(lhs, lhsZero);
    FailureOr<Value> rhsShifted = shifted(rhs, rhsZero);
    if (failed(lhsShifted) || failed(rhsShifted))
      return failure();
    return compose.matmul(*lhsShifted, *rhsShifted);
  }

  /// conv(x - xZero, w - wZero) (+ bias) in float64, with the node's Conv
  /// attributes; a 1-D wZero holds one value per output channel.
  FailureOr<Value> integerConv(Value x, Value xZero, Value w, Value wZero,
                               Value bias) {
    RankedTensorType filterType = rankedOf(w);
    if (xZero && rankedOf(xZero).getNumElements() != 1)
      return node.emitError() << "the input zero point must be a scalar, got "
                              << xZero.getType();
    if (wZero) {
      if (filterType.getRank() < 3)
        return node.emitError() << "the filter " << filterType
                                << " must have rank 3 or more";
      FailureOr<Value> perChannel =
          alongAxis(wZero, w, 0, "the filter zero point");
      if (failed(perChannel))
        return failure();
      wZero = *perChannel;
    }
    FailureOr<Value> input = shifted(x, xZero);
    FailureOr<Value> filter = shifted(w, wZero);
    if (failed(input) || failed(filter))
      return failure();
    return convolutionOfNode(
        node, *input, *filter,
        bias ? node.castElements(bias, b.getF64Type()) : Value());
  }

private:
  NodeImporter &node;
  Composer compose;
  OpBuilder &b;
};

Type uint8Type(NodeImporter &node) {
  return IntegerType::get(node.builder().getContext(), 8,
                          IntegerType::Unsigned);
}

/// The axis of per-axis parameters (opset 13). A scalar scale and zero
/// point leave it unused, so it is not checked then (ONNX's default, 1, is
/// out of range for 1-D inputs).
FailureOr<int64_t> quantizationAxis(NodeImporter &node, int64_t rank,
                                    Value scale, Value zeroPoint) {
  int64_t axis = node.opset() >= 13 ? node.getInt("axis", 1) : 1;
  if (node.hadAttributeError())
    return failure();
  bool perAxis = rankedOf(scale).getNumElements() != 1 ||
                 (zeroPoint && rankedOf(zeroPoint).getNumElements() != 1);
  if (!perAxis)
    return 0;
  return node.normalizeAxis(axis, rank);
}

/// The scale and zero point (inputs 1 and 2, the zero point optional) of
/// QuantizeLinear and DequantizeLinear for the tensor `x`, reshaped to
/// broadcast along their axis; `prefix` ("x" or "y") names them.
struct LinearParams {
  Value scale, zeroPoint;
};

FailureOr<LinearParams> readLinearParams(NodeImporter &node, Value x,
                                         StringRef prefix) {
  auto scale = node.floatInput(1);
  if (failed(scale))
    return failure();
  Value zeroPoint = node.optionalInput(2);
  int64_t rank = rankedOf(x).getRank();
  FailureOr<int64_t> axis = quantizationAxis(node, rank, *scale, zeroPoint);
  if (failed(axis))
    return failure();
  Quantizer q(node);
  LinearParams params;
  FailureOr<Value> scaleAlong =
      q.alongAxis(*scale, x, *axis, (prefix + "_scale").str());
  if (failed(scaleAlong))
    return failure();
  params.scale = *scaleAlong;
  if (zeroPoint) {
    FailureOr<Value> zeroAlong =
        q.alongAxis(zeroPoint, x, *axis, (prefix + "_zero_point").str());
    if (failed(zeroAlong))
      return failure();
    params.zeroPoint = *zeroAlong;
  }
  return params;
}

LogicalResult importQuantizeLinear(NodeImporter &node) {
  auto x = node.input(0);
  if (failed(x))
    return failure();
  FailureOr<LinearParams> params = readLinearParams(node, *x, "y");
  if (failed(params))
    return failure();
  Type element = params->zeroPoint
                     ? rankedOf(params->zeroPoint).getElementType()
                     : uint8Type(node);
  Type real = rankedOf(params->scale).getElementType();
  FailureOr<Value> result =
      Quantizer(node).quantize(node.castElements(*x, real), params->scale,
                               params->zeroPoint, element);
  return failed(result) ? failure() : node.setResults(*result);
}

LogicalResult importDequantizeLinear(NodeImporter &node) {
  auto x = node.input(0);
  if (failed(x))
    return failure();
  FailureOr<LinearParams> params = readLinearParams(node, *x, "x");
  if (failed(params))
    return failure();
  Composer compose(node);
  Type real = rankedOf(params->scale).getElementType();
  Value result = node.castElements(*x, real);
  if (params->zeroPoint) {
    FailureOr<Value> shifted = compose.binary<SubOp>(
        result, node.castElements(params->zeroPoint, real));
    if (failed(shifted))
      return failure();
    result = *shifted;
  }
  FailureOr<Value> scaled = compose.binary<MulOp>(result, params->scale);
  return failed(scaled) ? failure() : node.setResults(*scaled);
}

// The scale spans [min(x, 0), max(x, 0)] over 256 steps, and the zero point
// is where 0 falls, so that 0 is exact.
LogicalResult importDynamicQuantizeLinear(NodeImporter &node) {
  auto x = node.floatInput(0);
  if (failed(x))
    return failure();
  Composer compose(node);
  Quantizer q(node);
  Type real = x->getType().getElementType();
  auto everyAxis =
      llvm::to_vector(llvm::seq<int64_t>(0, x->getType().getRank()));
  FailureOr<Value> low = compose.reduce(ReduceFn::min, *x, everyAxis, false);
  FailureOr<Value> high = compose.reduce(ReduceFn::max, *x, everyAxis, false);
  if (failed(low) || failed(high))
    return failure();
  Value zero = compose.scalar(real, 0.0);
  FailureOr<Value> lowest = compose.binaryFn(BinaryFn::min, *low, zero);
  FailureOr<Value> highest = compose.binaryFn(BinaryFn::max, *high, zero);
  if (failed(lowest) || failed(highest))
    return failure();
  FailureOr<Value> range = compose.binary<SubOp>(*highest, *lowest);
  if (failed(range))
    return failure();
  FailureOr<Value> scale =
      compose.binary<DivOp>(*range, compose.scalar(real, 255.0));
  if (failed(scale))
    return failure();
  FailureOr<Value> lowSteps = compose.binary<DivOp>(*lowest, *scale);
  if (failed(lowSteps))
    return failure();
  Value zeroPoint = node.castElements(
      compose.clip(compose.unary(UnaryFn::round,
                                 compose.unary(UnaryFn::neg, *lowSteps)),
                   0.0, 255.0),
      uint8Type(node));
  FailureOr<Value> y = q.quantize(*x, *scale, zeroPoint, uint8Type(node));
  if (failed(y))
    return failure();
  return node.setResults({*y, *scale, zeroPoint});
}

LogicalResult importMatMulInteger(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> product = Quantizer(node).integerMatMul(
      *lhs, node.optionalInput(2), *rhs, node.optionalInput(3));
  if (failed(product))
    return failure();
  return node.setResults(
      node.castElements(*product, node.builder().getI32Type()));
}

LogicalResult importConvInteger(NodeImporter &node) {
  auto x = node.input(0);
  auto w = node.input(1);
  if (failed(x) || failed(w))
    return failure();
  FailureOr<Value> result = Quantizer(node).integerConv(
      *x, node.optionalInput(2), *w, node.optionalInput(3), Value());
  if (failed(result))
    return failure();
  return node.setResults(
      node.castElements(*result, node.builder().getI32Type()));
}

/// The node's first `count` inputs, all required.
LogicalResult readInputs(NodeImporter &node, unsigned count,
                         SmallVectorImpl<Value> &inputs) {
  for (unsigned i = 0; i < count; ++i) {
    FailureOr<Value> value = node.input(i);
    if (failed(value))
      return failure();
    inputs.push_back(*value);
  }
  return success();
}

// Inputs: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale,
// y_zero_point. Scales may be per row of a and per column of b.
LogicalResult importQLinearMatMul(NodeImporter &node) {
  SmallVector<Value, 8> in;
  if (failed(readInputs(node, 8, in)))
    return failure();
  Quantizer q(node);
  FailureOr<Value> accumulator = q.integerMatMul(in[0], in[2], in[3], in[5]);
  if (failed(accumulator))
    return failure();
  FailureOr<Value> lhsScale = q.perRow(in[1], in[0], "a_scale");
  FailureOr<Value> rhsScale = q.perColumn(in[4], in[3], "b_scale");
  if (failed(lhsScale) || failed(rhsScale))
    return failure();
  FailureOr<Value> result =
      q.requantize(*accumulator, *lhsScale, *rhsScale, in[6], in[7],
                   rankedOf(in[7]).getElementType());
  return failed(result) ? failure() : node.setResults(*result);
}

// Inputs: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale,
// y_zero_point and an optional int32 bias B (in units of x_scale *
// w_scale). w's scale and zero point may be per output channel.
LogicalResult importQLinearConv(NodeImporter &node) {
  SmallVector<Value, 8> in;
  if (failed(readInputs(node, 8, in)))
    return failure();
  Quantizer q(node);
  FailureOr<Value> accumulator =
      q.integerConv(in[0], in[2], in[3], in[5], node.optionalInput(8));
  if (failed(accumulator))
    return failure();
  FailureOr<Value> filterScale = q.alongAxis(in[4], *accumulator, 1, "w_scale");
  if (failed(filterScale))
    return failure();
  FailureOr<Value> result =
      q.requantize(*accumulator, in[1], *filterScale, in[6], in[7],
                   rankedOf(in[7]).getElementType());
  return failed(result) ? failure() : node.setResults(*result);
}

const OpImporter kQuantizedImporters[] = {
    {"QuantizeLinear", 10, importQuantizeLinear,
     "per tensor, and per axis from 13; rounds half to even and saturates"},
    {"DequantizeLinear", 10, importDequantizeLinear,
     "per tensor, and per axis from 13"},
    {"DynamicQuantizeLinear", 11, importDynamicQuantizeLinear, "uint8"},
    {"MatMulInteger", 10, importMatMulInteger,
     "exact int32 products (computed in float64); zero points per row of A "
     "and per column of B"},
    {"ConvInteger", 10, importConvInteger,
     "as Conv; exact int32 sums (computed in float64); filter zero point per "
     "output channel"},
    {"QLinearMatMul", 10, importQLinearMatMul,
     "exact accumulation, requantized by a float32 multiplier"},
    {"QLinearConv", 10, importQLinearConv,
     "as Conv; exact accumulation with the int32 bias, requantized by a "
     "float32 multiplier; filter scale and zero point per output channel"},
};

} // namespace

ArrayRef<OpImporter> getQuantizedImporters() { return kQuantizedImporters; }

} // namespace sinter::onnx_import
