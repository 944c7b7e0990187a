//===- FuseEpilogues.cpp - bias, residual and clamp into conv/gemm --------===//

#include "dialects/IR/ConstantData.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"
#include "dialects/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace sinter {
#define GEN_PASS_DEF_FUSEEPILOGUES
#include "dialects/Transforms/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

Value makeConstant(PatternRewriter &rewriter, Location loc, ArrayRef<float> values,
                   StringRef name) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    rewriter.getF32Type());
  return arith::ConstantOp::create(rewriter, loc,
                                   cast<TypedAttr>(makeF32Constant(type, values, name)));
}

/// add(conv, per-channel constant) -> conv with the constant in its bias;
/// add(gemm, per-column constant) -> gemm with that bias.
struct FuseBiasAdd : OpRewritePattern<AddOp> {
  FuseBiasAdd(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [producerValue, other] :
         {std::pair(add.getLhs(), add.getRhs()), std::pair(add.getRhs(), add.getLhs())}) {
      Operation *producer = producerValue.getDefiningOp();
      if (!producer || !producer->hasOneUse() ||
          producerValue.getType() != add.getType())
        continue;
      if (auto conv = dyn_cast<ConvOp>(producer); conv && !conv.hasEpilogue()) {
        int64_t channelDim = getChannelDim(conv.getDataLayout(), 4);
        auto values = getPerChannelF32Values(other, add.getType(), channelDim);
        if (!values)
          continue;
        if (Value bias = conv.getBias()) {
          std::optional<SmallVector<float>> existing = getF32Values(bias);
          if (!existing)
            continue;
          for (size_t f = 0; f < values->size(); ++f)
            (*values)[f] += (*existing)[f];
        }
        Value newBias = makeConstant(rewriter, add.getLoc(), *values, "fused_bias");
        rewriter.modifyOpInPlace(conv, [&] { conv.getBiasMutable().assign(newBias); });
        rewriter.replaceOp(add, conv.getResult());
        return success();
      }
      if (auto gemm = dyn_cast<GemmOp>(producer);
          gemm && !gemm.getC() && !gemm.getClampMin() && !gemm.getClampMax()) {
        auto values = getPerChannelF32Values(other, add.getType(), 1);
        if (!values)
          continue;
        Value bias = makeConstant(rewriter, add.getLoc(), *values, "fused_bias");
        rewriter.modifyOpInPlace(gemm, [&] {
          gemm.getCMutable().assign(bias);
          gemm.setBeta(APFloat(1.0f));
        });
        rewriter.replaceOp(add, gemm.getResult());
        return success();
      }
    }
    return rewriter.notifyMatchFailure(
        add, "no single-use conv or gemm operand plus a per-channel constant");
  }
};

/// add(conv, r) -> conv with residual r.
struct FuseResidualAdd : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [convValue, residual] :
         {std::pair(add.getLhs(), add.getRhs()), std::pair(add.getRhs(), add.getLhs())}) {
      auto conv = convValue.getDefiningOp<ConvOp>();
      if (!conv || !conv->hasOneUse() || conv.hasEpilogue() ||
          conv.getType() != add.getType() || residual.getType() != add.getType())
        continue;
      // The fused conv sits where the add was, which both operands dominate.
      rewriter.setInsertionPoint(add);
      auto fused = ConvOp::create(
          rewriter, rewriter.getFusedLoc({conv.getLoc(), add.getLoc()}),
          conv.getType(), conv.getInput(), conv.getFilter(), conv.getBias(),
          residual, conv.getDataLayout(), conv.getFilterLayout(),
          conv.getStrides(), conv.getPads(), conv.getDilations(),
          conv.getGroups(), FloatAttr(), FloatAttr());
      rewriter.replaceOp(add, fused.getResult());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(
        add, "no single-use conv operand without an epilogue of the sum's type");
  }
};

/// relu/clip(conv or gemm) -> its clamp.
template <typename OpTy>
struct FuseClamp : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!isa_and_present<ConvOp, GemmOp>(producer))
      return rewriter.notifyMatchFailure(op, "the input is not a conv or gemm");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "the producer has other users");
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    if constexpr (std::is_same_v<OpTy, ReluOp>) {
      min = 0.0;
    } else {
      if (op.getMin())
        min = op.getMin()->convertToDouble();
      if (op.getMax())
        max = op.getMax()->convertToDouble();
    }
    auto current = [&](StringRef name) -> std::optional<double> {
      if (auto attr = producer->getAttrOfType<FloatAttr>(name))
        return attr.getValueAsDouble();
      return std::nullopt;
    };
    // This clamp applies after the one already fused: clamping [lo, hi]
    // into [min, max] composes them (Clip(0, 6) then Clip(7, 100) is 7).
    // Intersecting them instead would leave lo > hi.
    double lo = current("clamp_min").value_or(-std::numeric_limits<double>::infinity());
    double hi = current("clamp_max").value_or(std::numeric_limits<double>::infinity());
    auto clampInto = [&](double value) {
      return std::min(std::max(value, min), max);
    };
    min = clampInto(lo);
    max = clampInto(hi);
    rewriter.modifyOpInPlace(producer, [&] {
      if (std::isfinite(min))
        producer->setAttr("clamp_min", rewriter.getF32FloatAttr(min));
      if (std::isfinite(max))
        producer->setAttr("clamp_max", rewriter.getF32FloatAttr(max));
    });
    rewriter.replaceOp(op, producer->getResult(0));
    return success();
  }
};

struct FuseEpiloguesPass : impl::FuseEpiloguesBase<FuseEpiloguesPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<FuseBiasAdd, FuseResidualAdd, FuseClamp<ReluOp>,
                 FuseClamp<ClipOp>>(context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace sinter
