//===- SinterOps.cpp - sinter operations ----------------------------------===//

#include "dialects/IR/SinterOps.h"
#include "dialects/IR/ConstantData.h"
#include "dialects/IR/SinterShapes.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace sinter;

namespace {

RankedTensorType rankedType(Value value) {
  return value ? cast<RankedTensorType>(value.getType()) : RankedTensorType();
}

LogicalResult pushResult(FailureOr<RankedTensorType> type,
                         SmallVectorImpl<Type> &results) {
  if (failed(type))
    return failure();
  results.push_back(*type);
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Type inference
//===----------------------------------------------------------------------===//

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  return pushResult(
      inferConvType(loc, rankedType(adaptor.getInput()),
                    rankedType(adaptor.getFilter()),
                    rankedType(adaptor.getBias()), adaptor.getDataLayout(),
                    adaptor.getFilterLayout(), adaptor.getStrides(),
                    adaptor.getPads(), adaptor.getDilations(),
                    adaptor.getGroups()),
      results);
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  RankedTensorType params[] = {
      rankedType(adaptor.getScale()), rankedType(adaptor.getBias()),
      rankedType(adaptor.getMean()), rankedType(adaptor.getVariance())};
  return pushResult(inferBatchNormType(loc, rankedType(adaptor.getInput()),
                                       params, adaptor.getDataLayout()),
                    results);
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return pushResult(
      inferPoolType(loc, rankedType(adaptor.getInput()),
                    adaptor.getDataLayout(), adaptor.getKernelShape(),
                    adaptor.getStrides(), adaptor.getPads(),
                    adaptor.getDilations(), adaptor.getCeilMode()),
      results);
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  const int64_t unitDilations[] = {1, 1};
  return pushResult(inferPoolType(loc, rankedType(adaptor.getInput()),
                                  adaptor.getDataLayout(),
                                  adaptor.getKernelShape(),
                                  adaptor.getStrides(), adaptor.getPads(),
                                  unitDilations, adaptor.getCeilMode()),
                    results);
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &results) {
  return pushResult(inferGlobalPoolType(loc, rankedType(adaptor.getInput()),
                                        adaptor.getDataLayout()),
                    results);
}

#define SINTER_BINARY_INFER(OpClass)                                           \
  LogicalResult OpClass::inferReturnTypes(MLIRContext *,                       \
                                          std::optional<Location> loc,         \
                                          Adaptor adaptor,                     \
                                          SmallVectorImpl<Type> &results) {    \
    return pushResult(inferBroadcastType(loc, rankedType(adaptor.getLhs()),    \
                                         rankedType(adaptor.getRhs())),        \
                      results);                                                \
  }
SINTER_BINARY_INFER(AddOp)
SINTER_BINARY_INFER(SubOp)
SINTER_BINARY_INFER(MulOp)
SINTER_BINARY_INFER(DivOp)
SINTER_BINARY_INFER(BinaryFnOp)
#undef SINTER_BINARY_INFER

LogicalResult CompareOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return pushResult(inferCompareType(loc, rankedType(adaptor.getLhs()),
                                     rankedType(adaptor.getRhs())),
                    results);
}

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return pushResult(inferReduceType(loc, rankedType(adaptor.getInput()),
                                    adaptor.getAxes(), adaptor.getKeepdims()),
                    results);
}

LogicalResult ArgReduceOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  const int64_t axis[] = {static_cast<int64_t>(adaptor.getAxis())};
  return pushResult(inferReduceType(loc, rankedType(adaptor.getInput()), axis,
                                    adaptor.getKeepdims(),
                                    IntegerType::get(context, 64)),
                    results);
}

LogicalResult TopKOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  RankedTensorType input = rankedType(adaptor.getInput());
  int64_t axis = adaptor.getAxis(), k = adaptor.getK();
  if (axis < 0 || axis >= input.getRank() || k < 0 ||
      k > input.getDimSize(axis))
    return emitOptionalError(loc, "top_k of ", k, " along axis ", axis,
                             " does not fit ", input);
  SmallVector<int64_t> shape(input.getShape());
  shape[axis] = k;
  results.push_back(input.clone(shape));
  results.push_back(input.clone(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return pushResult(inferGatherType(loc, rankedType(adaptor.getData()),
                                    rankedType(adaptor.getIndices()),
                                    adaptor.getAxis()),
                    results);
}

LogicalResult GatherElementsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return pushResult(inferGatherElementsType(loc, rankedType(adaptor.getData()),
                                            rankedType(adaptor.getIndices()),
                                            adaptor.getAxis()),
                    results);
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  return pushResult(inferGatherNDType(loc, rankedType(adaptor.getData()),
                                      rankedType(adaptor.getIndices()),
                                      adaptor.getBatchDims()),
                    results);
}

