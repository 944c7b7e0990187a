//===- ConvertLayout.cpp - NCHW to NHWC, wrap then cancel -----------------===//

#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"
#include "dialects/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sinter {
#define GEN_PASS_DEF_CONVERTLAYOUT
#include "dialects/Transforms/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

SmallVector<int64_t> inversePermutation(ArrayRef<int64_t> permutation) {
  SmallVector<int64_t> inverse(permutation.size());
  for (auto [index, dim] : llvm::enumerate(permutation))
    inverse[dim] = index;
  return inverse;
}

Value transpose(PatternRewriter &rewriter, Location loc, Value value,
                ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  RankedTensorType result = *inferTransposeType(std::nullopt, type, permutation);
  return rewriter.createOrFold<TransposeOp>(loc, result, value, permutation);
}

RankedTensorType toNHWC(RankedTensorType type) {
  return *inferTransposeType(std::nullopt, type, kToNHWC);
}

/// Replaces the single-result `op` by a copy that reads `input` (its operand
/// 0) and yields `type`, transposed back by `permutation`. Returns the copy.
Operation *replaceWithTransposedCopy(PatternRewriter &rewriter, Operation *op,
                                     Value input, Type type,
                                     ArrayRef<int64_t> permutation) {
  Operation *copy = rewriter.clone(*op);
  copy->setOperand(0, input);
  copy->getResult(0).setType(type);
  rewriter.replaceOp(op, transpose(rewriter, op->getLoc(), copy->getResult(0),
                                   permutation));
  return copy;
}

//===--- Wrap: each NCHW op becomes transpose -> NHWC op -> transpose ----===//

struct ConvToNHWC : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    if (conv.getDataLayout() != ActivationLayout::NCHW ||
        conv.getFilterLayout() != FilterLayout::FCHW)
      return rewriter.notifyMatchFailure(conv, "not an NCHW conv with an FCHW filter");
    Location loc = conv.getLoc();
    int64_t groups = conv.getGroups();
    bool depthwise = conv.isDepthwise();
    // linalg has NHWC convolutions with HWCF filters, depthwise ones with
    // [KH, KW, C] filters, and grouped ones with [G, F/G, KH, KW, C/G].
    FilterLayout filterLayout =
        groups == 1 || depthwise ? FilterLayout::HWCF : FilterLayout::FHWC;
    const int64_t toHWCF[] = {2, 3, 1, 0}, toFHWC[] = {0, 2, 3, 1};
    Value filter = transpose(rewriter, loc, conv.getFilter(),
                             filterLayout == FilterLayout::HWCF
                                 ? ArrayRef<int64_t>(toHWCF)
                                 : ArrayRef<int64_t>(toFHWC));
    Value input = transpose(rewriter, loc, conv.getInput(), kToNHWC);
    Value residual = conv.getResidual()
                         ? transpose(rewriter, loc, conv.getResidual(), kToNHWC)
                         : Value();
    auto nhwc = ConvOp::create(
        rewriter, loc, toNHWC(conv.getType()), input, filter, conv.getBias(),
        residual, ActivationLayout::NHWC, filterLayout, conv.getStrides(),
        conv.getPads(), conv.getDilations(), groups, conv.getClampMinAttr(),
        conv.getClampMaxAttr());
    rewriter.replaceOp(conv, transpose(rewriter, loc, nhwc, kToNCHW));
    return success();
  }
};

template <typename OpTy>
struct PoolToNHWC : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op.getDataLayout() != ActivationLayout::NCHW ||
        op.getType().getRank() != 4)
      return rewriter.notifyMatchFailure(op, "not a rank-4 NCHW op");
    Value input = transpose(rewriter, op.getLoc(), op.getInput(), kToNHWC);
    Operation *nhwc = replaceWithTransposedCopy(rewriter, op, input,
                                                toNHWC(op.getType()), kToNCHW);
    nhwc->setAttr("data_layout", ActivationLayoutAttr::get(
                                     nhwc->getContext(), ActivationLayout::NHWC));
    return success();
  }
};

//===--- Propagate: move transposes toward the outputs -------------------===//

/// relu(transpose(x)) -> transpose(relu(x)), likewise clip.
template <typename OpTy>
struct SinkThroughUnary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().template getDefiningOp<TransposeOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "the input is not a transpose");
    replaceWithTransposedCopy(rewriter, op, producer.getInput(),
                              producer.getInput().getType(),
                              producer.getPermutation());
    return success();
  }
};

