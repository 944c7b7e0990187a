//===- TensorConversion.cpp - ONNX tensors and types to MLIR --------------===//

#include "compiler/Importer/TensorConversion.h"
#include "compiler/Importer/ExternalData.h"
#include "compiler/OnnxData/TensorProtoData.h"
#include "dialects/IR/ConstantData.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

// Refuse tensors whose element count would overflow byte arithmetic.
constexpr int64_t kMaxElements = int64_t(1) << 40;

size_t storageBytes(Type elementType) {
  if (elementType.isInteger(1))
    return 1;
  return elementType.getIntOrFloatBitWidth() / 8;
}

template <typename T>
void appendValues(ArrayRef<char> raw, llvm::function_ref<void(T)> append) {
  for (size_t offset = 0; offset + sizeof(T) <= raw.size(); offset += sizeof(T)) {
    T value;
    std::memcpy(&value, raw.data() + offset, sizeof(T));
    append(value);
  }
}

ArrayRef<char> resourceBytes(ElementsAttr attr) {
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return {};
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  return blob ? blob->getData() : ArrayRef<char>();
}

} // namespace

StringRef onnxTypeName(int32_t onnxType) {
  if (onnx::TensorProto::DataType_IsValid(onnxType))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(onnxType));
  return "UNKNOWN";
}

FailureOr<Type> convertElementType(Location loc, int32_t onnxType,
                                   StringRef valueDescription) {
  MLIRContext *ctx = loc.getContext();
  auto unsignedType = [&](unsigned width) {
    return IntegerType::get(ctx, width, IntegerType::Unsigned);
  };
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return Type(Float32Type::get(ctx));
  case onnx::TensorProto::DOUBLE:
    return Type(Float64Type::get(ctx));
  case onnx::TensorProto::FLOAT16:
    return Type(Float16Type::get(ctx));
  case onnx::TensorProto::BFLOAT16:
    return Type(BFloat16Type::get(ctx));
  case onnx::TensorProto::BOOL:
    return Type(IntegerType::get(ctx, 1));
  case onnx::TensorProto::INT8:
    return Type(IntegerType::get(ctx, 8));
  case onnx::TensorProto::INT16:
    return Type(IntegerType::get(ctx, 16));
  case onnx::TensorProto::INT32:
    return Type(IntegerType::get(ctx, 32));
  case onnx::TensorProto::INT64:
    return Type(IntegerType::get(ctx, 64));
  case onnx::TensorProto::UINT8:
    return Type(unsignedType(8));
  case onnx::TensorProto::UINT16:
    return Type(unsignedType(16));
  case onnx::TensorProto::UINT32:
    return Type(unsignedType(32));
  case onnx::TensorProto::UINT64:
    return Type(unsignedType(64));
  default:
    return emitError(loc) << valueDescription << " has unsupported data type "
                          << onnxTypeName(onnxType) << " (" << onnxType << ")";
  }
}

std::optional<int32_t> onnxDataTypeOf(Type elementType) {
  if (elementType.isF32())
    return onnx::TensorProto::FLOAT;
  if (elementType.isF64())
    return onnx::TensorProto::DOUBLE;
  if (elementType.isF16())
    return onnx::TensorProto::FLOAT16;
  if (elementType.isBF16())
    return onnx::TensorProto::BFLOAT16;
  auto integer = dyn_cast<IntegerType>(elementType);
  if (!integer)
    return std::nullopt;
  if (integer.getWidth() == 1)
    return onnx::TensorProto::BOOL;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 8:
    return isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
  case 16:
    return isUnsigned ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16;
  case 32:
    return isUnsigned ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32;
  case 64:
    return isUnsigned ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64;
  default:
    return std::nullopt;
  }
}

FailureOr<ElementsAttr> convertTensor(Location loc,
                                      const onnx::TensorProto &tensor,
                                      StringRef modelDir) {
  FailureOr<Type> elementType =
      convertElementType(loc, tensor.data_type(), "tensor '" + tensor.name() + "'");
  if (failed(elementType))
    return failure();
  if (tensor.has_segment())
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' is segmented; segmented tensors are not "
                             "supported";

  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  int64_t numElements = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || (dim > 0 && numElements > kMaxElements / dim))
      return emitError(loc) << "tensor '" << tensor.name()
                            << "' has an invalid shape " << formatDims(shape);
    numElements *= dim;
  }
  auto type = RankedTensorType::get(shape, *elementType);
  size_t elementBytes = storageBytes(*elementType);
  // Checked against what the tensor holds before anything is read.
  size_t expectedBytes = static_cast<size_t>(numElements) * elementBytes;

  std::unique_ptr<llvm::MemoryBuffer> external;
  std::string inlineBytes;
  ArrayRef<char> bytes;
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    auto buffer = readExternalData(loc, tensor, modelDir, expectedBytes);
    if (failed(buffer))
      return failure();
    external = std::move(*buffer);
    bytes = ArrayRef<char>(external->getBufferStart(), external->getBufferSize());
  } else {
    inlineBytes = decodeInlineData(tensor, elementBytes);
    bytes = ArrayRef<char>(inlineBytes.data(), inlineBytes.size());
  }
  if (bytes.size() != expectedBytes)
    return emitError(loc) << "tensor '" << tensor.name() << "' of shape "
                          << formatDims(shape) << " and type "
                          << onnxTypeName(tensor.data_type()) << " needs "
                          << expectedBytes << " bytes of data but holds "
                          << bytes.size();

  if (elementType->isInteger(1)) {
    SmallVector<bool> values;
    for (char byte : bytes)
      values.push_back(byte != 0);
    return ElementsAttr(DenseElementsAttr::get(type, values));
  }
  if (external)
    return makeConstant(type, std::move(external), tensor.name());
  return makeConstant(type, bytes, tensor.name());
}

FailureOr<SmallVector<int64_t>> getIntegerValues(ElementsAttr attr) {
  auto intType = dyn_cast<IntegerType>(attr.getElementType());
  if (!intType)
    return failure();
  SmallVector<int64_t> values;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    for (const APInt &value : dense.getValues<APInt>())
      values.push_back(intType.isUnsigned() ? value.getZExtValue()
                                            : value.getSExtValue());
    return values;
  }
  ArrayRef<char> raw = resourceBytes(attr);
  switch (intType.getWidth()) {
  case 64:
    appendValues<int64_t>(raw, [&](int64_t v) { values.push_back(v); });
    break;
  case 32:
    appendValues<int32_t>(raw, [&](int32_t v) { values.push_back(v); });
    break;
  default:
    return failure();
  }
  if (static_cast<int64_t>(values.size()) != attr.getNumElements())
    return failure();
  return values;
}

FailureOr<SmallVector<double>> getFloatValues(ElementsAttr attr) {
  auto floatType = dyn_cast<FloatType>(attr.getElementType());
  if (!floatType)
    return failure();
  SmallVector<double> values;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    for (const APFloat &value : dense.getValues<APFloat>()) {
      APFloat widened = value;
      bool losesInfo = false;
      widened.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
      values.push_back(widened.convertToDouble());
    }
    return values;
  }
  ArrayRef<char> raw = resourceBytes(attr);
  if (floatType.isF32())
    appendValues<float>(raw, [&](float v) { values.push_back(v); });
  else if (floatType.isF64())
    appendValues<double>(raw, [&](double v) { values.push_back(v); });
  else
    return failure();
  if (static_cast<int64_t>(values.size()) != attr.getNumElements())
    return failure();
  return values;
}

} // namespace sinter::onnx_import
