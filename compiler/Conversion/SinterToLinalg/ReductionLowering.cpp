//===- ReductionLowering.cpp - reductions and arg reductions --------------===//
//
// sinter.reduce becomes a linalg.generic with reduction iterators over the
// axes, from the function's identity (0, 1, -inf, +inf, the integer
// extremes), then an elementwise finish (mean divides, l2 takes the square
// root, log_sum the log); log_sum_exp reduces the maximum first and adds it
// back. sinter.arg_reduce carries the best value and its index together.
// keepdims is a reshape of the reduced result. sinter.top_k ranks every
// element along the axis, then writes those ranked below k in rank order.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace sinter::lowering {
namespace {

/// Loops over the input's dimensions; `reduced` maps them to the result
/// with `axes` dropped.
struct ReductionSpace {
  SmallVector<utils::IteratorType> iterators;
  AffineMap identity, reduced;
  RankedTensorType reducedType;

  ReductionSpace(OpBuilder &b, RankedTensorType input, ArrayRef<int64_t> axes,
                 Type resultElement) {
    SmallVector<AffineExpr> exprs;
    SmallVector<int64_t> shape;
    for (int64_t dim = 0; dim < input.getRank(); ++dim) {
      bool isAxis = llvm::is_contained(axes, dim);
      iterators.push_back(isAxis ? utils::IteratorType::reduction
                                 : utils::IteratorType::parallel);
      if (isAxis)
        continue;
      exprs.push_back(b.getAffineDimExpr(dim));
      shape.push_back(input.getDimSize(dim));
    }
    identity = b.getMultiDimIdentityMap(input.getRank());
    reduced = AffineMap::get(input.getRank(), 0, exprs, b.getContext());
    reducedType = RankedTensorType::get(shape, resultElement);
  }
};

/// The extreme of `type` a max (`lowest`) or min reduction starts from.
TypedAttr extremeAttr(OpBuilder &b, Type type, bool lowest, bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics(),
                                                /*Negative=*/lowest));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = isUnsigned ? (lowest ? APInt::getMinValue(width)
                                     : APInt::getMaxValue(width))
                           : (lowest ? APInt::getSignedMinValue(width)
                                     : APInt::getSignedMaxValue(width));
  return b.getIntegerAttr(type, value);
}