LogicalResult ScatterElementsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return pushResult(inferScatterElementsType(loc, rankedType(adaptor.getData()),
                                             rankedType(adaptor.getIndices()),
                                             rankedType(adaptor.getUpdates()),
                                             adaptor.getAxis()),
                    results);
}

LogicalResult ScatterNDOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return pushResult(inferScatterNDType(loc, rankedType(adaptor.getData()),
                                       rankedType(adaptor.getIndices()),
                                       rankedType(adaptor.getUpdates())),
                    results);
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return pushResult(inferSelectType(loc, rankedType(adaptor.getCondition()),
                                    rankedType(adaptor.getTrueValue()),
                                    rankedType(adaptor.getFalseValue())),
                    results);
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return pushResult(inferFlattenType(loc, rankedType(adaptor.getInput()),
                                     adaptor.getAxis()),
                    results);
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return pushResult(inferTransposeType(loc, rankedType(adaptor.getInput()),
                                       adaptor.getPermutation()),
                    results);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return pushResult(inferConcatType(loc, adaptor.getInputs().getTypes(),
                                    adaptor.getAxis()),
                    results);
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  return pushResult(inferGemmType(loc, rankedType(adaptor.getA()),
                                  rankedType(adaptor.getB()),
                                  rankedType(adaptor.getC()),
                                  adaptor.getTransposeA(),
                                  adaptor.getTransposeB()),
                    results);
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return pushResult(inferMatMulType(loc, rankedType(adaptor.getLhs()),
                                    rankedType(adaptor.getRhs())),
                    results);
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

bool ConvOp::isDepthwise() {
  int64_t channelDim = getChannelDim(getDataLayout(), 4);
  int64_t channels = getInput().getType().getDimSize(channelDim);
  int64_t groups = getGroups();
  return groups > 1 && groups == channels &&
         getType().getDimSize(channelDim) == channels;
}

LogicalResult ConvOp::verify() {
  if (getResidual() && getResidual().getType() != getType())
    return emitOpError("residual type ")
           << getResidual().getType() << " differs from the result type "
           << getType();
  if (getClampMin() && getClampMax() &&
      getClampMin()->convertToDouble() > getClampMax()->convertToDouble())
    return emitOpError("clamp_min is greater than clamp_max");
  return success();
}

namespace {

enum class ElementKinds { Float, FloatOrInteger, Bool, UnsignedInteger };

/// What element types and parameters each unary function takes.
struct UnaryFnRule {
  ElementKinds kinds;
  bool takesAlpha, takesBeta;
};

UnaryFnRule unaryFnRule(UnaryFn fn) {
  switch (fn) {
  case UnaryFn::hard_sigmoid:
  case UnaryFn::selu:
    return {ElementKinds::Float, true, true};
  case UnaryFn::leaky_relu:
  case UnaryFn::elu:
  case UnaryFn::celu:
  case UnaryFn::thresholded_relu:
    return {ElementKinds::Float, true, false};
  case UnaryFn::shrink:
    return {ElementKinds::FloatOrInteger, true, true};
  case UnaryFn::neg:
  case UnaryFn::abs:
  case UnaryFn::sign:
    return {ElementKinds::FloatOrInteger, false, false};
  case UnaryFn::logical_not:
    return {ElementKinds::Bool, false, false};
  default:
    return {ElementKinds::Float, false, false};
  }
}

bool hasKind(Type element, ElementKinds kinds) {
  bool isBool = element.isInteger(1);
  switch (kinds) {
  case ElementKinds::Float:
    return isa<FloatType>(element);
  case ElementKinds::FloatOrInteger:
    return isa<FloatType>(element) || (isa<IntegerType>(element) && !isBool);
  case ElementKinds::Bool:
    return isBool;
  case ElementKinds::UnsignedInteger:
    return element.isUnsignedInteger();
  }
  return false;
}

StringRef describe(ElementKinds kinds) {
  switch (kinds) {
  case ElementKinds::Float:
    return "floating-point";
  case ElementKinds::FloatOrInteger:
    return "numeric";
  case ElementKinds::Bool:
    return "boolean";
  case ElementKinds::UnsignedInteger:
    return "unsigned integer";
  }
  return "";
}

ElementKinds binaryFnKinds(BinaryFn fn) {
  switch (fn) {
  case BinaryFn::logical_and:
  case BinaryFn::logical_or:
  case BinaryFn::logical_xor:
    return ElementKinds::Bool;
  case BinaryFn::shift_left:
  case BinaryFn::shift_right:
    return ElementKinds::UnsignedInteger;
  case BinaryFn::prelu:
    return ElementKinds::Float;
  default:
    return ElementKinds::FloatOrInteger;
  }
}

} // namespace

