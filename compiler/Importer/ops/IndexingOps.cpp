//===- IndexingOps.cpp - gathers, scatters and OneHot ---------------------===//
//
// Gather, GatherElements, GatherND, Scatter, ScatterElements, ScatterND and
// OneHot. Indices may come from run-time data: the lowering clamps each
// one and P_run reports SINTER_ERROR_INDEX_OUT_OF_RANGE (see
// docs/runtime-abi.md). Indices known at compile time are checked here.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"
#include "compiler/Importer/TensorConversion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace sinter::onnx_import {
namespace {

/// The values of `indices` when it is a constant.
std::optional<SmallVector<int64_t>> constantIndices(Value indices) {
  ElementsAttr constant;
  if (!matchPattern(indices, m_Constant(&constant)))
    return std::nullopt;
  FailureOr<SmallVector<int64_t>> values = getIntegerValues(constant);
  if (failed(values))
    return std::nullopt;
  return *values;
}

/// Reports a constant index outside [-extent, extent).
LogicalResult checkConstantIndices(NodeImporter &node, Value indices,
                                   int64_t extent) {
  std::optional<SmallVector<int64_t>> values = constantIndices(indices);
  if (!values)
    return success();
  for (int64_t index : *values)
    if (index < -extent || index >= extent)
      return node.emitError() << "index " << index
                              << " is out of range for a dimension of size "
                              << extent;
  return success();
}

/// Gather of a constant at constant indices, evaluated now: exporters'
/// shape computations (Shape -> Gather -> Concat -> Reshape) must fold for
/// the Reshape to get a constant shape.
Value foldGather(NodeImporter &node, DenseElementsAttr data,
                 ArrayRef<int64_t> indices, RankedTensorType resultType,
                 int64_t axis) {
  auto type = cast<RankedTensorType>(data.getType());
  int64_t extent = type.getDimSize(axis), inner = 1, outer = 1;
  for (int64_t dim = axis + 1; dim < type.getRank(); ++dim)
    inner *= type.getDimSize(dim);
  for (int64_t dim = 0; dim < axis; ++dim)
    outer *= type.getDimSize(dim);
  SmallVector<Attribute> source(data.getValues<Attribute>()), values;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t index : indices) {
      int64_t position = index < 0 ? index + extent : index;
      for (int64_t i = 0; i < inner; ++i)
        values.push_back(source[(o * extent + position) * inner + i]);
    }
  return arith::ConstantOp::create(node.builder(), node.loc(),
                                   DenseElementsAttr::get(resultType, values));
}

LogicalResult importGather(NodeImporter &node) {
  auto data = node.input(0);
  auto indices = node.input(1);
  if (failed(data) || failed(indices))
    return failure();
  RankedTensorType dataType = rankedOf(*data);
  auto axis = node.normalizeAxis(node.getInt("axis", 0), dataType.getRank());
  if (failed(axis) || node.hadAttributeError() ||
      failed(checkConstantIndices(node, *indices, dataType.getDimSize(*axis))))
    return failure();
  FailureOr<RankedTensorType> type =
      inferGatherType(node.loc(), dataType, rankedOf(*indices), *axis);
  if (failed(type))
    return failure();
  DenseElementsAttr constantData;
  std::optional<SmallVector<int64_t>> known = constantIndices(*indices);
  if (known && matchPattern(*data, m_Constant(&constantData)))
    return node.setResults(
        foldGather(node, constantData, *known, *type, *axis));
  return node.setResults(
      GatherOp::create(node.builder(), node.loc(), *type, *data, *indices, *axis)
          .getResult());
}

LogicalResult importGatherElements(NodeImporter &node) {
  auto data = node.input(0);
  auto indices = node.input(1);
  if (failed(data) || failed(indices))
    return failure();
  RankedTensorType dataType = rankedOf(*data);
  auto axis = node.normalizeAxis(node.getInt("axis", 0), dataType.getRank());
  if (failed(axis) || node.hadAttributeError() ||
      failed(checkConstantIndices(node, *indices, dataType.getDimSize(*axis))))
    return failure();
  FailureOr<Value> result = Composer(node).gatherElements(*data, *indices, *axis);
  return failed(result) ? failure() : node.setResults(*result);
}

LogicalResult importGatherND(NodeImporter &node) {
  auto data = node.input(0);
  auto indices = node.input(1);
  if (failed(data) || failed(indices))
    return failure();
  int64_t batchDims = node.getInt("batch_dims", 0);
  if (node.hadAttributeError())
    return failure();
  FailureOr<RankedTensorType> type = inferGatherNDType(
      node.loc(), rankedOf(*data), rankedOf(*indices), batchDims);
  if (failed(type))
    return failure();
  return node.setResults(GatherNDOp::create(node.builder(), node.loc(), *type,
                                            *data, *indices, batchDims)
                             .getResult());
}

/// The `reduction` attribute of ScatterElements and ScatterND (opset 16:
/// add and mul; 18: max and min).
FailureOr<ScatterReduction> readScatterReduction(NodeImporter &node) {
  std::string name = node.getString("reduction", "none");
  if (node.hadAttributeError())
    return failure();
  std::optional<ScatterReduction> reduction = symbolizeScatterReduction(name);
  if (!reduction)
    return node.emitError() << "unknown reduction '" << name
                            << "' (none, add, mul, max, min)";
  return *reduction;
}

