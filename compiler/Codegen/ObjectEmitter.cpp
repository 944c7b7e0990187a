//===- ObjectEmitter.cpp - LLVM dialect to native code --------------------===//

#include "compiler/Codegen/ObjectEmitter.h"
#include "compiler/Codegen/KernelConfig.h"
#include "compiler/Codegen/Target.h"
#include "sinter/sinter.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"

#include <cstddef>

using namespace llvm;

namespace sinter {
namespace {

/// Emits the constant tables behind <prefix>_info().
Constant *emitTensorTable(Module &module, StringRef symbol,
                          const std::vector<TensorSignature> &tensors,
                          StructType *tensorInfoType) {
  LLVMContext &context = module.getContext();
  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *ptr = PointerType::getUnqual(context);
  SmallVector<Constant *> entries;
  for (auto [index, tensor] : llvm::enumerate(tensors)) {
    Constant *name = IRBuilder<>(context).CreateGlobalString(
        tensor.name, (symbol + ".name." + Twine(index)).str(), 0, &module);
    SmallVector<Constant *> dims;
    for (int64_t dim : tensor.shape)
      dims.push_back(ConstantInt::get(i64, dim));
    auto *shapeType = ArrayType::get(i64, dims.size());
    auto *shape = new GlobalVariable(
        module, shapeType, /*isConstant=*/true, GlobalValue::PrivateLinkage,
        ConstantArray::get(shapeType, dims), symbol + ".shape." + Twine(index));
    entries.push_back(ConstantStruct::get(
        tensorInfoType,
        {name, ConstantInt::get(i32, tensor.dtype),
         ConstantInt::get(i32, tensor.shape.size()), shape}));
  }
  auto *arrayType = ArrayType::get(tensorInfoType, entries.size());
  if (entries.empty())
    return ConstantPointerNull::get(ptr);
  return new GlobalVariable(module, arrayType, /*isConstant=*/true,
                            GlobalValue::PrivateLinkage,
                            ConstantArray::get(arrayType, entries), symbol);
}

/// A function `(ptr inputs, ptr outputs, ptr workspace, ptr executor, ptr
/// weights)` with the body of `kernel`, whose arguments are the input
/// pointers, the output pointers, the workspace, the weights when
/// `hasWeights` and the executor: each use of an input or output pointer
/// reads it from its array right there. Passing thousands of pointers as
/// arguments keeps them all live at once, and register allocation then
/// takes time quadratic in their number. The reads are volatile so that
/// LLVM does not merge them back into one read at the top.
Function *takePointerArrays(Function &kernel, size_t numInputs,
                            size_t numOutputs, bool hasWeights) {
  LLVMContext &context = kernel.getContext();
  auto *ptr = PointerType::getUnqual(context);
  auto *arrays = Function::Create(
      FunctionType::get(kernel.getReturnType(), {ptr, ptr, ptr, ptr, ptr}, false),
      GlobalValue::InternalLinkage, kernel.getName() + ".arrays",
      kernel.getParent());
  arrays->copyAttributesFrom(&kernel);
  arrays->splice(arrays->begin(), &kernel);
  // The trailing arguments: the executor (sinter-parallelize-kernels'), the
  // weights (sinter-externalize-weights') before it, the workspace before
  // them.
  size_t executorIndex = kernel.arg_size() - 1;
  size_t weightsIndex = hasWeights ? executorIndex - 1 : executorIndex;
  for (Argument &argument : kernel.args()) {
    size_t index = argument.getArgNo();
    if (index == executorIndex) {
      argument.replaceAllUsesWith(arrays->getArg(3));
      continue;
    }
    if (index == weightsIndex) {
      argument.replaceAllUsesWith(arrays->getArg(4));
      continue;
    }
    if (index >= numInputs + numOutputs) {
      argument.replaceAllUsesWith(arrays->getArg(2));
      continue;
    }
    Argument *array = arrays->getArg(index < numInputs ? 0 : 1);
    size_t slot = index < numInputs ? index : index - numInputs;
    for (Use &use : llvm::make_early_inc_range(argument.uses())) {
      auto *user = cast<Instruction>(use.getUser());
      Instruction *before = user;
      if (auto *phi = dyn_cast<PHINode>(user))
        before = phi->getIncomingBlock(use)->getTerminator();
      IRBuilder<> builder(before);
      Value *address = builder.CreateConstInBoundsGEP1_64(ptr, array, slot);
      use.set(builder.CreateLoad(ptr, address, /*isVolatile=*/true));
    }
  }
  kernel.eraseFromParent();
  return arrays;
}

/// The x86 features of SINTER_X86_FEATURES that `target` generates code
/// for, comma-separated: those its CPU implies and those given explicitly.
/// Empty for other architectures.
std::string requiredCpuFeatures(TargetMachine &target) {
  if (!target.getTargetTriple().isX86())
    return "";
  const MCSubtargetInfo &subtarget = *target.getMCSubtargetInfo();
  std::string features;
  auto add = [&](StringRef name) {
    for (const SubtargetFeatureKV &feature : subtarget.getAllProcessorFeatures())
      if (feature.Key == name && subtarget.getFeatureBits().test(feature.Value)) {
        features += (features.empty() ? "" : ",") + name.str();
        return;
      }
  };
#define SINTER_ADD_FEATURE(name) add(name);
  SINTER_X86_FEATURES(SINTER_ADD_FEATURE)
#undef SINTER_ADD_FEATURE
  return features;
}

/// Entry points are compiled for the architecture's baseline, so that the
/// CPU-feature check runs on any CPU; the kernels they call keep the
/// target's features (and are not inlined into them, whose features differ).
void compileForBaseline(Function &function, TargetMachine &target) {
  if (!target.getTargetTriple().isX86())
    return;
  function.addFnAttr("target-cpu", "x86-64");
  function.addFnAttr("target-features", "");
}

} // namespace

Constant *emitModelInfo(Module &module, const ModelSignature &signature,
                        const EntryPointSpec &spec, StringRef features) {
  LLVMContext &context = module.getContext();
  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *ptr = PointerType::getUnqual(context);
  StringRef prefix = spec.prefix;

  // sinter_tensor_info and sinter_model_info.
  auto *tensorInfoType = StructType::create(
      context, {ptr, i32, i32, ptr}, "sinter_tensor_info");
  auto *modelInfoType = StructType::create(
      context, {i32, i32, i32, i32, i64, ptr, ptr, ptr, ptr, i64, i64},
      "sinter_model_info");
  Constant *inputs = emitTensorTable(module, (prefix + ".inputs").str(),
                                     signature.inputs, tensorInfoType);
  Constant *outputs = emitTensorTable(module, (prefix + ".outputs").str(),
                                      signature.outputs, tensorInfoType);
  Constant *name = IRBuilder<>(context).CreateGlobalString(
      prefix, (prefix + ".name").str(), 0, &module);
  Constant *featureList = IRBuilder<>(context).CreateGlobalString(
      features, (prefix + ".cpu_features").str(), 0, &module);
  auto *info = new GlobalVariable(
      module, modelInfoType, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantStruct::get(
          modelInfoType,
          {ConstantInt::get(i32, SINTER_ABI_VERSION),
           ConstantInt::get(i32, signature.inputs.size()),
           ConstantInt::get(i32, signature.outputs.size()),
           ConstantInt::get(i32, 0), ConstantInt::get(i64, spec.workspaceSize),
           name, inputs, outputs, featureList,
           ConstantInt::get(i64, spec.weightsSize),
           ConstantInt::get(i64, spec.weightsFingerprint)}),
      (prefix + ".info").str());

  auto *infoFn = Function::Create(FunctionType::get(ptr, false),
                                  GlobalValue::ExternalLinkage,
                                  prefix + "_info", module);
  IRBuilder<> builder(BasicBlock::Create(context, "entry", infoFn));
  builder.CreateRet(info);

  auto *sizeFn = Function::Create(FunctionType::get(i64, false),
                                  GlobalValue::ExternalLinkage,
                                  prefix + "_workspace_size", module);
  builder.SetInsertPoint(BasicBlock::Create(context, "entry", sizeFn));
  builder.CreateRet(ConstantInt::get(i64, spec.workspaceSize));
  return featureList;
}

namespace {

/// Names the arguments of an entry point as sinter.h does.
void nameArguments(Function &function, ArrayRef<StringRef> names) {
  for (auto [argument, name] : llvm::zip_equal(function.args(), names))
    argument.setName(name);
}

/// Branches to `failure` unless the low bits of `pointer` are zero.
void checkAligned(IRBuilder<> &builder, Value *pointer, uint64_t alignment,
                  BasicBlock *failure, const Twine &name) {
  LLVMContext &context = builder.getContext();
  Function *function = builder.GetInsertBlock()->getParent();
  auto *aligned = BasicBlock::Create(context, name, function);
  Value *low = builder.CreateAnd(
      builder.CreatePtrToInt(pointer, builder.getInt64Ty()), alignment - 1);
  builder.CreateCondBr(builder.CreateICmpEQ(low, builder.getInt64(0)), aligned,
                       failure);
  builder.SetInsertPoint(aligned);
}

/// Returns `status` from a new block of `function`.
BasicBlock *statusExit(Function *function, int status, const Twine &name) {
  LLVMContext &context = function->getContext();
  auto *exit = BasicBlock::Create(context, name, function);
  IRBuilder<>(exit).CreateRet(
      ConstantInt::get(Type::getInt32Ty(context), status));
  return exit;
}

/// <prefix>_run_with_weights: checks the CPU (against `featureList`, when
/// there is one), the weights, every pointer and the workspace's
/// alignment, then calls the kernel.
Function *emitRunWithWeights(Module &module, Function &kernel,
                             const ModelSignature &signature,
                             const EntryPointSpec &spec, Constant *featureList,
                             TargetMachine &target) {
  LLVMContext &context = module.getContext();
  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *ptr = PointerType::getUnqual(context);
  auto *runFn = Function::Create(
      FunctionType::get(i32, {ptr, ptr, ptr, ptr, ptr}, false),
      GlobalValue::ExternalLinkage, spec.prefix + "_run_with_weights", module);
  compileForBaseline(*runFn, target);
  nameArguments(*runFn,
                {"weights", "executor", "inputs", "outputs", "workspace"});
  Argument *weights = runFn->getArg(0), *executor = runFn->getArg(1),
           *inputArray = runFn->getArg(2), *outputArray = runFn->getArg(3),
           *workspace = runFn->getArg(4);
  IRBuilder<> builder(BasicBlock::Create(context, "entry", runFn));
  BasicBlock *nullExit =
      statusExit(runFn, SINTER_ERROR_NULL_POINTER, "null_pointer");

  // In an object, linked with the runtime; a shared library is checked by
  // sinter_load instead, and needs no runtime symbol.
  if (spec.checkCpuInRun && featureList) {
    FunctionCallee check = module.getOrInsertFunction(
        "sinter_check_cpu_features", FunctionType::get(i32, {ptr, ptr, i64}, false));
    Value *status = builder.CreateCall(
        check, {featureList, ConstantPointerNull::get(ptr), ConstantInt::get(i64, 0)});
    auto *supported = BasicBlock::Create(context, "cpu_supported", runFn);
    auto *unsupported = BasicBlock::Create(context, "cpu_unsupported", runFn);
    builder.CreateCondBr(builder.CreateIsNull(status), supported, unsupported);
    builder.SetInsertPoint(unsupported);
    builder.CreateRet(status);
    builder.SetInsertPoint(supported);
  }
  auto checkNotNull = [&](Value *pointer, const Twine &name,
                          BasicBlock *failure) {
    auto *next = BasicBlock::Create(context, name, runFn);
    builder.CreateCondBr(builder.CreateIsNull(pointer), failure, next);
    builder.SetInsertPoint(next);
  };
  // First the weights: P_run and P_run_parallel of a model without them
  // say so whatever else they are given.
  if (spec.weightsSize > 0) {
    BasicBlock *noWeights = statusExit(runFn, SINTER_ERROR_WEIGHTS, "no_weights");
    checkNotNull(weights, "weights_given", noWeights);
    checkAligned(builder, weights, SINTER_WEIGHTS_ALIGNMENT, noWeights,
                 "weights_aligned");
  }
  // A model without inputs (a constant) reads no input array; the caller
  // may pass NULL for it.
  if (!signature.inputs.empty())
    checkNotNull(inputArray, "inputs_given", nullExit);
  if (!signature.outputs.empty())
    checkNotNull(outputArray, "outputs_given", nullExit);
  // A loop over each array: its code does not grow with the model's
  // number of inputs and outputs. A tensor without elements may be NULL
  // (an allocation of 0 bytes); an array holding one is checked entry by
  // entry, skipping those.
  auto checkArray = [&](Value *array, ArrayRef<TensorSignature> tensors,
                        StringRef kind) {
    auto isEmpty = [](const TensorSignature &tensor) {
      return llvm::is_contained(tensor.shape, 0);
    };
    if (tensors.empty())
      return;
    if (llvm::any_of(tensors, isEmpty)) {
      for (auto [index, tensor] : llvm::enumerate(tensors))
        if (!isEmpty(tensor))
          checkNotNull(builder.CreateLoad(
                           ptr, builder.CreateConstInBoundsGEP1_64(ptr, array, index)),
                       kind + "_" + Twine(index) + "_given", nullExit);
      return;
    }
    BasicBlock *before = builder.GetInsertBlock();
    auto *loop = BasicBlock::Create(context, kind + "_check", runFn);
    auto *done = BasicBlock::Create(context, kind + "_given", runFn);
    builder.CreateBr(loop);
    builder.SetInsertPoint(loop);
    PHINode *index = builder.CreatePHI(i64, 2, kind + "_index");
    index->addIncoming(ConstantInt::get(i64, 0), before);
    Value *pointer = builder.CreateLoad(
        ptr, builder.CreateInBoundsGEP(ptr, array, index), kind);
    auto *next = BasicBlock::Create(context, kind + "_next", runFn);
    builder.CreateCondBr(builder.CreateIsNull(pointer), nullExit, next);
    builder.SetInsertPoint(next);
    Value *following = builder.CreateAdd(index, ConstantInt::get(i64, 1));
    index->addIncoming(following, next);
    builder.CreateCondBr(
        builder.CreateICmpEQ(following, ConstantInt::get(i64, tensors.size())),
        done, loop);
    builder.SetInsertPoint(done);
  };
  checkArray(inputArray, signature.inputs, "input");
  checkArray(outputArray, signature.outputs, "output");
  if (spec.workspaceSize > 0) {
    checkNotNull(workspace, "workspace_given", nullExit);
    checkAligned(builder, workspace, SINTER_WORKSPACE_ALIGNMENT,
                 statusExit(runFn, SINTER_ERROR_MISALIGNED_WORKSPACE, "misaligned"),
                 "workspace_aligned");
  }
  Function *arrays =
      takePointerArrays(kernel, signature.inputs.size(),
                        signature.outputs.size(), spec.weightsSize > 0);
  // A kernel with run-time checks returns their status (a sinter_status).
  CallInst *status = builder.CreateCall(
      arrays, {inputArray, outputArray, workspace, executor, weights});
  if (status->getType()->isVoidTy())
    builder.CreateRet(ConstantInt::get(i32, SINTER_OK));
  else
    builder.CreateRet(builder.CreateSExtOrTrunc(status, i32));
  return runFn;
}

/// <prefix>_run_parallel and <prefix>_run: `withWeights` without weights
/// (a model that embeds them), and without an executor.
void emitRunWithoutWeights(Module &module, Function *withWeights,
                           const EntryPointSpec &spec, TargetMachine &target) {
  LLVMContext &context = module.getContext();
  auto *i32 = Type::getInt32Ty(context);
  auto *ptr = PointerType::getUnqual(context);
  Constant *null = ConstantPointerNull::get(ptr);
  auto *parallelFn = Function::Create(
      FunctionType::get(i32, {ptr, ptr, ptr, ptr}, false),
      GlobalValue::ExternalLinkage, spec.prefix + "_run_parallel", module);
  compileForBaseline(*parallelFn, target);
  nameArguments(*parallelFn, {"executor", "inputs", "outputs", "workspace"});
  IRBuilder<> builder(BasicBlock::Create(context, "entry", parallelFn));
  builder.CreateRet(builder.CreateCall(
      withWeights, {null, parallelFn->getArg(0), parallelFn->getArg(1),
                    parallelFn->getArg(2), parallelFn->getArg(3)}));

  auto *serialFn = Function::Create(
      FunctionType::get(i32, {ptr, ptr, ptr}, false),
      GlobalValue::ExternalLinkage, spec.prefix + "_run", module);
  compileForBaseline(*serialFn, target);
  nameArguments(*serialFn, {"inputs", "outputs", "workspace"});
  builder.SetInsertPoint(BasicBlock::Create(context, "entry", serialFn));
  builder.CreateRet(builder.CreateCall(
      withWeights, {null, null, serialFn->getArg(0), serialFn->getArg(1),
                    serialFn->getArg(2)}));
}

void emitAbi(Module &module, Function &kernel, const ModelSignature &signature,
             const EntryPointSpec &spec, TargetMachine &target) {
  std::string features = requiredCpuFeatures(target);
  Constant *featureList = emitModelInfo(module, signature, spec, features);
  Function *withWeights = emitRunWithWeights(
      module, kernel, signature, spec, features.empty() ? nullptr : featureList,
      target);
  emitRunWithoutWeights(module, withWeights, spec, target);
}

/// Calls `task` (begin, end, executor, captured...) with `executor`'s
/// context and [begin, end) from a sinter_task_fn: the captured values
/// come from the struct `task` points to.
Function *emitTrampoline(Function &task, StructType *captures) {
  LLVMContext &context = task.getContext();
  auto *ptr = PointerType::getUnqual(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *trampoline = Function::Create(
      FunctionType::get(Type::getVoidTy(context), {ptr, i64, i64}, false),
      GlobalValue::InternalLinkage, task.getName() + ".trampoline",
      task.getParent());
  IRBuilder<> builder(BasicBlock::Create(context, "entry", trampoline));
  SmallVector<Value *> arguments{trampoline->getArg(1), trampoline->getArg(2),
                                 ConstantPointerNull::get(ptr)};
  for (unsigned field = 0; field < captures->getNumElements(); ++field)
    arguments.push_back(builder.CreateLoad(
        captures->getElementType(field),
        builder.CreateStructGEP(captures, trampoline->getArg(0), field)));
  builder.CreateCall(&task, arguments);
  builder.CreateRetVoid();
  return trampoline;
}

/// Turns each call of a task function (sinter-parallelize-kernels) into
/// one parallel_for of the call's executor over its iterations when the
/// executor has more than one thread, and leaves it a plain call otherwise.
void dispatchParallelTasks(Module &module) {
  LLVMContext &context = module.getContext();
  auto *ptr = PointerType::getUnqual(context);
  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  for (Function &task : module) {
    if (!task.hasFnAttribute(kParallelTaskAttr))
      continue;
    SmallVector<Type *> fields(task.getFunctionType()->params().drop_front(3));
    auto *captures = StructType::get(context, fields);
    Function *trampoline = emitTrampoline(task, captures);
    SmallVector<CallInst *> calls;
    for (User *user : task.users())
      if (auto *call = dyn_cast<CallInst>(user);
          call && call->getCalledFunction() == &task &&
          call->getFunction() != trampoline)
        calls.push_back(call);
    for (CallInst *call : calls) {
      Function *caller = call->getFunction();
      IRBuilder<> entry(&caller->getEntryBlock(),
                        caller->getEntryBlock().getFirstInsertionPt());
      Value *frame = entry.CreateAlloca(captures, nullptr, "task_captures");
      BasicBlock *before = call->getParent();
      BasicBlock *after = before->splitBasicBlock(call, "task_done");
      before->getTerminator()->eraseFromParent();
      IRBuilder<> builder(before);
      Value *executor = call->getArgOperand(2);
      auto *given = BasicBlock::Create(context, "task_executor", caller, after);
      auto *parallel = BasicBlock::Create(context, "task_parallel", caller, after);
      auto *serial = BasicBlock::Create(context, "task_serial", caller, after);
      builder.CreateCondBr(builder.CreateIsNull(executor), serial, given);
      builder.SetInsertPoint(given);
      Value *threads = builder.CreateLoad(
          i32, builder.CreateConstInBoundsGEP1_64(
                   Type::getInt8Ty(context), executor,
                   offsetof(sinter_executor, threads)));
      builder.CreateCondBr(builder.CreateICmpSGT(threads, ConstantInt::get(i32, 1)),
                           parallel, serial);

      builder.SetInsertPoint(parallel);
      for (unsigned field = 0; field < fields.size(); ++field)
        builder.CreateStore(call->getArgOperand(3 + field),
                            builder.CreateStructGEP(captures, frame, field));
      auto *parallelFor = FunctionType::get(Type::getVoidTy(context),
                                            {ptr, i64, ptr, ptr}, false);
      Value *function = builder.CreateLoad(
          ptr, builder.CreateConstInBoundsGEP1_64(
                   Type::getInt8Ty(context), executor,
                   offsetof(sinter_executor, parallel_for)));
      Value *executorContext = builder.CreateLoad(
          ptr, builder.CreateConstInBoundsGEP1_64(
                   Type::getInt8Ty(context), executor,
                   offsetof(sinter_executor, context)));
      Value *count =
          builder.CreateSub(call->getArgOperand(1), call->getArgOperand(0));
      builder.CreateCall(parallelFor, function,
                         {executorContext, count, trampoline, frame});
      builder.CreateBr(after);

      builder.SetInsertPoint(serial);
      call->removeFromParent();
      builder.Insert(call);
      builder.CreateBr(after);
    }
  }
}

/// LLVM's O3 pipeline for `target`, without loop unrolling: the kernels
/// arrive unrolled as far as their registers allow, and unrolling their
/// window loops again (3x3 and more) multiplied code size and compile time
/// (ResNet-50: 26 s in LLVM) for no speed.
void optimizeModule(Module &module, TargetMachine &target) {
  LoopAnalysisManager loops;
  FunctionAnalysisManager functions;
  CGSCCAnalysisManager sccs;
  ModuleAnalysisManager modules;
  PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  PassBuilder builder(&target, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  builder.buildPerModuleDefaultPipeline(OptimizationLevel::O3)
      .run(module, modules);
}

} // namespace

Expected<std::unique_ptr<Module>>
buildLLVMModule(mlir::ModuleOp module, LLVMContext &context,
                const ModelSignature &signature, const EntryPointSpec &spec,
                TargetMachine &target) {
  // sinter's argument attributes mean nothing to LLVM.
  module.walk([](mlir::LLVM::LLVMFuncOp function) {
    function.removeArgAttrsAttr();
  });
  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, spec.prefix);
  if (!llvmModule)
    return createStringError("translation to LLVM IR failed");
  llvmModule->setTargetTriple(target.getTargetTriple());
  llvmModule->setDataLayout(target.createDataLayout());

  // The kernels use the widest vectors on purpose: keep LLVM from splitting
  // them on CPUs that prefer narrower ones for auto-vectorized code.
  if (target.getTargetTriple().isX86()) {
    int64_t bits =
        vectorBitsOf(target.getTargetTriple(), *target.getMCSubtargetInfo());
    for (Function &function : *llvmModule)
      if (!function.isDeclaration()) {
        function.addFnAttr("prefer-vector-width", std::to_string(bits));
        function.addFnAttr("min-legal-vector-width", std::to_string(bits));
      }
  }

  Function *kernel = llvmModule->getFunction("main");
  if (!kernel)
    return createStringError("the lowered module has no @main kernel");
  kernel->setName(spec.prefix + "_kernel");
  kernel->setLinkage(GlobalValue::InternalLinkage);
  // The kernels sinter-outline-kernels moved out of @main stay out of line:
  // inlined back, they would make one function again, whose optimization
  // time grows faster than its size.
  for (Function &function : *llvmModule)
    if (!function.isDeclaration() && &function != kernel) {
      function.setLinkage(GlobalValue::InternalLinkage);
      function.addFnAttr(Attribute::NoInline);
    }
  dispatchParallelTasks(*llvmModule);
  emitAbi(*llvmModule, *kernel, signature, spec, target);
  if (verifyModule(*llvmModule, &errs()))
    return createStringError("the generated LLVM IR does not verify");

  optimizeModule(*llvmModule, target);
  return llvmModule;
}

Error emitObjectFile(Module &module, TargetMachine &target,
                     raw_pwrite_stream &os) {
  legacy::PassManager passes;
  if (target.addPassesToEmitFile(passes, os, nullptr,
                                 CodeGenFileType::ObjectFile))
    return createStringError("the target cannot emit object files");
  passes.run(module);
  return Error::success();
}

} // namespace sinter
