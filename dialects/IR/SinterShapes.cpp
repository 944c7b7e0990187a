//===- SinterShapes.cpp - result types of sinter ops ----------------------===//

#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace sinter;

namespace {

std::string shapeString(ShapedType type) { return formatDims(type.getShape()); }

LogicalResult requireStatic(OptLoc loc, RankedTensorType type,
                            StringRef what) {
  if (type.hasStaticShape())
    return success();
  return emitOptionalError(loc, what, " has a dynamic shape ", type,
                           "; sinter needs static shapes");
}

LogicalResult requireSameElementType(OptLoc loc, RankedTensorType a,
                                     RankedTensorType b, StringRef aName,
                                     StringRef bName) {
  if (a.getElementType() == b.getElementType())
    return success();
  return emitOptionalError(loc, aName, " element type ", a.getElementType(),
                           " differs from ", bName, " element type ",
                           b.getElementType());
}

// Checks strides, pads and dilations of a 2-D window op; `what` names the op.
LogicalResult verifyWindowAttrs(OptLoc loc, ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations) {
  if (strides.size() != 2)
    return emitOptionalError(loc, "expected 2 strides, got ", strides.size());
  if (pads.size() != 4)
    return emitOptionalError(
        loc, "expected 4 pads [top, left, bottom, right], got ", pads.size());
  if (dilations.size() != 2)
    return emitOptionalError(loc, "expected 2 dilations, got ",
                             dilations.size());
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return emitOptionalError(loc, "strides must be positive, got ",
                             formatDims(strides));
  if (llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return emitOptionalError(loc, "dilations must be positive, got ",
                             formatDims(dilations));
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return emitOptionalError(loc, "pads must not be negative, got ",
                             formatDims(pads));
  return success();
}

RankedTensorType withSpatialSizes(RankedTensorType input, ActivationLayout layout,
                                  int64_t channels, int64_t height,
                                  int64_t width) {
  SmallVector<int64_t, 4> shape(input.getShape());
  shape[getChannelDim(layout, 4)] = channels;
  int64_t spatial = getFirstSpatialDim(layout);
  shape[spatial] = height;
  shape[spatial + 1] = width;
  return RankedTensorType::get(shape, input.getElementType());
}

} // namespace

int64_t sinter::windowOutputSize(int64_t inputSize, int64_t padBegin,
                                 int64_t padEnd, int64_t kernel, int64_t stride,
                                 int64_t dilation, bool ceilMode) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t room = inputSize + padBegin + padEnd - span;
  if (room < 0)
    return 0;
  int64_t out = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
  if (ceilMode && (out - 1) * stride >= inputSize + padBegin)
    --out;
  return out;
}

std::string sinter::formatDims(ArrayRef<int64_t> dims) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleave(dims, os, ", ");
  os << "]";
  return text;
}

int64_t sinter::getChannelDim(ActivationLayout layout, int64_t rank) {
  return layout == ActivationLayout::NCHW ? 1 : rank - 1;
}

int64_t sinter::getFirstSpatialDim(ActivationLayout layout) {
  return layout == ActivationLayout::NCHW ? 2 : 1;
}

