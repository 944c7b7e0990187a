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

class Sinter_Op<string mnemonic, list<Trait> traits = []> :
    Op<Sinter_Dialect, mnemonic, traits>;

#endif // SINTER_DIALECT_TD
