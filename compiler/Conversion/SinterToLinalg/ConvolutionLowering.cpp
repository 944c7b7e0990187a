//===- ConvolutionLowering.cpp - conv, batch_norm, pooling to linalg ------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sinter::lowering {
namespace {

/// Zero-pads the spatial dimensions of a rank-4 activation.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ActivationLayout layout, ArrayRef<int64_t> pads,
                 ArrayRef<int64_t> extraHigh, TypedAttr padValue,
                 PaddingFill fill) {
  int64_t spatial = getFirstSpatialDim(layout);
  SmallVector<int64_t> low(4, 0), high(4, 0);
  for (int dim = 0; dim < 2; ++dim) {
    low[spatial + dim] = pads[dim];
    high[spatial + dim] = pads[dim + 2] + extraHigh[dim];
  }
  return padConstant(b, loc, input, low, high, padValue, fill);
}

/// The conv's accumulator: its bias broadcast over the output, or zeros.
Value convInit(OpBuilder &b, Location loc, RankedTensorType resultType,
               Value bias, ActivationLayout layout) {
  if (!bias)
    return createZeros(b, loc, resultType);
  Value empty = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                        resultType.getElementType());
  int64_t channelDim = getChannelDim(layout, 4);
  SmallVector<int64_t> broadcastDims;
  for (int64_t dim = 0; dim < 4; ++dim)
    if (dim != channelDim)
      broadcastDims.push_back(dim);
  return linalg::BroadcastOp::create(b, loc, bias, empty, broadcastDims)
      .getResult()[0];
}

RankedTensorType withShape(RankedTensorType type, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, type.getElementType());
}

struct ConvLowering : PaddingConversionPattern<ConvOp> {
  using PaddingConversionPattern::PaddingConversionPattern;

  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    ActivationLayout layout = op.getDataLayout();
    FilterLayout filterLayout = op.getFilterLayout();
    int64_t groups = op.getGroups();
    Value filter = adaptor.getFilter();
    auto filterType = cast<RankedTensorType>(filter.getType());
    bool depthwise = op.isDepthwise();

    Value input = padSpatial(rewriter, loc, adaptor.getInput(), layout,
                             op.getPads(), {0, 0},
                             rewriter.getZeroAttr(resultType.getElementType()),
                             fill);
    Value init = convInit(rewriter, loc, resultType, adaptor.getBias(), layout);
    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr(op.getDilations());
    ArrayRef<int64_t> out = resultType.getShape();
    ArrayRef<int64_t> fs = filterType.getShape();

