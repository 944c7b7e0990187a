//===- sanitizer_defaults.cpp - ASan options of the sanitizer build -------===//
//
// Linked into every executable of the sanitizer build (scripts/build.sh
// --sanitize). LLVM's headers poison the slabs of BumpPtrAllocator when
// they are compiled with ASan, as Sinter's code is; the LLVM and MLIR
// libraries from apt are not, and hand out that memory without unpoisoning
// it. ASan must therefore ignore user poisoning; everything else it checks.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
