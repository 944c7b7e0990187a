//===- LoweringUtils.h - helpers shared by the sinter lowerings -*- C++ -*-===//

#ifndef SINTER_COMPILER_CONVERSION_SINTERTOLINALG_LOWERINGUTILS_H
#define SINTER_COMPILER_CONVERSION_SINTERTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace sinter::lowering {

using mlir::Location;
using mlir::OpBuilder;
using mlir::RankedTensorType;
using mlir::Value;

/// A tensor of `type` filled with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   mlir::TypedAttr value);
/// A tensor of `type` filled with zero.
Value createZeros(OpBuilder &b, Location loc, RankedTensorType type);
/// The floating-point constant `value` (or its infinity) of `type`.
mlir::TypedAttr floatAttr(mlir::Type type, double value);
mlir::TypedAttr negativeInfinity(mlir::Type type);

/// How padding stores its constant: in the border only, a fill per side
/// (no interior store wasted: the CPU's choice), or in one fill of the
/// whole padded tensor (one GPU launch instead of two).
enum class PaddingFill { Border, Whole };

/// Pads the dimensions of `input` with `low`/`high` elements of `padValue`;
/// returns `input` itself when every pad is zero.
Value padConstant(OpBuilder &b, Location loc, Value input,
                  llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                  mlir::TypedAttr padValue, PaddingFill fill);

/// A conversion pattern that pads its op's input, in the pass's style.
template <typename Op>
struct PaddingConversionPattern : mlir::OpConversionPattern<Op> {
  PaddingConversionPattern(const mlir::TypeConverter &converter,
                           mlir::MLIRContext *context, PaddingFill fill)
      : mlir::OpConversionPattern<Op>(converter, context), fill(fill) {}

  PaddingFill fill;
};

/// Any static reshape, through a 1-D collapse and an expansion.
Value reshapeTo(OpBuilder &b, Location loc, Value input,
                RankedTensorType target);

/// Expands or collapses `input` along contiguous groups of dimensions.
Value expandTo(OpBuilder &b, Location loc, Value input, RankedTensorType target,
               llvm::ArrayRef<mlir::ReassociationIndices> groups);
Value collapseTo(OpBuilder &b, Location loc, Value input,
                 RankedTensorType target,
                 llvm::ArrayRef<mlir::ReassociationIndices> groups);

/// The indexing map that reads an operand of `operandShape` inside a loop
/// nest over `resultShape` with numpy broadcasting (right-aligned, size-1
/// dimensions pinned to 0).
mlir::AffineMap broadcastMap(mlir::MLIRContext *context,
                             llvm::ArrayRef<int64_t> operandShape,
                             llvm::ArrayRef<int64_t> resultShape);

/// Materializes `input` broadcast to `target` with numpy rules.
Value broadcastTo(OpBuilder &b, Location loc, Value input,
                  RankedTensorType target);

llvm::SmallVector<mlir::utils::IteratorType>
parallelIterators(int64_t count);

using ScalarFn =
    llvm::function_ref<Value(OpBuilder &, Location, mlir::ValueRange)>;

/// An scf.for nest over every position of `shape`, row-major, carrying
/// `iterArgs`: `body` gets the loop indices and the carried values and
/// returns the values to carry on (scf::buildLoopNest's body).
mlir::scf::LoopNest loopNestOver(
    OpBuilder &b, Location loc, llvm::ArrayRef<int64_t> shape,
    mlir::ValueRange iterArgs,
    llvm::function_ref<mlir::scf::ValueVector(OpBuilder &, Location,
                                              mlir::ValueRange,
                                              mlir::ValueRange)>
        body);

/// One linalg.generic applying `body` elementwise, operands broadcast to
/// `type` with numpy rules.
Value elementwise(OpBuilder &b, Location loc, RankedTensorType type,
                  mlir::ValueRange operands, ScalarFn body);

/// The scalar constant `value` of a float or integer `type`.
Value scalarConstant(OpBuilder &b, Location loc, mlir::Type type, double value);

/// A fused epilogue on a conv or gemm result: adds `residual` (when given)
/// and clamps to [min, max] (each bound optional). Returns `result` itself
/// when there is nothing to apply.
Value applyEpilogue(OpBuilder &b, Location loc, Value result, Value residual,
                    std::optional<llvm::APFloat> min,
                    std::optional<llvm::APFloat> max);

/// Marks the i1 that a lowering computes to check indices read at run time
/// (true: one is out of range). ConvertSinterToLinalg turns the marked
/// values of a function into its status result.
inline constexpr llvm::StringLiteral kIndexCheckAttr = "sinter.index_check";

/// arith and linalg work on signless integers: the lowering turns tensors of
/// unsigned integers into tensors of signless ones of the same width (the
/// ops that care, like division, read the signedness from the sinter op).
class SignlessTypeConverter : public mlir::TypeConverter {
public:
  SignlessTypeConverter();
};

/// The lowered type of a sinter op's result.
RankedTensorType getLoweredType(const mlir::TypeConverter *converter,
                                mlir::Type type);

// Pattern sets, one per op category.
void populateConvolutionLoweringPatterns(const mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns,
                                         PaddingFill fill);
void populateElementwiseLoweringPatterns(const mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns);
void populateUnaryLoweringPatterns(const mlir::TypeConverter &converter,
                                   mlir::RewritePatternSet &patterns);
void populateBinaryLoweringPatterns(const mlir::TypeConverter &converter,
                                    mlir::RewritePatternSet &patterns);
void populateReductionLoweringPatterns(const mlir::TypeConverter &converter,
                                       mlir::RewritePatternSet &patterns);
void populateMatrixLoweringPatterns(const mlir::TypeConverter &converter,
                                    mlir::RewritePatternSet &patterns);
void populateTensorLoweringPatterns(const mlir::TypeConverter &converter,
                                    mlir::RewritePatternSet &patterns,
                                    PaddingFill fill);
void populateIndexingLoweringPatterns(const mlir::TypeConverter &converter,
                                      mlir::RewritePatternSet &patterns);

} // namespace sinter::lowering

#endif // SINTER_COMPILER_CONVERSION_SINTERTOLINALG_LOWERINGUTILS_H
