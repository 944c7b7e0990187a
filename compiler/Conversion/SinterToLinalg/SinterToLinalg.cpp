//===- SinterToLinalg.cpp - the convert-sinter-to-linalg pass -------------===//

#include "compiler/Conversion/Passes.h"
#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace sinter {
#define GEN_PASS_DEF_CONVERTSINTERTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

struct ConvertSinterToLinalgPass
    : impl::ConvertSinterToLinalgBase<ConvertSinterToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    lowering::populateConvolutionLoweringPatterns(patterns);
    lowering::populateElementwiseLoweringPatterns(patterns);
    lowering::populateMatrixLoweringPatterns(patterns);
    lowering::populateTensorLoweringPatterns(patterns);

    ConversionTarget target(*context);
    target.addIllegalDialect<SinterDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect,
                           func::FuncDialect>();
    if (succeeded(
            applyPartialConversion(getOperation(), target, std::move(patterns))))
      return;
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
