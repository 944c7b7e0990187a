//===- OpImporters.cpp - the table of ONNX op importers -------------------===//

#include "compiler/Importer/OpImporters.h"

namespace sinter::onnx_import {

llvm::SmallVector<OpCategory> getOpCategories() {
  return {{"Convolution, normalization and pooling", getConvolutionImporters()},
          {"Arithmetic, comparison, logic and activations",
           getElementwiseImporters()},
          {"Elementwise functions", getUnaryImporters()},
          {"Reductions", getReductionImporters()},
          {"Normalizations", getNormalizationImporters()},
          {"Matrix products", getMatrixImporters()},
          {"Quantization and integer products", getQuantizedImporters()},
          {"Recurrent networks", getRecurrentImporters()},
          {"Tensors: constants, shapes and data movement",
           getTensorImporters()},
          {"Slicing, padding, tiling and generated tensors",
           getDataMovementImporters()},
          {"Gathers and scatters at run-time indices", getIndexingImporters()},
          {"Resizing", getResizeImporters()},
          {"Losses", getLossImporters()}};
}

const llvm::StringMap<const OpImporter *> &getOpImporterTable() {
  static const llvm::StringMap<const OpImporter *> table = [] {
    llvm::StringMap<const OpImporter *> entries;
    for (const OpCategory &category : getOpCategories())
      for (const OpImporter &importer : category.importers)
        entries[importer.opType] = &importer;
    return entries;
  }();
  return table;
}

void printSupportedOps(llvm::raw_ostream &os) {
  os << "# Supported ONNX ops\n\n"
        "<!-- Written by `sinter-compile --print-supported-ops` from the "
        "importer table;\n"
        "     test/tools/sinter-compile/supported-ops.test checks that it is "
        "current. -->\n\n"
        "Default domain (`\"\"` / `ai.onnx`), model opsets up to 17. \"From\" "
        "is the\n"
        "oldest opset whose version of the op the importer handles; a model "
        "importing\n"
        "an older opset gets an error for that op, suggesting "
        "onnx.version_converter.\n"
        "Before an op is imported, each node is checked against ONNX's "
        "definition of\n"
        "the op at the model's opset (libonnx's schemas): input count and "
        "element types.\n";
  unsigned count = 0;
  for (const OpCategory &category : getOpCategories()) {
    os << "\n## " << category.name << "\n\n| ONNX op | from | notes |\n"
       << "|---|---|---|\n";
    for (const OpImporter &importer : category.importers) {
      os << "| " << importer.opType << " | " << importer.minOpset << " | "
         << importer.notes << " |\n";
      ++count;
    }
  }
  os << "\n" << count << " ops.\n\n"
     << "Element types: float, double, float16, bfloat16, int8/16/32/64, "
        "uint8/16/32/64,\n"
        "bool. Not supported: string, complex, sparse and segmented "
        "tensors.\n\n"
        "ONNX's backend cases (Debian's libonnx-testdata, all four suites) "
        "run in the\n"
        "test command; `test/conformance/expected_pass.txt` lists the cases "
        "that pass,\n"
        "`test/conformance/unsupported_cases.txt` every case rejected with "
        "its error,\n"
        "and `test/conformance/known_failures.txt` the cases whose reference "
        "data\n"
        "contradict their model.\n";
}

} // namespace sinter::onnx_import
