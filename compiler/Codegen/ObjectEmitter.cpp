//===- ObjectEmitter.cpp - LLVM dialect to native code --------------------===//

#include "compiler/Codegen/ObjectEmitter.h"
#include "compiler/Codegen/Target.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"

using namespace llvm;

namespace sinter {
namespace {

constexpr uint32_t kAbiVersion = 1;
constexpr uint64_t kWorkspaceAlignment = 64;
enum Status : int32_t { kOk = 0, kNullPointer = 1, kMisalignedWorkspace = 2 };

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

void emitAbi(Module &module, Function &kernel, const ModelSignature &signature,
             StringRef prefix, uint64_t workspaceSize) {
  LLVMContext &context = module.getContext();
  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *ptr = PointerType::getUnqual(context);

  // sinter_tensor_info and sinter_model_info.
  auto *tensorInfoType = StructType::create(
      context, {ptr, i32, i32, ptr}, "sinter_tensor_info");
  auto *modelInfoType = StructType::create(
      context, {i32, i32, i32, i32, i64, ptr, ptr, ptr}, "sinter_model_info");
  Constant *inputs = emitTensorTable(module, (prefix + ".inputs").str(),
                                     signature.inputs, tensorInfoType);
  Constant *outputs = emitTensorTable(module, (prefix + ".outputs").str(),
                                      signature.outputs, tensorInfoType);
  Constant *name = IRBuilder<>(context).CreateGlobalString(
      prefix, (prefix + ".name").str(), 0, &module);
  auto *info = new GlobalVariable(
      module, modelInfoType, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantStruct::get(
          modelInfoType,
          {ConstantInt::get(i32, kAbiVersion),
           ConstantInt::get(i32, signature.inputs.size()),
           ConstantInt::get(i32, signature.outputs.size()),
           ConstantInt::get(i32, 0), ConstantInt::get(i64, workspaceSize), name,
           inputs, outputs}),
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
  builder.CreateRet(ConstantInt::get(i64, workspaceSize));

  // <prefix>_run: check every pointer, then call the kernel.
  auto *runFn = Function::Create(FunctionType::get(i32, {ptr, ptr, ptr}, false),
                                 GlobalValue::ExternalLinkage, prefix + "_run",
                                 module);
  Argument *inputArray = runFn->getArg(0), *outputArray = runFn->getArg(1),
           *workspace = runFn->getArg(2);
  inputArray->setName("inputs");
  outputArray->setName("outputs");
  workspace->setName("workspace");
  auto *entry = BasicBlock::Create(context, "entry", runFn);
  auto *nullExit = BasicBlock::Create(context, "null_pointer", runFn);
  builder.SetInsertPoint(nullExit);
  builder.CreateRet(ConstantInt::get(i32, kNullPointer));

  builder.SetInsertPoint(entry);
  auto checkNotNull = [&](Value *pointer, const Twine &name) {
    auto *next = BasicBlock::Create(context, name, runFn);
    builder.CreateCondBr(builder.CreateIsNull(pointer), nullExit, next);
    builder.SetInsertPoint(next);
  };
  checkNotNull(inputArray, "inputs_given");
  checkNotNull(outputArray, "outputs_given");
  SmallVector<Value *> arguments;
  auto loadPointers = [&](Value *array, size_t count, StringRef kind) {
    for (size_t index = 0; index < count; ++index) {
      Value *slot = builder.CreateConstInBoundsGEP1_64(ptr, array, index);
      Value *pointer = builder.CreateLoad(ptr, slot, kind + Twine(index));
      checkNotNull(pointer, kind + Twine(index) + "_given");
      arguments.push_back(pointer);
    }
  };
  loadPointers(inputArray, signature.inputs.size(), "input");
  loadPointers(outputArray, signature.outputs.size(), "output");
  if (workspaceSize > 0) {
    checkNotNull(workspace, "workspace_given");
    auto *aligned = BasicBlock::Create(context, "workspace_aligned", runFn);
    auto *misaligned = BasicBlock::Create(context, "misaligned", runFn);
    Value *low = builder.CreateAnd(builder.CreatePtrToInt(workspace, i64),
                                   kWorkspaceAlignment - 1);
    builder.CreateCondBr(builder.CreateICmpEQ(low, ConstantInt::get(i64, 0)),
                         aligned, misaligned);
    builder.SetInsertPoint(misaligned);
    builder.CreateRet(ConstantInt::get(i32, kMisalignedWorkspace));
    builder.SetInsertPoint(aligned);
  }
  arguments.push_back(workspace);
  builder.CreateCall(&kernel, arguments);
  builder.CreateRet(ConstantInt::get(i32, kOk));
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
                const ModelSignature &signature, StringRef prefix,
                uint64_t workspaceSize, TargetMachine &target) {
  // sinter's argument attributes mean nothing to LLVM.
  module.walk([](mlir::LLVM::LLVMFuncOp function) {
    for (unsigned index = 0; index < function.getNumArguments(); ++index)
      function.setArgAttrs(index, mlir::DictionaryAttr::get(function.getContext()));
  });
  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, prefix);
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
  kernel->setName(prefix + "_kernel");
  kernel->setLinkage(GlobalValue::InternalLinkage);
  emitAbi(*llvmModule, *kernel, signature, prefix, workspaceSize);
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
