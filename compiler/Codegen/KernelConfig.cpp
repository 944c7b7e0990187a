//===- KernelConfig.cpp - per-op kernel strategies and tile sizes ---------===//

#include "compiler/Codegen/KernelConfig.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace sinter {

DictionaryAttr KernelConfig::toAttr(MLIRContext *context) const {
  Builder b(context);
  SmallVector<NamedAttribute> entries{
      b.getNamedAttr("strategy", b.getStringAttr(strategy))};
  if (!tiles.empty())
    entries.push_back(b.getNamedAttr("tiles", b.getDenseI64ArrayAttr(tiles)));
  if (!reductionTiles.empty())
    entries.push_back(b.getNamedAttr("reduction_tiles",
                                     b.getDenseI64ArrayAttr(reductionTiles)));
  return b.getDictionaryAttr(entries);
}

FailureOr<std::optional<KernelConfig>> readKernelConfig(linalg::LinalgOp op) {
  Attribute attr = op->getAttr(kKernelAttr);
  if (!attr)
    return std::optional<KernelConfig>();
  auto dict = dyn_cast<DictionaryAttr>(attr);
  auto name = dict ? dict.getAs<StringAttr>("strategy") : StringAttr();
  if (!name)
    return op.emitError() << "'" << kKernelAttr
                          << "' must be a dictionary with a 'strategy' string";
  KernelConfig config;
  config.strategy = name.str();
  const KernelStrategy *strategy = lookupKernelStrategy(config.strategy);
  if (!strategy)
    return op.emitError() << "unknown kernel strategy '" << config.strategy
                          << "'";
  // A GPU tile is a block of threads; those past the loop's end idle.
  bool mayOverhang = strategy->gpu;
  int64_t loops = op.getNumLoops();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  for (auto [field, tiles] :
       {std::pair<StringRef, SmallVector<int64_t> *>{"tiles", &config.tiles},
        {"reduction_tiles", &config.reductionTiles}}) {
    Attribute entry = dict.get(field);
    if (!entry)
      continue;
    auto values = dyn_cast<DenseI64ArrayAttr>(entry);
    if (!values || static_cast<int64_t>(values.size()) != loops)
      return op.emitError() << "'" << field << "' of kernel strategy '"
                            << config.strategy << "' must be an array<i64> "
                            << "with one entry per loop (" << loops << ")";
    for (auto [index, tile] : llvm::enumerate(values.asArrayRef())) {
      int64_t extent = extents[index];
      if (tile < 0 || (tile > 0 && !mayOverhang &&
                       !ShapedType::isDynamic(extent) && extent % tile != 0))
        return op.emitError()
               << "'" << field << "' entry " << index << " (" << tile
               << ") must be 0 (whole loop) or divide the loop's extent "
               << extent;
    }
    tiles->assign(values.asArrayRef().begin(), values.asArrayRef().end());
  }
  return std::optional<KernelConfig>(std::move(config));
}

bool readsAtComputedPositions(linalg::LinalgOp op) {
  return op->walk([](tensor::ExtractOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

ArrayRef<KernelStrategy> getKernelStrategies() {
  static const SmallVector<KernelStrategy> strategies = {
      getConvPointwiseStrategy(), getWinogradStrategy(),
      getConvDirectStrategy(),
      getDepthwiseConvStrategy(), getGroupedConvStrategy(),
      getMatmulStrategy(),        getPoolingStrategy(),
      getReductionStrategy(),     getElementwiseStrategy(),
      getLoopsStrategy(),
  };
  return strategies;
}

ArrayRef<KernelStrategy> getGpuKernelStrategies() {
  static const SmallVector<KernelStrategy> strategies = {
      getGpuThreadsStrategy(),
  };
  return strategies;
}

const KernelStrategy *lookupKernelStrategy(StringRef name) {
  for (ArrayRef<KernelStrategy> strategies :
       {getKernelStrategies(), getGpuKernelStrategies()})
    for (const KernelStrategy &strategy : strategies)
      if (strategy.name == name)
        return &strategy;
  return nullptr;
}

} // namespace sinter
