//===- TensorLowering.cpp - flatten, reshape, transpose, concat -----------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

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

} // namespace

void populateTensorLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns) {
  patterns.add<ReshapeLikeLowering<FlattenOp>, ReshapeLikeLowering<ReshapeOp>,
               TransposeLowering, ConcatLowering>(converter, patterns.getContext());
}

} // namespace sinter::lowering
