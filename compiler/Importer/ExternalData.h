//===- ExternalData.h - initializer bytes stored beside the model -*- C++ -*-===//
//
// ONNX lets a tensor keep its bytes in another file, named by the tensor's
// external_data entries. A model file is untrusted input: the location must
// not lead out of the model's folder (no absolute path, no "..", no symlink
// that leaves it, no control bytes), offset and length are parsed strictly
// and checked against the file's size before anything is read, and the
// bytes are mapped, not copied.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_IMPORTER_EXTERNALDATA_H
#define SINTER_COMPILER_IMPORTER_EXTERNALDATA_H

#include "mlir/IR/Location.h"
#include "llvm/Support/MemoryBuffer.h"

#include "onnx/onnx_pb.h"

#include <memory>

namespace sinter::onnx_import {

/// The `expectedBytes` bytes of `tensor`'s external data, read from a file
/// inside `modelDir`, or failure with one message at `loc` naming the tensor.
mlir::FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
readExternalData(mlir::Location loc, const onnx::TensorProto &tensor,
                 llvm::StringRef modelDir, uint64_t expectedBytes);

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_IMPORTER_EXTERNALDATA_H
