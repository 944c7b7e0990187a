//===- DataMovementOps.cpp - slices, pads, tiles and generated tensors ----===//
//
// Slice, Split, Pad, Tile, Expand, DepthToSpace, SpaceToDepth and Trilu on
// run-time data; ConstantOfShape, Range, Size and EyeLike become constants.
// Inputs that determine a shape (starts, pads, repeats, target shapes) must
// be constants: an initializer, a Constant node or a folded shape
// computation.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/OpImporters.h"
#include "compiler/Importer/TensorConversion.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <numeric>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

RankedTensorType rankedOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

Value constantOf(NodeImporter &node, RankedTensorType type,
                 ArrayRef<Attribute> values) {
  return arith::ConstantOp::create(node.builder(), node.loc(),
                                   DenseElementsAttr::get(type, values));
}

/// An optional constant int input, or the attribute of that name before
/// `inputOpset`.
FailureOr<std::optional<SmallVector<int64_t>>>
intsFromInputOrAttr(NodeImporter &node, unsigned index, StringRef name,
                    int64_t inputOpset) {
  if (node.opset() < inputOpset) {
    if (!node.hasAttr(name))
      return std::optional<SmallVector<int64_t>>();
    SmallVector<int64_t> values = node.getInts(name);
    if (node.hadAttributeError())
      return failure();
    return std::optional<SmallVector<int64_t>>(values);
  }
  if (!node.hasInput(index))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<SmallVector<int64_t>> values = node.constantInts(index, name);
  if (failed(values))
    return failure();
  return std::optional<SmallVector<int64_t>>(*values);
}

/// One dimension of a slice, as ONNX clamps it.
struct SliceDim {
  int64_t offset = 0, stride = 1, size = 0;
};

SliceDim clampSlice(int64_t start, int64_t end, int64_t step, int64_t extent) {
  if (start < 0)
    start += extent;
  if (end < 0)
    end += extent;
  SliceDim dim;
  dim.stride = step;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, extent);
    end = std::clamp<int64_t>(end, 0, extent);
    dim.size = end > start ? (end - start + step - 1) / step : 0;
  } else {
    start = std::clamp<int64_t>(start, 0, extent - 1);
    end = std::clamp<int64_t>(end, -1, extent - 1);
    dim.size = start > end ? (start - end - step - 1) / -step : 0;
  }
  dim.offset = dim.size > 0 ? start : 0;
  return dim;
}