FailureOr<RankedTensorType>
sinter::inferConvType(OptLoc loc, RankedTensorType input,
                      RankedTensorType filter, RankedTensorType bias,
                      ActivationLayout dataLayout, FilterLayout filterLayout,
                      ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                      ArrayRef<int64_t> dilations, int64_t groups) {
  if (input.getRank() != 4)
    return emitOptionalError(loc, "expected a rank-4 input, got ",
                             shapeString(input));
  if (filter.getRank() != 4)
    return emitOptionalError(loc, "expected a rank-4 filter, got ",
                             shapeString(filter));
  if (failed(requireStatic(loc, input, "input")) ||
      failed(requireStatic(loc, filter, "filter")) ||
      failed(requireSameElementType(loc, input, filter, "input", "filter")) ||
      failed(verifyWindowAttrs(loc, strides, pads, dilations)))
    return failure();
  if (groups < 1)
    return emitOptionalError(loc, "groups must be positive, got ", groups);

  ArrayRef<int64_t> fshape = filter.getShape();
  int64_t filters, channelsPerGroup, kernelH, kernelW;
  switch (filterLayout) {
  case FilterLayout::FCHW:
    filters = fshape[0], channelsPerGroup = fshape[1];
    kernelH = fshape[2], kernelW = fshape[3];
    break;
  case FilterLayout::HWCF:
    kernelH = fshape[0], kernelW = fshape[1];
    channelsPerGroup = fshape[2], filters = fshape[3];
    break;
  case FilterLayout::FHWC:
    filters = fshape[0], kernelH = fshape[1];
    kernelW = fshape[2], channelsPerGroup = fshape[3];
    break;
  }

  int64_t channels = input.getDimSize(getChannelDim(dataLayout, 4));
  if (channels % groups != 0)
    return emitOptionalError(loc, "input channels (", channels,
                             ") are not divisible by groups (", groups, ")");
  if (channels / groups != channelsPerGroup)
    return emitOptionalError(
        loc, "filter ", shapeString(filter), " (", stringifyEnum(filterLayout),
        ") expects ", channelsPerGroup, " input channels per group, but the ",
        stringifyEnum(dataLayout), " input ", shapeString(input), " has ",
        channels, " channels in ", groups, " group(s)");
  if (filters % groups != 0)
    return emitOptionalError(loc, "output channels (", filters,
                             ") are not divisible by groups (", groups, ")");
  if (bias) {
    if (failed(requireSameElementType(loc, input, bias, "input", "bias")))
      return failure();
    if (bias.getDimSize(0) != filters)
      return emitOptionalError(loc, "bias has ", bias.getDimSize(0),
                               " elements but the filter has ", filters,
                               " output channels");
  }

  int64_t spatial = getFirstSpatialDim(dataLayout);
  int64_t height = input.getDimSize(spatial), width = input.getDimSize(spatial + 1);
  int64_t outH = windowOutputSize(height, pads[0], pads[2], kernelH, strides[0],
                                  dilations[0], /*ceilMode=*/false);
  int64_t outW = windowOutputSize(width, pads[1], pads[3], kernelW, strides[1],
                                  dilations[1], /*ceilMode=*/false);
  if (outH < 1 || outW < 1)
    return emitOptionalError(loc, "the ", kernelH, "x", kernelW,
                             " kernel with dilations ", formatDims(dilations),
                             " does not fit the padded ", height, "x", width,
                             " input");
  return withSpatialSizes(input, dataLayout, filters, outH, outW);
}

FailureOr<RankedTensorType>
sinter::inferBatchNormType(OptLoc loc, RankedTensorType input,
                           ArrayRef<RankedTensorType> channelParams,
                           ActivationLayout layout) {
  if (input.getRank() < 2)
    return emitOptionalError(loc, "expected an input of rank 2 or more, got ",
                             shapeString(input));
  if (failed(requireStatic(loc, input, "input")))
    return failure();
  int64_t channels = input.getDimSize(getChannelDim(layout, input.getRank()));
  static const char *const names[] = {"scale", "bias", "mean", "variance"};
  for (auto [index, param] : llvm::enumerate(channelParams)) {
    StringRef name = index < 4 ? names[index] : "parameter";
    if (failed(requireSameElementType(loc, input, param, "input", name)))
      return failure();
    if (param.getRank() != 1 || param.getDimSize(0) != channels)
      return emitOptionalError(loc, name, " has shape ", shapeString(param),
                               " but the ", stringifyEnum(layout), " input ",
                               shapeString(input), " has ", channels,
                               " channels");
  }
  return input;
}

