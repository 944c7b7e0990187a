//===- ApproximateMath.cpp - polynomial approximations of math ops --------===//

#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sinter {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

struct ApproximateMathPass : impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // Expanded into exp, log and sqrt first (every float type), so that the
    // f32 versions meet the approximations below.
    {
      RewritePatternSet patterns(&getContext());
      math::populateExpansionPatterns(
          patterns, {"tan", "sinh", "cosh", "asinh", "acosh", "atanh"});
      // A power with a small constant exponent (x^2 of a variance, x^0.5)
      // as multiplications, a square root and a division: no pow call.
      populateMathAlgebraicSimplificationPatterns(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    auto approximated = [](StringRef name) {
      return llvm::is_contained(
          {math::ExpOp::getOperationName(), math::ExpM1Op::getOperationName(),
           math::LogOp::getOperationName(), math::Log1pOp::getOperationName(),
           math::TanhOp::getOperationName(), math::ErfOp::getOperationName(),
           math::SinOp::getOperationName(), math::CosOp::getOperationName(),
           math::AtanOp::getOperationName(), math::AsinOp::getOperationName(),
           math::AcosOp::getOperationName()},
          name);
    };
    RewritePatternSet patterns(&getContext());
    // Narrow floats are computed in f32, where the approximations exist;
    // f64 keeps libm's functions.
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace sinter
