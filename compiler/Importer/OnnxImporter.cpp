//===- OnnxImporter.cpp - ONNX model files to the sinter dialect ----------===//

#include "compiler/Importer/OnnxImporter.h"
#include "compiler/Importer/NodeImporter.h"
#include "compiler/Importer/OpImporters.h"
#include "compiler/Importer/SchemaCheck.h"
#include "compiler/OnnxData/TensorFile.h"
#include "compiler/Importer/TensorConversion.h"
#include "dialects/IR/SinterDialect.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>

#include <climits>
#include <deque>
#include <map>

using namespace mlir;

namespace sinter {
namespace {

using onnx_import::NodeImporter;

std::string joinDims(ArrayRef<int64_t> dims) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(dims, os, "x");
  return text;
}

/// Refuses a tensor whose size in bytes does not fit in 63 bits: the
/// workspace plan, the ABI and every index computation count bytes in
/// int64.
LogicalResult checkByteSize(Location loc, Type type, const Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return success();
  Type element = tensor.getElementType();
  uint64_t bytes = element.isIntOrFloat()
                       ? std::max<uint64_t>(1, element.getIntOrFloatBitWidth() / 8)
                       : 8;
  for (int64_t dim : tensor.getShape())
    if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes) ||
        bytes > static_cast<uint64_t>(INT64_MAX))
      return emitError(loc) << what << " of shape " << formatDims(tensor.getShape())
                            << " has more bytes than a 64-bit size can count";
  return success();
}

class ModelImporter {
public:
  ModelImporter(MLIRContext &context, StringRef path,
                const ImportOptions &options,
                std::optional<StringRef> contents = std::nullopt)
      : context(context), path(path.str()), options(options),
        contents(contents), fileLoc(FileLineColLoc::get(&context, path, 0, 0)) {
    modelDir = llvm::sys::path::parent_path(path).str();
  }

  OwningOpRef<ModuleOp> import();

private:
  LogicalResult loadModel();
  LogicalResult parseModel(StringRef bytes);
  LogicalResult readOpset();
  LogicalResult checkOpsSupported();
  LogicalResult sortNodes();
  FailureOr<RankedTensorType> graphInputType(const onnx::ValueInfoProto &info);
  LogicalResult checkOutputType(const onnx::ValueInfoProto &info, Value value);
  LogicalResult importGraph(ModuleOp module);
  /// The tensor a --bind-input file holds for graph input `input`, checked
  /// against its declared type.
  FailureOr<TypedAttr> readBoundInput(const onnx::ValueInfoProto &input,
                                      StringRef file);

  Location nodeLoc(const onnx::NodeProto &node, size_t index) const;
  /// `{sinter.name = name}`, the attributes of a graph input or output.
  DictionaryAttr nameAttributes(StringRef name);
  Location nodeLoc(const onnx::NodeProto &node) const {
    return nodeLoc(node, nodeIndex.lookup(&node));
  }

  MLIRContext &context;
  std::string path;
  std::string modelDir;
  const ImportOptions &options;
  /// The model's bytes when imported from memory.
  std::optional<StringRef> contents;
  Location fileLoc;
  onnx::ModelProto model;
  int64_t opset = 0;
  // Nodes in an order where every input is defined before it is used.
  std::vector<const onnx::NodeProto *> sortedNodes;
  llvm::DenseMap<const onnx::NodeProto *, size_t> nodeIndex;
  // Names read by some node or by the graph's outputs.
  llvm::StringSet<> consumedNames;
};

DictionaryAttr ModelImporter::nameAttributes(StringRef name) {
  return DictionaryAttr::get(
      &context, {NamedAttribute(StringAttr::get(&context, "sinter.name"),
                                StringAttr::get(&context, name))});
}

Location ModelImporter::nodeLoc(const onnx::NodeProto &node,
                                size_t index) const {
  std::string name = node.name();
  if (name.empty())
    name = node.output_size() > 0 && !node.output(0).empty()
               ? node.output(0)
               : "#" + std::to_string(index);
  Location parts[] = {NameLoc::get(StringAttr::get(&context, name)), fileLoc};
  return FusedLoc::get(parts, StringAttr::get(&context, node.op_type()),
                       &context);
}

