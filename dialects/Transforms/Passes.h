//===- Passes.h - sinter graph passes ---------------------------*- C++ -*-===//

#ifndef SINTER_DIALECTS_TRANSFORMS_PASSES_H
#define SINTER_DIALECTS_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace sinter {

#define GEN_PASS_DECL
#include "dialects/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Transforms/Passes.h.inc"

/// The BatchNorm folding patterns, shared with the branch merge.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);

} // namespace sinter

#endif // SINTER_DIALECTS_TRANSFORMS_PASSES_H