FailureOr<RankedTensorType>
sinter::inferPoolType(OptLoc loc, RankedTensorType input, ActivationLayout layout,
                      ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                      ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                      bool ceilMode) {
  if (input.getRank() != 4)
    return emitOptionalError(loc, "expected a rank-4 input, got ",
                             shapeString(input));
  if (failed(requireStatic(loc, input, "input")) ||
      failed(verifyWindowAttrs(loc, strides, pads, dilations)))
    return failure();
  if (kernel.size() != 2 || llvm::any_of(kernel, [](int64_t k) { return k < 1; }))
    return emitOptionalError(loc, "expected 2 positive kernel sizes, got ",
                             formatDims(kernel));
  for (int i = 0; i < 2; ++i)
    if (pads[i] >= kernel[i] || pads[i + 2] >= kernel[i])
      return emitOptionalError(loc, "pads ", formatDims(pads),
                               " must be smaller than the kernel ",
                               formatDims(kernel));
  int64_t spatial = getFirstSpatialDim(layout);
  int64_t height = input.getDimSize(spatial), width = input.getDimSize(spatial + 1);
  int64_t outH = windowOutputSize(height, pads[0], pads[2], kernel[0],
                                  strides[0], dilations[0], ceilMode);
  int64_t outW = windowOutputSize(width, pads[1], pads[3], kernel[1],
                                  strides[1], dilations[1], ceilMode);
  if (outH < 1 || outW < 1)
    return emitOptionalError(loc, "the ", kernel[0], "x", kernel[1],
                             " window does not fit the padded ", height, "x",
                             width, " input");
  return withSpatialSizes(input, layout,
                          input.getDimSize(getChannelDim(layout, 4)), outH,
                          outW);
}

FailureOr<RankedTensorType> sinter::inferGlobalPoolType(OptLoc loc,
                                                        RankedTensorType input,
                                                        ActivationLayout layout) {
  if (input.getRank() < 3)
    return emitOptionalError(loc, "expected an input of rank 3 or more, got ",
                             shapeString(input));
  if (failed(requireStatic(loc, input, "input")))
    return failure();
  int64_t rank = input.getRank();
  int64_t channelDim = getChannelDim(layout, rank);
  SmallVector<int64_t> shape(rank, 1);
  shape[0] = input.getDimSize(0);
  shape[channelDim] = input.getDimSize(channelDim);
  return RankedTensorType::get(shape, input.getElementType());
}

FailureOr<RankedTensorType> sinter::inferBroadcastType(OptLoc loc,
                                                       RankedTensorType lhs,
                                                       RankedTensorType rhs) {
  if (failed(requireStatic(loc, lhs, "lhs")) ||
      failed(requireStatic(loc, rhs, "rhs")) ||
      failed(requireSameElementType(loc, lhs, rhs, "lhs", "rhs")))
    return failure();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs.getShape(), rhs.getShape(),
                                          shape))
    return emitOptionalError(loc, "shapes ", shapeString(lhs), " and ",
                             shapeString(rhs), " do not broadcast");
  return RankedTensorType::get(shape, lhs.getElementType());
}

FailureOr<RankedTensorType> sinter::inferCompareType(OptLoc loc,
                                                     RankedTensorType lhs,
                                                     RankedTensorType rhs) {
  FailureOr<RankedTensorType> type = inferBroadcastType(loc, lhs, rhs);
  if (failed(type))
    return failure();
  return RankedTensorType::get(type->getShape(),
                               IntegerType::get(lhs.getContext(), 1));
}

FailureOr<RankedTensorType>
sinter::inferSelectType(OptLoc loc, RankedTensorType condition,
                        RankedTensorType trueValue,
                        RankedTensorType falseValue) {
  FailureOr<RankedTensorType> values =
      inferBroadcastType(loc, trueValue, falseValue);
  if (failed(values) || failed(requireStatic(loc, condition, "condition")))
    return failure();
  if (!condition.getElementType().isInteger(1))
    return emitOptionalError(loc, "condition ", shapeString(condition),
                             " is not boolean");
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(condition.getShape(),
                                          values->getShape(), shape))
    return emitOptionalError(loc, "condition shape ", shapeString(condition),
                             " does not broadcast with ",
                             shapeString(*values));
  return RankedTensorType::get(shape, values->getElementType());
}