LogicalResult ModelImporter::loadModel() {
  if (contents)
    return parseModel(*contents);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return emitError(fileLoc) << "cannot read the model file: "
                              << buffer.getError().message();
  return parseModel((*buffer)->getBuffer());
}

LogicalResult ModelImporter::parseModel(StringRef bytes) {
  if (bytes.empty())
    return emitError(fileLoc) << "the file is empty, not an ONNX model";
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return emitError(fileLoc)
           << "the file is larger than 2 GiB; store large weights as ONNX "
              "external data";

  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(bytes.data()),
      static_cast<int>(bytes.size()));
  stream.SetTotalBytesLimit(INT_MAX);
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage())
    return emitError(fileLoc) << "not a valid ONNX model: the protobuf cannot "
                                 "be parsed (corrupt or truncated file?)";
  if (!model.has_graph())
    return emitError(fileLoc)
           << "not a valid ONNX model: it has no graph (corrupt or truncated "
              "file?)";
  if (model.ir_version() <= 0)
    return emitError(fileLoc) << "not a valid ONNX model: missing ir_version";
  return success();
}

LogicalResult ModelImporter::readOpset() {
  bool found = false;
  for (const onnx::OperatorSetIdProto &entry : model.opset_import()) {
    if (entry.domain().empty() || entry.domain() == "ai.onnx") {
      opset = entry.version();
      found = true;
    }
  }
  // IR version 3 and later must declare the default opset; a truncated
  // file loses opset_import, which exporters write last.
  if (!found)
    return emitError(fileLoc)
           << "the model declares no opset for the default ONNX domain "
              "(corrupt or truncated file?)";
  if (opset < 1 || opset > kMaxSupportedOpset)
    return emitError(fileLoc)
           << "opset " << opset << " is not supported; sinter handles opsets "
           << "up to " << kMaxSupportedOpset
           << " (convert the model with onnx.version_converter)";
  return success();
}

LogicalResult ModelImporter::checkOpsSupported() {
  // One report per unsupported op type, naming its first node, so that a
  // user sees the whole list in one run. An op whose version at the model's
  // opset predates what its importer handles counts as unsupported too.
  llvm::MapVector<std::string, std::pair<size_t, size_t>,
                  std::map<std::string, unsigned>>
      unsupported;
  const auto &table = onnx_import::getOpImporterTable();
  const onnx::GraphProto &graph = model.graph();
  for (int index = 0; index < graph.node_size(); ++index) {
    const onnx::NodeProto &node = graph.node(index);
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    const onnx_import::OpImporter *importer =
        defaultDomain ? table.lookup(node.op_type()) : nullptr;
    if (importer && importer->minOpset <= opset)
      continue;
    std::string key =
        defaultDomain ? node.op_type() : node.domain() + "." + node.op_type();
    auto [it, inserted] = unsupported.try_emplace(key, index, 0);
    ++it->second.second;
  }
  for (auto &[opType, firstAndCount] : unsupported) {
    auto [first, count] = firstAndCount;
    InFlightDiagnostic diag = emitError(nodeLoc(graph.node(first), first))
                              << "unsupported op '" << opType << "'";
    if (count > 1)
      diag << " (" << count << " nodes)";
    if (const onnx_import::OpImporter *importer = table.lookup(opType))
      diag << ": sinter supports it from opset " << importer->minOpset
           << ", the model imports opset " << opset
           << " (convert it with onnx.version_converter)";
  }
  return success(unsupported.empty());
}

