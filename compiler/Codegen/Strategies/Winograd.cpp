//===- Winograd.cpp - 3x3 stride-1 convs as Winograd F(4x4, 3x3) ----------===//
//
// linalg.conv_2d_nhwc_hwcf with a constant 3x3 filter, stride 1 and
// dilation 1. Each 6x6 tile d of the input gives a 4x4 tile of the output
// with 36 multiplications per pair of input and output channels instead of
// 144:
//   V = B^T d B        input transform, per tile, vectorized over channels
//   M[k] = V[k] U[k]   for each of the 36 positions k: one batch_matmul
//                      [T, C] x [C, F], carried out by the matmul strategy
//   Y = A^T M A + I    output transform, plus the conv's initial value I
//                      (the bias), then the elementwise epilogue (residual,
//                      ReLU/Clip) on the same vectors, stored once
// U = G g G^T is computed at compile time in double precision. Tiles past
// the bottom or right edge read zeros there and store only what lies inside.
// The interpolation points 0, +-1, +-2 and infinity keep the error near
// 1e-5 of the output's scale in f32 (test/e2e/winograd.test measures it).
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/KernelTiling.h"
#include "dialects/IR/ConstantData.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace sinter {
namespace {

constexpr int64_t kOutputTile = 4;
constexpr int64_t kInputTile = 6;
constexpr int64_t kPositions = kInputTile * kInputTile;

// Lavin and Gray's F(4x4, 3x3) matrices, row-major.
constexpr double kInputMatrix[kInputTile * kInputTile] = {
    4, 0,  -5, 0,  1, 0, //
    0, -4, -4, 1,  1, 0, //
    0, 4,  -4, -1, 1, 0, //
    0, -2, -1, 2,  1, 0, //
    0, 2,  -1, -2, 1, 0, //
    0, 4,  0,  -5, 0, 1};
constexpr double kFilterMatrix[kInputTile * 3] = {
    1.0 / 4,   0,         0,         //
    -1.0 / 6,  -1.0 / 6,  -1.0 / 6,  //
    -1.0 / 6,  1.0 / 6,   -1.0 / 6,  //
    1.0 / 24,  1.0 / 12,  1.0 / 6,   //
    1.0 / 24,  -1.0 / 12, 1.0 / 6,   //
    0,         0,         1};
constexpr double kOutputMatrix[kOutputTile * kInputTile] = {
    1, 1, 1,  1, 1,  0, //
    0, 1, -1, 2, -2, 0, //
    0, 1, 1,  4, 4,  0, //
    0, 1, -1, 8, -8, 1};

/// Transformed filters larger than this stay direct convs: they would
/// stream 4x the filter's bytes through the cache on every run.
constexpr int64_t kMaxTransformedFilterBytes = 16 << 20;

/// A conv the Winograd path can compute, with its sizes.
struct WinogradConv {
  linalg::Conv2DNhwcHwcfOp conv;
  int64_t batch, height, width, channels;
  int64_t outHeight, outWidth, filters;

  int64_t tileRows() const { return llvm::divideCeil(outHeight, kOutputTile); }
  int64_t tileColumns() const { return llvm::divideCeil(outWidth, kOutputTile); }
  int64_t tiles() const { return batch * tileRows() * tileColumns(); }
};

bool allOnes(DenseIntElementsAttr values) {
  return llvm::all_of(values.getValues<int64_t>(),
                      [](int64_t value) { return value == 1; });
}

/// `op` as a Winograd conv, or the reason it is not one.
FailureOr<WinogradConv> matchWinograd(linalg::LinalgOp op, std::string &why) {
  auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation());
  if (!conv || !isStaticF32(op)) {
    why = "needs a linalg.conv_2d_nhwc_hwcf of static f32 tensors";
    return failure();
  }
  if (!allOnes(conv.getStrides()) || !allOnes(conv.getDilations())) {
    why = "needs stride 1 and dilation 1";
    return failure();
  }
  auto input = cast<RankedTensorType>(conv.getInputs()[0].getType());
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto output = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  if (filterType.getDimSize(0) != 3 || filterType.getDimSize(1) != 3) {
    why = "needs a 3x3 filter";
    return failure();
  }
  if (!conv.getInputs()[1].getDefiningOp<arith::ConstantOp>()) {
    why = "needs a constant filter";
    return failure();
  }
  return WinogradConv{conv,
                      input.getDimSize(0),
                      input.getDimSize(1),
                      input.getDimSize(2),
                      input.getDimSize(3),
                      output.getDimSize(1),
                      output.getDimSize(2),
                      output.getDimSize(3)};
}

