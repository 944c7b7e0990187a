//===- SharedLibraryLinker.cpp - object file to shared library, in process ===//

#include "compiler/Codegen/ObjectEmitter.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)

namespace sinter {

llvm::Error linkSharedLibrary(llvm::StringRef objectPath,
                              llvm::StringRef libraryPath) {
  std::string object = objectPath.str(), library = libraryPath.str();
  // The generated code calls nothing outside itself but memcpy/memset,
  // which the process that loads the library provides.
  const char *args[] = {"ld.lld",    "-shared",        "-o",
                        library.c_str(), "-z",         "noexecstack",
                        "--as-needed", object.c_str()};
  std::string messages;
  llvm::raw_string_ostream diagnostics(messages);
  lld::Result result = lld::lldMain(args, diagnostics, diagnostics,
                                    {{lld::Gnu, &lld::elf::link}});
  if (result.retCode != 0)
    return llvm::createStringError("linking '" + library + "' failed: " +
                                   messages);
  return llvm::Error::success();
}

} // namespace sinter
