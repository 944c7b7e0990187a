//===- IndexingLowering.cpp - gathers and scatters at run-time indices ----===//
//
// Gathers become linalg.generic ops over their output whose bodies read
// `data` with tensor.extract at the computed position; scatters become loop
// nests over their updates that tensor.insert into a copy of `data`. Every
// index is wrapped (negative counts from the end) and clamped into its
// dimension, so that no data leaves a buffer whatever the indices hold, and
// each op adds one check, a reduction over its indices marked with
// kIndexCheckAttr, that the pass turns into the function's status result.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace sinter::lowering {
namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// `index` (i32 or i64) as a position in a dimension of `extent` > 0:
/// negative values count from the end, and the result is clamped into
/// [0, extent) (the check reports the indices this changes).
Value clampedIndex(OpBuilder &b, Location loc, Value index, int64_t extent) {
  Value position = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = indexConstant(b, loc, 0);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         position, zero);
  Value wrapped = arith::SelectOp::create(
      b, loc, negative,
      arith::AddIOp::create(b, loc, position, indexConstant(b, loc, extent)),
      position);
  Value low = arith::MaxSIOp::create(b, loc, wrapped, zero);
  return arith::MinSIOp::create(b, loc, low, indexConstant(b, loc, extent - 1));
}

/// Whether `indices` is a constant whose every entry is in range: such
/// indices (Resize's tables, shape computations) need no check at run time.
bool areConstantsInRange(Value indices, ArrayRef<int64_t> extents) {
  DenseIntElementsAttr constant;
  if (!matchPattern(indices, m_Constant(&constant)))
    return false;
  int64_t position = 0;
  for (const APInt &value : constant.getValues<APInt>()) {
    int64_t extent = extents[extents.size() == 1 ? 0 : position % extents.size()];
    int64_t index = value.getSExtValue();
    if (index < -extent || index >= extent)
      return false;
    ++position;
  }
  return true;
}

/// An i1, marked with kIndexCheckAttr, that is true when an entry of
/// `indices` lies outside [-extent, extent). `extents` holds one extent for
/// every entry, or one per position along the last dimension of `indices`
/// (the index tuples of GatherND and ScatterND).
void checkIndices(OpBuilder &b, Location loc, Value indices,
                  ArrayRef<int64_t> extents) {
  auto type = cast<RankedTensorType>(indices.getType());
  if (type.getNumElements() == 0 || areConstantsInRange(indices, extents))
    return;
  auto flagType = RankedTensorType::get({}, b.getI8Type());
  Value init = createZeros(b, loc, flagType);
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps{
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, {}, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  Value flag =
      linalg::GenericOp::create(
          b, loc, flagType, indices, init, maps, iterators,
          [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            Type element = args[0].getType();
            auto constant = [&](int64_t value) {
              return arith::ConstantOp::create(
                  nested, nestedLoc, nested.getIntegerAttr(element, value));
            };
            Value extent = constant(extents.front());
            if (extents.size() > 1) {
              Value position = linalg::IndexOp::create(nested, nestedLoc,
                                                       rank - 1);
              for (auto [tuple, value] : llvm::enumerate(extents))
                extent = arith::SelectOp::create(
                    nested, nestedLoc,
                    arith::CmpIOp::create(nested, nestedLoc,
                                          arith::CmpIPredicate::eq, position,
                                          indexConstant(nested, nestedLoc,
                                                        tuple)),
                    constant(value), extent);
            }
            // Wrapped once, a valid index lies in [0, extent): compared
            // unsigned, a negative one is out of range too.
            Value negative = arith::CmpIOp::create(
                nested, nestedLoc, arith::CmpIPredicate::slt, args[0],
                constant(0));
            Value wrapped = arith::SelectOp::create(
                nested, nestedLoc, negative,
                arith::AddIOp::create(nested, nestedLoc, args[0], extent),
                args[0]);
            Value outOfRange = arith::CmpIOp::create(
                nested, nestedLoc, arith::CmpIPredicate::uge, wrapped, extent);
            Value outside = arith::ExtUIOp::create(
                nested, nestedLoc, nested.getI8Type(), outOfRange);
            linalg::YieldOp::create(
                nested, nestedLoc,
                arith::OrIOp::create(nested, nestedLoc, args[1], outside)
                    .getResult());
          })
          .getResult(0);
  Value any = tensor::ExtractOp::create(b, loc, flag, ValueRange{});
  Operation *check = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::ne, any,
      arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0)));
  check->setAttr(kIndexCheckAttr, b.getUnitAttr());
}

/// A check that always fails: indices into a dimension of extent 0.
void failIndexCheck(OpBuilder &b, Location loc) {
  Operation *check = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  check->setAttr(kIndexCheckAttr, b.getUnitAttr());
}

