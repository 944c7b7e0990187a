//===- TensorFile.cpp - .npy and ONNX TensorProto files -------------------===//

#include "compiler/OnnxData/TensorFile.h"

#include "compiler/OnnxData/TensorProtoData.h"
#include "sinter/sinter.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sinter::tensor_file {
namespace {

/// Files larger than this are no tensor anyone means to pass.
constexpr uint64_t kMaxFileBytes = uint64_t(16) << 30;

/// Reads a regular file whole, after checking its kind and size: a
/// directory, a device such as /dev/zero or a FIFO is refused before
/// anything is read.
bool readFile(const std::string &path, std::string &bytes, std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  struct stat status;
  bool ok = ::fstat(fd, &status) == 0;
  if (!ok) {
    error = "cannot read '" + path + "': " + std::strerror(errno);
  } else if (!S_ISREG(status.st_mode)) {
    error = "'" + path + "' is not a regular file";
    ok = false;
  } else if (static_cast<uint64_t>(status.st_size) > kMaxFileBytes) {
    error = "'" + path + "' is larger than 16 GiB";
    ok = false;
  }
  if (ok) {
    bytes.resize(static_cast<size_t>(status.st_size));
    size_t done = 0;
    while (ok && done < bytes.size()) {
      ssize_t got = ::read(fd, &bytes[done], bytes.size() - done);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0) {
        error = "cannot read '" + path + "': " +
                (got < 0 ? std::strerror(errno) : "the file shrank");
        ok = false;
      } else {
        done += static_cast<size_t>(got);
      }
    }
  }
  ::close(fd);
  return ok;
}

struct NpyType {
  int32_t dtype = 0;
  bool bigEndian = false;
};

/// A numpy dtype string: '<f4', '>i8', '|u1' ... ('=' is the writer's
/// native order, which is little-endian wherever .npy files are written
/// for sinter).
const std::pair<const char *, int32_t> kNumpyTypes[] = {
    {"f4", SINTER_FLOAT32}, {"f8", SINTER_FLOAT64}, {"f2", SINTER_FLOAT16},
    {"i1", SINTER_INT8},    {"u1", SINTER_UINT8},   {"i2", SINTER_INT16},
    {"u2", SINTER_UINT16},  {"i4", SINTER_INT32},   {"u4", SINTER_UINT32},
    {"i8", SINTER_INT64},   {"u8", SINTER_UINT64},  {"b1", SINTER_BOOL},
};

NpyType dtypeFromNumpy(const std::string &descr) {
  NpyType type;
  if (descr.size() != 3 || !std::strchr("<>|=", descr[0]))
    return type;
  for (auto [name, dtype] : kNumpyTypes)
    if (descr.compare(1, 2, name) == 0)
      type.dtype = dtype;
  type.bigEndian = descr[0] == '>';
  return type;
}

/// The text after `'key':` in a .npy header dictionary, or npos.
size_t findValue(const std::string &header, const char *key) {
  size_t at = header.find(std::string("'") + key + "'");
  if (at == std::string::npos)
    return at;
  at = header.find_first_not_of(" ", at + std::strlen(key) + 2);
  if (at == std::string::npos || header[at] != ':')
    return std::string::npos;
  return header.find_first_not_of(" ", at + 1);
}

/// Reads the header dictionary: descr, fortran_order and shape.
bool parseNpyHeader(const std::string &header, NpyType &type,
                    std::vector<int64_t> &shape, std::string &why) {
  size_t descr = findValue(header, "descr");
  size_t descrEnd = descr == std::string::npos
                        ? descr
                        : header.find('\'', descr + 1);
  if (descr == std::string::npos || header[descr] != '\'' ||
      descrEnd == std::string::npos) {
    why = "no 'descr' in the header";
    return false;
  }
  std::string descrText = header.substr(descr + 1, descrEnd - descr - 1);
  type = dtypeFromNumpy(descrText);
  if (!type.dtype) {
    why = "unsupported dtype '" + descrText + "'";
    return false;
  }
  size_t order = findValue(header, "fortran_order");
  if (order != std::string::npos && header.compare(order, 4, "True") == 0) {
    why = "Fortran-ordered arrays are not supported (save it with "
          "numpy.ascontiguousarray)";
    return false;
  }
  size_t open = findValue(header, "shape");
  size_t close = open == std::string::npos ? open : header.find(')', open);
  if (open == std::string::npos || header[open] != '(' ||
      close == std::string::npos) {
    why = "no 'shape' in the header";
    return false;
  }
  shape.clear();
  std::string dims = header.substr(open + 1, close - open - 1);
  size_t at = 0;
  while (at < dims.size()) {
    at = dims.find_first_not_of(" ", at);
    if (at == std::string::npos)
      break;
    size_t end = dims.find(',', at);
    std::string dim = dims.substr(at, end == std::string::npos ? end : end - at);
    dim.erase(dim.find_last_not_of(" ") + 1);
    if (dim.empty() || dim.size() > 18 ||
        dim.find_first_not_of("0123456789") != std::string::npos) {
      why = "malformed shape (" + dims + ")";
      return false;
    }
    shape.push_back(std::stoll(dim));
    at = end == std::string::npos ? dims.size() : end + 1;
  }
  return true;
}

