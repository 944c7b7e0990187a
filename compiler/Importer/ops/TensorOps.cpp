//===- TensorOps.cpp - constants, reshapes, transposes, concatenation -----===//

#include "compiler/Importer/OpImporters.h"
#include "compiler/Importer/TensorConversion.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

// Constant carries exactly one of: a tensor, or (opset 12+) a scalar or list.
LogicalResult importConstant(NodeImporter &node) {
  if (node.node().attribute_size() != 1)
    return node.emitError() << "expected exactly one value attribute, got "
                            << node.node().attribute_size();
  const onnx::AttributeProto &attr = node.node().attribute(0);
  OpBuilder &builder = node.builder();
  ElementsAttr value;
  if (attr.name() == "value" && attr.has_t()) {
    FailureOr<ElementsAttr> tensor =
        convertTensor(node.loc(), attr.t(), node.modelDir());
    if (failed(tensor))
      return failure();
    value = *tensor;
  } else if (attr.name() == "value_float") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), attr.f());
  } else if (attr.name() == "value_floats") {
    SmallVector<float> floats(attr.floats().begin(), attr.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(floats.size())},
                              builder.getF32Type()),
        ArrayRef<float>(floats));
  } else if (attr.name() == "value_int") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getI64Type()), attr.i());
  } else if (attr.name() == "value_ints") {
    SmallVector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints.size())},
                              builder.getI64Type()),
        ArrayRef<int64_t>(ints));
  } else {
    return node.emitError() << "unsupported constant attribute '"
                            << attr.name() << "'";
  }
  auto constant =
      arith::ConstantOp::create(builder, node.loc(), cast<TypedAttr>(value));
  return node.setResults(constant.getResult());
}

LogicalResult importIdentity(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  return node.setResults(*input);
}

// Dropout is the identity at inference. Since opset 12 a `training_mode`
// input may switch it on, which a compiled inference model cannot honour.
LogicalResult importDropout(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  if (node.opset() >= 12 && node.hasInput(2)) {
    ElementsAttr training;
    auto trainingValues =
        matchPattern(node.optionalInput(2), m_Constant(&training))
            ? getIntegerValues(training)
            : FailureOr<SmallVector<int64_t>>(failure());
    if (failed(trainingValues) || trainingValues->size() != 1)
      return node.emitError() << "training_mode must be a constant boolean";
    if (trainingValues->front() != 0)
      return node.emitError() << "training_mode=true is not supported in an "
                                 "inference compiler";
  }
  if (!node.isOutputUsed(1))
    return node.setResults(*input);
  // In inference every element is kept: the mask is all true.
  auto maskType = cast<RankedTensorType>(input->getType())
                      .clone(node.builder().getI1Type());
  Value mask = arith::ConstantOp::create(
      node.builder(), node.loc(),
      DenseElementsAttr::get(maskType, node.builder().getBoolAttr(true)));
  return node.setResults({*input, mask});
}

LogicalResult importFlatten(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  auto axis = node.normalizeAxis(node.getInt("axis", 1), type.getRank(),
                                 "axis", /*allowRank=*/true);
  if (failed(axis) || node.hadAttributeError())
    return failure();
  FailureOr<RankedTensorType> resultType =
      inferFlattenType(node.loc(), type, *axis);
  if (failed(resultType))
    return failure();
  auto flatten = FlattenOp::create(node.builder(), node.loc(), *resultType,
                                   *input, *axis);
  return node.setResults(flatten.getResult());
}

