//===- ReductionOps.cpp - ReduceSum and friends, ArgMax, ArgMin -----------===//
//
// The reductions take their axes as an attribute, or (ReduceSum from opset
// 13) as a constant input with noop_with_empty_axes; no axes means all of
// them. Integer inputs to mean, l2, log_sum and log_sum_exp are reduced in
// double and converted back, as ONNX's reference computes them.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include <vector>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

struct ReduceSpec {
  const char *opType;
  ReduceFn fn;
  /// The first opset that takes the axes as an input, not an attribute
  /// (beyond 17 for all but ReduceSum).
  int64_t axesInputOpset;
};

const ReduceSpec kReduceSpecs[] = {
    {"ReduceSum", ReduceFn::sum, 13},
    {"ReduceMean", ReduceFn::mean, 18},
    {"ReduceMax", ReduceFn::max, 18},
    {"ReduceMin", ReduceFn::min, 18},
    {"ReduceProd", ReduceFn::prod, 18},
    {"ReduceL1", ReduceFn::l1, 18},
    {"ReduceL2", ReduceFn::l2, 18},
    {"ReduceLogSum", ReduceFn::log_sum, 18},
    {"ReduceLogSumExp", ReduceFn::log_sum_exp, 18},
    {"ReduceSumSquare", ReduceFn::sum_square, 18},
};

const ReduceSpec &specOf(StringRef opType) {
  for (const ReduceSpec &spec : kReduceSpecs)
    if (opType == spec.opType)
      return spec;
  llvm_unreachable("importReduce is registered only for the table's ops");
}

/// The axes to reduce, sorted; nullopt when the node reduces nothing
/// (noop_with_empty_axes with no axes).
FailureOr<std::optional<SmallVector<int64_t>>>
readAxes(NodeImporter &node, const ReduceSpec &spec, int64_t rank) {
  SmallVector<int64_t> axes;
  bool noopWhenEmpty = false;
  if (node.opset() >= spec.axesInputOpset) {
    if (node.hasInput(1)) {
      FailureOr<SmallVector<int64_t>> given = node.constantInts(1, "axes");
      if (failed(given))
        return failure();
      axes = *given;
    }
    noopWhenEmpty = node.getInt("noop_with_empty_axes", 0) != 0;
  } else {
    axes = node.getInts("axes");
  }
  if (node.hadAttributeError())
    return failure();
  if (axes.empty()) {
    if (noopWhenEmpty)
      return std::optional<SmallVector<int64_t>>();
    for (int64_t dim = 0; dim < rank; ++dim)
      axes.push_back(dim);
  }
  FailureOr<SmallVector<int64_t>> normalized = node.normalizeAxes(axes, rank);
  if (failed(normalized))
    return failure();
  return std::optional<SmallVector<int64_t>>(*normalized);
}

LogicalResult importReduce(NodeImporter &node) {
  const ReduceSpec &spec = specOf(node.opType());
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  auto axes = readAxes(node, spec, type.getRank());
  bool keepdims = node.getInt("keepdims", 1) != 0;
  if (failed(axes) || node.hadAttributeError())
    return failure();
  if (!*axes)
    return node.setResults(*input);
  bool viaDouble = !isa<FloatType>(type.getElementType()) &&
                   (spec.fn == ReduceFn::mean || spec.fn == ReduceFn::l2 ||
                    spec.fn == ReduceFn::log_sum ||
                    spec.fn == ReduceFn::log_sum_exp);
  Value operand = viaDouble ? node.castElements(*input, node.builder().getF64Type())
                            : *input;
  FailureOr<RankedTensorType> resultType = inferReduceType(
      node.loc(), cast<RankedTensorType>(operand.getType()), **axes, keepdims);
  if (failed(resultType))
    return failure();
  Value result = ReduceOp::create(node.builder(), node.loc(), *resultType,
                                  spec.fn, operand, **axes, keepdims);
  if (viaDouble)
    result = node.castElements(result, type.getElementType());
  return node.setResults(result);
}