FailureOr<RankedTensorType>
sinter::inferReduceType(OptLoc loc, RankedTensorType input,
                        ArrayRef<int64_t> axes, bool keepdims,
                        Type resultElement) {
  if (failed(requireStatic(loc, input, "input")))
    return failure();
  int64_t rank = input.getRank();
  for (auto [index, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= rank)
      return emitOptionalError(loc, "axis ", axis, " is out of range [0, ",
                               rank, ") for input ", shapeString(input));
    if (index > 0 && axis <= axes[index - 1])
      return emitOptionalError(loc, "axes ", formatDims(axes),
                               " are not sorted and distinct");
  }
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (!llvm::is_contained(axes, dim))
      shape.push_back(input.getDimSize(dim));
    else if (keepdims)
      shape.push_back(1);
  }
  return RankedTensorType::get(
      shape, resultElement ? resultElement : input.getElementType());
}

FailureOr<RankedTensorType> sinter::inferFlattenType(OptLoc loc,
                                                     RankedTensorType input,
                                                     int64_t axis) {
  if (failed(requireStatic(loc, input, "input")))
    return failure();
  if (axis < 0 || axis > input.getRank())
    return emitOptionalError(loc, "axis ", axis, " is out of range [0, ",
                             input.getRank(), "] for input ",
                             shapeString(input));
  int64_t outer = 1, inner = 1;
  for (auto [dim, size] : llvm::enumerate(input.getShape()))
    (static_cast<int64_t>(dim) < axis ? outer : inner) *= size;
  return RankedTensorType::get({outer, inner}, input.getElementType());
}

FailureOr<RankedTensorType>
sinter::inferTransposeType(OptLoc loc, RankedTensorType input,
                           ArrayRef<int64_t> permutation) {
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(permutation.size()) != rank)
    return emitOptionalError(loc, "permutation ", formatDims(permutation),
                             " has ", permutation.size(),
                             " entries for an input of rank ", rank);
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation) {
    if (dim < 0 || dim >= rank || seen[dim])
      return emitOptionalError(loc, "permutation ", formatDims(permutation),
                               " is not a permutation of [0, ", rank, ")");
    seen[dim] = true;
    shape.push_back(input.getDimSize(dim));
  }
  return RankedTensorType::get(shape, input.getElementType());
}

FailureOr<RankedTensorType> sinter::inferConcatType(OptLoc loc,
                                                    TypeRange inputs,
                                                    int64_t axis) {
  if (inputs.empty())
    return emitOptionalError(loc, "expected at least one input");
  auto first = cast<RankedTensorType>(inputs.front());
  int64_t rank = first.getRank();
  if (axis < 0 || axis >= rank)
    return emitOptionalError(loc, "axis ", axis, " is out of range [0, ", rank,
                             ") for inputs of rank ", rank);
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (auto [index, type] : llvm::enumerate(inputs)) {
    auto input = cast<RankedTensorType>(type);
    if (failed(requireStatic(loc, input, "input")))
      return failure();
    if (input.getElementType() != first.getElementType())
      return emitOptionalError(loc, "input ", index, " has element type ",
                               input.getElementType(), ", input 0 has ",
                               first.getElementType());
    if (input.getRank() != rank)
      return emitOptionalError(loc, "input ", index, " has rank ",
                               input.getRank(), ", input 0 has rank ", rank);
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (dim == axis)
        continue;
      if (input.getDimSize(dim) != first.getDimSize(dim))
        return emitOptionalError(loc, "input ", index, " has shape ",
                                 shapeString(input), ", input 0 has ",
                                 shapeString(first),
                                 "; they may differ only on axis ", axis);
    }
    shape[axis] += input.getDimSize(axis);
  }
  return RankedTensorType::get(shape, first.getElementType());
}