std::optional<KernelConfig> selectWinograd(linalg::LinalgOp op,
                                           const TargetInfo &) {
  std::string why;
  FailureOr<WinogradConv> conv = matchWinograd(op, why);
  if (failed(conv))
    return std::nullopt;
  // On 7x7 maps a quarter of each tile is padding and the transforms cost
  // as much as they save; with few channels the transforms dominate.
  if (conv->outHeight < 8 || conv->outWidth < 8 || conv->channels < 8 ||
      conv->filters < 8 ||
      kPositions * conv->channels * conv->filters * 4 > kMaxTransformedFilterBytes)
    return std::nullopt;
  return KernelConfig{"winograd", {}, {}};
}

/// U[k][c][f] = (G g[:, :, c, f] G^T)[k] for the filter g [3][3][C][F], in
/// double precision.
SmallVector<float> transformFilter(const WinogradConv &conv,
                                   ArrayRef<float> filter) {
  int64_t channels = conv.channels, filters = conv.filters;
  SmallVector<float> transformed(kPositions * channels * filters);
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t f = 0; f < filters; ++f) {
      double g[3][3];
      for (int64_t i = 0; i < 3; ++i)
        for (int64_t j = 0; j < 3; ++j)
          g[i][j] = filter[((i * 3 + j) * channels + c) * filters + f];
      double left[kInputTile][3] = {};
      for (int64_t a = 0; a < kInputTile; ++a)
        for (int64_t j = 0; j < 3; ++j)
          for (int64_t i = 0; i < 3; ++i)
            left[a][j] += kFilterMatrix[a * 3 + i] * g[i][j];
      for (int64_t a = 0; a < kInputTile; ++a)
        for (int64_t b = 0; b < kInputTile; ++b) {
          double sum = 0;
          for (int64_t j = 0; j < 3; ++j)
            sum += left[a][j] * kFilterMatrix[b * 3 + j];
          transformed[((a * kInputTile + b) * channels + c) * filters + f] =
              static_cast<float>(sum);
        }
    }
  return transformed;
}

/// The widest vector of at most `lanes` elements (a power of two) that
/// divides `extent`.
int64_t vectorWidth(int64_t extent, int64_t lanes) {
  int64_t width = 1;
  while (width * 2 <= lanes && extent % (width * 2) == 0)
    width *= 2;
  return width;
}

/// Builds vector arithmetic in one place.
class TileBuilder {
public:
  TileBuilder(OpBuilder &b, Location loc, VectorType type)
      : b(b), loc(loc), type(type) {}

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value splat(double value) {
    return arith::ConstantOp::create(
        b, loc, SplatElementsAttr::get(type, b.getF32FloatAttr(value)));
  }

  /// `matrix` (rows x in.size()) times the vectors `in`: one vector per row,
  /// zero coefficients skipped, +-1 as additions.
  SmallVector<Value> multiply(ArrayRef<double> matrix, int64_t rows,
                              ArrayRef<Value> in) {
    int64_t columns = in.size();
    SmallVector<Value> out;
    for (int64_t row = 0; row < rows; ++row) {
      Value sum;
      for (int64_t column = 0; column < columns; ++column) {
        double coefficient = matrix[row * columns + column];
        Value x = in[column];
        if (coefficient == 0)
          continue;
        if (coefficient == 1)
          sum = sum ? arith::AddFOp::create(b, loc, sum, x) : x;
        else if (coefficient == -1)
          sum = sum ? Value(arith::SubFOp::create(b, loc, sum, x))
                    : Value(arith::NegFOp::create(b, loc, x));
        else if (sum)
          sum = vector::FMAOp::create(b, loc, x, splat(coefficient), sum);
        else
          sum = arith::MulFOp::create(b, loc, x, splat(coefficient));
      }
      out.push_back(sum ? sum : splat(0));
    }
    return out;
  }

