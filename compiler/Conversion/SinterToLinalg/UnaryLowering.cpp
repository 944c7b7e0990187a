//===- UnaryLowering.cpp - elementwise functions of one tensor ------------===//
//
// sinter.unary, is_nan, is_inf and cast, each one linalg.generic whose body
// is built from arith and math ops. Formulas are chosen for range: softplus
// as max(x, 0) + log1p(exp(-|x|)), elu and selu through expm1.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;

namespace sinter::lowering {
namespace {

/// Builds the float formulas of sinter.unary for one element.
struct FloatFormulas {
  OpBuilder &b;
  Location l;
  Type type;

  Value c(double value) const { return scalarConstant(b, l, type, value); }
  Value add(Value x, Value y) const { return arith::AddFOp::create(b, l, x, y); }
  Value sub(Value x, Value y) const { return arith::SubFOp::create(b, l, x, y); }
  Value mul(Value x, Value y) const { return arith::MulFOp::create(b, l, x, y); }
  Value div(Value x, Value y) const { return arith::DivFOp::create(b, l, x, y); }
  Value max(Value x, Value y) const { return arith::MaximumFOp::create(b, l, x, y); }
  Value min(Value x, Value y) const { return arith::MinimumFOp::create(b, l, x, y); }
  Value abs(Value x) const { return math::AbsFOp::create(b, l, x); }
  Value exp(Value x) const { return math::ExpOp::create(b, l, x); }
  Value expm1(Value x) const { return math::ExpM1Op::create(b, l, x); }
  Value less(Value x, Value y) const {
    return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, y);
  }
  Value select(Value condition, Value x, Value y) const {
    return arith::SelectOp::create(b, l, condition, x, y);
  }
  /// min(max(x, 0), 1), NaN kept.
  Value saturate(Value x) const { return min(max(x, c(0)), c(1)); }
};

Value floatUnary(const FloatFormulas &f, UnaryFn fn, Value x, double alpha,
                 double beta) {
  OpBuilder &b = f.b;
  Location l = f.l;
  switch (fn) {
  case UnaryFn::sigmoid:
    return f.div(f.c(1), f.add(f.c(1), f.exp(arith::NegFOp::create(b, l, x))));
  case UnaryFn::tanh:
    return math::TanhOp::create(b, l, x);
  case UnaryFn::hard_sigmoid:
    return f.saturate(f.add(f.mul(f.c(alpha), x), f.c(beta)));
  case UnaryFn::hard_swish:
    return f.mul(x, f.saturate(f.add(f.div(x, f.c(6)), f.c(0.5))));
  case UnaryFn::leaky_relu:
    return f.select(f.less(x, f.c(0)), f.mul(f.c(alpha), x), x);
  case UnaryFn::elu:
    return f.select(f.less(x, f.c(0)), f.mul(f.c(alpha), f.expm1(x)), x);
  case UnaryFn::selu: {
    Value nonPositive = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE, x, f.c(0));
    return f.mul(f.c(beta),
                 f.select(nonPositive, f.mul(f.c(alpha), f.expm1(x)), x));
  }
  case UnaryFn::celu:
    return f.add(f.max(x, f.c(0)),
                 f.min(f.c(0), f.mul(f.c(alpha), f.expm1(f.div(x, f.c(alpha))))));
  case UnaryFn::thresholded_relu:
    return f.select(f.less(f.c(alpha), x), x, f.c(0));
  case UnaryFn::softplus:
    return f.add(f.max(x, f.c(0)),
                 math::Log1pOp::create(
                     b, l, f.exp(arith::NegFOp::create(b, l, f.abs(x)))));
  case UnaryFn::softsign:
    return f.div(x, f.add(f.c(1), f.abs(x)));
  case UnaryFn::shrink:
    return f.select(f.less(x, f.c(-alpha)), f.add(x, f.c(beta)),
                    f.select(f.less(f.c(alpha), x), f.sub(x, f.c(beta)), f.c(0)));
  case UnaryFn::erf:
    return math::ErfOp::create(b, l, x);
  case UnaryFn::exp:
    return f.exp(x);
  case UnaryFn::log:
    return math::LogOp::create(b, l, x);
  case UnaryFn::sqrt:
    return math::SqrtOp::create(b, l, x);
  case UnaryFn::reciprocal:
    return f.div(f.c(1), x);
  case UnaryFn::neg:
    return arith::NegFOp::create(b, l, x);
  case UnaryFn::abs:
    return f.abs(x);
  case UnaryFn::sign:
    // Zeros and NaN stay as they are.
    return f.select(f.less(f.c(0), x), f.c(1),
                    f.select(f.less(x, f.c(0)), f.c(-1), x));
  case UnaryFn::floor:
    return math::FloorOp::create(b, l, x);
  case UnaryFn::ceil:
    return math::CeilOp::create(b, l, x);
  case UnaryFn::round:
    return math::RoundEvenOp::create(b, l, x);
  case UnaryFn::sin:
    return math::SinOp::create(b, l, x);
  case UnaryFn::cos:
    return math::CosOp::create(b, l, x);
  case UnaryFn::tan:
    return math::TanOp::create(b, l, x);
  case UnaryFn::asin:
    return math::AsinOp::create(b, l, x);
  case UnaryFn::acos:
    return math::AcosOp::create(b, l, x);
  case UnaryFn::atan:
    return math::AtanOp::create(b, l, x);
  case UnaryFn::sinh:
    return math::SinhOp::create(b, l, x);
  case UnaryFn::cosh:
    return math::CoshOp::create(b, l, x);
  case UnaryFn::asinh:
    return math::AsinhOp::create(b, l, x);
  case UnaryFn::acosh:
    return math::AcoshOp::create(b, l, x);
  case UnaryFn::atanh:
    return math::AtanhOp::create(b, l, x);
  case UnaryFn::logical_not:
    break;
  }
  llvm_unreachable("the verifier admits only float functions here");
}

