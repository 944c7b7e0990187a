//===- sinter-opt.cpp - MLIR optimizer driver for the sinter dialect ------===//

#include "compiler/Pipelines/Pipelines.h"
#include "dialects/IR/SinterDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  sinter::registerSinterPipelines();

  mlir::DialectRegistry registry;
  registry.insert<sinter::SinterDialect>();
  // The lowering stages go through many upstream dialects and their
  // interface implementations (bufferization in particular), and the GPU
  // path through LLVM IR translation.
  sinter::registerCodegenDependencies(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Sinter optimizer driver\n", registry));
}
