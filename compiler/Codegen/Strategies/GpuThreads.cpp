//===- GpuThreads.cpp - one GPU thread per output element -----------------===//
//
// Any op on an NVIDIA GPU: its leading parallel loops are spread over the
// threads of a block and the blocks of a grid, one output element per
// thread, and every other loop (reductions, and parallel loops behind a
// reduction) runs whole inside each thread. `tiles` holds the threads per
// block along each leading parallel loop (0 elsewhere): up to 256 in all,
// given to the innermost loops first, so that neighbouring threads touch
// neighbouring elements and their loads and stores coalesce. A tile need
// not divide its loop; sinter-map-to-gpu guards the threads past the end.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/KernelConfig.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace sinter {
namespace {

/// Threads per block: enough for the scheduler to hide memory latency,
/// few enough that every kernel fits the register file at one block per
/// multiprocessor.
constexpr int64_t kThreadsPerBlock = 256;

std::optional<KernelConfig> selectGpuThreads(linalg::LinalgOp op,
                                             const TargetInfo &) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  size_t leading = 0;
  while (leading < iterators.size() &&
         iterators[leading] == utils::IteratorType::parallel)
    ++leading;
  SmallVector<int64_t> threads(iterators.size(), 0);
  int64_t budget = kThreadsPerBlock;
  for (size_t loop = leading; loop-- > 0 && budget > 1;) {
    int64_t extent = extents[loop];
    if (ShapedType::isDynamic(extent))
      break;
    threads[loop] =
        std::min<int64_t>(llvm::PowerOf2Ceil(std::max<int64_t>(extent, 1)),
                          budget);
    budget /= threads[loop];
  }
  return KernelConfig{"gpu-threads", threads, {}};
}

} // namespace

KernelStrategy getGpuThreadsStrategy() {
  return {"gpu-threads", selectGpuThreads, /*apply=*/nullptr,
          /*fusesEpilogue=*/false, /*gpu=*/true};
}

} // namespace sinter