/// The integer and boolean functions: neg, abs, sign, shrink, not.
Value integerUnary(OpBuilder &b, Location l, UnaryFn fn, Value x,
                   bool isUnsigned, double alpha, double beta) {
  Type type = x.getType();
  auto c = [&](double value) { return scalarConstant(b, l, type, value); };
  auto cmp = [&](arith::CmpIPredicate signedPred,
                 arith::CmpIPredicate unsignedPred, Value lhs, Value rhs) {
    return arith::CmpIOp::create(b, l, isUnsigned ? unsignedPred : signedPred,
                                 lhs, rhs);
  };
  using Pred = arith::CmpIPredicate;
  switch (fn) {
  case UnaryFn::neg:
    return arith::SubIOp::create(b, l, c(0), x);
  case UnaryFn::abs:
    return isUnsigned ? x : Value(math::AbsIOp::create(b, l, x));
  case UnaryFn::sign:
    return arith::SelectOp::create(
        b, l, cmp(Pred::sgt, Pred::ugt, x, c(0)), c(1),
        arith::SelectOp::create(b, l, cmp(Pred::slt, Pred::ult, x, c(0)),
                                c(-1), c(0)));
  case UnaryFn::shrink: {
    // lambd and bias are floats: compare in double, as ONNX's reference does,
    // and shift by the bias truncated to the element type.
    Value wide = isUnsigned ? Value(arith::UIToFPOp::create(b, l, b.getF64Type(), x))
                            : Value(arith::SIToFPOp::create(b, l, b.getF64Type(), x));
    auto f64 = [&](double value) { return scalarConstant(b, l, b.getF64Type(), value); };
    auto less = [&](Value lhs, Value rhs) {
      return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, lhs, rhs);
    };
    Value bias = c(beta);
    return arith::SelectOp::create(
        b, l, less(wide, f64(-alpha)), arith::AddIOp::create(b, l, x, bias),
        arith::SelectOp::create(b, l, less(f64(alpha), wide),
                                arith::SubIOp::create(b, l, x, bias), c(0)));
  }
  case UnaryFn::logical_not:
    return arith::XOrIOp::create(b, l, x, arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
  default:
    break;
  }
  llvm_unreachable("the verifier admits only these integer functions");
}