using PositionFn = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, ValueRange /*loop indices*/, ValueRange /*inputs*/)>;

/// A generic over `type` (the output) that yields data[position(...)],
/// `inputs` read with `inputMaps`. Output dimensions of zero need no reads;
/// data without elements gives zeros (and the caller's check fails).
Value gatherGeneric(OpBuilder &b, Location loc, RankedTensorType type,
                   Value data, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                   PositionFn position) {
  if (type.getNumElements() == 0)
    return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  if (cast<RankedTensorType>(data.getType()).getNumElements() == 0)
    return createZeros(b, loc, type);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, inputs, init, maps,
             parallelIterators(type.getRank()),
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               SmallVector<Value> loops;
               for (int64_t dim = 0; dim < type.getRank(); ++dim)
                 loops.push_back(linalg::IndexOp::create(nested, nestedLoc, dim));
               SmallVector<Value> at =
                   position(nested, nestedLoc, loops, args.drop_back());
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   tensor::ExtractOp::create(nested, nestedLoc, data, at)
                       .getResult());
             })
      .getResult(0);
}

/// The map that reads an operand through the output loops `first` to
/// `first + count`.
AffineMap loopRangeMap(MLIRContext *context, int64_t loops, int64_t first,
                       int64_t count) {
  SmallVector<AffineExpr> results;
  for (int64_t dim = first; dim < first + count; ++dim)
    results.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(loops, 0, results, context);
}

struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t axis = op.getAxis(), extent = dataType.getDimSize(axis);
    int64_t indexRank = indicesType.getRank();
    if (extent == 0 && indicesType.getNumElements() > 0)
      failIndexCheck(rewriter, loc);
    else
      checkIndices(rewriter, loc, adaptor.getIndices(), extent);
    AffineMap indicesMap =
        loopRangeMap(getContext(), type.getRank(), axis, indexRank);
    rewriter.replaceOp(
        op, gatherGeneric(
                rewriter, loc, type, adaptor.getData(), adaptor.getIndices(),
                indicesMap,
                [&](OpBuilder &b, Location l, ValueRange loops, ValueRange args) {
                  SmallVector<Value> at(loops.take_front(axis));
                  at.push_back(clampedIndex(b, l, args[0], extent));
                  llvm::append_range(at, loops.drop_front(axis + indexRank));
                  return at;
                }));
    return success();
  }
};

struct GatherElementsLowering : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    int64_t axis = op.getAxis(), extent = dataType.getDimSize(axis);
    if (extent == 0 && type.getNumElements() > 0)
      failIndexCheck(rewriter, loc);
    else
      checkIndices(rewriter, loc, adaptor.getIndices(), extent);
    rewriter.replaceOp(
        op, gatherGeneric(
                rewriter, loc, type, adaptor.getData(), adaptor.getIndices(),
                rewriter.getMultiDimIdentityMap(type.getRank()),
                [&](OpBuilder &b, Location l, ValueRange loops, ValueRange args) {
                  SmallVector<Value> at(loops);
                  at[axis] = clampedIndex(b, l, args[0], extent);
                  return at;
                }));
    return success();
  }
};

/// The positions in `data` of one index tuple, read from `indices` at
/// `prefix` (its dimensions but the last) and clamped to `extents`.
SmallVector<Value> readIndexTuple(OpBuilder &b, Location loc, Value indices,
                                  ValueRange prefix, ArrayRef<int64_t> extents) {
  SmallVector<Value> at(prefix), positions;
  at.push_back(Value());
  for (auto [tuple, extent] : llvm::enumerate(extents)) {
    at.back() = indexConstant(b, loc, tuple);
    positions.push_back(clampedIndex(
        b, loc, tensor::ExtractOp::create(b, loc, indices, at), extent));
  }
  return positions;
}

struct GatherNDLowering : OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = getLoweredType(getTypeConverter(), op.getType());
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t batch = op.getBatchDims(), tupleLength = indicesType.getShape().back();
    ArrayRef<int64_t> extents =
        dataType.getShape().slice(batch, tupleLength);
    if (llvm::is_contained(extents, 0) && indicesType.getNumElements() > 0)
      failIndexCheck(rewriter, loc);
    else
      checkIndices(rewriter, loc, adaptor.getIndices(), extents);
    int64_t prefix = indicesType.getRank() - 1;
    rewriter.replaceOp(
        op, gatherGeneric(
                rewriter, loc, type, adaptor.getData(), {}, {},
                [&](OpBuilder &b, Location l, ValueRange loops, ValueRange) {
                  SmallVector<Value> at(loops.take_front(batch));
                  llvm::append_range(
                      at, readIndexTuple(b, l, adaptor.getIndices(),
                                         loops.take_front(prefix), extents));
                  llvm::append_range(at, loops.drop_front(prefix));
                  return at;
                }));
    return success();
  }
};

