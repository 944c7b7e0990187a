//===- Target.cpp - the machine code is generated for ---------------------===//

#include "compiler/Codegen/Target.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

namespace sinter {
namespace {

void initializeTargets() {
  static const bool initialized = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
}

} // namespace

int64_t vectorBitsOf(const Triple &triple, const MCSubtargetInfo &subtarget) {
  // checkFeatures aborts on a feature the target does not know.
  if (!triple.isX86())
    return 128; // NEON on AArch64; a safe width elsewhere
  if (subtarget.checkFeatures("+avx512f"))
    return 512;
  if (subtarget.checkFeatures("+avx"))
    return 256;
  return 128; // SSE2 is baseline x86-64
}

namespace {

/// A cache size in bytes from Linux's sysfs ("48K"), or nullopt.
std::optional<int64_t> readCacheSize(unsigned index, int level) {
  std::string dir =
      "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
  auto read = [&](StringRef name) -> std::string {
    auto buffer = MemoryBuffer::getFile(dir + name.str(), /*IsText=*/true);
    return buffer ? (*buffer)->getBuffer().trim().str() : std::string();
  };
  if (read("level") != std::to_string(level) || read("type") == "Instruction")
    return std::nullopt;
  std::string text = read("size");
  StringRef size = text;
  int64_t scale = 1;
  if (size.consume_back("K"))
    scale = 1024;
  else if (size.consume_back("M"))
    scale = 1024 * 1024;
  int64_t value;
  if (size.getAsInteger(10, value))
    return std::nullopt;
  return value * scale;
}

void readHostCaches(TargetInfo &target) {
  for (unsigned index = 0; index < 8; ++index) {
    if (auto l1 = readCacheSize(index, 1))
      target.l1DataBytes = *l1;
    if (auto l2 = readCacheSize(index, 2))
      target.l2Bytes = *l2;
  }
}

/// LLVM's target for `triple`, its registry initialised first.
Expected<const Target *> lookupTarget(const std::string &triple) {
  initializeTargets();
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(Triple(triple), error);
  if (!target)
    return createStringError("unknown target triple '" + triple + "': " + error);
  return target;
}

} // namespace

Expected<TargetInfo> resolveTarget(const TargetSpec &spec) {
  TargetInfo info;
  bool host = spec.cpu.empty() || spec.cpu == "native";
  bool hostTriple = spec.triple.empty();
  info.triple = hostTriple ? sys::getDefaultTargetTriple() : spec.triple;
  Triple triple(info.triple);
  Expected<const Target *> target = lookupTarget(info.triple);
  if (!target)
    return target.takeError();
  if (host && !hostTriple)
    info.cpu = "generic";
  else
    info.cpu = host ? sys::getHostCPUName().str() : spec.cpu;
  SubtargetFeatures features;
  if (host && hostTriple)
    for (const auto &[feature, enabled] : sys::getHostCPUFeatures())
      features.AddFeature(feature, enabled);
  // Our kernels never gather; LLVM's vectorizer would, on the few loops left
  // scalar (a transpose to 3 channels became gathers and scatters 10x
  // slower than scalar code on AMD's cores).
  if (triple.isX86()) {
    features.AddFeature("prefer-no-gather");
    features.AddFeature("prefer-no-scatter");
  }
  info.features = features.getString();
  std::unique_ptr<MCSubtargetInfo> subtarget(
      (*target)->createMCSubtargetInfo(triple, info.cpu, info.features));
  if (!subtarget || !subtarget->isCPUStringValid(info.cpu))
    return createStringError("unknown CPU '" + info.cpu + "' for '" +
                             info.triple + "'");
  info.vectorBits = vectorBitsOf(triple, *subtarget);
  if (host && hostTriple)
    readHostCaches(info);
  return info;
}

void setModuleTarget(mlir::ModuleOp module, const TargetInfo &target) {
  mlir::Builder b(module.getContext());
  module->setAttr(
      kTargetAttr,
      b.getDictionaryAttr({
          b.getNamedAttr("triple", b.getStringAttr(target.triple)),
          b.getNamedAttr("cpu", b.getStringAttr(target.cpu)),
          b.getNamedAttr("features", b.getStringAttr(target.features)),
          b.getNamedAttr("vector_bits", b.getI64IntegerAttr(target.vectorBits)),
          b.getNamedAttr("l1_bytes", b.getI64IntegerAttr(target.l1DataBytes)),
          b.getNamedAttr("l2_bytes", b.getI64IntegerAttr(target.l2Bytes)),
      }));
}

std::optional<TargetInfo> getModuleTarget(mlir::ModuleOp module) {
  auto dict = module->getAttrOfType<mlir::DictionaryAttr>(kTargetAttr);
  if (!dict) {
    module.emitError() << "the module has no '" << kTargetAttr
                       << "' attribute; run sinter-set-target first";
    return std::nullopt;
  }
  TargetInfo info;
  auto readString = [&](StringRef name, std::string &field) {
    auto value = dict.getAs<mlir::StringAttr>(name);
    if (value)
      field = value.str();
    return static_cast<bool>(value);
  };
  auto readInt = [&](StringRef name, int64_t &field) {
    auto value = dict.getAs<mlir::IntegerAttr>(name);
    if (value)
      field = value.getInt();
    return value && field > 0;
  };
  if (!readString("triple", info.triple) || !readString("cpu", info.cpu) ||
      !readString("features", info.features) ||
      !readInt("vector_bits", info.vectorBits) ||
      !readInt("l1_bytes", info.l1DataBytes) ||
      !readInt("l2_bytes", info.l2Bytes)) {
    module.emitError() << "malformed '" << kTargetAttr
                       << "': expected {triple, cpu, features: strings; "
                          "vector_bits, l1_bytes, l2_bytes: positive integers}";
    return std::nullopt;
  }
  return info;
}

namespace {

/// Each architecture with the PTX ISA version that introduced it.
constexpr CudaArch kCudaArchs[] = {
    {"sm_80", "+ptx70", 80},  {"sm_86", "+ptx71", 86},
    {"sm_87", "+ptx74", 87},  {"sm_89", "+ptx78", 89},
    {"sm_90", "+ptx80", 90},  {"sm_90a", "+ptx80", 90},
    {"sm_100", "+ptx86", 100}, {"sm_120", "+ptx87", 120},
};

} // namespace

std::optional<CudaArch> lookupCudaArch(StringRef name) {
  for (const CudaArch &arch : kCudaArchs)
    if (arch.name == name)
      return arch;
  return std::nullopt;
}

std::string listCudaArchs() {
  std::string names;
  for (const CudaArch &arch : kCudaArchs)
    names += (names.empty() ? "" : ", ") + arch.name.str();
  return names;
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const TargetInfo &info) {
  Expected<const Target *> target = lookupTarget(info.triple);
  if (!target)
    return target.takeError();
  std::unique_ptr<TargetMachine> machine((*target)->createTargetMachine(
      Triple(info.triple), info.cpu, info.features, llvm::TargetOptions(), Reloc::PIC_,
      std::nullopt, CodeGenOptLevel::Aggressive));
  if (!machine)
    return createStringError("cannot create a target machine for '" +
                             info.triple + "', CPU '" + info.cpu + "'");
  return machine;
}

} // namespace sinter
