//===- FoldBatchNorm.cpp - BatchNorm into its producer --------------------===//

#include "dialects/IR/ConstantData.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"
#include "dialects/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace sinter {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "dialects/Transforms/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// BN(x) = x * scale + shift per channel, with scale = gamma / sqrt(var + eps)
/// and shift = beta - mean * scale.
struct ScaleShift {
  SmallVector<float> scale, shift;
};

std::optional<ScaleShift> getScaleShift(BatchNormOp op) {
  auto gamma = getF32Values(op.getScale()), beta = getF32Values(op.getBias()),
       mean = getF32Values(op.getMean()), variance = getF32Values(op.getVariance());
  if (!gamma || !beta || !mean || !variance)
    return std::nullopt;
  double epsilon = op.getEpsilon().convertToDouble();
  ScaleShift result;
  for (size_t c = 0; c < gamma->size(); ++c) {
    double scale = (*gamma)[c] / std::sqrt(double((*variance)[c]) + epsilon);
    result.scale.push_back(static_cast<float>(scale));
    result.shift.push_back(static_cast<float>((*beta)[c] - (*mean)[c] * scale));
  }
  return result;
}

Value makeConstant(PatternRewriter &rewriter, Location loc,
                   RankedTensorType type, ArrayRef<float> values,
                   StringRef name) {
  return arith::ConstantOp::create(rewriter, loc,
                                   cast<TypedAttr>(makeF32Constant(type, values, name)));
}

/// Index of the output-channel dimension of a filter.
int64_t filterOutputDim(FilterLayout layout) {
  return layout == FilterLayout::HWCF ? 3 : 0;
}

struct FoldConvBatchNorm : OpRewritePattern<BatchNormOp> {
  FoldConvBatchNorm(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "the input is not a conv");
    if (!conv->hasOneUse())
      return rewriter.notifyMatchFailure(
          bn, "the conv has other users: folding would duplicate it");
    if (conv.hasEpilogue())
      return rewriter.notifyMatchFailure(
          bn, "the conv adds a residual or clamps before the BatchNorm");
    if (conv.getDataLayout() != bn.getDataLayout())
      return rewriter.notifyMatchFailure(bn, "the conv and BN layouts differ");
    std::optional<ScaleShift> params = getScaleShift(bn);
    if (!params)
      return rewriter.notifyMatchFailure(
          bn, "a BatchNorm parameter is not an f32 constant");
    std::optional<SmallVector<float>> filter = getF32Values(conv.getFilter());
    if (!filter)
      return rewriter.notifyMatchFailure(bn, "the conv's filter is not an f32 constant");
    size_t filters = params->scale.size();
    SmallVector<float> bias(filters, 0.0f);
    if (Value convBias = conv.getBias()) {
      std::optional<SmallVector<float>> values = getF32Values(convBias);
      if (!values)
        return rewriter.notifyMatchFailure(bn, "the conv's bias is not an f32 constant");
      bias = *values;
    }

    bool outputInnermost = filterOutputDim(conv.getFilterLayout()) == 3;
    size_t perFilter = filter->size() / filters;
    for (size_t i = 0; i < filter->size(); ++i)
      (*filter)[i] *= params->scale[outputInnermost ? i % filters : i / perFilter];
    for (size_t f = 0; f < filters; ++f)
      bias[f] = bias[f] * params->scale[f] + params->shift[f];