/// Bytes of a dense tensor, or false when the count overflows.
bool byteCount(const std::vector<int64_t> &shape, size_t width, size_t &bytes) {
  bytes = width;
  for (int64_t dim : shape)
    if (dim < 0 || __builtin_mul_overflow(bytes, static_cast<size_t>(dim), &bytes))
      return false;
  return true;
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
  if (bytes.size() - headerStart < headerLength)
    return bad("truncated header");
  NpyType type;
  std::string why;
  if (!parseNpyHeader(bytes.substr(headerStart, headerLength), type,
                      tensor.shape, why))
    return bad(why);
  tensor.dtype = type.dtype;
  size_t width = sinter_dtype_size(tensor.dtype), expected;
  if (!byteCount(tensor.shape, width, expected))
    return bad("the shape's size overflows");
  size_t dataStart = headerStart + headerLength;
  if (bytes.size() - dataStart != expected)
    return bad("holds " + std::to_string(bytes.size() - dataStart) +
               " bytes of data, the header describes " +
               std::to_string(expected));
  tensor.data.assign(bytes.begin() + dataStart, bytes.end());
  // Big-endian arrays are converted to the little-endian order of the ABI.
  if (type.bigEndian)
    for (size_t element = 0; element < tensor.data.size(); element += width)
      std::reverse(tensor.data.begin() + element,
                   tensor.data.begin() + element + width);
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
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "'" + path + "' refers to external data, which sinter-run does "
            "not read";
    return false;
  }
  tensor.name = proto.name();
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  size_t expected;
  if (!byteCount(tensor.shape, width, expected)) {
    error = "'" + path + "' has a shape whose size overflows";
    return false;
  }
  std::string data = onnx_import::decodeInlineData(proto, width);
  if (data.size() != expected) {
    error = "'" + path + "' holds " + std::to_string(data.size()) +
            " bytes of data for a shape that needs " + std::to_string(expected);
    return false;
  }
  tensor.data.assign(data.begin(), data.end());
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
  return readFile(path, bytes, error) &&
         decodeTensorFile(path, bytes, tensor, error);
}

bool decodeTensorFile(const std::string &path, const std::string &bytes,
                      HostTensor &tensor, std::string &error) {
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

bool writeNpyFile(const std::string &path, int32_t dtype,
                  const std::vector<int64_t> &shape, const char *data,
                  size_t bytes, std::string &error) {
  const char *code = nullptr;
  for (auto [name, type] : kNumpyTypes)
    if (type == dtype)
      code = name;
  if (!code) {
    error = "'" + path + "': no .npy type for dtype " + std::to_string(dtype);
    return false;
  }
  std::string shapeText = "(";
  for (int64_t dim : shape)
    shapeText += std::to_string(dim) + ",";
  if (shape.size() > 1)
    shapeText.pop_back();
  shapeText += ")";
  std::string header = std::string("{'descr': '") + (dtype == SINTER_BOOL ||
      dtype == SINTER_INT8 || dtype == SINTER_UINT8 ? "|" : "<") + code +
      "', 'fortran_order': False, 'shape': " + shapeText + ", }";
  // Format 1.0: magic, version, a 2-byte length, the header padded with
  // spaces to a multiple of 64 bytes and ended by a newline.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string prefix("\x93NUMPY\x01\x00", 8);
  prefix += static_cast<char>(header.size() & 0xff);
  prefix += static_cast<char>(header.size() >> 8);
  FILE *file = std::fopen(path.c_str(), "wb");
  bool ok = file && std::fwrite(prefix.data(), 1, prefix.size(), file) ==
                        prefix.size() &&
            std::fwrite(header.data(), 1, header.size(), file) == header.size() &&
            std::fwrite(data, 1, bytes, file) == bytes;
  if (file && std::fclose(file) != 0)
    ok = false;
  if (!ok)
    error = "cannot write '" + path + "'";
  return ok;
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

} // namespace sinter::tensor_file
