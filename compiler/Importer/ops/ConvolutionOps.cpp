//===- ConvolutionOps.cpp - Conv, BatchNormalization, pooling -------------===//

#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

using namespace mlir;

namespace sinter::onnx_import {
namespace {

constexpr int64_t kSpatialRank = 2;
/// Window sizes, strides, dilations and pads beyond this are no real
/// model's, and would let window arithmetic overflow.
constexpr int64_t kMaxWindowValue = int64_t(1) << 24;

/// ONNX's Conv and pooling take N-D windows; sinter's are 2-D for now.
LogicalResult requireRank4(NodeImporter &node, RankedTensorType type) {
  if (type.getRank() == 2 + kSpatialRank)
    return success();
  return node.emitError() << "only 2-D " << node.opType()
                          << " is supported (a rank-4 NCHW input); input '"
                          << node.node().input(0) << "' has rank "
                          << type.getRank();
}

/// Reads a per-spatial-dimension attribute such as strides or dilations.
FailureOr<SmallVector<int64_t>> getSpatialInts(NodeImporter &node,
                                               StringRef name,
                                               int64_t defaultValue) {
  SmallVector<int64_t> values =
      node.getInts(name, SmallVector<int64_t>(kSpatialRank, defaultValue));
  if (values.size() != kSpatialRank)
    return node.emitError() << "attribute '" << name << "' has "
                            << values.size() << " values; expected "
                            << kSpatialRank;
  // Checked here, before SAME padding divides by a stride and window spans
  // multiply dilations.
  for (int64_t value : values)
    if (value < 1 || value > kMaxWindowValue)
      return node.emitError() << "attribute '" << name << "' has value "
                              << value << "; expected 1 to "
                              << kMaxWindowValue;
  return values;
}

/// Resolves ONNX's `auto_pad` and `pads` into explicit [top, left, bottom,
/// right] padding for a window of `kernel` (already dilated to its span).
FailureOr<SmallVector<int64_t>>
resolvePads(NodeImporter &node, ArrayRef<int64_t> inputSizes,
            ArrayRef<int64_t> kernelSpans, ArrayRef<int64_t> strides) {
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    SmallVector<int64_t> pads =
        node.getInts("pads", SmallVector<int64_t>(2 * kSpatialRank, 0));
    if (pads.size() != 2 * kSpatialRank)
      return node.emitError() << "attribute 'pads' has " << pads.size()
                              << " values; expected " << 2 * kSpatialRank;
    for (int64_t pad : pads)
      if (pad < 0 || pad > kMaxWindowValue)
        return node.emitError() << "attribute 'pads' has value " << pad
                                << "; expected 0 to " << kMaxWindowValue;
    return pads;
  }
  if (autoPad == "VALID")
    return SmallVector<int64_t>(2 * kSpatialRank, 0);
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return node.emitError() << "unknown auto_pad '" << autoPad
                            << "'; expected NOTSET, VALID, SAME_UPPER or "
                               "SAME_LOWER";
  // SAME: output = ceil(input / stride); the odd padding element goes at the
  // end for SAME_UPPER and at the beginning for SAME_LOWER.
  SmallVector<int64_t> pads(2 * kSpatialRank, 0);
  for (int64_t dim = 0; dim < kSpatialRank; ++dim) {
    int64_t output = (inputSizes[dim] + strides[dim] - 1) / strides[dim];
    int64_t total = std::max<int64_t>(
        0, (output - 1) * strides[dim] + kernelSpans[dim] - inputSizes[dim]);
    int64_t small = total / 2, large = total - small;
    pads[dim] = autoPad == "SAME_UPPER" ? small : large;
    pads[dim + kSpatialRank] = autoPad == "SAME_UPPER" ? large : small;
  }
  return pads;
}

SmallVector<int64_t> spatialSizes(RankedTensorType nchw) {
  return {nchw.getDimSize(2), nchw.getDimSize(3)};
}

LogicalResult importConv(NodeImporter &node) {
  auto input = node.floatInput(0);
  auto filter = node.floatInput(1);
  if (failed(input) || failed(filter) ||
      failed(requireRank4(node, input->getType())))
    return failure();
  Value bias = node.optionalInput(2);
  RankedTensorType filterType = filter->getType();
  if (filterType.getRank() != 2 + kSpatialRank)
    return node.emitError() << "filter '" << node.node().input(1)
                            << "' has rank " << filterType.getRank()
                            << "; expected 4 (F, C/group, KH, KW)";
  if (bias && cast<RankedTensorType>(bias.getType()).getRank() != 1)
    return node.emitError() << "bias '" << node.node().input(2)
                            << "' must be 1-D, got " << bias.getType();

  SmallVector<int64_t> kernel(filterType.getShape().drop_front(2));
  SmallVector<int64_t> declaredKernel = node.getInts("kernel_shape", kernel);
  if (declaredKernel != kernel)
    return node.emitError() << "attribute 'kernel_shape' disagrees with the "
                               "filter's shape "
                            << filterType;
  auto strides = getSpatialInts(node, "strides", 1);
  auto dilations = getSpatialInts(node, "dilations", 1);
  if (failed(strides) || failed(dilations))
    return failure();
  SmallVector<int64_t> spans;
  for (int64_t dim = 0; dim < kSpatialRank; ++dim)
    spans.push_back((kernel[dim] - 1) * (*dilations)[dim] + 1);
  auto pads = resolvePads(node, spatialSizes(input->getType()), spans, *strides);
  int64_t groups = node.getInt("group", 1);
  if (failed(pads) || node.hadAttributeError())
    return failure();

  FailureOr<RankedTensorType> type = inferConvType(
      node.loc(), input->getType(), filterType,
      bias ? cast<RankedTensorType>(bias.getType()) : RankedTensorType(),
      ActivationLayout::NCHW, FilterLayout::FCHW, *strides, *pads, *dilations,
      groups);
  if (failed(type))
    return failure();
  auto conv = ConvOp::create(node.builder(), node.loc(), *type, *input, *filter,
                             bias, /*residual=*/Value(), ActivationLayout::NCHW,
                             FilterLayout::FCHW,
                             *strides, *pads, *dilations, groups,
                             /*clamp_min=*/FloatAttr(), /*clamp_max=*/FloatAttr());
  return node.setResults(conv.getResult());
}

LogicalResult importBatchNorm(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  SmallVector<Value, 4> params;
  SmallVector<RankedTensorType, 4> paramTypes;
  for (unsigned index = 1; index <= 4; ++index) {
    auto param = node.floatInput(index);
    if (failed(param))
      return failure();
    params.push_back(*param);
    paramTypes.push_back(param->getType());
  }
  if (node.opset() < 9 && node.getInt("spatial", 1) != 1)
    return node.emitError() << "BatchNormalization with spatial=0 is not "
                               "supported";
  if (node.opset() < 7 && node.getInt("is_test", 0) == 0)
    return node.emitError()
           << "is_test=0 computes batch statistics; only inference-form "
              "BatchNormalization is supported (export the model in eval mode)";
  if (node.opset() >= 14 && node.getInt("training_mode", 0) != 0)
    return node.emitError()
           << "training_mode=1 computes batch statistics; only inference-form "
              "BatchNormalization is supported (export the model in eval mode)";
  float epsilon = node.getFloat("epsilon", 1e-5f);
  if (node.hadAttributeError())
    return failure();
  if (failed(inferBatchNormType(node.loc(), input->getType(), paramTypes,
                                ActivationLayout::NCHW)))
    return failure();
  auto batchNorm = BatchNormOp::create(
      node.builder(), node.loc(), input->getType(), *input, params[0],
      params[1], params[2], params[3], ActivationLayout::NCHW,
      APFloat(epsilon));
  return node.setResults(batchNorm.getResult());
}

struct PoolAttrs {
  SmallVector<int64_t> kernel, strides, pads, dilations;
  bool ceilMode = false;
};

FailureOr<PoolAttrs> readPoolAttrs(NodeImporter &node, RankedTensorType input,
                                   bool hasDilations) {
  PoolAttrs attrs;
  if (!node.hasAttr("kernel_shape"))
    return node.emitError() << "missing required attribute 'kernel_shape'";
  attrs.kernel = node.getInts("kernel_shape");
  if (attrs.kernel.size() != kSpatialRank)
    return node.emitError() << "attribute 'kernel_shape' has "
                            << attrs.kernel.size() << " values; expected "
                            << kSpatialRank;
  for (int64_t size : attrs.kernel)
    if (size < 1 || size > kMaxWindowValue)
      return node.emitError() << "attribute 'kernel_shape' has value " << size
                              << "; expected 1 to " << kMaxWindowValue;
  auto strides = getSpatialInts(node, "strides", 1);
  if (failed(strides))
    return failure();
  attrs.strides = *strides;
  attrs.dilations.assign(kSpatialRank, 1);
  if (hasDilations && node.opset() >= 10) {
    auto dilations = getSpatialInts(node, "dilations", 1);
    if (failed(dilations))
      return failure();
    attrs.dilations = *dilations;
  }
  SmallVector<int64_t> spans;
  for (int64_t dim = 0; dim < kSpatialRank; ++dim)
    spans.push_back((attrs.kernel[dim] - 1) * attrs.dilations[dim] + 1);
  auto pads = resolvePads(node, spatialSizes(input), spans, attrs.strides);
  if (failed(pads))
    return failure();
  attrs.pads = *pads;
  attrs.ceilMode = node.opset() >= 10 && node.getInt("ceil_mode", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  return attrs;
}

LogicalResult importMaxPool(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input) || failed(requireRank4(node, input->getType())))
    return failure();
  if (node.isOutputUsed(1))
    return node.emitError() << "the Indices output of MaxPool is not supported";
  auto attrs = readPoolAttrs(node, input->getType(), /*hasDilations=*/true);
  if (failed(attrs))
    return failure();
  FailureOr<RankedTensorType> type = inferPoolType(
      node.loc(), input->getType(), ActivationLayout::NCHW, attrs->kernel,
      attrs->strides, attrs->pads, attrs->dilations, attrs->ceilMode);
  if (failed(type))
    return failure();
  auto pool = MaxPoolOp::create(node.builder(), node.loc(), *type, *input,
                                ActivationLayout::NCHW, attrs->kernel,
                                attrs->strides, attrs->pads, attrs->dilations,
                                attrs->ceilMode);
  return node.setResults(pool.getResult());
}