/// ScatterElements, and Scatter (its name before opset 11).
LogicalResult importScatterElements(NodeImporter &node) {
  auto data = node.input(0);
  auto indices = node.input(1);
  auto updates = node.input(2);
  if (failed(data) || failed(indices) || failed(updates))
    return failure();
  RankedTensorType dataType = rankedOf(*data);
  auto axis = node.normalizeAxis(node.getInt("axis", 0), dataType.getRank());
  FailureOr<ScatterReduction> reduction = readScatterReduction(node);
  if (failed(axis) || failed(reduction) ||
      failed(checkConstantIndices(node, *indices, dataType.getDimSize(*axis))))
    return failure();
  FailureOr<RankedTensorType> type = inferScatterElementsType(
      node.loc(), dataType, rankedOf(*indices), rankedOf(*updates), *axis);
  if (failed(type))
    return failure();
  return node.setResults(
      ScatterElementsOp::create(node.builder(), node.loc(), *type, *reduction,
                                *data, *indices, *updates, *axis)
          .getResult());
}

LogicalResult importScatterND(NodeImporter &node) {
  auto data = node.input(0);
  auto indices = node.input(1);
  auto updates = node.input(2);
  FailureOr<ScatterReduction> reduction = readScatterReduction(node);
  if (failed(data) || failed(indices) || failed(updates) || failed(reduction))
    return failure();
  FailureOr<RankedTensorType> type = inferScatterNDType(
      node.loc(), rankedOf(*data), rankedOf(*indices), rankedOf(*updates));
  if (failed(type))
    return failure();
  return node.setResults(ScatterNDOp::create(node.builder(), node.loc(), *type,
                                             *reduction, *data, *indices,
                                             *updates)
                             .getResult());
}

/// OneHot: values[1] where the index (wrapped once if negative) equals the
/// position along the new `axis`, values[0] elsewhere, as ONNX's function
/// computes it; an index out of [-depth, depth) gives an all-off row.
/// Non-integer indices are truncated to int64 first.
LogicalResult importOneHot(NodeImporter &node) {
  auto indices = node.input(0);
  auto depthValue = node.optionalConstantScalar(1, "depth");
  auto values = node.input(2);
  if (failed(indices) || failed(depthValue) || failed(values))
    return failure();
  if (!*depthValue)
    return node.emitError() << "missing required input 'depth'";
  auto depth = static_cast<int64_t>(**depthValue);
  RankedTensorType indicesType = rankedOf(*indices);
  RankedTensorType valuesType = rankedOf(*values);
  int64_t rank = indicesType.getRank() + 1;
  auto axis = node.normalizeAxis(node.getInt("axis", -1), rank);
  if (failed(axis) || node.hadAttributeError())
    return failure();
  if (depth < 1)
    return node.emitError() << "depth must be positive, got " << depth;
  if (valuesType.getNumElements() != 2)
    return node.emitError() << "values must hold [off_value, on_value], got "
                            << valuesType;
  Composer c(node);
  OpBuilder &b = node.builder();
  Value index = node.castElements(*indices, b.getI64Type());
  FailureOr<Value> negative =
      c.compare(ComparePredicate::lt, index, c.scalar(b.getI64Type(), 0));
  FailureOr<Value> wrapped =
      c.binary<AddOp>(index, c.scalar(b.getI64Type(), depth));
  if (failed(negative) || failed(wrapped))
    return failure();
  FailureOr<Value> position = c.select(*negative, *wrapped, index);
  if (failed(position))
    return failure();
  SmallVector<int64_t> expanded(indicesType.getShape());
  expanded.insert(expanded.begin() + *axis, 1);
  FailureOr<Value> hot =
      c.compare(ComparePredicate::eq, node.reshapeTo(*position, expanded),
                c.iota(b.getI64Type(), depth, *axis, rank));
  Value flat = node.reshapeTo(*values, {2});
  auto offOn = [&](int64_t which) {
    RankedTensorType one = RankedTensorType::get({1}, valuesType.getElementType());
    Value slice = b.createOrFold<SliceOp>(node.loc(), one, flat,
                                          ArrayRef<int64_t>{which},
                                          ArrayRef<int64_t>{1});
    return node.reshapeTo(slice, {});
  };
  if (failed(hot))
    return failure();
  FailureOr<Value> result = c.select(*hot, offOn(1), offOn(0));
  return failed(result) ? failure() : node.setResults(*result);
}

const OpImporter kIndexingImporters[] = {
    {"Gather", 1, importGather,
     "run-time indices checked (SINTER_ERROR_INDEX_OUT_OF_RANGE); folded "
     "when data and indices are constants"},
    {"GatherElements", 11, importGatherElements, "run-time indices checked"},
    {"GatherND", 11, importGatherND,
     "`batch_dims` (12); run-time indices checked"},
    {"Scatter", 9, importScatterElements, "as ScatterElements"},
    {"ScatterElements", 11, importScatterElements,
     "`reduction` add, mul (16), max, min (18); run-time indices checked; "
     "repeated indices apply in order"},
    {"ScatterND", 11, importScatterND,
     "`reduction` add, mul (16), max, min (18); run-time indices checked"},
    {"OneHot", 9, importOneHot,
     "`depth` constant; out-of-range indices give off values, as ONNX says"},
};

} // namespace

ArrayRef<OpImporter> getIndexingImporters() { return kIndexingImporters; }

} // namespace sinter::onnx_import
