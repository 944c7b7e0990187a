//===- ConvolutionOps.cpp - Conv, BatchNormalization, pooling -------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

/// Window sizes, strides, dilations and pads beyond this are no real
/// model's, and would let window arithmetic overflow.
constexpr int64_t kMaxWindowValue = int64_t(1) << 24;

/// A window op's attributes over its spatial dimensions; `pads` holds all
/// the begins, then all the ends (ONNX's order).
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
  bool ceilMode = false;

  int64_t rank() const { return kernel.size(); }
  int64_t padBegin(int64_t dim) const { return pads[dim]; }
  int64_t padEnd(int64_t dim) const { return pads[rank() + dim]; }
  int64_t outputSize(int64_t dim, int64_t inputSize) const {
    return windowOutputSize(inputSize, padBegin(dim), padEnd(dim), kernel[dim],
                            strides[dim], dilations[dim], ceilMode);
  }

  /// The 2-D window of dimensions `first` and `first + 1`.
  Window plane(int64_t first) const {
    Window result;
    result.ceilMode = ceilMode;
    for (int64_t dim : {first, first + 1}) {
      result.kernel.push_back(kernel[dim]);
      result.strides.push_back(strides[dim]);
      result.dilations.push_back(dilations[dim]);
    }
    result.pads = {padBegin(first), padBegin(first + 1), padEnd(first),
                   padEnd(first + 1)};
    return result;
  }

  /// A 1-D window as a 2-D one over [1, L].
  Window lifted() const {
    Window result;
    result.ceilMode = ceilMode;
    result.kernel = {1, kernel[0]};
    result.strides = {1, strides[0]};
    result.dilations = {1, dilations[0]};
    result.pads = {0, padBegin(0), 0, padEnd(0)};
    return result;
  }
};

/// The number of spatial dimensions of an NC... input: 1 to 3.
FailureOr<int64_t> spatialRankOf(NodeImporter &node, RankedTensorType type) {
  int64_t rank = type.getRank() - 2;
  if (rank >= 1 && rank <= 3)
    return rank;
  return node.emitError() << node.opType()
                          << " over 1, 2 or 3 spatial dimensions is supported "
                             "(an input [N, C, ...] of rank 3 to 5); input '"
                          << node.node().input(0) << "' has rank "
                          << type.getRank();
}

/// Reads a per-spatial-dimension attribute such as strides or dilations.
FailureOr<SmallVector<int64_t>> getSpatialInts(NodeImporter &node,
                                               StringRef name,
                                               int64_t defaultValue,
                                               int64_t rank) {
  SmallVector<int64_t> values =
      node.getInts(name, SmallVector<int64_t>(rank, defaultValue));
  if (static_cast<int64_t>(values.size()) != rank)
    return node.emitError() << "attribute '" << name << "' has "
                            << values.size() << " values; expected " << rank;
  // Checked here, before SAME padding divides by a stride and window spans
  // multiply dilations.
  for (int64_t value : values)
    if (value < 1 || value > kMaxWindowValue)
      return node.emitError() << "attribute '" << name << "' has value "
                              << value << "; expected 1 to "
                              << kMaxWindowValue;
  return values;
}

/// Resolves ONNX's `auto_pad` and `pads` into explicit begin-then-end
/// padding for a window of `kernel` (already dilated to its span).
FailureOr<SmallVector<int64_t>>
resolvePads(NodeImporter &node, ArrayRef<int64_t> inputSizes,
            ArrayRef<int64_t> kernelSpans, ArrayRef<int64_t> strides) {
  int64_t rank = inputSizes.size();
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    SmallVector<int64_t> pads =
        node.getInts("pads", SmallVector<int64_t>(2 * rank, 0));
    if (static_cast<int64_t>(pads.size()) != 2 * rank)
      return node.emitError() << "attribute 'pads' has " << pads.size()
                              << " values; expected " << 2 * rank;
    for (int64_t pad : pads)
      if (pad < 0 || pad > kMaxWindowValue)
        return node.emitError() << "attribute 'pads' has value " << pad
                                << "; expected 0 to " << kMaxWindowValue;
    return pads;
  }
  if (autoPad == "VALID")
    return SmallVector<int64_t>(2 * rank, 0);
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return node.emitError() << "unknown auto_pad '" << autoPad
                            << "'; expected NOTSET, VALID, SAME_UPPER or "
                               "SAME_LOWER";
  // SAME: output = ceil(input / stride); the odd padding element goes at the
  // end for SAME_UPPER and at the beginning for SAME_LOWER.
  SmallVector<int64_t> pads(2 * rank, 0);
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t output = (inputSizes[dim] + strides[dim] - 1) / strides[dim];
    int64_t total = std::max<int64_t>(
        0, (output - 1) * strides[dim] + kernelSpans[dim] - inputSizes[dim]);
    int64_t small = total / 2, large = total - small;
    pads[dim] = autoPad == "SAME_UPPER" ? small : large;
    pads[dim + rank] = autoPad == "SAME_UPPER" ? large : small;
  }
  return pads;
}

