//===- BinaryLowering.cpp - elementwise ops of two or three tensors -------===//
//
// Arithmetic, powers, remainders, min/max, logic, shifts, comparisons and
// select, each one linalg.generic with numpy broadcasting. Integer division
// and remainder never trap: a zero divisor gives 0, and INT_MIN / -1 wraps.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

namespace sinter::lowering {
namespace {

/// The scalar arithmetic of one element: the operands' element type, with
/// the signedness that lowering to signless integers drops.
struct Scalar {
  OpBuilder &b;
  Location loc;
  bool isFloat;
  bool isUnsigned;

  Value constant(Type type, double value) const {
    return scalarConstant(b, loc, type, value);
  }
  Value cmp(arith::CmpIPredicate signedPred, arith::CmpIPredicate unsignedPred,
            arith::CmpFPredicate floatPred, Value x, Value y) const {
    if (isFloat)
      return arith::CmpFOp::create(b, loc, floatPred, x, y);
    return arith::CmpIOp::create(b, loc, isUnsigned ? unsignedPred : signedPred,
                                 x, y);
  }
  Value select(Value condition, Value x, Value y) const {
    return arith::SelectOp::create(b, loc, condition, x, y);
  }

  /// Integer quotient or remainder that cannot trap: a zero divisor gives 0;
  /// for a divisor of -1 (INT_MIN / -1 traps on x86) the quotient is the
  /// wrapped negation and the remainder 0.
  Value safeIntegerDivision(Value x, Value y, bool remainder) const {
    Type type = x.getType();
    Value zero = constant(type, 0), one = constant(type, 1);
    Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
    Value isMinusOne =
        isUnsigned ? Value()
                   : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y,
                                           constant(type, -1));
    Value unsafe = isMinusOne ? arith::OrIOp::create(b, loc, isZero, isMinusOne)
                              : isZero;
    Value divisor = select(unsafe, one, y);
    Value result;
    if (remainder)
      result = isUnsigned ? Value(arith::RemUIOp::create(b, loc, x, divisor))
                          : Value(arith::RemSIOp::create(b, loc, x, divisor));
    else
      result = isUnsigned ? Value(arith::DivUIOp::create(b, loc, x, divisor))
                          : Value(arith::DivSIOp::create(b, loc, x, divisor));
    if (isMinusOne)
      result = select(isMinusOne,
                      remainder ? zero : Value(arith::SubIOp::create(b, loc, zero, x)),
                      result);
    return select(isZero, zero, result);
  }

  /// Python's remainder: the sign of the divisor.
  Value floorRemainder(Value x, Value y) const {
    Value r = safeIntegerDivision(x, y, /*remainder=*/true);
    if (isUnsigned)
      return r;
    Value zero = constant(x.getType(), 0);
    Value nonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
    Value rNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
    Value yNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
    Value signsDiffer = arith::XOrIOp::create(b, loc, rNegative, yNegative);
    Value adjust = arith::AndIOp::create(b, loc, nonZero, signsDiffer);
    return select(adjust, arith::AddIOp::create(b, loc, r, y), r);
  }

  /// x^y for integers by squaring, unrolled over the exponent's bits; a
  /// negative exponent gives 1 for a base of 1, +-1 for -1 and 0 otherwise.
  Value integerPower(Value x, Value y) const {
    Type type = x.getType();
    unsigned width = type.getIntOrFloatBitWidth();
    Value one = constant(type, 1), zero = constant(type, 0);
    Value result = one, base = x, exponent = y;
    for (unsigned bit = 0; bit < width; ++bit) {
      Value odd = arith::TruncIOp::create(b, loc, b.getI1Type(), exponent);
      result = select(odd, arith::MulIOp::create(b, loc, result, base), result);
      base = arith::MulIOp::create(b, loc, base, base);
      exponent = arith::ShRUIOp::create(b, loc, exponent, one);
    }
    if (isUnsigned)
      return result;
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
    Value baseIsOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, one);
    Value baseIsMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x,
                                                 constant(type, -1));
    Value oddExponent = arith::TruncIOp::create(b, loc, b.getI1Type(), y);
    Value minusOnePower = select(oddExponent, constant(type, -1), one);
    Value negativePower =
        select(baseIsOne, one, select(baseIsMinusOne, minusOnePower, zero));
    return select(negative, negativePower, result);
  }

  /// A shift by the width or more gives 0 (LLVM would make it poison).
  Value shift(Value x, Value y, bool left) const {
    Type type = x.getType();
    Value width = constant(type, type.getIntOrFloatBitWidth());
    Value tooFar = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, y, width);
    Value shifted = left ? Value(arith::ShLIOp::create(b, loc, x, y))
                         : Value(arith::ShRUIOp::create(b, loc, x, y));
    return select(tooFar, constant(type, 0), shifted);
  }
};

