//===- ResizeOps.cpp - Resize and Upsample --------------------------------===//
//
// The output shape is static, so where each output element reads from is
// known at compile time. For each resized dimension the importer computes,
// as ONNX's reference does (coordinate transformation, the 2 or 4
// neighbours of the source coordinate with edge padding, the nearest,
// linear or cubic coefficients, exclude_outside, tf_crop_and_resize's
// extrapolation), a table of source indices and weights per tap, and
// resamples that dimension as a sum of gathers at constant indices times
// constant weights. Dimensions are resampled from the last to the first,
// the order of the reference's recursion; nearest taps are plain gathers,
// and dimensions that keep every element are skipped.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"
#include "compiler/Importer/TensorConversion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

enum class ResizeMode { nearest, linear, cubic };

struct ResizeAttrs {
  ResizeMode mode = ResizeMode::nearest;
  std::string coordinates = "half_pixel";
  std::string nearestMode = "round_prefer_floor";
  double cubicA = -0.75;
  bool excludeOutside = false;
  double extrapolation = 0.0;
};

/// One resized dimension: per output position, `taps` source indices (into
/// the unpadded input, already clamped) and weights; `extrapolated` marks
/// positions outside a tf_crop_and_resize box, which take the
/// extrapolation value.
struct DimensionTable {
  int64_t taps = 0;
  std::vector<int64_t> indices;
  std::vector<double> weights;
  std::vector<bool> extrapolated;
};

/// The source coordinate of output position `x`, as ONNX's reference
/// computes it (`outputWidth` is scale * inputWidth, not rounded).
double sourceCoordinate(const ResizeAttrs &attrs, double x, double scale,
                        int64_t inputWidth, double roiStart, double roiEnd) {
  double outputWidth = scale * inputWidth;
  const std::string &mode = attrs.coordinates;
  if (mode == "align_corners")
    return outputWidth == 1 ? 0.0
                            : x * (inputWidth - 1) / (outputWidth - 1);
  if (mode == "asymmetric")
    return x / scale;
  if (mode == "tf_crop_and_resize") {
    double at = outputWidth == 1
                    ? (roiEnd - roiStart) * (inputWidth - 1) / 2
                    : x * (roiEnd - roiStart) * (inputWidth - 1) /
                          (outputWidth - 1);
    return at + roiStart * (inputWidth - 1);
  }
  if (mode == "pytorch_half_pixel")
    return outputWidth == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
  if (mode == "tf_half_pixel_for_nn")
    return (x + 0.5) / scale;
  return (x + 0.5) / scale - 0.5; // half_pixel
}