// Negation and absolute value of constants fold: ONNX function bodies
// compute shapes with them (Neg(axis) -> ConstantOfShape -> Concat).
OpFoldResult UnaryOp::fold(FoldAdaptor adaptor) {
  if (getFn() != UnaryFn::neg && getFn() != UnaryFn::abs)
    return {};
  bool negate = getFn() == UnaryFn::neg;
  if (getType().getElementType().isUnsignedInteger())
    return {};
  if (isa<IntegerType>(getType().getElementType()))
    return constFoldUnaryOp<IntegerAttr, APInt, void>(
        adaptor.getOperands(), [&](const APInt &value) {
          return negate || value.isNegative() ? -value : value;
        });
  return constFoldUnaryOp<FloatAttr, APFloat, void>(
      adaptor.getOperands(), [&](const APFloat &value) {
        return negate ? -value : abs(value);
      });
}

LogicalResult UnaryOp::verify() {
  UnaryFnRule rule = unaryFnRule(getFn());
  if (!hasKind(getType().getElementType(), rule.kinds))
    return emitOpError() << stringifyUnaryFn(getFn()) << " takes "
                         << describe(rule.kinds) << " tensors, got "
                         << getType();
  if (rule.takesAlpha != getAlpha().has_value() ||
      rule.takesBeta != getBeta().has_value())
    return emitOpError() << stringifyUnaryFn(getFn()) << " takes "
                         << (rule.takesBeta    ? "alpha and beta"
                             : rule.takesAlpha ? "alpha alone"
                                               : "no parameters");
  return success();
}

LogicalResult BinaryFnOp::verify() {
  ElementKinds kinds = binaryFnKinds(getFn());
  if (!hasKind(getType().getElementType(), kinds))
    return emitOpError() << stringifyBinaryFn(getFn()) << " takes "
                         << describe(kinds) << " tensors, got " << getType();
  if (getFn() == BinaryFn::mod && isa<FloatType>(getType().getElementType()))
    return emitOpError("mod of floats is fmod");
  return success();
}

LogicalResult ClipOp::verify() {
  if (getMin() && getMax() &&
      getMin()->convertToDouble() > getMax()->convertToDouble())
    return emitOpError("min ") << getMin()->convertToDouble()
                               << " is greater than max "
                               << getMax()->convertToDouble();
  return success();
}

