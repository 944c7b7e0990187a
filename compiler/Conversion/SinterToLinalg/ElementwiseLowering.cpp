//===- ElementwiseLowering.cpp - relu, clip, softmax ----------------------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sinter::lowering {
namespace {

struct ReluLowering : OpConversionPattern<ReluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value zero = arith::ConstantOp::create(
              b, l, b.getZeroAttr(args[0].getType()));
          // maximumf propagates NaN, as torch.relu does.
          return arith::MaximumFOp::create(b, l, args[0], zero);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ClipLowering : OpConversionPattern<ClipOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ClipOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // A clip is the clamp part of a fused epilogue on its own.
    rewriter.replaceOp(op, applyEpilogue(rewriter, op.getLoc(),
                                         adaptor.getInput(), Value(),
                                         op.getMin(), op.getMax()));
    return success();
  }
};

/// softmax(x) = exp(x - max) / sum(exp(x - max)) along one axis, the max
/// subtracted for range.
/// log_softmax(x) = (x - max) - log(sum(exp(x - max))).
template <typename OpTy, bool isLog>
struct SoftmaxLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    MLIRContext *context = rewriter.getContext();

    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> reducedExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t dim = 0; dim < rank; ++dim) {
      iterators.push_back(dim == axis ? utils::IteratorType::reduction
                                      : utils::IteratorType::parallel);
      if (dim == axis)
        continue;
      reducedShape.push_back(type.getDimSize(dim));
      reducedExprs.push_back(getAffineDimExpr(dim, context));
    }
    auto reducedType = RankedTensorType::get(reducedShape, elementType);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced = AffineMap::get(rank, 0, reducedExprs, context);

    auto reduce = [&](Value input, TypedAttr initial, auto combine) {
      return linalg::GenericOp::create(
                 rewriter, loc, reducedType, input,
                 createFilled(rewriter, loc, reducedType, initial),
                 ArrayRef<AffineMap>{identity, reduced}, iterators,
                 [&](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, combine(b, l, args[0], args[1]));
                 })
          .getResult(0);
    };
    auto parallel = [&](ValueRange inputs, ScalarFn body) {
      Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), elementType);
      return linalg::GenericOp::create(
                 rewriter, loc, type, inputs, init,
                 ArrayRef<AffineMap>{identity, reduced, identity},
                 parallelIterators(rank),
                 [&](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, body(b, l, args));
                 })
          .getResult(0);
    };

    Value input = adaptor.getInput();
    // maxnumf, not maximumf: a NaN in a row makes every output of the row
    // NaN either way (through the sum), and a NaN-propagating maximum
    // reduction becomes a compare-and-select chain per element on x86.
    Value maxima = reduce(input, negativeInfinity(elementType),
                          [](OpBuilder &b, Location l, Value x, Value acc) {
                            return Value(arith::MaxNumFOp::create(b, l, x, acc));
                          });
    Value exps = parallel({input, maxima},
                          [](OpBuilder &b, Location l, ValueRange args) -> Value {
                            return math::ExpOp::create(
                                b, l, arith::SubFOp::create(b, l, args[0], args[1]));
                          });
    Value sums = reduce(exps, rewriter.getZeroAttr(elementType),
                        [](OpBuilder &b, Location l, Value x, Value acc) {
                          return Value(arith::AddFOp::create(b, l, x, acc));
                        });
    Value result;
    if (isLog) {
      // (x - max) - log(sum), not x - (max + log(sum)): near a large
      // maximum the sum max + log(sum) would round to its ulp.
      Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), elementType);
      result = linalg::GenericOp::create(
                   rewriter, loc, type, ValueRange{input, maxima, sums}, init,
                   ArrayRef<AffineMap>{identity, reduced, reduced, identity},
                   parallelIterators(rank),
                   [](OpBuilder &b, Location l, ValueRange args) {
                     Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
                     linalg::YieldOp::create(
                         b, l,
                         Value(arith::SubFOp::create(
                             b, l, shifted, math::LogOp::create(b, l, args[2]))));
                   })
                   .getResult(0);
    } else {
      result = parallel({exps, sums},
                        [](OpBuilder &b, Location l, ValueRange args) -> Value {
                          return arith::DivFOp::create(b, l, args[0], args[1]);
                        });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<ReluLowering, ClipLowering, SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>>(converter,
                                                    patterns.getContext());
}

} // namespace sinter::lowering
