//===- MatrixLowering.cpp - gemm and matmul to linalg ---------------------===//

#include "compiler/Conversion/SinterToLinalg/LoweringUtils.h"
#include "dialects/IR/ConstantData.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace sinter::lowering {
namespace {

/// The transposed matrix: computed here when it is a constant (Gemm's
/// weights with transB), so that no run pays for it; a linalg.transpose
/// otherwise.
Value transpose2D(OpBuilder &b, Location loc, Value matrix) {
  auto type = cast<RankedTensorType>(matrix.getType());
  if (std::optional<SmallVector<float>> values = getF32Values(matrix)) {
    auto transposedType = RankedTensorType::get(
        {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
    return arith::ConstantOp::create(
        b, loc,
        makeF32Constant(transposedType,
                        transposeValues(*values, type.getShape(), {1, 0}),
                        "transposed_weights"));
  }
  Value init = tensor::EmptyOp::create(
      b, loc, {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return linalg::TransposeOp::create(b, loc, matrix, init,
                                     ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value a = adaptor.getA(), b = adaptor.getB(), c = adaptor.getC();
    if (op.getTransposeA())
      a = transpose2D(rewriter, loc, a);
    if (op.getTransposeB())
      b = transpose2D(rewriter, loc, b);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();

    // With unit scales the bias is the accumulator's initial value.
    if (alpha == 1.0 && (!c || beta == 1.0)) {
      Value init = c ? broadcastTo(rewriter, loc, c, type)
                     : createZeros(rewriter, loc, type);
      Value product = linalg::MatmulOp::create(rewriter, loc, type,
                                               ValueRange{a, b}, init)
                          .getResult(0);
      rewriter.replaceOp(op, applyEpilogue(rewriter, loc, product, Value(),
                                           op.getClampMin(), op.getClampMax()));
      return success();
    }
    Value product = linalg::MatmulOp::create(rewriter, loc, type,
                                             ValueRange{a, b},
                                             createZeros(rewriter, loc, type))
                        .getResult(0);
    SmallVector<Value> inputs{product};
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(2)};
    if (c) {
      inputs.push_back(c);
      maps.push_back(broadcastMap(rewriter.getContext(),
                                  cast<RankedTensorType>(c.getType()).getShape(),
                                  type.getShape()));
    }
    maps.push_back(rewriter.getMultiDimIdentityMap(2));
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    auto scaled = linalg::GenericOp::create(
        rewriter, loc, type, inputs, init, maps, parallelIterators(2),
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Type elementType = args[0].getType();
          Value result = arith::MulFOp::create(
              nb, l, args[0],
              arith::ConstantOp::create(nb, l, floatAttr(elementType, alpha)));
          if (c)
            result = arith::AddFOp::create(
                nb, l, result,
                arith::MulFOp::create(
                    nb, l, args[1],
                    arith::ConstantOp::create(nb, l,
                                              floatAttr(elementType, beta))));
          linalg::YieldOp::create(nb, l, result);
        });
    rewriter.replaceOp(op, applyEpilogue(rewriter, loc, scaled.getResult(0),
                                         Value(), op.getClampMin(),
                                         op.getClampMax()));
    return success();
  }
};

/// Broadcasts the batch dimensions of a [..., R, C] operand to `batch`.
Value broadcastBatch(OpBuilder &b, Location loc, Value operand,
                     ArrayRef<int64_t> batch) {
  auto type = cast<RankedTensorType>(operand.getType());
  SmallVector<int64_t> shape(batch);
  shape.append(type.getShape().take_back(2).begin(),
               type.getShape().take_back(2).end());
  return broadcastTo(b, loc, operand,
                     RankedTensorType::get(shape, type.getElementType()));
}

/// Folds all batch dimensions of [B1, ..., Bk, R, C] into one.
Value collapseBatch(OpBuilder &b, Location loc, Value operand) {
  auto type = cast<RankedTensorType>(operand.getType());
  int64_t rank = type.getRank();
  if (rank == 3)
    return operand;
  int64_t batch = 1;
  ReassociationIndices batchDims;
  for (int64_t dim = 0; dim < rank - 2; ++dim) {
    batch *= type.getDimSize(dim);
    batchDims.push_back(dim);
  }
  auto collapsed = RankedTensorType::get(
      {batch, type.getDimSize(rank - 2), type.getDimSize(rank - 1)},
      type.getElementType());
  return collapseTo(b, loc, operand, collapsed,
                    {batchDims, {rank - 2}, {rank - 1}});
}

/// [B..., M, K] x [K, N] (or an rhs whose batch dimensions are all 1) as
/// one matrix product [B*M, K] x [K, N]: a projection applied to every row
/// of a sequence, whose weights would otherwise be broadcast B times into
/// a batch of matrix-vector products. Null when the shapes do not allow it.
Value foldBatchIntoRows(OpBuilder &b, Location loc, Value lhs, Value rhs,
                        RankedTensorType type) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  int64_t rank = type.getRank();
  if (lhsType.getShape().drop_back() != type.getShape().drop_back() ||
      llvm::any_of(rhsType.getShape().drop_back(2),
                   [](int64_t dim) { return dim != 1; }))
    return Value();
  auto allButLast = [](int64_t rank) {
    ReassociationIndices leading;
    for (int64_t dim = 0; dim + 1 < rank; ++dim)
      leading.push_back(dim);
    return SmallVector<ReassociationIndices>{leading, {rank - 1}};
  };
  // The rows of a tensor without elements may still overflow.
  int64_t rows = 1;
  for (int64_t dim : lhsType.getShape().drop_back())
    if (llvm::MulOverflow(rows, dim, rows))
      return Value();
  Type element = type.getElementType();
  Value flatLhs = collapseTo(
      b, loc, lhs,
      RankedTensorType::get({rows, lhsType.getShape().back()}, element),
      allButLast(rank));
  Value flatRhs = rhs;
  if (rhsType.getRank() != 2)
    flatRhs = collapseTo(b, loc, rhs,
                         RankedTensorType::get(rhsType.getShape().take_back(2),
                                               rhsType.getElementType()),
                         allButLast(rhsType.getRank()));
  auto flatType = RankedTensorType::get({rows, type.getShape().back()}, element);
  Value product = linalg::MatmulOp::create(b, loc, flatType,
                                           ValueRange{flatLhs, flatRhs},
                                           createZeros(b, loc, flatType))
                      .getResult(0);
  return expandTo(b, loc, product, type, allButLast(rank));
}

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    int64_t rank = type.getRank();
    if (rank == 2) {
      rewriter.replaceOp(op, linalg::MatmulOp::create(
                                 rewriter, loc, type, ValueRange{lhs, rhs},
                                 createZeros(rewriter, loc, type))
                                 .getResult(0));
      return success();
    }
    if (Value product = foldBatchIntoRows(rewriter, loc, lhs, rhs, type)) {
      rewriter.replaceOp(op, product);
      return success();
    }
    // Batched: broadcast the batch dimensions, fold them into one, and use
    // linalg.batch_matmul.
    ArrayRef<int64_t> batch = type.getShape().drop_back(2);
    lhs = collapseBatch(rewriter, loc, broadcastBatch(rewriter, loc, lhs, batch));
    rhs = collapseBatch(rewriter, loc, broadcastBatch(rewriter, loc, rhs, batch));
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto flatType = RankedTensorType::get(
        {lhsType.getDimSize(0), type.getDimSize(rank - 2),
         type.getDimSize(rank - 1)},
        type.getElementType());
    Value product = linalg::BatchMatmulOp::create(
                        rewriter, loc, flatType, ValueRange{lhs, rhs},
                        createZeros(rewriter, loc, flatType))
                        .getResult(0);
    if (rank != 3) {
      ReassociationIndices batchDims;
      for (int64_t dim = 0; dim < rank - 2; ++dim)
        batchDims.push_back(dim);
      product = expandTo(rewriter, loc, product, type,
                         {batchDims, {rank - 2}, {rank - 1}});
    }
    rewriter.replaceOp(op, product);
    return success();
  }
};

} // namespace

void populateMatrixLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns) {
  patterns.add<GemmLowering, MatMulLowering>(converter, patterns.getContext());
}

} // namespace sinter::lowering