/// A sinter.slice, or the input itself when the slice takes all of it.
Value buildSlice(NodeImporter &node, Value input, ArrayRef<SliceDim> dims) {
  RankedTensorType type = rankedOf(input);
  SmallVector<int64_t> offsets, strides, shape;
  for (const SliceDim &dim : dims) {
    offsets.push_back(dim.offset);
    strides.push_back(dim.stride);
    shape.push_back(dim.size);
  }
  if (ArrayRef<int64_t>(shape) == type.getShape() &&
      llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return input;
  return node.builder().createOrFold<SliceOp>(
      node.loc(), type.clone(shape), input, offsets, strides);
}

LogicalResult importSlice(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  RankedTensorType type = rankedOf(*input);
  auto starts = intsFromInputOrAttr(node, 1, "starts", 10);
  auto ends = intsFromInputOrAttr(node, 2, "ends", 10);
  auto axes = intsFromInputOrAttr(node, 3, "axes", 10);
  auto steps = intsFromInputOrAttr(node, 4, "steps", 10);
  if (failed(starts) || failed(ends) || failed(axes) || failed(steps))
    return failure();
  if (!*starts || !*ends || (*starts)->size() != (*ends)->size())
    return node.emitError() << "starts and ends must be given, one per axis";
  size_t count = (*starts)->size();
  if ((*axes && (*axes)->size() != count) || (*steps && (*steps)->size() != count))
    return node.emitError() << "axes and steps must have one entry per start";
  SmallVector<int64_t> axisList(count), stepList(count, 1);
  std::iota(axisList.begin(), axisList.end(), 0);
  if (*axes)
    axisList = **axes;
  if (*steps)
    stepList = **steps;
  SmallVector<SliceDim> dims;
  for (int64_t extent : type.getShape())
    dims.push_back({0, 1, extent});
  SmallVector<bool> seen(type.getRank(), false);
  for (size_t i = 0; i < count; ++i) {
    FailureOr<int64_t> axis = node.normalizeAxis(axisList[i], type.getRank());
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return node.emitError() << "axis " << axisList[i] << " is given twice";
    seen[*axis] = true;
    if (stepList[i] == 0)
      return node.emitError() << "step of axis " << axisList[i] << " is 0";
    dims[*axis] = clampSlice((**starts)[i], (**ends)[i], stepList[i],
                             type.getDimSize(*axis));
  }
  return node.setResults(buildSlice(node, *input, dims));
}

LogicalResult importSplit(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  RankedTensorType type = rankedOf(*input);
  auto axis = node.normalizeAxis(node.getInt("axis", 0), type.getRank());
  auto sizes = intsFromInputOrAttr(node, 1, "split", 13);
  if (failed(axis) || failed(sizes))
    return failure();
  int64_t extent = type.getDimSize(*axis);
  int64_t outputs = node.node().output_size();
  SmallVector<int64_t> parts;
  if (*sizes) {
    parts = **sizes;
  } else {
    if (outputs == 0 || extent % outputs != 0)
      return node.emitError() << "dimension " << *axis << " (" << extent
                              << ") does not split evenly into " << outputs
                              << " outputs";
    parts.assign(outputs, extent / outputs);
  }
  int64_t total = 0;
  for (int64_t part : parts) {
    if (part < 0)
      return node.emitError() << "split sizes must not be negative";
    total += part;
  }
  if (total != extent || static_cast<int64_t>(parts.size()) != outputs)
    return node.emitError() << "split sizes " << "sum to " << total << " in "
                            << parts.size() << " parts; the axis has "
                            << extent << " and the node " << outputs
                            << " outputs";
  SmallVector<Value> results;
  int64_t offset = 0;
  for (int64_t part : parts) {
    SmallVector<SliceDim> dims;
    for (int64_t extentOfDim : type.getShape())
      dims.push_back({0, 1, extentOfDim});
    dims[*axis] = {part > 0 ? offset : 0, 1, part};
    results.push_back(buildSlice(node, *input, dims));
    offset += part;
  }
  return node.setResults(results);
}

LogicalResult importPad(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  RankedTensorType type = rankedOf(*input);
  int64_t rank = type.getRank();
  std::string modeName = node.getString("mode", "constant");
  auto pads = intsFromInputOrAttr(node, 1, "pads", 11);
  double value = 0;
  if (node.opset() < 11) {
    value = node.getFloat("value", 0.0f);
  } else {
    auto given = node.optionalConstantScalar(2, "constant_value");
    if (failed(given))
      return failure();
    value = given->value_or(0.0);
  }
  if (failed(pads) || node.hadAttributeError())
    return failure();
  std::optional<PadMode> mode = symbolizePadMode(modeName);
  if (!mode)
    return node.emitError() << "unknown mode '" << modeName
                            << "'; expected constant, reflect or edge";
  if (!*pads || static_cast<int64_t>((*pads)->size()) != 2 * rank)
    return node.emitError() << "pads must have " << 2 * rank << " values";
  // Negative pads crop: a slice first, then the non-negative pads.
  SmallVector<SliceDim> crop;
  SmallVector<int64_t> low, high, shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t before = (**pads)[dim], after = (**pads)[dim + rank];
    int64_t extent = type.getDimSize(dim);
    int64_t kept = extent + std::min<int64_t>(before, 0) + std::min<int64_t>(after, 0);
    if (kept < 0)
      return node.emitError() << "pads crop more than dimension " << dim
                              << " holds";
    crop.push_back({kept > 0 ? -std::min<int64_t>(before, 0) : 0, 1, kept});
    low.push_back(std::max<int64_t>(before, 0));
    high.push_back(std::max<int64_t>(after, 0));
    shape.push_back(kept + low.back() + high.back());
  }
  Value cropped = buildSlice(node, *input, crop);
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return node.setResults(cropped);
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t extent = rankedOf(cropped).getDimSize(dim);
    if (*mode == PadMode::reflect && (low[dim] >= extent || high[dim] >= extent))
      return node.emitError() << "reflect pads of dimension " << dim
                              << " must be smaller than its size " << extent;
    if (*mode == PadMode::edge && extent == 0)
      return node.emitError() << "edge padding of the empty dimension " << dim;
  }
  return node.setResults(PadOp::create(node.builder(), node.loc(),
                                       type.clone(shape), *mode, cropped, low,
                                       high, APFloat(value))
                             .getResult());
}

/// x [d0, d1] tiled [r0, r1] = reshape(broadcast(reshape(x, [1, d0, 1, d1]),
/// [r0, d0, r1, d1]), [r0 d0, r1 d1]).
LogicalResult importTile(NodeImporter &node) {
  auto input = node.input(0);
  auto repeats = node.constantInts(1, "repeats");
  if (failed(input) || failed(repeats))
    return failure();
  RankedTensorType type = rankedOf(*input);
  if (static_cast<int64_t>(repeats->size()) != type.getRank())
    return node.emitError() << "repeats must have " << type.getRank()
                            << " values";
  SmallVector<int64_t> interleaved, broadcastShape, result;
  for (auto [extent, times] : llvm::zip(type.getShape(), *repeats)) {
    if (times < 0)
      return node.emitError() << "repeats must not be negative";
    interleaved.append({1, extent});
    broadcastShape.append({times, extent});
    result.push_back(times * extent);
  }
  Value spread = node.reshapeTo(*input, interleaved);
  Value broadcast = BroadcastToOp::create(
      node.builder(), node.loc(), type.clone(broadcastShape), spread);
  return node.setResults(node.reshapeTo(broadcast, result));
}

