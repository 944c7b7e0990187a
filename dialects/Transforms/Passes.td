//===- Passes.td - sinter graph passes ---------------------*- tablegen -*-===//

#ifndef SINTER_DIALECTS_TRANSFORMS_PASSES_TD
#define SINTER_DIALECTS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"sinter-fold-batch-norm", "mlir::func::FuncOp"> {
  let summary = "Fold inference BatchNorm into the conv, gemm or matmul before it";
  let description = [{
    `conv -> batch_norm` becomes one conv with, per output channel f and
    s = gamma / sqrt(var + eps), filter W'[f] = W[f] * s[f] and bias
    b'[f] = beta[f] + (b[f] - mean[f]) * s[f]. Only when the conv has no
    other user and the filter, bias and every BN parameter are constants.
    A gemm or rank-2 matmul with a constant weight folds the same way along
    its output columns. A BN whose input is not produced by a conv, gemm or
    matmul (RepVGG's identity branch) becomes a per-channel scale and shift
    (`mul` and `add` with constants). Every refusal says why
    (`-debug-only=greedy-rewriter` or the lit tests show them).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def MergeBranches : Pass<"sinter-merge-branches", "mlir::func::FuncOp"> {
  let summary = "Merge parallel conv branches over one input into one conv (RepVGG)";
  let description = [{
    A tree of adds whose leaves are convs of the same input (any kernel
    sizes that centre-pad into the largest), that input itself, that input
    scaled per channel, and per-channel constants becomes one conv with the
    largest kernel: smaller kernels are zero-padded to its centre, the
    identity becomes a kernel with 1 (or the channel's scale) at the centre
    of channel i -> i mod (C / groups), and kernels and biases are summed.
    BatchNorms are folded first. Declines, with a reason, when inputs,
    strides, dilations, groups, layouts or padding disagree.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def ConvertLayout : Pass<"sinter-convert-layout", "mlir::func::FuncOp"> {
  let summary = "Switch layout-sensitive ops to NHWC and cancel the transposes";
  let description = [{
    Wraps every NCHW conv, pool, global pool and batch_norm in transposes
    and switches it to NHWC (convs get an HWCF filter, grouped ones FHWC;
    constant filters are re-laid out at compile time), then moves transposes
    through activations, elementwise ops and concatenation, turns those that
    only move unit dimensions into reshapes, and cancels inverse pairs.
    With io-layout=nhwc, 4-D inputs and outputs of the function are exposed
    in NHWC and the boundary transposes disappear.
  }];
  let options = [
    Option<"ioLayout", "io-layout", "std::string", /*default=*/"\"nchw\"",
           "Layout of the function's 4-D inputs and outputs: nchw or nhwc">,
  ];
}

def FuseEpilogues : Pass<"sinter-fuse-epilogues", "mlir::func::FuncOp"> {
  let summary = "Make bias, residual adds and ReLU/Clip part of the conv or gemm before them";
  let description = [{
    After a conv: an add of a per-channel constant joins the bias; an add of
    another tensor of the result's type becomes the conv's `residual`; a
    relu or clip becomes its `clamp_min`/`clamp_max`. After a gemm: an add of
    a per-column constant becomes its bias (when it has none), a relu or
    clip its clamp. Only when the producer has no other user, and in the
    order the epilogue applies (bias, residual, then clamp). Code generation
    then applies the epilogue while the result is still in registers.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif // SINTER_DIALECTS_TRANSFORMS_PASSES_TD
