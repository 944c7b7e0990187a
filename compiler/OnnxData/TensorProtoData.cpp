//===- TensorProtoData.cpp - the bytes an ONNX TensorProto holds ----------===//

#include "compiler/OnnxData/TensorProtoData.h"

#include <cstring>
#include <type_traits>

namespace sinter::onnx_import {
namespace {

template <typename Field>
void appendNarrowed(const Field &field, size_t elementBytes, std::string &out) {
  for (auto value : field) {
    if constexpr (std::is_floating_point_v<std::decay_t<decltype(value)>>) {
      char raw[sizeof(value)];
      std::memcpy(raw, &value, sizeof(value));
      out.append(raw, sizeof(value));
    } else {
      uint64_t bits = static_cast<uint64_t>(value);
      for (size_t byte = 0; byte < elementBytes; ++byte)
        out.push_back(static_cast<char>((bits >> (8 * byte)) & 0xff));
    }
  }
}

} // namespace

std::string decodeInlineData(const onnx::TensorProto &tensor,
                             size_t elementBytes) {
  if (tensor.has_raw_data())
    return tensor.raw_data();
  std::string bytes;
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    appendNarrowed(tensor.float_data(), elementBytes, bytes);
    break;
  case onnx::TensorProto::DOUBLE:
    appendNarrowed(tensor.double_data(), elementBytes, bytes);
    break;
  case onnx::TensorProto::INT64:
    appendNarrowed(tensor.int64_data(), elementBytes, bytes);
    break;
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    appendNarrowed(tensor.uint64_data(), elementBytes, bytes);
    break;
  default:
    appendNarrowed(tensor.int32_data(), elementBytes, bytes);
    break;
  }
  return bytes;
}

} // namespace sinter::onnx_import
