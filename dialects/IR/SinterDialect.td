//===- SinterDialect.td - the sinter graph-level dialect ---*- tablegen -*-===//

#ifndef SINTER_DIALECT_TD
#define SINTER_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Sinter_Dialect : Dialect {
  let name = "sinter";
  let summary = "Graph-level neural-network operations on ranked tensors";
  let description = [{
    The `sinter` dialect is the graph level of the Sinter compiler. ONNX models
    are imported into it; graph optimizations (BatchNorm folding, branch
    merging, layout conversion) rewrite it; it is then lowered to linalg.
    Every value is a statically shaped ranked tensor and every op that depends
    on the data layout carries it explicitly.
  }];
  let cppNamespace = "::sinter";
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

// Activation layout of a layout-sensitive op: where the channel dimension is.
def Sinter_ActivationLayout : I32EnumAttr<"ActivationLayout", "activation data layout", [
  I32EnumAttrCase<"NCHW", 0>,
  I32EnumAttrCase<"NHWC", 1>
]> {
  let cppNamespace = "::sinter";
  let genSpecializedAttr = 0;
}
def Sinter_ActivationLayoutAttr : EnumAttr<Sinter_Dialect, Sinter_ActivationLayout, "layout"> {
  let assemblyFormat = "$value";
}

// Convolution filter layout. F = output channels, C = input channels per group.
// FCHW is ONNX's layout; HWCF keeps output channels innermost for vectorized
// code generation; FHWC keeps input channels innermost.
def Sinter_FilterLayout : I32EnumAttr<"FilterLayout", "convolution filter layout", [
  I32EnumAttrCase<"FCHW", 0>,
  I32EnumAttrCase<"HWCF", 1>,
  I32EnumAttrCase<"FHWC", 2>
]> {
  let cppNamespace = "::sinter";
  let genSpecializedAttr = 0;
}
def Sinter_FilterLayoutAttr : EnumAttr<Sinter_Dialect, Sinter_FilterLayout, "filter_layout"> {
  let assemblyFormat = "$value";
}

// Elementwise functions of one tensor (sinter.unary). Parameters, where a
// function has them, are the op's `alpha` and `beta`.
def Sinter_UnaryFn : I32EnumAttr<"UnaryFn", "elementwise function of one tensor", [
  I32EnumAttrCase<"sigmoid", 0>, I32EnumAttrCase<"tanh", 1>,
  I32EnumAttrCase<"hard_sigmoid", 2>, I32EnumAttrCase<"hard_swish", 3>,
  I32EnumAttrCase<"leaky_relu", 4>, I32EnumAttrCase<"elu", 5>,
  I32EnumAttrCase<"selu", 6>, I32EnumAttrCase<"celu", 7>,
  I32EnumAttrCase<"thresholded_relu", 8>, I32EnumAttrCase<"softplus", 9>,
  I32EnumAttrCase<"softsign", 10>, I32EnumAttrCase<"shrink", 11>,
  I32EnumAttrCase<"erf", 12>, I32EnumAttrCase<"exp", 13>,
  I32EnumAttrCase<"log", 14>, I32EnumAttrCase<"sqrt", 15>,
  I32EnumAttrCase<"reciprocal", 16>, I32EnumAttrCase<"neg", 17>,
  I32EnumAttrCase<"abs", 18>, I32EnumAttrCase<"sign", 19>,
  I32EnumAttrCase<"floor", 20>, I32EnumAttrCase<"ceil", 21>,
  I32EnumAttrCase<"round", 22>, I32EnumAttrCase<"sin", 23>,
  I32EnumAttrCase<"cos", 24>, I32EnumAttrCase<"tan", 25>,
  I32EnumAttrCase<"asin", 26>, I32EnumAttrCase<"acos", 27>,
  I32EnumAttrCase<"atan", 28>, I32EnumAttrCase<"sinh", 29>,
  I32EnumAttrCase<"cosh", 30>, I32EnumAttrCase<"asinh", 31>,
  I32EnumAttrCase<"acosh", 32>, I32EnumAttrCase<"atanh", 33>,
  I32EnumAttrCase<"logical_not", 34, "not">
]> {
  let cppNamespace = "::sinter";
}

// Elementwise functions of two broadcast tensors of one element type
// (sinter.binary), besides add, sub, mul and div, which have their own ops.
def Sinter_BinaryFn : I32EnumAttr<"BinaryFn", "elementwise function of two tensors", [
  I32EnumAttrCase<"pow", 0>, I32EnumAttrCase<"mod", 1>,
  I32EnumAttrCase<"fmod", 2>, I32EnumAttrCase<"min", 3>,
  I32EnumAttrCase<"max", 4>, I32EnumAttrCase<"logical_and", 5, "and">,
  I32EnumAttrCase<"logical_or", 6, "or">, I32EnumAttrCase<"logical_xor", 7, "xor">,
  I32EnumAttrCase<"shift_left", 8>, I32EnumAttrCase<"shift_right", 9>,
  I32EnumAttrCase<"prelu", 10>
]> {
  let cppNamespace = "::sinter";
}

def Sinter_ComparePredicate : I32EnumAttr<"ComparePredicate", "elementwise comparison", [
  I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"lt", 1>, I32EnumAttrCase<"gt", 2>,
  I32EnumAttrCase<"le", 3>, I32EnumAttrCase<"ge", 4>
]> {
  let cppNamespace = "::sinter";
}

// Reductions along axes (sinter.reduce); max and min also name the arg
// reductions (sinter.arg_reduce).
def Sinter_ReduceFn : I32EnumAttr<"ReduceFn", "reduction along axes", [
  I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"mean", 1>,
  I32EnumAttrCase<"max", 2>, I32EnumAttrCase<"min", 3>,
  I32EnumAttrCase<"prod", 4>, I32EnumAttrCase<"l1", 5>,
  I32EnumAttrCase<"l2", 6>, I32EnumAttrCase<"log_sum", 7>,
  I32EnumAttrCase<"log_sum_exp", 8>, I32EnumAttrCase<"sum_square", 9>
]> {
  let cppNamespace = "::sinter";
}

// How sinter.scatter_elements and sinter.scatter_nd combine an update with
// the element it lands on.
def Sinter_ScatterReduction : I32EnumAttr<"ScatterReduction", "how a scatter combines", [
  I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"add", 1>,
  I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"max", 3>,
  I32EnumAttrCase<"min", 4>
]> {
  let cppNamespace = "::sinter";
}

def Sinter_PadMode : I32EnumAttr<"PadMode", "how sinter.pad fills the border", [
  I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
  I32EnumAttrCase<"edge", 2>
]> {
  let cppNamespace = "::sinter";
}

class Sinter_Op<string mnemonic, list<Trait> traits = []> :
    Op<Sinter_Dialect, mnemonic, traits>;

#endif // SINTER_DIALECT_TD
