//===- KernelConfig.h - per-op kernel strategies and tile sizes -*- C++ -*-===//
//
// Each linalg root op on tensors gets a `sinter.kernel` attribute naming a
// strategy and its tile sizes (sinter-configure-kernels picks them from the
// op's shapes and the module's target; one set by hand is kept), and
// sinter-apply-kernels carries it out: tiling, fusion of producers and of the
// elementwise epilogue, vectorization, hoisting. Each strategy lives in its
// own file under Strategies/.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_CODEGEN_KERNELCONFIG_H
#define SINTER_COMPILER_CODEGEN_KERNELCONFIG_H

#include "compiler/Codegen/Target.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <string>

namespace sinter {

/// The op attribute holding a kernel configuration.
constexpr llvm::StringLiteral kKernelAttr = "sinter.kernel";

/// Marks the loops of a kernel over output tiles: their iterations write
/// disjoint parts of the output, so sinter-parallelize-kernels may run
/// them on several threads.
constexpr llvm::StringLiteral kParallelLoopAttr = "sinter.parallel";

/// The LLVM function attribute of the task functions that
/// sinter-parallelize-kernels outlines; object emission dispatches their
/// calls over the executor.
constexpr llvm::StringLiteral kParallelTaskAttr = "sinter-parallel-task";

/// A strategy and its tile sizes, one per loop of the op: `tiles` for the
/// parallel loops (0 leaves a loop whole), `reductionTiles` for the
/// reduction loops inside each tile (0 leaves a loop whole).
struct KernelConfig {
  std::string strategy;
  llvm::SmallVector<int64_t> tiles;
  llvm::SmallVector<int64_t> reductionTiles;

  mlir::DictionaryAttr toAttr(mlir::MLIRContext *context) const;
};

/// The configuration on `op`: nullopt when it has none; failure, with an
/// error on `op`, when it is malformed.
mlir::FailureOr<std::optional<KernelConfig>>
readKernelConfig(mlir::linalg::LinalgOp op);

/// Whether `op`'s body reads a tensor at computed positions (a gather at
/// run-time indices): such ops stay scalar loops, since their reads are not
/// contiguous and x86 code here never uses gathers.
bool readsAtComputedPositions(mlir::linalg::LinalgOp op);

struct KernelStrategy {
  llvm::StringLiteral name;
  /// A configuration for `op` on `target`, or nullopt when the strategy does
  /// not apply to it.
  std::optional<KernelConfig> (*select)(mlir::linalg::LinalgOp op,
                                        const TargetInfo &target);
  /// Rewrites `op` as `config` says; on failure the IR is unchanged and
  /// `op` carries an error.
  mlir::LogicalResult (*apply)(mlir::RewriterBase &rewriter,
                               mlir::linalg::LinalgOp op,
                               const KernelConfig &config);
  /// Whether the strategy computes the op's elementwise consumer (see
  /// getFusableEpilogue) inside its tiles, so that it needs no kernel of
  /// its own.
  bool fusesEpilogue = false;
  /// A GPU strategy: sinter-map-to-gpu carries it out on buffers (`apply`
  /// is null), its `tiles` are threads per block and need not divide their
  /// loops (the threads past the end do nothing).
  bool gpu = false;
};

/// Every CPU strategy, most specific first; the last one accepts any op.
llvm::ArrayRef<KernelStrategy> getKernelStrategies();
/// Every GPU strategy, most specific first; the last one accepts any op.
llvm::ArrayRef<KernelStrategy> getGpuKernelStrategies();
/// The CPU or GPU strategy called `name`, or null.
const KernelStrategy *lookupKernelStrategy(llvm::StringRef name);

// One per file in Strategies/.
KernelStrategy getConvDirectStrategy();
KernelStrategy getWinogradStrategy();
KernelStrategy getConvPointwiseStrategy();
KernelStrategy getDepthwiseConvStrategy();
KernelStrategy getGroupedConvStrategy();
KernelStrategy getMatmulStrategy();
KernelStrategy getPoolingStrategy();
KernelStrategy getReductionStrategy();
KernelStrategy getElementwiseStrategy();
KernelStrategy getLoopsStrategy();
KernelStrategy getGpuThreadsStrategy();

} // namespace sinter

#endif // SINTER_COMPILER_CODEGEN_KERNELCONFIG_H
