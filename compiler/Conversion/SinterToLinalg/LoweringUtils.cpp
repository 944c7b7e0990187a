//===- LoweringUtils.cpp - helpers shared by the sinter lowerings ---------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

using namespace mlir;

namespace sinter::lowering {

SignlessTypeConverter::SignlessTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    auto integer = dyn_cast<IntegerType>(type.getElementType());
    if (!integer || integer.isSignless())
      return type;
    return type.clone(IntegerType::get(type.getContext(), integer.getWidth()));
  });
}

RankedTensorType getLoweredType(const TypeConverter *converter, Type type) {
  return cast<RankedTensorType>(converter->convertType(type));
}

TypedAttr floatAttr(Type type, double value) {
  return FloatAttr::get(type, value);
}

TypedAttr negativeInfinity(Type type) {
  auto floatType = cast<FloatType>(type);
  return FloatAttr::get(type, APFloat::getInf(floatType.getFloatSemantics(),
                                              /*Negative=*/true));
}

Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   TypedAttr value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value createZeros(OpBuilder &b, Location loc, RankedTensorType type) {
  return createFilled(b, loc, type, b.getZeroAttr(type.getElementType()));
}

namespace {

/// The first op of the chain that computes `value` in place: its defining
/// op, or, for a destination-passing op, the first op of its destination's
/// chain when that comes earlier in the same block. Null for a block
/// argument.
Operation *firstOfDestinationChain(Value value) {
  Operation *first = value.getDefiningOp();
  Operation *op = first;
  while (auto destination = dyn_cast_or_null<DestinationStyleOpInterface>(op)) {
    if (destination.getNumDpsInits() == 0)
      break;
    op = destination.getDpsInitOperand(0)->get().getDefiningOp();
    if (op && op->getBlock() == first->getBlock() && op->isBeforeInBlock(first))
      first = op;
  }
  return first;
}

/// `padded` with `scalar` stored in its border around an input of
/// `inputShape` placed at `low`: for each padded dimension, the slabs
/// before and after the input along it, spanning the input's extent in the
/// dimensions before it and the padded extent in those after, so that each
/// border element is in exactly one slab.
Value fillBorder(OpBuilder &b, Location loc, Value padded, Value scalar,
                 ArrayRef<int64_t> inputShape, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(padded.getType()).getShape();
  int64_t rank = shape.size();
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  for (int64_t dim = 0; dim < rank; ++dim) {
    for (auto [start, extent] :
         {std::pair(int64_t{0}, low[dim]),
          std::pair(low[dim] + inputShape[dim], high[dim])}) {
      if (extent == 0)
        continue;
      SmallVector<OpFoldResult> offsets, sizes;
      for (int64_t other = 0; other < rank; ++other) {
        bool before = other < dim, same = other == dim;
        offsets.push_back(b.getIndexAttr(same ? start : before ? low[other] : 0));
        sizes.push_back(b.getIndexAttr(same     ? extent
                                       : before ? inputShape[other]
                                                : shape[other]));
      }
      Value slab = tensor::ExtractSliceOp::create(b, loc, padded, offsets,
                                                  sizes, strides);
      Value filled = linalg::FillOp::create(b, loc, scalar, slab).getResult(0);
      padded = tensor::InsertSliceOp::create(b, loc, filled, padded, offsets,
                                             sizes, strides);
    }
  }
  return padded;
}

} // namespace

Value padConstant(OpBuilder &b, Location loc, Value input,
                  ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                  TypedAttr padValue, PaddingFill fill) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> inputShape = type.getShape();
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(inputShape);
  for (int64_t dim = 0; dim < rank; ++dim)
    shape[dim] += low[dim] + high[dim];
  // The input goes into the interior rather than through a tensor.pad: its
  // producer writes straight into the interior (empty-tensor elimination
  // before the kernels), so padding costs no copy. Through a chain of side
  // fills that needs the padded buffer to dominate the producer's
  // destination, so a border is built before the input's producer and the
  // destination it writes into. A whole fill stays here, where it does not
  // come between a GPU kernel's producers (which fuse when adjacent).
  OpBuilder::InsertPoint atInsert = b.saveInsertionPoint();
  if (fill == PaddingFill::Border) {
    if (Operation *first = firstOfDestinationChain(input))
      b.setInsertionPoint(first);
    else
      b.setInsertionPointToStart(cast<BlockArgument>(input).getOwner());
  }
  Value scalar = arith::ConstantOp::create(b, loc, padValue);
  Value padded = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  padded = fill == PaddingFill::Border
               ? fillBorder(b, loc, padded, scalar, inputShape, low, high)
               : linalg::FillOp::create(b, loc, scalar, padded).getResult(0);
  b.restoreInsertionPoint(atInsert);
  SmallVector<OpFoldResult> lowSizes, sizes, strides(rank, b.getIndexAttr(1));
  for (int64_t dim = 0; dim < rank; ++dim) {
    lowSizes.push_back(b.getIndexAttr(low[dim]));
    sizes.push_back(b.getIndexAttr(inputShape[dim]));
  }
  return tensor::InsertSliceOp::create(b, loc, input, padded, lowSizes, sizes,
                                       strides);
}