/// Strides, dilations (when `hasDilations`) and resolved pads of a window
/// of `kernel` over the spatial dimensions of the NC... `input`.
LogicalResult readWindowAttrs(NodeImporter &node, RankedTensorType input,
                              bool hasDilations, Window &window) {
  int64_t rank = window.kernel.size();
  auto strides = getSpatialInts(node, "strides", 1, rank);
  if (failed(strides))
    return failure();
  window.strides = *strides;
  window.dilations.assign(rank, 1);
  if (hasDilations) {
    auto dilations = getSpatialInts(node, "dilations", 1, rank);
    if (failed(dilations))
      return failure();
    window.dilations = *dilations;
  }
  SmallVector<int64_t> spans;
  for (int64_t dim = 0; dim < rank; ++dim)
    spans.push_back((window.kernel[dim] - 1) * window.dilations[dim] + 1);
  auto pads = resolvePads(node, input.getShape().drop_front(2), spans,
                          window.strides);
  if (failed(pads))
    return failure();
  window.pads = *pads;
  return success(!node.hadAttributeError());
}

/// Builds window ops (and, from Composer, reshapes, slices and pads) at
/// one node's location, checking each result type first.
class WindowBuilder : public Composer {
public:
  explicit WindowBuilder(NodeImporter &node) : Composer(node) {}

  Value reshape(Value value, ArrayRef<int64_t> shape) {
    return node.reshapeTo(value, shape);
  }
  FailureOr<Value> conv2d(Value input, Value filter, Value bias,
                          const Window &window, int64_t groups) {
    FailureOr<RankedTensorType> type = inferConvType(
        node.loc(), rankedOf(input), rankedOf(filter),
        bias ? rankedOf(bias) : RankedTensorType(), ActivationLayout::NCHW,
        FilterLayout::FCHW, window.strides, window.pads, window.dilations,
        groups);
    if (failed(type))
      return failure();
    return ConvOp::create(b, node.loc(), *type, input, filter, bias,
                          /*residual=*/Value(), ActivationLayout::NCHW,
                          FilterLayout::FCHW, window.strides, window.pads,
                          window.dilations, groups,
                          /*clamp_min=*/FloatAttr(), /*clamp_max=*/FloatAttr())
        .getResult();
  }
  FailureOr<Value> maxPool2d(Value input, const Window &window) {
    FailureOr<RankedTensorType> type = inferPoolType(
        node.loc(), rankedOf(input), ActivationLayout::NCHW, window.kernel,
        window.strides, window.pads, window.dilations, window.ceilMode);
    if (failed(type))
      return failure();
    return MaxPoolOp::create(b, node.loc(), *type, input,
                             ActivationLayout::NCHW, window.kernel,
                             window.strides, window.pads, window.dilations,
                             window.ceilMode)
        .getResult();
  }
  FailureOr<Value> avgPool2d(Value input, const Window &window,
                             bool countIncludePad) {
    FailureOr<RankedTensorType> type = inferPoolType(
        node.loc(), rankedOf(input), ActivationLayout::NCHW, window.kernel,
        window.strides, window.pads, window.dilations, window.ceilMode);
    if (failed(type))
      return failure();
    return AvgPoolOp::create(b, node.loc(), *type, input,
                             ActivationLayout::NCHW, window.kernel,
                             window.strides, window.pads, window.ceilMode,
                             countIncludePad)
        .getResult();
  }
};

/// A 3-D convolution as one 2-D convolution: the KD depth taps become
/// channels. For each output depth, the KD input planes it reads are
/// stacked, within each group, ahead of the group's channels
/// ([N * Dout, G, KD, C/G, H, W]), and the filter [F, C/G, KD, KH, KW] is
/// reordered to match ([F, KD * C/G, KH, KW]).
FailureOr<Value> conv3dAsConv2d(NodeImporter &node, Value input, Value filter,
                                Value bias, const Window &window,
                                int64_t groups) {
  WindowBuilder w(node);
  ArrayRef<int64_t> in = rankedOf(input).getShape();
  ArrayRef<int64_t> filterShape = rankedOf(filter).getShape();
  int64_t n = in[0], channels = in[1], depth = in[2];
  int64_t groupChannels = filterShape[1], taps = window.kernel[0];
  if (taps < 1)
    return node.emitError() << "filter " << formatDims(filterShape)
                            << " has no taps along the depth";
  if (groups < 1 || channels != groups * groupChannels)
    return node.emitError() << "filter " << formatDims(filterShape)
                            << " with group " << groups << " expects "
                            << groups * groupChannels
                            << " input channels, the input " << formatDims(in)
                            << " has " << channels;
  int64_t outDepth = window.outputSize(0, depth);
  if (outDepth < 1)
    return node.emitError() << "the depth window of " << taps
                            << " taps does not fit the input's depth "
                            << depth;
  Value padded = w.padDim(input, 2, window.padBegin(0), window.padEnd(0), 0.0);
  SmallVector<Value> planes;
  for (int64_t tap = 0; tap < taps; ++tap) {
    Value plane = w.sliceDim(padded, 2, tap * window.dilations[0],
                             window.strides[0], outDepth);
    plane = w.transpose(plane, {0, 2, 1, 3, 4});
    planes.push_back(w.reshape(plane, {n * outDepth, groups, 1, groupChannels,
                                       in[3], in[4]}));
  }
  Value stacked = planes.front();
  if (planes.size() > 1) {
    FailureOr<RankedTensorType> type =
        inferConcatType(node.loc(), ValueRange(planes).getTypes(), 2);
    if (failed(type))
      return failure();
    stacked = ConcatOp::create(node.builder(), node.loc(), *type, planes, 2);
  }
  stacked = w.reshape(stacked, {n * outDepth, groups * taps * groupChannels,
                                in[3], in[4]});
  Value planarFilter = w.reshape(w.transpose(filter, {0, 2, 1, 3, 4}),
                                 {filterShape[0], taps * groupChannels,
                                  filterShape[3], filterShape[4]});
  FailureOr<Value> result =
      w.conv2d(stacked, planarFilter, bias, window.plane(1), groups);
  if (failed(result))
    return failure();
  ArrayRef<int64_t> out = rankedOf(*result).getShape();
  return w.transpose(w.reshape(*result, {n, outDepth, out[1], out[2], out[3]}),
                     {0, 2, 1, 3, 4});
}