// The target shape is a constant input: 0 copies the input's dimension
// (unless allowzero, opset 14+), and one -1 takes what is left.
LogicalResult importReshape(NodeImporter &node) {
  auto input = node.input(0);
  auto requested = node.constantInts(1, "the target shape");
  if (failed(input) || failed(requested))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  bool allowZero = node.opset() >= 14 && node.getInt("allowzero", 0) != 0;
  if (node.hadAttributeError())
    return failure();

  SmallVector<int64_t> shape;
  std::optional<size_t> inferredDim;
  int64_t knownProduct = 1;
  for (auto [index, dim] : llvm::enumerate(*requested)) {
    if (dim == -1) {
      if (inferredDim)
        return node.emitError() << "the target shape has more than one -1";
      inferredDim = index;
      shape.push_back(1);
      continue;
    }
    if (dim == 0 && !allowZero) {
      if (static_cast<int64_t>(index) >= type.getRank())
        return node.emitError() << "target dimension " << index
                                << " is 0 (copy the input's), but the input "
                                << type << " has only " << type.getRank()
                                << " dimensions";
      dim = type.getDimSize(index);
    }
    if (dim < 0)
      return node.emitError() << "invalid target dimension " << dim;
    shape.push_back(dim);
    // A product past int64 cannot equal the input's element count.
    if (llvm::MulOverflow(knownProduct, dim, knownProduct))
      return node.emitError() << "the target shape's element count overflows";
  }
  int64_t numElements = type.getNumElements();
  if (inferredDim) {
    if (knownProduct == 0 || numElements % knownProduct != 0)
      return node.emitError() << "cannot reshape " << type
                              << " into a shape with known product "
                              << knownProduct;
    shape[*inferredDim] = numElements / knownProduct;
  } else if (knownProduct != numElements) {
    return node.emitError() << "cannot reshape " << type << " ("
                            << numElements << " elements) into "
                            << knownProduct << " elements";
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  auto reshape =
      ReshapeOp::create(node.builder(), node.loc(), resultType, *input);
  return node.setResults(reshape.getResult());
}

LogicalResult importTranspose(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  SmallVector<int64_t> reversed;
  for (int64_t dim = type.getRank() - 1; dim >= 0; --dim)
    reversed.push_back(dim);
  SmallVector<int64_t> permutation = node.getInts("perm", reversed);
  if (node.hadAttributeError())
    return failure();
  FailureOr<RankedTensorType> resultType =
      inferTransposeType(node.loc(), type, permutation);
  if (failed(resultType))
    return failure();
  auto transpose = TransposeOp::create(node.builder(), node.loc(), *resultType,
                                       *input, permutation);
  return node.setResults(transpose.getResult());
}

LogicalResult importConcat(NodeImporter &node) {
  SmallVector<Value> inputs;
  for (int index = 0; index < node.node().input_size(); ++index) {
    auto input = node.input(index);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  if (inputs.empty())
    return node.emitError() << "Concat needs at least one input";
  if (!node.hasAttr("axis"))
    return node.emitError() << "missing required attribute 'axis'";
  auto rank = cast<RankedTensorType>(inputs.front().getType()).getRank();
  auto axis = node.normalizeAxis(node.getInt("axis", 0), rank);
  if (failed(axis) || node.hadAttributeError())
    return failure();
  FailureOr<RankedTensorType> type =
      inferConcatType(node.loc(), ValueRange(inputs).getTypes(), *axis);
  if (failed(type))
    return failure();
  return node.setResults(
      node.builder().createOrFold<ConcatOp>(node.loc(), *type, inputs, *axis));
}

// Shape, Gather (ops/IndexingOps.cpp), Unsqueeze, Squeeze and Cast appear
// in the shape subgraphs exporters emit (x.view(x.size(0), -1)): with
// static shapes they evaluate to constants at import, so the Reshape they
// feed gets a constant shape.

LogicalResult importShape(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(input->getType()).getShape();
  int64_t rank = shape.size();
  int64_t start = node.opset() >= 15 ? node.getInt("start", 0) : 0;
  int64_t end = node.opset() >= 15 ? node.getInt("end", rank) : rank;
  if (node.hadAttributeError())
    return failure();
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, start, rank);
  SmallVector<int64_t> dims(shape.begin() + start, shape.begin() + end);
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                    node.builder().getI64Type());
  return node.setResults(
      arith::ConstantOp::create(node.builder(), node.loc(),
                                DenseElementsAttr::get(type, ArrayRef<int64_t>(dims)))
          .getResult());
}

/// Unsqueeze and Squeeze only change the shape: a reshape, which folds when
/// its input is a constant. Their axes moved from an attribute to an input
/// at opset 13.
FailureOr<SmallVector<int64_t>> readAxes(NodeImporter &node, bool required) {
  if (node.opset() >= 13) {
    if (!node.hasInput(1)) {
      if (required)
        return node.emitError() << "missing required input 'axes'";
      return SmallVector<int64_t>();
    }
    return node.constantInts(1, "axes");
  }
  if (required && !node.hasAttr("axes"))
    return node.emitError() << "missing required attribute 'axes'";
  SmallVector<int64_t> axes = node.getInts("axes");
  if (node.hadAttributeError())
    return failure();
  return axes;
}

LogicalResult importUnsqueeze(NodeImporter &node) {
  auto input = node.input(0);
  auto axes = readAxes(node, /*required=*/true);
  if (failed(input) || failed(axes))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : *axes) {
    auto normalized = node.normalizeAxis(axis, rank, "axis");
    if (failed(normalized))
      return failure();
    if (inserted[*normalized])
      return node.emitError() << "axis " << axis << " is repeated";
    inserted[*normalized] = true;
  }
  SmallVector<int64_t> shape;
  auto dims = type.getShape().begin();
  for (int64_t dim = 0; dim < rank; ++dim)
    shape.push_back(inserted[dim] ? 1 : *dims++);
  return node.setResults(node.builder().createOrFold<ReshapeOp>(
      node.loc(), RankedTensorType::get(shape, type.getElementType()), *input));
}

