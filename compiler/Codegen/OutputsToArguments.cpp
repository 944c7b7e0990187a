//===- OutputsToArguments.cpp - results into caller-provided tensors ------===//

#include "compiler/Codegen/Passes.h"

namespace sinter {
#define GEN_PASS_DEF_OUTPUTSTOARGUMENTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

struct OutputsToArgumentsPass
    : impl::OutputsToArgumentsBase<OutputsToArgumentsPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    auto returnOp = cast<func::ReturnOp>(function.getBody().back().getTerminator());
    Block &entry = function.getBody().front();
    FunctionType type = function.getFunctionType();
    // Tensors become caller-provided outputs; a scalar (the status of
    // run-time checks) stays a result.
    auto isOutput = [](Type t) { return isa<RankedTensorType>(t); };
    if (llvm::any_of(type.getResults(), [&](Type t) {
          return !isOutput(t) && !t.isSignlessInteger(32);
        })) {
      function.emitError("results must be ranked tensors or an i32 status");
      return signalPassFailure();
    }
    OpBuilder builder(returnOp);
    MLIRContext *context = &getContext();
    auto writable = [&](bool value) {
      return NamedAttribute(StringAttr::get(context, "bufferization.writable"),
                            BoolAttr::get(context, value));
    };

    SmallVector<Type> argumentTypes(type.getInputs()), resultTypes;
    SmallVector<Value> results;
    for (auto [index, resultType] : llvm::enumerate(type.getResults())) {
      if (!isOutput(resultType)) {
        resultTypes.push_back(resultType);
        results.push_back(returnOp.getOperand(index));
        continue;
      }
      BlockArgument output = entry.addArgument(resultType, function.getLoc());
      argumentTypes.push_back(resultType);
      bufferization::MaterializeInDestinationOp::create(
          builder, returnOp.getLoc(), returnOp.getOperand(index), output);
    }
    // The attribute lists are built once: setting one argument's
    // attributes rebuilds the whole list.
    SmallVector<DictionaryAttr> argumentAttrs, resultAttrs;
    function.getAllArgAttrs(argumentAttrs);
    function.getAllResultAttrs(resultAttrs);
    auto withWritable = [&](DictionaryAttr attrs, bool value) {
      NamedAttrList list(attrs);
      list.set(writable(value).getName(), writable(value).getValue());
      return list.getDictionary(context);
    };
    for (DictionaryAttr &attrs : argumentAttrs)
      attrs = withWritable(attrs, false);
    for (auto [attrs, resultType] : llvm::zip(resultAttrs, type.getResults()))
      if (isOutput(resultType))
        argumentAttrs.push_back(withWritable(attrs, true));
    function.setType(FunctionType::get(context, argumentTypes, resultTypes));
    function.removeResAttrsAttr();
    function.setAllArgAttrs(argumentAttrs);
    func::ReturnOp::create(builder, returnOp.getLoc(), results);
    returnOp.erase();
  }
};

} // namespace
} // namespace sinter
