//===- MergeBranches.cpp - RepVGG branch merging --------------------------===//

#include "dialects/IR/ConstantData.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"
#include "dialects/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sinter {
#define GEN_PASS_DEF_MERGEBRANCHES
#include "dialects/Transforms/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// Collects the leaves of the tree of single-use adds rooted at `value`.
void collectLeaves(Value value, RankedTensorType type,
                   SmallVectorImpl<Value> &leaves, bool isRoot) {
  auto add = value.getDefiningOp<AddOp>();
  if (add && add.getType() == type && (isRoot || add->hasOneUse())) {
    collectLeaves(add.getLhs(), type, leaves, false);
    collectLeaves(add.getRhs(), type, leaves, false);
    return;
  }
  leaves.push_back(value);
}

/// Element (f, c, h, w) of a filter stored in `layout` with FCHW sizes
/// [F, C, KH, KW].
size_t filterIndex(FilterLayout layout, ArrayRef<int64_t> fchw, int64_t f,
                   int64_t c, int64_t h, int64_t w) {
  int64_t F = fchw[0], C = fchw[1], KH = fchw[2], KW = fchw[3];
  switch (layout) {
  case FilterLayout::FCHW:
    return ((f * C + c) * KH + h) * KW + w;
  case FilterLayout::HWCF:
    return ((h * KW + w) * C + c) * F + f;
  case FilterLayout::FHWC:
    return ((f * KH + h) * KW + w) * C + c;
  }
  return 0;
}

SmallVector<int64_t> fchwSizes(ConvOp conv) {
  ArrayRef<int64_t> s = conv.getFilter().getType().getShape();
  switch (conv.getFilterLayout()) {
  case FilterLayout::FCHW:
    return {s[0], s[1], s[2], s[3]};
  case FilterLayout::HWCF:
    return {s[3], s[2], s[0], s[1]};
  case FilterLayout::FHWC:
    return {s[0], s[3], s[1], s[2]};
  }
  return {};
}

SmallVector<int64_t> filterShape(FilterLayout layout, ArrayRef<int64_t> fchw) {
  switch (layout) {
  case FilterLayout::FCHW:
    return {fchw[0], fchw[1], fchw[2], fchw[3]};
  case FilterLayout::HWCF:
    return {fchw[2], fchw[3], fchw[1], fchw[0]};
  case FilterLayout::FHWC:
    return {fchw[0], fchw[2], fchw[3], fchw[1]};
  }
  return {};
}

/// Per-channel values of a constant that broadcasts along the channel
/// dimension of `type`.
std::optional<SmallVector<float>> perChannel(Value value, RankedTensorType type,
                                             ActivationLayout layout) {
  return getPerChannelF32Values(value, type,
                                getChannelDim(layout, type.getRank()));
}