LogicalResult ModelImporter::sortNodes() {
  const onnx::GraphProto &graph = model.graph();
  llvm::StringMap<int> producer; // -1: graph input or initializer
  bool ok = true;
  for (const onnx::TensorProto &init : graph.initializer()) {
    if (init.name().empty() || !producer.try_emplace(init.name(), -1).second) {
      emitError(fileLoc) << (init.name().empty()
                                 ? std::string("an initializer has no name")
                                 : "initializer '" + init.name() +
                                       "' is defined twice");
      ok = false;
    }
  }
  // IR version 3 lists initializers among the inputs as well; an input
  // may repeat an initializer's name, but not another input's.
  llvm::StringSet<> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (input.name().empty() || !inputNames.insert(input.name()).second) {
      emitError(fileLoc) << (input.name().empty()
                                 ? std::string("a graph input has no name")
                                 : "graph input '" + input.name() +
                                       "' is declared twice");
      ok = false;
    }
    producer[input.name()] = -1;
  }

  for (int index = 0; index < graph.node_size(); ++index) {
    const onnx::NodeProto &node = graph.node(index);
    nodeIndex[&node] = index;
    for (const std::string &output : node.output()) {
      if (output.empty())
        continue;
      auto [it, inserted] = producer.try_emplace(output, index);
      if (!inserted) {
        emitError(nodeLoc(node, index))
            << "output '" << output << "' is already produced by "
            << (it->second < 0 ? std::string("a graph input or initializer")
                               : "node #" + std::to_string(it->second));
        ok = false;
      }
    }
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &input : node.input()) {
      if (input.empty())
        continue;
      consumedNames.insert(input);
      if (!producer.count(input)) {
        emitError(nodeLoc(node)) << "input '" << input
                                 << "' is not produced by any node, "
                                    "initializer or graph input";
        ok = false;
      }
    }
  for (const onnx::ValueInfoProto &output : graph.output()) {
    consumedNames.insert(output.name());
    if (!producer.count(output.name())) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is not produced by any node, initializer or "
                            "graph input";
      ok = false;
    }
  }
  if (!ok)
    return failure();

  // Kahn's algorithm: exporters usually emit nodes in order, but ONNX only
  // requires the graph to be acyclic.
  std::vector<int> missingInputs(graph.node_size(), 0);
  llvm::StringMap<SmallVector<int, 2>> readers;
  for (int index = 0; index < graph.node_size(); ++index)
    for (const std::string &input : graph.node(index).input())
      if (!input.empty() && producer.lookup(input) >= 0) {
        ++missingInputs[index];
        readers[input].push_back(index);
      }
  std::deque<int> ready;
  for (int index = 0; index < graph.node_size(); ++index)
    if (missingInputs[index] == 0)
      ready.push_back(index);
  while (!ready.empty()) {
    int index = ready.front();
    ready.pop_front();
    sortedNodes.push_back(&graph.node(index));
    for (const std::string &output : graph.node(index).output())
      for (int reader : readers.lookup(output))
        if (--missingInputs[reader] == 0)
          ready.push_back(reader);
  }
  if (sortedNodes.size() != static_cast<size_t>(graph.node_size())) {
    for (int index = 0; index < graph.node_size(); ++index)
      if (missingInputs[index] != 0)
        return emitError(nodeLoc(graph.node(index), index))
               << "the node is part of a cycle";
  }
  return success();
}

