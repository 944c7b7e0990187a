//===- TensorFile.h - .npy and ONNX TensorProto files -----------*- C++ -*-===//

#ifndef SINTER_COMPILER_ONNXDATA_TENSORFILE_H
#define SINTER_COMPILER_ONNXDATA_TENSORFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace sinter::tensor_file {

struct HostTensor {
  /// The name a .pb file gives its tensor; empty for .npy files.
  std::string name;
  int32_t dtype = 0; ///< enum sinter_dtype
  std::vector<int64_t> shape;
  std::vector<char> data; ///< dense, row-major, little-endian
};

/// Reads a .npy file (format 1.0-3.0, C order; big-endian data is
/// converted, Fortran order refused) or an ONNX TensorProto .pb file, chosen
/// by extension. Only regular files up to 16 GiB are read. On failure
/// returns false with `error` set.
bool readTensorFile(const std::string &path, HostTensor &tensor,
                    std::string &error);
/// Decodes the `bytes` of a tensor file named `path` (its extension picks
/// the format), as readTensorFile does once it has read them.
bool decodeTensorFile(const std::string &path, const std::string &bytes,
                      HostTensor &tensor, std::string &error);

/// Element `index` of a tensor as a double.
double elementAsDouble(const HostTensor &tensor, int64_t index);
double elementAsDouble(int32_t dtype, const char *data, int64_t index);

/// Writes `bytes` of dense little-endian `data` of `dtype` (enum
/// sinter_dtype) and `shape` as a .npy file (format 1.0). On failure
/// returns false with `error` set.
bool writeNpyFile(const std::string &path, int32_t dtype,
                  const std::vector<int64_t> &shape, const char *data,
                  size_t bytes, std::string &error);

std::string formatShape(const std::vector<int64_t> &shape);

} // namespace sinter::tensor_file

#endif // SINTER_COMPILER_ONNXDATA_TENSORFILE_H