FailureOr<RankedTensorType> sinter::inferGemmType(OptLoc loc,
                                                  RankedTensorType a,
                                                  RankedTensorType b,
                                                  RankedTensorType c,
                                                  bool transposeA,
                                                  bool transposeB) {
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOptionalError(loc, "expected rank-2 operands, got ",
                             shapeString(a), " and ", shapeString(b));
  if (failed(requireStatic(loc, a, "a")) || failed(requireStatic(loc, b, "b")) ||
      failed(requireSameElementType(loc, a, b, "a", "b")))
    return failure();
  int64_t m = a.getDimSize(transposeA ? 1 : 0);
  int64_t kA = a.getDimSize(transposeA ? 0 : 1);
  int64_t kB = b.getDimSize(transposeB ? 1 : 0);
  int64_t n = b.getDimSize(transposeB ? 0 : 1);
  if (kA != kB)
    return emitOptionalError(loc, "inner dimensions differ: a ",
                             shapeString(a), transposeA ? " (transposed)" : "",
                             " has K = ", kA, ", b ", shapeString(b),
                             transposeB ? " (transposed)" : "", " has K = ", kB);
  auto result = RankedTensorType::get({m, n}, a.getElementType());
  if (c) {
    SmallVector<int64_t> shape;
    if (failed(requireStatic(loc, c, "c")) ||
        failed(requireSameElementType(loc, a, c, "a", "c")))
      return failure();
    if (c.getRank() > 2 ||
        !OpTrait::util::getBroadcastedShape(result.getShape(), c.getShape(),
                                            shape) ||
        ArrayRef<int64_t>(shape) != result.getShape())
      return emitOptionalError(loc, "c ", shapeString(c),
                               " does not broadcast to the result ",
                               shapeString(result));
  }
  return result;
}

FailureOr<RankedTensorType> sinter::inferMatMulType(OptLoc loc,
                                                    RankedTensorType lhs,
                                                    RankedTensorType rhs) {
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return emitOptionalError(loc, "expected operands of rank 2 or more, got ",
                             shapeString(lhs), " and ", shapeString(rhs));
  if (failed(requireStatic(loc, lhs, "lhs")) ||
      failed(requireStatic(loc, rhs, "rhs")) ||
      failed(requireSameElementType(loc, lhs, rhs, "lhs", "rhs")))
    return failure();
  int64_t k = lhs.getShape().back();
  if (rhs.getDimSize(rhs.getRank() - 2) != k)
    return emitOptionalError(loc, "inner dimensions differ: lhs ",
                             shapeString(lhs), " has K = ", k, ", rhs ",
                             shapeString(rhs), " has K = ",
                             rhs.getDimSize(rhs.getRank() - 2));
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(lhs.getShape().drop_back(2),
                                          rhs.getShape().drop_back(2), batch))
    return emitOptionalError(loc, "batch dimensions of ", shapeString(lhs),
                             " and ", shapeString(rhs), " do not broadcast");
  batch.push_back(lhs.getDimSize(lhs.getRank() - 2));
  batch.push_back(rhs.getShape().back());
  return RankedTensorType::get(batch, lhs.getElementType());
}

//===----------------------------------------------------------------------===//
// Reads and writes at run-time indices
//===----------------------------------------------------------------------===//

namespace {

LogicalResult requireAxis(OptLoc loc, int64_t axis, int64_t rank) {
  if (axis >= 0 && axis < rank)
    return success();
  return emitOptionalError(loc, "axis ", axis, " is out of range [0, ", rank,
                           ") for data of rank ", rank);
}

/// `indices` has data's rank and no dimension larger than data's.
LogicalResult requireElementwiseIndices(OptLoc loc, RankedTensorType data,
                                        RankedTensorType indices) {
  if (indices.getRank() != data.getRank())
    return emitOptionalError(loc, "indices have rank ", indices.getRank(),
                             ", data has rank ", data.getRank());
  for (int64_t dim = 0; dim < data.getRank(); ++dim)
    if (indices.getDimSize(dim) > data.getDimSize(dim))
      return emitOptionalError(loc, "indices of shape ", shapeString(indices),
                               " are larger than data of shape ",
                               shapeString(data), " in dimension ", dim);
  return success();
}

/// The index-tuple length k of GatherND/ScatterND indices over `data`.
FailureOr<int64_t> indexTupleLength(OptLoc loc, RankedTensorType data,
                                    RankedTensorType indices,
                                    int64_t batchDims) {
  if (indices.getRank() < 1)
    return emitOptionalError(loc, "indices need at least one dimension");
  if (batchDims < 0 || batchDims >= std::min(data.getRank(), indices.getRank()))
    return emitOptionalError(loc, "batch_dims ", batchDims,
                             " must be below the ranks of data and indices");
  for (int64_t dim = 0; dim < batchDims; ++dim)
    if (data.getDimSize(dim) != indices.getDimSize(dim))
      return emitOptionalError(loc, "batch dimension ", dim, " of data ",
                               shapeString(data), " and of indices ",
                               shapeString(indices), " differ");
  int64_t k = indices.getShape().back();
  if (k < 1 || batchDims + k > data.getRank())
    return emitOptionalError(loc, "index tuples of length ", k,
                             " do not fit data of rank ", data.getRank(),
                             " after ", batchDims, " batch dimensions");
  return k;
}

} // namespace