/// A convolution over 1, 2 or 3 spatial dimensions of an NC... input: 1-D
/// as 2-D over [N, C, 1, L], 3-D as conv3dAsConv2d.
FailureOr<Value> convolution(NodeImporter &node, Value input, Value filter,
                             Value bias, const Window &window, int64_t groups) {
  WindowBuilder w(node);
  if (window.rank() == 2)
    return w.conv2d(input, filter, bias, window, groups);
  if (window.rank() == 3)
    return conv3dAsConv2d(node, input, filter, bias, window, groups);
  ArrayRef<int64_t> in = rankedOf(input).getShape();
  ArrayRef<int64_t> k = rankedOf(filter).getShape();
  FailureOr<Value> result =
      w.conv2d(w.reshape(input, {in[0], in[1], 1, in[2]}),
               w.reshape(filter, {k[0], k[1], 1, k[2]}), bias,
               window.lifted(), groups);
  if (failed(result))
    return failure();
  ArrayRef<int64_t> out = rankedOf(*result).getShape();
  return w.reshape(*result, {out[0], out[1], out[3]});
}

} // namespace

FailureOr<Value> convolutionOfNode(NodeImporter &node, Value input,
                                   Value filter, Value bias) {
  auto rank = spatialRankOf(node, rankedOf(input));
  if (failed(rank))
    return failure();
  RankedTensorType filterType = rankedOf(filter);
  if (filterType.getRank() != 2 + *rank)
    return node.emitError() << "the filter " << filterType << " has rank "
                            << filterType.getRank() << "; expected "
                            << 2 + *rank << " (F, C/group, kernel...)";
  if (bias && rankedOf(bias).getRank() != 1)
    return node.emitError() << "the bias must be 1-D, got " << bias.getType();

  Window window;
  window.kernel.assign(filterType.getShape().begin() + 2,
                       filterType.getShape().end());
  if (node.getInts("kernel_shape", window.kernel) != window.kernel)
    return node.emitError() << "attribute 'kernel_shape' disagrees with the "
                               "filter's shape "
                            << filterType;
  int64_t groups = node.getInt("group", 1);
  if (failed(readWindowAttrs(node, rankedOf(input), /*hasDilations=*/true,
                             window)))
    return failure();
  return convolution(node, input, filter, bias, window, groups);
}