struct ReduceLowering : OpConversionPattern<ReduceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getLoweredType(getTypeConverter(), op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    bool isUnsigned = op.getInput().getType().getElementType().isUnsignedInteger();
    ReductionSpace space(rewriter, inputType, op.getAxes(), element);
    ReduceFn fn = op.getFn();

    auto reduce = [&](Value input, Value shift, ReduceFn combineFn) {
      TypedAttr initial;
      if (combineFn == ReduceFn::max || combineFn == ReduceFn::min)
        initial = extremeAttr(rewriter, element, combineFn == ReduceFn::max,
                              isUnsigned);
      else if (combineFn == ReduceFn::prod)
        initial = isFloat ? TypedAttr(rewriter.getFloatAttr(element, 1))
                          : TypedAttr(rewriter.getIntegerAttr(element, 1));
      else
        initial = rewriter.getZeroAttr(element);
      SmallVector<Value> inputs{input};
      SmallVector<AffineMap> maps{space.identity};
      if (shift) {
        inputs.push_back(shift);
        maps.push_back(space.reduced);
      }
      maps.push_back(space.reduced);
      return linalg::GenericOp::create(
                 rewriter, loc, space.reducedType, inputs,
                 createFilled(rewriter, loc, space.reducedType, initial), maps,
                 space.iterators,
                 [&](OpBuilder &b, Location l, ValueRange args) {
                   Value x = args[0], acc = args.back();
                   linalg::YieldOp::create(
                       b, l, combine(b, l, combineFn, x, shift ? args[1] : Value(),
                                     acc, isFloat, isUnsigned));
                 })
          .getResult(0);
    };

    Value result;
    if (fn == ReduceFn::log_sum_exp) {
      Value maxima = reduce(adaptor.getInput(), Value(), ReduceFn::max);
      // A row whose maximum is infinite shifts by 0 instead (an all -inf row
      // then sums to 0, whose log is -inf, as it should be).
      Value shifts = elementwise(
          rewriter, loc, space.reducedType, maxima,
          [](OpBuilder &b, Location l, ValueRange args) -> Value {
            Type type = args[0].getType();
            Value infinite = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, l, args[0]),
                scalarConstant(b, l, type, std::numeric_limits<double>::infinity()));
            return arith::SelectOp::create(b, l, infinite,
                                           scalarConstant(b, l, type, 0), args[0]);
          });
      Value sums = reduce(adaptor.getInput(), shifts, ReduceFn::log_sum_exp);
      result = elementwise(
          rewriter, loc, space.reducedType, {sums, shifts},
          [](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::AddFOp::create(b, l, math::LogOp::create(b, l, args[0]),
                                         args[1]);
          });
    } else {
      result = reduce(adaptor.getInput(), Value(), fn);
      int64_t count = 1;
      for (int64_t axis : op.getAxes())
        count *= inputType.getDimSize(axis);
      if (fn == ReduceFn::mean || fn == ReduceFn::l2 || fn == ReduceFn::log_sum)
        result = elementwise(
            rewriter, loc, space.reducedType, result,
            [&](OpBuilder &b, Location l, ValueRange args) -> Value {
              if (fn == ReduceFn::mean)
                return arith::DivFOp::create(
                    b, l, args[0], scalarConstant(b, l, element, count));
              if (fn == ReduceFn::l2)
                return math::SqrtOp::create(b, l, args[0]);
              return math::LogOp::create(b, l, args[0]);
            });
    }
    if (result.getType() != resultType)
      result = reshapeTo(rewriter, loc, result, resultType);
    rewriter.replaceOp(op, result);
    return success();
  }

  /// One step of the reduction: `x` (minus `shift`, for log_sum_exp) into
  /// `acc`.
  static Value combine(OpBuilder &b, Location l, ReduceFn fn, Value x,
                       Value shift, Value acc, bool isFloat, bool isUnsigned) {
    auto add = [&](Value lhs, Value rhs) -> Value {
      return isFloat ? Value(arith::AddFOp::create(b, l, lhs, rhs))
                     : Value(arith::AddIOp::create(b, l, lhs, rhs));
    };
    auto mul = [&](Value lhs, Value rhs) -> Value {
      return isFloat ? Value(arith::MulFOp::create(b, l, lhs, rhs))
                     : Value(arith::MulIOp::create(b, l, lhs, rhs));
    };
    switch (fn) {
    case ReduceFn::sum:
    case ReduceFn::mean:
    case ReduceFn::log_sum:
      return add(acc, x);
    case ReduceFn::prod:
      return mul(acc, x);
    case ReduceFn::max:
      if (isFloat)
        return arith::MaximumFOp::create(b, l, acc, x);
      return isUnsigned ? Value(arith::MaxUIOp::create(b, l, acc, x))
                        : Value(arith::MaxSIOp::create(b, l, acc, x));
    case ReduceFn::min:
      if (isFloat)
        return arith::MinimumFOp::create(b, l, acc, x);
      return isUnsigned ? Value(arith::MinUIOp::create(b, l, acc, x))
                        : Value(arith::MinSIOp::create(b, l, acc, x));
    case ReduceFn::l1:
      if (isFloat)
        return add(acc, math::AbsFOp::create(b, l, x));
      return add(acc, isUnsigned ? x : Value(math::AbsIOp::create(b, l, x)));
    case ReduceFn::l2:
    case ReduceFn::sum_square:
      return add(acc, mul(x, x));
    case ReduceFn::log_sum_exp:
      return add(acc, math::ExpOp::create(b, l, arith::SubFOp::create(b, l, x, shift)));
    }
    llvm_unreachable("covered switch");
  }
};

struct ArgReduceLowering : OpConversionPattern<ArgReduceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    bool isUnsigned = op.getInput().getType().getElementType().isUnsignedInteger();
    bool isMax = op.getFn() == ReduceFn::max, last = op.getSelectLastIndex();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    ReductionSpace values(rewriter, inputType, {axis}, element);
    ReductionSpace indices(rewriter, inputType, {axis}, rewriter.getI64Type());
    Value bestInit = createFilled(rewriter, loc, values.reducedType,
                                  extremeAttr(rewriter, element, isMax, isUnsigned));
    Value indexInit = createZeros(rewriter, loc, indices.reducedType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{values.reducedType, indices.reducedType},
        adaptor.getInput(), ValueRange{bestInit, indexInit},
        ArrayRef<AffineMap>{values.identity, values.reduced, values.reduced},
        values.iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          using FP = arith::CmpFPredicate;
          using IP = arith::CmpIPredicate;
          // Strictly better replaces; with select_last_index, equal too.
          Value better;
          if (isFloat)
            better = arith::CmpFOp::create(
                b, l, isMax ? (last ? FP::OGE : FP::OGT) : (last ? FP::OLE : FP::OLT),
                x, best);
          else if (isUnsigned)
            better = arith::CmpIOp::create(
                b, l, isMax ? (last ? IP::uge : IP::ugt) : (last ? IP::ule : IP::ult),
                x, best);
          else
            better = arith::CmpIOp::create(
                b, l, isMax ? (last ? IP::sge : IP::sgt) : (last ? IP::sle : IP::slt),
                x, best);
          Value index = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, x, best),
                         arith::SelectOp::create(b, l, better, index, bestIndex)});
        });
    Value result = generic.getResult(1);
    if (result.getType() != op.getType())
      result = reshapeTo(rewriter, loc, result, op.getType());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Loops over a tensor of `rank` dimensions and a second copy of `axis`
