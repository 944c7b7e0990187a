//===- ConstantData.cpp - read and make f32 constants ---------------------===//

#include "dialects/IR/ConstantData.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/StringExtras.h"

#include <cstring>

using namespace mlir;

namespace sinter {
namespace {
constexpr int64_t kMaxInlineElements = 16;
constexpr size_t kBlobAlignment = 64;

/// A resource name from a tensor name: an identifier.
std::string blobName(StringRef nameHint) {
  std::string name;
  for (char c : nameHint)
    name.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (name.empty() || llvm::isDigit(name.front()))
    name.insert(0, "w_");
  return name;
}
} // namespace

std::optional<SmallVector<float>> getF32Values(Attribute attr) {
  auto elements = dyn_cast_if_present<ElementsAttr>(attr);
  if (!elements || !elements.getElementType().isF32())
    return std::nullopt;
  SmallVector<float> values;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(elements)) {
    for (float value : dense.getValues<float>())
      values.push_back(value);
    return values;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    if (static_cast<int64_t>(data.size()) !=
        elements.getNumElements() * static_cast<int64_t>(sizeof(float)))
      return std::nullopt;
    values.resize(elements.getNumElements());
    std::memcpy(values.data(), data.data(), data.size());
    return values;
  }
  return std::nullopt;
}

std::optional<SmallVector<float>> getF32Values(Value value) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  return getF32Values(attr);
}

std::optional<SmallVector<float>>
getPerChannelF32Values(Value value, RankedTensorType type, int64_t channelDim) {
  std::optional<SmallVector<float>> values = getF32Values(value);
  if (!values)
    return std::nullopt;
  auto constType = cast<RankedTensorType>(value.getType());
  int64_t offset = type.getRank() - constType.getRank();
  if (offset < 0)
    return std::nullopt;
  for (int64_t dim = 0; dim < constType.getRank(); ++dim)
    if (constType.getDimSize(dim) != 1 && dim + offset != channelDim)
      return std::nullopt;
  int64_t channels = type.getDimSize(channelDim);
  if (values->size() == 1)
    return SmallVector<float>(channels, values->front());
  if (static_cast<int64_t>(values->size()) != channels)
    return std::nullopt;
  return values;
}

ElementsAttr makeConstant(RankedTensorType type, ArrayRef<char> bytes,
                          StringRef nameHint) {
  if (type.getNumElements() <= kMaxInlineElements)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  return DenseResourceElementsAttr::get(
      type, blobName(nameHint),
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, kBlobAlignment,
                                                    /*dataIsMutable=*/false));
}

ElementsAttr makeConstant(RankedTensorType type,
                          std::unique_ptr<llvm::MemoryBuffer> buffer,
                          StringRef nameHint) {
  ArrayRef<char> bytes(buffer->getBufferStart(), buffer->getBufferSize());
  if (type.getNumElements() <= kMaxInlineElements ||
      !llvm::isAddrAligned(llvm::Align(kBlobAlignment), bytes.data()))
    return makeConstant(type, bytes, nameHint);
  AsmResourceBlob blob(
      bytes, kBlobAlignment,
      [owner = std::move(buffer)](void *, size_t, size_t) mutable {
        owner.reset();
      },
      /*dataIsMutable=*/false);
  return DenseResourceElementsAttr::get(type, blobName(nameHint),
                                        std::move(blob));
}

ElementsAttr makeF32Constant(RankedTensorType type, ArrayRef<float> values,
                             StringRef nameHint) {
  return makeConstant(type,
                      ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                                     values.size() * sizeof(float)),
                      nameHint);
}

SmallVector<float> transposeValues(ArrayRef<float> values,
                                   ArrayRef<int64_t> shape,
                                   ArrayRef<int64_t> permutation) {
  int64_t rank = shape.size();
  SmallVector<int64_t> inputStrides(rank, 1), outputShape(rank);
  for (int64_t dim = rank - 2; dim >= 0; --dim)
    inputStrides[dim] = inputStrides[dim + 1] * shape[dim + 1];
  for (int64_t dim = 0; dim < rank; ++dim)
    outputShape[dim] = shape[permutation[dim]];
  SmallVector<float> result(values.size());
  SmallVector<int64_t> index(rank, 0);
  for (size_t flat = 0; flat < values.size(); ++flat) {
    int64_t source = 0;
    for (int64_t dim = 0; dim < rank; ++dim)
      source += index[dim] * inputStrides[permutation[dim]];
    result[flat] = values[source];
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      if (++index[dim] < outputShape[dim])
        break;
      index[dim] = 0;
    }
  }
  return result;
}

} // namespace sinter