/// The coefficients of the neighbours of a coordinate whose distance past
/// the neighbour on its left is `ratio` (in (0, 1]).
std::vector<double> coefficients(const ResizeAttrs &attrs, double ratio,
                                 bool isInteger) {
  switch (attrs.mode) {
  case ResizeMode::nearest: {
    if (isInteger)
      return {0, 1};
    const std::string &mode = attrs.nearestMode;
    bool right = mode == "ceil" ||
                 (mode == "round_prefer_floor" && ratio > 0.5) ||
                 (mode == "round_prefer_ceil" && ratio >= 0.5);
    return {right ? 0.0 : 1.0, right ? 1.0 : 0.0};
  }
  case ResizeMode::linear:
    return {1 - ratio, ratio};
  case ResizeMode::cubic: {
    double a = attrs.cubicA, r = ratio, s = 1 - ratio;
    return {((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
            ((a + 2) * r - (a + 3)) * r * r + 1,
            ((a + 2) * s - (a + 3)) * s * s + 1,
            ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a};
  }
  }
  return {};
}

/// The `count` integer positions nearest to `x` in [0, limit), ties to the
/// smaller, in increasing order.
std::vector<int64_t> nearestPositions(double x, int64_t count, int64_t limit) {
  std::vector<int64_t> candidates;
  auto base = static_cast<int64_t>(std::floor(x));
  for (int64_t at = base - count; at <= base + count; ++at)
    if (at >= 0 && at < limit)
      candidates.push_back(at);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](int64_t a, int64_t b) {
                     return std::abs(x - a) < std::abs(x - b);
                   });
  candidates.resize(std::min<size_t>(candidates.size(), count));
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

DimensionTable tableFor(const ResizeAttrs &attrs, int64_t inputWidth,
                        int64_t outputWidth, double scale, double roiStart,
                        double roiEnd) {
  DimensionTable table;
  table.taps = attrs.mode == ResizeMode::cubic ? 4 : 2;
  int64_t pad = (table.taps + 1) / 2;
  for (int64_t x = 0; x < outputWidth; ++x) {
    double at = sourceCoordinate(attrs, x, scale, inputWidth, roiStart, roiEnd);
    bool outside = attrs.coordinates == "tf_crop_and_resize" &&
                   (at < 0 || at > inputWidth - 1);
    table.extrapolated.push_back(outside);
    double base = std::floor(at);
    bool isInteger = at == base;
    std::vector<double> coeffs =
        coefficients(attrs, isInteger ? 1.0 : at - base, isInteger);
    std::vector<int64_t> neighbours =
        nearestPositions(at + pad, table.taps, inputWidth + 2 * pad);
    double kept = 0;
    for (int64_t tap = 0; tap < table.taps; ++tap) {
      int64_t source = neighbours[tap] - pad;
      if (attrs.excludeOutside && (source < 0 || source >= inputWidth))
        coeffs[tap] = 0;
      kept += coeffs[tap];
    }
    for (int64_t tap = 0; tap < table.taps; ++tap) {
      int64_t source = neighbours[tap] - pad;
      table.indices.push_back(std::clamp<int64_t>(source, 0, inputWidth - 1));
      double weight = attrs.excludeOutside && kept != 0 ? coeffs[tap] / kept
                                                        : coeffs[tap];
      table.weights.push_back(outside ? 0.0 : weight);
    }
  }
  if (attrs.mode != ResizeMode::nearest)
    return table;
  // Nearest: one tap, the neighbour with coefficient 1.
  DimensionTable nearest;
  nearest.taps = 1;
  nearest.extrapolated = table.extrapolated;
  for (int64_t x = 0; x < outputWidth; ++x) {
    int64_t chosen = table.weights[x * 2 + 1] != 0 ? 1 : 0;
    nearest.indices.push_back(table.indices[x * 2 + chosen]);
    nearest.weights.push_back(table.extrapolated[x] ? 0.0 : 1.0);
  }
  return nearest;
}

/// A tensor of `values` along dimension `dim` of `rank` (1 elsewhere).
Value constantAlong(OpBuilder &b, Location loc, Type element,
                    ArrayRef<Attribute> values, int64_t dim, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[dim] = values.size();
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(RankedTensorType::get(shape, element), values));
}

/// `x` resampled along `dim` as `table` says.
FailureOr<Value> resampleDimension(NodeImporter &node, Value x, int64_t dim,
                                   const DimensionTable &table,
                                   double extrapolation) {
  Composer c(node);
  OpBuilder &b = node.builder();
  RankedTensorType type = rankedOf(x);
  Type element = type.getElementType();
  int64_t outputWidth = table.extrapolated.size(), rank = type.getRank();
  auto weight = [&](int64_t position, int64_t tap) {
    return table.weights[position * table.taps + tap];
  };
  Value sum;
  for (int64_t tap = 0; tap < table.taps; ++tap) {
    bool used = false, unit = true;
    SmallVector<Attribute> indices, weights;
    for (int64_t position = 0; position < outputWidth; ++position) {
      double w = weight(position, tap);
      used |= w != 0;
      unit &= w == 1;
      indices.push_back(
          b.getI64IntegerAttr(table.indices[position * table.taps + tap]));
      if (isa<FloatType>(element))
        weights.push_back(b.getFloatAttr(element, w));
    }
    // Tap 0 always contributes, so that the sum exists even where every
    // position is extrapolated.
    if (!used && tap > 0)
      continue;
    Value at = arith::ConstantOp::create(
        b, node.loc(),
        DenseElementsAttr::get(RankedTensorType::get({outputWidth}, b.getI64Type()),
                               indices));
    FailureOr<Value> term = c.gather(x, at, dim);
    if (failed(term))
      return failure();
    if (!unit) {
      if (!isa<FloatType>(element))
        return node.emitError() << "linear and cubic Resize, and "
                                   "tf_crop_and_resize, take floating-point "
                                   "tensors, got "
                                << type;
      FailureOr<Value> weighted = c.binary<MulOp>(
          *term, constantAlong(b, node.loc(), element, weights, dim, rank));
      if (failed(weighted))
        return failure();
      term = weighted;
    }
    if (!sum) {
      sum = *term;
      continue;
    }
    FailureOr<Value> next = c.binary<AddOp>(sum, *term);
    if (failed(next))
      return failure();
    sum = *next;
  }
  if (llvm::is_contained(table.extrapolated, true)) {
    // Positions outside the crop box have zero weights: the fill is their
    // value.
    SmallVector<Attribute> fills;
    for (bool outside : table.extrapolated)
      fills.push_back(b.getFloatAttr(element, outside ? extrapolation : 0.0));
    FailureOr<Value> filled = c.binary<AddOp>(
        sum, constantAlong(b, node.loc(), element, fills, dim, rank));
    if (failed(filled))
      return failure();
    sum = *filled;
  }
  return sum;
}

