//===- ReleaseDeadWeights.cpp - free unreferenced resource blobs ----------===//

#include "compiler/Codegen/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"

namespace sinter {
#define GEN_PASS_DEF_RELEASEDEADWEIGHTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {

std::pair<size_t, size_t> releaseDeadWeights(ModuleOp module) {
  llvm::StringSet<> referenced;
  module->walk([&](Operation *op) {
    op->getAttrDictionary().walk([&](DenseResourceElementsAttr attr) {
      referenced.insert(attr.getRawHandle().getKey());
    });
  });
  DialectResourceBlobManager &blobs =
      DenseResourceElementsHandle::getManagerInterface(module.getContext())
          .getBlobManager();
  SmallVector<std::string> dead;
  size_t bytes = 0;
  blobs.getBlobMap(
      [&](const llvm::StringMap<DialectResourceBlobManager::BlobEntry> &entries) {
        for (const auto &entry : entries)
          if (entry.getValue().getBlob() &&
              !entry.getValue().getBlob()->getData().empty() &&
              !referenced.contains(entry.getKey())) {
            dead.push_back(entry.getKey().str());
            bytes += entry.getValue().getBlob()->getData().size();
          }
      });
  for (const std::string &name : dead)
    blobs.update(name, AsmResourceBlob());
  return {dead.size(), bytes};
}

namespace {

struct ReleaseDeadWeightsPass
    : impl::ReleaseDeadWeightsBase<ReleaseDeadWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    auto [count, bytes] = releaseDeadWeights(getOperation());
    if (report)
      emitRemark(getOperation().getLoc())
          << "released " << count << " weights (" << bytes << " bytes)";
  }
};

} // namespace
} // namespace sinter
