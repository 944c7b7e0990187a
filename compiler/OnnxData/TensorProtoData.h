//===- TensorProtoData.h - the bytes an ONNX TensorProto holds --*- C++ -*-===//
//
// Shared by the importer (initializers, Constant nodes) and sinter-run
// (.pb input and reference files); needs only onnx_proto.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_ONNXDATA_TENSORPROTODATA_H
#define SINTER_COMPILER_ONNXDATA_TENSORPROTODATA_H

#include "onnx/onnx_pb.h"

#include <string>

namespace sinter::onnx_import {

/// The tensor's inline data as dense little-endian elements of
/// `elementBytes` each: raw_data as it is, or the typed repeated field
/// narrowed (ONNX stores int8..uint16, bool, float16 and bfloat16 widened in
/// int32_data). External data is the caller's business.
std::string decodeInlineData(const onnx::TensorProto &tensor,
                             size_t elementBytes);

} // namespace sinter::onnx_import

#endif // SINTER_COMPILER_ONNXDATA_TENSORPROTODATA_H