/// binary(transpose(a, p), transpose(b, p)) -> transpose(binary(a, b), p);
/// a constant operand is re-laid out instead (at compile time).
template <typename OpTy>
struct SinkThroughBinary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto lhs = op.getLhs().template getDefiningOp<TransposeOp>();
    auto rhs = op.getRhs().template getDefiningOp<TransposeOp>();
    TransposeOp any = lhs ? lhs : rhs;
    if (!any)
      return rewriter.notifyMatchFailure(op, "no operand is a transpose");
    ArrayRef<int64_t> permutation = any.getPermutation();
    RankedTensorType type = op.getType();
    if (static_cast<int64_t>(permutation.size()) != type.getRank())
      return rewriter.notifyMatchFailure(op, "the transpose does not cover the result");
    SmallVector<int64_t> inverse = inversePermutation(permutation);
    Location loc = op.getLoc();
    auto untransposed = [&](Value operand, TransposeOp producer) -> Value {
      if (producer && producer.getPermutation() == permutation)
        return producer.getInput();
      if (!matchPattern(operand, m_Constant()))
        return Value();
      // Give a broadcast constant the full rank, then undo the permutation.
      auto constType = cast<RankedTensorType>(operand.getType());
      SmallVector<int64_t> full(type.getRank() - constType.getRank(), 1);
      full.append(constType.getShape().begin(), constType.getShape().end());
      Value widened = rewriter.createOrFold<ReshapeOp>(
          loc, RankedTensorType::get(full, constType.getElementType()), operand);
      return transpose(rewriter, loc, widened, inverse);
    };
    Value newLhs = untransposed(op.getLhs(), lhs);
    Value newRhs = untransposed(op.getRhs(), rhs);
    if (!newLhs || !newRhs)
      return rewriter.notifyMatchFailure(
          op, "the other operand is neither the same transpose nor a constant");
    RankedTensorType innerType = *inferTransposeType(std::nullopt, type, inverse);
    Value inner = OpTy::create(rewriter, loc, innerType, newLhs, newRhs);
    rewriter.replaceOp(op, transpose(rewriter, loc, inner, permutation));
    return success();
  }
};

/// concat(transpose(x_i, p)) -> transpose(concat(x_i, p[axis]), p).
struct SinkThroughConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inputs;
    ArrayRef<int64_t> permutation;
    for (Value input : op.getInputs()) {
      auto producer = input.getDefiningOp<TransposeOp>();
      if (!producer || (!permutation.empty() && producer.getPermutation() != permutation))
        return rewriter.notifyMatchFailure(op, "not every input is the same transpose");
      permutation = producer.getPermutation();
      inputs.push_back(producer.getInput());
    }
    int64_t axis = permutation[op.getAxis()];
    RankedTensorType innerType =
        *inferConcatType(std::nullopt, ValueRange(inputs).getTypes(), axis);
    Value inner = ConcatOp::create(rewriter, op.getLoc(), innerType, inputs, axis);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner, permutation));
    return success();
  }
};

/// A transpose that only moves dimensions of size 1 is a reshape.
struct UnitTransposeToReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> shape = op.getInput().getType().getShape();
    SmallVector<int64_t> nonUnit;
    for (int64_t dim : op.getPermutation())
      if (shape[dim] != 1)
        nonUnit.push_back(dim);
    if (!llvm::is_sorted(nonUnit))
      return rewriter.notifyMatchFailure(op, "the transpose reorders data");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};

/// flatten is a reshape once shapes are static; as one it folds with others.
struct FlattenToReshape : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};

void exposeNHWC(func::FuncOp function) {
  Block &entry = function.getBody().front();
  SmallVector<Type> inputs(function.getArgumentTypes());
  for (BlockArgument argument : entry.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    if (!type || type.getRank() != 4 || argument.use_empty() ||
        llvm::any_of(argument.getUsers(), [](Operation *user) {
          auto t = dyn_cast<TransposeOp>(user);
          return !t || t.getPermutation() != ArrayRef<int64_t>(kToNHWC);
        }))
      continue;
    argument.setType(toNHWC(type));
    inputs[argument.getArgNumber()] = argument.getType();
    for (Operation *user : llvm::make_early_inc_range(argument.getUsers())) {
      user->getResult(0).replaceAllUsesWith(argument);
      user->erase();
    }
  }
  auto returnOp = cast<func::ReturnOp>(entry.getTerminator());
  SmallVector<Type> results;
  for (OpOperand &operand : returnOp->getOpOperands()) {
    auto producer = operand.get().getDefiningOp<TransposeOp>();
    if (producer && producer.getPermutation() == ArrayRef<int64_t>(kToNCHW)) {
      operand.set(producer.getInput());
      if (producer->use_empty())
        producer->erase();
    }
    results.push_back(operand.get().getType());
  }
  function.setType(FunctionType::get(function.getContext(), inputs, results));
}

struct ConvertLayoutPass : impl::ConvertLayoutBase<ConvertLayoutPass> {
  using ConvertLayoutBase::ConvertLayoutBase;

  void runOnOperation() override {
    if (ioLayout != "nchw" && ioLayout != "nhwc") {
      getOperation().emitError("io-layout must be nchw or nhwc, got '")
          << ioLayout << "'";
      return signalPassFailure();
    }
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ConvToNHWC, PoolToNHWC<MaxPoolOp>, PoolToNHWC<AvgPoolOp>,
                 PoolToNHWC<GlobalAvgPoolOp>, PoolToNHWC<BatchNormOp>,
                 SinkThroughUnary<ReluOp>, SinkThroughUnary<ClipOp>,
                 SinkThroughBinary<AddOp>, SinkThroughBinary<SubOp>,
                 SinkThroughBinary<MulOp>, SinkThroughBinary<DivOp>,
                 SinkThroughConcat, UnitTransposeToReshape, FlattenToReshape>(
        context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    if (ioLayout == "nhwc")
      exposeNHWC(getOperation());
  }
};

} // namespace
} // namespace sinter