Value binaryFnBody(const Scalar &s, BinaryFn fn, Value x, Value y) {
  OpBuilder &b = s.b;
  Location l = s.loc;
  switch (fn) {
  case BinaryFn::pow:
    return s.isFloat ? Value(math::PowFOp::create(b, l, x, y)) : s.integerPower(x, y);
  case BinaryFn::mod:
    return s.floorRemainder(x, y);
  case BinaryFn::fmod:
    return s.isFloat ? Value(arith::RemFOp::create(b, l, x, y))
                     : s.safeIntegerDivision(x, y, /*remainder=*/true);
  case BinaryFn::min:
    if (s.isFloat)
      return arith::MinimumFOp::create(b, l, x, y);
    return s.isUnsigned ? Value(arith::MinUIOp::create(b, l, x, y))
                        : Value(arith::MinSIOp::create(b, l, x, y));
  case BinaryFn::max:
    if (s.isFloat)
      return arith::MaximumFOp::create(b, l, x, y);
    return s.isUnsigned ? Value(arith::MaxUIOp::create(b, l, x, y))
                        : Value(arith::MaxSIOp::create(b, l, x, y));
  case BinaryFn::logical_and:
    return arith::AndIOp::create(b, l, x, y);
  case BinaryFn::logical_or:
    return arith::OrIOp::create(b, l, x, y);
  case BinaryFn::logical_xor:
    return arith::XOrIOp::create(b, l, x, y);
  case BinaryFn::shift_left:
    return s.shift(x, y, /*left=*/true);
  case BinaryFn::shift_right:
    return s.shift(x, y, /*left=*/false);
  case BinaryFn::prelu: {
    Value negative = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x,
                                           s.constant(x.getType(), 0));
    return s.select(negative, arith::MulFOp::create(b, l, x, y), x);
  }
  }
  llvm_unreachable("covered switch");
}

enum class ArithKind { Add, Sub, Mul, Div };

Value arithBody(const Scalar &s, ArithKind kind, Value x, Value y) {
  OpBuilder &b = s.b;
  Location l = s.loc;
  switch (kind) {
  case ArithKind::Add:
    return s.isFloat ? Value(arith::AddFOp::create(b, l, x, y))
                     : Value(arith::AddIOp::create(b, l, x, y));
  case ArithKind::Sub:
    return s.isFloat ? Value(arith::SubFOp::create(b, l, x, y))
                     : Value(arith::SubIOp::create(b, l, x, y));
  case ArithKind::Mul:
    return s.isFloat ? Value(arith::MulFOp::create(b, l, x, y))
                     : Value(arith::MulIOp::create(b, l, x, y));
  case ArithKind::Div:
    return s.isFloat ? Value(arith::DivFOp::create(b, l, x, y))
                     : s.safeIntegerDivision(x, y, /*remainder=*/false);
  }
  llvm_unreachable("covered switch");
}

/// Lowers a two-operand op whose scalar body `makeBody` builds from the
/// operands' (pre-lowering) element type.
template <typename OpTy, typename BodyFn>
LogicalResult lowerBinary(OpTy op, Value lhs, Value rhs,
                          const TypeConverter *converter,
                          ConversionPatternRewriter &rewriter, BodyFn makeBody) {
  Type operandElement =
      cast<RankedTensorType>(op.getLhs().getType()).getElementType();
  RankedTensorType type = getLoweredType(converter, op.getType());
  Value result = elementwise(
      rewriter, op.getLoc(), type, {lhs, rhs},
      [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        Scalar scalar{b, l, isa<FloatType>(operandElement),
                      operandElement.isUnsignedInteger()};
        return makeBody(scalar, args[0], args[1]);
      });
  rewriter.replaceOp(op, result);
  return success();
}

template <typename OpTy, ArithKind kind>
struct ArithLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerBinary(op, adaptor.getLhs(), adaptor.getRhs(),
                       this->getTypeConverter(), rewriter,
                       [](const Scalar &s, Value x, Value y) {
                         return arithBody(s, kind, x, y);
                       });
  }
};

struct BinaryFnLowering : OpConversionPattern<BinaryFnOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BinaryFnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    BinaryFn fn = op.getFn();
    return lowerBinary(op, adaptor.getLhs(), adaptor.getRhs(),
                       getTypeConverter(), rewriter,
                       [&](const Scalar &s, Value x, Value y) {
                         return binaryFnBody(s, fn, x, y);
                       });
  }
};

struct CompareLowering : OpConversionPattern<CompareOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    using IPred = arith::CmpIPredicate;
    using FPred = arith::CmpFPredicate;
    ComparePredicate predicate = op.getPredicate();
    return lowerBinary(
        op, adaptor.getLhs(), adaptor.getRhs(), getTypeConverter(), rewriter,
        [&](const Scalar &s, Value x, Value y) -> Value {
          switch (predicate) {
          case ComparePredicate::eq:
            return s.cmp(IPred::eq, IPred::eq, FPred::OEQ, x, y);
          case ComparePredicate::lt:
            return s.cmp(IPred::slt, IPred::ult, FPred::OLT, x, y);
          case ComparePredicate::gt:
            return s.cmp(IPred::sgt, IPred::ugt, FPred::OGT, x, y);
          case ComparePredicate::le:
            return s.cmp(IPred::sle, IPred::ule, FPred::OLE, x, y);
          case ComparePredicate::ge:
            return s.cmp(IPred::sge, IPred::uge, FPred::OGE, x, y);
          }
          llvm_unreachable("covered switch");
        });
  }
};

struct SelectLowering : OpConversionPattern<SelectOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    Value result = elementwise(
        rewriter, op.getLoc(), type,
        {adaptor.getCondition(), adaptor.getTrueValue(), adaptor.getFalseValue()},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::SelectOp::create(b, l, args[0], args[1], args[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateBinaryLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns) {
  patterns.add<ArithLowering<AddOp, ArithKind::Add>,
               ArithLowering<SubOp, ArithKind::Sub>,
               ArithLowering<MulOp, ArithKind::Mul>,
               ArithLowering<DivOp, ArithKind::Div>, BinaryFnLowering,
               CompareLowering, SelectLowering>(converter,
                                                patterns.getContext());
}

} // namespace sinter::lowering
