//===- tensor_file_fuzzer.cpp - libFuzzer target: sinter-run's readers ----===//
//
// Each input is decoded both as a .npy file and as an ONNX TensorProto .pb
// file, as sinter-run reads its inputs and references. Errors are
// expected; crashes and sanitizer reports are bugs.
//
//===----------------------------------------------------------------------===//

#include "compiler/OnnxData/TensorFile.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string bytes(reinterpret_cast<const char *>(data), size);
  for (const char *name : {"fuzz.npy", "fuzz.pb"}) {
    sinter::tensor_file::HostTensor tensor;
    std::string error;
    if (sinter::tensor_file::decodeTensorFile(name, bytes, tensor, error) &&
        !tensor.data.empty())
      (void)sinter::tensor_file::elementAsDouble(tensor, 0);
  }
  return 0;
}
