//===- ElementwiseOps.cpp - arithmetic, activations, softmax --------------===//

#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include <limits>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

// Opset 7 and later broadcast as numpy does, which is what sinter's binary
// ops implement; the older `broadcast`/`axis` attributes do not apply.
template <typename OpTy>
LogicalResult importBinary(NodeImporter &node) {
  auto lhs = node.input(0);
  auto rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  auto lhsType = cast<RankedTensorType>(lhs->getType());
  auto rhsType = cast<RankedTensorType>(rhs->getType());
  FailureOr<RankedTensorType> type =
      inferBroadcastType(node.loc(), lhsType, rhsType);
  if (failed(type))
    return failure();
  return node.setResults(
      node.builder().createOrFold<OpTy>(node.loc(), *type, *lhs, *rhs));
}

LogicalResult importRelu(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  return node.setResults(
      ReluOp::create(node.builder(), node.loc(), *input).getResult());
}

// Clip's bounds are attributes before opset 11 and optional inputs since.
LogicalResult importClip(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  std::optional<double> min, max;
  if (node.opset() < 11) {
    if (node.hasAttr("min"))
      min = node.getFloat("min", 0.0f);
    if (node.hasAttr("max"))
      max = node.getFloat("max", 0.0f);
    if (node.hadAttributeError())
      return failure();
  } else {
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

// Before opset 13 Softmax normalizes over all dimensions from `axis` on (the
// input viewed as 2-D); since opset 13 over `axis` alone.
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
    auto softmax =
        SoftmaxOp::create(builder, node.loc(), type, *input, *axis);
    return node.setResults(softmax.getResult());
  }
  FailureOr<RankedTensorType> flatType =
      inferFlattenType(node.loc(), type, *axis);
  if (failed(flatType))
    return failure();
  Value flat = ReshapeOp::create(builder, node.loc(), *flatType, *input);
  Value softmax = SoftmaxOp::create(builder, node.loc(), *flatType, flat, 1);
  return node.setResults(
      ReshapeOp::create(builder, node.loc(), type, softmax).getResult());
}

const OpImporter kElementwiseImporters[] = {
    {"Add", 7, importBinary<AddOp>},   {"Sub", 7, importBinary<SubOp>},
    {"Mul", 7, importBinary<MulOp>},   {"Div", 7, importBinary<DivOp>},
    {"Relu", 1, importRelu},       {"Clip", 6, importClip},
    {"Softmax", 1, importSoftmax},
};

} // namespace

ArrayRef<OpImporter> getElementwiseImporters() { return kElementwiseImporters; }

} // namespace sinter::onnx_import