FailureOr<RankedTensorType>
ModelImporter::graphInputType(const onnx::ValueInfoProto &info) {
  const std::string &name = info.name();
  if (!info.type().has_tensor_type())
    return emitError(fileLoc) << "graph input '" << name
                              << "' is not a tensor; only tensor inputs are "
                                 "supported";
  const onnx::TypeProto::Tensor &tensorType = info.type().tensor_type();
  FailureOr<Type> elementType = onnx_import::convertElementType(
      fileLoc, tensorType.elem_type(), "graph input '" + name + "'");
  if (failed(elementType))
    return failure();

  // ShapedType::kDynamic marks dimensions that are named or unknown.
  std::optional<SmallVector<int64_t>> declared;
  SmallVector<std::string> dimNames;
  if (tensorType.has_shape()) {
    declared.emplace();
    for (const auto &dim : tensorType.shape().dim()) {
      declared->push_back(dim.has_dim_value() ? dim.dim_value()
                                              : ShapedType::kDynamic);
      dimNames.push_back(dim.has_dim_param() ? dim.dim_param() : "?");
    }
  }

  auto pinned = options.inputShapes.find(name);
  if (pinned != options.inputShapes.end()) {
    ArrayRef<int64_t> shape = pinned->second;
    if (declared && declared->size() != shape.size())
      return emitError(fileLoc)
             << "--input-shape " << name << "=" << joinDims(shape)
             << " has rank " << shape.size() << ", but graph input '" << name
             << "' has rank " << declared->size();
    for (size_t dim = 0; declared && dim < shape.size(); ++dim)
      if ((*declared)[dim] != ShapedType::kDynamic &&
          (*declared)[dim] != shape[dim])
        return emitError(fileLoc)
               << "--input-shape " << name << "=" << joinDims(shape)
               << " sets dimension " << dim << " to " << shape[dim]
               << ", but graph input '" << name << "' fixes it to "
               << (*declared)[dim];
    return RankedTensorType::get(shape, *elementType);
  }

  if (!declared)
    return emitError(fileLoc) << "graph input '" << name
                              << "' has no shape; give one with --input-shape "
                              << name << "=DIMS";
  for (auto [dim, size] : llvm::enumerate(*declared)) {
    if (size != ShapedType::kDynamic)
      continue;
    std::string shape = "[";
    std::string suggestion;
    for (auto [other, otherSize] : llvm::enumerate(*declared)) {
      shape += (other ? ", " : "") + (otherSize == ShapedType::kDynamic
                                          ? dimNames[other]
                                          : std::to_string(otherSize));
      suggestion += (other ? "x" : "") + (otherSize == ShapedType::kDynamic
                                              ? std::string("N")
                                              : std::to_string(otherSize));
    }
    return emitError(fileLoc)
           << "graph input '" << name << "' has dynamic dimension " << dim
           << " ('" << dimNames[dim] << "') in " << shape
           << "]; pin it with --input-shape " << name << "=" << suggestion;
  }
  if (llvm::any_of(*declared, [](int64_t size) { return size < 0; }))
    return emitError(fileLoc) << "graph input '" << name
                              << "' has a negative dimension in "
                              << formatDims(*declared);
  return RankedTensorType::get(*declared, *elementType);
}

LogicalResult ModelImporter::checkOutputType(const onnx::ValueInfoProto &info,
                                             Value value) {
  auto computed = cast<RankedTensorType>(value.getType());
  if (!info.type().has_tensor_type())
    return success();
  const onnx::TypeProto::Tensor &declared = info.type().tensor_type();
  if (declared.elem_type() != onnx::TensorProto::UNDEFINED) {
    FailureOr<Type> elementType = onnx_import::convertElementType(
        fileLoc, declared.elem_type(), "graph output '" + info.name() + "'");
    if (failed(elementType))
      return failure();
    if (*elementType != computed.getElementType())
      return emitError(fileLoc)
             << "graph output '" << info.name() << "' is declared as "
             << onnx_import::onnxTypeName(declared.elem_type())
             << " but computes " << computed.getElementType();
  }
  if (!declared.has_shape())
    return success();
  bool matches = declared.shape().dim_size() == computed.getRank();
  for (int dim = 0; matches && dim < declared.shape().dim_size(); ++dim) {
    const auto &size = declared.shape().dim(dim);
    matches = !size.has_dim_value() ||
              size.dim_value() == computed.getDimSize(dim);
  }
  if (!matches) {
    std::string shape = "[";
    for (int dim = 0; dim < declared.shape().dim_size(); ++dim) {
      const auto &size = declared.shape().dim(dim);
      shape += (dim ? ", " : "") + (size.has_dim_value()
                                        ? std::to_string(size.dim_value())
                                        : size.dim_param());
    }
    return emitError(fileLoc)
           << "graph output '" << info.name() << "' is declared with shape "
           << shape << "] but computes " << formatDims(computed.getShape());
  }
  return success();
}