  /// `matrix` (rows x n) times the n x n tile (row-major vectors) times
  /// `matrix` transposed: rows x rows vectors.
  SmallVector<Value> transform(ArrayRef<double> matrix, int64_t rows,
                               ArrayRef<Value> tile) {
    int64_t n = matrix.size() / rows;
    SmallVector<Value> columnsDone(rows * n);
    for (int64_t j = 0; j < n; ++j) {
      SmallVector<Value> column;
      for (int64_t i = 0; i < n; ++i)
        column.push_back(tile[i * n + j]);
      for (auto [row, value] : llvm::enumerate(multiply(matrix, rows, column)))
        columnsDone[row * n + j] = value;
    }
    SmallVector<Value> out;
    for (int64_t row = 0; row < rows; ++row)
      llvm::append_range(out, multiply(matrix, rows,
                                       ArrayRef(columnsDone).slice(row * n, n)));
    return out;
  }

  Value read(Value source, ValueRange indices) {
    Value padding = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
    return vector::TransferReadOp::create(b, loc, type, source, indices, padding,
                                          ArrayRef<bool>{true});
  }
  Value write(Value vector, Value dest, ValueRange indices) {
    return vector::TransferWriteOp::create(b, loc, vector, dest, indices,
                                           ArrayRef<bool>{true})
        .getResult();
  }

  OpBuilder &b;
  Location loc;
  VectorType type;
};

/// Index of the tile (n, row, column) among all tiles.
Value tileIndex(OpBuilder &b, Location loc, const WinogradConv &conv,
                ValueRange ivs) {
  AffineExpr n, row, column;
  bindDims(b.getContext(), n, row, column);
  AffineExpr index =
      (n * conv.tileRows() + row) * conv.tileColumns() + column;
  return affine::makeComposedAffineApply(
      b, loc, index, getAsOpFoldResult(ivs.take_front(3)));
}

/// ivs[i] * 4 + offset.
Value tileOrigin(OpBuilder &b, Location loc, Value iv, int64_t offset) {
  AffineExpr d = b.getAffineDimExpr(0);
  return affine::makeComposedAffineApply(b, loc, d * kOutputTile + offset,
                                         {OpFoldResult(iv)});
}

/// A loop nest over tiles (n, tile row, tile column) and `channels`, `lanes`
/// at a time, updating `dest`; each iteration writes its own part of it.
Value buildTileLoops(
    OpBuilder &b, Location loc, const WinogradConv &conv, int64_t channels,
    int64_t lanes, Value dest,
    function_ref<scf::ValueVector(OpBuilder &, Location, ValueRange, ValueRange)>
        body) {
  TileBuilder t(b, loc, VectorType::get({lanes}, b.getF32Type()));
  SmallVector<Value> lower(4, t.index(0));
  SmallVector<Value> upper{t.index(conv.batch), t.index(conv.tileRows()),
                           t.index(conv.tileColumns()), t.index(channels)};
  SmallVector<Value> steps{t.index(1), t.index(1), t.index(1), t.index(lanes)};
  scf::LoopNest nest =
      scf::buildLoopNest(b, loc, lower, upper, steps, {dest}, body);
  for (scf::ForOp loop : nest.loops)
    loop->setAttr(kParallelLoopAttr, b.getUnitAttr());
  return nest.results[0];
}