/// Softmax and LogSoftmax normalize along one axis of their input.
template <typename OpTy>
static LogicalResult verifySoftmaxAxis(OpTy op) {
  int64_t rank = op.getInput().getType().getRank();
  if (op.getAxis() >= static_cast<uint64_t>(rank))
    return op.emitOpError("axis ")
           << op.getAxis() << " is out of range [0, " << rank << ")";
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult ReduceOp::verify() {
  Type element = getInput().getType().getElementType();
  bool floatOnly = getFn() == ReduceFn::mean || getFn() == ReduceFn::l2 ||
                   getFn() == ReduceFn::log_sum ||
                   getFn() == ReduceFn::log_sum_exp;
  if (element.isInteger(1) || (floatOnly && !isa<FloatType>(element)))
    return emitOpError() << stringifyReduceFn(getFn()) << " does not take "
                         << getInput().getType();
  return success();
}

LogicalResult ArgReduceOp::verify() {
  if (getFn() != ReduceFn::max && getFn() != ReduceFn::min)
    return emitOpError("takes max or min, not ") << stringifyReduceFn(getFn());
  if (getInput().getType().getElementType().isInteger(1))
    return emitOpError("does not take booleans");
  return success();
}

LogicalResult TopKOp::verify() {
  if (getInput().getType().getElementType().isInteger(1))
    return emitOpError("does not take booleans");
  return success();
}

LogicalResult SliceOp::verify() {
  RankedTensorType input = getInput().getType(), output = getType();
  int64_t rank = input.getRank();
  if (output.getRank() != rank || input.getElementType() != output.getElementType() ||
      static_cast<int64_t>(getOffsets().size()) != rank ||
      static_cast<int64_t>(getStrides().size()) != rank)
    return emitOpError("needs an offset and a stride per dimension of the "
                       "input, and an output of the same rank and type");
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t size = output.getDimSize(dim), offset = getOffsets()[dim];
    int64_t stride = getStrides()[dim], extent = input.getDimSize(dim);
    if (stride == 0)
      return emitOpError("stride of dimension ") << dim << " is 0";
    if (size == 0)
      continue;
    int64_t last = offset + stride * (size - 1);
    if (offset < 0 || offset >= extent || last < 0 || last >= extent)
      return emitOpError("dimension ")
             << dim << " reads indices " << offset << " to " << last
             << " of an extent of " << extent;
  }
  return success();
}

// Slices of constants fold: small dense ones (the shape computations of
// ONNX function bodies, Shape -> Slice -> Concat -> Reshape, must become
// constants) and f32 weights of any size (flipped or cropped filters, as
// transposed ones fold).
OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  constexpr int64_t kMaxFoldedElements = 4096;
  if (!adaptor.getInput())
    return {};
  RankedTensorType type = getType();
  auto dense = dyn_cast<DenseElementsAttr>(adaptor.getInput());
  if (dense && dense.isSplat())
    return DenseElementsAttr::get(type, dense.getSplatValue<Attribute>());
  std::optional<SmallVector<float>> weights;
  if (!dense || type.getNumElements() > kMaxFoldedElements) {
    weights = getF32Values(adaptor.getInput());
    if (!weights)
      return {};
  }
  // The row-major position in the input of each output element.
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t> inputStrides(rank, 1), sources;
  for (int64_t dim = rank - 2; dim >= 0; --dim)
    inputStrides[dim] = inputStrides[dim + 1] * shape[dim + 1];
  SmallVector<int64_t> position(rank, 0);
  for (int64_t count = 0; count < type.getNumElements(); ++count) {
    int64_t at = 0;
    for (int64_t dim = 0; dim < rank; ++dim)
      at += (getOffsets()[dim] + getStrides()[dim] * position[dim]) *
            inputStrides[dim];
    sources.push_back(at);
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      if (++position[dim] < type.getDimSize(dim))
        break;
      position[dim] = 0;
    }
  }
  if (weights) {
    SmallVector<float> values;
    for (int64_t at : sources)
      values.push_back((*weights)[at]);
    return makeF32Constant(type, values, "sliced");
  }
  SmallVector<Attribute> source(dense.getValues<Attribute>()), values;
  for (int64_t at : sources)
    values.push_back(source[at]);
  return DenseElementsAttr::get(type, values);
}

LogicalResult BroadcastToOp::verify() {
  RankedTensorType input = getInput().getType(), output = getType();
  SmallVector<int64_t> shape;
  if (input.getElementType() != output.getElementType() ||
      !OpTrait::util::getBroadcastedShape(input.getShape(), output.getShape(),
                                          shape) ||
      ArrayRef<int64_t>(shape) != output.getShape())
    return emitOpError() << input << " does not broadcast to " << output;
  return success();
}

LogicalResult PadOp::verify() {
  RankedTensorType input = getInput().getType(), output = getType();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(getLow().size()) != rank ||
      static_cast<int64_t>(getHigh().size()) != rank)
    return emitOpError("needs low and high pads per dimension");
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t low = getLow()[dim], high = getHigh()[dim];
    int64_t extent = input.getDimSize(dim);
    if (low < 0 || high < 0)
      return emitOpError("pads must not be negative");
    if (output.getDimSize(dim) != extent + low + high)
      return emitOpError("output dimension ") << dim << " must be "
                                              << extent + low + high;
    if (getMode() == PadMode::reflect && (low >= extent || high >= extent))
      return emitOpError("reflect pads must be smaller than the dimension (")
             << extent << ")";
    if (getMode() == PadMode::edge && extent == 0 && (low || high))
      return emitOpError("edge padding of an empty dimension");
  }
  return success();
}