FailureOr<TypedAttr>
ModelImporter::readBoundInput(const onnx::ValueInfoProto &input,
                              StringRef file) {
  std::string what = "graph input '" + input.name() + "'";
  FailureOr<RankedTensorType> declared = graphInputType(input);
  if (failed(declared))
    return failure();
  tensor_file::HostTensor tensor;
  std::string error;
  if (!tensor_file::readTensorFile(file.str(), tensor, error))
    return emitError(fileLoc) << "--bind-input " << input.name() << ": "
                              << error;
  FailureOr<Type> element =
      onnx_import::convertElementType(fileLoc, tensor.dtype, "'" + file.str() + "'");
  if (failed(element))
    return failure();
  auto type = RankedTensorType::get(tensor.shape, *element);
  bool shapeFits = declared->getRank() == type.getRank() &&
                   llvm::all_of(llvm::zip(declared->getShape(), type.getShape()),
                                [](auto dims) {
                                  auto [want, have] = dims;
                                  return ShapedType::isDynamic(want) || want == have;
                                });
  if (declared->getElementType() != *element || !shapeFits)
    return emitError(fileLoc) << "--bind-input " << input.name() << ": '"
                              << file << "' holds " << type << ", but " << what
                              << " is " << *declared;
  if (element->isInteger(1)) {
    SmallVector<bool> bits;
    for (char byte : tensor.data)
      bits.push_back(byte != 0);
    return TypedAttr(DenseElementsAttr::get(type, bits));
  }
  return TypedAttr(DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(tensor.data.data(), tensor.data.size())));
}

LogicalResult ModelImporter::importGraph(ModuleOp module) {
  const onnx::GraphProto &graph = model.graph();
  OpBuilder builder(&context);
  builder.setInsertionPointToEnd(module.getBody());

  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &init : graph.initializer())
    initializerNames.insert(init.name());

  // Graph inputs that are also initializers (IR version < 4 lists every
  // weight as an input) are constants, not arguments.
  SmallVector<const onnx::ValueInfoProto *> arguments;
  SmallVector<Type> argumentTypes;
  SmallVector<std::pair<std::string, TypedAttr>> boundValues;
  bool ok = true;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (initializerNames.contains(input.name()))
      continue;
    if (auto bound = options.boundInputs.find(input.name());
        bound != options.boundInputs.end()) {
      FailureOr<TypedAttr> value = readBoundInput(input, bound->getValue());
      if (failed(value))
        ok = false;
      else
        boundValues.push_back({input.name(), *value});
      continue;
    }
    FailureOr<RankedTensorType> type = graphInputType(input);
    if (succeeded(type) &&
        failed(checkByteSize(fileLoc, *type,
                             "graph input '" + input.name() + "'")))
      type = failure();
    if (failed(type)) {
      ok = false;
      continue;
    }
    arguments.push_back(&input);
    argumentTypes.push_back(*type);
  }
  for (const auto &entry : options.inputShapes)
    if (llvm::none_of(arguments, [&](const onnx::ValueInfoProto *input) {
          return input->name() == entry.getKey();
        })) {
      std::string names;
      for (const onnx::ValueInfoProto *input : arguments)
        names += (names.empty() ? "" : ", ") + input->name();
      emitError(fileLoc) << "--input-shape names '" << entry.getKey()
                         << "', which is not a graph input (inputs: " << names
                         << ")";
      ok = false;
    }
  for (const auto &entry : options.boundInputs)
    if (llvm::none_of(graph.input(), [&](const onnx::ValueInfoProto &input) {
          return input.name() == entry.getKey() &&
                 !initializerNames.contains(input.name());
        })) {
      emitError(fileLoc) << "--bind-input names '" << entry.getKey()
                         << "', which is not a graph input";
      ok = false;
    }
  if (!ok)
    return failure();

  auto function = func::FuncOp::create(
      builder, fileLoc, "main", builder.getFunctionType(argumentTypes, {}));
  Block *body = function.addEntryBlock();
  builder.setInsertionPointToEnd(body);

  // Attributes are set all at once: one setArgAttr per argument would
  // rebuild the whole list each time.
  llvm::StringMap<Value> values;
  SmallVector<DictionaryAttr> argumentNames;
  for (auto [index, input] : llvm::enumerate(arguments)) {
    values[input->name()] = body->getArgument(index);
    argumentNames.push_back(nameAttributes(input->name()));
  }
  function.setAllArgAttrs(argumentNames);
  for (auto &[name, value] : boundValues)
    values[name] = arith::ConstantOp::create(builder, fileLoc, value);
  for (const onnx::TensorProto &init : graph.initializer()) {
    if (!consumedNames.contains(init.name()))
      continue;
    FailureOr<ElementsAttr> value =
        onnx_import::convertTensor(fileLoc, init, modelDir);
    if (failed(value))
      return failure();
    values[init.name()] =
        arith::ConstantOp::create(builder, fileLoc, cast<TypedAttr>(*value));
  }

  const auto &table = onnx_import::getOpImporterTable();
  for (const onnx::NodeProto *node : sortedNodes) {
    const onnx_import::OpImporter *opImporter = table.lookup(node->op_type());
    auto typeOf = [&](StringRef name) {
      Value value = values.lookup(name);
      return value ? value.getType() : Type();
    };
    if (failed(onnx_import::checkNodeAgainstSchema(nodeLoc(*node), *node, opset,
                                                   typeOf)))
      return failure();
    NodeImporter importer(builder, nodeLoc(*node), *node, opset, values,
                          consumedNames, modelDir);
    if (failed(opImporter->import(importer)) ||
        importer.hadAttributeError())
      return failure();
    for (const std::string &output : node->output())
      if (Value value = values.lookup(output);
          value && failed(checkByteSize(nodeLoc(*node), value.getType(),
                                        "output '" + output + "'")))
        return failure();
  }

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (failed(checkOutputType(output, value)))
      return failure();
    results.push_back(value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  function.setType(
      builder.getFunctionType(argumentTypes, ValueRange(results).getTypes()));
  SmallVector<DictionaryAttr> resultNames;
  for (const onnx::ValueInfoProto &output : graph.output())
    resultNames.push_back(nameAttributes(output.name()));
  function.setAllResultAttrs(resultNames);
  return success();
}

