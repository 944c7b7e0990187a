//===- GpuProgram.cpp - a --device=cuda model as data for the runtime -----===//

#include "compiler/Codegen/GpuProgram.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Matchers.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace sinter {
namespace {

/// What each argument of @main is to the runtime.
FailureOr<std::vector<sinter_gpu_arg>>
classifyArguments(mlir::func::FuncOp main, const ModelSignature &signature) {
  size_t numInputs = signature.inputs.size();
  size_t numOutputs = signature.outputs.size();
  std::vector<sinter_gpu_arg> kinds;
  for (unsigned index = 0; index < main.getNumArguments(); ++index) {
    sinter_gpu_arg arg = {};
    if (index < numInputs) {
      arg = {SINTER_GPU_ARG_INPUT, int32_t(index), 0};
    } else if (index < numInputs + numOutputs) {
      arg = {SINTER_GPU_ARG_OUTPUT, int32_t(index - numInputs), 0};
    } else if (main.getArgAttr(index, kWorkspaceArgAttr)) {
      arg = {SINTER_GPU_ARG_WORKSPACE, 0, 0};
    } else if (main.getArgAttr(index, kWeightsAttr)) {
      arg = {SINTER_GPU_ARG_WEIGHTS, 0, 0};
    } else {
      return main.emitError() << "argument " << index
                              << " of the GPU model's host function is "
                                 "neither a tensor, the workspace nor the "
                                 "weights";
    }
    kinds.push_back(arg);
  }
  return kinds;
}

FailureOr<uint32_t> constantSize(mlir::Value value, mlir::Operation *launch) {
  APInt size;
  if (!mlir::matchPattern(value, mlir::m_ConstantInt(&size)) ||
      size.getActiveBits() > 32)
    return launch->emitError("a launch's grid, block and shared memory "
                             "sizes must be constants below 2^32");
  return uint32_t(size.getZExtValue());
}

/// One launch of the program, its kernel numbered in `kernelIndex`.
FailureOr<GpuLaunch> readLaunch(mlir::gpu::LaunchFuncOp launch,
                                ArrayRef<sinter_gpu_arg> argumentKinds,
                                mlir::func::FuncOp main,
                                StringMap<uint32_t> &kernelIndex,
                                std::vector<std::string> &kernelNames) {
  GpuLaunch result;
  StringRef name = launch.getKernelName().getValue();
  auto [entry, inserted] = kernelIndex.try_emplace(name, kernelNames.size());
  if (inserted)
    kernelNames.push_back(name.str());
  result.kernel = entry->second;
  mlir::gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  mlir::gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  mlir::Value sizes[] = {grid.x, grid.y, grid.z, block.x, block.y, block.z};
  for (auto [index, value] : llvm::enumerate(sizes)) {
    FailureOr<uint32_t> size = constantSize(value, launch);
    if (failed(size))
      return failure();
    (index < 3 ? result.grid[index] : result.block[index - 3]) = *size;
  }
  if (mlir::Value shared = launch.getDynamicSharedMemorySize()) {
    FailureOr<uint32_t> size = constantSize(shared, launch);
    if (failed(size))
      return failure();
    result.sharedBytes = *size;
  }
  if (launch.getKernelOperands().size() > SINTER_GPU_MAX_ARGS)
    return launch.emitError() << "a kernel takes at most "
                              << SINTER_GPU_MAX_ARGS << " arguments";
  for (mlir::Value operand : launch.getKernelOperands()) {
    auto argument = dyn_cast<mlir::BlockArgument>(operand);
    APInt number;
    if (argument && argument.getOwner() == &main.getBody().front()) {
      result.args.push_back(argumentKinds[argument.getArgNumber()]);
    } else if (mlir::matchPattern(operand, mlir::m_ConstantInt(&number))) {
      result.args.push_back(
          {SINTER_GPU_ARG_INT64, 0, int64_t(number.getSExtValue())});
    } else {
      return launch.emitError("a kernel argument must be a buffer of the "
                              "model or a constant: the host of a GPU model "
                              "computes nothing");
    }
  }
  return result;
}

FailureOr<std::string> readPtx(mlir::ModuleOp module) {
  auto binary = module.lookupSymbol<mlir::gpu::BinaryOp>("sinter_kernels");
  if (!binary || binary.getObjects().size() != 1)
    return module.emitError("the GPU model has no compiled kernels");
  auto object = cast<mlir::gpu::ObjectAttr>(binary.getObjects()[0]);
  if (object.getFormat() != mlir::gpu::CompilationTarget::Assembly)
    return module.emitError("the kernels were not compiled to PTX");
  return object.getObject().getValue().str();
}

} // namespace