LogicalResult CumSumOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (static_cast<int64_t>(getAxis()) >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range [0, " << rank
                                << ")";
  return success();
}

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError("needs at least two dimensions");
  return success();
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType(), output = getOutput().getType();
  if (input.getElementType() != output.getElementType())
    return emitOpError("changes the element type from ")
           << input.getElementType() << " to " << output.getElementType();
  if (!input.hasStaticShape() || !output.hasStaticShape())
    return emitOpError("needs static shapes, got ") << input << " -> " << output;
  if (input.getNumElements() != output.getNumElements())
    return emitOpError("changes the element count from ")
           << input.getNumElements() << " to " << output.getNumElements();
  return success();
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // A reshape of a reshape only depends on the original elements.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  if (auto constant = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    return constant.reshape(getType());
  if (auto values = getF32Values(adaptor.getInput()))
    return makeF32Constant(getType(), *values, "reshaped");
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> permutation = getPermutation();
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return getInput();
  // Weights re-laid out by the layout pass become constants again.
  if (auto values = getF32Values(adaptor.getInput()))
    return makeF32Constant(
        getType(),
        transposeValues(*values, getInput().getType().getShape(), permutation),
        "transposed");
  // transpose(transpose(x, inner), outer) == transpose(x, inner o outer).
  if (auto producer = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> inner = producer.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t dim : permutation)
      composed.push_back(inner[dim]);
    getInputMutable().assign(producer.getInput());
    setPermutation(composed);
    if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size())))
      return getInput();
    return getResult();
  }
  return {};
}

namespace {

// Constant operands of matching type fold elementwise: shape arithmetic
// that exporters emit (Shape -> Gather -> Mul -> Concat -> Reshape) becomes
// a constant once shapes are static.
//
// A single-element operand (the rank of a shape, an axis) broadcasts to the
// result's shape as a splat.
Attribute broadcastSingle(Attribute operand, Type resultType) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(operand);
  if (!dense || dense.getType() == resultType || dense.getNumElements() != 1)
    return operand;
  return DenseElementsAttr::get(cast<ShapedType>(resultType),
                                *dense.getValues<Attribute>().begin());
}

template <typename IntFn, typename FloatFn>
OpFoldResult foldBinary(ArrayRef<Attribute> rawOperands, Type resultType,
                        IntFn intFn, FloatFn floatFn) {
  SmallVector<Attribute, 2> operands;
  for (Attribute operand : rawOperands)
    operands.push_back(broadcastSingle(operand, resultType));
  if (!operands[0] || !operands[1] ||
      cast<TypedAttr>(operands[0]).getType() != resultType ||
      cast<TypedAttr>(operands[1]).getType() != resultType)
    return {};
  Type element = cast<ShapedType>(resultType).getElementType();
  if (isa<IntegerType>(element))
    return constFoldBinaryOpConditional<IntegerAttr, APInt, void>(operands,
                                                                resultType, intFn);
  if (isa<FloatType>(element))
    return constFoldBinaryOpConditional<FloatAttr, APFloat, void>(
        operands, resultType, floatFn);
  return {};
}

} // namespace

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> { return a + b; },
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> { return a - b; },
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APInt &a, const APInt &b) -> std::optional<APInt> { return a * b; },
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [&](const APInt &a, const APInt &b) -> std::optional<APInt> {
        if (b.isZero())
          return std::nullopt;
        return isUnsigned ? a.udiv(b) : a.sdiv(b);
      },
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> { return a / b; });
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  // Rank-1 constants (shape vectors) concatenate at compile time.
  if (getType().getRank() != 1)
    return {};
  SmallVector<Attribute> values;
  for (Attribute operand : adaptor.getInputs()) {
    auto dense = dyn_cast_if_present<DenseElementsAttr>(operand);
    if (!dense)
      return {};
    llvm::append_range(values, dense.getValues<Attribute>());
  }
  return DenseElementsAttr::get(getType(), values);
}

#define GET_OP_CLASSES
#include "dialects/IR/SinterOps.cpp.inc"
