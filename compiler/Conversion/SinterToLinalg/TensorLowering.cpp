//===- TensorLowering.cpp - reshapes, transpose, concat, slice, pad ------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sinter::lowering {
namespace {

template <typename OpTy>
struct ReshapeLikeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(),
                      getLoweredType(this->getTypeConverter(), op.getType())));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(
                               rewriter, op.getLoc(), adaptor.getInput(), init,
                               op.getPermutation())
                               .getResult()[0]);
    return success();
  }
};

/// Up to this many inputs, a concatenation is a chain of insertions into
/// one tensor, so that each input's producer can write straight into its
/// slice. One-shot bufferization's analysis of such a chain takes time
/// cubic in its length; a longer concatenation is one tensor.concat, whose
/// inputs are copied.
constexpr size_t kMaxInPlaceConcatInputs = 16;

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    int64_t axis = op.getAxis();
    if (adaptor.getInputs().size() > kMaxInPlaceConcatInputs) {
      rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, type, axis,
                                                    adaptor.getInputs());
      return success();
    }
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             ValueRange{}, ValueRange{},
                                             ValueRange{}, offsets,
                                             inputType.getShape(), strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Positive strides are a tensor.extract_slice; a negative stride reads
/// through an affine map (offset + stride * i) in a linalg.generic.
struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
    if (llvm::all_of(strides, [](int64_t stride) { return stride > 0; })) {
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, adaptor.getInput(), ValueRange{}, ValueRange{},
          ValueRange{}, offsets, type.getShape(), strides);
      return success();
    }
    SmallVector<AffineExpr> reads;
    for (auto [dim, offset, stride] : llvm::enumerate(offsets, strides))
      reads.push_back(rewriter.getAffineConstantExpr(offset) +
                      rewriter.getAffineDimExpr(dim) * stride);
    AffineMap maps[] = {
        AffineMap::get(type.getRank(), 0, reads, rewriter.getContext()),
        rewriter.getMultiDimIdentityMap(type.getRank())};
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    rewriter.replaceOp(
        op, linalg::GenericOp::create(
                rewriter, loc, type, adaptor.getInput(), init, maps,
                parallelIterators(type.getRank()),
                [](OpBuilder &b, Location l, ValueRange args) {
                  linalg::YieldOp::create(b, l, args[0]);
                })
                .getResult(0));
    return success();
  }
};

struct BroadcastToLowering : OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, broadcastTo(rewriter, op.getLoc(), adaptor.getInput(),
                                       getLoweredType(getTypeConverter(),
                                                      op.getType())));
    return success();
  }
};

/// The index read for output index `o` of a reflect or edge pad: `o - low`
/// mirrored or clamped into [0, extent).
Value borderIndex(OpBuilder &b, Location l, PadMode mode, Value o, int64_t low,
                  int64_t extent) {
  auto index = [&](int64_t value) {
    return arith::ConstantIndexOp::create(b, l, value);
  };
  Value i = arith::SubIOp::create(b, l, o, index(low));
  Value last = index(extent - 1);
  if (mode == PadMode::edge)
    return arith::MinSIOp::create(
        b, l, arith::MaxSIOp::create(b, l, i, index(0)), last);
  // reflect: -i before the start, 2 (extent - 1) - i after the end.
  Value mirroredLow = arith::SubIOp::create(b, l, index(0), i);
  Value mirroredHigh =
      arith::SubIOp::create(b, l, index(2 * (extent - 1)), i);
  Value before = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, index(0));
  Value after = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, i, last);
  return arith::SelectOp::create(
      b, l, before, mirroredLow, arith::SelectOp::create(b, l, after, mirroredHigh, i));
}

struct PadLowering : PaddingConversionPattern<PadOp> {
  using PaddingConversionPattern::PaddingConversionPattern;

  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    Type element = type.getElementType();
    if (op.getMode() == PadMode::constant) {
      double value = op.getValue().convertToDouble();
      TypedAttr padValue = isa<FloatType>(element)
                               ? TypedAttr(rewriter.getFloatAttr(element, value))
                               : TypedAttr(rewriter.getIntegerAttr(
                                     element, static_cast<int64_t>(value)));
      rewriter.replaceOp(op, padConstant(rewriter, loc, adaptor.getInput(),
                                         op.getLow(), op.getHigh(), padValue,
                                         fill));
      return success();
    }
    // Reflect and edge read the input at computed indices.
    Value input = adaptor.getInput();
    ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), element);
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    PadMode mode = op.getMode();
    ArrayRef<int64_t> low = op.getLow();
    rewriter.replaceOp(
        op, linalg::GenericOp::create(
                rewriter, loc, type, ValueRange{}, init, identity,
                parallelIterators(type.getRank()),
                [&](OpBuilder &b, Location l, ValueRange) {
                  SmallVector<Value> indices;
                  for (int64_t dim = 0; dim < type.getRank(); ++dim)
                    indices.push_back(borderIndex(
                        b, l, mode, linalg::IndexOp::create(b, l, dim),
                        low[dim], inputShape[dim]));
                  linalg::YieldOp::create(
                      b, l, Value(tensor::ExtractOp::create(b, l, input, indices)));
                })
                .getResult(0));
    return success();
  }
};

/// Zeroes the elements outside the kept triangle of the last two dims.
struct TriluLowering : OpConversionPattern<TriluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    int64_t rank = type.getRank(), k = static_cast<int64_t>(op.getK());
    bool upper = op.getUpper();
    rewriter.replaceOp(
        op, elementwise(
                rewriter, op.getLoc(), type, adaptor.getInput(),
                [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                  Value row = linalg::IndexOp::create(b, l, rank - 2);
                  Value column = linalg::IndexOp::create(b, l, rank - 1);
                  Value diagonal = arith::SubIOp::create(b, l, column, row);
                  Value kValue = arith::ConstantIndexOp::create(b, l, k);
                  Value kept = arith::CmpIOp::create(
                      b, l, upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
                      diagonal, kValue);
                  return arith::SelectOp::create(
                      b, l, kept, args[0],
                      scalarConstant(b, l, args[0].getType(), 0));
                }));
    return success();
  }
};

} // namespace

void populateTensorLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns,
                                    PaddingFill fill) {
  patterns.add<ReshapeLikeLowering<FlattenOp>, ReshapeLikeLowering<ReshapeOp>,
               TransposeLowering, ConcatLowering, SliceLowering,
               BroadcastToLowering, TriluLowering>(converter,
                                                   patterns.getContext());
  patterns.add<PadLowering>(converter, patterns.getContext(), fill);
}

} // namespace sinter::lowering
