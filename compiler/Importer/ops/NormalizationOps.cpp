//===- NormalizationOps.cpp - normalizations composed of reductions -------===//
//
// LayerNormalization, InstanceNormalization, MeanVarianceNormalization,
// LpNormalization, Hardmax, GlobalMaxPool and LRN, built from sinter reductions
// and elementwise ops the way ONNX's function definitions of them compute.
// The graph passes and the backend then fuse and tile the pieces.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"


#include <numeric>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

/// (x - mean) and 1 / sqrt(mean((x - mean)^2) + epsilon) over `axes`.
FailureOr<std::pair<Value, Value>> centerAndScale(Composer &c, Value x,
                                                  ArrayRef<int64_t> axes,
                                                  double epsilon) {
  Type element = rankedOf(x).getElementType();
  FailureOr<Value> mean = c.reduce(ReduceFn::mean, x, axes);
  if (failed(mean))
    return failure();
  FailureOr<Value> centered = c.binary<SubOp>(x, *mean);
  if (failed(centered))
    return failure();
  FailureOr<Value> squares = c.binary<MulOp>(*centered, *centered);
  if (failed(squares))
    return failure();
  FailureOr<Value> variance = c.reduce(ReduceFn::mean, *squares, axes);
  if (failed(variance))
    return failure();
  FailureOr<Value> shifted = c.binary<AddOp>(*variance, c.scalar(element, epsilon));
  if (failed(shifted))
    return failure();
  Value invStdDev = c.unary(UnaryFn::reciprocal, c.unary(UnaryFn::sqrt, *shifted));
  return std::make_pair(*centered, invStdDev);
}

SmallVector<int64_t> axesFrom(int64_t first, int64_t rank) {
  SmallVector<int64_t> axes(rank - first);
  std::iota(axes.begin(), axes.end(), first);
  return axes;
}

// Normalized over the dimensions from `axis` on, in float (stash_type 1)
// for narrower inputs; outputs Y, Mean and InvStdDev.
LogicalResult importLayerNorm(NodeImporter &node) {
  auto x = node.floatInput(0);
  auto scale = node.input(1);
  if (failed(x) || failed(scale))
    return failure();
  Value bias = node.optionalInput(2);
  int64_t rank = x->getType().getRank();
  auto axis = node.normalizeAxis(node.getInt("axis", -1), rank);
  float epsilon = node.getFloat("epsilon", 1e-5f);
  int64_t stashType = node.getInt("stash_type", 1);
  if (failed(axis) || node.hadAttributeError())
    return failure();
  if (stashType != 1)
    return node.emitError() << "stash_type " << stashType
                            << " is not supported (1, float, is)";
  Composer c(node);
  Type element = x->getType().getElementType();
  Type stash = node.builder().getF32Type();
  Value wide = node.castElements(*x, isa<Float64Type>(element) ? element : stash);
  auto parts = centerAndScale(c, wide, axesFrom(*axis, rank), epsilon);
  if (failed(parts))
    return failure();
  auto [centered, invStdDev] = *parts;
  FailureOr<Value> normalized = c.binary<MulOp>(centered, invStdDev);
  if (failed(normalized))
    return failure();
  FailureOr<Value> y = c.binary<MulOp>(node.castElements(*normalized, element), *scale);
  if (succeeded(y) && bias)
    y = c.binary<AddOp>(*y, bias);
  if (failed(y))
    return failure();
  FailureOr<Value> mean = c.reduce(ReduceFn::mean, wide, axesFrom(*axis, rank));
  if (failed(mean))
    return failure();
  return node.setResults({*y, *mean, invStdDev});
}