/// The input vector at row i, column j of the tile at ivs (n, row, column,
/// c); zero where the tile reaches past the input (the last tiles, when the
/// output is no multiple of 4).
Value readInput(TileBuilder &t, const WinogradConv &conv, Value input,
                ValueRange ivs, int64_t i, int64_t j) {
  OpBuilder &b = t.b;
  Location loc = t.loc;
  Value y = tileOrigin(b, loc, ivs[1], i);
  Value x = tileOrigin(b, loc, ivs[2], j);
  bool rowsPast = (conv.tileRows() - 1) * kOutputTile + i >= conv.height;
  bool columnsPast = (conv.tileColumns() - 1) * kOutputTile + j >= conv.width;
  if (!rowsPast && !columnsPast)
    return t.read(input, {ivs[0], y, x, ivs[3]});
  Value inside = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  for (auto [position, extent, past] :
       {std::tuple{&y, conv.height, rowsPast}, {&x, conv.width, columnsPast}}) {
    if (!past)
      continue;
    Value bound = t.index(extent);
    inside = arith::AndIOp::create(
        b, loc, inside,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, *position, bound));
    *position = arith::MinUIOp::create(b, loc, *position, t.index(extent - 1));
  }
  Value value = t.read(input, {ivs[0], y, x, ivs[3]});
  return arith::SelectOp::create(b, loc, inside, value, t.splat(0));
}

/// V[k][t][c] for every tile t and input channel c.
Value buildInputTransform(OpBuilder &b, Location loc, const WinogradConv &conv,
                          Value input, int64_t lanes) {
  Type f32 = b.getF32Type();
  Value empty = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{kPositions, conv.tiles(), conv.channels}, f32);
  auto body = [&](OpBuilder &b, Location loc, ValueRange ivs,
                  ValueRange args) -> scf::ValueVector {
    TileBuilder t(b, loc, VectorType::get({lanes}, f32));
    SmallVector<Value> tile;
    for (int64_t i = 0; i < kInputTile; ++i)
      for (int64_t j = 0; j < kInputTile; ++j)
        tile.push_back(readInput(t, conv, input, ivs, i, j));
    SmallVector<Value> transformed = t.transform(kInputMatrix, kInputTile, tile);
    Value tileAt = tileIndex(b, loc, conv, ivs);
    Value result = args[0];
    for (auto [k, vector] : llvm::enumerate(transformed))
      result = t.write(vector, result, {t.index(k), tileAt, ivs[3]});
    return {result};
  };
  return buildTileLoops(b, loc, conv, conv.channels, lanes, empty, body);
}

/// What the conv adds its sum to, per output vector: the bias broadcast
/// along the channels, a filled value, or its initial tensor as is.
struct InitialValue {
  Value destination; ///< where the conv's result can be stored
  Value bias;        ///< tensor<F> broadcast over n, y, x
  Value filled;      ///< a scalar
  Value tensor;      ///< any other initial tensor, read at each position
};

InitialValue getInitialValue(linalg::Conv2DNhwcHwcfOp conv) {
  Value init = conv.getOutputs()[0];
  if (auto broadcast = init.getDefiningOp<linalg::BroadcastOp>())
    if (broadcast.getInput().getType().getRank() == 1 &&
        broadcast.getDimensions() == ArrayRef<int64_t>{0, 1, 2})
      return {broadcast.getInit(), broadcast.getInput(), Value(), Value()};
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return {fill.getOutputs()[0], Value(), fill.getInputs()[0], Value()};
  return {init, Value(), Value(), init};
}

/// Whether the epilogue's body can run on vectors of output channels: its
/// ops are elementwise, it ignores its output's old value, and its other
/// inputs are read along the channels or are the same for all of them.
bool canVectorizeEpilogue(linalg::GenericOp epilogue) {
  Block &body = *epilogue.getBlock();
  if (!body.getArguments().back().use_empty())
    return false;
  for (Operation &op : body.without_terminator())
    if (!OpTrait::hasElementwiseMappableTraits(&op) ||
        op.getNumRegions() != 0)
      return false;
  for (OpOperand *input : epilogue.getDpsInputOperands()) {
    AffineMap map = epilogue.getMatchingIndexingMap(input);
    for (auto [index, result] : llvm::enumerate(map.getResults()))
      if (result == getAffineDimExpr(3, map.getContext()) &&
          index + 1 != map.getNumResults())
        return false;
  }
  return true;
}