Value expandTo(OpBuilder &b, Location loc, Value input, RankedTensorType target,
               ArrayRef<ReassociationIndices> groups) {
  return tensor::ExpandShapeOp::create(b, loc, target, input, groups);
}

Value collapseTo(OpBuilder &b, Location loc, Value input,
                 RankedTensorType target, ArrayRef<ReassociationIndices> groups) {
  return tensor::CollapseShapeOp::create(b, loc, target, input, groups);
}

Value reshapeTo(OpBuilder &b, Location loc, Value input,
                RankedTensorType target) {
  auto source = cast<RankedTensorType>(input.getType());
  if (source == target)
    return input;
  auto allDims = [](int64_t rank) {
    ReassociationIndices group;
    for (int64_t dim = 0; dim < rank; ++dim)
      group.push_back(dim);
    return SmallVector<ReassociationIndices>{group};
  };
  // A 0-D tensor expands straight into an all-ones shape and back.
  if (source.getRank() == 0)
    return expandTo(b, loc, input, target, {});
  if (target.getRank() == 0)
    return collapseTo(b, loc, input, target, {});
  Value flat = input;
  if (source.getRank() != 1)
    flat = collapseTo(
        b, loc, input,
        RankedTensorType::get({source.getNumElements()},
                              source.getElementType()),
        allDims(source.getRank()));
  if (target.getRank() == 1)
    return flat;
  return expandTo(b, loc, flat, target, allDims(target.getRank()));
}

AffineMap broadcastMap(MLIRContext *context, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape) {
  int64_t offset = resultShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [dim, size] : llvm::enumerate(operandShape)) {
    int64_t resultDim = offset + dim;
    exprs.push_back(size == 1 && resultShape[resultDim] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(resultDim, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

scf::LoopNest loopNestOver(
    OpBuilder &b, Location loc, ArrayRef<int64_t> shape, ValueRange iterArgs,
    function_ref<scf::ValueVector(OpBuilder &, Location, ValueRange,
                                  ValueRange)>
        body) {
  SmallVector<Value> lows, highs, steps;
  for (int64_t extent : shape) {
    lows.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    highs.push_back(arith::ConstantIndexOp::create(b, loc, extent));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  return scf::buildLoopNest(b, loc, lows, highs, steps, iterArgs, body);
}

SmallVector<utils::IteratorType> parallelIterators(int64_t count) {
  return SmallVector<utils::IteratorType>(count, utils::IteratorType::parallel);
}

Value applyEpilogue(OpBuilder &b, Location loc, Value result, Value residual,
                    std::optional<APFloat> min, std::optional<APFloat> max) {
  if (!residual && !min && !max)
    return result;
  auto type = cast<RankedTensorType>(result.getType());
  SmallVector<Value> inputs{result};
  if (residual)
    inputs.push_back(residual);
  SmallVector<AffineMap> maps(inputs.size() + 1,
                              b.getMultiDimIdentityMap(type.getRank()));
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, inputs, init, maps, parallelIterators(type.getRank()),
             [&](OpBuilder &nested, Location l, ValueRange args) {
               Type elementType = args[0].getType();
               Value value = args[0];
               if (residual)
                 value = arith::AddFOp::create(nested, l, value, args[1]);
               if (min)
                 value = arith::MaximumFOp::create(
                     nested, l, value,
                     arith::ConstantOp::create(
                         nested, l, floatAttr(elementType, min->convertToDouble())));
               if (max)
                 value = arith::MinimumFOp::create(
                     nested, l, value,
                     arith::ConstantOp::create(
                         nested, l, floatAttr(elementType, max->convertToDouble())));
               linalg::YieldOp::create(nested, l, value);
             })
      .getResult(0);
}

Value broadcastTo(OpBuilder &b, Location loc, Value input,
                  RankedTensorType target) {
  auto source = cast<RankedTensorType>(input.getType());
  if (source == target)
    return input;
  Value empty = tensor::EmptyOp::create(b, loc, target.getShape(),
                                        target.getElementType());
  AffineMap maps[] = {
      broadcastMap(b.getContext(), source.getShape(), target.getShape()),
      b.getMultiDimIdentityMap(target.getRank())};
  return linalg::GenericOp::create(
             b, loc, target, input, empty, maps,
             parallelIterators(target.getRank()),
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc, args[0]);
             })
      .getResult(0);
}

/// One linalg.generic applying `body` elementwise, operands broadcast to
/// `type` with numpy rules.
Value elementwise(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange operands, ScalarFn body) {
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(broadcastMap(
        b.getContext(), cast<RankedTensorType>(operand.getType()).getShape(),
        type.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, operands, init, maps,
             parallelIterators(type.getRank()),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc,
                                       body(nested, nestedLoc, args));
             })
      .getResult(0);
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

} // namespace sinter::lowering
