//===- FuseElementwise.cpp - chains of elementwise ops as one op ----------===//

#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sinter {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

bool isElementwise(Operation *op) {
  auto generic = dyn_cast_if_present<linalg::GenericOp>(op);
  return generic && generic.getNumLoops() == generic.getNumParallelLoops();
}

int64_t bodySize(Operation *op) {
  return cast<linalg::GenericOp>(op).getBody()->getOperations().size();
}

struct FuseElementwisePass
    : impl::FuseElementwiseBase<FuseElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    int64_t limit = maxBodyOps;
    // A producer read twice would be computed twice; fusing only
    // single-use producers keeps the work the graph asks for.
    linalg::ControlFusionFn control = [limit](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      Operation *consumer = operand->getOwner();
      return isElementwise(producer) && isElementwise(consumer) &&
             operand->get().hasOneUse() &&
             bodySize(producer) + bodySize(consumer) <= limit;
    };
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace sinter
