//===- LossOps.cpp - NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss ---===//
//
// Both as ONNX's function definitions compute them: the target class's
// entry picked with a gather at run-time indices (so that a target outside
// [0, C) makes P_run report SINTER_ERROR_INDEX_OUT_OF_RANGE), weighted,
// negated and reduced. Targets equal to `ignore_index` count with weight 0
// and are never used as indices.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"

#include <numeric>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

enum class LossReduction { none, sum, mean };

FailureOr<LossReduction> readLossReduction(NodeImporter &node) {
  std::string name = node.getString("reduction", "mean");
  if (node.hadAttributeError())
    return failure();
  if (name == "none")
    return LossReduction::none;
  if (name == "sum")
    return LossReduction::sum;
  if (name == "mean")
    return LossReduction::mean;
  return node.emitError() << "unknown reduction '" << name
                          << "' (none, sum, mean)";
}

struct LossInputs {
  /// [N, C, d...] log-probabilities.
  Value logProb;
  /// [N, d...] class indices.
  Value target;
  /// [C] class weights, or null.
  Value weight;
  LossReduction reduction;
  std::optional<int64_t> ignoreIndex;
};

/// loss[n, d...] = -logProb[n, target[n, d...], d...] * weight[target], then
/// reduced; `mean` divides by the sum of the weights used.
FailureOr<Value> negativeLogLikelihood(NodeImporter &node,
                                       const LossInputs &inputs) {
  Composer c(node);
  RankedTensorType targetType = rankedOf(inputs.target);
  RankedTensorType logProbType = rankedOf(inputs.logProb);
  if (logProbType.getRank() < 2 ||
      targetType.getRank() != logProbType.getRank() - 1)
    return node.emitError() << "expected input [N, C, d...] and target "
                               "[N, d...], got "
                            << logProbType << " and " << targetType;
  Type classType = targetType.getElementType();
  Type element = logProbType.getElementType();
  Value target = inputs.target, weight;
  FailureOr<Value> ignored;
  if (inputs.ignoreIndex) {
    ignored = c.compare(ComparePredicate::eq, target,
                        c.scalar(classType, *inputs.ignoreIndex));
    if (failed(ignored))
      return failure();
    FailureOr<Value> safe = c.select(*ignored, c.scalar(classType, 0), target);
    if (failed(safe))
      return failure();
    target = *safe;
  }
  SmallVector<int64_t> withClassAxis(targetType.getShape());
  withClassAxis.insert(withClassAxis.begin() + 1, 1);
  FailureOr<Value> picked =
      c.gatherElements(inputs.logProb, node.reshapeTo(target, withClassAxis), 1);
  if (failed(picked))
    return failure();
  if (inputs.weight) {
    FailureOr<Value> gathered = c.gather(inputs.weight, target, 0);
    if (failed(gathered))
      return failure();
    weight = *gathered;
  }
  if (inputs.ignoreIndex) {
    FailureOr<Value> kept =
        c.select(*ignored, c.scalar(element, 0),
                 weight ? weight : c.scalar(element, 1));
    if (failed(kept))
      return failure();
    weight = *kept;
  }
  Value loss = c.unary(UnaryFn::neg, node.reshapeTo(*picked, targetType.getShape()));
  if (weight) {
    FailureOr<Value> weighted = c.binary<MulOp>(loss, weight);
    if (failed(weighted))
      return failure();
    loss = *weighted;
  }
  SmallVector<int64_t> all(targetType.getRank());
  std::iota(all.begin(), all.end(), 0);
  switch (inputs.reduction) {
  case LossReduction::none:
    return loss;
  case LossReduction::sum:
    return c.reduce(ReduceFn::sum, loss, all, /*keepdims=*/false);
  case LossReduction::mean:
    if (!weight)
      return c.reduce(ReduceFn::mean, loss, all, /*keepdims=*/false);
    FailureOr<Value> total = c.reduce(ReduceFn::sum, loss, all, false);
    FailureOr<Value> weights = c.reduce(ReduceFn::sum, weight, all, false);
    if (failed(total) || failed(weights))
      return failure();
    return c.binary<DivOp>(*total, *weights);
  }
  return failure();
}

FailureOr<LossInputs> readLossInputs(NodeImporter &node) {
  auto input = node.floatInput(0);
  auto target = node.input(1);
  FailureOr<LossReduction> reduction = readLossReduction(node);
  if (failed(input) || failed(target) || failed(reduction))
    return failure();
  LossInputs inputs{*input, *target, node.optionalInput(2), *reduction, {}};
  if (node.hasAttr("ignore_index"))
    inputs.ignoreIndex = node.getInt("ignore_index", 0);
  if (node.hadAttributeError())
    return failure();
  return inputs;
}

LogicalResult importNegativeLogLikelihoodLoss(NodeImporter &node) {
  FailureOr<LossInputs> inputs = readLossInputs(node);
  if (failed(inputs))
    return failure();
  FailureOr<Value> loss = negativeLogLikelihood(node, *inputs);
  return failed(loss) ? failure() : node.setResults(*loss);
}

/// The loss of log_softmax(scores) along the class axis; the second output
/// is that log_softmax.
LogicalResult importSoftmaxCrossEntropyLoss(NodeImporter &node) {
  FailureOr<LossInputs> inputs = readLossInputs(node);
  if (failed(inputs))
    return failure();
  if (rankedOf(inputs->logProb).getRank() < 2)
    return node.emitError() << "scores need a class dimension, got "
                            << rankedOf(inputs->logProb);
  inputs->logProb = LogSoftmaxOp::create(node.builder(), node.loc(),
                                         inputs->logProb.getType(),
                                         inputs->logProb, 1);
  FailureOr<Value> loss = negativeLogLikelihood(node, *inputs);
  if (failed(loss))
    return failure();
  return node.setResults({*loss, inputs->logProb});
}

const OpImporter kLossImporters[] = {
    {"NegativeLogLikelihoodLoss", 12, importNegativeLogLikelihoodLoss,
     "`weight`, `ignore_index`, reductions none/sum/mean; targets are "
     "run-time indices, checked"},
    {"SoftmaxCrossEntropyLoss", 12, importSoftmaxCrossEntropyLoss,
     "as NegativeLogLikelihoodLoss of LogSoftmax along the class axis; the "
     "`log_prob` output"},
};

} // namespace

ArrayRef<OpImporter> getLossImporters() { return kLossImporters; }

} // namespace sinter::onnx_import