namespace {

LogicalResult importConv(NodeImporter &node) {
  auto input = node.floatInput(0);
  auto filter = node.floatInput(1);
  if (failed(input) || failed(filter))
    return failure();
  FailureOr<Value> result =
      convolutionOfNode(node, *input, *filter, node.optionalInput(2));
  return failed(result) ? failure() : node.setResults(*result);
}

/// `x` with `stride - 1` zeros between neighbours along each spatial
/// dimension: each element becomes a block [1, s1, s2, ...] whose other
/// entries are zero padding, and the trailing zeros are cut off.
Value insertZeros(NodeImporter &node, Value x, ArrayRef<int64_t> strides) {
  if (llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return x;
  WindowBuilder w(node);
  ArrayRef<int64_t> shape = rankedOf(x).getShape();
  int64_t rank = strides.size();
  SmallVector<int64_t> interleaved(shape.take_front(2));
  for (int64_t dim = 0; dim < rank; ++dim)
    interleaved.append({shape[2 + dim], 1});
  Value spread = w.reshape(x, interleaved);
  for (int64_t dim = 0; dim < rank; ++dim)
    spread = w.padDim(spread, 3 + 2 * dim, 0, strides[dim] - 1, 0.0);
  SmallVector<int64_t> merged(shape.take_front(2));
  for (int64_t dim = 0; dim < rank; ++dim)
    merged.push_back(shape[2 + dim] * strides[dim]);
  Value result = w.reshape(spread, merged);
  for (int64_t dim = 0; dim < rank; ++dim)
    result = w.sliceDim(result, 2 + dim, 0, 1,
                        (shape[2 + dim] - 1) * strides[dim] + 1);
  return result;
}

/// ConvTranspose as a convolution: zeros inserted between the input's
/// elements (the stride), the border padded by the dilated kernel's span
/// minus the pads (cropped where that is negative) plus output_padding at
/// the end, and the filter [C, F/G, k...] turned into [F, C/G, k...] and
/// flipped along every spatial dimension.
LogicalResult importConvTranspose(NodeImporter &node) {
  auto input = node.floatInput(0);
  auto filter = node.floatInput(1);
  if (failed(input) || failed(filter))
    return failure();
  auto rank = spatialRankOf(node, input->getType());
  if (failed(rank))
    return failure();
  Value bias = node.optionalInput(2);
  ArrayRef<int64_t> in = input->getType().getShape();
  ArrayRef<int64_t> k = filter->getType().getShape();
  int64_t groups = node.getInt("group", 1);
  if (filter->getType().getRank() != 2 + *rank || groups < 1 ||
      k[0] != in[1] || in[1] % groups != 0 ||
      llvm::any_of(k.drop_front(2), [](int64_t size) { return size < 1; }))
    return node.emitError() << "filter " << formatDims(k)
                            << " must be [C, F/group, kernel...] for the "
                               "input "
                            << formatDims(in) << " and group " << groups
                            << ", with a kernel of at least one tap";
  auto strides = getSpatialInts(node, "strides", 1, *rank);
  auto dilations = getSpatialInts(node, "dilations", 1, *rank);
  if (failed(strides) || failed(dilations))
    return failure();
  SmallVector<int64_t> outputPadding =
      node.getInts("output_padding", SmallVector<int64_t>(*rank, 0));
  SmallVector<int64_t> outputShape = node.getInts("output_shape");
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  SmallVector<int64_t> pads =
      node.getInts("pads", SmallVector<int64_t>(2 * *rank, 0));
  if (node.hadAttributeError())
    return failure();
  if (static_cast<int64_t>(outputPadding.size()) != *rank ||
      static_cast<int64_t>(pads.size()) != 2 * *rank ||
      (!outputShape.empty() &&
       static_cast<int64_t>(outputShape.size()) != *rank))
    return node.emitError() << "output_padding, pads and output_shape need "
                               "one value per spatial dimension (pads two)";
  // With output_shape, or SAME padding (output = input * stride), the pads
  // follow from the output size.
  if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int64_t dim = 0; dim < *rank; ++dim) {
      int64_t target = outputShape.empty() ? in[2 + dim] * (*strides)[dim]
                                           : outputShape[dim];
      int64_t total = (*strides)[dim] * (in[2 + dim] - 1) + outputPadding[dim] +
                      (k[2 + dim] - 1) * (*dilations)[dim] + 1 - target;
      int64_t small = total / 2, large = total - small;
      bool upper = autoPad != "SAME_LOWER";
      pads[dim] = upper ? small : large;
      pads[*rank + dim] = upper ? large : small;
    }
  } else if (autoPad == "VALID") {
    pads.assign(2 * *rank, 0);
  } else if (autoPad != "NOTSET") {
    return node.emitError() << "unknown auto_pad '" << autoPad << "'";
  }

