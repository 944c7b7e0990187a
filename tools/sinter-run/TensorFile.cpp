//===- TensorFile.cpp - .npy and ONNX TensorProto files -------------------===//

#include "tools/sinter-run/TensorFile.h"

#include "compiler/OnnxData/TensorProtoData.h"
#include "sinter/sinter.h"

#include "onnx/onnx_pb.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

namespace sinter::run {
namespace {

bool readFile(const std::string &path, std::string &bytes, std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "cannot open '" + path + "'";
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(file), {});
  return true;
}

int32_t dtypeFromNumpy(const std::string &descr) {
  static const std::pair<const char *, int32_t> table[] = {
      {"<f4", SINTER_FLOAT32}, {"<f8", SINTER_FLOAT64}, {"<f2", SINTER_FLOAT16},
      {"|i1", SINTER_INT8},    {"|u1", SINTER_UINT8},   {"<i2", SINTER_INT16},
      {"<u2", SINTER_UINT16},  {"<i4", SINTER_INT32},   {"<u4", SINTER_UINT32},
      {"<i8", SINTER_INT64},   {"<u8", SINTER_UINT64},  {"|b1", SINTER_BOOL},
  };
  for (auto [name, dtype] : table)
    if (descr == name)
      return dtype;
  return 0;
}

bool readNpy(const std::string &path, const std::string &bytes,
             HostTensor &tensor, std::string &error) {
  auto bad = [&](const std::string &why) {
    error = "'" + path + "' is not a readable .npy file: " + why;
    return false;
  };
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    return bad("missing the \\x93NUMPY magic");
  int major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   static_cast<unsigned char>(bytes[9]) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return bad("truncated header");
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return bad("unknown format version " + std::to_string(major));
  }
  if (bytes.size() < headerStart + headerLength)
    return bad("truncated header");
  std::string header = bytes.substr(headerStart, headerLength);
  std::smatch match;
  if (!std::regex_search(header, match, std::regex("'descr':\\s*'([^']*)'")))
    return bad("no 'descr' in the header");
  tensor.dtype = dtypeFromNumpy(match[1]);
  if (!tensor.dtype)
    return bad("unsupported dtype '" + match[1].str() + "'");
  if (std::regex_search(header, std::regex("'fortran_order':\\s*True")))
    return bad("Fortran-ordered arrays are not supported");
  if (!std::regex_search(header, match, std::regex("'shape':\\s*\\(([^)]*)\\)")))
    return bad("no 'shape' in the header");
  tensor.shape.clear();
  std::stringstream dims(match[1].str());
  std::string dim;
  while (std::getline(dims, dim, ',')) {
    size_t begin = dim.find_first_not_of(" ");
    if (begin == std::string::npos)
      continue;
    char *end = nullptr;
    long long size = std::strtoll(dim.c_str() + begin, &end, 10);
    if (end == dim.c_str() + begin || size < 0)
      return bad("malformed shape (" + match[1].str() + ")");
    tensor.shape.push_back(size);
  }
  size_t count = 1;
  for (int64_t d : tensor.shape)
    count *= static_cast<size_t>(d);
  size_t expected = count * sinter_dtype_size(tensor.dtype);
  size_t dataStart = headerStart + headerLength;
  if (bytes.size() - dataStart != expected)
    return bad("holds " + std::to_string(bytes.size() - dataStart) +
               " bytes of data, the header describes " +
               std::to_string(expected));
  tensor.data.assign(bytes.begin() + dataStart, bytes.end());
  return true;
}

bool readProto(const std::string &path, const std::string &bytes,
               HostTensor &tensor, std::string &error) {
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes)) {
    error = "'" + path + "' is not a readable ONNX TensorProto file";
    return false;
  }
  tensor.dtype = proto.data_type();
  size_t width = sinter_dtype_size(tensor.dtype);
  if (!width) {
    error = "'" + path + "' holds an unsupported data type (" +
            std::to_string(proto.data_type()) + ")";
    return false;
  }
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  std::string data = onnx_import::decodeInlineData(proto, width);
  tensor.data.assign(data.begin(), data.end());
  size_t count = 1;
  for (int64_t d : tensor.shape)
    count *= static_cast<size_t>(d);
  if (tensor.data.size() != count * width) {
    error = "'" + path + "' holds " + std::to_string(tensor.data.size()) +
            " bytes of data for a shape that needs " +
            std::to_string(count * width);
    return false;
  }
  return true;
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  uint32_t result;
  if (exponent == 0) {
    if (mantissa == 0) {
      result = sign;
    } else {
      int shift = 0;
      while (!(mantissa & 0x400)) {
        mantissa <<= 1;
        ++shift;
      }
      mantissa &= 0x3ff;
      result = sign | uint32_t(127 - 15 - shift + 1) << 23 | mantissa << 13;
    }
  } else if (exponent == 31) {
    result = sign | 0x7f800000 | mantissa << 13;
  } else {
    result = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
  }
  float value;
  std::memcpy(&value, &result, sizeof value);
  return value;
}

template <typename T> T load(const char *data, int64_t index) {
  T value;
  std::memcpy(&value, data + index * sizeof(T), sizeof(T));
  return value;
}

} // namespace

bool readTensorFile(const std::string &path, HostTensor &tensor,
                    std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  auto endsWith = [&](const char *suffix) {
    size_t n = std::strlen(suffix);
    return path.size() >= n && path.compare(path.size() - n, n, suffix) == 0;
  };
  if (endsWith(".npy"))
    return readNpy(path, bytes, tensor, error);
  if (endsWith(".pb"))
    return readProto(path, bytes, tensor, error);
  error = "'" + path + "' is neither a .npy nor an ONNX .pb tensor file";
  return false;
}

double elementAsDouble(int32_t dtype, const char *data, int64_t index) {
  switch (dtype) {
  case SINTER_FLOAT32: return load<float>(data, index);
  case SINTER_FLOAT64: return load<double>(data, index);
  case SINTER_FLOAT16: return halfToFloat(load<uint16_t>(data, index));
  case SINTER_BFLOAT16: {
    uint32_t bits = uint32_t(load<uint16_t>(data, index)) << 16;
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  case SINTER_INT8: return load<int8_t>(data, index);
  case SINTER_UINT8: return load<uint8_t>(data, index);
  case SINTER_BOOL: return load<uint8_t>(data, index) != 0;
  case SINTER_INT16: return load<int16_t>(data, index);
  case SINTER_UINT16: return load<uint16_t>(data, index);
  case SINTER_INT32: return load<int32_t>(data, index);
  case SINTER_UINT32: return load<uint32_t>(data, index);
  case SINTER_INT64: return static_cast<double>(load<int64_t>(data, index));
  case SINTER_UINT64: return static_cast<double>(load<uint64_t>(data, index));
  default: return 0;
  }
}

double elementAsDouble(const HostTensor &tensor, int64_t index) {
  return elementAsDouble(tensor.dtype, tensor.data.data(), index);
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

} // namespace sinter::run