/// Whether `table` maps every output position to the same input position
/// with weight 1: the dimension is unchanged.
bool isIdentity(const DimensionTable &table, int64_t inputWidth) {
  int64_t outputWidth = table.extrapolated.size();
  if (outputWidth != inputWidth || llvm::is_contained(table.extrapolated, true))
    return false;
  for (int64_t x = 0; x < outputWidth; ++x)
    for (int64_t tap = 0; tap < table.taps; ++tap) {
      double w = table.weights[x * table.taps + tap];
      int64_t source = table.indices[x * table.taps + tap];
      if (w != 0 && (w != 1 || source != x))
        return false;
    }
  return true;
}

FailureOr<ResizeAttrs> readResizeAttrs(NodeImporter &node) {
  ResizeAttrs attrs;
  std::string mode = node.getString("mode", "nearest");
  if (node.opset() >= 11) {
    attrs.coordinates =
        node.getString("coordinate_transformation_mode", "half_pixel");
    attrs.nearestMode = node.getString("nearest_mode", "round_prefer_floor");
    attrs.cubicA = node.getFloat("cubic_coeff_a", -0.75f);
    attrs.excludeOutside = node.getInt("exclude_outside", 0) != 0;
    attrs.extrapolation = node.getFloat("extrapolation_value", 0.0f);
  } else {
    // Upsample and Resize-10: asymmetric coordinates, nearest rounds down.
    attrs.coordinates = "asymmetric";
    attrs.nearestMode = "floor";
  }
  if (node.hadAttributeError())
    return failure();
  if (mode == "nearest")
    attrs.mode = ResizeMode::nearest;
  else if (mode == "linear" || mode == "bilinear")
    attrs.mode = ResizeMode::linear;
  else if (mode == "cubic" && node.opset() >= 11)
    attrs.mode = ResizeMode::cubic;
  else
    return node.emitError() << "unknown mode '" << mode << "'";
  static const char *const kCoordinates[] = {
      "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
      "tf_half_pixel_for_nn", "tf_crop_and_resize"};
  if (!llvm::is_contained(kCoordinates, attrs.coordinates))
    return node.emitError() << "unknown coordinate_transformation_mode '"
                            << attrs.coordinates << "'";
  static const char *const kNearest[] = {"round_prefer_floor",
                                         "round_prefer_ceil", "floor", "ceil"};
  if (!llvm::is_contained(kNearest, attrs.nearestMode))
    return node.emitError() << "unknown nearest_mode '" << attrs.nearestMode
                            << "'";
  return attrs;
}

/// The float values of constant input `index`, or none when it is absent
/// or empty (ONNX leaves unused scales and roi empty).
FailureOr<SmallVector<double>> optionalConstantFloats(NodeImporter &node,
                                                      unsigned index,
                                                      StringRef what) {
  if (!node.hasInput(index))
    return SmallVector<double>();
  FailureOr<ElementsAttr> constant = node.constantInput(index, what);
  if (failed(constant))
    return failure();
  if (constant->getNumElements() == 0)
    return SmallVector<double>();
  if (auto values = getFloatValues(*constant); succeeded(values))
    return *values;
  if (auto ints = getIntegerValues(*constant); succeeded(ints))
    return SmallVector<double>(ints->begin(), ints->end());
  return node.emitError() << what << " must be numbers";
}