LogicalResult importExpand(NodeImporter &node) {
  auto input = node.input(0);
  auto shape = node.constantInts(1, "shape");
  if (failed(input) || failed(shape))
    return failure();
  RankedTensorType type = rankedOf(*input);
  SmallVector<int64_t> result;
  if (!OpTrait::util::getBroadcastedShape(type.getShape(), *shape, result))
    return node.emitError() << "shape " << type << " does not broadcast with ["
                            << llvm::make_range(shape->begin(), shape->end())
                            << "]";
  if (ArrayRef<int64_t>(result) == type.getShape())
    return node.setResults(*input);
  return node.setResults(BroadcastToOp::create(node.builder(), node.loc(),
                                               type.clone(result), *input)
                             .getResult());
}

/// DepthToSpace (DCR or CRD) and SpaceToDepth: a reshape, a transpose and a
/// reshape.
LogicalResult importDepthSpace(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  RankedTensorType type = rankedOf(*input);
  int64_t b = node.getInt("blocksize", 0);
  std::string mode = node.getString("mode", "DCR");
  if (node.hadAttributeError())
    return failure();
  if (type.getRank() != 4 || b < 1)
    return node.emitError() << "needs a 4-D input and a positive blocksize";
  int64_t n = type.getDimSize(0), c = type.getDimSize(1),
          h = type.getDimSize(2), w = type.getDimSize(3);
  SmallVector<int64_t> split, perm, result;
  if (node.opType() == "DepthToSpace") {
    if (c % (b * b) != 0)
      return node.emitError() << "channels (" << c
                              << ") are not divisible by blocksize^2";
    if (mode != "DCR" && mode != "CRD")
      return node.emitError() << "unknown mode '" << mode << "'";
    split = mode == "DCR" ? SmallVector<int64_t>{n, b, b, c / (b * b), h, w}
                          : SmallVector<int64_t>{n, c / (b * b), b, b, h, w};
    perm = mode == "DCR" ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
                         : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
    result = {n, c / (b * b), h * b, w * b};
  } else {
    if (h % b != 0 || w % b != 0)
      return node.emitError() << "height and width are not divisible by the "
                                 "blocksize";
    split = {n, c, h / b, b, w / b, b};
    perm = {0, 3, 5, 1, 2, 4};
    result = {n, c * b * b, h / b, w / b};
  }
  Value blocks = node.reshapeTo(*input, split);
  FailureOr<RankedTensorType> transposedType =
      inferTransposeType(node.loc(), rankedOf(blocks), perm);
  if (failed(transposedType))
    return failure();
  Value moved = TransposeOp::create(node.builder(), node.loc(), *transposedType,
                                    blocks, perm);
  return node.setResults(node.reshapeTo(moved, result));
}

LogicalResult importTrilu(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  int64_t k = 0;
  if (node.hasInput(1)) {
    auto given = node.constantInts(1, "k");
    if (failed(given))
      return failure();
    if (given->size() != 1)
      return node.emitError() << "k must be a scalar";
    k = given->front();
  }
  bool upper = node.getInt("upper", 1) != 0;
  if (node.hadAttributeError())
    return failure();
  if (rankedOf(*input).getRank() < 2)
    return node.emitError() << "needs at least two dimensions";
  return node.setResults(TriluOp::create(node.builder(), node.loc(),
                                         input->getType(), *input, upper, k)
                             .getResult());
}

/// ConstantOfShape: the shape input must be constant; `value` is a
/// one-element tensor (float 0 by default).
LogicalResult importConstantOfShape(NodeImporter &node) {
  auto shape = node.constantInts(0, "shape");
  if (failed(shape))
    return failure();
  for (int64_t extent : *shape)
    if (extent < 0)
      return node.emitError() << "shape values must not be negative";
  Attribute element = node.builder().getF32FloatAttr(0);
  if (const onnx::AttributeProto *attr = node.getAttr("value")) {
    FailureOr<ElementsAttr> value =
        convertTensor(node.loc(), attr->t(), node.modelDir());
    if (failed(value))
      return failure();
    if (value->getNumElements() != 1)
      return node.emitError() << "value must hold one element";
    element = *value->getValues<Attribute>().begin();
  }
  auto type = RankedTensorType::get(*shape, cast<TypedAttr>(element).getType());
  return node.setResults(arith::ConstantOp::create(
                             node.builder(), node.loc(),
                             DenseElementsAttr::get(type, element))
                             .getResult());
}

