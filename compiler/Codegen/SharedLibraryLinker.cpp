//===- SharedLibraryLinker.cpp - object file to shared library, in process ===//

#include "compiler/Codegen/ObjectEmitter.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)

namespace sinter {

llvm::Error linkSharedLibrary(llvm::StringRef objectPath,
                              llvm::StringRef libraryPath) {
  std::string object = objectPath.str(), library = libraryPath.str();
  // The generated code calls memcpy/memset, which the process that loads
  // the library provides, and libm for f64 math, pow and fmod: linked as
  // needed, so that only libraries that use it depend on it.
  const char *args[] = {"ld.lld",      "-shared",       "-o",
                        library.c_str(), "-z",          "noexecstack",
                        object.c_str(), "--as-needed", "-L/lib/x86_64-linux-gnu",
                        "-L/usr/lib/x86_64-linux-gnu", "-l:libm.so.6"};
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
