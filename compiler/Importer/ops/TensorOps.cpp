//===- TensorOps.cpp - constants, reshapes, transposes, concatenation -----===//

#include "compiler/Importer/OpImporters.h"
#include "compiler/Importer/TensorConversion.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

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
  return node.setResults(*input);
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
    knownProduct *= dim;
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
  auto concat =
      ConcatOp::create(node.builder(), node.loc(), *type, inputs, *axis);
  return node.setResults(concat.getResult());
}

const OpImporter kTensorImporters[] = {
    {"Constant", 1, importConstant},   {"Identity", 1, importIdentity},
    {"Dropout", 1, importDropout},     {"Flatten", 1, importFlatten},
    {"Reshape", 5, importReshape},     {"Transpose", 1, importTranspose},
    {"Concat", 4, importConcat},
};

} // namespace

ArrayRef<OpImporter> getTensorImporters() { return kTensorImporters; }

} // namespace sinter::onnx_import