FailureOr<RankedTensorType> sinter::inferGatherType(OptLoc loc,
                                                    RankedTensorType data,
                                                    RankedTensorType indices,
                                                    int64_t axis) {
  if (failed(requireStatic(loc, data, "data")) ||
      failed(requireStatic(loc, indices, "indices")) ||
      failed(requireAxis(loc, axis, data.getRank())))
    return failure();
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  return RankedTensorType::get(shape, data.getElementType());
}

FailureOr<RankedTensorType>
sinter::inferGatherElementsType(OptLoc loc, RankedTensorType data,
                                RankedTensorType indices, int64_t axis) {
  if (failed(requireStatic(loc, data, "data")) ||
      failed(requireStatic(loc, indices, "indices")) ||
      failed(requireAxis(loc, axis, data.getRank())) ||
      failed(requireElementwiseIndices(loc, data, indices)))
    return failure();
  return RankedTensorType::get(indices.getShape(), data.getElementType());
}

FailureOr<RankedTensorType> sinter::inferGatherNDType(OptLoc loc,
                                                      RankedTensorType data,
                                                      RankedTensorType indices,
                                                      int64_t batchDims) {
  if (failed(requireStatic(loc, data, "data")) ||
      failed(requireStatic(loc, indices, "indices")))
    return failure();
  FailureOr<int64_t> k = indexTupleLength(loc, data, indices, batchDims);
  if (failed(k))
    return failure();
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(batchDims + *k));
  return RankedTensorType::get(shape, data.getElementType());
}

FailureOr<RankedTensorType>
sinter::inferScatterElementsType(OptLoc loc, RankedTensorType data,
                                 RankedTensorType indices,
                                 RankedTensorType updates, int64_t axis) {
  if (failed(requireStatic(loc, data, "data")) ||
      failed(requireStatic(loc, indices, "indices")) ||
      failed(requireStatic(loc, updates, "updates")) ||
      failed(requireAxis(loc, axis, data.getRank())) ||
      failed(requireElementwiseIndices(loc, data, indices)) ||
      failed(requireSameElementType(loc, data, updates, "data", "updates")))
    return failure();
  if (updates.getShape() != indices.getShape())
    return emitOptionalError(loc, "updates of shape ", shapeString(updates),
                             " differ from indices of shape ",
                             shapeString(indices));
  return data;
}

FailureOr<RankedTensorType> sinter::inferScatterNDType(OptLoc loc,
                                                       RankedTensorType data,
                                                       RankedTensorType indices,
                                                       RankedTensorType updates) {
  if (failed(requireStatic(loc, data, "data")) ||
      failed(requireStatic(loc, indices, "indices")) ||
      failed(requireStatic(loc, updates, "updates")) ||
      failed(requireSameElementType(loc, data, updates, "data", "updates")))
    return failure();
  FailureOr<int64_t> k = indexTupleLength(loc, data, indices, 0);
  if (failed(k))
    return failure();
  SmallVector<int64_t> expected(indices.getShape().drop_back());
  llvm::append_range(expected, data.getShape().drop_front(*k));
  if (updates.getShape() != ArrayRef<int64_t>(expected))
    return emitOptionalError(loc, "updates have shape ", shapeString(updates),
                             "; indices ", shapeString(indices), " into data ",
                             shapeString(data), " need ", formatDims(expected));
  return data;
}