OwningOpRef<ModuleOp> ModelImporter::import() {
  context.loadDialect<SinterDialect, arith::ArithDialect, func::FuncDialect>();
  if (failed(loadModel()) || failed(readOpset()) ||
      failed(checkOpsSupported()) || failed(sortNodes()))
    return nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (failed(importGraph(*module)) || failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

llvm::Expected<std::pair<std::string, SmallVector<int64_t>>>
parseInputShape(StringRef spec) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || dims.empty() || spec.find('=') == StringRef::npos)
    return llvm::createStringError(
        "--input-shape expects NAME=DIMS such as input=1x3x224x224, got '" +
        spec + "'");
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, dims.contains(',') ? ',' : 'x');
  for (StringRef part : parts) {
    int64_t size;
    if (part.trim().getAsInteger(10, size) || size < 0)
      return llvm::createStringError("--input-shape " + spec +
                                     ": '" + part +
                                     "' is not a non-negative dimension");
    shape.push_back(size);
  }
  return std::make_pair(name.str(), shape);
}

void registerImportedDialects(DialectRegistry &registry) {
  registry.insert<SinterDialect, arith::ArithDialect, func::FuncDialect>();
}

OwningOpRef<ModuleOp> importOnnxModel(MLIRContext &context, StringRef path,
                                      const ImportOptions &options) {
  return ModelImporter(context, path, options).import();
}

OwningOpRef<ModuleOp> importOnnxModelFromBuffer(MLIRContext &context,
                                                StringRef bytes, StringRef path,
                                                const ImportOptions &options) {
  return ModelImporter(context, path, options, bytes).import();
}

SourceLocation describeLocation(Location loc) {
  SourceLocation source;
  loc->walk([&](Location part) {
    if (auto fused = dyn_cast<FusedLoc>(part)) {
      if (auto opType = dyn_cast_if_present<StringAttr>(fused.getMetadata());
          opType && source.opType.empty())
        source.opType = opType.str();
    } else if (auto name = dyn_cast<NameLoc>(part)) {
      if (source.node.empty())
        source.node = name.getName().str();
    } else if (auto file = dyn_cast<FileLineColLoc>(part)) {
      if (source.file.empty())
        source.file = file.getFilename().str();
    }
    return WalkResult::advance();
  });
  return source;
}

} // namespace sinter
