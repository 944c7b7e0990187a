//===- UnaryOps.cpp - elementwise functions of one tensor -----------------===//
//
// One table row per ONNX op: the sinter.unary function it is and the ONNX
// attributes (with their defaults) that become the function's alpha and
// beta. IsNaN and IsInf produce booleans and have their own ops.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"

#include <vector>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

struct Parameter {
  const char *name = nullptr;
  float defaultValue = 0.0f;
};

struct UnarySpec {
  const char *opType;
  /// Versions before it had a `consumed_inputs` attribute or other
  /// semantics; the importer reads the op from this opset on.
  int64_t minOpset;
  UnaryFn fn;
  Parameter alpha, beta;
  const char *notes = "";
};

const UnarySpec kUnarySpecs[] = {
    {"Sigmoid", 6, UnaryFn::sigmoid, {}, {}, "1 / (1 + exp(-x))"},
    {"Tanh", 6, UnaryFn::tanh},
    {"HardSigmoid", 6, UnaryFn::hard_sigmoid, {"alpha", 0.2f}, {"beta", 0.5f}},
    {"HardSwish", 14, UnaryFn::hard_swish},
    {"LeakyRelu", 6, UnaryFn::leaky_relu, {"alpha", 0.01f}},
    {"Elu", 6, UnaryFn::elu, {"alpha", 1.0f}},
    {"Selu", 6, UnaryFn::selu, {"alpha", 1.67326319217681884765625f},
     {"gamma", 1.05070102214813232421875f}},
    {"Celu", 12, UnaryFn::celu, {"alpha", 1.0f}},
    {"ThresholdedRelu", 10, UnaryFn::thresholded_relu, {"alpha", 1.0f}},
    {"Softplus", 1, UnaryFn::softplus, {}, {}, "max(x, 0) + log1p(exp(-|x|)), no overflow"},
    {"Softsign", 1, UnaryFn::softsign},
    {"Shrink", 9, UnaryFn::shrink, {"lambd", 0.5f}, {"bias", 0.0f},
     "floats and integers"},
    {"Erf", 9, UnaryFn::erf},
    {"Exp", 6, UnaryFn::exp},
    {"Log", 6, UnaryFn::log},
    {"Sqrt", 6, UnaryFn::sqrt},
    {"Reciprocal", 6, UnaryFn::reciprocal},
    {"Neg", 6, UnaryFn::neg, {}, {}, "floats and integers"},
    {"Abs", 6, UnaryFn::abs, {}, {}, "floats and integers"},
    {"Sign", 9, UnaryFn::sign, {}, {}, "floats and integers"},
    {"Floor", 6, UnaryFn::floor},
    {"Ceil", 6, UnaryFn::ceil},
    {"Round", 11, UnaryFn::round, {}, {}, "halves to even"},
    {"Sin", 7, UnaryFn::sin},
    {"Cos", 7, UnaryFn::cos},
    {"Tan", 7, UnaryFn::tan},
    {"Asin", 7, UnaryFn::asin},
    {"Acos", 7, UnaryFn::acos},
    {"Atan", 7, UnaryFn::atan},
    {"Sinh", 9, UnaryFn::sinh},
    {"Cosh", 9, UnaryFn::cosh},
    {"Asinh", 9, UnaryFn::asinh},
    {"Acosh", 9, UnaryFn::acosh},
    {"Atanh", 9, UnaryFn::atanh},
    {"Not", 1, UnaryFn::logical_not},
};

const UnarySpec &specOf(StringRef opType) {
  for (const UnarySpec &spec : kUnarySpecs)
    if (opType == spec.opType)
      return spec;
  llvm_unreachable("importUnary is registered only for the table's ops");
}

LogicalResult importUnary(NodeImporter &node) {
  const UnarySpec &spec = specOf(node.opType());
  auto input = node.input(0);
  if (failed(input))
    return failure();
  auto parameter = [&](const Parameter &p) -> FloatAttr {
    if (!p.name)
      return {};
    return node.builder().getF32FloatAttr(node.getFloat(p.name, p.defaultValue));
  };
  FloatAttr alpha = parameter(spec.alpha), beta = parameter(spec.beta);
  if (node.hadAttributeError())
    return failure();
  if (spec.fn == UnaryFn::celu && alpha.getValueAsDouble() == 0.0)
    return node.emitError() << "alpha must not be 0";
  return node.setResults(node.builder().createOrFold<UnaryOp>(
      node.loc(), input->getType(), spec.fn, *input, alpha, beta));
}

RankedTensorType boolTypeLike(NodeImporter &node, Value value) {
  return cast<RankedTensorType>(value.getType())
      .clone(node.builder().getI1Type());
}

LogicalResult importIsNaN(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  return node.setResults(IsNanOp::create(node.builder(), node.loc(),
                                         boolTypeLike(node, *input), *input)
                             .getResult());
}

LogicalResult importIsInf(NodeImporter &node) {
  auto input = node.input(0);
  if (failed(input))
    return failure();
  bool negative = node.getInt("detect_negative", 1) != 0;
  bool positive = node.getInt("detect_positive", 1) != 0;
  if (node.hadAttributeError())
    return failure();
  return node.setResults(IsInfOp::create(node.builder(), node.loc(),
                                         boolTypeLike(node, *input), *input,
                                         negative, positive)
                             .getResult());
}

} // namespace

ArrayRef<OpImporter> getUnaryImporters() {
  static const std::vector<OpImporter> importers = [] {
    std::vector<OpImporter> entries;
    for (const UnarySpec &spec : kUnarySpecs)
      entries.push_back({spec.opType, spec.minOpset, importUnary, spec.notes});
    entries.push_back({"IsNaN", 9, importIsNaN, ""});
    entries.push_back({"IsInf", 10, importIsInf,
                       "`detect_negative`, `detect_positive`"});
    return entries;
  }();
  return importers;
}

} // namespace sinter::onnx_import