  WindowBuilder w(node);
  Value x = insertZeros(node, *input, *strides);
  Window window;
  window.strides.assign(*rank, 1);
  window.dilations = *dilations;
  window.pads.assign(2 * *rank, 0);
  for (int64_t dim = 0; dim < *rank; ++dim) {
    int64_t span = (k[2 + dim] - 1) * (*dilations)[dim];
    int64_t begin = span - pads[dim];
    int64_t end = span - pads[*rank + dim] + outputPadding[dim];
    window.kernel.push_back(k[2 + dim]);
    // Negative padding crops.
    int64_t extent = rankedOf(x).getDimSize(2 + dim);
    int64_t cropBegin = std::max<int64_t>(0, -begin);
    int64_t cropEnd = std::max<int64_t>(0, -end);
    if (cropBegin + cropEnd >= extent)
      return node.emitError() << "pads crop all of spatial dimension " << dim;
    if (cropBegin || cropEnd)
      x = w.sliceDim(x, 2 + dim, cropBegin, 1, extent - cropBegin - cropEnd);
    window.pads[dim] = std::max<int64_t>(0, begin);
    window.pads[*rank + dim] = std::max<int64_t>(0, end);
  }
  // [C, F/G, k...] -> [G, C/G, F/G, k...] -> [G, F/G, C/G, k...] -> [F, C/G, k...],
  // flipped along each spatial dimension.
  int64_t inGroup = in[1] / groups, outGroup = k[1];
  SmallVector<int64_t> grouped{groups, inGroup, outGroup};
  SmallVector<int64_t> permutation{0, 2, 1};
  for (int64_t dim = 0; dim < *rank; ++dim) {
    grouped.push_back(k[2 + dim]);
    permutation.push_back(3 + dim);
  }
  SmallVector<int64_t> convShape{groups * outGroup, inGroup};
  convShape.append(k.begin() + 2, k.end());
  Value flipped = w.reshape(
      w.transpose(w.reshape(*filter, grouped), permutation), convShape);
  for (int64_t dim = 0; dim < *rank; ++dim)
    flipped = w.sliceDim(flipped, 2 + dim, k[2 + dim] - 1, -1, k[2 + dim]);
  FailureOr<Value> result =
      convolution(node, x, flipped, bias, window, groups);
  return failed(result) ? failure() : node.setResults(*result);
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

/// The kernel, strides, pads (and dilations for MaxPool from opset 10)
/// and ceil_mode of a pooling node over `rank` spatial dimensions.
FailureOr<Window> readPoolWindow(NodeImporter &node, RankedTensorType input,
                                 int64_t rank, bool hasDilations) {
  Window window;
  if (!node.hasAttr("kernel_shape"))
    return node.emitError() << "missing required attribute 'kernel_shape'";
  window.kernel = node.getInts("kernel_shape");
  if (static_cast<int64_t>(window.kernel.size()) != rank)
    return node.emitError() << "attribute 'kernel_shape' has "
                            << window.kernel.size() << " values; expected "
                            << rank;
  for (int64_t size : window.kernel)
    if (size < 1 || size > kMaxWindowValue)
      return node.emitError() << "attribute 'kernel_shape' has value " << size
                              << "; expected 1 to " << kMaxWindowValue;
  if (failed(readWindowAttrs(node, input,
                             hasDilations && node.opset() >= 10, window)))
    return failure();
  window.ceilMode = node.opset() >= 10 && node.getInt("ceil_mode", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  return window;
}

using Pool2dFn = llvm::function_ref<FailureOr<Value>(Value, const Window &)>;

/// A 1-D pool as a 2-D one over [N, C, 1, L].
FailureOr<Value> pool1d(NodeImporter &node, Value input, const Window &window,
                        Pool2dFn pool2d) {
  WindowBuilder w(node);
  ArrayRef<int64_t> in = rankedOf(input).getShape();
  FailureOr<Value> result =
      pool2d(w.reshape(input, {in[0], in[1], 1, in[2]}), window.lifted());
  if (failed(result))
    return failure();
  ArrayRef<int64_t> out = rankedOf(*result).getShape();
  return w.reshape(*result, {out[0], out[1], out[3]});
}

/// A 3-D pool from 2-D pools of its depth taps: tap t of every output depth
/// is the input plane t * dilation + stride * depth (in the padded input,
/// `fill` beyond it), pooled over H and W with the depth folded into the
/// channels, and the taps' results are combined with `combine`. Returns
/// the combined [N, C, Dout, Ho, Wo] and the padded depth range.
FailureOr<Value> pool3dFromPlanes(NodeImporter &node, Value input,
                                  const Window &window, double fill,
                                  Pool2dFn pool2d,
                                  llvm::function_ref<FailureOr<Value>(Value, Value)> combine) {
  WindowBuilder w(node);
  ArrayRef<int64_t> in = rankedOf(input).getShape();
  int64_t outDepth = window.outputSize(0, in[2]);
  if (outDepth < 1)
    return node.emitError() << "the depth window of " << window.kernel[0]
                            << " taps does not fit the input's depth "
                            << in[2];
  // With ceil_mode the last window may reach past the end padding.
  int64_t reach = (outDepth - 1) * window.strides[0] +
                  (window.kernel[0] - 1) * window.dilations[0] + 1;
  int64_t extra = std::max<int64_t>(
      0, reach - (in[2] + window.padBegin(0) + window.padEnd(0)));
  Value padded = w.padDim(input, 2, window.padBegin(0),
                          window.padEnd(0) + extra, fill);
  Value combined;
  for (int64_t tap = 0; tap < window.kernel[0]; ++tap) {
    Value plane = w.sliceDim(padded, 2, tap * window.dilations[0],
                             window.strides[0], outDepth);
    FailureOr<Value> pooled = pool2d(
        w.reshape(plane, {in[0], in[1] * outDepth, in[3], in[4]}),
        window.plane(1));
    if (failed(pooled))
      return failure();
    if (!combined) {
      combined = *pooled;
      continue;
    }
    FailureOr<Value> next = combine(combined, *pooled);
    if (failed(next))
      return failure();
    combined = *next;
  }
  ArrayRef<int64_t> out = rankedOf(combined).getShape();
  return w.reshape(combined, {in[0], in[1], outDepth, out[2], out[3]});
}

/// Windows of more taps than this have no Indices output: each tap is a
/// few ops of its own.
constexpr int64_t kMaxIndexedTaps = 1024;
/// Nor do outputs of more positions than this: each tap's positions are a
/// constant of that many int64 values.
constexpr int64_t kMaxIndexedPositions = int64_t(1) << 22;

/// The flat positions in the input [N, C, spatial...] of output positions
/// [1, 1, out...] reading tap `tap` of the window: row-major, or
/// column-major over the spatial dimensions (storage_order 1), without the
/// batch and channel offset. Padding positions are -1; one is selected only
/// when the window's real elements are all -inf (see maxPoolWithIndices).
Value tapPositions(NodeImporter &node, const Window &window,
                   ArrayRef<int64_t> inputSizes, ArrayRef<int64_t> outSizes,
                   ArrayRef<int64_t> tap, bool columnMajor) {
  int64_t rank = window.rank();
  SmallVector<int64_t> placeValues(rank, 1);
  if (columnMajor)
    for (int64_t dim = 1; dim < rank; ++dim)
      placeValues[dim] = placeValues[dim - 1] * inputSizes[dim - 1];
  else
    for (int64_t dim = rank - 2; dim >= 0; --dim)
      placeValues[dim] = placeValues[dim + 1] * inputSizes[dim + 1];
  int64_t count = 1;
  for (int64_t size : outSizes)
    count *= size;
  SmallVector<int64_t> positions(count);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t remaining = flat, position = 0;
    for (int64_t dim = rank - 1; dim >= 0 && position >= 0; --dim) {
      int64_t out = remaining % outSizes[dim];
      remaining /= outSizes[dim];
      int64_t at = out * window.strides[dim] - window.padBegin(dim) +
                   tap[dim] * window.dilations[dim];
      position = at >= 0 && at < inputSizes[dim]
                     ? position + at * placeValues[dim]
                     : -1;
    }
    positions[flat] = position;
  }
  SmallVector<int64_t> shape = {1, 1};
  shape.append(outSizes.begin(), outSizes.end());
  auto type = RankedTensorType::get(shape, node.builder().getI64Type());
  return arith::ConstantOp::create(
      node.builder(), node.loc(),
      DenseElementsAttr::get(type, ArrayRef<int64_t>(positions)));
}

/// MaxPool with its Indices output, for any spatial rank: each tap of the
/// window is a strided slice of the input padded with -inf, and a tap
/// replaces the best so far only when it is greater, so the first greatest
/// element of the window (in row-major tap order, as ONNX Runtime scans)
/// wins and padding loses to any real element above -inf.
FailureOr<std::pair<Value, Value>>
maxPoolWithIndices(NodeImporter &node, Value input, const Window &window,
                   bool columnMajor) {
  WindowBuilder w(node);
  ArrayRef<int64_t> in = rankedOf(input).getShape();
  int64_t rank = window.rank();
  SmallVector<int64_t> outSizes;
  int64_t taps = 1;
  Value padded = input;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t out = window.outputSize(dim, in[2 + dim]);
    if (out < 1)
      return node.emitError() << "the window does not fit the input's "
                                 "spatial dimension "
                              << dim << " of size " << in[2 + dim];
    // With ceil_mode the last window may reach past the end padding.
    int64_t reach = (out - 1) * window.strides[dim] +
                    (window.kernel[dim] - 1) * window.dilations[dim] + 1;
    int64_t extra = std::max<int64_t>(
        0, reach - (in[2 + dim] + window.padBegin(dim) + window.padEnd(dim)));
    padded = w.padDim(padded, 2 + dim, window.padBegin(dim),
                      window.padEnd(dim) + extra,
                      -std::numeric_limits<double>::infinity());
    outSizes.push_back(out);
    taps *= window.kernel[dim];
    if (taps > kMaxIndexedTaps)
      return node.emitError() << "the Indices output is supported for windows "
                                 "of at most "
                              << kMaxIndexedTaps << " elements";
  }
  int64_t positions = 1;
  for (int64_t size : outSizes)
    if (llvm::MulOverflow(positions, size, positions) ||
        positions > kMaxIndexedPositions)
      return node.emitError() << "the Indices output is supported for at most "
                              << kMaxIndexedPositions
                              << " output positions per plane";
  Value best, bestPosition;
  SmallVector<int64_t> tap(rank, 0);
  for (int64_t index = 0; index < taps; ++index) {
    int64_t remaining = index;
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      tap[dim] = remaining % window.kernel[dim];
      remaining /= window.kernel[dim];
    }
    Value candidate = padded;
    for (int64_t dim = 0; dim < rank; ++dim)
      candidate = w.sliceDim(candidate, 2 + dim, tap[dim] * window.dilations[dim],
                             window.strides[dim], outSizes[dim]);
    Value position = tapPositions(node, window, in.drop_front(2), outSizes,
                                  tap, columnMajor);
    if (!best) {
      best = candidate;
      bestPosition = position;
      continue;
    }
    FailureOr<Value> greater =
        w.compare(ComparePredicate::gt, candidate, best);
    if (failed(greater))
      return failure();
    FailureOr<Value> nextBest = w.select(*greater, candidate, best);
    FailureOr<Value> nextPosition =
        w.select(*greater, position, bestPosition);
    if (failed(nextBest) || failed(nextPosition))
      return failure();
    best = *nextBest;
    bestPosition = *nextPosition;
  }
  // Offsets of each (batch, channel) plane: (n * C + c) * spatial size.
  int64_t planeSize = 1;
  for (int64_t size : in.drop_front(2))
    planeSize *= size;
  Type i64 = node.builder().getI64Type();
  SmallVector<int64_t> planeShape(rank + 2, 1);
  planeShape[0] = in[0];
  planeShape[1] = in[1];
  Value planes = w.reshape(w.iota(i64, in[0] * in[1], 0, 1), planeShape);
  FailureOr<Value> offsets =
      w.binary<MulOp>(planes, w.scalar(i64, planeSize));
  if (failed(offsets))
    return failure();
  FailureOr<Value> indices = w.binary<AddOp>(bestPosition, *offsets);
  if (failed(indices))
    return failure();
  return std::make_pair(best, *indices);
}