    Value result;
    if (layout == ActivationLayout::NCHW && filterLayout == FilterLayout::FCHW) {
      if (groups == 1) {
        result = linalg::Conv2DNchwFchwOp::create(
                     rewriter, loc, resultType, ValueRange{input, filter}, init,
                     strides, dilations)
                     .getResult(0);
      } else if (depthwise) {
        Value flat = collapseTo(rewriter, loc, filter,
                                withShape(filterType, {fs[0], fs[2], fs[3]}),
                                {{0, 1}, {2}, {3}});
        result = linalg::DepthwiseConv2DNchwChwOp::create(
                     rewriter, loc, resultType, ValueRange{input, flat}, init,
                     strides, dilations)
                     .getResult(0);
      } else {
        auto inType = cast<RankedTensorType>(input.getType());
        ArrayRef<int64_t> in = inType.getShape();
        Value groupedInput = expandTo(
            rewriter, loc, input,
            withShape(inType, {in[0], groups, in[1] / groups, in[2], in[3]}),
            {{0}, {1, 2}, {3}, {4}});
        Value groupedFilter = expandTo(
            rewriter, loc, filter,
            withShape(filterType, {groups, fs[0] / groups, fs[1], fs[2], fs[3]}),
            {{0, 1}, {2}, {3}, {4}});
        auto groupedType = withShape(
            resultType, {out[0], groups, out[1] / groups, out[2], out[3]});
        Value groupedInit = expandTo(rewriter, loc, init, groupedType,
                                     {{0}, {1, 2}, {3}, {4}});
        Value conv = linalg::Conv2DNgchwGfchwOp::create(
                         rewriter, loc, groupedType,
                         ValueRange{groupedInput, groupedFilter}, groupedInit,
                         strides, dilations)
                         .getResult(0);
        result = collapseTo(rewriter, loc, conv, resultType,
                            {{0}, {1, 2}, {3}, {4}});
      }
    } else if (layout == ActivationLayout::NHWC &&
               filterLayout == FilterLayout::HWCF && groups == 1) {
      result = linalg::Conv2DNhwcHwcfOp::create(rewriter, loc, resultType,
                                                ValueRange{input, filter}, init,
                                                strides, dilations)
                   .getResult(0);
    } else if (layout == ActivationLayout::NHWC &&
               filterLayout == FilterLayout::HWCF && depthwise) {
      Value flat = collapseTo(rewriter, loc, filter,
                              withShape(filterType, {fs[0], fs[1], fs[3]}),
                              {{0}, {1}, {2, 3}});
      result = linalg::DepthwiseConv2DNhwcHwcOp::create(
                   rewriter, loc, resultType, ValueRange{input, flat}, init,
                   strides, dilations)
                   .getResult(0);
    } else if (layout == ActivationLayout::NHWC &&
               filterLayout == FilterLayout::FHWC && groups == 1) {
      result = linalg::Conv2DNhwcFhwcOp::create(rewriter, loc, resultType,
                                                ValueRange{input, filter}, init,
                                                strides, dilations)
                   .getResult(0);
    } else if (layout == ActivationLayout::NHWC &&
               filterLayout == FilterLayout::FHWC) {
      auto inType = cast<RankedTensorType>(input.getType());
      ArrayRef<int64_t> in = inType.getShape();
      Value groupedInput = expandTo(
          rewriter, loc, input,
          withShape(inType, {in[0], in[1], in[2], groups, in[3] / groups}),
          {{0}, {1}, {2}, {3, 4}});
      Value groupedFilter = expandTo(
          rewriter, loc, filter,
          withShape(filterType, {groups, fs[0] / groups, fs[1], fs[2], fs[3]}),
          {{0, 1}, {2}, {3}, {4}});
      auto groupedType = withShape(
          resultType, {out[0], out[1], out[2], groups, out[3] / groups});
      Value groupedInit =
          expandTo(rewriter, loc, init, groupedType, {{0}, {1}, {2}, {3, 4}});
      Value conv = linalg::Conv2DNhwgcGfhwcOp::create(
                       rewriter, loc, groupedType,
                       ValueRange{groupedInput, groupedFilter}, groupedInit,
                       strides, dilations)
                       .getResult(0);
      result =
          collapseTo(rewriter, loc, conv, resultType, {{0}, {1}, {2}, {3, 4}});
    } else {
      return rewriter.notifyMatchFailure(
          op, "no linalg convolution for this layout, filter layout and group "
              "count");
    }
    rewriter.replaceOp(op, applyEpilogue(rewriter, loc, result,
                                         adaptor.getResidual(), op.getClampMin(),
                                         op.getClampMax()));
    return success();
  }
};

struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    MLIRContext *context = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(
        rank, 0, getAffineDimExpr(getChannelDim(op.getDataLayout(), rank), context));
    Value init =
        tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
    APFloat epsilon = op.getEpsilon();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type,
        ValueRange{adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
                   adaptor.getMean(), adaptor.getVariance()},
        init, ArrayRef<AffineMap>{identity, channel, channel, channel, channel, identity},
        parallelIterators(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Type elementType = args[0].getType();
          Value eps = arith::ConstantOp::create(
              b, l, floatAttr(elementType, epsilon.convertToDouble()));
          Value inverse = math::RsqrtOp::create(
              b, l, arith::AddFOp::create(b, l, args[4], eps));
          Value factor = arith::MulFOp::create(b, l, args[1], inverse);
          Value centered = arith::SubFOp::create(b, l, args[0], args[3]);
          Value scaled = arith::MulFOp::create(b, l, centered, factor);
          linalg::YieldOp::create(b, l,
                                  Value(arith::AddFOp::create(b, l, scaled, args[2])));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Extra trailing padding that ceil mode needs so that the last window fits.
SmallVector<int64_t, 2> ceilModeExtra(RankedTensorType input,
                                      RankedTensorType output,
                                      ActivationLayout layout,
                                      ArrayRef<int64_t> kernel,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      ArrayRef<int64_t> dilations) {
  int64_t spatial = getFirstSpatialDim(layout);
  SmallVector<int64_t, 2> extra;
  for (int dim = 0; dim < 2; ++dim) {
    int64_t needed = (output.getDimSize(spatial + dim) - 1) * strides[dim] +
                     dilations[dim] * (kernel[dim] - 1) + 1;
    int64_t padded = input.getDimSize(spatial + dim) + pads[dim] + pads[dim + 2];
    extra.push_back(std::max<int64_t>(0, needed - padded));
  }
  return extra;
}

struct MaxPoolLowering : PaddingConversionPattern<MaxPoolOp> {
  using PaddingConversionPattern::PaddingConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    TypedAttr lowest = negativeInfinity(elementType);
    auto extra = ceilModeExtra(op.getInput().getType(), type,
                               op.getDataLayout(), op.getKernelShape(),
                               op.getStrides(), op.getPads(), op.getDilations());
    Value input = padSpatial(rewriter, loc, adaptor.getInput(),
                             op.getDataLayout(), op.getPads(), extra, lowest,
                             fill);
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernelShape(),
                                           elementType);
    Value init = createFilled(rewriter, loc, type, lowest);
    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr(op.getDilations());
    Value result =
        op.getDataLayout() == ActivationLayout::NCHW
            ? linalg::PoolingNchwMaxOp::create(rewriter, loc, type,
                                               ValueRange{input, window}, init,
                                               strides, dilations)
                  .getResult(0)
            : linalg::PoolingNhwcMaxOp::create(rewriter, loc, type,
                                               ValueRange{input, window}, init,
                                               strides, dilations)
                  .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// How many elements each output position of an average pool divides by:
/// the window clipped to the input, or to the input plus its explicit
/// padding with count_include_pad (never the extra ceil-mode padding).
DenseElementsAttr averageDivisors(AvgPoolOp op) {
  RankedTensorType input = op.getInput().getType(), output = op.getType();
  int64_t spatial = getFirstSpatialDim(op.getDataLayout());
  ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides(),
                    pads = op.getPads();
  bool includePad = op.getCountIncludePad();
  int64_t outH = output.getDimSize(spatial), outW = output.getDimSize(spatial + 1);
  auto extent = [&](int64_t position, int dim) {
    int64_t size = input.getDimSize(spatial + dim);
    int64_t begin = position * strides[dim] - pads[dim];
    int64_t end = begin + kernel[dim];
    int64_t lowLimit = includePad ? -pads[dim] : 0;
    int64_t highLimit = includePad ? size + pads[dim + 2] : size;
    return std::max<int64_t>(
        0, std::min(end, highLimit) - std::max(begin, lowLimit));
  };
  SmallVector<float> divisors;
  for (int64_t h = 0; h < outH; ++h)
    for (int64_t w = 0; w < outW; ++w)
      divisors.push_back(static_cast<float>(extent(h, 0) * extent(w, 1)));
  auto type = RankedTensorType::get({outH, outW},
                                    Float32Type::get(op.getContext()));
  return DenseElementsAttr::get(type, ArrayRef<float>(divisors));
}

Value castFloat(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  if (type.getIntOrFloatBitWidth() > value.getType().getIntOrFloatBitWidth())
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

struct AvgPoolLowering : PaddingConversionPattern<AvgPoolOp> {
  using PaddingConversionPattern::PaddingConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    const int64_t unit[] = {1, 1};
    auto extra =
        ceilModeExtra(op.getInput().getType(), type, op.getDataLayout(),
                      op.getKernelShape(), op.getStrides(), op.getPads(), unit);
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getDataLayout(),
                   op.getPads(), extra, rewriter.getZeroAttr(elementType),
                   fill);
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernelShape(),
                                           elementType);
    Value zeros = createZeros(rewriter, loc, type);
    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr(unit);
    Value sums =
        op.getDataLayout() == ActivationLayout::NCHW
            ? linalg::PoolingNchwSumOp::create(rewriter, loc, type,
                                               ValueRange{input, window}, zeros,
                                               strides, dilations)
                  .getResult(0)
            : linalg::PoolingNhwcSumOp::create(rewriter, loc, type,
                                               ValueRange{input, window}, zeros,
                                               strides, dilations)
                  .getResult(0);

    Value divisors =
        arith::ConstantOp::create(rewriter, loc, averageDivisors(op));
    int64_t spatial = getFirstSpatialDim(op.getDataLayout());
    MLIRContext *context = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(4);
    AffineMap spatialMap =
        AffineMap::get(4, 0,
                       {getAffineDimExpr(spatial, context),
                        getAffineDimExpr(spatial + 1, context)},
                       context);
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), elementType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{sums, divisors}, init,
        ArrayRef<AffineMap>{identity, spatialMap, identity},
        parallelIterators(4), [&](OpBuilder &b, Location l, ValueRange args) {
          Value divisor = castFloat(b, l, args[1], elementType);
          linalg::YieldOp::create(
              b, l, Value(arith::DivFOp::create(b, l, args[0], divisor)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GlobalAvgPoolLowering : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  // Sums into [N, C] (an output map must be a projected permutation), divides,
  // and expands to the result's unit spatial dimensions.
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = op.getInput().getType(), type = op.getType();
    Type elementType = type.getElementType();
    int64_t rank = type.getRank();
    int64_t channelDim = getChannelDim(op.getDataLayout(), rank);
    MLIRContext *context = rewriter.getContext();
    SmallVector<utils::IteratorType> iterators;
    int64_t count = 1;
    for (int64_t dim = 0; dim < rank; ++dim) {
      bool kept = dim == 0 || dim == channelDim;
      iterators.push_back(kept ? utils::IteratorType::parallel
                               : utils::IteratorType::reduction);
      if (!kept)
        count *= inputType.getDimSize(dim);
    }
    auto reducedType = RankedTensorType::get(
        {type.getDimSize(0), type.getDimSize(channelDim)}, elementType);
    AffineMap maps[] = {
        rewriter.getMultiDimIdentityMap(rank),
        AffineMap::get(rank, 0,
                       {getAffineDimExpr(0, context),
                        getAffineDimExpr(channelDim, context)},
                       context)};
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, reducedType, adaptor.getInput(),
            createZeros(rewriter, loc, reducedType), maps, iterators,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l, Value(arith::AddFOp::create(b, l, args[0], args[1])));
            })
            .getResult(0);
    AffineMap identity = rewriter.getMultiDimIdentityMap(2);
    Value init = tensor::EmptyOp::create(rewriter, loc, reducedType.getShape(),
                                         elementType);
    Value mean =
        linalg::GenericOp::create(
            rewriter, loc, reducedType, sums, init,
            ArrayRef<AffineMap>{identity, identity}, parallelIterators(2),
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value divisor = arith::ConstantOp::create(
                  b, l, floatAttr(elementType, static_cast<double>(count)));
              linalg::YieldOp::create(
                  b, l, Value(arith::DivFOp::create(b, l, args[0], divisor)));
            })
            .getResult(0);
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, mean, type));
    return success();
  }
};

} // namespace

void populateConvolutionLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns,
                                         PaddingFill fill) {
  patterns.add<BatchNormLowering, GlobalAvgPoolLowering>(converter,
                                                         patterns.getContext());
  patterns.add<ConvLowering, MaxPoolLowering, AvgPoolLowering>(
      converter, patterns.getContext(), fill);
}

} // namespace sinter::lowering
