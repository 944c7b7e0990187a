//===- ElementwiseOps.cpp - arithmetic, comparisons, logic, relu, softmax ===//

#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include <limits>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

RankedTensorType rankedOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

// Before opset 7, B broadcast to A only with `broadcast=1`, aligned at
// `axis` when given (B [3, 4] at axis 1 of A [2, 3, 4, 5] covers dims 1-2)
// and at the end otherwise. Trailing unit dims make that numpy's rule.
FailureOr<Value> alignLegacyBroadcast(NodeImporter &node, Value lhs,
                                      Value rhs) {
  bool broadcast = node.getInt("broadcast", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  RankedTensorType lhsType = rankedOf(lhs), rhsType = rankedOf(rhs);
  if (!broadcast) {
    if (lhsType.getShape() != rhsType.getShape())
      return node.emitError() << "without broadcast=1, B " << rhsType
                              << " must have A's shape " << lhsType;
    return rhs;
  }
  if (!node.hasAttr("axis"))
    return rhs;
  auto axis = node.normalizeAxis(node.getInt("axis", 0), lhsType.getRank());
  if (failed(axis) || node.hadAttributeError())
    return failure();
  int64_t trailing = lhsType.getRank() - *axis - rhsType.getRank();
  if (trailing < 0)
    return node.emitError() << "B " << rhsType << " does not fit in A "
                            << lhsType << " from axis " << *axis;
  SmallVector<int64_t> shape(rhsType.getShape());
  shape.append(trailing, 1);
  return node.builder()
      .createOrFold<ReshapeOp>(node.loc(), rhsType.clone(shape), rhs);
}

// Opset 7 and later broadcast as numpy does, which is what sinter's binary
// ops implement; older versions are aligned to it first.
template <typename OpTy>
LogicalResult importBinary(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (node.opset() < 7) {
    FailureOr<Value> aligned = alignLegacyBroadcast(node, *lhs, *rhs);
    if (failed(aligned))
      return failure();
    rhs = *aligned;
  }
  FailureOr<RankedTensorType> type =
      inferBroadcastType(node.loc(), rankedOf(*lhs), rankedOf(*rhs));
  if (failed(type))
    return failure();
  return node.setResults(
      node.builder().createOrFold<OpTy>(node.loc(), *type, *lhs, *rhs));
}

/// `fn` of two values with numpy broadcasting.
FailureOr<Value> buildBinaryFn(NodeImporter &node, BinaryFn fn, Value lhs,
                               Value rhs) {
  FailureOr<RankedTensorType> type =
      inferBroadcastType(node.loc(), rankedOf(lhs), rankedOf(rhs));
  if (failed(type))
    return failure();
  return BinaryFnOp::create(node.builder(), node.loc(), *type, fn, lhs, rhs)
      .getResult();
}

template <BinaryFn fn>
LogicalResult importBinaryFn(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> result = buildBinaryFn(node, fn, *lhs, *rhs);
  return failed(result) ? failure() : node.setResults(*result);
}

// Since opset 12 the exponent may have another type than the base; the
// result has the base's type, computed as numpy does (an integer base with
// a float exponent is raised in floating point, then converted back).
// Before opset 7 the exponent broadcast as the other binary ops' B did.
LogicalResult importPow(NodeImporter &node) {
  auto base = node.input(0);
  auto exponent = node.input(1);
  if (failed(base) || failed(exponent))
    return failure();
  if (node.opset() < 7) {
    FailureOr<Value> aligned = alignLegacyBroadcast(node, *base, *exponent);
    if (failed(aligned))
      return failure();
    exponent = *aligned;
  }
  Type baseElement = rankedOf(*base).getElementType();
  Type exponentElement = rankedOf(*exponent).getElementType();
  if (isa<IntegerType>(baseElement) && isa<FloatType>(exponentElement)) {
    FailureOr<Value> power = buildBinaryFn(
        node, BinaryFn::pow, node.castElements(*base, exponentElement), *exponent);
    if (failed(power))
      return failure();
    return node.setResults(node.castElements(*power, baseElement));
  }
  FailureOr<Value> power = buildBinaryFn(
      node, BinaryFn::pow, *base, node.castElements(*exponent, baseElement));
  return failed(power) ? failure() : node.setResults(*power);
}

// fmod=0 is the remainder with the divisor's sign (integers only); fmod=1
// C's fmod, with the dividend's sign.
LogicalResult importMod(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  bool fmod = node.getInt("fmod", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  if (!fmod && isa<FloatType>(rankedOf(*lhs).getElementType()))
    return node.emitError() << "fmod must be 1 for floating-point inputs";
  FailureOr<Value> result =
      buildBinaryFn(node, fmod ? BinaryFn::fmod : BinaryFn::mod, *lhs, *rhs);
  return failed(result) ? failure() : node.setResults(*result);
}

LogicalResult importBitShift(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  std::string direction = node.getString("direction", "");
  if (node.hadAttributeError())
    return failure();
  if (direction != "LEFT" && direction != "RIGHT")
    return node.emitError() << "direction must be LEFT or RIGHT, got '"
                            << direction << "'";
  FailureOr<Value> result = buildBinaryFn(
      node, direction == "LEFT" ? BinaryFn::shift_left : BinaryFn::shift_right,
      *lhs, *rhs);
  return failed(result) ? failure() : node.setResults(*result);
}

// The slope broadcasts to X's shape (unidirectionally). Before opset 7 a
// slope of one value per channel ([C] for X [N, C, ...]) applied along the
// channel dimension, as torch's PReLU does; it is reshaped to [C, 1, ...].
LogicalResult importPRelu(NodeImporter &node) {
  auto input = node.input(0);
  auto slope = node.input(1);
  if (failed(input) || failed(slope))
    return failure();
  RankedTensorType inputType = rankedOf(*input), slopeType = rankedOf(*slope);
  if (node.opset() < 7 && inputType.getRank() >= 2 &&
      slopeType.getRank() == 1 &&
      slopeType.getDimSize(0) == inputType.getDimSize(1)) {
    SmallVector<int64_t> perChannel(inputType.getRank() - 1, 1);
    perChannel[0] = slopeType.getDimSize(0);
    slope = node.reshapeTo(*slope, perChannel);
  }
  FailureOr<Value> result = buildBinaryFn(node, BinaryFn::prelu, *input, *slope);
  if (failed(result))
    return failure();
  if (result->getType() != input->getType())
    return node.emitError() << "slope " << slope->getType()
                            << " does not broadcast to the input's shape "
                            << input->getType();
  return node.setResults(*result);
}

template <ComparePredicate predicate>
LogicalResult importCompare(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<RankedTensorType> type =
      inferCompareType(node.loc(), rankedOf(*lhs), rankedOf(*rhs));
  if (failed(type))
    return failure();
  return node.setResults(CompareOp::create(node.builder(), node.loc(), *type,
                                           predicate, *lhs, *rhs)
                             .getResult());
}

LogicalResult importWhere(NodeImporter &node) {
  auto condition = node.input(0);
  auto onTrue = node.input(1);
  auto onFalse = node.input(2);
  if (failed(condition) || failed(onTrue) || failed(onFalse))
    return failure();
  FailureOr<RankedTensorType> type =
      inferSelectType(node.loc(), rankedOf(*condition), rankedOf(*onTrue),
                      rankedOf(*onFalse));
  if (failed(type))
    return failure();
  return node.setResults(SelectOp::create(node.builder(), node.loc(), *type,
                                          *condition, *onTrue, *onFalse)
                             .getResult());
}

enum class Variadic { Sum, Mean, Min, Max };

// Sum, Mean, Min and Max of one or more inputs, broadcast together (opset 8
// on; before, all inputs had one shape, which broadcasting covers).
template <Variadic kind>
LogicalResult importVariadic(NodeImporter &node) {
  int count = node.node().input_size();
  auto first = node.input(0);
  if (failed(first))
    return failure();
  Value result = *first;
  for (int index = 1; index < count; ++index) {
    auto next = node.input(index);
    if (failed(next))
      return failure();
    FailureOr<Value> combined;
    if (kind == Variadic::Min || kind == Variadic::Max) {
      combined = buildBinaryFn(
          node, kind == Variadic::Min ? BinaryFn::min : BinaryFn::max, result,
          *next);
    } else {
      FailureOr<RankedTensorType> type =
          inferBroadcastType(node.loc(), rankedOf(result), rankedOf(*next));
      if (succeeded(type))
        combined = node.builder()
                       .createOrFold<AddOp>(node.loc(), *type, result, *next);
    }
    if (failed(combined))
      return failure();
    result = *combined;
  }
  if (kind == Variadic::Mean && count > 1) {
    RankedTensorType type = rankedOf(result);
    auto scalar = RankedTensorType::get({}, type.getElementType());
    Value divisor = arith::ConstantOp::create(
        node.builder(), node.loc(),
        DenseElementsAttr::get(scalar, node.builder().getFloatAttr(
                                           type.getElementType(), count)));
    result = DivOp::create(node.builder(), node.loc(), type, result, divisor);
  }
  return node.setResults(result);
}

LogicalResult importRelu(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  return node.setResults(
      ReluOp::create(node.builder(), node.loc(), *input).getResult());
}

// Clip's bounds are attributes before opset 11 and optional inputs since.
/// Clip with bounds known at compile time on floats is sinter.clip (which
/// fuses into a conv or gemm); bounds computed at run time, or integer
/// inputs, are a max and a min.
LogicalResult importClip(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  bool isFloat = isa<FloatType>(rankedOf(*input).getElementType());
  std::optional<double> min, max;
  if (node.opset() < 11) {
    if (!isFloat)
      return node.emitError() << "Clip before opset 11 takes floats, got "
                              << input->getType();
    if (node.hasAttr("min"))
      min = node.getFloat("min", 0.0f);
    if (node.hasAttr("max"))
      max = node.getFloat("max", 0.0f);
    if (node.hadAttributeError())
      return failure();
  } else {
    auto isConstantOrAbsent = [&](unsigned index) {
      return !node.hasInput(index) ||
             matchPattern(node.optionalInput(index), m_Constant());
    };
    if (!isFloat || !isConstantOrAbsent(1) || !isConstantOrAbsent(2)) {
      Value result = *input;
      for (auto [index, fn] : {std::pair(1u, BinaryFn::max),
                               std::pair(2u, BinaryFn::min)}) {
        if (!node.hasInput(index))
          continue;
        FailureOr<Value> bounded =
            buildBinaryFn(node, fn, result, node.optionalInput(index));
        if (failed(bounded))
          return failure();
        result = *bounded;
      }
      return node.setResults(result);
    }
    auto minInput = node.optionalConstantScalar(1, "min");
    auto maxInput = node.optionalConstantScalar(2, "max");
    if (failed(minInput) || failed(maxInput))
      return failure();
    min = *minInput;
    max = *maxInput;
  }
  if (min && max && *min > *max)
    return node.emitError() << "min " << *min << " is greater than max "
                            << *max;
  auto toAttr = [&](std::optional<double> bound) -> FloatAttr {
    if (!bound)
      return {};
    return node.builder().getF32FloatAttr(static_cast<float>(*bound));
  };
  auto clip = ClipOp::create(node.builder(), node.loc(), input->getType(),
                             *input, toAttr(min), toAttr(max));
  return node.setResults(clip.getResult());
}

// Before opset 13 Softmax and LogSoftmax normalize over all dimensions from `axis` on (the
// input viewed as 2-D); since opset 13 over `axis` alone.
template <typename OpTy>
LogicalResult importSoftmax(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  RankedTensorType type = input->getType();
  bool coerced2D = node.opset() < 13;
  auto axis = node.normalizeAxis(node.getInt("axis", coerced2D ? 1 : -1),
                                 type.getRank());
  if (failed(axis) || node.hadAttributeError())
    return failure();
  OpBuilder &builder = node.builder();
  if (!coerced2D || *axis == type.getRank() - 1) {
    auto softmax = OpTy::create(builder, node.loc(), type, *input, *axis);
    return node.setResults(softmax.getResult());
  }
  FailureOr<RankedTensorType> flatType =
      inferFlattenType(node.loc(), type, *axis);
  if (failed(flatType))
    return failure();
  Value flat = ReshapeOp::create(builder, node.loc(), *flatType, *input);
  Value softmax = OpTy::create(builder, node.loc(), *flatType, flat, 1);
  return node.setResults(
      ReshapeOp::create(builder, node.loc(), type, softmax).getResult());
}

const OpImporter kElementwiseImporters[] = {
    {"Add", 1, importBinary<AddOp>, "numpy broadcasting; before 7, `broadcast` and `axis`"},
    {"Sub", 1, importBinary<SubOp>, "numpy broadcasting; before 7, `broadcast` and `axis`"},
    {"Mul", 1, importBinary<MulOp>, "numpy broadcasting; before 7, `broadcast` and `axis`"},
    {"Div", 1, importBinary<DivOp>,
     "numpy broadcasting; before 7, `broadcast` and `axis`; an integer "
     "division by 0 gives 0 (no trap)"},
    {"Relu", 1, importRelu, "floating point"},
    {"Clip", 6, importClip,
     "bounds as attributes (< 11) or inputs, constant or run-time; integers "
     "from 11"},
    {"Softmax", 1, importSoftmax<SoftmaxOp>,
     "before 13: reshape to 2-D at `axis` unless it is the last"},
    {"LogSoftmax", 1, importSoftmax<LogSoftmaxOp>, "as Softmax"},
    {"Pow", 1, importPow,
     "an exponent of another type is converted; an integer base with a float "
     "exponent is raised in float; before 7, `broadcast` and `axis`"},
    {"Mod", 10, importMod, "fmod=0 (integers, the divisor's sign) and fmod=1"},
    {"BitShift", 11, importBitShift, "a shift by the width or more gives 0"},
    {"PRelu", 6, importPRelu,
     "the slope broadcasts to the input; before 7, a slope [C] is per channel"},
    {"Sum", 6, importVariadic<Variadic::Sum>, "any number of inputs"},
    {"Mean", 6, importVariadic<Variadic::Mean>, "any number of inputs"},
    {"Min", 6, importVariadic<Variadic::Min>, "any number of inputs; NaN propagates"},
    {"Max", 6, importVariadic<Variadic::Max>, "any number of inputs; NaN propagates"},
    {"Equal", 7, importCompare<ComparePredicate::eq>, ""},
    {"Less", 7, importCompare<ComparePredicate::lt>, ""},
    {"Greater", 7, importCompare<ComparePredicate::gt>, ""},
    {"LessOrEqual", 12, importCompare<ComparePredicate::le>, ""},
    {"GreaterOrEqual", 12, importCompare<ComparePredicate::ge>, ""},
    {"And", 7, importBinaryFn<BinaryFn::logical_and>, ""},
    {"Or", 7, importBinaryFn<BinaryFn::logical_or>, ""},
    {"Xor", 7, importBinaryFn<BinaryFn::logical_xor>, ""},
    {"Where", 9, importWhere, "condition and values broadcast together"},
};

} // namespace

ArrayRef<OpImporter> getElementwiseImporters() { return kElementwiseImporters; }

} // namespace sinter::onnx_import
