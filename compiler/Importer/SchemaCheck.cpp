//===- SchemaCheck.cpp - nodes checked against ONNX's op definitions ------===//

#include "compiler/Importer/SchemaCheck.h"
#include "compiler/Importer/TensorConversion.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/defs/data_type_utils.h"
#include "onnx/defs/schema.h"

#include <climits>
#include <optional>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

using FormalParameter = onnx::OpSchema::FormalParameter;

/// A tensor type as ONNX's schemas spell it: "tensor(float)".
std::optional<std::string> schemaTypeName(Type type) {
  auto tensor = dyn_cast_or_null<ShapedType>(type);
  if (!tensor)
    return std::nullopt;
  std::optional<int32_t> dataType = onnxDataTypeOf(tensor.getElementType());
  if (!dataType)
    return std::nullopt;
  return "tensor(" + onnx::Utils::DataTypeUtils::ToDataTypeString(*dataType) +
         ")";
}

bool allows(const FormalParameter &parameter, const std::string &typeName) {
  return llvm::any_of(parameter.GetTypes(), [&](onnx::DataType allowed) {
    return *allowed == typeName;
  });
}

std::string allowedTypes(const FormalParameter &parameter) {
  SmallVector<std::string> names;
  for (onnx::DataType allowed : parameter.GetTypes())
    names.push_back(*allowed);
  llvm::sort(names);
  return llvm::join(names, ", ");
}

/// The formal parameter input `index` binds to: a variadic last parameter
/// takes every input from its position on.
const FormalParameter *formalInput(const onnx::OpSchema &schema, int index) {
  const std::vector<FormalParameter> &inputs = schema.inputs();
  if (index < static_cast<int>(inputs.size()))
    return &inputs[index];
  if (!inputs.empty() &&
      inputs.back().GetOption() == onnx::OpSchema::Variadic)
    return &inputs.back();
  return nullptr;
}

/// The definition of the op at `opset`, or an error saying why there is none
/// that a model may use.
const onnx::OpSchema *findSchema(Location loc, const onnx::NodeProto &node,
                                 int64_t opset) {
  const std::string &opType = node.op_type();
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(opType, static_cast<int>(opset));
  if (!schema) {
    InFlightDiagnostic diag = emitError(loc)
                              << opType << " is not defined at opset " << opset;
    if (const onnx::OpSchema *latest = onnx::OpSchemaRegistry::Schema(opType)) {
      int first = latest->since_version();
      for (int version = static_cast<int>(opset) + 1; version < first; ++version)
        if (onnx::OpSchemaRegistry::Schema(opType, version)) {
          first = version;
          break;
        }
      diag << "; ONNX defines it from opset " << first;
    }
    return nullptr;
  }
  if (schema->Deprecated()) {
    emitError(loc) << opType << " is deprecated from opset "
                   << schema->since_version() << " on (the model imports opset "
                   << opset << ")";
    return nullptr;
  }
  return schema;
}

LogicalResult checkInputCount(Location loc, const onnx::NodeProto &node,
                              const onnx::OpSchema &schema, int64_t opset) {
  int count = node.input_size();
  int least = schema.min_input(), most = schema.max_input();
  if (count >= least && count <= most)
    return success();
  InFlightDiagnostic diag = emitError(loc) << node.op_type() << " takes ";
  if (most == INT_MAX)
    diag << "at least " << least;
  else if (least == most)
    diag << least;
  else
    diag << least << " to " << most;
  return diag << (most == 1 ? " input" : " inputs") << " at opset " << opset
              << ", the node has " << count;
}

} // namespace

LogicalResult
checkNodeAgainstSchema(Location loc, const onnx::NodeProto &node,
                       int64_t opset, llvm::function_ref<Type(StringRef)> typeOf) {
  const onnx::OpSchema *schema = findSchema(loc, node, opset);
  if (!schema || failed(checkInputCount(loc, node, *schema, opset)))
    return failure();
  // The first input bound to each type parameter, which the others match.
  llvm::StringMap<std::pair<int, std::string>> boundTypes;
  for (int index = 0; index < node.input_size(); ++index) {
    const std::string &name = node.input(index);
    const FormalParameter *parameter = formalInput(*schema, index);
    std::optional<std::string> typeName =
        name.empty() ? std::nullopt : schemaTypeName(typeOf(name));
    if (!parameter || !typeName)
      continue;
    if (!allows(*parameter, *typeName))
      return emitError(loc) << "input #" << index << " '" << name << "' is a "
                            << *typeName << ", which " << node.op_type()
                            << " does not take at opset " << opset << " ("
                            << parameter->GetTypeStr() << ": "
                            << allowedTypes(*parameter) << ")";
    bool bindsParameter = parameter->GetOption() != onnx::OpSchema::Variadic ||
                          parameter->GetIsHomogeneous();
    if (!bindsParameter)
      continue;
    auto [bound, inserted] =
        boundTypes.try_emplace(parameter->GetTypeStr(), index, *typeName);
    if (!inserted && bound->second.second != *typeName)
      return emitError(loc) << "input #" << index << " '" << name << "' is a "
                            << *typeName << " but input #" << bound->second.first
                            << " '" << node.input(bound->second.first)
                            << "' is a " << bound->second.second << "; "
                            << node.op_type() << " takes one type for both ("
                            << parameter->GetTypeStr() << ")";
  }
  return success();
}

} // namespace sinter::onnx_import