LogicalResult importSqueeze(NodeImporter &node) {
  auto input = node.input(0);
  auto axes = readAxes(node, /*required=*/false);
  if (failed(input) || failed(axes))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  SmallVector<bool> removed(type.getRank(), axes->empty());
  if (axes->empty())
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      removed[dim] = type.getDimSize(dim) == 1;
  for (int64_t axis : *axes) {
    auto normalized = node.normalizeAxis(axis, type.getRank(), "axis");
    if (failed(normalized))
      return failure();
    if (type.getDimSize(*normalized) != 1)
      return node.emitError() << "cannot squeeze dimension " << axis
                              << " of size " << type.getDimSize(*normalized);
    removed[*normalized] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (!removed[dim])
      shape.push_back(type.getDimSize(dim));
  return node.setResults(node.builder().createOrFold<ReshapeOp>(
      node.loc(), RankedTensorType::get(shape, type.getElementType()), *input));
}

/// A constant cast at compile time, so that shape arithmetic in another
/// integer type still folds; the value of each element as a double (exact
/// for every shape).
Value castConstant(NodeImporter &node, DenseElementsAttr constant,
                   Type target) {
  auto type = cast<RankedTensorType>(constant.getType());
  SmallVector<Attribute> values;
  for (Attribute value : constant.getValues<Attribute>()) {
    double number = 0;
    if (auto integer = dyn_cast<IntegerAttr>(value))
      number = type.getElementType().isUnsignedInteger() ||
                       type.getElementType().isInteger(1)
                   ? static_cast<double>(integer.getValue().getZExtValue())
                   : static_cast<double>(integer.getValue().getSExtValue());
    else if (auto real = dyn_cast<FloatAttr>(value))
      number = real.getValueAsDouble();
    auto intType = dyn_cast<IntegerType>(target);
    if (!intType) {
      values.push_back(FloatAttr::get(target, number));
      continue;
    }
    if (intType.getWidth() == 1)
      number = number != 0 ? 1 : 0;
    else if (std::isnan(number) || std::abs(number) >= 0x1p63)
      number = 0; // out of range: undefined in ONNX, defined here
    values.push_back(IntegerAttr::get(
        intType, APInt(intType.getWidth(), static_cast<int64_t>(number),
                       /*isSigned=*/!intType.isUnsigned(),
                       /*implicitTrunc=*/true)));
  }
  return arith::ConstantOp::create(
      node.builder(), node.loc(),
      DenseElementsAttr::get(type.clone(target), values));
}

LogicalResult importCastTo(NodeImporter &node, Value input, Type target) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getElementType() == target)
    return node.setResults(input);
  DenseElementsAttr constant;
  if (matchPattern(input, m_Constant(&constant)))
    return node.setResults(castConstant(node, constant, target));
  return node.setResults(node.castElements(input, target));
}

LogicalResult importCast(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  if (!node.hasAttr("to"))
    return node.emitError() << "missing required attribute 'to'";
  FailureOr<Type> target = convertElementType(
      node.loc(), node.getInt("to", 0), "the target type");
  if (failed(target) || node.hadAttributeError())
    return failure();
  return importCastTo(node, *input, *target);
}

/// CastLike: to the element type of input #1.
LogicalResult importCastLike(NodeImporter &node) {
  auto input = node.input(0);
  auto like = node.input(1);
  if (failed(input) || failed(like))
    return failure();
  return importCastTo(node, *input,
                      cast<RankedTensorType>(like->getType()).getElementType());
}

const OpImporter kTensorImporters[] = {
    {"Constant", 1, importConstant,
     "`value`, `value_float(s)`, `value_int(s)`"},
    {"Identity", 1, importIdentity, "forwarded"},
    {"Dropout", 1, importDropout,
     "forwarded, the mask all true; `training_mode=true` rejected"},
    {"Flatten", 1, importFlatten, ""},
    {"Reshape", 5, importReshape,
     "target shape must be constant; `0`, `-1`, `allowzero`"},
    {"Transpose", 1, importTranspose, ""},
    {"Concat", 4, importConcat, ""},
    {"Shape", 1, importShape, "static shapes only; `start`/`end` (15)"},
    {"Unsqueeze", 1, importUnsqueeze,
     "axes as attribute (< 13) or constant input (13+)"},
    {"Squeeze", 1, importSqueeze,
     "axes as attribute (< 13) or constant input (13+)"},
    {"Cast", 6, importCast,
     "folded on constants; to and from every numeric type and bool; float to "
     "integer truncates"},
    {"CastLike", 15, importCastLike, "as Cast"},
};

} // namespace

ArrayRef<OpImporter> getTensorImporters() { return kTensorImporters; }

} // namespace sinter::onnx_import
