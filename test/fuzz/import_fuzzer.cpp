//===- import_fuzzer.cpp - libFuzzer target: ONNX bytes to linalg ---------===//
//
// Each input is a model file: it is imported and, when that succeeds,
// taken through the graph optimizations and the lowering to linalg with
// kernel configurations, as sinter-compile does. Errors are expected;
// crashes, sanitizer reports and hangs are bugs.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/Target.h"
#include "compiler/Importer/OnnxImporter.h"
#include "compiler/Pipelines/Pipelines.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include <cstdint>

namespace {

const mlir::DialectRegistry &registry() {
  static mlir::DialectRegistry *dialects = [] {
    auto *value = new mlir::DialectRegistry;
    sinter::registerImportedDialects(*value);
    sinter::registerCodegenDependencies(*value);
    return value;
  }();
  return *dialects;
}

const sinter::TargetInfo &target() {
  // A fixed, portable target: inputs behave alike on every machine.
  static const sinter::TargetInfo info = cantFail(
      sinter::resolveTarget({"x86_64-unknown-linux-gnu", "x86-64-v3"}));
  return info;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(registry(), mlir::MLIRContext::Threading::DISABLED);
  context.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  // The model "lives" in a folder that does not exist: external data
  // lookups fail instead of reading the fuzzer's working directory.
  mlir::OwningOpRef<mlir::ModuleOp> module = sinter::importOnnxModelFromBuffer(
      context, bytes, "/nonexistent-sinter-fuzz/model.onnx", {});
  if (!module)
    return 0;
  sinter::setModuleTarget(*module, target());
  sinter::PipelineOptions options;
  (void)sinter::lowerToStage(*module, sinter::Stage::Import,
                             sinter::Stage::Linalg, options);
  return 0;
}
