//===- NodeImporter.cpp - what an op importer sees of one node ------------===//

#include "compiler/Importer/NodeImporter.h"
#include "compiler/Importer/TensorConversion.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace sinter::onnx_import {

NodeImporter::NodeImporter(OpBuilder &builder, Location loc,
                           const onnx::NodeProto &node, int64_t opset,
                           llvm::StringMap<Value> &values,
                           const llvm::StringSet<> &consumedNames,
                           StringRef modelDir)
    : opBuilder(builder), location(loc), nodeProto(node), opsetVersion(opset),
      values(values), consumedNames(consumedNames), modelDirectory(modelDir) {
  for (const onnx::AttributeProto &attr : node.attribute())
    attributes[attr.name()] = &attr;
}

InFlightDiagnostic NodeImporter::emitError() { return mlir::emitError(location); }

bool NodeImporter::hasInput(unsigned index) const {
  return index < static_cast<unsigned>(nodeProto.input_size()) &&
         !nodeProto.input(index).empty();
}

FailureOr<Value> NodeImporter::input(unsigned index) {
  if (!hasInput(index))
    return emitError() << "missing required input #" << index;
  // The graph importer has resolved every named input before calling us.
  return values.lookup(nodeProto.input(index));
}

Value NodeImporter::optionalInput(unsigned index) {
  return hasInput(index) ? values.lookup(nodeProto.input(index)) : Value();
}

FailureOr<TypedValue<RankedTensorType>> NodeImporter::floatInput(unsigned index) {
  FailureOr<Value> value = input(index);
  if (failed(value))
    return failure();
  auto type = dyn_cast<RankedTensorType>(value->getType());
  if (!type || !isa<FloatType>(type.getElementType()))
    return emitError() << "input #" << index << " '" << nodeProto.input(index)
                       << "' has type " << value->getType()
                       << "; expected a floating-point tensor";
  return cast<TypedValue<RankedTensorType>>(*value);
}

FailureOr<ElementsAttr> NodeImporter::constantInput(unsigned index,
                                                    StringRef what) {
  FailureOr<Value> value = input(index);
  if (failed(value))
    return failure();
  ElementsAttr constant;
  if (matchPattern(*value, m_Constant(&constant)))
    return constant;
  InFlightDiagnostic diag = emitError()
                            << what << " (input #" << index << " '"
                            << nodeProto.input(index)
                            << "') must be a constant: an initializer or the "
                               "output of a Constant node";
  if (isa<BlockArgument>(*value))
    diag << "; it is a graph input: freeze it with sinter-compile "
            "--bind-input "
         << nodeProto.input(index) << "=FILE";
  return diag;
}

FailureOr<SmallVector<int64_t>> NodeImporter::constantInts(unsigned index,
                                                           StringRef what) {
  FailureOr<ElementsAttr> constantOr = constantInput(index, what);
  if (failed(constantOr))
    return failure();
  ElementsAttr constant = *constantOr;
  FailureOr<SmallVector<int64_t>> ints = getIntegerValues(constant);
  if (failed(ints))
    return emitError() << what << " (input #" << index << " '"
                       << nodeProto.input(index)
                       << "') must be an integer tensor, got "
                       << constant.getType();
  return ints;
}

FailureOr<std::optional<double>>
NodeImporter::optionalConstantScalar(unsigned index, StringRef what) {
  if (!hasInput(index))
    return std::optional<double>();
  Value value = optionalInput(index);
  ElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant))) {
    InFlightDiagnostic diag = emitError() << what << " (input #" << index
                                          << " '" << nodeProto.input(index)
                                          << "') must be a constant";
    if (isa<BlockArgument>(value))
      diag << "; it is a graph input: freeze it with sinter-compile "
              "--bind-input "
           << nodeProto.input(index) << "=FILE";
    return diag;
  }
  FailureOr<SmallVector<double>> numbers = getFloatValues(constant);
  if (failed(numbers) || numbers->size() != 1)
    return emitError() << what << " (input #" << index << " '"
                       << nodeProto.input(index)
                       << "') must be a floating-point scalar, got "
                       << constant.getType();
  return std::optional<double>(numbers->front());
}

