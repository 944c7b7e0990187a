//===- ConstantData.h - read and make f32 constants -------------*- C++ -*-===//
//
// Graph rewrites that compute new weights (BN folding, branch merging,
// filter re-layout) read constants whether they are inline dense attributes
// or resource blobs, and make large results resource blobs again.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_DIALECTS_IR_CONSTANTDATA_H
#define SINTER_DIALECTS_IR_CONSTANTDATA_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

#include <optional>

namespace sinter {

/// The values of an f32 constant attribute (dense or resource), row-major.
std::optional<llvm::SmallVector<float>> getF32Values(mlir::Attribute attr);
/// The values of `value` when an arith.constant of f32 defines it.
std::optional<llvm::SmallVector<float>> getF32Values(mlir::Value value);

/// The per-channel values of an f32 constant that broadcasts against `type`
/// along `channelDim` only (a scalar, [C], [C,1,1], [1,C,1,1], ...),
/// expanded to one value per channel.
std::optional<llvm::SmallVector<float>>
getPerChannelF32Values(mlir::Value value, mlir::RankedTensorType type,
                       int64_t channelDim);

/// A constant of `type` (not i1) from dense little-endian element bytes:
/// inline when it has at most 16 elements, so that shapes and scalars stay
/// readable and foldable, otherwise a 64-byte aligned resource blob named
/// after `nameHint` (made an identifier), which passes do not copy.
mlir::ElementsAttr makeConstant(mlir::RankedTensorType type,
                                llvm::ArrayRef<char> bytes,
                                llvm::StringRef nameHint);

/// A constant of `type` (not i1) whose bytes are `buffer` (a mapped file):
/// the blob keeps the buffer instead of a copy when the bytes are 64-byte
/// aligned, and copies them otherwise.
mlir::ElementsAttr makeConstant(mlir::RankedTensorType type,
                                std::unique_ptr<llvm::MemoryBuffer> buffer,
                                llvm::StringRef nameHint);

/// An f32 constant of `type`, as makeConstant makes it.
mlir::ElementsAttr makeF32Constant(mlir::RankedTensorType type,
                                   llvm::ArrayRef<float> values,
                                   llvm::StringRef nameHint);

/// Transposes row-major `values` of `shape` by `permutation` (output
/// dimension i is input dimension permutation[i]).
llvm::SmallVector<float> transposeValues(llvm::ArrayRef<float> values,
                                         llvm::ArrayRef<int64_t> shape,
                                         llvm::ArrayRef<int64_t> permutation);

} // namespace sinter

#endif // SINTER_DIALECTS_IR_CONSTANTDATA_H