mlir::FailureOr<GpuProgram> readGpuProgram(mlir::ModuleOp module,
                                           const ModelSignature &signature,
                                           uint32_t computeCapability) {
  auto main = module.lookupSymbol<mlir::func::FuncOp>("main");
  if (!main)
    return module.emitError("the GPU model has no @main");
  if (main.getNumResults() != 0)
    return main.emitError("this model checks indices at run time (a gather "
                          "or scatter at computed positions), which "
                          "--device=cuda does not support yet");
  GpuProgram program;
  program.computeCapability = computeCapability;
  auto workspace = main->getAttrOfType<mlir::IntegerAttr>(kWorkspaceSizeAttr);
  if (!workspace)
    return main.emitError("the GPU model's workspace is not planned");
  // The runtime allocates it with cuMemAlloc, which aligns to 256 bytes.
  program.workspaceSize = alignTo(workspace.getInt(), 256);
  FailureOr<std::vector<sinter_gpu_arg>> kinds =
      classifyArguments(main, signature);
  if (failed(kinds))
    return mlir::failure();
  StringMap<uint32_t> kernelIndex;
  for (mlir::Operation &op : main.getBody().front()) {
    if (isa<mlir::arith::ConstantOp, mlir::func::ReturnOp>(op))
      continue;
    auto launch = dyn_cast<mlir::gpu::LaunchFuncOp>(op);
    if (!launch)
      return op.emitError() << "'" << op.getName()
                            << "' cannot run on the host of a GPU model";
    FailureOr<GpuLaunch> read =
        readLaunch(launch, *kinds, main, kernelIndex, program.kernelNames);
    if (failed(read))
      return mlir::failure();
    program.launches.push_back(std::move(*read));
  }
  FailureOr<std::string> ptx = readPtx(module);
  if (failed(ptx))
    return mlir::failure();
  program.ptx = std::move(*ptx);
  program.weights = getWeightsArray(module);
  return program;
}

Error assembleCubin(GpuProgram &program, StringRef ptxasPath,
                    StringRef cudaArch) {
  SmallString<128> ptxPath, cubinPath, logPath;
  for (auto [path, suffix] : {std::pair{&ptxPath, "ptx"},
                              {&cubinPath, "cubin"},
                              {&logPath, "log"}})
    if (std::error_code error =
            sys::fs::createTemporaryFile("sinter-kernels", suffix, *path))
      return createStringError("cannot create a temporary file: " +
                               error.message());
  FileRemover removePtx(ptxPath), removeCubin(cubinPath), removeLog(logPath);
  {
    std::error_code error;
    raw_fd_ostream os(ptxPath, error);
    if (error)
      return createStringError("cannot write '" + ptxPath +
                               "': " + error.message());
    os << program.ptx;
  }
  std::string arch = ("-arch=" + cudaArch).str();
  StringRef args[] = {ptxasPath, arch,          "-O3", ptxPath.str(),
                      "-o",      cubinPath.str()};
  std::optional<StringRef> redirects[] = {std::nullopt, logPath.str(),
                                          logPath.str()};
  std::string message;
  int status = sys::ExecuteAndWait(ptxasPath, args, std::nullopt, redirects,
                                   /*SecondsToWait=*/0, /*MemoryLimit=*/0,
                                   &message);
  if (status != 0) {
    auto log = MemoryBuffer::getFile(logPath);
    return createStringError(
        "ptxas (" + ptxasPath + ") rejected the kernels for " + cudaArch +
        (status < 0 ? ": " + message : "") + "\n" +
        (log ? (*log)->getBuffer().trim().str() : std::string()));
  }
  auto cubin = MemoryBuffer::getFile(cubinPath, /*IsText=*/false);
  if (!cubin)
    return createStringError("cannot read ptxas's output: " +
                             cubin.getError().message());
  program.cubin = (*cubin)->getBuffer().str();
  return Error::success();
}