bool NodeImporter::hasAttr(StringRef name) const {
  return attributes.count(name) != 0;
}

const onnx::AttributeProto *NodeImporter::getAttr(StringRef name) const {
  return attributes.lookup(name);
}

const onnx::AttributeProto *
NodeImporter::getTypedAttr(StringRef name,
                           onnx::AttributeProto::AttributeType type,
                           StringRef kind) {
  const onnx::AttributeProto *attr = attributes.lookup(name);
  if (!attr)
    return nullptr;
  // Old exporters leave `type` unset; infer it from the populated field.
  bool matches = attr->type() == type;
  if (attr->type() == onnx::AttributeProto::UNDEFINED) {
    switch (type) {
    case onnx::AttributeProto::INT:
      matches = attr->has_i();
      break;
    case onnx::AttributeProto::FLOAT:
      matches = attr->has_f();
      break;
    case onnx::AttributeProto::STRING:
      matches = attr->has_s();
      break;
    case onnx::AttributeProto::INTS:
      matches = attr->ints_size() > 0;
      break;
    default:
      break;
    }
  }
  if (matches)
    return attr;
  emitError() << "attribute '" << name << "' must be " << kind << ", got "
              << onnx::AttributeProto::AttributeType_Name(attr->type());
  attributeError = true;
  return nullptr;
}

int64_t NodeImporter::getInt(StringRef name, int64_t defaultValue) {
  const auto *attr = getTypedAttr(name, onnx::AttributeProto::INT, "an int");
  return attr ? attr->i() : defaultValue;
}

float NodeImporter::getFloat(StringRef name, float defaultValue) {
  const auto *attr = getTypedAttr(name, onnx::AttributeProto::FLOAT, "a float");
  return attr ? attr->f() : defaultValue;
}

std::string NodeImporter::getString(StringRef name, StringRef defaultValue) {
  const auto *attr =
      getTypedAttr(name, onnx::AttributeProto::STRING, "a string");
  return attr ? attr->s() : defaultValue.str();
}

SmallVector<int64_t> NodeImporter::getInts(StringRef name,
                                           ArrayRef<int64_t> defaultValue) {
  const auto *attr =
      getTypedAttr(name, onnx::AttributeProto::INTS, "a list of ints");
  if (!attr)
    return SmallVector<int64_t>(defaultValue);
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

FailureOr<int64_t> NodeImporter::normalizeAxis(int64_t axis, int64_t rank,
                                               StringRef what, bool allowRank) {
  int64_t limit = allowRank ? rank + 1 : rank;
  int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= limit)
    return emitError() << what << " " << axis << " is out of range for rank "
                       << rank;
  return normalized;
}

FailureOr<SmallVector<int64_t>>
NodeImporter::normalizeAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> one = normalizeAxis(axis, rank);
    if (failed(one))
      return failure();
    normalized.push_back(*one);
  }
  llvm::sort(normalized);
  if (std::adjacent_find(normalized.begin(), normalized.end()) !=
      normalized.end())
    return emitError() << "an axis is given twice";
  return normalized;
}

Value NodeImporter::castElements(Value value, Type element) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() == element)
    return value;
  return CastOp::create(opBuilder, location, type.clone(element), value);
}

Value NodeImporter::reshapeTo(Value value, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  return opBuilder.createOrFold<ReshapeOp>(location, type.clone(shape), value);
}

bool NodeImporter::isOutputUsed(unsigned index) const {
  return index < static_cast<unsigned>(nodeProto.output_size()) &&
         !nodeProto.output(index).empty() &&
         consumedNames.contains(nodeProto.output(index));
}

LogicalResult NodeImporter::setResults(ValueRange results) {
  unsigned numOutputs = nodeProto.output_size();
  for (unsigned index = results.size(); index < numOutputs; ++index)
    if (isOutputUsed(index))
      return emitError() << "output #" << index << " '"
                         << nodeProto.output(index)
                         << "' is used, but sinter supports only the first "
                         << results.size() << " output(s) of " << opType();
  for (auto [index, result] : llvm::enumerate(results))
    if (index < numOutputs && !nodeProto.output(index).empty())
      values[nodeProto.output(index)] = result;
  return success();
}

} // namespace sinter::onnx_import