struct MergeConvBranches : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp root,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = root.getType();
    if (root->hasOneUse())
      if (auto user = dyn_cast<AddOp>(*root->getUsers().begin());
          user && user.getType() == type)
        return rewriter.notifyMatchFailure(root, "not the root of its add tree");
    SmallVector<Value> leaves;
    collectLeaves(root.getResult(), type, leaves, /*isRoot=*/true);

    // Split the leaves into convs, identity branches and constants.
    SmallVector<ConvOp> convs;
    SmallVector<Value> identities, constants;
    for (Value leaf : leaves) {
      if (auto conv = leaf.getDefiningOp<ConvOp>();
          conv && conv->hasOneUse() && !conv.hasEpilogue())
        convs.push_back(conv);
      else if (matchPattern(leaf, m_Constant()))
        constants.push_back(leaf);
      else
        identities.push_back(leaf);
    }
    if (convs.empty())
      return rewriter.notifyMatchFailure(root, "no single-use conv branch");
    if (convs.size() + identities.size() < 2)
      return rewriter.notifyMatchFailure(root, "fewer than two branches");

    ConvOp first = convs.front();
    Value input = first.getInput();
    ActivationLayout layout = first.getDataLayout();
    for (ConvOp conv : convs) {
      if (conv.getInput() != input)
        return rewriter.notifyMatchFailure(root, "the convs read different inputs");
      if (conv.getType() != type)
        return rewriter.notifyMatchFailure(root, "a conv's result type differs from the sum's");
      if (conv.getStrides() != first.getStrides())
        return rewriter.notifyMatchFailure(root, "the convs' strides differ");
      if (conv.getDilations() != first.getDilations())
        return rewriter.notifyMatchFailure(root, "the convs' dilations differ");
      if (conv.getGroups() != first.getGroups())
        return rewriter.notifyMatchFailure(root, "the convs' groups differ");
      if (conv.getDataLayout() != layout)
        return rewriter.notifyMatchFailure(root, "the convs' layouts differ");
    }

    // Identity branches: the input itself, or the input scaled per channel.
    SmallVector<SmallVector<float>> identityScales;
    for (Value leaf : identities) {
      SmallVector<float> scale;
      if (leaf == input) {
        scale.assign(type.getDimSize(getChannelDim(layout, 4)), 1.0f);
      } else if (auto mul = leaf.getDefiningOp<MulOp>(); mul && mul->hasOneUse()) {
        Value other = mul.getLhs() == input ? mul.getRhs()
                      : mul.getRhs() == input ? mul.getLhs()
                                              : Value();
        std::optional<SmallVector<float>> values =
            other ? perChannel(other, type, layout) : std::nullopt;
        if (!values)
          return rewriter.notifyMatchFailure(
              root, "a branch is neither a conv of the input nor the input "
                    "scaled per channel");
        scale = *values;
      } else {
        return rewriter.notifyMatchFailure(
            root, "a branch is neither a conv of the input nor the input "
                  "scaled per channel");
      }
      identityScales.push_back(scale);
    }
    if (!identityScales.empty() &&
        (input.getType() != type ||
         llvm::any_of(first.getStrides(), [](int64_t s) { return s != 1; })))
      return rewriter.notifyMatchFailure(
          root, "an identity branch needs stride 1 and equal input and output "
                "shapes");

    // The largest kernel; every other must centre-pad into it.
    int64_t maxH = 0, maxW = 0;
    for (ConvOp conv : convs) {
      SmallVector<int64_t> sizes = fchwSizes(conv);
      maxH = std::max(maxH, sizes[2]);
      maxW = std::max(maxW, sizes[3]);
    }
    ArrayRef<int64_t> dilations = first.getDilations();
    SmallVector<int64_t> pads;
    for (ConvOp conv : convs) {
      SmallVector<int64_t> sizes = fchwSizes(conv);
      int64_t growH = maxH - sizes[2], growW = maxW - sizes[3];
      if (growH % 2 || growW % 2)
        return rewriter.notifyMatchFailure(
            root, "a kernel does not centre in the largest one");
      ArrayRef<int64_t> p = conv.getPads();
      SmallVector<int64_t> centred{p[0] + dilations[0] * growH / 2,
                                   p[1] + dilations[1] * growW / 2,
                                   p[2] + dilations[0] * growH / 2,
                                   p[3] + dilations[1] * growW / 2};
      if (pads.empty())
        pads = centred;
      else if (pads != centred)
        return rewriter.notifyMatchFailure(
            root, "the padding does not match the kernels' centres");
    }
    if (!identityScales.empty() &&
        (maxH % 2 == 0 || maxW % 2 == 0 ||
         pads != SmallVector<int64_t>{dilations[0] * (maxH - 1) / 2,
                                      dilations[1] * (maxW - 1) / 2,
                                      dilations[0] * (maxH - 1) / 2,
                                      dilations[1] * (maxW - 1) / 2}))
      return rewriter.notifyMatchFailure(
          root, "an identity branch needs an odd kernel with 'same' padding");

    SmallVector<int64_t> firstSizes = fchwSizes(first);
    int64_t filters = firstSizes[0], channelsPerGroup = firstSizes[1];
    SmallVector<int64_t> merged{filters, channelsPerGroup, maxH, maxW};
    FilterLayout filterLayout = first.getFilterLayout();
    SmallVector<float> kernel(filters * channelsPerGroup * maxH * maxW, 0.0f);
    SmallVector<float> bias(filters, 0.0f);
    for (ConvOp conv : convs) {
      SmallVector<int64_t> sizes = fchwSizes(conv);
      if (sizes[0] != filters || sizes[1] != channelsPerGroup)
        return rewriter.notifyMatchFailure(root, "the convs' filter counts differ");
      std::optional<SmallVector<float>> values = getF32Values(conv.getFilter());
      if (!values)
        return rewriter.notifyMatchFailure(root, "a filter is not an f32 constant");
      if (Value convBias = conv.getBias()) {
        std::optional<SmallVector<float>> b = getF32Values(convBias);
        if (!b)
          return rewriter.notifyMatchFailure(root, "a bias is not an f32 constant");
        for (int64_t f = 0; f < filters; ++f)
          bias[f] += (*b)[f];
      }
      int64_t offsetH = (maxH - sizes[2]) / 2, offsetW = (maxW - sizes[3]) / 2;
      for (int64_t f = 0; f < filters; ++f)
        for (int64_t c = 0; c < channelsPerGroup; ++c)
          for (int64_t h = 0; h < sizes[2]; ++h)
            for (int64_t w = 0; w < sizes[3]; ++w)
              kernel[filterIndex(filterLayout, merged, f, c, h + offsetH,
                                 w + offsetW)] +=
                  (*values)[filterIndex(conv.getFilterLayout(), sizes, f, c, h, w)];
    }
    for (const SmallVector<float> &scale : identityScales)
      for (int64_t f = 0; f < filters; ++f)
        kernel[filterIndex(filterLayout, merged, f, f % channelsPerGroup,
                           maxH / 2, maxW / 2)] += scale[f];
    for (Value constant : constants) {
      std::optional<SmallVector<float>> values = perChannel(constant, type, layout);
      if (!values)
        return rewriter.notifyMatchFailure(root, "a constant branch is not per channel");
      for (int64_t f = 0; f < filters; ++f)
        bias[f] += (*values)[f];
    }

    Location loc = root.getLoc();
    auto filterType = RankedTensorType::get(filterShape(filterLayout, merged),
                                            rewriter.getF32Type());
    Value newFilter = arith::ConstantOp::create(
        rewriter, loc,
        cast<TypedAttr>(makeF32Constant(filterType, kernel, "merged_filter")));
    Value newBias = arith::ConstantOp::create(
        rewriter, loc,
        cast<TypedAttr>(makeF32Constant(
            RankedTensorType::get({filters}, rewriter.getF32Type()), bias,
            "merged_bias")));
    rewriter.replaceOpWithNewOp<ConvOp>(
        root, type, input, newFilter, newBias, /*residual=*/Value(), layout,
        filterLayout,
        first.getStrides(), pads, first.getDilations(), first.getGroups(),
        /*clamp_min=*/FloatAttr(), /*clamp_max=*/FloatAttr());
    return success();
  }
};

struct MergeBranchesPass : impl::MergeBranchesBase<MergeBranchesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    patterns.add<MergeConvBranches>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace sinter