/// The epilogue's body applied to `value`, the conv's output vector at `at`
/// (n, y, x, f): its other inputs read there (a vector along the channels,
/// or one value broadcast), its ops cloned on vectors.
Value applyEpilogue(TileBuilder &t, linalg::GenericOp epilogue, Value value,
                    ArrayRef<Value> at) {
  OpBuilder &b = t.b;
  IRMapping mapping;
  Block &body = *epilogue.getBlock();
  mapping.map(body.getArgument(0), value);
  for (OpOperand *input : epilogue.getDpsInputOperands()) {
    if (input->getOperandNumber() == 0)
      continue;
    AffineMap map = epilogue.getMatchingIndexingMap(input);
    SmallVector<Value> indices;
    for (AffineExpr result : map.getResults())
      indices.push_back(at[cast<AffineDimExpr>(result).getPosition()]);
    bool alongChannels =
        map.getNumResults() > 0 &&
        map.getResults().back() == getAffineDimExpr(3, map.getContext());
    Value operand =
        alongChannels
            ? t.read(input->get(), indices)
            : vector::BroadcastOp::create(
                  b, t.loc, t.type,
                  tensor::ExtractOp::create(b, t.loc, input->get(), indices));
    mapping.map(body.getArgument(input->getOperandNumber()), operand);
  }
  auto vectorOf = [&](Type type) {
    return VectorType::get(t.type.getShape(), type);
  };
  for (Operation &op : body.without_terminator()) {
    for (Value operand : op.getOperands())
      if (!mapping.contains(operand))
        mapping.map(operand, vector::BroadcastOp::create(
                                 b, t.loc, vectorOf(operand.getType()), operand));
    OperationState state(t.loc, op.getName());
    for (Value operand : op.getOperands())
      state.addOperands(mapping.lookup(operand));
    for (Type type : op.getResultTypes())
      state.addTypes(vectorOf(type));
    state.addAttributes(op.getAttrs());
    Operation *vectorOp = b.create(state);
    mapping.map(op.getResults(), vectorOp->getResults());
  }
  return mapping.lookup(body.getTerminator()->getOperand(0));
}

/// The output, Y = A^T M A plus the initial value, stored tile by tile.
/// With an epilogue, the epilogue's result instead, stored into its
/// destination.
Value buildOutputTransform(OpBuilder &b, Location loc, const WinogradConv &conv,
                           Value products, const InitialValue &initial,
                           linalg::GenericOp epilogue, int64_t lanes) {
  Type f32 = b.getF32Type();
  VectorType type = VectorType::get({lanes}, f32);
  auto body = [&](OpBuilder &b, Location loc, ValueRange ivs,
                  ValueRange args) -> scf::ValueVector {
    TileBuilder t(b, loc, type);
    Value tileAt = tileIndex(b, loc, conv, ivs);
    Value f = ivs[3];
    SmallVector<Value> sums;
    for (int64_t k = 0; k < kPositions; ++k)
      sums.push_back(t.read(products, {t.index(k), tileAt, f}));
    SmallVector<Value> outputs = t.transform(kOutputMatrix, kOutputTile, sums);
    Value base;
    if (initial.bias)
      base = t.read(initial.bias, {f});
    else if (initial.filled)
      base = vector::BroadcastOp::create(b, loc, type, initial.filled);
    Value result = args[0];
    for (int64_t i = 0; i < kOutputTile; ++i)
      for (int64_t j = 0; j < kOutputTile; ++j) {
        Value y = tileOrigin(b, loc, ivs[1], i);
        Value x = tileOrigin(b, loc, ivs[2], j);
        SmallVector<Value> at{ivs[0], y, x, f};
        auto store = [&, value = outputs[i * kOutputTile + j]](
                         OpBuilder &b, Location loc, Value dest) {
          TileBuilder t(b, loc, type);
          Value sum = value;
          if (base)
            sum = arith::AddFOp::create(b, loc, sum, base);
          else if (initial.tensor)
            sum = arith::AddFOp::create(b, loc, sum, t.read(initial.tensor, at));
          if (epilogue)
            sum = applyEpilogue(t, epilogue, sum, at);
          return t.write(sum, dest, at);
        };
        bool rowsPast = (conv.tileRows() - 1) * kOutputTile + i >= conv.outHeight;
        bool columnsPast =
            (conv.tileColumns() - 1) * kOutputTile + j >= conv.outWidth;
        if (!rowsPast && !columnsPast) {
          result = store(b, loc, result);
          continue;
        }
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, y,
                                  t.index(conv.outHeight)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x,
                                  t.index(conv.outWidth)));
        Value dest = result;
        result = scf::IfOp::create(
                     b, loc, inside,
                     [&](OpBuilder &b, Location loc) {
                       scf::YieldOp::create(b, loc, store(b, loc, dest));
                     },
                     [&](OpBuilder &b, Location loc) {
                       scf::YieldOp::create(b, loc, dest);
                     })
                     .getResult(0);
      }
    return {result};
  };
  Value destination =
      epilogue ? epilogue.getDpsInits()[0] : initial.destination;
  return buildTileLoops(b, loc, conv, conv.filters, lanes, destination, body);
}