namespace {

/// A private constant global holding `bytes`, aligned to `alignment`.
GlobalVariable *emitBytes(Module &module, StringRef bytes, const Twine &name,
                          uint64_t alignment) {
  Constant *data = ConstantDataArray::getRaw(
      bytes, bytes.size(), Type::getInt8Ty(module.getContext()));
  auto *global =
      new GlobalVariable(module, data->getType(), /*isConstant=*/true,
                         GlobalValue::PrivateLinkage, data, name);
  global->setAlignment(Align(alignment));
  return global;
}

Constant *emitLaunches(Module &module, const GpuProgram &program,
                       StringRef prefix) {
  LLVMContext &context = module.getContext();
  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *ptr = PointerType::getUnqual(context);
  auto *dims = ArrayType::get(i32, 3);
  auto *argType = StructType::create(context, {i32, i32, i64}, "sinter_gpu_arg");
  auto *launchType = StructType::create(
      context, {i32, dims, dims, i32, i32, ptr}, "sinter_gpu_launch");
  auto dim3 = [&](const std::array<uint32_t, 3> &values) {
    return ConstantArray::get(dims, {ConstantInt::get(i32, values[0]),
                                     ConstantInt::get(i32, values[1]),
                                     ConstantInt::get(i32, values[2])});
  };
  SmallVector<Constant *> launches;
  for (auto [index, launch] : llvm::enumerate(program.launches)) {
    SmallVector<Constant *> args;
    for (const sinter_gpu_arg &arg : launch.args)
      args.push_back(ConstantStruct::get(
          argType, {ConstantInt::get(i32, arg.kind),
                    ConstantInt::get(i32, arg.index),
                    ConstantInt::get(i64, arg.value)}));
    auto *argsType = ArrayType::get(argType, args.size());
    auto *argsGlobal = new GlobalVariable(
        module, argsType, /*isConstant=*/true, GlobalValue::PrivateLinkage,
        ConstantArray::get(argsType, args),
        prefix + ".launch." + Twine(index) + ".args");
    launches.push_back(ConstantStruct::get(
        launchType,
        {ConstantInt::get(i32, launch.kernel), dim3(launch.grid),
         dim3(launch.block), ConstantInt::get(i32, launch.sharedBytes),
         ConstantInt::get(i32, launch.args.size()), argsGlobal}));
  }
  auto *launchesType = ArrayType::get(launchType, launches.size());
  return new GlobalVariable(module, launchesType, /*isConstant=*/true,
                            GlobalValue::PrivateLinkage,
                            ConstantArray::get(launchesType, launches),
                            prefix + ".launches");
}

} // namespace

std::unique_ptr<Module> buildGpuLLVMModule(const GpuProgram &program,
                                           LLVMContext &context,
                                           const ModelSignature &signature,
                                           const EntryPointSpec &spec,
                                           TargetMachine &target) {
  auto module = std::make_unique<Module>(spec.prefix, context);
  module->setTargetTriple(target.getTargetTriple());
  module->setDataLayout(target.createDataLayout());
  StringRef prefix = spec.prefix;
  // The host code is data only: it needs no CPU feature.
  emitModelInfo(*module, signature, spec, /*cpuFeatures=*/"");

  auto *i32 = Type::getInt32Ty(context);
  auto *i64 = Type::getInt64Ty(context);
  auto *ptr = PointerType::getUnqual(context);
  IRBuilder<> builder(context);
  SmallVector<Constant *> names;
  for (auto [index, name] : llvm::enumerate(program.kernelNames))
    names.push_back(builder.CreateGlobalString(
        name, (prefix + ".kernel_name." + Twine(index)).str(), 0,
        module.get()));
  auto *namesType = ArrayType::get(ptr, names.size());
  auto *kernelNames = new GlobalVariable(
      *module, namesType, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantArray::get(namesType, names), prefix + ".kernel_names");
  Constant *ptx =
      builder.CreateGlobalString(program.ptx, (prefix + ".ptx").str(), 0,
                                 module.get());
  Constant *cubin = ConstantPointerNull::get(ptr);
  if (!program.cubin.empty())
    cubin = emitBytes(*module, program.cubin, prefix + ".cubin", 8);
  StringRef weightBytes(program.weights.data(), program.weights.size());
  Constant *weights = ConstantPointerNull::get(ptr);
  if (!weightBytes.empty())
    weights = emitBytes(*module, weightBytes, prefix + ".weights", 64);

  auto *programType = StructType::create(
      context, {i32, i32, ptr, ptr, ptr, i64, i32, i32, i32, i32, ptr, ptr, i64, i64},
      "sinter_gpu_program");
  auto *programGlobal = new GlobalVariable(
      *module, programType, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantStruct::get(
          programType,
          {ConstantInt::get(i32, program.computeCapability),
           ConstantInt::get(i32, program.kernelNames.size()), kernelNames, ptx,
           cubin, ConstantInt::get(i64, program.cubin.size()),
           ConstantInt::get(i32, signature.inputs.size()),
           ConstantInt::get(i32, signature.outputs.size()),
           ConstantInt::get(i32, program.launches.size()),
           ConstantInt::get(i32, 0), emitLaunches(*module, program, prefix),
           weights, ConstantInt::get(i64, weightBytes.size()),
           ConstantInt::get(i64, program.workspaceSize)}),
      prefix + ".gpu_program");
  auto *programFn = Function::Create(FunctionType::get(ptr, false),
                                     GlobalValue::ExternalLinkage,
                                     prefix + "_gpu_program", *module);
  builder.SetInsertPoint(BasicBlock::Create(context, "entry", programFn));
  builder.CreateRet(programGlobal);
  return module;
}

} // namespace sinter
