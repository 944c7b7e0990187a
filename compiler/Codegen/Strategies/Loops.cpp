//===- Loops.cpp - the conservative default: plain loops ------------------===//
//
// Every op no other strategy takes (dynamic shapes, integer convolutions,
// NCHW ops at -O0, gathers at run-time indices, ...) is left whole and becomes a loop nest after
// bufferization, with the output's contiguous dimension innermost
// (sinter-order-loops), as before kernel strategies existed.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"

using namespace mlir;

namespace sinter {
namespace {

std::optional<KernelConfig> selectLoops(linalg::LinalgOp, const TargetInfo &) {
  return KernelConfig{"loops", {}, {}};
}

LogicalResult applyLoops(RewriterBase &, linalg::LinalgOp,
                         const KernelConfig &) {
  return success();
}

} // namespace

KernelStrategy getLoopsStrategy() {
  return {"loops", selectLoops, applyLoops, /*fusesEpilogue=*/false};
}

} // namespace sinter