struct UnaryLowering : OpConversionPattern<UnaryOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(UnaryOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type element = op.getType().getElementType();
    bool isUnsigned = element.isUnsignedInteger();
    UnaryFn fn = op.getFn();
    double alpha = op.getAlpha() ? op.getAlpha()->convertToDouble() : 0.0;
    double beta = op.getBeta() ? op.getBeta()->convertToDouble() : 0.0;
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    Value result = elementwise(
        rewriter, op.getLoc(), type, adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          if (isa<FloatType>(element))
            return floatUnary(FloatFormulas{b, l, element}, fn, args[0], alpha,
                              beta);
          return integerUnary(b, l, fn, args[0], isUnsigned, alpha, beta);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct IsNanLowering : OpConversionPattern<IsNanOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IsNanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, args[0],
                                       args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct IsInfLowering : OpConversionPattern<IsInfOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IsInfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    bool negative = op.getDetectNegative(), positive = op.getDetectPositive();
    Value result = elementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Type type = args[0].getType();
          double infinity = std::numeric_limits<double>::infinity();
          auto equals = [&](double value) {
            return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, args[0],
                                         scalarConstant(b, l, type, value));
          };
          Value detected = arith::ConstantOp::create(b, l, b.getBoolAttr(false));
          if (positive)
            detected = arith::OrIOp::create(b, l, detected, equals(infinity));
          if (negative)
            detected = arith::OrIOp::create(b, l, detected, equals(-infinity));
          return detected;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// One element converted between any two of float, signed, unsigned and
/// bool types.
Value castElement(OpBuilder &b, Location l, Value x, Type from, Type to,
                  Type loweredTo) {
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  bool fromUnsigned = from.isUnsignedInteger() || from.isInteger(1);
  if (to.isInteger(1))
    return fromFloat ? Value(arith::CmpFOp::create(
                           b, l, arith::CmpFPredicate::UNE, x,
                           scalarConstant(b, l, from, 0)))
                     : Value(arith::CmpIOp::create(
                           b, l, arith::CmpIPredicate::ne, x,
                           scalarConstant(b, l, x.getType(), 0)));
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromFloat && toFloat) {
    if (from == to)
      return x;
    // f16 <-> bf16 have one width and different formats: through f32.
    if (fromWidth == toWidth) {
      x = arith::ExtFOp::create(b, l, b.getF32Type(), x);
      fromWidth = 32;
    }
    if (fromWidth < toWidth)
      return arith::ExtFOp::create(b, l, loweredTo, x);
    return arith::TruncFOp::create(b, l, loweredTo, x);
  }
  if (fromFloat)
    return to.isUnsignedInteger()
               ? Value(arith::FPToUIOp::create(b, l, loweredTo, x))
               : Value(arith::FPToSIOp::create(b, l, loweredTo, x));
  if (toFloat)
    return fromUnsigned ? Value(arith::UIToFPOp::create(b, l, loweredTo, x))
                        : Value(arith::SIToFPOp::create(b, l, loweredTo, x));
  if (fromWidth < toWidth)
    return fromUnsigned ? Value(arith::ExtUIOp::create(b, l, loweredTo, x))
                        : Value(arith::ExtSIOp::create(b, l, loweredTo, x));
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, l, loweredTo, x);
  return x;
}

struct CastLowering : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type from = op.getInput().getType().getElementType();
    Type to = op.getType().getElementType();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    Value result = elementwise(
        rewriter, op.getLoc(), type, adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return castElement(b, l, args[0], from, to, type.getElementType());
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateUnaryLoweringPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns) {
  patterns.add<UnaryLowering, IsNanLowering, IsInfLowering, CastLowering>(
      converter, patterns.getContext());
}

} // namespace sinter::lowering
