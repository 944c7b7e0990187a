//===- OpImporters.cpp - the table of ONNX op importers -------------------===//

#include "compiler/Importer/OpImporters.h"

namespace sinter::onnx_import {

const llvm::StringMap<const OpImporter *> &getOpImporterTable() {
  static const llvm::StringMap<const OpImporter *> table = [] {
    llvm::StringMap<const OpImporter *> entries;
    for (auto category :
         {getConvolutionImporters(), getElementwiseImporters(),
          getMatrixImporters(), getTensorImporters()})
      for (const OpImporter &importer : category)
        entries[importer.opType] = &importer;
    return entries;
  }();
  return table;
}

} // namespace sinter::onnx_import
