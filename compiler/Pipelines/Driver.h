//===- Driver.h - an ONNX model to an artifact, as sinter-compile does -*- C++ -*-===//
//
// The compile driver as a library: the tools parse their command lines into a
// CompileRequest and call compileModel.
//
//===----------------------------------------------------------------------===//

#ifndef SINTER_COMPILER_PIPELINES_DRIVER_H
#define SINTER_COMPILER_PIPELINES_DRIVER_H

#include "compiler/Codegen/Target.h"
#include "compiler/Pipelines/Pipelines.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace sinter {

struct CompileRequest {
  std::string inputPath;
  /// Its extension picks the artifact: .o (object and .h header), .so
  /// (shared library), .mlir (IR at `stage`), .ll (LLVM IR); "-" prints the
  /// IR at `stage`.
  std::string outputPath = "-";
  Stage stage = Stage::Import;
  int optLevel = 2;
  std::string ioLayout = "nchw";
  /// Winograd F(4x4, 3x3) for the 3x3 stride-1 convs where it pays.
  bool winograd = true;
  /// Weights in OUT.weights beside a native output instead of in it.
  bool weightsInFile = false;
  /// cpu, cuda (NVIDIA GPUs) or cuda-emulated (the GPU kernels as CPU
  /// loops, to check them without a GPU).
  std::string device = "cpu";
  /// The GPU architecture the PTX targets.
  std::string cudaArch = "sm_80";
  /// ptxas for a cubin beside the PTX; empty: $CUDA_HOME/bin/ptxas when it
  /// exists, else PTX only.
  std::string cudaPtxas;
  /// Print the graph optimization summary to stderr.
  bool report = false;
  /// Print the wall time of each phase (import, every pass, LLVM
  /// translation, O3 and object emission) to stderr.
  bool timePhases = false;
  /// Symbol prefix of the entry points; empty: from the file names.
  std::string prefix;
  TargetSpec target;
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Graph inputs frozen to the tensor in a file (.npy or .pb), by name.
  llvm::StringMap<std::string> boundInputs;
};

/// Compiles `request.inputPath` into `request.outputPath`. Every problem is
/// printed to stderr as `FILE: error: [node 'NAME' (OpType): ]message`;
/// returns the process exit status (0, or 1 with no output file left).
int compileModel(const CompileRequest &request);

} // namespace sinter

#endif // SINTER_COMPILER_PIPELINES_DRIVER_H
