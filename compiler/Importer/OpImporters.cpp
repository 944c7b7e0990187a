//===- OpImporters.cpp - the table of ONNX op importers -------------------===//

#include "compiler/Importer/OpImporters.h"

namespace sinter::onnx_import {

const llvm::StringMap<OpImportFn> &getOpImporterTable() {
  static const llvm::StringMap<OpImportFn> table = [] {
    llvm::StringMap<OpImportFn> entries;
    for (auto category :
         {getConvolutionImporters(), getElementwiseImporters(),
          getMatrixImporters(), getTensorImporters()})
      for (const OpImporter &importer : category)
        entries[importer.opType] = importer.import;
    return entries;
  }();
  return table;
}

} // namespace sinter::onnx_import