/// (the last loop, a reduction), for ops that combine each element with
/// every element along its axis: `self` reads the element at the loops'
/// position, `other` the element at the second copy's position.
struct AxisPairSpace {
  AffineMap self, other;
  SmallVector<utils::IteratorType> iterators;

  AxisPairSpace(MLIRContext *context, int64_t rank, int64_t axis)
      : iterators(parallelIterators(rank)) {
    SmallVector<AffineExpr> selfDims, otherDims;
    for (int64_t dim = 0; dim < rank; ++dim) {
      selfDims.push_back(getAffineDimExpr(dim, context));
      otherDims.push_back(getAffineDimExpr(dim == axis ? rank : dim, context));
    }
    self = AffineMap::get(rank + 1, 0, selfDims, context);
    other = AffineMap::get(rank + 1, 0, otherDims, context);
    iterators.push_back(utils::IteratorType::reduction);
  }
};

/// Whether `other` (at index `j` along the axis) comes before `self` (at
/// `i`) in TopK's order: a better value, or an equal one at a lower index.
/// NaN is greater than every number and equal to NaN, which makes the order
/// total, so the ranks it gives are a permutation.
Value precedes(OpBuilder &b, Location l, Value other, Value self, Value j,
               Value i, bool largest, bool isUnsigned) {
  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  Value lowerIndex = arith::CmpIOp::create(b, l, IP::ult, j, i);
  if (!isa<FloatType>(self.getType())) {
    IP betterPredicate = largest ? (isUnsigned ? IP::ugt : IP::sgt)
                                 : (isUnsigned ? IP::ult : IP::slt);
    Value better = arith::CmpIOp::create(b, l, betterPredicate, other, self);
    Value tie = arith::CmpIOp::create(b, l, IP::eq, other, self);
    return arith::OrIOp::create(
        b, l, better, arith::AndIOp::create(b, l, tie, lowerIndex));
  }
  Value better =
      arith::CmpFOp::create(b, l, largest ? FP::OGT : FP::OLT, other, self);
  Value otherNaN = arith::CmpFOp::create(b, l, FP::UNO, other, other);
  Value selfNaN = arith::CmpFOp::create(b, l, FP::UNO, self, self);
  // Largest first puts NaN ahead of numbers; smallest first, behind them.
  Value nanOrder = largest
                       ? arith::CmpIOp::create(b, l, IP::ugt, otherNaN, selfNaN)
                       : arith::CmpIOp::create(b, l, IP::ult, otherNaN, selfNaN);
  Value tie = arith::OrIOp::create(
      b, l, arith::CmpFOp::create(b, l, FP::OEQ, other, self),
      arith::AndIOp::create(b, l, otherNaN, selfNaN));
  return arith::OrIOp::create(
      b, l, arith::OrIOp::create(b, l, better, nanOrder),
      arith::AndIOp::create(b, l, tie, lowerIndex));
}