LogicalResult importAveragePool(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input) || failed(requireRank4(node, input->getType())))
    return failure();
  auto attrs = readPoolAttrs(node, input->getType(), /*hasDilations=*/false);
  bool countIncludePad = node.getInt("count_include_pad", 0) != 0;
  if (failed(attrs) || node.hadAttributeError())
    return failure();
  FailureOr<RankedTensorType> type = inferPoolType(
      node.loc(), input->getType(), ActivationLayout::NCHW, attrs->kernel,
      attrs->strides, attrs->pads, attrs->dilations, attrs->ceilMode);
  if (failed(type))
    return failure();
  auto pool = AvgPoolOp::create(node.builder(), node.loc(), *type, *input,
                                ActivationLayout::NCHW, attrs->kernel,
                                attrs->strides, attrs->pads, attrs->ceilMode,
                                countIncludePad);
  return node.setResults(pool.getResult());
}

LogicalResult importGlobalAveragePool(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type =
      inferGlobalPoolType(node.loc(), input->getType(), ActivationLayout::NCHW);
  if (failed(type))
    return failure();
  auto pool = GlobalAvgPoolOp::create(node.builder(), node.loc(), *type,
                                      *input, ActivationLayout::NCHW);
  return node.setResults(pool.getResult());
}

const OpImporter kConvolutionImporters[] = {
    {"Conv", 1, importConv,
     "2-D; `auto_pad` NOTSET/VALID/SAME_UPPER/SAME_LOWER resolved to explicit "
     "pads"},
    {"BatchNormalization", 6, importBatchNorm,
     "inference form only (`is_test=0`, `training_mode=1` and `spatial=0` "
     "rejected)"},
    {"MaxPool", 1, importMaxPool, "2-D; the Indices output rejected when used"},
    {"AveragePool", 1, importAveragePool, "2-D"},
    {"GlobalAveragePool", 1, importGlobalAveragePool, ""},
};

} // namespace

ArrayRef<OpImporter> getConvolutionImporters() { return kConvolutionImporters; }

} // namespace sinter::onnx_import
