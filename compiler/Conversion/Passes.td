//===- Passes.td - sinter lowering passes ------------------*- tablegen -*-===//

#ifndef SINTER_COMPILER_CONVERSION_PASSES_TD
#define SINTER_COMPILER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSinterToLinalg : Pass<"convert-sinter-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower sinter ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Convolutions, depthwise convolutions, pooling, matmul and batch_matmul
    become named linalg ops (padding as the input inserted into a tensor
    whose border is filled, one fill per side, or with
    `padding-border-only=false` one fill of the whole tensor; groups through the
    grouped named convolutions, bias as the accumulator's initial value);
    the other ops become linalg.generic, tensor reshapes and insert_slices.
    Gathers and scatters at run-time indices clamp every index and check
    it: a function with such checks gets an i32 result, its status
    (SINTER_ERROR_INDEX_OUT_OF_RANGE when an index was out of range).
    An op with no lowering (e.g. a grouped NHWC convolution with an HWCF
    filter) is reported at its location and the pass fails.
  }];
  let options = [
    Option<"paddingBorderOnly", "padding-border-only", "bool", /*default=*/"true",
           "Fill only a padded tensor's border, one fill per side (no store "
           "of the interior wasted); false: one fill of the whole tensor (one "
           "GPU launch instead of two)">,
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // SINTER_COMPILER_CONVERSION_PASSES_TD
