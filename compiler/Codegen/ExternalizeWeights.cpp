//===- ExternalizeWeights.cpp - constant buffers from a weights argument --===//

#include "compiler/Codegen/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

namespace sinter {
#define GEN_PASS_DEF_EXTERNALIZEWEIGHTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

struct Weight {
  memref::GlobalOp global;
  int64_t offset = 0;
  int64_t bytes = 0;
};

/// Writes the value of `weight` to `destination` as the object would have
/// held it: little-endian elements, one byte per i1.
LogicalResult copyValue(const Weight &weight, char *destination) {
  memref::GlobalOp global = weight.global;
  Attribute value = *global.getInitialValue();
  int64_t elementBytes = storedElementBytes(global.getType().getElementType());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || static_cast<int64_t>(blob->getData().size()) != weight.bytes)
      return global.emitError("the data of this weight is missing or not ")
             << weight.bytes << " bytes";
    std::memcpy(destination, blob->getData().data(), weight.bytes);
    return success();
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return global.emitError("cannot store a weight given as ") << value;
  if (dense.getElementType().isInteger(1)) {
    for (bool element : dense.getValues<bool>())
      *destination++ = element;
    return success();
  }
  ArrayRef<char> raw = dense.getRawData();
  if (dense.isSplat()) {
    for (int64_t at = 0; at < weight.bytes; at += elementBytes)
      std::memcpy(destination + at, raw.data(), elementBytes);
    return success();
  }
  if (static_cast<int64_t>(raw.size()) != weight.bytes)
    return global.emitError("the data of this weight is not ")
           << weight.bytes << " bytes";
  std::memcpy(destination, raw.data(), weight.bytes);
  return success();
}

struct ExternalizeWeightsPass
    : impl::ExternalizeWeightsBase<ExternalizeWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    SymbolTable symbols(module);

    // The constant globals the public functions read, in order of first
    // use, and where each goes in the array.
    llvm::MapVector<Operation *, Weight> weights;
    SmallVector<std::pair<memref::GetGlobalOp, Operation *>> reads;
    int64_t size = 0;
    WalkResult walk = module.walk([&](memref::GetGlobalOp read) {
      auto global = symbols.lookup<memref::GlobalOp>(read.getName());
      if (!global || !global.getConstant() || !global.getInitialValue())
        return WalkResult::advance();
      auto function = read->getParentOfType<func::FuncOp>();
      if (!function || function.isPrivate()) {
        read.emitError("cannot read a weight from the weights argument "
                       "outside a public function");
        return WalkResult::interrupt();
      }
      MemRefType type = global.getType();
      int64_t elementBytes = storedElementBytes(type.getElementType());
      if (!elementBytes || !type.hasStaticShape()) {
        global.emitError("cannot store a weight of type ") << type;
        return WalkResult::interrupt();
      }
      reads.push_back({read, global});
      auto [entry, inserted] = weights.insert({global, Weight{global}});
      if (inserted) {
        entry->second.offset = llvm::alignTo(size, alignment);
        entry->second.bytes = type.getNumElements() * elementBytes;
        size = entry->second.offset + entry->second.bytes;
      }
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    if (weights.empty())
      return;

    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(size, alignment);
    MutableArrayRef<char> bytes = blob.getMutableData();
    std::memset(bytes.data(), 0, size);
    for (const auto &[op, weight] : weights)
      if (failed(copyValue(weight, bytes.data() + weight.offset)))
        return signalPassFailure();

    auto arrayType = MemRefType::get({size}, IntegerType::get(context, 8));
    llvm::DenseMap<Operation *, Value> weightArguments;
    for (auto function : module.getOps<func::FuncOp>()) {
      if (function.isPrivate() || function.isExternal())
        continue;
      unsigned index = function.getNumArguments();
      if (failed(function.insertArgument(
              index, arrayType,
              DictionaryAttr::get(context, {NamedAttribute(kWeightsAttr,
                                                           UnitAttr::get(context))}),
              function.getLoc())))
        return signalPassFailure();
      weightArguments[function] = function.getArgument(index);
    }
    for (auto [read, global] : reads) {
      const Weight &weight = weights.find(global)->second;
      OpBuilder builder(read);
      Value offset =
          arith::ConstantIndexOp::create(builder, read.getLoc(), weight.offset);
      Value view = memref::ViewOp::create(
          builder, read.getLoc(), read.getType(),
          weightArguments.lookup(read->getParentOfType<func::FuncOp>()), offset,
          ValueRange{});
      read.replaceAllUsesWith(view);
      read.erase();
    }
    for (auto &entry : weights)
      if (SymbolTable::symbolKnownUseEmpty(entry.second.global, module))
        entry.second.global.erase();

    module->setAttr(kWeightsAttr,
                    DenseResourceElementsAttr::get(
                        RankedTensorType::get({size}, IntegerType::get(context, 8)),
                        "sinter_weights", std::move(blob)));
  }
};

} // namespace
ArrayRef<char> getWeightsArray(ModuleOp module) {
  if (auto array = module->getAttrOfType<DenseResourceElementsAttr>(kWeightsAttr))
    if (AsmResourceBlob *blob = array.getRawHandle().getBlob())
      return blob->getData();
  return {};
}

} // namespace sinter
