//===- SinterOps.td - sinter operations --------------------*- tablegen -*-===//

#ifndef SINTER_OPS_TD
#define SINTER_OPS_TD

include "dialects/IR/SinterDialect.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Sinter_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Sinter_NumericTensor : RankedTensorOf<[AnyFloat, AnyInteger]>;
def Sinter_Rank1FloatTensor : 1DTensorOf<[AnyFloat]>;

// Ops whose result type follows from operands and attributes. The shape
// functions live in SinterShapes.cpp so that the importer can compute a
// node's result type (and report a precise error) before it builds the op.
class Sinter_InferredOp<string mnemonic, list<Trait> traits = []> :
    Sinter_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])>;

//===----------------------------------------------------------------------===//
// Convolution, normalization and pooling
//===----------------------------------------------------------------------===//

def Sinter_ConvOp : Sinter_InferredOp<"conv", [AttrSizedOperandSegments]> {
  let summary = "2-D convolution with groups, strides, padding, dilation and optional bias";
  let description = [{
    `input` is [N, C, H, W] (NCHW) or [N, H, W, C] (NHWC). `filter` holds
    F output channels of C/groups input channels each, laid out as
    `filter_layout` says: FCHW [F, C/g, KH, KW], HWCF [KH, KW, C/g, F] or
    FHWC [F, KH, KW, C/g]. `bias` is [F]. `pads` is [top, left, bottom, right]
    (ONNX's begin-then-end order), `strides` and `dilations` are [h, w].

    A fused epilogue, applied while the result is still in registers: the
    optional `residual` (of the result's type) is added, then the result is
    clamped to [`clamp_min`, `clamp_max`] (ReLU is `clamp_min = 0`, ReLU6
    adds `clamp_max = 6`; a missing bound is unbounded).

    ```mlir
    %y = sinter.conv %x, %w, %b layout NCHW filter FCHW strides [2, 2]
           pads [1, 1, 1, 1] dilations [1, 1] groups 1
         : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins
    Sinter_FloatTensor:$input,
    Sinter_FloatTensor:$filter,
    Optional<Sinter_Rank1FloatTensor>:$bias,
    Optional<Sinter_FloatTensor>:$residual,
    Sinter_ActivationLayoutAttr:$data_layout,
    Sinter_FilterLayoutAttr:$filter_layout,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    I64Attr:$groups,
    OptionalAttr<F32Attr>:$clamp_min,
    OptionalAttr<F32Attr>:$clamp_max
  );
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? (`residual` `(` $residual^ `)`)?
    `layout` `` $data_layout `filter` `` $filter_layout
    `strides` $strides `pads` $pads `dilations` $dilations `groups` $groups
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Whether the conv already adds a residual or clamps its result.
    bool hasEpilogue() {
      return getResidual() || getClampMin() || getClampMax();
    }
    /// Whether each input channel has its own group with one filter
    /// (linalg's depthwise convolutions).
    bool isDepthwise();
  }];
}

def Sinter_BatchNormOp : Sinter_InferredOp<"batch_norm"> {
  let summary = "inference-form batch normalization";
  let description = [{
    `output = (input - mean) / sqrt(variance + epsilon) * scale + bias`, per
    channel. The channel dimension is 1 for NCHW and the last one for NHWC.
  }];
  let arguments = (ins
    Sinter_FloatTensor:$input,
    Sinter_Rank1FloatTensor:$scale,
    Sinter_Rank1FloatTensor:$bias,
    Sinter_Rank1FloatTensor:$mean,
    Sinter_Rank1FloatTensor:$variance,
    Sinter_ActivationLayoutAttr:$data_layout,
    F32Attr:$epsilon
  );
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance `layout` `` $data_layout
    `epsilon` $epsilon attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_MaxPoolOp : Sinter_InferredOp<"max_pool"> {
  let summary = "2-D max pooling";
  let description = [{
    Windows of `kernel_shape` [KH, KW] over the spatial dimensions; padding is
    never selected. With `ceil_mode` the output size rounds up, but a window
    never starts in the trailing padding.
  }];
  let arguments = (ins
    Sinter_FloatTensor:$input,
    Sinter_ActivationLayoutAttr:$data_layout,
    DenseI64ArrayAttr:$kernel_shape,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations,
    UnitAttr:$ceil_mode
  );
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $input `layout` `` $data_layout `kernel` $kernel_shape `strides` $strides
    `pads` $pads `dilations` $dilations (`ceil_mode` $ceil_mode^)?
    attr-dict `:` type($input) `->` type($output)
  }];
}

def Sinter_AvgPoolOp : Sinter_InferredOp<"avg_pool"> {
  let summary = "2-D average pooling";
  let description = [{
    Windows of `kernel_shape` [KH, KW]. With `count_include_pad` the divisor is
    the window size including padding; otherwise only the input elements.
  }];
  let arguments = (ins
    Sinter_FloatTensor:$input,
    Sinter_ActivationLayoutAttr:$data_layout,
    DenseI64ArrayAttr:$kernel_shape,
    DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$pads,
    UnitAttr:$ceil_mode,
    UnitAttr:$count_include_pad
  );
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $input `layout` `` $data_layout `kernel` $kernel_shape `strides` $strides
    `pads` $pads (`ceil_mode` $ceil_mode^)? (`count_include_pad` $count_include_pad^)?
    attr-dict `:` type($input) `->` type($output)
  }];
}

def Sinter_GlobalAvgPoolOp : Sinter_InferredOp<"global_avg_pool"> {
  let summary = "average over all spatial dimensions";
  let description = [{
    Every spatial dimension becomes 1; batch and channel dimensions stay.
  }];
  let arguments = (ins Sinter_FloatTensor:$input, Sinter_ActivationLayoutAttr:$data_layout);
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $input `layout` `` $data_layout attr-dict `:` type($input) `->` type($output)
  }];
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def Sinter_ReluOp : Sinter_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "max(x, 0) elementwise";
  let arguments = (ins Sinter_FloatTensor:$input);
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Sinter_ClipOp : Sinter_Op<"clip", [Pure, SameOperandsAndResultType]> {
  let summary = "clamp elementwise to [min, max]; a missing bound is unbounded";
  let arguments = (ins
    Sinter_FloatTensor:$input,
    OptionalAttr<F32Attr>:$min,
    OptionalAttr<F32Attr>:$max
  );
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def Sinter_SoftmaxOp : Sinter_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax along one axis";
  let arguments = (ins Sinter_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = "$input `axis` $axis attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Sinter_LogSoftmaxOp : Sinter_Op<"log_softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "log of softmax along one axis: (x - max) - log(sum(exp(x - max)))";
  let arguments = (ins Sinter_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = "$input `axis` $axis attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Sinter_UnaryOp : Sinter_Op<"unary", [Pure, SameOperandsAndResultType]> {
  let summary = "an elementwise function of one tensor";
  let description = [{
    `fn` names the function; those with parameters read them from `alpha`
    and `beta`: hard_sigmoid max(0, min(1, alpha x + beta)); leaky_relu
    (slope alpha); elu (alpha); selu (alpha, gamma = beta); celu (alpha);
    thresholded_relu (x if x > alpha); shrink (lambd = alpha, bias = beta).
    Transcendental functions take floats; neg, abs, sign and shrink take
    integers too; not takes booleans.
  }];
  let arguments = (ins
    Sinter_UnaryFn:$fn,
    Sinter_NumericTensor:$input,
    OptionalAttr<F32Attr>:$alpha,
    OptionalAttr<F32Attr>:$beta
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $fn $input (`alpha` $alpha^)? (`beta` $beta^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Sinter_IsNanOp : Sinter_Op<"is_nan", [Pure, SameOperandsAndResultShape]> {
  let summary = "whether each element is NaN";
  let arguments = (ins Sinter_FloatTensor:$input);
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def Sinter_IsInfOp : Sinter_Op<"is_inf", [Pure, SameOperandsAndResultShape]> {
  let summary = "whether each element is an infinity of a detected sign";
  let arguments = (ins
    Sinter_FloatTensor:$input,
    BoolAttr:$detect_negative,
    BoolAttr:$detect_positive
  );
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat = [{
    $input `negative` $detect_negative `positive` $detect_positive attr-dict
    `:` type($input) `->` type($output)
  }];
}

def Sinter_CastOp : Sinter_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "elementwise conversion to another element type";
  let description = [{
    Floats round to nearest when narrowed and truncate toward zero when
    converted to integers; integers wrap when narrowed; a cast to bool is
    `x != 0`. Signedness comes from the element types.
  }];
  let arguments = (ins Sinter_NumericTensor:$input);
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with numpy broadcasting
//===----------------------------------------------------------------------===//

class Sinter_BinaryOp<string mnemonic, string formula, list<Trait> traits = []> :
    Sinter_InferredOp<mnemonic, traits> {
  let summary = "elementwise " # formula # " with numpy broadcasting";
  let description = [{
    Both operands have the same element type; shapes broadcast as in numpy
    (dimensions aligned from the right, size-1 dimensions stretched).
  }];
  let arguments = (ins Sinter_NumericTensor:$lhs, Sinter_NumericTensor:$rhs);
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
  let hasFolder = 1;
}

def Sinter_AddOp : Sinter_BinaryOp<"add", "lhs + rhs", [Commutative]>;
def Sinter_SubOp : Sinter_BinaryOp<"sub", "lhs - rhs">;
def Sinter_MulOp : Sinter_BinaryOp<"mul", "lhs * rhs", [Commutative]>;
def Sinter_DivOp : Sinter_BinaryOp<"div", "lhs / rhs">;

def Sinter_BinaryFnOp : Sinter_InferredOp<"binary"> {
  let summary = "an elementwise function of two tensors with numpy broadcasting";
  let description = [{
    pow (integer powers of integers, real powers of floats); mod (the
    remainder with the divisor's sign, integers) and fmod (the dividend's
    sign); min and max (NaN propagates); and, or, xor (booleans);
    shift_left and shift_right (unsigned integers; a shift by the width or
    more gives 0); prelu (lhs where lhs >= 0, else lhs * rhs). An integer
    division by zero gives 0 instead of trapping.
  }];
  let arguments = (ins
    Sinter_BinaryFn:$fn,
    Sinter_NumericTensor:$lhs,
    Sinter_NumericTensor:$rhs
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $fn $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Sinter_CompareOp : Sinter_InferredOp<"compare"> {
  let summary = "elementwise comparison with numpy broadcasting, to booleans";
  let arguments = (ins
    Sinter_ComparePredicate:$predicate,
    Sinter_NumericTensor:$lhs,
    Sinter_NumericTensor:$rhs
  );
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat = [{
    $predicate $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
}

def Sinter_SelectOp : Sinter_InferredOp<"select"> {
  let summary = "elementwise choice (ONNX Where) with numpy broadcasting";
  let arguments = (ins
    RankedTensorOf<[I1]>:$condition,
    Sinter_NumericTensor:$true_value,
    Sinter_NumericTensor:$false_value
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:` type($condition)
    `,` type($true_value) `,` type($false_value) `->` type($output)
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

def Sinter_ReduceOp : Sinter_InferredOp<"reduce"> {
  let summary = "reduction along axes";
  let description = [{
    `axes` are sorted, distinct dimensions of the input; with `keepdims` they
    stay as size-1 dimensions. sum, max, min, prod, l1 and sum_square take
    integers too; mean, l2, log_sum and log_sum_exp take floats (log_sum_exp
    subtracts the maximum first). max and min propagate NaN.
  }];
  let arguments = (ins
    Sinter_ReduceFn:$fn,
    Sinter_NumericTensor:$input,
    DenseI64ArrayAttr:$axes,
    BoolAttr:$keepdims
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $fn $input `axes` $axes `keepdims` $keepdims attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Sinter_ArgReduceOp : Sinter_InferredOp<"arg_reduce"> {
  let summary = "index of the maximum or minimum along one axis";
  let description = [{
    `fn` is max or min; the first index wins a tie, or the last with
    `select_last_index`. The result is int64.
  }];
  let arguments = (ins
    Sinter_ReduceFn:$fn,
    Sinter_NumericTensor:$input,
    I64Attr:$axis,
    BoolAttr:$keepdims,
    BoolAttr:$select_last_index
  );
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = [{
    $fn $input `axis` $axis `keepdims` $keepdims `last` $select_last_index
    attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Sinter_TopKOp : Sinter_InferredOp<"top_k"> {
  let summary = "the k largest (or smallest) elements along one axis, sorted";
  let description = [{
    `values` holds the k largest elements along `axis` (the k smallest
    without `largest`), best first; `indices` their positions along the axis
    (int64). Equal elements keep their order, so the lower index comes
    first; NaN counts as greater than every number.
  }];
  let arguments = (ins
    Sinter_NumericTensor:$input,
    I64Attr:$axis,
    I64Attr:$k,
    BoolAttr:$largest
  );
  let results = (outs Sinter_NumericTensor:$values, RankedTensorOf<[I64]>:$indices);
  let assemblyFormat = [{
    $input `axis` $axis `k` $k `largest` $largest attr-dict `:` type($input)
    `->` type($values) `,` type($indices)
  }];
  let hasVerifier = 1;
}

def Sinter_CumSumOp : Sinter_Op<"cumsum", [Pure, SameOperandsAndResultType]> {
  let summary = "running sum along one axis";
  let description = [{
    output[.., i, ..] = sum of input[.., j, ..] for j <= i (j < i when
    `exclusive`; j >= i, or j > i, when `reverse`).
  }];
  let arguments = (ins
    Sinter_NumericTensor:$input,
    I64Attr:$axis,
    BoolAttr:$exclusive,
    BoolAttr:$reverse
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $input `axis` $axis `exclusive` $exclusive `reverse` $reverse attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Sinter_SliceOp : Sinter_Op<"slice", [Pure]> {
  let summary = "strided slice: output[i] = input[offset + stride * i] per dimension";
  let description = [{
    Strides may be negative (a reversed slice); every index read lies inside
    the input (the verifier checks the first and the last).
  }];
  let arguments = (ins
    Sinter_NumericTensor:$input,
    DenseI64ArrayAttr:$offsets,
    DenseI64ArrayAttr:$strides
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $input `offsets` $offsets `strides` $strides attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Sinter_BroadcastToOp : Sinter_Op<"broadcast_to", [Pure]> {
  let summary = "numpy broadcast of a tensor to a larger shape";
  let arguments = (ins Sinter_NumericTensor:$input);
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Sinter_PadOp : Sinter_Op<"pad", [Pure]> {
  let summary = "pads each dimension with `low` and `high` elements";
  let description = [{
    constant fills with `value`; reflect mirrors the input without repeating
    its border element (pads smaller than the dimension); edge repeats the
    border element.
  }];
  let arguments = (ins
    Sinter_PadMode:$mode,
    Sinter_NumericTensor:$input,
    DenseI64ArrayAttr:$low,
    DenseI64ArrayAttr:$high,
    F64Attr:$value
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $mode $input `low` $low `high` $high `value` $value attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Sinter_TriluOp : Sinter_Op<"trilu", [Pure, SameOperandsAndResultType]> {
  let summary = "keeps the upper or lower triangle of the last two dimensions";
  let description = [{
    Element (i, j) is kept when j - i >= k (upper) or j - i <= k (lower),
    else zeroed.
  }];
  let arguments = (ins Sinter_NumericTensor:$input, BoolAttr:$upper, I64Attr:$k);
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = "$input `upper` $upper `k` $k attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reads and writes at run-time indices
//===----------------------------------------------------------------------===//
// Indices are int32 or int64; a negative one counts from the end of its
// dimension. An index outside [-extent, extent) is a run-time error: the
// lowering clamps it, so that nothing outside a tensor is read or written,
// and makes the model's run return SINTER_ERROR_INDEX_OUT_OF_RANGE.

def Sinter_IndexTensor : RankedTensorOf<[I32, I64]>;

def Sinter_GatherOp : Sinter_InferredOp<"gather"> {
  let summary = "numpy take: the slices of `data` at `indices` along `axis`";
  let description = [{
    output[a..., i..., b...] = data[a..., indices[i...], b...], where a
    spans the dimensions before `axis` and b those after it.
  }];
  let arguments = (ins
    Sinter_NumericTensor:$data,
    Sinter_IndexTensor:$indices,
    I64Attr:$axis
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $data `[` $indices `]` `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_GatherElementsOp : Sinter_InferredOp<"gather_elements"> {
  let summary = "numpy take_along_axis";
  let description = [{
    output[i] = data[i with i[axis] replaced by indices[i]]; the output has
    the shape of `indices`, which has the rank of `data` and no dimension
    larger than its.
  }];
  let arguments = (ins
    Sinter_NumericTensor:$data,
    Sinter_IndexTensor:$indices,
    I64Attr:$axis
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $data `[` $indices `]` `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_GatherNDOp : Sinter_InferredOp<"gather_nd"> {
  let summary = "slices of `data` at index tuples (the last dimension of `indices`)";
  let description = [{
    With b = `batch_dims` and k the last dimension of `indices`:
    output[n..., i..., r...] = data[n..., indices[n..., i..., 0..k-1], r...],
    where n spans the first b dimensions (shared by both operands).
  }];
  let arguments = (ins
    Sinter_NumericTensor:$data,
    Sinter_IndexTensor:$indices,
    I64Attr:$batch_dims
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $data `[` $indices `]` `batch_dims` $batch_dims attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_ScatterElementsOp : Sinter_InferredOp<"scatter_elements"> {
  let summary = "a copy of `data` with `updates` written at `indices` along `axis`";
  let description = [{
    For each position i of `indices` (the shape of `updates`):
    output[i with i[axis] replaced by indices[i]] = updates[i], combined with
    the element already there by `reduction`. Updates are applied in
    row-major order of i, so with `none` the last of repeated indices wins.
  }];
  let arguments = (ins
    Sinter_ScatterReduction:$reduction,
    Sinter_NumericTensor:$data,
    Sinter_IndexTensor:$indices,
    Sinter_NumericTensor:$updates,
    I64Attr:$axis
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $reduction $data `[` $indices `]` `=` $updates `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_ScatterNDOp : Sinter_InferredOp<"scatter_nd"> {
  let summary = "a copy of `data` with slices of `updates` written at index tuples";
  let description = [{
    With k the last dimension of `indices`, for each i of its other
    dimensions: output[indices[i, 0..k-1], r...] = updates[i, r...],
    combined by `reduction`, in row-major order of i.
  }];
  let arguments = (ins
    Sinter_ScatterReduction:$reduction,
    Sinter_NumericTensor:$data,
    Sinter_IndexTensor:$indices,
    Sinter_NumericTensor:$updates
  );
  let results = (outs Sinter_NumericTensor:$output);
  let assemblyFormat = [{
    $reduction $data `[` $indices `]` `=` $updates attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_FlattenOp : Sinter_InferredOp<"flatten"> {
  let summary = "collapse to 2-D: dimensions before `axis`, and from `axis` on";
  let arguments = (ins AnyRankedTensor:$input, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = [{
    $input `axis` $axis attr-dict `:` type($input) `->` type($output)
  }];
}

def Sinter_ReshapeOp : Sinter_Op<"reshape", [Pure]> {
  let summary = "reinterpret the elements, in row-major order, with a new static shape";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Sinter_TransposeOp : Sinter_InferredOp<"transpose"> {
  let summary = "permute dimensions: output dimension i is input dimension permutation[i]";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = [{
    $input `perm` $permutation attr-dict `:` type($input) `->` type($output)
  }];
  let hasFolder = 1;
}

def Sinter_ConcatOp : Sinter_InferredOp<"concat"> {
  let summary = "join tensors along `axis`";
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

def Sinter_GemmOp : Sinter_InferredOp<"gemm"> {
  let summary = "alpha * op(a) * op(b) + beta * c, with op transposing on request";
  let description = [{
    `a` is [M, K] ([K, M] with `transpose_a`), `b` is [K, N] ([N, K] with
    `transpose_b`), the optional `c` broadcasts to [M, N]. A fused epilogue
    clamps the result to [`clamp_min`, `clamp_max`] (ReLU: `clamp_min = 0`).
  }];
  let arguments = (ins
    Sinter_FloatTensor:$a,
    Sinter_FloatTensor:$b,
    Optional<Sinter_FloatTensor>:$c,
    DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
    DefaultValuedAttr<F32Attr, "1.0f">:$beta,
    UnitAttr:$transpose_a,
    UnitAttr:$transpose_b,
    OptionalAttr<F32Attr>:$clamp_min,
    OptionalAttr<F32Attr>:$clamp_max
  );
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? (`transpose_a` $transpose_a^)? (`transpose_b` $transpose_b^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Sinter_MatMulOp : Sinter_InferredOp<"matmul"> {
  let summary = "batched matrix product with broadcast batch dimensions";
  let description = [{
    `lhs` is [..., M, K], `rhs` is [..., K, N], both of rank 2 or more; the
    leading (batch) dimensions broadcast as in numpy. A torch.bmm of
    [16,128,64] and [16,64,128] is one op.
  }];
  let arguments = (ins Sinter_FloatTensor:$lhs, Sinter_FloatTensor:$rhs);
  let results = (outs Sinter_FloatTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
}

#endif // SINTER_OPS_TD