// scale and B are per channel: [C] broadcast over [N, C, spatial...].
LogicalResult importInstanceNorm(NodeImporter &node) {
  auto x = node.floatInput(0);
  auto scale = node.floatInput(1);
  auto bias = node.floatInput(2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  float epsilon = node.getFloat("epsilon", 1e-5f);
  if (node.hadAttributeError())
    return failure();
  int64_t rank = x->getType().getRank();
  if (rank < 3)
    return node.emitError() << "needs an input of rank 3 or more";
  Composer c(node);
  auto parts = centerAndScale(c, *x, axesFrom(2, rank), epsilon);
  if (failed(parts))
    return failure();
  SmallVector<int64_t> channelShape(rank - 1, 1);
  channelShape[0] = x->getType().getDimSize(1);
  FailureOr<Value> normalized = c.binary<MulOp>(parts->first, parts->second);
  if (failed(normalized))
    return failure();
  FailureOr<Value> scaled =
      c.binary<MulOp>(*normalized, node.reshapeTo(*scale, channelShape));
  if (failed(scaled))
    return failure();
  FailureOr<Value> y = c.binary<AddOp>(*scaled, node.reshapeTo(*bias, channelShape));
  return failed(y) ? failure() : node.setResults(*y);
}

// ONNX's function: (X - E[X]) / (sqrt(E[X^2] - E[X]^2) + 1e-9).
LogicalResult importMeanVarianceNorm(NodeImporter &node) {
  auto x = node.floatInput(0);
  if (failed(x))
    return failure();
  int64_t rank = x->getType().getRank();
  SmallVector<int64_t> axes = node.getInts("axes", {0, 2, 3});
  if (node.hadAttributeError())
    return failure();
  FailureOr<SmallVector<int64_t>> normalized = node.normalizeAxes(axes, rank);
  if (failed(normalized))
    return failure();
  axes = *normalized;
  Composer c(node);
  Type element = x->getType().getElementType();
  FailureOr<Value> mean = c.reduce(ReduceFn::mean, *x, axes);
  if (failed(mean))
    return failure();
  FailureOr<Value> meanSquared = c.binary<MulOp>(*mean, *mean);
  FailureOr<Value> squares = c.binary<MulOp>(*x, *x);
  if (failed(meanSquared) || failed(squares))
    return failure();
  FailureOr<Value> meanOfSquares = c.reduce(ReduceFn::mean, *squares, axes);
  if (failed(meanOfSquares))
    return failure();
  FailureOr<Value> variance = c.binary<SubOp>(*meanOfSquares, *meanSquared);
  FailureOr<Value> centered = c.binary<SubOp>(*x, *mean);
  if (failed(variance) || failed(centered))
    return failure();
  FailureOr<Value> deviation = c.binary<AddOp>(c.unary(UnaryFn::sqrt, *variance),
                                               c.scalar(element, 1e-9));
  if (failed(deviation))
    return failure();
  FailureOr<Value> y = c.binary<DivOp>(*centered, *deviation);
  return failed(y) ? failure() : node.setResults(*y);
}

LogicalResult importLpNorm(NodeImporter &node) {
  auto x = node.floatInput(0);
  if (failed(x))
    return failure();
  auto axis = node.normalizeAxis(node.getInt("axis", -1), x->getType().getRank());
  int64_t p = node.getInt("p", 2);
  if (failed(axis) || node.hadAttributeError())
    return failure();
  if (p != 1 && p != 2)
    return node.emitError() << "p must be 1 or 2, got " << p;
  Composer c(node);
  const int64_t axes[] = {*axis};
  FailureOr<Value> norm = c.reduce(p == 1 ? ReduceFn::l1 : ReduceFn::l2, *x, axes);
  if (failed(norm))
    return failure();
  FailureOr<Value> y = c.binary<DivOp>(*x, *norm);
  return failed(y) ? failure() : node.setResults(*y);
}

// 1 at the first maximum along `axis`, 0 elsewhere: the arg max compared
// with the indices of the axis. Before opset 13, over the dimensions from
// `axis` on, flattened.
LogicalResult importHardmax(NodeImporter &node) {
  auto x = node.floatInput(0);
  if (failed(x))
    return failure();
  RankedTensorType type = x->getType();
  bool coerced2D = node.opset() < 13;
  auto axis = node.normalizeAxis(node.getInt("axis", coerced2D ? 1 : -1),
                                 type.getRank());
  if (failed(axis) || node.hadAttributeError())
    return failure();
  Composer c(node);
  Value input = *x;
  int64_t along = *axis;
  if (coerced2D && along != type.getRank() - 1) {
    FailureOr<RankedTensorType> flat = inferFlattenType(node.loc(), type, along);
    if (failed(flat))
      return failure();
    input = node.reshapeTo(input, flat->getShape());
    along = 1;
  }
  RankedTensorType inputType = rankedOf(input);
  OpBuilder &b = node.builder();
  const int64_t axes[] = {along};
  FailureOr<RankedTensorType> argType =
      inferReduceType(node.loc(), inputType, axes, true, b.getI64Type());
  if (failed(argType))
    return failure();
  Value best = ArgReduceOp::create(b, node.loc(), *argType, ReduceFn::max,
                                   input, along, true, false);
  FailureOr<Value> mask = c.compare(
      ComparePredicate::eq, best,
      c.iota(b.getI64Type(), inputType.getDimSize(along), along,
             inputType.getRank()));
  if (failed(mask))
    return failure();
  Value y = node.castElements(*mask, type.getElementType());
  return node.setResults(node.reshapeTo(y, type.getShape()));
}

LogicalResult importGlobalMaxPool(NodeImporter &node) {
  auto x = node.floatInput(0);
  if (failed(x))
    return failure();
  int64_t rank = x->getType().getRank();
  if (rank < 3)
    return node.emitError() << "needs an input of rank 3 or more";
  Composer c(node);
  FailureOr<Value> y = c.reduce(ReduceFn::max, *x, axesFrom(2, rank));
  return failed(y) ? failure() : node.setResults(*y);
}

/// LRN: x / (bias + alpha / size * (sum of x^2 over `size` neighbouring
/// channels))^beta. The channel sums come from an average pool of x^2 viewed
/// as [N, 1, C, rest] with a [size, 1] window (count_include_pad: the mean
/// is the sum / size).
LogicalResult importLRN(NodeImporter &node) {
  auto x = node.floatInput(0);
  if (failed(x))
    return failure();
  RankedTensorType type = x->getType();
  if (type.getRank() < 3)
    return node.emitError() << "needs an input [N, C, ...] of rank 3 or more";
  if (!node.hasAttr("size"))
    return node.emitError() << "missing required attribute 'size'";
  int64_t size = node.getInt("size", 1);
  float alpha = node.getFloat("alpha", 1e-4f), beta = node.getFloat("beta", 0.75f);
  float bias = node.getFloat("bias", 1.0f);
  if (node.hadAttributeError())
    return failure();
  if (size < 1 || size > type.getDimSize(1) * 2 + 1)
    return node.emitError() << "size " << size << " must be 1 to "
                            << type.getDimSize(1) * 2 + 1;
  Composer c(node);
  FailureOr<Value> squares = c.binary<MulOp>(*x, *x);
  if (failed(squares))
    return failure();
  // The spatial elements per channel, counted (not divided out of the total:
  // N or C may be 0).
  int64_t rest = 1;
  for (int64_t dim : type.getShape().drop_front(2))
    rest *= dim;
  Value planes = node.reshapeTo(*squares, {type.getDimSize(0), 1,
                                           type.getDimSize(1), rest});
  const int64_t kernel[] = {size, 1}, strides[] = {1, 1}, dilations[] = {1, 1};
  const int64_t pads[] = {(size - 1) / 2, 0, size - 1 - (size - 1) / 2, 0};
  FailureOr<RankedTensorType> poolType =
      inferPoolType(node.loc(), rankedOf(planes), ActivationLayout::NCHW, kernel,
                    strides, pads, dilations, /*ceilMode=*/false);
  if (failed(poolType))
    return failure();
  Value mean = AvgPoolOp::create(node.builder(), node.loc(), *poolType, planes,
                                 ActivationLayout::NCHW, kernel, strides, pads,
                                 /*ceil_mode=*/false, /*count_include_pad=*/true);
  Type element = type.getElementType();
  FailureOr<Value> scaled =
      c.binary<MulOp>(node.reshapeTo(mean, type.getShape()),
                      c.scalar(element, alpha));
  if (failed(scaled))
    return failure();
  FailureOr<Value> base = c.binary<AddOp>(*scaled, c.scalar(element, bias));
  if (failed(base))
    return failure();
  // A 0-d exponent leaves the base's type.
  Value factor = BinaryFnOp::create(node.builder(), node.loc(), base->getType(),
                                    BinaryFn::pow, *base,
                                    c.scalar(element, -beta));
  FailureOr<Value> y = c.binary<MulOp>(*x, factor);
  return failed(y) ? failure() : node.setResults(*y);
}

const OpImporter kNormalizationImporters[] = {
    {"LayerNormalization", 17, importLayerNorm,
     "computed in float (`stash_type` 1); Mean and InvStdDev outputs"},
    {"InstanceNormalization", 6, importInstanceNorm, ""},
    {"MeanVarianceNormalization", 9, importMeanVarianceNorm,
     "ONNX's formula, epsilon 1e-9 added to the deviation"},
    {"LpNormalization", 1, importLpNorm, "p 1 or 2"},
    {"Hardmax", 1, importHardmax,
     "the first maximum; before 13 over the flattened dimensions from `axis`"},
    {"GlobalMaxPool", 1, importGlobalMaxPool, "any spatial rank"},
    {"LRN", 1, importLRN,
     "channel sums from an average pool of the squares"},
};

} // namespace

ArrayRef<OpImporter> getNormalizationImporters() {
  return kNormalizationImporters;
}

} // namespace sinter::onnx_import