/// Range of constant scalars: max(ceil((limit - start) / delta), 0)
/// elements.
LogicalResult importRange(NodeImporter &node) {
  SmallVector<Value, 3> inputs;
  SmallVector<double, 3> scalars;
  for (unsigned index = 0; index < 3; ++index) {
    static constexpr const char *kNames[] = {"start", "limit", "delta"};
    auto constant = node.constantInput(
        index, (Twine(kNames[index]) + ", on which Range's length depends").str());
    if (failed(constant))
      return failure();
    SmallVector<double> numbers;
    if (isa<FloatType>(constant->getElementType())) {
      FailureOr<SmallVector<double>> floats = getFloatValues(*constant);
      if (succeeded(floats))
        numbers = *floats;
    } else if (FailureOr<SmallVector<int64_t>> ints =
                   getIntegerValues(*constant);
               succeeded(ints)) {
      numbers.assign(ints->begin(), ints->end());
    }
    if (numbers.size() != 1)
      return node.emitError() << kNames[index] << " (input #" << index
                              << ") must be a scalar";
    scalars.push_back(numbers.front());
    inputs.push_back(node.optionalInput(index));
  }
  double start = scalars[0], limit = scalars[1], delta = scalars[2];
  if (delta == 0)
    return node.emitError() << "delta must not be 0";
  double count = std::max(std::ceil((limit - start) / delta), 0.0);
  if (!(count < (1 << 24)))
    return node.emitError() << "Range of " << count << " elements";
  Type element = rankedOf(inputs[0]).getElementType();
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) {
    if (isa<FloatType>(element))
      values.push_back(node.builder().getFloatAttr(element, start + i * delta));
    else
      values.push_back(node.builder().getIntegerAttr(
          element, static_cast<int64_t>(start) + i * static_cast<int64_t>(delta)));
  }
  auto type = RankedTensorType::get({static_cast<int64_t>(count)}, element);
  return node.setResults(constantOf(node, type, values));
}

LogicalResult importSize(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto type = RankedTensorType::get({}, node.builder().getI64Type());
  return node.setResults(constantOf(
      node, type, node.builder().getI64IntegerAttr(rankedOf(*input).getNumElements())));
}

LogicalResult importEyeLike(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  RankedTensorType type = rankedOf(*input);
  int64_t k = node.getInt("k", 0);
  Type element = type.getElementType();
  if (node.hasAttr("dtype")) {
    FailureOr<Type> given =
        convertElementType(node.loc(), node.getInt("dtype", 0), "dtype");
    if (failed(given))
      return failure();
    element = *given;
  }
  if (node.hadAttributeError())
    return failure();
  if (type.getRank() != 2)
    return node.emitError() << "needs a 2-D input";
  OpBuilder &b = node.builder();
  auto one = [&](bool set) -> Attribute {
    if (isa<FloatType>(element))
      return b.getFloatAttr(element, set ? 1.0 : 0.0);
    return b.getIntegerAttr(element, set ? 1 : 0);
  };
  SmallVector<Attribute> values;
  for (int64_t row = 0; row < type.getDimSize(0); ++row)
    for (int64_t column = 0; column < type.getDimSize(1); ++column)
      values.push_back(one(column - row == k));
  return node.setResults(constantOf(node, type.clone(element), values));
}

const OpImporter kDataMovementImporters[] = {
    {"Slice", 1, importSlice,
     "starts/ends/axes as attributes (< 10) or constant inputs; steps, "
     "negative ones too"},
    {"Split", 2, importSplit,
     "sizes as attribute (< 13) or constant input, or even parts"},
    {"Pad", 2, importPad,
     "constant, reflect, edge; pads constant (attribute < 11); negative pads "
     "crop"},
    {"Tile", 6, importTile, "repeats must be constant"},
    {"Expand", 8, importExpand, "shape must be constant"},
    {"DepthToSpace", 1, importDepthSpace, "DCR and CRD"},
    {"SpaceToDepth", 1, importDepthSpace, ""},
    {"Trilu", 14, importTrilu, "k must be constant"},
    {"ConstantOfShape", 9, importConstantOfShape, "shape must be constant"},
    {"Range", 11, importRange, "constant inputs (folded)"},
    {"Size", 1, importSize, "folded"},
    {"EyeLike", 9, importEyeLike, "folded"},
};

} // namespace

ArrayRef<OpImporter> getDataMovementImporters() {
  return kDataMovementImporters;
}

} // namespace sinter::onnx_import