/// Resize (10: X, scales; 11+: X, roi, scales, sizes) and Upsample (7:
/// `scales` attribute; 9: scales input).
LogicalResult importResize(NodeImporter &node) {
  auto x = node.input(0);
  if (failed(x))
    return failure();
  FailureOr<ResizeAttrs> attrs = readResizeAttrs(node);
  if (failed(attrs))
    return failure();
  bool modern = node.opType() == "Resize" && node.opset() >= 11;
  FailureOr<SmallVector<double>> scales;
  if (node.opType() == "Upsample" && node.opset() < 9) {
    const onnx::AttributeProto *attr = node.getAttr("scales");
    if (!attr)
      return node.emitError() << "missing required attribute 'scales'";
    scales = SmallVector<double>(attr->floats().begin(), attr->floats().end());
  } else {
    scales = optionalConstantFloats(node, modern ? 2 : 1, "scales");
  }
  FailureOr<SmallVector<double>> sizes =
      modern ? optionalConstantFloats(node, 3, "sizes") : SmallVector<double>();
  FailureOr<SmallVector<double>> roi =
      modern && attrs->coordinates == "tf_crop_and_resize"
          ? optionalConstantFloats(node, 1, "roi")
          : SmallVector<double>();
  if (failed(scales) || failed(sizes) || failed(roi))
    return failure();
  RankedTensorType type = rankedOf(*x);
  int64_t rank = type.getRank();
  if (scales->empty() == sizes->empty())
    return node.emitError() << "give exactly one of scales and sizes";
  if (!scales->empty() && static_cast<int64_t>(scales->size()) != rank)
    return node.emitError() << "scales has " << scales->size()
                            << " values for an input of rank " << rank;
  if (!sizes->empty() && static_cast<int64_t>(sizes->size()) != rank)
    return node.emitError() << "sizes has " << sizes->size()
                            << " values for an input of rank " << rank;
  if (!roi->empty() && static_cast<int64_t>(roi->size()) != 2 * rank)
    return node.emitError() << "roi has " << roi->size()
                            << " values; expected " << 2 * rank;
  Value result = *x;
  for (int64_t dim = rank - 1; dim >= 0; --dim) {
    int64_t inputWidth = type.getDimSize(dim);
    double roiStart = roi->empty() ? 0 : (*roi)[dim];
    double roiEnd = roi->empty() ? 1 : (*roi)[rank + dim];
    double scale;
    int64_t outputWidth;
    if (!sizes->empty()) {
      outputWidth = static_cast<int64_t>((*sizes)[dim]);
      scale = static_cast<double>(outputWidth) / inputWidth;
    } else {
      scale = (*scales)[dim];
      outputWidth = static_cast<int64_t>(
          std::floor(inputWidth * (roiEnd - roiStart) * scale));
    }
    if (!(scale > 0) || outputWidth < 1 || outputWidth > (int64_t(1) << 24) ||
        inputWidth < 1)
      return node.emitError() << "dimension " << dim << " of size "
                              << inputWidth << " cannot be resized to "
                              << outputWidth << " (scale " << scale << ")";
    DimensionTable table = tableFor(*attrs, inputWidth, outputWidth, scale,
                                    roiStart, roiEnd);
    if (isIdentity(table, inputWidth))
      continue;
    FailureOr<Value> resampled =
        resampleDimension(node, result, dim, table, attrs->extrapolation);
    if (failed(resampled))
      return failure();
    result = *resampled;
  }
  return node.setResults(result);
}

const OpImporter kResizeImporters[] = {
    {"Resize", 10, importResize,
     "nearest (every `nearest_mode`), linear, cubic (`cubic_coeff_a`, "
     "`exclude_outside`); every `coordinate_transformation_mode`, "
     "tf_crop_and_resize with `extrapolation_value`; scales or sizes "
     "constant"},
    {"Upsample", 7, importResize,
     "nearest and linear; asymmetric coordinates; scales constant"},
};

} // namespace

ArrayRef<OpImporter> getResizeImporters() { return kResizeImporters; }

} // namespace sinter::onnx_import
