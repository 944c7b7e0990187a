//===- SinterShapes.h - result types of sinter ops --------------*- C++ -*-===//
//
// Shape functions shared by the ops' type inference and the ONNX importer.
// Each returns the result type, or failure after reporting why at `loc`
// (when a location is given), so that a bad model gets a precise message.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_DIALECTS_IR_SINTERSHAPES_H
#define SINTER_DIALECTS_IR_SINTERSHAPES_H

#include "dialects/IR/SinterDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/TypeRange.h"

#include <optional>
#include <string>

namespace sinter {

using mlir::FailureOr;
using mlir::Location;
using mlir::RankedTensorType;
using OptLoc = std::optional<Location>;

/// "[1, 3, 224, 224]": how messages print shapes and integer lists.
std::string formatDims(llvm::ArrayRef<int64_t> dims);

/// Output extent of a sliding window of `kernel` taps `dilation` apart;
/// floor division unless `ceilMode`, and a window that would start in the
/// trailing padding is dropped (as PyTorch and ONNX Runtime do). 0 when not
/// even one window fits.
int64_t windowOutputSize(int64_t inputSize, int64_t padBegin, int64_t padEnd,
                         int64_t kernel, int64_t stride, int64_t dilation,
                         bool ceilMode);

/// Index of the channel dimension of a tensor of `rank` in `layout`.
int64_t getChannelDim(ActivationLayout layout, int64_t rank);
/// Index of the first spatial dimension of a tensor in `layout`.
int64_t getFirstSpatialDim(ActivationLayout layout);

FailureOr<RankedTensorType>
inferConvType(OptLoc loc, RankedTensorType input, RankedTensorType filter,
              RankedTensorType bias, ActivationLayout dataLayout,
              FilterLayout filterLayout, llvm::ArrayRef<int64_t> strides,
              llvm::ArrayRef<int64_t> pads, llvm::ArrayRef<int64_t> dilations,
              int64_t groups);

FailureOr<RankedTensorType>
inferBatchNormType(OptLoc loc, RankedTensorType input,
                   llvm::ArrayRef<RankedTensorType> channelParams,
                   ActivationLayout layout);

/// Max and average pooling; average pooling passes unit dilations.
FailureOr<RankedTensorType>
inferPoolType(OptLoc loc, RankedTensorType input, ActivationLayout layout,
              llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> strides,
              llvm::ArrayRef<int64_t> pads, llvm::ArrayRef<int64_t> dilations,
              bool ceilMode);

FailureOr<RankedTensorType> inferGlobalPoolType(OptLoc loc,
                                                RankedTensorType input,
                                                ActivationLayout layout);

FailureOr<RankedTensorType> inferBroadcastType(OptLoc loc,
                                               RankedTensorType lhs,
                                               RankedTensorType rhs);

/// The broadcast shape of a comparison, with boolean (i1) elements.
FailureOr<RankedTensorType> inferCompareType(OptLoc loc, RankedTensorType lhs,
                                             RankedTensorType rhs);

/// Where/select: the values broadcast together (one element type), then
/// with the condition's shape.
FailureOr<RankedTensorType> inferSelectType(OptLoc loc,
                                            RankedTensorType condition,
                                            RankedTensorType trueValue,
                                            RankedTensorType falseValue);

/// A reduction's result: `axes` removed, or kept as 1 with `keepdims`.
/// `resultElement` is the input's element type when null.
FailureOr<RankedTensorType> inferReduceType(OptLoc loc, RankedTensorType input,
                                            llvm::ArrayRef<int64_t> axes,
                                            bool keepdims,
                                            mlir::Type resultElement = {});

FailureOr<RankedTensorType> inferFlattenType(OptLoc loc,
                                             RankedTensorType input,
                                             int64_t axis);

FailureOr<RankedTensorType>
inferTransposeType(OptLoc loc, RankedTensorType input,
                   llvm::ArrayRef<int64_t> permutation);

FailureOr<RankedTensorType> inferConcatType(OptLoc loc, mlir::TypeRange inputs,
                                            int64_t axis);

FailureOr<RankedTensorType> inferGemmType(OptLoc loc, RankedTensorType a,
                                          RankedTensorType b,
                                          RankedTensorType c, bool transposeA,
                                          bool transposeB);

FailureOr<RankedTensorType> inferMatMulType(OptLoc loc, RankedTensorType lhs,
                                            RankedTensorType rhs);

/// Gather: data's dimensions before `axis`, the indices' dimensions, then
/// data's after `axis`.
FailureOr<RankedTensorType> inferGatherType(OptLoc loc, RankedTensorType data,
                                            RankedTensorType indices,
                                            int64_t axis);

/// GatherElements: the shape of `indices` (rank of `data`, no dimension
/// larger), data's element type.
FailureOr<RankedTensorType> inferGatherElementsType(OptLoc loc,
                                                    RankedTensorType data,
                                                    RankedTensorType indices,
                                                    int64_t axis);

/// GatherND: indices' dimensions but the last (k), then data's from
/// batchDims + k on.
FailureOr<RankedTensorType> inferGatherNDType(OptLoc loc, RankedTensorType data,
                                              RankedTensorType indices,
                                              int64_t batchDims);

/// ScatterElements: `data`'s type, once `indices` and `updates` agree
/// (same shape, the rank of data, no dimension larger) and `axis` is valid.
FailureOr<RankedTensorType>
inferScatterElementsType(OptLoc loc, RankedTensorType data,
                         RankedTensorType indices, RankedTensorType updates,
                         int64_t axis);

/// ScatterND: `data`'s type, once updates has the shape indices[:-1] +
/// data[k:].
FailureOr<RankedTensorType> inferScatterNDType(OptLoc loc,
                                               RankedTensorType data,
                                               RankedTensorType indices,
                                               RankedTensorType updates);

} // namespace sinter

#endif // SINTER_DIALECTS_IR_SINTERSHAPES_H
