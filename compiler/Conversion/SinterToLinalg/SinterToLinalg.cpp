//===- SinterToLinalg.cpp - the convert-sinter-to-linalg pass -------------===//

#include "compiler/Conversion/Passes.h"
#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterDialect.h"

#include "sinter/sinter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Transforms/DialectConversion.h"

namespace sinter {
#define GEN_PASS_DEF_CONVERTSINTERTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// Constants of unsigned integers become the same bits as signless ones.
struct UnsignedConstantLowering : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type || type == op.getType())
      return rewriter.notifyMatchFailure(op, "not an unsigned tensor");
    TypedAttr value;
    if (auto dense = dyn_cast<DenseElementsAttr>(op.getValue()))
      value = dense.bitcast(type.getElementType());
    else if (auto resource = dyn_cast<DenseResourceElementsAttr>(op.getValue()))
      value = DenseResourceElementsAttr::get(type, resource.getRawHandle());
    else
      return rewriter.notifyMatchFailure(op, "unknown kind of constant");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, value);
    return success();
  }
};

/// Adds to `function` an i32 result, the status of its run-time index
/// checks: SINTER_ERROR_INDEX_OUT_OF_RANGE when any marked check is true,
/// else SINTER_OK. A function without checks keeps its type.
LogicalResult returnIndexCheckStatus(func::FuncOp function) {
  SmallVector<Value> checks;
  function.walk([&](Operation *op) {
    if (op->removeAttr(lowering::kIndexCheckAttr))
      checks.push_back(op->getResult(0));
  });
  if (checks.empty())
    return success();
  auto returnOp = cast<func::ReturnOp>(function.getBody().back().getTerminator());
  OpBuilder b(returnOp);
  Location loc = returnOp.getLoc();
  Value any = checks.front();
  for (Value check : ArrayRef<Value>(checks).drop_front())
    any = arith::OrIOp::create(b, loc, any, check);
  Value status = arith::SelectOp::create(
      b, loc, any,
      arith::ConstantOp::create(b, loc,
                                b.getI32IntegerAttr(SINTER_ERROR_INDEX_OUT_OF_RANGE)),
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(SINTER_OK)));
  returnOp.getOperandsMutable().append(status);
  return function.insertResult(function.getNumResults(), status.getType(),
                               DictionaryAttr::get(function.getContext()));
}

struct ConvertSinterToLinalgPass
    : impl::ConvertSinterToLinalgBase<ConvertSinterToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    lowering::SignlessTypeConverter converter;
    RewritePatternSet patterns(context);
    lowering::PaddingFill fill = paddingBorderOnly
                                     ? lowering::PaddingFill::Border
                                     : lowering::PaddingFill::Whole;
    lowering::populateConvolutionLoweringPatterns(converter, patterns, fill);
    lowering::populateElementwiseLoweringPatterns(converter, patterns);
    lowering::populateUnaryLoweringPatterns(converter, patterns);
    lowering::populateBinaryLoweringPatterns(converter, patterns);
    lowering::populateReductionLoweringPatterns(converter, patterns);
    lowering::populateMatrixLoweringPatterns(converter, patterns);
    lowering::populateTensorLoweringPatterns(converter, patterns, fill);
    lowering::populateIndexingLoweringPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    patterns.add<UnsignedConstantLowering>(converter, context);

    ConversionTarget target(*context);
    target.addIllegalDialect<SinterDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp function) {
      return converter.isSignatureLegal(function.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, arith::ConstantOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    if (succeeded(applyPartialConversion(getOperation(), target,
                                         std::move(patterns)))) {
      for (auto function : getOperation().getOps<func::FuncOp>())
        if (failed(returnIndexCheckStatus(function)))
          return signalPassFailure();
      return;
    }
    // Report each op that has no lowering at its own location.
    getOperation()->walk([](Operation *op) {
      if (isa<SinterDialect>(op->getDialect()))
        op->emitError() << "cannot lower '" << op->getName()
                        << "' with these attributes to linalg";
    });
    signalPassFailure();
  }
};

} // namespace
} // namespace sinter