// MaxPool takes 8-bit integers from opset 12: they are pooled as float
// (exactly) and converted back.
LogicalResult importMaxPool(NodeImporter &node) {
  auto original = node.input(0);
  if (failed(original))
    return failure();
  Type element = rankedOf(*original).getElementType();
  Value input = node.castElements(
      *original, isa<FloatType>(element) ? element
                                         : node.builder().getF32Type());
  auto rank = spatialRankOf(node, rankedOf(input));
  if (failed(rank))
    return failure();
  auto window = readPoolWindow(node, rankedOf(input), *rank,
                               /*hasDilations=*/true);
  if (failed(window))
    return failure();
  if (node.isOutputUsed(1)) {
    bool columnMajor = node.getInt("storage_order", 0) != 0;
    if (node.hadAttributeError())
      return failure();
    auto pooled = maxPoolWithIndices(node, input, *window, columnMajor);
    if (failed(pooled))
      return failure();
    return node.setResults(
        {node.castElements(pooled->first, element), pooled->second});
  }
  WindowBuilder w(node);
  auto pool2d = [&](Value x, const Window &plane) {
    return w.maxPool2d(x, plane);
  };
  FailureOr<Value> result;
  if (*rank == 2) {
    result = w.maxPool2d(input, *window);
  } else if (*rank == 1) {
    result = pool1d(node, input, *window, pool2d);
  } else {
    auto maximum = [&](Value lhs, Value rhs) -> FailureOr<Value> {
      return BinaryFnOp::create(node.builder(), node.loc(), lhs.getType(),
                                BinaryFn::max, lhs, rhs)
          .getResult();
    };
    result = pool3dFromPlanes(node, input, *window,
                              -std::numeric_limits<double>::infinity(), pool2d,
                              maximum);
  }
  return failed(result) ? failure()
                        : node.setResults(node.castElements(*result, element));
}