/// TopK in two steps. Each element's rank along the axis is the number of
/// elements that precede it, a reduction over a second copy of the axis as
/// in CumSum (quadratic in the axis length). Then a loop nest over the
/// input writes each element of rank below k, and its index, to position
/// rank of the outputs; the ranks being a permutation, every output
/// position is written once.
struct TopKLowering : OpConversionPattern<TopKOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    bool isUnsigned =
        op.getInput().getType().getElementType().isUnsignedInteger();
    bool largest = op.getLargest();
    int64_t rank = inputType.getRank(), axis = op.getAxis();
    AxisPairSpace space(getContext(), rank, axis);
    auto rankType = inputType.clone(rewriter.getI64Type());
    Value ranks =
        linalg::GenericOp::create(
            rewriter, loc, rankType, ValueRange{input, input},
            createZeros(rewriter, loc, rankType),
            ArrayRef<AffineMap>{space.self, space.other, space.self},
            space.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value before = precedes(
                  b, l, args[1], args[0], linalg::IndexOp::create(b, l, rank),
                  linalg::IndexOp::create(b, l, axis), largest, isUnsigned);
              linalg::YieldOp::create(
                  b, l,
                  arith::AddIOp::create(
                      b, l, args[2],
                      arith::ExtUIOp::create(b, l, b.getI64Type(), before))
                      .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, writeRanked(rewriter, loc, input, ranks, op));
    return success();
  }

  /// The outputs: element x of rank r < k goes to position r along the axis.
  SmallVector<Value> writeRanked(OpBuilder &b, Location loc, Value input,
                                 Value ranks, TopKOp op) const {
    auto valuesType = getLoweredType(getTypeConverter(), op.getValues().getType());
    auto indicesType = op.getIndices().getType();
    SmallVector<Value> outputs = {createZeros(b, loc, valuesType),
                                  createZeros(b, loc, indicesType)};
    auto inputType = cast<RankedTensorType>(input.getType());
    if (inputType.getNumElements() == 0 || op.getK() == 0)
      return outputs;
    int64_t axis = op.getAxis();
    Value k = arith::ConstantIntOp::create(b, loc, op.getK(), 64);
    scf::LoopNest nest = loopNestOver(
        b, loc, inputType.getShape(), outputs,
        [&](OpBuilder &nb, Location l, ValueRange loops,
            ValueRange current) -> scf::ValueVector {
          Value rankOf = tensor::ExtractOp::create(nb, l, ranks, loops);
          Value selected = arith::CmpIOp::create(
              nb, l, arith::CmpIPredicate::slt, rankOf, k);
          auto branch = scf::IfOp::create(
              nb, l, current.getTypes(), selected, /*withElseRegion=*/true);
          OpBuilder thenBuilder = branch.getThenBodyBuilder();
          SmallVector<Value> at(loops);
          at[axis] = arith::IndexCastOp::create(thenBuilder, l,
                                                thenBuilder.getIndexType(),
                                                rankOf);
          Value x = tensor::ExtractOp::create(thenBuilder, l, input, loops);
          Value index = arith::IndexCastOp::create(
              thenBuilder, l, thenBuilder.getI64Type(), loops[axis]);
          scf::YieldOp::create(
              thenBuilder, l,
              ValueRange{
                  tensor::InsertOp::create(thenBuilder, l, x, current[0], at),
                  tensor::InsertOp::create(thenBuilder, l, index, current[1],
                                           at)});
          OpBuilder elseBuilder = branch.getElseBodyBuilder();
          scf::YieldOp::create(elseBuilder, l, current);
          return {branch.getResult(0), branch.getResult(1)};
        });
    return nest.results;
  }
};

/// A running sum as a reduction over a second copy of the axis: output
/// element i adds the inputs j that come before it (quadratic in the axis
/// length; cumulative sums run over short axes, such as position ids).
struct CumSumLowering : OpConversionPattern<CumSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    int64_t rank = type.getRank(), axis = op.getAxis();
    AxisPairSpace space(getContext(), rank, axis);
    arith::CmpIPredicate included =
        op.getReverse() ? (op.getExclusive() ? arith::CmpIPredicate::ugt
                                             : arith::CmpIPredicate::uge)
                        : (op.getExclusive() ? arith::CmpIPredicate::ult
                                             : arith::CmpIPredicate::ule);
    rewriter.replaceOp(
        op, linalg::GenericOp::create(
                rewriter, loc, type, adaptor.getInput(),
                createZeros(rewriter, loc, type),
                ArrayRef<AffineMap>{space.other, space.self}, space.iterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value to = linalg::IndexOp::create(b, l, axis);
                  Value from = linalg::IndexOp::create(b, l, rank);
                  Value sum =
                      isa<FloatType>(args[0].getType())
                          ? arith::AddFOp::create(b, l, args[1], args[0]).getResult()
                          : arith::AddIOp::create(b, l, args[1], args[0]).getResult();
                  Value adds = arith::CmpIOp::create(b, l, included, from, to);
                  linalg::YieldOp::create(
                      b, l,
                      arith::SelectOp::create(b, l, adds, sum, args[1])
                          .getResult());
                })
                .getResult(0));
    return success();
  }
};

} // namespace

void populateReductionLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<ReduceLowering, ArgReduceLowering, TopKLowering, CumSumLowering>(
      converter, patterns.getContext());
}

} // namespace sinter::lowering