/// `update` combined with `current` by `reduction`.
Value combine(OpBuilder &b, Location loc, ScatterReduction reduction,
              bool isUnsigned, Value current, Value update) {
  bool isFloat = isa<FloatType>(update.getType());
  switch (reduction) {
  case ScatterReduction::none:
    return update;
  case ScatterReduction::add:
    return isFloat ? arith::AddFOp::create(b, loc, current, update).getResult()
                   : arith::AddIOp::create(b, loc, current, update).getResult();
  case ScatterReduction::mul:
    return isFloat ? arith::MulFOp::create(b, loc, current, update).getResult()
                   : arith::MulIOp::create(b, loc, current, update).getResult();
  case ScatterReduction::max:
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, current, update);
    return isUnsigned ? arith::MaxUIOp::create(b, loc, current, update).getResult()
                      : arith::MaxSIOp::create(b, loc, current, update).getResult();
  case ScatterReduction::min:
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, current, update);
    return isUnsigned ? arith::MinUIOp::create(b, loc, current, update).getResult()
                      : arith::MinSIOp::create(b, loc, current, update).getResult();
  }
  llvm_unreachable("every ScatterReduction is handled");
}

using TargetFn =
    llvm::function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

/// A copy of `data` into which each element of `updates` is written (or
/// combined) at target(its position), in row-major order: a loop nest over
/// `updates` whose tensor.insert chain bufferizes in place.
Value scatterLoops(OpBuilder &b, Location loc, Value data, Value updates,
                   ScatterReduction reduction, bool isUnsigned,
                   TargetFn target) {
  auto updatesType = cast<RankedTensorType>(updates.getType());
  if (updatesType.getNumElements() == 0)
    return data;
  scf::LoopNest nest = loopNestOver(
      b, loc, updatesType.getShape(), data,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange loops,
          ValueRange current) -> scf::ValueVector {
        SmallVector<Value> at = target(nested, nestedLoc, loops);
        Value update = tensor::ExtractOp::create(nested, nestedLoc, updates, loops);
        if (reduction != ScatterReduction::none)
          update = combine(nested, nestedLoc, reduction, isUnsigned,
                           tensor::ExtractOp::create(nested, nestedLoc,
                                                     current[0], at),
                           update);
        return {tensor::InsertOp::create(nested, nestedLoc, update, current[0], at)
                    .getResult()};
      });
  return nest.results.front();
}

bool hasUnsignedElements(Value value) {
  return cast<RankedTensorType>(value.getType())
      .getElementType()
      .isUnsignedInteger();
}

struct ScatterElementsLowering : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    int64_t axis = op.getAxis(), extent = dataType.getDimSize(axis);
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    if (extent == 0 && indicesType.getNumElements() > 0) {
      failIndexCheck(rewriter, loc);
      rewriter.replaceOp(op, adaptor.getData());
      return success();
    }
    checkIndices(rewriter, loc, adaptor.getIndices(), extent);
    Value indices = adaptor.getIndices();
    rewriter.replaceOp(
        op, scatterLoops(rewriter, loc, adaptor.getData(), adaptor.getUpdates(),
                         op.getReduction(), hasUnsignedElements(op.getData()),
                         [&](OpBuilder &b, Location l, ValueRange loops) {
                           SmallVector<Value> at(loops);
                           at[axis] = clampedIndex(
                               b, l, tensor::ExtractOp::create(b, l, indices, loops),
                               extent);
                           return at;
                         }));
    return success();
  }
};

struct ScatterNDLowering : OpConversionPattern<ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t tupleLength = indicesType.getShape().back();
    int64_t prefix = indicesType.getRank() - 1;
    ArrayRef<int64_t> extents = dataType.getShape().take_front(tupleLength);
    if (llvm::is_contained(extents, 0) && indicesType.getNumElements() > 0) {
      failIndexCheck(rewriter, loc);
      rewriter.replaceOp(op, adaptor.getData());
      return success();
    }
    checkIndices(rewriter, loc, adaptor.getIndices(), extents);
    Value indices = adaptor.getIndices();
    rewriter.replaceOp(
        op, scatterLoops(rewriter, loc, adaptor.getData(), adaptor.getUpdates(),
                         op.getReduction(), hasUnsignedElements(op.getData()),
                         [&](OpBuilder &b, Location l, ValueRange loops) {
                           SmallVector<Value> at = readIndexTuple(
                               b, l, indices, loops.take_front(prefix), extents);
                           llvm::append_range(at, loops.drop_front(prefix));
                           return at;
                         }));
    return success();
  }
};

} // namespace

void populateIndexingLoweringPatterns(const TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns.add<GatherLowering, GatherElementsLowering, GatherNDLowering,
               ScatterElementsLowering, ScatterNDLowering>(
      converter, patterns.getContext());
}

} // namespace sinter::lowering