/// The divisor of each output depth of a 3-D average pool, [1, 1, Dout,
/// 1, 1]: its taps inside the padded input with `count_include_pad`, else
/// inside the input. (The 2-D pools already divided by their H-W counts.)
Value depthTapCounts(NodeImporter &node, const Window &window, int64_t depth,
                     int64_t outDepth, bool countIncludePad, Type element) {
  int64_t first = countIncludePad ? 0 : window.padBegin(0);
  int64_t last = first + depth +
                 (countIncludePad ? window.padBegin(0) + window.padEnd(0) : 0);
  SmallVector<Attribute> counts;
  for (int64_t out = 0; out < outDepth; ++out) {
    int64_t count = 0;
    for (int64_t tap = 0; tap < window.kernel[0]; ++tap) {
      int64_t at = out * window.strides[0] + tap * window.dilations[0];
      count += at >= first && at < last;
    }
    counts.push_back(FloatAttr::get(element, std::max<int64_t>(count, 1)));
  }
  auto type = RankedTensorType::get({1, 1, outDepth, 1, 1}, element);
  return arith::ConstantOp::create(node.builder(), node.loc(),
                                   DenseElementsAttr::get(type, counts));
}

/// An average pool over 1, 2 or 3 spatial dimensions.
FailureOr<Value> averagePool(NodeImporter &node, Value input,
                             const Window &window, int64_t rank,
                             bool countIncludePad) {
  WindowBuilder w(node);
  auto pool2d = [&](Value x, const Window &plane) {
    return w.avgPool2d(x, plane, countIncludePad);
  };
  if (rank == 2)
    return pool2d(input, window);
  if (rank == 1)
    return pool1d(node, input, window, pool2d);
  auto sum = [&](Value lhs, Value rhs) -> FailureOr<Value> {
    return AddOp::create(node.builder(), node.loc(), lhs.getType(), lhs, rhs)
        .getResult();
  };
  FailureOr<Value> result =
      pool3dFromPlanes(node, input, window, 0.0, pool2d, sum);
  if (failed(result))
    return failure();
  RankedTensorType type = rankedOf(*result);
  Value counts = depthTapCounts(node, window, rankedOf(input).getDimSize(2),
                                type.getDimSize(2), countIncludePad,
                                type.getElementType());
  return DivOp::create(node.builder(), node.loc(), type, *result, counts)
      .getResult();
}