LogicalResult applyWinograd(RewriterBase &rewriter, linalg::LinalgOp op,
                            const KernelConfig &) {
  std::string why;
  FailureOr<WinogradConv> conv = matchWinograd(op, why);
  if (failed(conv))
    return op.emitError() << "kernel strategy 'winograd' " << why;
  auto module = op->getParentOfType<ModuleOp>();
  std::optional<TargetInfo> target =
      module ? getModuleTarget(module) : std::nullopt;
  if (!target)
    return op.emitError() << "kernel strategy 'winograd' needs the module's "
                          << kTargetAttr;
  std::optional<SmallVector<float>> filter =
      getF32Values(conv->conv.getInputs()[1]);
  if (!filter)
    return op.emitError() << "kernel strategy 'winograd' cannot read the "
                             "filter's values";
  int64_t lanes = target->lanes(32);
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);

  Value transformedInput = buildInputTransform(
      rewriter, loc, *conv, conv->conv.getInputs()[0],
      vectorWidth(conv->channels, lanes));

  Type f32 = rewriter.getF32Type();
  auto filterType =
      RankedTensorType::get({kPositions, conv->channels, conv->filters}, f32);
  Value transformedFilter = arith::ConstantOp::create(
      rewriter, loc,
      makeF32Constant(filterType, transformFilter(*conv, *filter),
                      "winograd_filter"));
  auto productsType =
      RankedTensorType::get({kPositions, conv->tiles(), conv->filters}, f32);
  Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));
  Value empty = tensor::EmptyOp::create(rewriter, loc, productsType.getShape(), f32);
  Value zeros = linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
  auto products = linalg::BatchMatmulOp::create(
      rewriter, loc, TypeRange{productsType},
      ValueRange{transformedInput, transformedFilter}, ValueRange{zeros});

  linalg::GenericOp epilogue = getFusableEpilogue(op);
  if (epilogue && !canVectorizeEpilogue(epilogue))
    epilogue = {};
  // The epilogue's other operands and destination may come after the conv.
  if (epilogue)
    rewriter.setInsertionPoint(epilogue);
  Value output = buildOutputTransform(
      rewriter, loc, *conv, products.getResult(0), getInitialValue(conv->conv),
      epilogue, vectorWidth(conv->filters, lanes));
  if (epilogue) {
    rewriter.replaceOp(epilogue, output);
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, output);
  }

  KernelStrategy matmul = getMatmulStrategy();
  std::optional<KernelConfig> matmulConfig =
      matmul.select(cast<linalg::LinalgOp>(products.getOperation()), *target);
  return matmul.apply(rewriter, cast<linalg::LinalgOp>(products.getOperation()),
                      *matmulConfig);
}

} // namespace

KernelStrategy getWinogradStrategy() {
  return {"winograd", selectWinograd, applyWinograd, /*fusesEpilogue=*/true};
}

} // namespace sinter