    Location loc = bn.getLoc();
    Value newFilter = makeConstant(rewriter, loc, conv.getFilter().getType(),
                                   *filter, "bn_folded_filter");
    Value newBias = makeConstant(
        rewriter, loc,
        RankedTensorType::get({static_cast<int64_t>(filters)},
                              rewriter.getF32Type()),
        bias, "bn_folded_bias");
    auto folded = ConvOp::create(
        rewriter, rewriter.getFusedLoc({conv.getLoc(), loc}), conv.getType(),
        conv.getInput(), newFilter, newBias, /*residual=*/Value(),
        conv.getDataLayout(),
        conv.getFilterLayout(), conv.getStrides(), conv.getPads(),
        conv.getDilations(), conv.getGroups(), /*clamp_min=*/FloatAttr(),
        /*clamp_max=*/FloatAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// gemm(A, B) or matmul(A, B) -> BN over the output columns: scale B's
/// columns and fold the shift (and any bias) into the gemm's bias.
struct FoldMatrixBatchNorm : OpRewritePattern<BatchNormOp> {
  FoldMatrixBatchNorm(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    Operation *producer = bn.getInput().getDefiningOp();
    auto gemm = dyn_cast_if_present<GemmOp>(producer);
    auto matmul = dyn_cast_if_present<MatMulOp>(producer);
    if (!gemm && !matmul)
      return rewriter.notifyMatchFailure(bn, "the input is not a gemm or matmul");
    if (bn.getType().getRank() != 2)
      return rewriter.notifyMatchFailure(bn, "only [N, C] BatchNorms fold into a matrix product");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(
          bn, "the matrix product has other users: folding would duplicate it");
    if (gemm && (gemm.getClampMin() || gemm.getClampMax()))
      return rewriter.notifyMatchFailure(
          bn, "the gemm clamps its result before the BatchNorm");
    std::optional<ScaleShift> params = getScaleShift(bn);
    if (!params)
      return rewriter.notifyMatchFailure(bn, "a BatchNorm parameter is not an f32 constant");
    Value a = gemm ? gemm.getA() : matmul.getLhs();
    Value b = gemm ? gemm.getB() : matmul.getRhs();
    std::optional<SmallVector<float>> weights = getF32Values(b);
    if (!weights)
      return rewriter.notifyMatchFailure(bn, "the weight is not an f32 constant");
    size_t columns = params->scale.size();
    bool transposeB = gemm && gemm.getTransposeB();
    // op(B) is [K, N]: column j is B[:, j], or row j of a transposed B.
    size_t k = weights->size() / columns;
    for (size_t i = 0; i < weights->size(); ++i)
      (*weights)[i] *= params->scale[transposeB ? i / k : i % columns];

    double beta = gemm ? gemm.getBeta().convertToDouble() : 0.0;
    SmallVector<float> bias(columns, 0.0f);
    if (gemm && gemm.getC()) {
      auto cType = gemm.getC().getType();
      std::optional<SmallVector<float>> c = getF32Values(gemm.getC());
      if (!c || c->size() != columns || cType.getShape().back() != static_cast<int64_t>(columns))
        return rewriter.notifyMatchFailure(
            bn, "the gemm's bias is not a constant per output column");
      for (size_t j = 0; j < columns; ++j)
        bias[j] = static_cast<float>(beta * (*c)[j]);
    }
    for (size_t j = 0; j < columns; ++j)
      bias[j] = bias[j] * params->scale[j] + params->shift[j];

    Location loc = bn.getLoc();
    Value newB = makeConstant(rewriter, loc, cast<RankedTensorType>(b.getType()),
                              *weights, "bn_folded_weight");
    Value newBias = makeConstant(
        rewriter, loc,
        RankedTensorType::get({static_cast<int64_t>(columns)}, rewriter.getF32Type()),
        bias, "bn_folded_bias");
    APFloat alpha = gemm ? gemm.getAlpha() : APFloat(1.0f);
    auto folded = GemmOp::create(
        rewriter, rewriter.getFusedLoc({producer->getLoc(), loc}), bn.getType(),
        a, newB, newBias, alpha, APFloat(1.0f),
        gemm ? gemm.getTransposeA() : false, transposeB,
        /*clamp_min=*/FloatAttr(), /*clamp_max=*/FloatAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(producer);
    return success();
  }
};

/// A BatchNorm with nothing to fold into becomes x * scale + shift with
/// constants broadcast along its channel dimension.
struct BatchNormToScaleShift : OpRewritePattern<BatchNormOp> {
  BatchNormToScaleShift(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/1) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    if (isa_and_present<ConvOp, GemmOp, MatMulOp>(bn.getInput().getDefiningOp()))
      return rewriter.notifyMatchFailure(
          bn, "the BatchNorm belongs to its producer (folded there or refused)");
    std::optional<ScaleShift> params = getScaleShift(bn);
    if (!params)
      return rewriter.notifyMatchFailure(bn, "a BatchNorm parameter is not an f32 constant");
    RankedTensorType type = bn.getType();
    int64_t rank = type.getRank();
    int64_t channelDim = getChannelDim(bn.getDataLayout(), rank);
    SmallVector<int64_t> shape{type.getDimSize(channelDim)};
    shape.append(rank - 1 - channelDim, 1);
    auto paramType = RankedTensorType::get(shape, rewriter.getF32Type());
    Location loc = bn.getLoc();
    Value scale = makeConstant(rewriter, loc, paramType, params->scale, "bn_scale");
    Value shift = makeConstant(rewriter, loc, paramType, params->shift, "bn_shift");
    Value scaled = MulOp::create(rewriter, loc, type, bn.getInput(), scale);
    rewriter.replaceOpWithNewOp<AddOp>(bn, type, scaled, shift);
    return success();
  }
};

struct FoldBatchNormPass : impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldConvBatchNorm, FoldMatrixBatchNorm, BatchNormToScaleShift>(
      patterns.getContext());
}

} // namespace sinter