LogicalResult importAveragePool(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  auto rank = spatialRankOf(node, input->getType());
  if (failed(rank))
    return failure();
  auto window = readPoolWindow(node, input->getType(), *rank,
                               /*hasDilations=*/false);
  bool countIncludePad = node.getInt("count_include_pad", 0) != 0;
  if (failed(window) || node.hadAttributeError())
    return failure();
  FailureOr<Value> result =
      averagePool(node, *input, *window, *rank, countIncludePad);
  return failed(result) ? failure() : node.setResults(*result);
}

/// |x|^p, with the common p = 1 and p = 2 exact and cheap.
Value absolutePower(NodeImporter &node, Value x, int64_t p) {
  Composer compose(node);
  if (p == 2)
    return *compose.binary<MulOp>(x, x);
  Value magnitude = compose.unary(UnaryFn::abs, x);
  if (p == 1)
    return magnitude;
  return *compose.binaryFn(
      BinaryFn::pow, magnitude,
      compose.scalar(rankedOf(x).getElementType(), static_cast<double>(p)));
}

/// s^(1/p) of a sum of p-th powers.
Value pthRoot(NodeImporter &node, Value sum, int64_t p) {
  Composer compose(node);
  if (p == 1)
    return sum;
  if (p == 2)
    return compose.unary(UnaryFn::sqrt, sum);
  return *compose.binaryFn(
      BinaryFn::pow, sum,
      compose.scalar(rankedOf(sum).getElementType(), 1.0 / p));
}

FailureOr<int64_t> readLpExponent(NodeImporter &node) {
  int64_t p = node.getInt("p", 2);
  if (node.hadAttributeError())
    return failure();
  if (p < 1 || p > 64)
    return node.emitError() << "p must be 1 to 64, got " << p;
  return p;
}

// The window's sum of |x|^p is its average with the padding counted, times
// the window's size; padding adds 0.
LogicalResult importLpPool(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  auto rank = spatialRankOf(node, input->getType());
  if (failed(rank))
    return failure();
  auto window = readPoolWindow(node, input->getType(), *rank,
                               /*hasDilations=*/false);
  auto p = readLpExponent(node);
  if (failed(window) || failed(p))
    return failure();
  FailureOr<Value> mean =
      averagePool(node, absolutePower(node, *input, *p), *window, *rank,
                  /*countIncludePad=*/true);
  if (failed(mean))
    return failure();
  int64_t taps = 1;
  for (int64_t size : window->kernel)
    taps *= size;
  Composer compose(node);
  FailureOr<Value> sum = compose.binary<MulOp>(
      *mean,
      compose.scalar(input->getType().getElementType(),
                     static_cast<double>(taps)));
  if (failed(sum))
    return failure();
  return node.setResults(pthRoot(node, *sum, *p));
}

LogicalResult importGlobalLpPool(NodeImporter &node) {
  auto input = node.floatInput(0);
  if (failed(input))
    return failure();
  auto p = readLpExponent(node);
  if (failed(p))
    return failure();
  int64_t rank = input->getType().getRank();
  if (rank < 3)
    return node.emitError() << "the input must be [N, C, spatial...], got "
                            << input->getType();
  auto spatial = llvm::to_vector(llvm::seq<int64_t>(2, rank));
  FailureOr<Value> sum = Composer(node).reduce(
      ReduceFn::sum, absolutePower(node, *input, *p), spatial);
  if (failed(sum))
    return failure();
  return node.setResults(pthRoot(node, *sum, *p));
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
     "1-D, 2-D and 3-D (1-D as 2-D over [1, L]; 3-D as one 2-D conv with the "
     "depth taps as channels); `auto_pad` NOTSET/VALID/SAME_UPPER/SAME_LOWER "
     "resolved to explicit pads"},
    {"ConvTranspose", 1, importConvTranspose,
     "1-D, 2-D and 3-D; groups, dilations, `output_padding`, `output_shape`, "
     "`auto_pad`; a convolution of the zero-strided input with the flipped "
     "filter"},
    {"BatchNormalization", 6, importBatchNorm,
     "inference form only (`is_test=0`, `training_mode=1` and `spatial=0` "
     "rejected)"},
    {"MaxPool", 1, importMaxPool,
     "1-D, 2-D and 3-D (3-D as 2-D pools of the depth taps); dilations; "
     "8-bit integers (12); the Indices output (storage_order) for windows of "
     "up to 1024 taps"},
    {"AveragePool", 1, importAveragePool, "1-D, 2-D and 3-D"},
    {"GlobalAveragePool", 1, importGlobalAveragePool, ""},
    {"LpPool", 2, importLpPool,
     "1-D, 2-D and 3-D; integer `p`; the sum of |x|^p as an average pool "
     "counting the padding"},
    {"GlobalLpPool", 2, importGlobalLpPool, "integer `p`"},
};

} // namespace

ArrayRef<OpImporter> getConvolutionImporters() { return kConvolutionImporters; }

} // namespace sinter::onnx_import
