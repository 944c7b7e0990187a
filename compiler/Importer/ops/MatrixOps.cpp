//===- MatrixOps.cpp - Gemm and MatMul ------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;

namespace sinter::onnx_import {
namespace {

LogicalResult importGemm(NodeImporter &node) {
  auto a = node.floatInput(0);
  auto b = node.floatInput(1);
  if (failed(a) || failed(b))
    return failure();
  // C became optional in opset 11.
  Value c = node.opset() >= 11 ? node.optionalInput(2) : Value();
  if (node.opset() < 11) {
    auto required = node.floatInput(2);
    if (failed(required))
      return failure();
    c = *required;
  }
  float alpha = node.getFloat("alpha", 1.0f);
  float beta = node.getFloat("beta", 1.0f);
  bool transposeA = node.getInt("transA", 0) != 0;
  bool transposeB = node.getInt("transB", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  auto cType = c ? cast<RankedTensorType>(c.getType()) : RankedTensorType();
  FailureOr<RankedTensorType> type = inferGemmType(
      node.loc(), a->getType(), b->getType(), cType, transposeA, transposeB);
  if (failed(type))
    return failure();
  auto gemm = GemmOp::create(node.builder(), node.loc(), *type, *a, *b, c,
                             APFloat(alpha), APFloat(beta), transposeA,
                             transposeB, /*clamp_min=*/FloatAttr(),
                             /*clamp_max=*/FloatAttr());
  return node.setResults(gemm.getResult());
}

LogicalResult importMatMul(NodeImporter &node) {
  auto lhs = node.floatInput(0);
  auto rhs = node.floatInput(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> product = Composer(node).matmul(*lhs, *rhs);
  return failed(product) ? failure() : node.setResults(*product);
}

/// Einsum labels: letters keep their character code; the ellipsis's
/// dimensions are kEllipsisLabel + their position from the right, so that
/// they align (and broadcast) across operands as numpy's do.
constexpr int kEllipsisLabel = 256;
using Labels = SmallVector<int, 8>;

/// One term of an Einsum equation for an operand of `rank` dimensions (or,
/// for the output, `rank` = the widest ellipsis plus the term's letters).
FailureOr<Labels> parseEinsumTerm(NodeImporter &node, StringRef term,
                                  int64_t rank) {
  Labels labels;
  size_t ellipsis = term.find("...");
  std::string letters = term.str();
  if (ellipsis != StringRef::npos)
    letters = (term.substr(0, ellipsis) + term.substr(ellipsis + 3)).str();
  for (char c : letters)
    if (!llvm::isAlpha(c))
      return node.emitError() << "equation term '" << term
                              << "' has a character other than a letter or "
                                 "one '...'";
  int64_t ellipsisRank = rank - static_cast<int64_t>(letters.size());
  if (ellipsisRank < 0 || (ellipsis == StringRef::npos && ellipsisRank != 0))
    return node.emitError() << "equation term '" << term << "' does not fit "
                            << rank << " dimensions";
  for (size_t i = 0; i < term.size(); ++i) {
    if (ellipsis != StringRef::npos && i == ellipsis) {
      for (int64_t d = ellipsisRank - 1; d >= 0; --d)
        labels.push_back(kEllipsisLabel + d);
      i += 2;
      continue;
    }
    labels.push_back(static_cast<unsigned char>(term[i]));
  }
  return labels;
}

/// Builds an Einsum from reductions, transposes and batched matrix
/// products, one operand pair at a time.
class EinsumBuilder {
public:
  explicit EinsumBuilder(NodeImporter &node) : node(node), compose(node) {}

  /// Sums `value` over the dimensions whose label `keep` rejects.
  FailureOr<Value> sumOut(Value value, Labels &labels,
                          llvm::function_ref<bool(int)> keep) {
    SmallVector<int64_t> axes;
    Labels kept;
    for (auto [dim, label] : llvm::enumerate(labels)) {
      if (keep(label))
        kept.push_back(label);
      else
        axes.push_back(dim);
    }
    if (axes.empty())
      return value;
    labels = kept;
    return compose.reduce(ReduceFn::sum, value, axes, /*keepdims=*/false);
  }

  /// Takes the diagonal of every label repeated within one operand: the
  /// operand times an identity mask over the two dimensions, summed over
  /// the second.
  FailureOr<Value> diagonals(Value value, Labels &labels) {
    for (size_t second = 1; second < labels.size(); ++second) {
      auto first = llvm::find(ArrayRef(labels).take_front(second),
                              labels[second]);
      if (first == labels.begin() + second)
        continue;
      RankedTensorType type = rankedOf(value);
      int64_t a = first - labels.begin(), n = type.getDimSize(second);
      SmallVector<int64_t> maskShape(type.getRank(), 1);
      maskShape[a] = maskShape[second] = n;
      SmallVector<Attribute> mask;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j)
          mask.push_back(FloatAttr::get(type.getElementType(), i == j));
      Value eye = arith::ConstantOp::create(
          node.builder(), node.loc(),
          DenseElementsAttr::get(type.clone(maskShape), mask));
      FailureOr<Value> masked = compose.binary<MulOp>(value, eye);
      if (failed(masked))
        return failure();
      const int64_t axes[] = {static_cast<int64_t>(second)};
      FailureOr<Value> summed = compose.reduce(ReduceFn::sum, *masked, axes,
                                               /*keepdims=*/false);
      if (failed(summed))
        return failure();
      value = *summed;
      labels.erase(labels.begin() + second);
      --second;
    }
    return value;
  }

  /// `value` with its dimensions in the order of `order` (labels it has).
  Value permute(Value value, const Labels &labels, const Labels &order) {
    SmallVector<int64_t> permutation;
    for (int label : order)
      permutation.push_back(llvm::find(labels, label) - labels.begin());
    return compose.transpose(value, permutation);
  }

  /// The product of `lhs` and `rhs` summed over their shared labels that
  /// `keep` rejects: [batch, lhs only, contracted] x [batch, contracted,
  /// rhs only] as one batched matrix product.
  FailureOr<Value> contract(Value lhs, Labels &lhsLabels, Value rhs,
                            Labels rhsLabels,
                            llvm::function_ref<bool(int)> keep) {
    auto inOther = [](const Labels &labels) {
      return [&labels](int label) { return llvm::is_contained(labels, label); };
    };
    FailureOr<Value> lhsReduced = sumOut(lhs, lhsLabels, [&](int label) {
      return keep(label) || inOther(rhsLabels)(label);
    });
    FailureOr<Value> rhsReduced = sumOut(rhs, rhsLabels, [&](int label) {
      return keep(label) || inOther(lhsLabels)(label);
    });
    if (failed(lhsReduced) || failed(rhsReduced))
      return failure();
    Labels batch, contracted, lhsOnly, rhsOnly;
    for (int label : lhsLabels) {
      bool shared = llvm::is_contained(rhsLabels, label);
      (shared ? (keep(label) ? batch : contracted) : lhsOnly).push_back(label);
    }
    for (int label : rhsLabels)
      if (!llvm::is_contained(lhsLabels, label))
        rhsOnly.push_back(label);
    auto sizeOf = [&](Value value, const Labels &labels, const Labels &group) {
      int64_t size = 1;
      for (int label : group)
        size *= rankedOf(value).getDimSize(llvm::find(labels, label) -
                                           labels.begin());
      return size;
    };
    int64_t b = sizeOf(*lhsReduced, lhsLabels, batch);
    int64_t m = sizeOf(*lhsReduced, lhsLabels, lhsOnly);
    int64_t k = sizeOf(*lhsReduced, lhsLabels, contracted);
    int64_t n = sizeOf(*rhsReduced, rhsLabels, rhsOnly);
    Labels lhsOrder = batch, rhsOrder = batch, resultLabels = batch;
    llvm::append_range(lhsOrder, lhsOnly);
    llvm::append_range(lhsOrder, contracted);
    llvm::append_range(rhsOrder, contracted);
    llvm::append_range(rhsOrder, rhsOnly);
    llvm::append_range(resultLabels, lhsOnly);
    llvm::append_range(resultLabels, rhsOnly);
    SmallVector<int64_t> resultShape;
    for (int label : resultLabels) {
      bool fromLhs = llvm::is_contained(lhsLabels, label);
      const Labels &labels = fromLhs ? lhsLabels : rhsLabels;
      resultShape.push_back(
          rankedOf(fromLhs ? *lhsReduced : *rhsReduced)
              .getDimSize(llvm::find(labels, label) - labels.begin()));
    }
    Value lhsMatrix = node.reshapeTo(
        permute(*lhsReduced, lhsLabels, lhsOrder), {b, m, k});
    Value rhsMatrix = node.reshapeTo(
        permute(*rhsReduced, rhsLabels, rhsOrder), {b, k, n});
    FailureOr<Value> product = compose.matmul(lhsMatrix, rhsMatrix);
    if (failed(product))
      return failure();
    lhsLabels = resultLabels;
    return node.reshapeTo(*product, resultShape);
  }

private:
  NodeImporter &node;
  Composer compose;
};

/// The label sizes of all operands: equal, or 1 where another is larger
/// (broadcast). Operands are broadcast to them.
LogicalResult broadcastLabels(NodeImporter &node, SmallVector<Value> &operands,
                              ArrayRef<Labels> labels) {
  llvm::DenseMap<int, int64_t> sizes;
  for (auto [operand, operandLabels] : llvm::zip(operands, labels))
    for (auto [dim, label] : llvm::enumerate(operandLabels)) {
      int64_t size = rankedOf(operand).getDimSize(dim);
      auto [it, inserted] = sizes.try_emplace(label, size);
      if (inserted || it->second == size || size == 1)
        continue;
      if (it->second != 1)
        return node.emitError() << "label sizes " << it->second << " and "
                                << size << " disagree";
      it->second = size;
    }
  for (auto [operand, operandLabels] : llvm::zip(operands, labels)) {
    RankedTensorType type = rankedOf(operand);
    SmallVector<int64_t> shape;
    for (int label : operandLabels)
      shape.push_back(sizes[label]);
    if (shape != type.getShape())
      operand = BroadcastToOp::create(node.builder(), node.loc(),
                                      type.clone(shape), operand);
  }
  return success();
}

// Operands are contracted left to right; before each step, labels needed by
// no later operand and not by the output are summed out.
LogicalResult importEinsum(NodeImporter &node) {
  std::string equation = node.getString("equation", "");
  if (node.hadAttributeError())
    return failure();
  llvm::erase_if(equation, [](char c) { return llvm::isSpace(c); });
  StringRef lhsTerms = equation, outputTerm;
  bool explicitOutput = StringRef(equation).contains("->");
  if (explicitOutput)
    std::tie(lhsTerms, outputTerm) = StringRef(equation).split("->");
  SmallVector<StringRef> terms;
  lhsTerms.split(terms, ',');
  if (static_cast<int>(terms.size()) != node.node().input_size())
    return node.emitError() << "the equation '" << equation << "' has "
                            << terms.size() << " operand terms for "
                            << node.node().input_size() << " inputs";
  SmallVector<Value> operands;
  SmallVector<Labels> labels;
  int64_t ellipsisRank = 0;
  for (auto [index, term] : llvm::enumerate(terms)) {
    auto operand = node.floatInput(index);
    if (failed(operand))
      return failure();
    auto termLabels = parseEinsumTerm(node, term, operand->getType().getRank());
    if (failed(termLabels))
      return failure();
    for (int label : *termLabels)
      if (label >= kEllipsisLabel)
        ellipsisRank = std::max<int64_t>(ellipsisRank, label - kEllipsisLabel + 1);
    operands.push_back(*operand);
    labels.push_back(*termLabels);
  }
  Labels output;
  if (explicitOutput) {
    int64_t letters = llvm::count_if(outputTerm, llvm::isAlpha);
    auto parsed = parseEinsumTerm(
        node, outputTerm,
        letters + (outputTerm.contains("...") ? ellipsisRank : 0));
    if (failed(parsed))
      return failure();
    output = *parsed;
  } else {
    for (int64_t d = ellipsisRank - 1; d >= 0; --d)
      output.push_back(kEllipsisLabel + d);
    std::map<int, int> counts;
    for (const Labels &termLabels : labels)
      for (int label : termLabels)
        if (label < kEllipsisLabel)
          ++counts[label];
    for (auto [label, count] : counts)
      if (count == 1)
        output.push_back(label);
  }
  for (int label : output) {
    bool known = llvm::any_of(labels, [&](const Labels &termLabels) {
      return llvm::is_contained(termLabels, label);
    });
    if (!known || llvm::count(output, label) != 1)
      return node.emitError() << "output label '"
                              << (label < kEllipsisLabel ? char(label) : '.')
                              << "' is not in any operand, or repeats";
  }
  if (failed(broadcastLabels(node, operands, labels)))
    return failure();

  EinsumBuilder builder(node);
  auto neededAfter = [&](size_t index) {
    return [&, index](int label) {
      if (llvm::is_contained(output, label))
        return true;
      for (size_t later = index + 1; later < labels.size(); ++later)
        if (llvm::is_contained(labels[later], label))
          return true;
      return false;
    };
  };
  FailureOr<Value> result = builder.diagonals(operands[0], labels[0]);
  if (failed(result))
    return failure();
  Labels resultLabels = labels[0];
  for (size_t index = 1; index < operands.size(); ++index) {
    FailureOr<Value> operand = builder.diagonals(operands[index], labels[index]);
    if (failed(operand))
      return failure();
    result = builder.contract(*result, resultLabels, *operand, labels[index],
                              neededAfter(index));
    if (failed(result))
      return failure();
  }
  result = builder.sumOut(*result, resultLabels, [&](int label) {
    return llvm::is_contained(output, label);
  });
  if (failed(result))
    return failure();
  return node.setResults(builder.permute(*result, resultLabels, output));
}

const OpImporter kMatrixImporters[] = {
    {"Gemm", 6, importGemm, "C broadcast (with `broadcast=1` before 7)"},
    {"MatMul", 1, importMatMul, "1-D operands reshaped to matrices and back"},
    {"Einsum", 12, importEinsum,
     "floating point; any number of operands, the ellipsis (broadcast), "
     "diagonals, implicit output; each pair contracted by one batched "
     "matrix product"},
};

} // namespace

ArrayRef<OpImporter> getMatrixImporters() { return kMatrixImporters; }

} // namespace sinter::onnx_import