template <ReduceFn fn>
LogicalResult importArgReduce(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  auto axis = node.normalizeAxis(node.getInt("axis", 0), type.getRank());
  bool keepdims = node.getInt("keepdims", 1) != 0;
  bool last = node.getInt("select_last_index", 0) != 0;
  if (failed(axis) || node.hadAttributeError())
    return failure();
  const int64_t axes[] = {*axis};
  FailureOr<RankedTensorType> resultType = inferReduceType(
      node.loc(), type, axes, keepdims, node.builder().getI64Type());
  if (failed(resultType))
    return failure();
  return node.setResults(ArgReduceOp::create(node.builder(), node.loc(),
                                             *resultType, fn, *input, *axis,
                                             keepdims, last)
                             .getResult());
}

/// CumSum; the axis is a constant input.
LogicalResult importCumSum(NodeImporter &node) {
  auto input = node.input(0);
  auto axes = node.constantInts(1, "axis");
  if (failed(input) || failed(axes))
    return failure();
  if (axes->size() != 1)
    return node.emitError() << "axis must be a scalar, got " << axes->size()
                            << " values";
  auto type = cast<RankedTensorType>(input->getType());
  auto axis = node.normalizeAxis(axes->front(), type.getRank());
  bool exclusive = node.getInt("exclusive", 0) != 0;
  bool reverse = node.getInt("reverse", 0) != 0;
  if (failed(axis) || node.hadAttributeError())
    return failure();
  return node.setResults(CumSumOp::create(node.builder(), node.loc(), type,
                                          *input, *axis, exclusive, reverse)
                             .getResult());
}

/// TopK; k is an attribute before opset 10 and a constant input from it.
/// The values come out sorted whatever `sorted` says, which ONNX allows.
LogicalResult importTopK(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t k = node.getInt("k", -1);
  if (node.opset() >= 10) {
    auto ks = node.constantInts(1, "k");
    if (failed(ks))
      return failure();
    if (ks->size() != 1)
      return node.emitError() << "k must hold one value, got " << ks->size();
    k = ks->front();
  } else if (!node.hasAttr("k")) {
    return node.emitError() << "missing required attribute 'k'";
  }
  auto axis = node.normalizeAxis(node.getInt("axis", -1), type.getRank());
  bool largest = node.opset() < 11 || node.getInt("largest", 1) != 0;
  if (failed(axis) || node.hadAttributeError())
    return failure();
  if (k < 0 || k > type.getDimSize(*axis))
    return node.emitError() << "k = " << k << " is outside [0, "
                            << type.getDimSize(*axis) << "], the size of axis "
                            << *axis;
  SmallVector<int64_t> shape(type.getShape());
  shape[*axis] = k;
  auto topK = TopKOp::create(
      node.builder(), node.loc(), type.clone(shape),
      type.clone(shape, node.builder().getI64Type()), *input, *axis, k,
      largest);
  return node.setResults(topK.getResults());
}

} // namespace

ArrayRef<OpImporter> getReductionImporters() {
  static const std::vector<OpImporter> importers = [] {
    std::vector<OpImporter> entries;
    for (const ReduceSpec &spec : kReduceSpecs)
      entries.push_back(
          {spec.opType, 1, importReduce,
           spec.axesInputOpset <= 17
               ? "axes as attribute, or constant input from 13 "
                 "(`noop_with_empty_axes`); `keepdims`"
               : "axes as attribute; `keepdims`"});
    entries.push_back({"ArgMax", 1, importArgReduce<ReduceFn::max>,
                       "`keepdims`, `select_last_index`"});
    entries.push_back({"ArgMin", 1, importArgReduce<ReduceFn::min>,
                       "`keepdims`, `select_last_index`"});
    entries.push_back({"TopK", 1, importTopK,
                       "k constant; `largest`; always sorted (ties: lower "
                       "index first); quadratic in the axis length"});
    entries.push_back({"CumSum", 11, importCumSum,
                       "axis a constant input; `exclusive`, `reverse`; "
                       "quadratic in the axis length"});
    return entries;
  }();
  return importers;
}

} // namespace sinter::onnx_import
